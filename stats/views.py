from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core.spreadsheet import csv_cell, csv_download
from stats import beacon, buffer
from stats.chart import views_chart
from stats.forms import PeriodForm
from stats.reports import ARTICLE_ORDERS, Report
from stats.services import counts_flush


# No CSRF token: the beacon comes from cached pages. A forged beacon can change nothing but
# a counter, and browsers' Sec-Fetch-Site and Origin headers keep other sites' forms out.
@csrf_exempt
@never_cache
def count(request):
    """The beacon of static/js/stats.js: 204 for anything taken (or quietly ignored)."""
    if not settings.STATS:
        raise Http404
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    try:
        if beacon.is_cross_site(request):
            raise beacon.Refused(403)
        if beacon.over_rate_limit(request):
            raise beacon.Refused(429)
        payload = beacon.read_payload(request)
    except beacon.Refused as refused:
        return HttpResponse(status=refused.status)
    if not beacon.is_bot_or_prefetch(request):
        _count_beacon(request, payload)
    return HttpResponse(status=204)


def _count_beacon(request, payload):
    if "t" in payload:
        click = beacon.related_click(payload)
        if click:
            buffer.count([click], fingerprint=beacon.fingerprint(request, *click))
        return
    own_host = urlsplit(f"//{request.get_host()}").hostname or ""
    # One search is not a repeat of another: the term is part of what was seen.
    seen = beacon.fingerprint(request, payload["p"], beacon.search_term(payload.get("q")))
    buffer.count(beacon.view_counts(payload, own_host), fingerprint=seen)


def dashboard(request):
    """/admin/statistik/: the reading statistics of a period, as tables, a chart and CSV."""
    if not request.user.has_perm("stats.view_statistics"):
        raise PermissionDenied
    if settings.STATS:
        # What the worker has not written yet: the page is current to a few seconds.
        counts_flush()
    form = PeriodForm(request.GET if "zeitraum" in request.GET else None)
    period = form.period()
    report = Report(period)
    order = request.GET.get("sortierung", "aufrufe")
    order = order if order in ARTICLE_ORDERS else "aufrufe"
    if "csv" in request.GET:
        return _csv(report, request.GET["csv"], order)
    per_day = report.views_per_day()
    period_query = {
        key: request.GET[key] for key in ("zeitraum", "von", "bis") if key in request.GET
    }
    context = {
        **admin.site.each_context(request),
        "title": "Lesestatistik",
        "form": form,
        "period": period,
        "chart": views_chart(per_day),
        "per_day": per_day,
        "articles": report.articles(order),
        "order": order,
        "tables": report.tables(),
        "period_query": urlencode(period_query),
        "stats_on": settings.STATS,
    }
    return render(request, "admin/stats/dashboard.html", context)


def _csv(report, name, order):
    tables = {table.slug: table for table in [report.article_table(order), *report.tables()]}
    if name not in tables:
        raise Http404
    table = tables[name]
    response, writer = csv_download(f"statistik-{table.slug}-{report.period.slug()}.csv")
    writer.writerow(table.columns)
    writer.writerows([csv_cell(cell) for cell in row] for row in table.rows)
    return response


admin_dashboard = admin.site.admin_view(dashboard)
