"""The default shared cache: diskcache, with its SQLite connections kept between requests."""

from diskcache import DjangoCache


class KeptOpenDiskCache(DjangoCache):
    """Django closes every cache when a request ends; diskcache then reopens its shards'
    SQLite files on the next read, about twenty statements each time, which made a cached
    page cost four times `/healthz`. Its author advises leaving caches open: every
    operation is atomic, and a forked worker gets connections of its own anyway."""

    def close(self, **kwargs):
        pass
