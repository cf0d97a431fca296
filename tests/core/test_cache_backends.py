"""The default shared cache keeps its SQLite connections from one request to the next."""

import sqlite3

from core.cache_backends import KeptOpenDiskCache


def test_diskcache_keeps_its_connections_when_a_request_ends(tmp_path, monkeypatch):
    cache = KeptOpenDiskCache(str(tmp_path), {})
    cache.set("seite", "Inhalt")
    opened = []
    real_connect = sqlite3.connect
    monkeypatch.setattr(
        sqlite3,
        "connect",
        lambda *args, **kwargs: opened.append(args) or real_connect(*args, **kwargs),
    )
    cache.close()  # what Django calls on every cache when a request ends
    assert cache.get("seite") == "Inhalt"
    assert opened == []
