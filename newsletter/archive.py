"""The edition archive on the web (/newsletter/archiv/): what went out, nothing personal."""

from django.views.generic import DetailView, ListView

from newsletter.models import Edition
from newsletter.rendering import appendix


class EditionArchiveView(ListView):
    queryset = Edition.objects.sent().only("subject", "started_at").order_by("-started_at", "-id")
    template_name = "newsletter/edition_archive.html"
    paginate_by = 20


class EditionDetailView(DetailView):
    queryset = Edition.objects.sent().select_related("quote")
    template_name = "newsletter/edition_detail.html"

    def get_context_data(self, **kwargs):
        articles, quote = appendix(self.object)
        return super().get_context_data(articles=articles, quote=quote, **kwargs)
