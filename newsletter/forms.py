from django import forms

HONEYPOT_FIELD = "homepage"


class SignupForm(forms.Form):
    email = forms.EmailField(
        label="E-Mail-Adresse",
        max_length=254,
        error_messages={
            "required": "Bitte geben Sie Ihre E-Mail-Adresse ein.",
            "invalid": "Das sieht nicht wie eine E-Mail-Adresse aus. Bitte prüfen Sie die "
            "Schreibweise, zum Beispiel name@example.de.",
            "max_length": "Diese E-Mail-Adresse ist zu lang: höchstens 254 Zeichen "
            "(Ihre hat %(show_value)d).",
        },
    )
    first_name = forms.CharField(
        label="Vorname",
        max_length=100,
        required=False,
        error_messages={"max_length": "Der Vorname darf höchstens 100 Zeichen haben."},
    )
    consent = forms.BooleanField(
        required=True,
        error_messages={
            "required": "Bitte setzen Sie das Häkchen bei der Einwilligung, damit wir Ihnen "
            "die Elternpost schicken dürfen."
        },
    )
    # Filled only by bots: people neither see nor hear it (see the signup template).
    homepage = forms.CharField(required=False, label="Bitte dieses Feld leer lassen")
    # Which wording of the consent the visitor saw, and where: the proof of consent.
    consent_version = forms.CharField(required=False, widget=forms.HiddenInput)
    source = forms.CharField(required=False, widget=forms.HiddenInput)

    def is_bot(self):
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    def clean_consent_version(self):
        # A mangled hidden field must not cost the visitor the signup: fall back to current.
        value = self.cleaned_data["consent_version"].strip()
        return int(value) if value.isdecimal() and len(value) < 9 else None

    def clean_source(self):
        # Only our own paths are kept as proof; anything else is not a page of this site.
        source = self.cleaned_data["source"].strip()
        if not source.startswith("/") or source.startswith("//"):
            return ""
        return source[:500]
