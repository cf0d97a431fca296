import sys

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

# How long browsers and load balancers should wait before asking again during an outage.
RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = HttpResponse("Datenbank nicht erreichbar", status=503, content_type="text/plain")
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def database_unavailable(request):
    """The German 503 page, rendered without context processors: they may need the database."""
    context = {"SITE_NAME": settings.SITE_NAME}
    response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = RETRY_AFTER_SECONDS
    return response


@require_safe
def media(request, path):
    """Uploads, from MEDIA_ROOT as it is now (tests move it); nginx or S3 take over in production.

    They are re-encoded raster images; SecurityMiddleware adds `nosniff`, so a browser never
    runs a file as anything but what its name says.
    """
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        f"Disallow: /{settings.ADMIN_URL}",
        "Disallow: /newsletter/bestaetigen/",
        "Disallow: /newsletter/abmelden/",
        "Disallow: /suche/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _error_page(request, status, title, message):
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request, exception=None):
    return _error_page(
        request, 400, "Ungültige Anfrage", "Diese Anfrage konnten wir leider nicht verstehen."
    )


def permission_denied(request, exception=None):
    return _error_page(
        request, 403, "Zugriff verweigert", "Für diese Seite fehlt Ihnen leider die Berechtigung."
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        404,
        "Seite nicht gefunden",
        "Diese Seite gibt es nicht (mehr). Vielleicht hilft die Suche oder die Startseite weiter.",
    )


def server_error(request):
    # A database lost while the middleware ran (a session lookup, say) lands here, not in
    # DatabaseUnavailableMiddleware: it is still an outage, not a bug.
    if isinstance(sys.exception(), (OperationalError, InterfaceError)):
        return database_unavailable(request)
    # Rendered without context processors' database work: the database may be the problem.
    return _error_page(
        request,
        500,
        "Da ist etwas schiefgegangen",
        "Ein Fehler auf unserer Seite. Wir kümmern uns darum – bitte versuchen Sie es gleich noch "
        "einmal.",
    )
