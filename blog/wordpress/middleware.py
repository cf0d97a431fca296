"""Old WordPress addresses of the form `/?p=123` (and `?page_id=123`).

RedirectFallbackMiddleware only steps in on a 404, but `/` answers 200 with the home page,
so these links would never reach it. This middleware looks them up in the same Redirect
table the import fills, keyed by the path plus only the WordPress parameter.
"""

from django.contrib.redirects.models import Redirect
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpResponsePermanentRedirect

WORDPRESS_ID_PARAMETERS = ("p", "page_id")


def wordpress_query_redirect(get_response):
    def middleware(request):
        for name in WORDPRESS_ID_PARAMETERS:
            value = request.GET.get(name, "")
            if value.isascii() and value.isdigit():
                old_path = f"{request.path}?{name}={int(value)}"
                redirect = Redirect.objects.filter(
                    site=get_current_site(request), old_path=old_path
                ).first()
                if redirect and redirect.new_path:
                    return HttpResponsePermanentRedirect(redirect.new_path)
        return get_response(request)

    return middleware
