from django.conf import settings
from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from blog.sitemaps import SITEMAPS as BLOG_SITEMAPS
from core import views as core_views
from newsletter import webhooks as newsletter_webhooks
from newsletter.sitemaps import SITEMAPS as NEWSLETTER_SITEMAPS
from stats import views as stats_views

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots-txt"),
    path(f"{settings.ADMIN_URL}statistik/", stats_views.admin_dashboard, name="stats-dashboard"),
    # Each app lists its own pages; the sitemap is where they meet.
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {**BLOG_SITEMAPS, **NEWSLETTER_SITEMAPS}},
        name="sitemap",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # Our upload view re-encodes images; see blog/uploads.py.
    path("ckeditor/", include("blog.uploads")),
    path("impressum/", flatpage_views.flatpage, {"url": "/impressum/"}, name="impressum"),
    path("datenschutz/", flatpage_views.flatpage, {"url": "/datenschutz/"}, name="datenschutz"),
    path("ueber-mich/", flatpage_views.flatpage, {"url": "/ueber-mich/"}, name="ueber-mich"),
    path("zitate/", include("quotes.urls")),
    path("newsletter/", include("newsletter.urls")),
    # The mail service's bounce and complaint reports (django-anymail; 404 without a secret).
    path("anymail/<str:esp>/tracking/", newsletter_webhooks.tracking, name="anymail-tracking"),
    path("statistik/", include("stats.urls")),
    # Uploads are re-encoded raster images; in a bigger setup nginx or S3 serves them.
    re_path(r"^media/(?P<path>.*)$", core_views.media, name="media"),
    path("", include("blog.urls")),
]
