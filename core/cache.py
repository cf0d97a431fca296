"""Full-page cache for anonymous visitors, kept correct by a site-wide "generation".

Every content change sets a new generation: each app names the models its public pages
show (`pages_depend_on`, from its AppConfig.ready()), and code that writes around signals
calls `pages_changed()`. A cached page is served only while its generation is the current
one, so an edit shows at once in every process sharing the cache. Time-driven changes have
no signal: a page's lifetime ends before the next one an app registered (a scheduled
article, `register_scheduled_change`) and before the month turns (a new quote).
"""

import datetime
import threading
import time
import unicodedata
from collections import OrderedDict
from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control, set_response_etag

GENERATION_KEY = "pagecache:generation"
NEXT_PUBLICATION_KEY = "pagecache:next-publication"

# Parameters that only tell analytics where a visitor came from (utm_* too); a shared link
# full of them (a post going viral) must still hit the cached page.
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "ref"})
# The one parameter cached pages differ by: a list's page number. Any other parameter (a
# search term, a preview, an old WordPress `?p=123`, made-up ones) gets a page rendered
# for it and not kept, so nobody can fill the cache with endless copies of one page.
PAGE_PARAMETER = "page"
# Search pages (settings.PAGE_CACHE_SEARCH_PATHS) are kept per query too, under the query
# with its white space folded: repeated searches cost one lookup, and each is a page like
# any other, renewed with every content change.
SEARCH_PARAMETER = "q"
# Cookies that mean "this visitor sees something of their own": a login or a flash message.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


# What apps registered: the next moment their pages change by themselves, given `now`.
_scheduled_changes = []

# The generation as a request first read it: the page and all its kept parts are then of
# one generation, and a page-cache miss asks the cache for it once, not once per part.
# None outside requests (commands, the worker): there every read asks the cache.
_request_generation = ContextVar("request_generation", default=None)
_NOT_READ_YET = object()
# (generation, next scheduled change) as the request first learnt it.
_request_next_publication = ContextVar("request_next_publication", default=None)


def _request_started(**kwargs):
    _request_generation.set(_NOT_READ_YET)
    _request_next_publication.set(None)


def _request_finished(**kwargs):
    _request_generation.set(None)
    _request_next_publication.set(None)


request_started.connect(_request_started, dispatch_uid="pagecache-request-started")
request_finished.connect(_request_finished, dispatch_uid="pagecache-request-finished")


def pages_depend_on(*models):
    """Every save or delete of these models' rows, and every many-to-many change through
    one of them, starts a new generation. Each app calls it for its own models."""
    for model in models:
        label = model._meta.label_lower
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"pagecache-del-{label}")
        m2m_changed.connect(_content_changed, sender=model, dispatch_uid=f"pagecache-m2m-{label}")


def _content_changed(sender, **kwargs):
    if kwargs.get("action", "post_").startswith("post_"):
        pages_changed()


def register_scheduled_change(next_change):
    """`next_change(now)` returns when the app's public pages next change with no write to
    signal it (a scheduled article appears), or None; no page is kept past it."""
    _scheduled_changes.append(next_change)


def pages_changed():
    """Start a new generation: every cached page is stale from now on.

    Signals call this for every model pages depend on; call it yourself after writes that
    send no signals (`QuerySet.update()`, `bulk_create()`).
    """
    _new_generation()
    # A process may render the old rows between now and the commit and store them under
    # the new generation, so a second generation follows once the transaction is through.
    transaction.on_commit(_new_generation)


def _new_generation():
    # A timestamp instead of a counter: an evicted key can never bring back an old number.
    generation = time.time_ns()
    cache.set(GENERATION_KEY, generation, timeout=None)
    if _request_generation.get() is not None:
        _request_generation.set(generation)


def _current_generation(stored):
    if stored is None:
        stored = time.time_ns()
        if not cache.add(GENERATION_KEY, stored, timeout=None):
            stored = cache.get(GENERATION_KEY, stored)
    return stored


def _generation():
    """The current generation, read once per request."""
    generation = _request_generation.get()
    if generation is not None and generation is not _NOT_READ_YET:
        return generation
    current = _current_generation(cache.get(GENERATION_KEY))
    if generation is _NOT_READ_YET:
        _request_generation.set(current)
    return current


def _read(key):
    """(the current generation, what is kept under `key`), in one round trip."""
    generation = _request_generation.get()
    if generation is not None and generation is not _NOT_READ_YET:
        return generation, cache.get(key)
    found = cache.get_many([GENERATION_KEY, key])
    current = _current_generation(found.get(GENERATION_KEY))
    if generation is _NOT_READ_YET:
        _request_generation.set(current)
    return current, found.get(key)


def _is_current(entry, generation):
    """Whether a kept (generation, expiry, value) may still be served."""
    return entry is not None and entry[0] == generation and entry[1] > time.time()


def _seconds_until_next_month(now):
    local = timezone.localtime(now)
    first = (local.replace(day=1) + datetime.timedelta(days=32)).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    return (first - local).total_seconds()


def _seconds_until_next_publication(now, generation):
    """Seconds until the next registered scheduled change, None when none is scheduled.

    Asked once per generation: scheduling or moving an article starts a new generation,
    and once per request, which asks it for every part it keeps.
    """
    stored = _request_next_publication.get()
    if not _is_next_publication(stored, generation, now):
        stored = cache.get(NEXT_PUBLICATION_KEY)
        if not _is_next_publication(stored, generation, now):
            moments = [moment for source in _scheduled_changes if (moment := source(now))]
            stored = (generation, min(moments, default=None))
            cache.set(NEXT_PUBLICATION_KEY, stored, timeout=None)
        if _request_generation.get() is not None:
            _request_next_publication.set(stored)
    upcoming = stored[1]
    return None if upcoming is None else (upcoming - now).total_seconds()


def _is_next_publication(stored, generation, now):
    return stored is not None and stored[0] == generation and not (stored[1] and stored[1] <= now)


def page_lifetime(generation, now=None, limit=None):
    """Whole seconds a page rendered now may be kept: never past the next time-driven change."""
    now = now or timezone.now()
    limit = settings.PAGE_CACHE_SECONDS if limit is None else limit
    limits = [limit, _seconds_until_next_month(now)]
    publication = _seconds_until_next_publication(now, generation)
    if publication is not None:
        limits.append(publication)
    return max(0, int(min(limits)))


class _RecentParts:
    """What this process used last: the kept parts, so a hot part (the frame, a card) costs
    no trip to the shared cache, and the search pages asked for once. An entry is used only
    while it is of the request's current generation, like one from the shared cache; a new
    generation makes them all old."""

    def __init__(self, size):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key, generation):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or entry[0] != generation:
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            if len(self.entries) > self.size:
                self.entries.popitem(last=False)


_recent_parts = _RecentParts(size=5000)
# The search pages this process rendered once in this generation (their keys only).
_searches_asked_once = _RecentParts(size=10_000)


def for_generation(name, compute, shared=True):
    """What `compute()` returns, kept until content changes like a cached page: for parts
    shared by many pages or read again on a page-cache miss (the category links, an
    article's related list). `name` must say everything the value depends on. With
    `shared=False` the value stays in this process: for parts that cost less to make than
    a write to the shared cache."""
    if not _parts_are_kept():
        return compute()
    key = _part_key(name)
    generation = _generation()
    entry = _recent_parts.get(key, generation)
    if entry is None and shared:
        entry = cache.get(key)
        if _is_current(entry, generation):
            _recent_parts.put(key, entry)
    if _is_current(entry, generation):
        return entry[2]
    value = compute()
    lifetime = page_lifetime(generation, limit=settings.FRAGMENT_CACHE_SECONDS)
    if lifetime > 0:
        entry = (generation, time.time() + lifetime, value)
        if shared:
            cache.set(key, entry, timeout=lifetime)
        _recent_parts.put(key, entry)
    return value


def for_generation_each(name, keys, compute_missing):
    """{key: value} for each of `keys`, kept in this process under "name:key" as
    `for_generation(…, shared=False)` keeps a value; the ones it does not hold are made in
    one go: `compute_missing(keys)` returns {key: value} (one query for a page of results)."""
    if not _parts_are_kept():
        return compute_missing(keys)
    generation = _generation()
    found, missing = {}, []
    for key in keys:
        entry = _recent_parts.get(_part_key(f"{name}:{key}"), generation)
        if _is_current(entry, generation):
            found[key] = entry[2]
        else:
            missing.append(key)
    if missing:
        made = compute_missing(missing)
        lifetime = page_lifetime(generation, limit=settings.FRAGMENT_CACHE_SECONDS)
        if lifetime > 0:
            expiry = time.time() + lifetime
            for key, value in made.items():
                _recent_parts.put(_part_key(f"{name}:{key}"), (generation, expiry, value))
        found.update(made)
    return found


def _parts_are_kept():
    # FRAGMENT_CACHE_SECONDS=0 or CACHE_URL=dummycache:// turn kept parts off.
    return settings.FRAGMENT_CACHE_SECONDS > 0 and not isinstance(caches["default"], DummyCache)


def _part_key(name):
    return f"pagecache:part:{name}"


def _is_tracking(name):
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


def _page_number(value):
    # Django's paginator reads int(value): "2", "02" and " +2" are one page, kept once.
    try:
        return str(int(value))
    except ValueError:
        return value  # "last", or junk that is a 404 and never cached


def _is_search(request):
    return request.path in settings.PAGE_CACHE_SEARCH_PATHS


def _cache_key(request):
    pages = [_page_number(value) for value in request.GET.getlist(PAGE_PARAMETER)]
    kept = [(PAGE_PARAMETER, page) for page in pages]
    if _is_search(request):
        terms = request.GET.getlist(SEARCH_PARAMETER)
        kept += [
            (SEARCH_PARAMETER, " ".join(unicodedata.normalize("NFC", t).split())) for t in terms
        ]
    return f"pagecache:page:{request.get_host()}{request.path}?{urlencode(kept)}"


def _kept_parameter(request, name):
    return (
        name == PAGE_PARAMETER
        or _is_tracking(name)
        or (name == SEARCH_PARAMETER and _is_search(request))
    )


def _wants_cached_page(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and all(_kept_parameter(request, name) for name in request.GET)
        and not any(name in request.COOKIES for name in PERSONAL_COOKIES)
        and not request.path.startswith(
            (f"/{settings.ADMIN_URL}", *settings.PAGE_CACHE_SKIP_PREFIXES)
        )
    )


def _response_is_public(request, response):
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


class PageCacheMiddleware:
    """Serves anonymous GETs from the cache and stores the public pages it renders.

    Sits above the session, CSRF and auth middleware, so a cached page costs no database
    query and the check for cookies set on the way out sees theirs too.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # With CACHE_URL=dummycache:// nothing could be stored: skip the bookkeeping too.
        self.cache_works = not isinstance(caches["default"], DummyCache)

    def __call__(self, request):
        if not (self.cache_works and _wants_cached_page(request)):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            personal = response.cookies or (user and user.is_authenticated)
            if request.method not in ("GET", "HEAD") or personal:
                # Staff pages (previews, the admin), answers to forms (with their errors) and
                # pages that set a cookie (a form's errors carried back in a flash message)
                # must not land in a browser's or CDN's cache.
                patch_cache_control(response, private=True, no_store=True)
            return response

        key = _cache_key(request)
        generation, entry = _read(key)
        if _is_current(entry, generation):
            response = entry[2]
            max_age = int(entry[1] - time.time())
            patch_cache_control(response, public=True, max_age=self._shared_max_age(max_age))
            return response

        response = self.get_response(request)
        if not _response_is_public(request, response):
            if response.cookies or response.status_code == 200:
                # A page with a form's CSRF cookie or with errors is for this visitor only.
                patch_cache_control(response, private=True, no_cache=True)
            return response

        lifetime = page_lifetime(generation)
        set_response_etag(response)
        if lifetime > 0 and self._worth_keeping(request, key, generation):
            cache.set(key, (generation, time.time() + lifetime, response), timeout=lifetime)
        patch_cache_control(response, public=True, max_age=self._shared_max_age(lifetime))
        return response

    @staticmethod
    def _worth_keeping(request, key, generation):
        """A search page is kept when this process is asked for it a second time (as
        nginx's `proxy_cache_min_uses 2`): most queries are asked once, storing each page
        cost a write to the shared cache, and a crawler of made-up queries would fill it."""
        if not _is_search(request) or _searches_asked_once.get(key, generation):
            return True
        _searches_asked_once.put(key, (generation,))
        return False

    @staticmethod
    def _shared_max_age(lifetime):
        # Browsers and CDNs keep a page briefly only: they learn nothing of our generations.
        return max(0, min(settings.PAGE_CACHE_PUBLIC_MAX_AGE, lifetime))
