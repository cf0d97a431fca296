"""Quote of the month: what the tag costs on every page, with and without the cache."""

import time

from tests.bench.setup import django_setup, report

RUNS = 2000


def main():
    django_setup("quotes")
    from django.core.cache import cache
    from django.db import connection
    from django.template import Context, Template
    from django.test.utils import CaptureQueriesContext

    from quotes.demo import seed

    seed()
    tag = Template("{% load quotes_tags %}{% quote_of_the_month %}")

    def timed(before_each):
        durations = []
        for _ in range(RUNS):
            before_each()
            start = time.perf_counter()
            tag.render(Context())
            durations.append(time.perf_counter() - start)
        return durations

    report("quote tag, cache miss", timed(cache.clear))
    report("quote tag, cache hit", timed(lambda: None))
    with CaptureQueriesContext(connection) as queries:
        tag.render(Context())
    print(f"quote tag queries on a cache hit: {len(queries)} queries")
