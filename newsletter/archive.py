"""The edition archive on the web (/newsletter/archiv/): what went out, nothing personal."""

from django.http import Http404
from django.shortcuts import render
from django.views.generic import DetailView, ListView

from newsletter.models import Edition
from newsletter.rendering import appendix


class EditionArchiveView(ListView):
    queryset = Edition.objects.sent().only("subject", "started_at").order_by("-started_at", "-id")
    template_name = "newsletter/edition_archive.html"
    paginate_by = 20


class EditionDetailView(DetailView):
    """A sent edition. Before it goes out, the "Im Browser lesen" link of its test mail and
    preview already points here: staff who may read editions see it as it will be, anyone
    else a note instead of a dead link."""

    template_name = "newsletter/edition_detail.html"

    def get_queryset(self):
        editions = Edition.objects.select_related("quote")
        if self.request.user.has_perm("newsletter.view_edition"):
            return editions
        return editions.sent()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if not Edition.objects.filter(pk=kwargs["pk"]).exists():
                raise
            return render(request, "newsletter/edition_not_yet.html")

    def get_context_data(self, **kwargs):
        articles, quote = appendix(self.object)
        return super().get_context_data(articles=articles, quote=quote, **kwargs)
