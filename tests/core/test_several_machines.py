"""The several-machines setup of docs/deploy.md, on this one machine.

Two gunicorn instances on different ports stand for two web machines; they share the
PostgreSQL test database, the Redis cache (CACHE_URL=redis://…) and the Redis task queue
(TASKS_REDIS_URL, django-tasks-rq) with one RQ worker as docs/deploy.md starts it.
Redis databases 5 and 6 are this test's own; it empties only those.
"""

import importlib.util
import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from blog.models import Article
from newsletter.models import Edition
from tests.e2e.tools import missing_tool
from tests.newsletter.mailserver import SMTPServer, link_in
from tests.ports import free_port
from tests.processes import (
    PYTHON,
    Browser,
    Process,
    gunicorn,
    project_env,
    wait_for_http,
    wait_until,
)
from tests.workers import database_url

CACHE_REDIS = "redis://127.0.0.1:6379/5"
TASKS_REDIS = "redis://127.0.0.1:6379/6"
PASSWORD = "zwei-maschinen-ein-blog-2026"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="mehrere Maschinen: PostgreSQL"),
]


def _empty_our_redis_databases():
    import redis

    for url in (CACHE_REDIS, TASKS_REDIS):
        redis.Redis.from_url(url).flushdb()


@pytest.fixture(scope="module")
def redis_databases():
    if importlib.util.find_spec("django_tasks_rq") is None:
        missing_tool("Das Extra „scale“ fehlt (pip install -e '.[test,scale]').")
    import redis

    try:
        redis.Redis.from_url(CACHE_REDIS).ping()
    except redis.ConnectionError:
        missing_tool("Redis antwortet nicht auf 127.0.0.1:6379.")
    _empty_our_redis_databases()
    yield
    _empty_our_redis_databases()


@pytest.fixture(scope="module")
def inbox():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def machines(django_db_setup, tmp_path_factory, production_static, redis_databases, inbox):
    """The processes, started once for this module's tests (each test has its own data)."""
    tmp_path = tmp_path_factory.mktemp("machines")
    ports = [free_port(), free_port()]
    env = project_env(
        SECRET_KEY=settings.SECRET_KEY,
        DATABASE_URL=database_url(),
        CACHE_URL=CACHE_REDIS,
        TASKS_REDIS_URL=TASKS_REDIS,
        EMAIL_URL=f"smtp://127.0.0.1:{inbox.port}",
        SITE_URL=f"http://127.0.0.1:{ports[0]}",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="off",
        STATIC_ROOT=production_static,
        NEWSLETTER_MAILS_PER_MINUTE=60_000,
        LOG_LEVEL="WARNING",
    )
    webs = [gunicorn(env=env, port=port, log=tmp_path / f"web{port}.log") for port in ports]
    rqworker = ["rqworker", "default", "--with-scheduler", "--job-class", "django_tasks_rq.Job"]
    worker = Process(
        [PYTHON, "manage.py", *rqworker],
        env=env,
        log=tmp_path / "rqworker.log",
    )
    processes = [*webs, worker]
    for process in processes:
        process.start()
    try:
        for web, port in zip(webs, ports, strict=True):
            wait_for_http(f"http://127.0.0.1:{port}/healthz", timeout=60, process=web)
        yield [f"http://127.0.0.1:{port}" for port in ports], env, worker
    finally:
        for process in processes:
            process.stop()


def _log_in(browser):
    get_user_model().objects.create_superuser("autorin", "autorin@example.org", PASSWORD)
    status, _, page = browser.post_form(
        "/admin/login/?next=/admin/", {"username": "autorin", "password": PASSWORD}
    )
    assert status == 302, page[:2000]


def test_an_article_published_on_one_machine_is_fresh_on_the_other_at_once(machines):
    (first, second), _, _ = machines
    draft = Article.objects.create(
        title="Zwei Server, ein Blog",
        slug="zwei-server-ein-blog",
        body="<p>Was die eine Maschine zeigt, zeigt auch die andere.</p>",
        status=Article.Status.DRAFT,
    )
    reader = Browser(second)
    for _ in range(2):  # the second visit comes from the shared cache
        status, _, home = reader.get("/")
        assert status == 200 and "Zwei Server, ein Blog" not in home

    author = Browser(first)
    _log_in(author)
    status, _, _ = author.post_form(
        "/admin/blog/article/",
        {"action": "publish", "_selected_action": draft.pk, "index": 0, "select_across": 0},
    )
    assert status == 302

    def shows_it():
        return "Zwei Server, ein Blog" in reader.get("/")[2]

    wait_until(shows_it, timeout=1, interval=0.05, what="der neue Artikel auf Maschine 2")
    assert reader.get("/artikel/zwei-server-ein-blog/")[0] == 200


def test_sign_up_on_one_machine_confirm_on_the_other_and_get_an_edition_via_rq(machines, inbox):
    (first, second), env, worker = machines
    status, headers, _ = Browser(first).post(
        "/newsletter/", {"email": "zwei@example.org", "first_name": "Zoe", "consent": "on"}
    )
    assert status == 302

    [confirmation] = wait_until(
        lambda: inbox.messages_to("zwei@example.org"),
        timeout=30,
        what=f"Bestätigungsmail über RQ\n{worker.output()[-3000:]}",
    )
    link = link_in(confirmation, f"{first}/newsletter/bestaetigen/")
    # The same link, opened on the other machine: the token and the session are shared.
    status, headers, page = Browser(second).post_form(link.replace(first, second))
    assert status == 302, page[:2000]
    assert headers["Location"].endswith("/newsletter/bestaetigt/")

    edition = Edition.objects.create(
        subject="Elternpost: Grüße von zwei Maschinen",
        body="<p>Liebe Eltern, diese Ausgabe kam über die Warteschlange in Redis.</p>",
        include_articles=False,
        include_quote=False,
    )
    send = Process(
        [PYTHON, "manage.py", "send_edition", str(edition.pk), "--enqueue"],
        env=env,
        log=worker.log.with_name("send_edition.log"),
    ).start()
    assert send.popen.wait(timeout=60) == 0, send.output()

    def edition_mail():
        return [
            m
            for m in inbox.messages_to("zwei@example.org")
            if m["Subject"] == "Elternpost: Grüße von zwei Maschinen"
        ]

    [mail] = wait_until(edition_mail, timeout=60, what=f"Ausgabe\n{worker.output()[-3000:]}")
    assert mail["Subject"] == "Elternpost: Grüße von zwei Maschinen"
    assert re.search(r"Guten Tag,? Zoe", mail.get_body(preferencelist=("plain",)).get_content())
    wait_until(
        lambda: Edition.objects.get(pk=edition.pk).status == Edition.Status.SENT,
        timeout=30,
        what="Ausgabe als versendet vermerkt",
    )
    assert Edition.objects.get(pk=edition.pk).sent_at <= timezone.now()


def test_load_balancer_probes_with_head_on_both_machines(machines):
    (first, second), _, _ = machines
    for base in (first, second):
        status, _, body = Browser(base).request("/healthz", method="HEAD")
        assert (status, body) == (200, "")
