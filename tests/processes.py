"""The project's real processes (run-dev, db_worker, gunicorn, rqworker) started by a test.

Each runs in its own session with a plain environment (none of pytest's settings leak in),
writes its output to a log file the failure message shows, and is stopped with its whole
process group at the end.
"""

import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def project_env(**variables):
    """A clean environment for a child process: the system basics plus `variables`."""
    kept = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ
    }
    return {**kept, "PYTHONUNBUFFERED": "1", **{k: str(v) for k, v in variables.items()}}


class Process:
    """One child process, stopped (TERM, then KILL) with its process group on `stop()`."""

    def __init__(self, args, *, env, log):
        self.args = args
        self.env = env
        self.log = Path(log)
        self.popen = None

    def start(self):
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.args,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return self

    def kill(self):
        """SIGKILL for the process alone, as an out-of-memory killer would."""
        self.popen.kill()
        self.popen.wait(timeout=10)

    def stop(self, timeout=15):
        if self.popen is None or self.popen.poll() is not None:
            self._kill_group(signal.SIGKILL)
            return
        self._kill_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=timeout)
        self._kill_group(signal.SIGKILL)
        self.popen.wait(timeout=10)

    def _kill_group(self, sig):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, sig)

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def wait_until(condition, *, timeout, interval=0.1, what="die Bedingung"):
    """Polls `condition()` until it returns something truthy; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Nach {timeout} s noch nicht erfüllt: {what}")
        time.sleep(interval)


def wait_for_http(url, *, timeout, process=None):
    def answers():
        if process is not None and process.popen.poll() is not None:
            raise AssertionError(f"Prozess beendet:\n{process.output()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    wait_until(answers, timeout=timeout, interval=0.3, what=f"{url} antwortet")


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects, like a test client."""

    def __init__(self, base_url):
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )

    def request(self, path, data=None, method=None):
        url = path if path.startswith("http") else self.base_url + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, method=method)
        if body is not None:
            # Django's CSRF check wants a same-origin Referer/Origin on POSTs.
            request.add_header("Origin", self.base_url)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def get(self, path):
        return self.request(path)

    def post(self, path, data):
        return self.request(path, data=data, method="POST")

    def post_form(self, path, data=None):
        """GETs a page, then POSTs its form back with the page's CSRF token."""
        status, _, page = self.get(path)
        assert status == 200, f"{path}: {status}\n{page[:2000]}"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.post(path, {**(data or {}), "csrfmiddlewaretoken": token.group(1)})


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def gunicorn(*, env, port, log, workers=2):
    """`gunicorn config.wsgi` as production runs it, on loopback."""
    args = [PYTHON, "-m", "gunicorn", "config.wsgi", f"--workers={workers}"]
    args += [f"--bind=127.0.0.1:{port}", "--graceful-timeout=5"]
    return Process(args, env=env, log=log)


def collect_static(static_root):
    """`collectstatic` into `static_root`: production pages need the hashed names' manifest."""
    env = project_env(SECRET_KEY="nur-fuer-tests", STATIC_ROOT=static_root)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return static_root
