from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("Datenbank nicht erreichbar", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
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
    # Rendered without context processors' database work: the database may be the problem.
    return _error_page(
        request,
        500,
        "Da ist etwas schiefgegangen",
        "Ein Fehler auf unserer Seite. Wir kümmern uns darum – bitte versuchen Sie es gleich noch "
        "einmal.",
    )
