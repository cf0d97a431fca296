import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from quotes.models import Quote

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def frozen():
    """The site's clock, stopped at the given Berlin time; `frozen.move_to()` jumps on."""
    with time_machine.travel(berlin(2025, 12, 15, 12, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def make_quote(db):
    def make(year, month, text=None, author="Friedrich Schiller", source=""):
        return Quote.objects.create(
            text=text or f"Ein Gedanke für {month}/{year}.",
            author=author,
            source=source,
            month=datetime.date(year, month, 1),
        )

    return make
