from django.views.generic import ListView

from quotes.models import Quote


class QuoteListView(ListView):
    paginate_by = 12
    template_name = "quotes/quote_list.html"

    def get_queryset(self):
        return Quote.objects.published().order_by("-month")
