"""Every way an article body is stored leaves only clean HTML: the text stays, the rest goes."""

import pytest
from django.core.management import call_command

from blog.models import Article
from tests.blog.adminforms import ADD_URL, article_form, change_url

pytestmark = pytest.mark.django_db

WORD_PASTE = (
    "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/>"
    "</o:OfficeDocumentSettings></xml><![endif]-->"
    '<p class="MsoNormal" style="margin:0cm;mso-line-height-rule:exactly">'
    '<span lang="DE" style="font-family:Calibri;color:#1F497D">Gute Nacht, kleiner Bär'
    "<o:p></o:p></span></p>"
)
HOSTILE = {
    "script": ("<p>Vorlesen<script>alert(document.cookie)</script> hilft.</p>", "Vorlesen hilft."),
    "event-attributes": (
        '<p onclick="steal()" onmouseover="steal()">Klick mich</p><img src="/x.png" onerror="x()">',
        "Klick mich",
    ),
    "javascript-link": ('<a href="javascript:alert(1)">Zur Kita</a>', "Zur Kita"),
    "obfuscated-javascript-link": (
        '<a href="JaVaScRiPt&colon;alert(1)">Zum Spielplatz</a>',
        "Zum Spielplatz",
    ),
    "word-markup": (WORD_PASTE, "Gute Nacht, kleiner Bär"),
    "data-urls": (
        '<p>Foto<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="Bild"></p>'
        '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">Anhang</a>',
        "Foto",
    ),
    "style-and-iframe": (
        '<style>body{display:none}</style><iframe src="https://example.com"></iframe><p>Text</p>',
        "Text",
    ),
}
FORBIDDEN = [
    "<script", "alert(document", "onclick", "onmouseover", "onerror", "javascript:",
    "JaVaScRiPt", "mso", "<o:", "class=", "style", "data:", "<iframe", "<!--", "font-family",
]  # fmt: skip


def assert_clean(body, text):
    for fragment in FORBIDDEN:
        assert fragment not in body, fragment
    assert text in body


@pytest.fixture(params=HOSTILE.values(), ids=HOSTILE.keys())
def hostile(request):
    return request.param


def test_orm_create_stores_clean_html(hostile):
    dirty, text = hostile

    article = Article.objects.create(title="Per ORM", body=dirty)

    assert_clean(Article.objects.get(pk=article.pk).body, text)


def test_admin_form_stores_clean_html(admin_client, hostile):
    dirty, text = hostile

    response = admin_client.post(ADD_URL, article_form(title="Im Admin", body=dirty))

    assert response.status_code == 302
    assert_clean(Article.objects.get().body, text)


def test_admin_edit_stores_clean_html(admin_client, hostile):
    dirty, text = hostile
    article = Article.objects.create(title="Bearbeitet", slug="bearbeitet")

    admin_client.post(
        change_url(article), article_form(title="Bearbeitet", slug="bearbeitet", body=dirty)
    )

    article.refresh_from_db()
    assert_clean(article.body, text)


def test_shell_stores_clean_html(hostile):
    dirty, text = hostile

    call_command(
        "shell",
        command=(
            "from blog.models import Article\n"
            f"Article.objects.create(title='Aus der Shell', body={dirty!r})"
        ),
    )

    assert_clean(Article.objects.get().body, text)


def test_bulk_create_stores_clean_html(hostile):
    dirty, text = hostile

    Article.objects.bulk_create([Article(title="Massenweise", slug="massenweise", body=dirty)])

    assert_clean(Article.objects.get().body, text)


def test_queryset_update_stores_clean_html(hostile):
    dirty, text = hostile
    Article.objects.create(title="Update", body="<p>alt</p>")

    Article.objects.update(body=dirty)

    assert_clean(Article.objects.get().body, text)


def test_bulk_update_stores_clean_html(hostile):
    dirty, text = hostile
    article = Article.objects.create(title="Bulk-Update", body="<p>alt</p>")

    article.body = dirty
    Article.objects.bulk_update([article], ["body"])

    assert_clean(Article.objects.get().body, text)


def test_links_keep_their_target_and_get_noopener():
    article = Article.objects.create(
        title="Links", body='<p><a href="https://example.org/buch">Buchtipp</a></p>'
    )

    assert article.body == (
        '<p><a href="https://example.org/buch" rel="noopener noreferrer">Buchtipp</a></p>'
    )


def test_allowed_structure_survives_unchanged():
    body = (
        "<h2>Abends</h2><p><strong>Ruhig</strong> und <em>langsam</em>.</p>"
        "<ul><li>Baden</li><li>Lesen</li></ul><blockquote><p>Zitat</p></blockquote>"
        '<p><img src="/media/uploads/2026/11/bild.png" alt="Bär"></p>'
    )

    assert Article.objects.create(title="Struktur", body=body).body == body
