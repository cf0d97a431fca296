"""Demo editions: one in the archive, one draft to preview, test and send from the admin."""

from datetime import timedelta

from django.utils import timezone

from core.demo_registry import register
from newsletter.models import Edition

SENT = {
    "subject": "Elternpost: Wenn die Tage kürzer werden",
    "body": (
        "<p>draußen wird es früher dunkel, und drinnen werden die Abende länger. Bei uns "
        "hat sich ein kleines Ritual eingeschlichen: Nach dem Abendessen zünden wir eine "
        "Kerze an, und jedes Kind erzählt eine Sache, die heute schön war – und eine, die "
        "schwer war.</p>"
        "<p>Manchmal dauert das zwei Minuten, manchmal eine halbe Stunde. Beides ist gut.</p>"
        "<h2>Zum Ausprobieren</h2>"
        "<ul><li>eine feste Zeit, aber keine feste Dauer</li>"
        "<li>Erwachsene erzählen auch – ehrlich, aber kindgerecht</li>"
        "<li>nichts kommentieren, nur zuhören</li></ul>"
        "<p>Herzliche Grüße und ruhige Abende!</p>"
    ),
}
DRAFT = {
    "subject": "Elternpost: Geduld, die man nicht kaufen kann",
    "body": (
        "<p>diesen Monat geht es um Geduld – die mit unseren Kindern und die mit uns "
        "selbst. Unten finden Sie die neuen Artikel und das Zitat des Monats.</p>"
        "<p>Schreiben Sie mir gern, was Ihnen an langen Tagen hilft.</p>"
    ),
}


@register("Elternpost-Ausgaben", order=60)
def seed():
    if Edition.objects.exists():
        return "schon vorhanden"
    started = timezone.now() - timedelta(days=30)
    sent = Edition(**SENT, include_articles=False, include_quote=False)
    sent.status, sent.started_at, sent.sent_at = Edition.Status.SENT, started, started
    sent.save()
    Edition.objects.create(**DRAFT)
    return "eine versendete Ausgabe im Archiv, ein Entwurf"
