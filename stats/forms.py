from django import forms
from django.utils import timezone

from stats.reports import Period

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


DATE_PICKER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    zeitraum = forms.ChoiceField(
        label="Zeitraum",
        choices=[
            ("7", "Letzte 7 Tage"),
            ("30", "Letzte 30 Tage"),
            ("365", "Letzte 365 Tage"),
            ("eigener", "Eigener Zeitraum"),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    # A date picker wants ISO dates, whatever the page's language.
    von = forms.DateField(label="Von", required=False, widget=DATE_PICKER)
    bis = forms.DateField(label="Bis", required=False, widget=DATE_PICKER)

    def __init__(self, data=None):
        period = Period.last_days(DEFAULT_DAYS)
        initial = {"zeitraum": str(DEFAULT_DAYS), "von": period.first, "bis": period.last}
        super().__init__(data, initial=initial)

    def clean(self):
        data = super().clean()
        if data.get("zeitraum") != "eigener" or self.errors:
            return data
        first, last = data.get("von"), data.get("bis")
        if not first or not last:
            raise forms.ValidationError("Für einen eigenen Zeitraum bitte Von und Bis angeben.")
        if first > last:
            raise forms.ValidationError("Das Von-Datum liegt nach dem Bis-Datum.")
        if (last - first).days >= MAX_DAYS:
            raise forms.ValidationError("Bitte höchstens drei Jahre auf einmal wählen.")
        return data

    def period(self):
        """The chosen period; the last 30 days when nothing (valid) was chosen."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        choice = data.get("zeitraum") or str(DEFAULT_DAYS)
        if choice == "eigener":
            return Period(data["von"], data["bis"])
        return Period.last_days(int(choice), timezone.localdate())
