"""Safe by default: headers on every page, a strict CSP, a guarded admin login."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core.middleware import ForwardedForMiddleware

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "richtig-langes-passwort-2026"


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, _, values in (part.strip().partition(" ") for part in policy.split(";"))
    }


def test_public_page_has_a_strict_content_security_policy(client):
    policy = directives(client.get("/zitate/"))

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["base-uri"] == "'self'"
    assert policy["object-src"] == "'none'"


def test_not_found_page_has_the_strict_policy_too(client):
    response = client.get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_admin_alone_may_run_the_inline_scripts_of_django_admin_and_ckeditor(admin_client):
    policy = directives(admin_client.get("/admin/"))

    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["object-src"] == "'none'"


def test_every_page_sends_the_protective_headers(client):
    response = client.get("/zitate/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Permissions-Policy"] == (
        "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    )


def test_https_site_sends_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get("/zitate/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_uploads_are_served_with_nosniff(client, settings):
    upload = Path(settings.MEDIA_ROOT) / "uploads" / "bild.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"<script>alert('kein Bild')</script>")

    response = client.get("/media/uploads/bild.jpg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_uploads_answer_head_like_get_without_a_body(client, settings):
    upload = Path(settings.MEDIA_ROOT) / "uploads" / "bild.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"\xff\xd8\xff" + b"0" * 100)

    response = client.head("/media/uploads/bild.jpg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Length"] == "103"
    assert b"".join(response) == b""


@pytest.fixture
def author():
    return User.objects.create_user("autorin", password=PASSWORD, is_staff=True)


def admin_login(client, password):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "autorin", "password": password},
        REMOTE_ADDR="203.0.113.7",
    )


def test_admin_login_locks_after_five_wrong_passwords_with_a_german_message(author):
    client = Client()
    for _ in range(4):
        assert admin_login(client, "falsch").status_code == 200

    fifth = admin_login(client, "falsch")
    with_the_right_password = admin_login(client, PASSWORD)

    assert fifth.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in fifth.content.decode()
    assert with_the_right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_holds_only_for_the_guessing_address(author):
    client = Client()
    for _ in range(5):
        admin_login(client, "falsch")

    other = Client().post(
        "/admin/login/?next=/admin/",
        {"username": "autorin", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.20",
    )

    assert other.status_code == 302


def test_lockout_holds_for_the_whole_ipv6_slash_64_of_the_guesser(author):
    for n in range(5):
        Client().post(
            "/admin/login/?next=/admin/",
            {"username": "autorin", "password": "falsch"},
            REMOTE_ADDR=f"2001:db8:aa:bb:{n}::{n + 1}",
        )

    def login_from(address):
        return Client().post(
            "/admin/login/?next=/admin/",
            {"username": "autorin", "password": PASSWORD},
            REMOTE_ADDR=address,
        )

    assert login_from("2001:db8:aa:bb:ffff::9").status_code == 429
    assert login_from("2001:db8:aa:bc::1").status_code == 302


def test_forged_forwarded_for_header_does_not_dodge_the_lockout(author):
    client = Client()
    for attempt in range(5):
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "autorin", "password": "falsch"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}",
        )

    assert admin_login(client, PASSWORD).status_code == 429


def test_right_password_after_a_few_typos_logs_in(author):
    client = Client()
    for _ in range(3):
        admin_login(client, "falsch")

    response = admin_login(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(author.pk)


def test_test_client_login_still_works_beside_axes(author):
    client = Client()

    assert client.login(username="autorin", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_admin_url_is_configurable():
    code = (
        "import django; django.setup(); from django.urls import resolve, reverse; "
        "print(reverse('admin:index')); print(resolve('/redaktion/login/').url_name); "
        "from django.urls import Resolver404\n"
        "try:\n    print(resolve('/admin/').url_name)\n"
        "except Resolver404:\n    print('weg')"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "x" * 50,
        "ADMIN_URL": "redaktion/",
    }

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    index, login, old = result.stdout.split()
    assert index == "/redaktion/"
    assert login == "login"
    assert old != "index"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "seen"),
    [
        (0, "10.9.8.7", "203.0.113.7"),
        (1, "10.9.8.7, 198.51.100.4", "198.51.100.4"),
        (2, "10.9.8.7, 198.51.100.4, 192.0.2.1", "198.51.100.4"),
        (2, "198.51.100.4", "203.0.113.7"),
    ],
)
def test_visitor_address_comes_from_trusted_proxies_only(settings, proxies, forwarded_for, seen):
    settings.PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=forwarded_for
    )

    ForwardedForMiddleware(lambda request: HttpResponse())(request)

    assert request.META["REMOTE_ADDR"] == seen
