"""The Nu HTML Checker (vnu.jar, run with Java) finds no errors in our HTML."""

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.e2e.checked_urls import checked_urls
from tests.e2e.tools import missing_tool

pytestmark = pytest.mark.django_db

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)

# The feed carries each article's HTML; a feed reader shows it inside a page like this one.
FEED_ITEM_PAGE = (
    '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{title}</title></head>'
    "<body><article>{html}</article></body></html>"
)


def vnu_errors(files):
    """One JVM checks every file; returns "file: message" for every error."""
    java = shutil.which("java")
    if not VNU.exists() or not java:
        missing_tool(
            f"Nu HTML Checker fehlt (Java: {java}, {VNU}): Java und npm installieren, "
            "dann holt `make install` vnu-jar."
        )
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{Path(message.get('url', '?')).name}:{message.get('lastLine', '?')}: {message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]


def test_nu_html_checker_finds_no_errors_on_the_main_pages_and_in_the_feed(tmp_path):
    call_command("seed_demo", verbosity=0)
    client = Client()
    files = []
    for name, url in checked_urls().items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)

    feed = ET.fromstring(client.get("/feed/").content)
    items = feed.findall("./channel/item")
    assert items, "Der Feed enthält keine Artikel."
    for number, item in enumerate(items):
        html = item.findtext("description") or ""
        files.append(tmp_path / f"feed-{number:02d}.html")
        files[-1].write_text(
            FEED_ITEM_PAGE.format(title=item.findtext("title"), html=html), encoding="utf-8"
        )

    assert vnu_errors(files) == []


def test_nu_html_checker_finds_no_errors_on_the_503_page(tmp_path, rf):
    from core.views import database_unavailable

    page = tmp_path / "503.html"
    page.write_bytes(database_unavailable(rf.get("/")).content)

    assert vnu_errors([page]) == []
