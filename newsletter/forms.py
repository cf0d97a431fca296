import json
import re
import unicodedata

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError

from newsletter.models import Topic

HONEYPOT_FIELD = "homepage"
FAILED_SIGNUP_TAG = "newsletter-signup"
# What a failed signup carries back to its page; each value cut short, so hostile input
# cannot outgrow the messages cookie (a longer one still fails the same way).
_CARRIED_FIELDS = ("email", "first_name", "consent", "consent_version", "source")
_CARRIED_LENGTH = 300
_CARRIED_TOPICS = 50
FIRST_NAME_MAX_LENGTH = 50
# "://", "www.", an address's "@" or a dotted host such as "gewinn.example": a first name
# is printed in mails, where a link-like name would turn our mail into someone's advert.
_LINK_LIKE = re.compile(r"://|www\.|@|[^\s.]\.[^\W\d_]{2,}", re.IGNORECASE)
# Control and format characters, line and paragraph separators: a name is one plain line.
_NOT_ONE_LINE = {"Cc", "Cf", "Zl", "Zp"}
# Names that never reach a mailbox on the internet (RFC 2606, 6761, 6762, 8375 and the
# usual home-network names); Django's validator accepts "localhost" and IP literals.
_PRIVATE_TOP_LEVEL = {
    "localhost", "local", "localdomain", "test", "invalid", "example", "internal", "lan",
    "home", "arpa", "onion",
}  # fmt: skip


def validate_first_name(value):
    if any(unicodedata.category(char) in _NOT_ONE_LINE for char in value):
        raise ValidationError(
            "Bitte geben Sie den Vornamen in einer Zeile ein, ohne Zeilenumbrüche oder "
            "Steuerzeichen."
        )
    if _LINK_LIKE.search(value):
        raise ValidationError(
            "Bitte geben Sie nur Ihren Vornamen ein, ohne Web- oder E-Mail-Adresse."
        )


def first_name_field():
    """The optional first name of the signup form and the subscriber's own page."""
    return forms.CharField(
        label="Vorname",
        max_length=FIRST_NAME_MAX_LENGTH,
        required=False,
        validators=[validate_first_name],
        error_messages={
            "max_length": f"Der Vorname darf höchstens {FIRST_NAME_MAX_LENGTH} Zeichen haben."
        },
    )


def topics_field():
    """Optional topic checkboxes; their values are the topics' slugs. None means all."""
    return forms.ModelMultipleChoiceField(
        label="Themen",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Dieses Thema gibt es nicht (mehr). Bitte wählen Sie aus der Liste.",
            "invalid_pk_value": "Dieses Thema gibt es nicht. Bitte wählen Sie aus der Liste.",
            "invalid_list": "Bitte wählen Sie Themen aus der Liste.",
        },
    )


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
    first_name = first_name_field()
    topics = topics_field()
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

    def clean_email(self):
        email = self.cleaned_data["email"]
        labels = email.rpartition("@")[2].rstrip(".").lower().split(".")
        if (
            len(labels) < 2
            or labels[0].startswith("[")
            or labels[-1].isdecimal()
            or labels[-1] in _PRIVATE_TOP_LEVEL
        ):
            raise ValidationError(
                "Bitte verwenden Sie eine Adresse mit einer Internet-Domain, zum Beispiel "
                "name@example.de. An Adressen wie name@localhost oder an eine IP-Adresse "
                "können wir nichts schicken."
            )
        return email

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


def carry_to_page(request, form):
    """Keeps a failed signup's input for the page it came from (`form_from_page` reads it).

    A flash message, not the session: its cookie is gone once read, and while it is there
    the page cache neither serves nor stores that visitor's page (core/cache.py).
    """
    data = {name: form.data.get(name, "")[:_CARRIED_LENGTH] for name in _CARRIED_FIELDS}
    topics = form.data.getlist("topics")[:_CARRIED_TOPICS]
    data["topics"] = [slug[:_CARRIED_LENGTH] for slug in topics]
    messages.error(request, json.dumps(data), extra_tags=FAILED_SIGNUP_TAG)


def form_from_page(request):
    """The failed signup carried back to this page, bound again to show its errors; or None."""
    for message in messages.get_messages(request):
        if message.extra_tags == FAILED_SIGNUP_TAG:
            form = SignupForm(json.loads(message.message))
            form.is_valid()
            return form
    return None


class PreferencesForm(forms.Form):
    """A subscriber's own page: the first name and the topics."""

    first_name = first_name_field()
    topics = topics_field()
