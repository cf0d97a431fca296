"""60 s of wrk (50 connections) on an article while the author keeps saving it.

gunicorn (2 workers) serves the PostgreSQL test database with the shared page cache
(diskcache), as on one machine in production; the test process is the author, writing
through the models into the same database and cache. Every answer must be a 200 showing
one whole version of the article, the old or the new one, and the last one at the end.
"""

import shutil
import subprocess
import time
import urllib.request

import pytest
from django.db import connection
from django.utils import timezone

from blog.models import Article
from tests.e2e.tools import missing_tool
from tests.ports import free_port
from tests.processes import gunicorn, project_env, wait_for_http
from tests.workers import database_url

SECONDS = 60
CONNECTIONS = 50
SAVE_EVERY = 2  # seconds: an author busier than any real one
# wrk counts an answer slower than its default 2 s as a socket error; on a busy 2-core CI
# machine a page rendered right after a save can take that long, which is no error.
WRK_TIMEOUT = "30s"

# Counts, per wrk thread, answers that are no 200 and pages mixing two versions.
CHECK_VERSIONS = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) mixed = 0; failed = 0 end
function response(status, headers, body)
  if status ~= 200 then failed = failed + 1; return end
  local first = nil
  for version in string.gmatch(body, "Fassung (%d+)") do
    if first == nil then first = version elseif version ~= first then mixed = mixed + 1; return end
  end
  if first == nil then mixed = mixed + 1 end
end
function done(summary, latency, requests)
  local m, f = 0, 0
  for _, thread in ipairs(threads) do m = m + thread:get("mixed"); f = f + thread:get("failed") end
  io.write(string.format("MIXED %d\\nFAILED %d\\n", m, f))
end
"""


def _version(article, number):
    article.title = f"Schlafen lernen, Fassung {number}"
    article.body = f"<p>Fassung {number}: Ein ruhiger Abend beginnt am Nachmittag.</p>"
    article.save()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="braucht PostgreSQL")
def test_readers_under_load_see_whole_versions_while_the_author_saves(
    settings, tmp_path, production_static
):
    if not shutil.which("wrk"):
        missing_tool("wrk fehlt (apt-get install -y wrk): Lasttest nicht möglich.")
    pages = tmp_path / "pages"
    # The author's process shares the page cache with gunicorn, as the worker does.
    settings.CACHES = {"default": {"BACKEND": "diskcache.DjangoCache", "LOCATION": str(pages)}}
    settings.PAGE_CACHE_SECONDS = 86400
    article = Article.objects.create(
        title="Schlafen lernen, Fassung 0",
        slug="schlafen-lernen",
        body="<p>Fassung 0</p>",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    port = free_port()
    env = project_env(
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=database_url(),
        CACHE_URL=f"diskcache://{pages}",
        STATIC_ROOT=production_static,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="off",
        LOG_LEVEL="WARNING",
    )
    url = f"http://127.0.0.1:{port}/artikel/schlafen-lernen/"
    script = tmp_path / "versions.lua"
    script.write_text(CHECK_VERSIONS)
    with gunicorn(env=env, port=port, log=tmp_path / "gunicorn.log") as server:
        wait_for_http(url, timeout=60, process=server)
        wrk = ["wrk", f"-c{CONNECTIONS}", "-t2", f"-d{SECONDS}s", f"--timeout={WRK_TIMEOUT}"]
        load = subprocess.Popen([*wrk, "-s", str(script), url], stdout=subprocess.PIPE, text=True)
        saved = 0
        while load.poll() is None:
            saved += 1
            _version(article, saved)
            time.sleep(SAVE_EVERY)
        report = load.communicate()[0]
        with urllib.request.urlopen(url, timeout=10) as response:
            final = response.read().decode()
        log = server.output()

    assert load.returncode == 0, report
    assert "MIXED 0\n" in report, report
    assert "FAILED 0\n" in report, report
    assert "Socket errors" not in report, report
    assert "Non-2xx" not in report, report
    assert f"Fassung {saved}:" in final
    assert "Traceback" not in log, log[-3000:]
    assert saved >= SECONDS / SAVE_EVERY - 2  # the author really saved all along
