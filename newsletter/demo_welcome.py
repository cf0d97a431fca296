"""The demo welcome mail: switched on, with three articles to start with."""

from blog.models import Article
from core.demo_registry import register
from newsletter.models import WelcomeMail

SUBJECT = "Willkommen bei der Elternpost"
BODY = (
    "<p>schön, dass Sie dabei sind! Ab jetzt kommt die Elternpost etwa einmal im Monat zu "
    "Ihnen: ein paar Gedanken aus unserem Familienalltag, die neuen Artikel aus dem Blog "
    "und das Zitat des Monats.</p>"
    "<p>Hier schreibt keine Expertin mit fertigen Antworten, sondern eine Mutter, die "
    "ausprobiert, scheitert und wieder ausprobiert. Manches davon hilft vielleicht auch "
    "Ihnen – und wenn nicht, ist das genauso in Ordnung.</p>"
    "<p>Zum Ankommen habe ich unten drei Artikel herausgesucht, die Leserinnen und Leser "
    "besonders oft weiterempfehlen.</p>"
    "<p>Wenn Sie mir antworten, landet Ihre Mail direkt bei mir. Ich freue mich über jede "
    "Rückmeldung.</p>"
    "<p>Herzliche Grüße</p>"
)
BEST_OF = ["abendritual-das-wirklich-hilft", "gefuehle-benennen", "morgens-ohne-hektik"]


@register("Willkommensmail", order=45)
def seed():
    if WelcomeMail.objects.exists():
        return "schon vorhanden"
    welcome = WelcomeMail.objects.create(subject=SUBJECT, body=BODY, active=True)
    welcome.articles.set(Article.objects.published().filter(slug__in=BEST_OF))
    return f"eingeschaltet, mit {welcome.articles.count()} Lesetipps"
