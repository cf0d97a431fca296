import json
import time

import pytest
from django.test import Client, TestCase

from stats import buffer
from stats.services import counts_flush

BEACON_URL = "/statistik/zaehlen/"
READER_IP = "203.0.113.77"
READER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36 Lesetest/4711"
)


@pytest.fixture(autouse=True)
def _fresh_buffer():
    """The caches are emptied for every test; this process's buffer entry starts anew too."""
    buffer.forget_process_buffer()
    yield
    buffer.forget_process_buffer()


def send(payload, *, client=None, ip=READER_IP, agent=READER_AGENT, **headers):
    """POSTs a beacon the way navigator.sendBeacon does (a string body: text/plain)."""
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return (client or Client()).post(
        BEACON_URL,
        body,
        content_type=headers.pop("content_type", "text/plain;charset=UTF-8"),
        REMOTE_ADDR=ip,
        HTTP_USER_AGENT=agent,
        HTTP_SEC_FETCH_SITE=headers.pop("sec_fetch_site", "same-origin"),
        **headers,
    )


def flush(now=None):
    """What the timer and then the worker do once the current bucket has closed.

    The flush forgets what it wrote after the commit; tests run inside a transaction, so
    the after-commit work is run here as a real commit would.
    """
    buffer.write_pending()
    if now is None:
        now = time.time() + buffer.BUCKET_SECONDS + buffer.GRACE_SECONDS + 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        return counts_flush(now=now)
