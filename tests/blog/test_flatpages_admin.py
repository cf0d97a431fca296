import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site

pytestmark = pytest.mark.django_db


def test_static_page_content_is_sanitized_when_saved_in_the_admin(admin_client):
    site = Site.objects.get_current()

    response = admin_client.post(
        "/admin/flatpages/flatpage/add/",
        {
            "url": "/impressum/",
            "title": "Impressum",
            "content": '<p onclick="x()">Anschrift<script>alert(1)</script>'
            '<a href="javascript:alert(1)">Link</a></p>',
            "sites": [site.pk],
        },
    )

    assert response.status_code == 302
    page = FlatPage.objects.get(url="/impressum/")
    assert page.content == '<p>Anschrift<a rel="noopener noreferrer">Link</a></p>'


def test_static_page_form_uses_the_rich_text_editor(admin_client):
    response = admin_client.get("/admin/flatpages/flatpage/add/")

    assert response.status_code == 200
    assert b"ckeditor" in response.content


def test_static_page_content_is_sanitized_however_it_is_saved():
    page = FlatPage.objects.create(
        url="/datenschutz/",
        title="Datenschutz",
        content='<p onclick="x()">Text<script>alert(1)</script></p>',
    )

    assert page.content == "<p>Text</p>"
    assert FlatPage.objects.get(pk=page.pk).content == "<p>Text</p>"
