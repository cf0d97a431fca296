"""Hostile WordPress exports: refused in German, with flat memory, whatever their size.

The 200 MB files are written into the test's tmp folder and imported by the real command
in a child process, whose peak memory (max RSS) is measured by a small wrapper process
that has no other children. Depth and element limits are checked on small files too.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from blog.wordpress import wxr
from blog.wordpress.importer import ImportFailed, wordpress_import
from tests.blog.wordpress_files import WXR_HEAD, WXR_TAIL, export, item

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_BYTES = 200 * 1024**2
PEAK_LIMIT_MB = 300
# A regression must not take the machine down with it: the child may reserve at most this.
ADDRESS_SPACE_CAP = 4 * 1024**3
# Runs the command as its only child and prints that child's peak memory in KiB.
WRAPPER = """
import resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
result = subprocess.run(sys.argv[2:], capture_output=True, encoding="utf-8")
print(result.stdout + result.stderr)
print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
MEGABYTE = 1024**2


def write_hostile(path, opening, middle, closing):
    """HEAD, `opening` and `closing` around `middle` repeated up to 200 MB."""
    with path.open("wb") as out:
        out.write(WXR_HEAD.encode() + opening)
        written = len(WXR_HEAD) + len(opening)
        block = middle * (MEGABYTE // len(middle))
        while written < HOSTILE_BYTES - len(closing):
            out.write(block)
            written += len(block)
        out.write(closing)
    return path


def nested(path):
    half = HOSTILE_BYTES // 2
    with path.open("wb") as out:
        out.write(WXR_HEAD.encode() + b"<item>")
        for tag in (b"<a>", b"</a>"):
            block = tag * (MEGABYTE // len(tag))
            for _ in range(half // len(block)):
                out.write(block)
        out.write(b"</item>" + WXR_TAIL.encode())
    return path


def one_endless_item(path):
    return write_hostile(
        path,
        b"<item><wp:post_type>post</wp:post_type><content:encoded>",
        b"Schlaf, Kindlein, schlaf. ",
        b"</content:encoded></item>" + WXR_TAIL.encode(),
    )


def wide_item(path):
    return write_hostile(path, b"<item>", b"<a/>", b"</item>" + WXR_TAIL.encode())


def text_between_items(path):
    return write_hostile(path, b"", b"Text ohne Element. ", WXR_TAIL.encode())


def import_in_child(path, tmp_path):
    """The real command in a child process: (its output, its peak memory in MB)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kind.sqlite3'}",
        "SECRET_KEY": "nur-fuer-tests",
        "CACHE_URL": "locmemcache://",
        "PYTHONIOENCODING": "utf-8",
    }
    command = [sys.executable, "manage.py", "import_wordpress", str(path), "--verbosity", "0"]
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(ADDRESS_SPACE_CAP), *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    output, _, peak = result.stdout.rpartition("PEAK_RSS_KB ")
    return output, int(peak) / 1024


@pytest.mark.parametrize(
    ("write", "message"),
    [
        (nested, "tiefer als 12 Ebenen verschachtelt"),
        (one_endless_item, "Ein Eintrag ist größer als 16 MB"),
        (wide_item, "Ein Eintrag hat mehr als 50.000 Elemente"),
        (text_between_items, "Ein Eintrag ist größer als 16 MB"),
    ],
    ids=["nested", "one-endless-item", "wide-item", "text-between-items"],
)
def test_a_hostile_200_mb_export_is_refused_within_300_mb(tmp_path, write, message):
    path = write(tmp_path / "feindlich.xml")
    assert path.stat().st_size >= HOSTILE_BYTES - MEGABYTE

    output, peak_mb = import_in_child(path, tmp_path)

    assert message in output
    assert "Es wurde nichts geändert." in output
    assert peak_mb < PEAK_LIMIT_MB, f"{peak_mb:.0f} MB"


@pytest.mark.django_db
def test_comments_do_not_count_against_the_limits_of_their_post(tmp_path, monkeypatch):
    monkeypatch.setattr(wxr, "MAX_ENTRY_ELEMENTS", 200)
    comments = "".join(
        f"<wp:comment><wp:comment_id>{n}</wp:comment_id>"
        f"<wp:comment_content><![CDATA[Danke für den Tipp!]]></wp:comment_content></wp:comment>"
        for n in range(500)
    )
    path = export(tmp_path, item(1, extra=comments))

    summary = wordpress_import(path=path)

    assert summary.counts["post"]["created"] == 1


@pytest.mark.django_db
def test_a_deep_but_normal_export_is_not_refused(tmp_path):
    meta = "<wp:postmeta><wp:meta_key>a</wp:meta_key><wp:meta_value>b</wp:meta_value></wp:postmeta>"

    summary = wordpress_import(path=export(tmp_path, item(1, extra=meta * 50)))

    assert summary.counts["post"]["created"] == 1


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_DEPTH", 5, "tiefer als 5 Ebenen verschachtelt"),
        ("MAX_ENTRY_ELEMENTS", 10, "mehr als 10 Elemente"),
        ("MAX_ENTRY_BYTES", 1000, "Ein Eintrag ist größer als 0 MB"),
        ("MAX_ENTRIES", 3, "mehr als 3 Einträge"),
    ],
)
def test_each_limit_is_refused_with_its_own_german_message(
    tmp_path, monkeypatch, limit, value, message
):
    monkeypatch.setattr(wxr, limit, value)
    monkeypatch.setattr(wxr, "CHUNK_BYTES", 256)
    body = "<p>" + "Ein langer Absatz über das Einschlafen. " * 100 + "</p>"
    path = export(
        tmp_path,
        item(1, content=body, extra="<x><y><z>tief</z></y></x>" + "<leer/>" * 20),
        item(2),
        item(3),
    )

    with pytest.raises(ImportFailed, match=message) as refused:
        wordpress_import(path=path)
    assert "Bitte exportieren Sie sie in WordPress neu" in str(refused.value)
