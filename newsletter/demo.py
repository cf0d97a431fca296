from core.demo_registry import register
from newsletter import demo_editions, demo_welcome  # noqa: F401 (they register themselves)
from newsletter.models import SignupBox

HEADING = "Die Elternpost"
PITCH = (
    "Einmal im Monat ein ruhiger Brief: die neuen Artikel, ein Gedanke zum Mitnehmen und das "
    "Zitat des Monats. Keine Werbung, kein Gedränge im Postfach."
)
CONSENT_TEXT = (
    "Ja, ich möchte die Elternpost abonnieren: höchstens einmal im Monat eine E-Mail der "
    "Betreiberin dieses Blogs mit neuen Artikeln und dem Zitat des Monats. Meine Einwilligung "
    "kann ich jederzeit widerrufen, mit dem Abmeldelink in jeder Ausgabe."
)


@register("newsletter", order=40)
def seed():
    _box, created = SignupBox.objects.get_or_create(
        version=1, defaults={"heading": HEADING, "pitch": PITCH, "consent_text": CONSENT_TEXT}
    )
    return "Anmeldebox angelegt" if created else "Anmeldebox war schon da"
