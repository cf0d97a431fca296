"""Images downloaded from the old blog itself, for imports without the uploads folder.

Only from the export's own site (the host of `wp:base_site_url`), over http or https,
following redirects only on that host, never to a private, loopback or link-local address
(unless WORDPRESS_FETCH_ALLOW_PRIVATE, for tests), within the upload byte limit and a time
limit. The address is resolved and checked once and then connected to as checked, so a
second DNS answer cannot point the download elsewhere.
"""

import http.client
import ipaddress
import socket
import ssl
import time
from pathlib import PurePosixPath
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile

TIMEOUT_SECONDS = 10
DEADLINE_SECONDS = 60
MAX_REDIRECTS = 3
# Connection failures in a row after which a run stops asking: a site that is gone would
# otherwise cost a timeout for each of its images.
MAX_UNREACHABLE = 3
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECTS = {301, 302, 303, 307, 308}
GONE = {404, 410}
CHUNK_BYTES = 64 * 1024


class FetchFailed(Exception):
    """The file could not be brought in; the message says why, in German.

    `lasting` tells a refusal that a later run would meet again (a foreign host, a file
    too large) from one that may pass next time (a timeout, a server error).
    """

    def __init__(self, message, *, lasting=True):
        super().__init__(message)
        self.lasting = lasting


class RemoteMedia:
    """Files below the old site's `wp-content/uploads/`, read over the network."""

    def __init__(self, site_url):
        split = urlsplit(site_url)
        if split.scheme not in DEFAULT_PORTS or not split.hostname:
            raise FetchFailed(
                f"Die Adresse des alten Blogs ({site_url or 'keine'}) ist keine http- oder "
                "https-Adresse; von dort lädt der Import keine Bilder."
            )
        self.site_url = site_url.rstrip("/")
        self.host = split.hostname.lower()
        self.ports = {split.port or DEFAULT_PORTS[split.scheme], *DEFAULT_PORTS.values()}
        self.unreachable = 0

    def url(self, path):
        return f"{self.site_url}/wp-content/uploads/{quote(path)}"

    def read(self, path):
        """The file at `path` as a ContentFile, or None when the old site does not have it.

        Raises FetchFailed for everything else.
        """
        if self.unreachable >= MAX_UNREACHABLE:
            raise FetchFailed(
                f"Die alte Seite war {MAX_UNREACHABLE}-mal nicht erreichbar; dieser Lauf "
                "versucht es nicht weiter.",
                lasting=False,
            )
        url = self.url(path)
        deadline = time.monotonic() + DEADLINE_SECONDS
        for _ in range(MAX_REDIRECTS + 1):
            status, location, data = self._get(url, deadline)
            if status in REDIRECTS and location:
                url = urljoin(url, location)
                continue
            if status in GONE:
                return None
            if status != 200:
                raise FetchFailed(f"Die alte Seite antwortet mit {status}.", lasting=False)
            return ContentFile(data, name=PurePosixPath(path).name)
        raise FetchFailed("Zu viele Weiterleitungen.")

    def _get(self, url, deadline):
        split = urlsplit(url)
        self._check_origin(split)
        address = _checked_address(split.hostname, split.port or DEFAULT_PORTS[split.scheme])
        connection = pinned_connection(split, address)
        target = split.path + (f"?{split.query}" if split.query else "")
        try:
            connection.request("GET", target or "/", headers={"User-Agent": "Elternblog-Import"})
            response = connection.getresponse()
            self.unreachable = 0
            if response.status != 200:
                return response.status, response.getheader("Location"), b""
            return 200, None, _body(response, deadline)
        except (OSError, http.client.HTTPException) as error:
            self.unreachable += 1
            raise FetchFailed(
                f"Die alte Seite ist nicht erreichbar ({error}).", lasting=False
            ) from error
        finally:
            connection.close()

    def _check_origin(self, split):
        port = split.port or DEFAULT_PORTS.get(split.scheme)
        if split.scheme not in DEFAULT_PORTS or (split.hostname or "").lower() != self.host:
            raise FetchFailed(
                f"Weiterleitung zu einer anderen Adresse ({split.scheme}://{split.hostname}) – "
                f"Bilder kommen nur von {self.host}."
            )
        if port not in self.ports:
            raise FetchFailed(f"Weiterleitung zu Port {port} – Bilder kommen nur von {self.host}.")


def _checked_address(host, port):
    """The host's first address, if every address it has is a public one (or allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchFailed(
            f"Den Namen {host} kennt kein Nameserver ({error}).", lasting=False
        ) from error
    addresses = [info[4][0] for info in infos]
    if not settings.WORDPRESS_FETCH_ALLOW_PRIVATE:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global or ip.is_multicast:
                raise FetchFailed(
                    f"{host} zeigt auf eine interne Adresse ({address}); von dort lädt der "
                    "Import nichts."
                )
    return addresses[0]


def pinned_connection(split, address, *, timeout=None):
    """A connection that speaks to the host by its name but opens its socket to `address`.

    Also used by the link check (blog/linkprobe.py), with its own shorter timeout.
    """
    port = split.port or DEFAULT_PORTS[split.scheme]
    timeout = timeout or TIMEOUT_SECONDS
    if split.scheme == "https":
        connection = http.client.HTTPSConnection(
            split.hostname, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(split.hostname, port, timeout=timeout)
    # http.client opens its socket through this attribute; the Host header and the name
    # checked against the TLS certificate stay the site's own.
    connection._create_connection = lambda _, *args: socket.create_connection(
        (address, port), *args
    )
    return connection


def _body(response, deadline):
    limit = settings.UPLOAD_IMAGE_MAX_BYTES
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchFailed(_too_large(int(length), limit))
    chunks, size = [], 0
    while chunk := response.read(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise FetchFailed(_too_large(size, limit))
        if time.monotonic() > deadline:
            raise FetchFailed(
                f"Das Laden dauerte länger als {DEADLINE_SECONDS} Sekunden.", lasting=False
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size, limit):
    return (
        f"Die Datei ist mit über {size / 1_000_000:.1f} MB zu groß "
        f"(höchstens {limit / 1_000_000:.0f} MB)."
    )
