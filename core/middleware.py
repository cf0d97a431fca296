"""Small middleware for the site's safety: browser permissions, CSP per area, database outages."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import InterfaceError, OperationalError

from core.views import database_unavailable


class ForwardedForMiddleware:
    """Behind PROXY_COUNT trusted proxies, REMOTE_ADDR becomes the visitor's real address.

    Each proxy appends the address it was contacted from to X-Forwarded-For, so the entry
    PROXY_COUNT places from the end is what the outermost proxy saw; anything before it
    came from the visitor and may be forged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = settings.PROXY_COUNT
        if count:
            hops = [
                hop.strip()
                for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                if hop.strip()
            ]
            if len(hops) >= count:
                request.META["REMOTE_ADDR"] = hops[-count]
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Tells browsers this site never wants camera, microphone, location or FLoC cohorts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class AreaCSPMiddleware(CSPMiddleware):
    """The strict policy everywhere, except for the author's workplace.

    The Django admin and CKEditor 4 run inline scripts and styles, so paths under the admin
    and the editor's upload views get `CONTENT_SECURITY_POLICY_ADMIN` instead; visitors
    never reach those pages.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and _in_workplace(request):
            return PolicyParts(
                config=settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"], nonce=parts.nonce
            )
        return parts


def _in_workplace(request):
    return request.path_info.startswith((f"/{settings.ADMIN_URL}", "/ckeditor/"))


class DatabaseUnavailableMiddleware:
    """A lost database shows the German 503 page instead of a server error.

    Errors raised in other middleware (a session lookup, say) reach `core.views.server_error`,
    which answers the same way; the connection is retried on the next request by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            return database_unavailable(request)
        return None
