"""Asking another site whether a link still works: one address, no database.

HEAD first (GET when a server refuses HEAD with 405 or 501), short timeouts, redirects
followed one by one and each new host checked: never a private, loopback or link-local
address (loopback only with LINK_CHECK_ALLOW_LOOPBACK, for tests). The address is resolved
and checked once and then connected to as checked (blog/wordpress/fetch.py's connection).
"""

import http.client
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from blog.link_models import LinkCheck
from blog.wordpress.fetch import DEFAULT_PORTS, pinned_connection

Status = LinkCheck.Status
MAX_REDIRECTS = 5
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
# Only two servers to blame: a busy one or one that is down may answer next week.
PASSING_TROUBLE = {408, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Finding:
    status: str
    http_status: int | None = None
    new_url: str = ""
    note: str = ""


class Refused(Exception):
    """The address may not be asked (a German reason)."""


def user_agent():
    name = settings.SITE_NAME.encode("ascii", "ignore").decode() or "Blog"
    return f"{name}-Linkpruefung/1.0 (+{settings.SITE_URL}; prueft Links aus Artikeln)"


def probe(url):
    """What asking `url` (http or https) says, following redirects."""
    moved = False
    for _ in range(MAX_REDIRECTS + 1):
        try:
            code, location = _ask(url)
        except Refused as reason:
            return Finding(Status.REFUSED, note=str(reason))
        except TimeoutError:
            return Finding(Status.UNREACHABLE, note="Keine Antwort in der vorgesehenen Zeit.")
        except (OSError, http.client.HTTPException, UnicodeError) as error:
            return Finding(Status.UNREACHABLE, note=f"Nicht erreichbar ({error}).")
        if code in REDIRECTS and location:
            moved = moved or code in PERMANENT
            url = urljoin(url, location)
            continue
        return _finding(code, url, moved)
    return Finding(Status.BROKEN, note=f"Mehr als {MAX_REDIRECTS} Weiterleitungen.")


def _finding(code, url, moved):
    if 200 <= code < 300:
        if moved:
            return Finding(Status.MOVED, code, url, "Dauerhaft verschoben: neue Adresse nutzen.")
        return Finding(Status.OK, code)
    if code in PASSING_TROUBLE:
        return Finding(Status.UNREACHABLE, code, note=f"Der Server antwortet mit {code}.")
    if code in (404, 410):
        return Finding(Status.BROKEN, code, note="Die Seite gibt es dort nicht mehr.")
    return Finding(Status.BROKEN, code, note=f"Der Server antwortet mit {code}.")


def _ask(url):
    """(HTTP status, Location) for one request, HEAD then GET when HEAD is refused."""
    split = urlsplit(url)
    if split.scheme not in DEFAULT_PORTS or not split.hostname:
        raise Refused(f"Keine http- oder https-Adresse: {url[:100]}")
    address = _public_address(split.hostname, split.port or DEFAULT_PORTS[split.scheme])
    target = (split.path or "/") + (f"?{split.query}" if split.query else "")
    answer = _request(split, address, "HEAD", target)
    if answer[0] in (405, 501):  # servers that do not take HEAD
        answer = _request(split, address, "GET", target)
    return answer


def _request(split, address, method, target):
    connection = pinned_connection(split, address, timeout=settings.LINK_CHECK_TIMEOUT)
    try:
        connection.request(method, target, headers={"User-Agent": user_agent()})
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()  # a GET's body is never read


def _public_address(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise OSError(f"den Namen {host} kennt kein Nameserver") from error
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_loopback and settings.LINK_CHECK_ALLOW_LOOPBACK:
            continue
        if not ip.is_global or ip.is_multicast:
            raise Refused(f"{host} zeigt auf eine interne Adresse ({address}); nicht abgefragt.")
    return addresses[0]
