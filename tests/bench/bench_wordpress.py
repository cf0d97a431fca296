"""WordPress import of a generated export with 5,000 posts: seconds and peak memory.

Targets (issue 7): at most 60 s and 500 MB. The import runs as the real command in a child
process, so its peak memory (max RSS) is measured alone, not mixed with other benchmarks.
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from tests.bench.setup import django_setup

POSTS = 5_000
PARAGRAPHS = [
    "Wenn das Kind abends nicht einschlafen will, hilft oft ein festes Ritual: Zähne putzen, "
    "eine Geschichte, ein Lied. Jeden Abend gleich, auch am Wochenende.",
    "Wir haben lange gebraucht, bis wir gemerkt haben, dass weniger Programm am Nachmittag "
    "mehr Ruhe am Abend bringt. Ein Spaziergang reicht manchmal völlig.",
    "Geschwisterstreit gehört dazu. Wichtig ist uns, dass keiner verliert und beide gehört "
    "werden, auch wenn es am Ende keine perfekte Lösung gibt.",
    "Beim Essen gilt bei uns: Probieren ja, aufessen nein. Seitdem sind die Mahlzeiten "
    "entspannter, und die Kinder entdecken von selbst Neues.",
]


def post_xml(number):
    body = "\n\n".join(PARAGRAPHS[(number + i) % len(PARAGRAPHS)] for i in range(6))
    if number % 10 == 0:
        body += (
            f'\n\n[caption id="attachment_{number}" width="600"]'
            f'<img src="https://altesblog.example/wp-content/uploads/2020/01/bild-{number}.jpg" '
            f'alt="Familie am See" width="600" height="400"> Sonntag am See[/caption]'
        )
    if number % 50 == 0:
        body += '\n\n[gallery ids="1,2,3"]'
    category = ["schlaf", "essen", "geschwister", "alltag", "kita"][number % 5]
    status = "draft" if number % 25 == 0 else "publish"
    return f"""
<item>
  <title>Familienalltag Teil {number}</title>
  <link>https://altesblog.example/2020/01/familienalltag-{number}/</link>
  <dc:creator><![CDATA[mama]]></dc:creator>
  <guid isPermaLink="false">https://altesblog.example/?p={number}</guid>
  <content:encoded><![CDATA[{body}]]></content:encoded>
  <excerpt:encoded><![CDATA[Ein Einblick in unseren Alltag, Teil {number}.]]></excerpt:encoded>
  <wp:post_id>{number}</wp:post_id>
  <wp:post_date><![CDATA[2020-01-01 10:00:00]]></wp:post_date>
  <wp:post_date_gmt><![CDATA[2020-01-01 09:00:00]]></wp:post_date_gmt>
  <wp:post_name><![CDATA[familienalltag-{number}]]></wp:post_name>
  <wp:status><![CDATA[{status}]]></wp:status>
  <wp:post_type><![CDATA[post]]></wp:post_type>
  <wp:post_password><![CDATA[]]></wp:post_password>
  <category domain="category" nicename="{category}"><![CDATA[{category.title()}]]></category>
  <category domain="post_tag" nicename="kinder"><![CDATA[Kinder]]></category>
  <category domain="post_tag" nicename="t{number % 40}"><![CDATA[Thema {number % 40}]]></category>
</item>"""


def write_export(path):
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Altes Blog</title><link>https://altesblog.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_blog_url>https://altesblog.example</wp:base_blog_url>\n"
        )
        for number in range(1, POSTS + 1):
            out.write(post_xml(number))
        out.write("\n</channel>\n</rss>\n")


def child_environment():
    """The child must use the benchmark's database (on PostgreSQL: the test database)."""
    from django.db import connection

    env = dict(os.environ)
    settings = connection.settings_dict
    if settings["ENGINE"].endswith("postgresql"):
        user = settings["USER"] or ""
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        host = settings["HOST"] or "127.0.0.1"
        port = settings["PORT"] or 5432
        env["DATABASE_URL"] = f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"
    return env


def import_once(path, env):
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_wordpress", str(path), "--verbosity", "0"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"Import fehlgeschlagen:\n{result.stderr}")
    return seconds, result.stdout


def main():
    workdir = django_setup("wordpress")
    path = workdir / "export.xml"
    write_export(path)
    env = child_environment()
    print(f"wordpress_export_size: {path.stat().st_size / 1024**2:.1f} MB ({POSTS} Beiträge)")

    seconds, output = import_once(path, env)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"wordpress_import_seconds: {seconds:.1f} s (Ziel ≤ 60)")
    print(f"wordpress_import_peak_memory: {peak_mb:.0f} MB (Ziel ≤ 500)")

    rerun_seconds, rerun = import_once(path, env)
    unchanged = "unverändert" in output and f"{POSTS:>14}" in rerun
    print(f"wordpress_rerun_seconds: {rerun_seconds:.1f} s (alles unverändert: {unchanged})")

    from blog.models import Article

    print(f"wordpress_articles: {Article.objects.count()} Artikel")
