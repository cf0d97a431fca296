"""The link check: every link in published articles and static pages, checked and stored.

`links_check()` runs it (`manage.py check_links`; weekly in the task worker through core's
daily jobs, `links_check_weekly`). Our own links are looked up in our URLs and data (is the
article published, does the file exist); other sites are asked (blog/linkprobe.py), each
address once per run, LINK_CHECK_WORKERS at a time. The results replace the last run's,
keeping what the author set aside ("ignoriert"); `broken_links()` is what her desk shows.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from django.conf import settings
from django.contrib.flatpages import views as flatpage_views
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.urls import Resolver404, resolve
from django.utils import timezone
from lxml import html
from taggit.models import Tag

from blog import linkprobe, toc
from blog.link_models import LinkCheck
from blog.models import Article, Category

Finding, Status = linkprobe.Finding, LinkCheck.Status
# A week less a margin: the daily run starts at the same hour, the last one took a while.
DUE_AFTER = timedelta(days=7) - timedelta(hours=6)
NOT_CHECKED = ("mailto:", "tel:", "javascript:", "data:", "#")


def broken_links():
    """Dead links the author has not set aside, with their article or page."""
    return LinkCheck.objects.broken().select_related("article", "flatpage")


def links_check_weekly():
    """A daily job that checks once a week (the newest result tells when it last ran)."""
    last = LinkCheck.objects.aggregate(last=Max("checked_at"))["last"]
    if last and timezone.now() - last < DUE_AFTER:
        return "diese Woche schon geprüft"
    return links_check()


def links_check():
    """Check every link now and store the results; returns a German summary."""
    sources = list(_sources())
    site = urlsplit(settings.SITE_URL).netloc
    external = {
        urldefrag(address).url
        for _, _, links in sources
        for address in links.values()
        if urlsplit(address).netloc != site
    }
    with ThreadPoolExecutor(max_workers=settings.LINK_CHECK_WORKERS) as pool:
        findings = dict(zip(external, pool.map(linkprobe.probe, external), strict=True))
    now = timezone.now()
    with transaction.atomic():
        for field, source, links in sources:
            for url, address in links.items():
                found = findings.get(urldefrag(address).url) or internal_finding(address)
                LinkCheck.objects.update_or_create(
                    **{field: source},
                    url=url,
                    defaults={
                        "status": found.status,
                        "http_status": found.http_status,
                        "new_url": found.new_url[:2000],
                        "note": found.note[:300],
                        "checked_at": now,
                    },
                )
        # Links deleted from a text, and texts no longer published, leave the list.
        LinkCheck.objects.exclude(checked_at=now).delete()
    checked = LinkCheck.objects.filter(checked_at=now)
    return (
        f"{checked.count()} Links geprüft, {checked.broken().count()} defekt, "
        f"{checked.filter(status=Status.MOVED).count()} verschoben"
    )


def links_in(markup):
    """Every link and image address in `markup`, as written, once each, in order."""
    if not markup or ("href" not in markup and "src" not in markup):
        return []
    found = {}
    for element in html.fragment_fromstring(markup, create_parent="div").iter("a", "img"):
        url = (element.get("href" if element.tag == "a" else "src") or "").strip()
        if url and not url.lower().startswith(NOT_CHECKED):
            found[url] = True
    return list(found)


def _sources():
    """(field, article or page, {link as written: absolute address})."""
    base = settings.SITE_URL
    for article in Article.objects.published().only("slug", "body"):
        yield "article", article, _addresses(base + article.get_absolute_url(), article.body)
    for page in FlatPage.objects.filter(sites=settings.SITE_ID).only("url", "content"):
        yield "flatpage", page, _addresses(base + page.url, page.content)


def _addresses(page_url, markup):
    addresses = {}
    for url in links_in(markup):
        address = urljoin(page_url, url)
        if urlsplit(address).scheme in ("http", "https"):
            addresses[url] = address
    return addresses


def internal_finding(address):
    """Whether an address on our own site shows a reader something, from our URLs and data."""
    parts = urlsplit(address)
    path = unquote(parts.path) or "/"
    if "\x00" in path:
        return Finding(Status.BROKEN, note="Diese Seite gibt es bei uns nicht.")
    for prefix, exists in (
        (settings.MEDIA_URL, default_storage.exists),
        (settings.STATIC_URL, finders.find),
    ):
        if path.startswith(prefix):
            return _file_finding(exists, path.removeprefix(prefix))
    redirect = Redirect.objects.filter(site_id=settings.SITE_ID, old_path=path).first()
    if redirect:
        if not redirect.new_path:
            return Finding(Status.BROKEN, note="Diese Seite wurde entfernt (Weiterleitung: 410).")
        return Finding(Status.MOVED, new_url=redirect.new_path, note="Weitergeleitet.")
    try:
        match = resolve(path)
    except Resolver404:
        return _unresolved(path)
    return _page_exists(match, path, unquote(parts.fragment))


def _file_finding(exists, name):
    try:
        found = name and ".." not in name and exists(name)
    except (SuspiciousFileOperation, ValueError, OSError):
        found = False  # an absolute or otherwise odd path: nothing of ours
    return Finding(Status.OK) if found else Finding(Status.BROKEN, note="Die Datei fehlt.")


def _unresolved(path):
    if FlatPage.objects.filter(url=path, sites=settings.SITE_ID).exists():
        return Finding(Status.OK)
    if not path.endswith("/"):
        try:
            resolve(f"{path}/")
        except Resolver404:
            pass
        else:
            return Finding(Status.MOVED, new_url=f"{path}/", note="Adresse ohne Schrägstrich.")
    return Finding(Status.BROKEN, note="Diese Seite gibt es bei uns nicht.")


def _page_exists(match, path, fragment):
    checks = {
        "blog:article": lambda slug: Article.objects.published().filter(slug=slug),
        "blog:category": lambda slug: Category.objects.filter(slug=slug),
        "blog:tag": lambda slug: Tag.objects.filter(slug=slug),
    }
    if match.func is flatpage_views.flatpage:
        rows = FlatPage.objects.filter(url=match.kwargs.get("url", path))
    elif match.view_name in checks:
        rows = checks[match.view_name](match.kwargs["slug"])
    else:
        return Finding(Status.OK)
    if match.view_name == "blog:article" and fragment:
        found = rows.values_list("body", flat=True).first()
        if found is not None and fragment not in toc.anchors(found):
            return Finding(Status.BROKEN, note=f"Den Abschnitt #{fragment} gibt es dort nicht.")
    if rows.exists():
        return Finding(Status.OK)
    if match.view_name == "blog:article":
        return Finding(Status.BROKEN, note="Der Artikel ist nicht (mehr) veröffentlicht.")
    return Finding(Status.BROKEN, note="Diese Seite gibt es bei uns nicht (mehr).")
