"""docs/deploy.md as an operator copies it: units that restart for ever, a log without tokens."""

import re
import shutil
import subprocess
import urllib.request

import pytest

from tests.e2e.tools import missing_tool
from tests.ports import free_port
from tests.processes import ROOT, wait_until

DEPLOY = (ROOT / "docs" / "deploy.md").read_text()


def _blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", DEPLOY, flags=re.DOTALL)


@pytest.mark.parametrize("unit", ["elternblog.service", "elternblog-worker.service"])
def test_systemd_units_restart_for_ever(unit):
    block = _unit_block(unit)

    assert "Restart=always" in block
    assert re.search(r"^RestartSec=\d+", block, flags=re.MULTILINE)
    assert "StartLimitIntervalSec=0" in block.split("[Service]")[0]


def _unit_block(name):
    heading = DEPLOY.index(f"`/etc/systemd/system/{name}`")
    return DEPLOY[heading:].split("```ini\n", 1)[1].split("```", 1)[0]


def test_web_unit_leaves_the_access_log_to_nginx():
    assert "--access-logfile" not in _unit_block("elternblog.service")


@pytest.fixture
def nginx_with_the_documented_log(tmp_path):
    if not shutil.which("nginx"):
        missing_tool("nginx fehlt (apt-get install -y nginx-light): Log-Format ungeprüft.")
    [site] = _blocks("nginx")
    http_level = site[: site.index("server {")]
    port = free_port()
    (tmp_path / "logs").mkdir()
    (tmp_path / "nginx.conf").write_text(
        f"""
        worker_processes 1;
        error_log {tmp_path}/logs/error.log;
        pid {tmp_path}/nginx.pid;
        events {{}}
        http {{
            {http_level}
            server {{
                listen 127.0.0.1:{port};
                access_log {tmp_path}/logs/access.log elternblog;
                location / {{ return 200 "ok"; }}
            }}
        }}
        """
    )
    nginx = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"]
    )
    yield f"http://127.0.0.1:{port}", tmp_path / "logs" / "access.log"
    nginx.terminate()
    nginx.wait(timeout=10)


def test_access_log_never_holds_a_newsletter_token(nginx_with_the_documented_log):
    base, log = nginx_with_the_documented_log
    token = "MTIz:1uX9Zq:geheimes-Token_abc"
    requests = [
        (f"/newsletter/bestaetigen/{token}/", None),
        (f"/newsletter/abmelden/{token}/?List-Unsubscribe=One-Click", None),
        ("/newsletter/bestaetigt/", f"{base}/newsletter/bestaetigen/{token}/"),
        ("/static/css/site.css", f"{base}/newsletter/einstellungen/{token}/"),
        ("/artikel/schlaf/?utm_source=mail", None),
    ]

    def get(path, referer):
        request = urllib.request.Request(base + path)
        if referer:
            request.add_header("Referer", referer)
        try:
            with urllib.request.urlopen(request, timeout=5):
                return True
        except OSError:
            return False

    wait_until(lambda: get("/", None), timeout=10, what="nginx antwortet")
    for path, referer in requests:
        get(path, referer)
    written = wait_until(
        lambda: log.read_text().count("\n") >= len(requests) + 1 and log.read_text(),
        timeout=10,
        what="nginx schreibt sein Log",
    )

    assert "geheim" not in written
    assert '"GET /newsletter/bestaetigen/***/ HTTP/1.1"' in written
    assert '"GET /newsletter/abmelden/***/?List-Unsubscribe=One-Click HTTP/1.1"' in written
    assert f'"{base}/newsletter/bestaetigen/***/"' in written
    assert '"GET /artikel/schlaf/?utm_source=mail HTTP/1.1"' in written
