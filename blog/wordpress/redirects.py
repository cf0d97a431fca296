"""Old WordPress addresses kept alive: each becomes a redirect to the new page (301)."""

import re
from urllib.parse import unquote, urlsplit

from django.contrib.redirects.models import Redirect
from django.utils.encoding import escape_uri_path

ID_QUERY = re.compile(r"(?:p|page_id)=\d+")
# `?p=123` for posts, `?page_id=123` for pages: WordPress's addresses before permalinks.
ID_PARAMETERS = {"post": "p", "page": "page_id"}


class Redirects:
    def __init__(self, *, django_site, base_url, writer, summary):
        self.django_site = django_site
        self.base_path = urlsplit(base_url).path.rstrip("/")
        self.writer = writer
        self.summary = summary
        self.known = None  # old path → new path, loaded on first use

    def add_for(self, item, new_path):
        """Redirect the item's permalink and its `?p=` (or `?page_id=`) address to `new_path`."""
        self.add(item.link, new_path, item)
        parameter = ID_PARAMETERS[item.post_type]
        self.add(f"{self.base_path}/?{parameter}={item.post_id}", new_path, item)

    def add(self, old_url, new_path, item):
        split = urlsplit(old_url)
        old_path = escape_uri_path(re.sub(r"/+", "/", unquote(split.path))) or "/"
        if split.query:
            if not ID_QUERY.fullmatch(split.query):
                return
            old_path = f"{old_path}?{split.query}"
        if old_path in ("/", new_path):
            return
        if len(old_path) > 200:
            self.summary.warn(
                item, f"Alte Adresse zu lang für eine Weiterleitung: {old_path}", "addresses"
            )
            return
        if self.known is None:
            self.known = dict(
                Redirect.objects.filter(site=self.django_site).values_list("old_path", "new_path")
            )
        known = self.known.get(old_path)
        if known is None:
            self.writer.add(Redirect(site=self.django_site, old_path=old_path, new_path=new_path))
            self.summary.extras["redirects"] += 1
        elif known != new_path:
            # Another export (another site counting its ids from 1 too) had this address.
            self.summary.warn(
                item, f"Die alte Adresse {old_path} führte zu {known} – jetzt hierher.", "addresses"
            )
            Redirect.objects.filter(site=self.django_site, old_path=old_path).update(
                new_path=new_path
            )
        self.known[old_path] = new_path
