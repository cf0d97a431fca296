"""What one beacon counts: a page view or a click on a related article, reduced to aggregates.

The beacon's payload is tiny JSON sent by static/js/stats.js. Everything in it is checked
and cut down here: a path without query, a host without the rest of the referring URL, a
device class instead of a width. The visitor's address and user agent are only read, to
recognise bots and repeat views, never kept (see `fingerprint`).
"""

import hashlib
import ipaddress
import json
import re
import secrets
import string
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

from django.core.cache import cache
from django.utils import timezone

from stats.models import Count

MAX_BODY_BYTES = 1024
# Repeat views of one page by one reader within this time count once.
REPEAT_SECONDS = 30 * 60
BEACONS_PER_MINUTE = 60

# Page kinds by path, from the public URLs of DESIGN.md; paths are kept for articles only.
EXACT_KINDS = {"/": "home"}
PREFIX_KINDS = (
    ("/artikel/", "article"),
    ("/kategorie/", "category"),
    ("/schlagwort/", "tag"),
    ("/archiv/", "archive"),
    ("/suche/", "search"),
    ("/zitate/", "quotes"),
    ("/newsletter/", "newsletter"),
)
PATH_KINDS = frozenset({"article"})
OTHER_KIND = "other"

# Screen width in CSS pixels: below 600 a phone, below 1024 a tablet, else a desktop.
DEVICE_CLASSES = ((600, "phone"), (1024, "tablet"), (10_000, "desktop"))
DIRECT = "direkt"

# Checked, never stored: crawlers, link previews, monitors and headless browsers.
BOT_AGENTS = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|scrape|preview|headless|lighthouse|pingdom|monitor|"
    r"facebookexternalhit|embedly|whatsapp|python-|curl/|wget/|httpclient|java/|go-http",
    re.IGNORECASE,
)
_PATH = re.compile(r"/[^\s?#]{0,199}")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,98}[a-z0-9])?")
_CAMPAIGN = re.compile(r"[^a-z0-9._-]")
_PUNCTUATION = str.maketrans(dict.fromkeys(string.punctuation + "„“”‚‘’»«…–", " "))


class Refused(Exception):
    """A request that is no beacon of ours; `status` is the answer it gets."""

    def __init__(self, status):
        super().__init__(status)
        self.status = status


def read_payload(request):
    """The beacon's JSON object, or Refused(status) for anything else."""
    if request.content_type != "text/plain":
        raise Refused(415)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused(400) from None
    if declared > MAX_BODY_BYTES:
        raise Refused(413)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise Refused(413)
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Refused(400) from None
    if not isinstance(payload, dict) or page_path(payload.get("p")) is None:
        raise Refused(400)
    return payload


def page_path(value):
    if isinstance(value, str) and _PATH.fullmatch(value) and not value.startswith("//"):
        return value
    return None


def page_kind(path):
    if path in EXACT_KINDS:
        return EXACT_KINDS[path]
    return next((kind for prefix, kind in PREFIX_KINDS if path.startswith(prefix)), OTHER_KIND)


def view_counts(payload, own_host):
    """(metric, key, target) tuples of one page view."""
    path = page_path(payload["p"])
    kind = page_kind(path)
    counted = [(Count.Metric.KIND, kind, "")]
    if kind in PATH_KINDS:
        counted.append((Count.Metric.VIEW, path, ""))
    referrer = referrer_host(payload.get("r"), own_host)
    if referrer:
        counted.append((Count.Metric.REFERRER, referrer, ""))
    campaign = campaign_name(payload.get("u"))
    if campaign:
        counted.append((Count.Metric.CAMPAIGN, campaign, ""))
    term = search_term(payload.get("q")) if kind == "search" else ""
    if term:
        counted.append((Count.Metric.SEARCH, term, ""))
    device = device_class(payload.get("w"))
    if device:
        counted.append((Count.Metric.DEVICE, device, ""))
    return counted


def related_click(payload):
    """The (metric, key, target) of a click from one article to a related one, or None."""
    source, target = page_path(payload["p"]), page_path(payload.get("t"))
    if target and page_kind(source) == "article" and page_kind(target) == "article":
        return (Count.Metric.RELATED, source, target)
    return None


def referrer_host(value, own_host):
    """The referring site's host ("direkt" without one); None for our own pages or junk."""
    if not value:
        return DIRECT
    if not isinstance(value, str):
        return None
    try:
        host = (urlsplit(value[:500]).hostname or "").removeprefix("www.")
    except ValueError:
        return None
    if not _HOST.fullmatch(host) or host == own_host.removeprefix("www."):
        return None
    return host


def campaign_name(value):
    if not isinstance(value, str):
        return ""
    return _CAMPAIGN.sub("", value.strip().lower())[:50]


def search_term(value):
    """Lower case, without punctuation, single spaces: "Schlaf!" and "schlaf" are one term."""
    if not isinstance(value, str):
        return ""
    return " ".join(value.casefold().translate(_PUNCTUATION).split())[:100]


def device_class(width):
    if not isinstance(width, int) or isinstance(width, bool) or not 0 < width < 10_000:
        return None
    return next(name for limit, name in DEVICE_CLASSES if width < limit)


def is_bot_or_prefetch(request):
    agent = request.META.get("HTTP_USER_AGENT", "")
    purpose = request.META.get("HTTP_SEC_PURPOSE", "") + request.META.get("HTTP_PURPOSE", "")
    return not agent or bool(BOT_AGENTS.search(agent)) or "prefetch" in purpose


def is_cross_site(request):
    """Browsers say where a request comes from; a form on another site must not count."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site and fetch_site != "same-origin":
        return True
    origin = request.META.get("HTTP_ORIGIN")
    return bool(origin) and urlsplit(origin).netloc != request.get_host()


class _DailySalt:
    """A random salt for today, shared by all processes through the cache and gone the day
    after; each process asks the cache once a day."""

    def __init__(self):
        self.day, self.value = None, ""

    def get(self):
        today = timezone.localdate()
        if today != self.day:
            key = f"stats:salt:{today.isoformat()}"
            cache.add(key, secrets.token_hex(16), timeout=2 * 24 * 60 * 60)
            self.day, self.value = today, cache.get(key) or secrets.token_hex(16)
        return self.value


class _RateLimit:
    """Beacons per minute and network, counted in this process's memory only."""

    def __init__(self):
        self.lock = threading.Lock()
        self.minute, self.counts = None, Counter()

    def over(self, network):
        minute = int(time.time() // 60)
        with self.lock:
            if minute != self.minute:
                self.minute, self.counts = minute, Counter()
            self.counts[network] += 1
            return self.counts[network] > BEACONS_PER_MINUTE


_salt = _DailySalt()
_rate_limit = _RateLimit()


def fingerprint(request, *what):
    """A one-day pseudonym of this reader and `what` they saw, to count repeats once.

    SHA-256 over today's salt, the address, the user agent and `what`: without the salt,
    which is never stored in the database and expires after the day, nobody can tell
    whose it was. It lives only in the cache, for REPEAT_SECONDS.
    """
    parts = [
        _salt.get(),
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_USER_AGENT", ""),
    ]
    text = "\x1f".join([*parts, *what])
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:32]


def over_rate_limit(request):
    """More than BEACONS_PER_MINUTE from one IPv4 address or one IPv6 /64 (a household)?

    Counted per web process, so with several processes a network gets that many per process.
    """
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        network = ""
    else:
        prefix = 64 if address.version == 6 else 32
        network = str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
    return _rate_limit.over(network)
