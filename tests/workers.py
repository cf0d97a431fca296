"""The real task worker (`manage.py db_worker`) in its own process, on the test database.

With a `TCPProxy` in between, the test can take the database away under the running worker.
"""

from django.conf import settings
from django.db import connection

from tests.processes import PYTHON, Process, project_env
from tests.tcpproxy import TCPProxy


def database_proxy():
    """A TCPProxy in front of the test's PostgreSQL server (not started)."""
    params = connection.settings_dict
    return TCPProxy(int(params["PORT"] or 5432), params["HOST"] or "127.0.0.1")


def database_url(port=None):
    """The test database as a DATABASE_URL, through `port` when a proxy stands in between."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    host = params["HOST"] or "127.0.0.1"
    return f"postgres://{params['USER']}{password}@{host}:{port or params['PORT']}/{params['NAME']}"


def worker_env(*, database, smtp_port, **more):
    variables = {
        "SECRET_KEY": settings.SECRET_KEY,
        "SITE_URL": settings.SITE_URL,
        "DATABASE_URL": database,
        "CACHE_URL": "locmemcache://",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "EMAIL_TIMEOUT": 5,
        "NEWSLETTER_MAILS_PER_MINUTE": settings.NEWSLETTER_MAILS_PER_MINUTE,
    }
    return project_env(**(variables | more))


def db_worker(*, env, log, worker_id="test-worker"):
    """`manage.py db_worker` as production runs it, polling often so tests stay short."""
    args = [PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    args += ["--interval=0.2", f"--worker-id={worker_id}"]
    return Process(args, env=env, log=log)
