import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    base = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings"}
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.CACHES['default']['BACKEND'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=base | env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_settings()

    assert result.returncode != 0
    assert "SECRET_KEY fehlt" in result.stderr


def test_debug_runs_without_secret_key():
    result = run_settings(DEBUG="on")

    assert result.returncode == 0, result.stderr


def test_https_site_url_turns_on_secure_cookies_and_hsts():
    result = run_settings(SECRET_KEY="x" * 50, SITE_URL="https://elternblog.example")

    hsts, secure_cookie, ssl_redirect, _ = result.stdout.split()
    assert int(hsts) >= 31536000
    assert secure_cookie == "True"
    assert ssl_redirect == "True"


def test_plain_http_site_url_leaves_secure_cookies_off():
    result = run_settings(
        SECRET_KEY="x" * 50, SITE_URL="http://127.0.0.1:8000", SECURE_SSL_REDIRECT="off"
    )

    hsts, secure_cookie, ssl_redirect, _ = result.stdout.split()
    assert hsts == "0"
    assert secure_cookie == "False"
    assert ssl_redirect == "False"


def test_default_cache_is_shared_by_all_processes_of_a_machine():
    result = run_settings(SECRET_KEY="x" * 50)

    assert result.stdout.split()[-1] == "core.cache_backends.KeptOpenDiskCache"


def test_diskcache_url_names_the_cache_folder(tmp_path):
    code = "from django.conf import settings as s; print(s.CACHES['default']['LOCATION'])"
    env = {"SECRET_KEY": "x" * 50, "CACHE_URL": f"diskcache://{tmp_path}/seiten"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings"} | env,
        capture_output=True,
        text=True,
    )

    assert result.stdout.strip() == f"{tmp_path}/seiten"


def test_development_processes_share_one_secret_key_made_once():
    code = "from django.conf import settings as s; print(s.SECRET_KEY)"
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "on"}

    keys = {
        subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        ).stdout.strip()
        for _ in range(2)
    }

    assert len(keys) == 1
    assert keys == {(ROOT / "var" / "dev-secret-key").read_text().strip()}


@pytest.mark.parametrize("bad", ["ftp://example.org", "elternblog.example"])
def test_bad_site_url_is_refused_with_a_german_message(bad):
    result = run_settings(SECRET_KEY="x" * 50, SITE_URL=bad)

    assert result.returncode != 0
    assert "SITE_URL muss" in result.stderr


def test_check_deploy_warns_only_about_ckeditor():
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "k" * 60 + "-elternblog-deploy-check",
        "SITE_URL": "https://elternblog.example",
        "ALLOWED_HOSTS": "elternblog.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("?:")]
    assert [line.split()[1] for line in warnings] == ["(ckeditor.W001)"]
