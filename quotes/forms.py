import datetime

from django import forms
from django.utils.dates import MONTHS

from quotes.models import Quote, current_month

# Authors paste quotes with their own quotation marks; the page sets the German „…“ itself.
QUOTATION_MARKS = '"„“”‚‘«»‹›'

YEARS_BACK = 15
YEARS_AHEAD = 3


def year_choices(*extra_years):
    this_year = current_month().year
    years = set(range(this_year - YEARS_BACK, this_year + YEARS_AHEAD + 1)) | set(extra_years)
    return [(year, str(year)) for year in sorted(years)]


class MonthWidget(forms.MultiWidget):
    """Two selects, month and year: a quote belongs to a month, so no day to pick."""

    template_name = "quotes/widgets/month.html"

    def __init__(self, attrs=None, years=()):
        month_select = forms.Select(attrs={"aria-label": "Monat"}, choices=MONTHS.items())
        year_select = forms.Select(attrs={"aria-label": "Jahr"}, choices=years)
        super().__init__([month_select, year_select], attrs)

    def decompress(self, value):
        if value:
            return [value.month, value.year]
        return [None, None]


class MonthField(forms.MultiValueField):
    def __init__(self, *, years, **kwargs):
        fields = [
            forms.TypedChoiceField(
                choices=MONTHS.items(),
                coerce=int,
                error_messages={"invalid_choice": "Bitte wählen Sie einen Monat aus der Liste."},
            ),
            forms.TypedChoiceField(
                choices=years,
                coerce=int,
                error_messages={"invalid_choice": "Bitte wählen Sie ein Jahr aus der Liste."},
            ),
        ]
        super().__init__(
            fields,
            widget=MonthWidget(years=years),
            error_messages={"required": "Bitte wählen Sie Monat und Jahr."},
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list:
            return None
        month, year = data_list
        return datetime.date(year, month, 1)


class QuoteAdminForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = ["text", "author", "source", "month"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "month" not in self.fields:
            return  # shown read-only to staff who may only look
        # An old quote keeps its year selectable even when it lies outside the usual range.
        extra = [self.instance.month.year] if self.instance.month else []
        model_field = self.fields["month"]
        self.fields["month"] = MonthField(
            years=year_choices(*extra), label=model_field.label, help_text=model_field.help_text
        )

    def clean_text(self):
        text = self.cleaned_data["text"].strip().strip(QUOTATION_MARKS).strip()
        if not text:
            raise forms.ValidationError("Bitte geben Sie den Wortlaut des Zitats ein.")
        return text
