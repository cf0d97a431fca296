from django.contrib import admin
from django.db.models import Subquery
from django.utils.html import format_html

from quotes.forms import QuoteAdminForm
from quotes.models import Quote, current_month, next_month


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    form = QuoteAdminForm
    list_display = ["month_column", "status_column", "short_text", "author", "source"]
    list_display_links = ["month_column", "short_text"]
    search_fields = ["text", "author", "source"]
    ordering = ["-month"]
    readonly_fields = ["status_column"]
    fields = ["month", "status_column", "text", "author", "source"]

    def get_queryset(self, request):
        # The live quote's month as a subquery: the status column costs no query per row.
        live = Quote.objects.published().order_by("-month").values("month")[:1]
        return super().get_queryset(request).annotate(live_month=Subquery(live))

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # A quote not yet saved has no status to show.
        return fields if obj else [name for name in fields if name != "status_column"]

    def get_changeform_initial_data(self, request):
        # A new quote is usually planned for the next month that has none yet.
        taken = set(
            Quote.objects.filter(month__gte=current_month()).values_list("month", flat=True)
        )
        month = current_month()
        while month in taken:
            month = next_month(month)
        return {"month": month, **super().get_changeform_initial_data(request)}

    @admin.display(description="Monat", ordering="month")
    def month_column(self, quote):
        return quote.month_label

    @admin.display(description="Status")
    def status_column(self, quote):
        if quote.month == quote.live_month:
            return format_html('<strong class="quote-live">● {}</strong>', "Jetzt auf der Seite")
        if quote.month > current_month():
            return "Geplant"
        return "Archiv"

    @admin.display(description="Zitat")
    def short_text(self, quote):
        return quote.text if len(quote.text) <= 80 else quote.text[:79] + "…"
