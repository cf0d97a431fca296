"""A production-like demo site on loopback: gunicorn, WhiteNoise, the page cache, demo content.

For the checks that judge what a visitor's browser gets (Lighthouse, `make screenshots`):
its own SQLite database, media and static folders in a temporary directory, DEBUG off.
"""

import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]


def site_environment(folder, port):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_")) and key not in ("DATABASE_URL", "CACHE_URL")
    }
    env.update(
        DEBUG="off",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="off",
        SITE_URL=f"http://127.0.0.1:{port}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{folder}/db.sqlite3",
        CACHE_URL=f"filecache://{folder}/cache",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        EMAIL_URL="consolemail://",
        STATS="off",
        LOG_LEVEL="WARNING",
    )
    return env


@contextlib.contextmanager
def demo_site(port=None):
    """Yield the base URL of a freshly seeded demo site; stop it afterwards."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="elternblog-demo-") as name:
        folder = Path(name)
        env = site_environment(folder, port)
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--no-input"], ["seed_demo"], ["collectstatic", "--no-input"]):
            subprocess.run(
                [*manage, *command, "-v0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
            )
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base, server)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_until_up(base, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("Die Demo-Seite ist beim Start beendet worden.")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer,
        ):
            if answer.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"Die Demo-Seite antwortet nach {seconds} s nicht.")
