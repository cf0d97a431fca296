"""Every way an edition body is stored leaves only clean HTML, as for articles."""

import pytest

from newsletter.models import Edition
from tests.newsletter.editions import make_edition

pytestmark = pytest.mark.django_db

DIRTY = (
    '<p onclick="x()">Liebe Eltern<script>alert(1)</script></p><a href="javascript:x()">Hier</a>'
)
CLEAN = '<p>Liebe Eltern</p><a rel="noopener noreferrer">Hier</a>'


def test_create_stores_clean_html_and_keeps_it_on_the_instance():
    edition = make_edition(body=DIRTY)

    assert edition.body == CLEAN
    assert Edition.objects.get().body == CLEAN


def test_queryset_update_stores_clean_html():
    make_edition(body="<p>alt</p>")

    Edition.objects.update(body=DIRTY)

    assert Edition.objects.get().body == CLEAN


def test_bulk_create_stores_clean_html():
    Edition.objects.bulk_create([Edition(subject="Massenweise", body=DIRTY)])

    assert Edition.objects.get().body == CLEAN


def test_bulk_update_stores_clean_html():
    edition = make_edition(body="<p>alt</p>")

    edition.body = DIRTY
    Edition.objects.bulk_update([edition], ["body"])

    assert Edition.objects.get().body == CLEAN
