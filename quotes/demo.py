from core.demo_registry import register
from quotes.models import Quote, current_month

# Public-domain sayings only: every author died more than seventy years ago. Oldest first;
# the last one is planned for next month, so the admin shows a scheduled quote too.
QUOTES = [
    (
        "Der Mensch kann nur Mensch werden durch Erziehung.",
        "Immanuel Kant",
        "Über Pädagogik",
    ),
    (
        "Kommt, lasst uns unsern Kindern leben!",
        "Friedrich Fröbel",
        "Wahlspruch auf dem Titelblatt der „Mutter- und Koselieder“",
    ),
    (
        "Vater werden ist nicht schwer,\nVater sein dagegen sehr.",
        "Wilhelm Busch",
        "Julchen",
    ),
    (
        "Es ist nichts groß, was nicht gut ist; und ist nichts wahr, was nicht besteht.",
        "Matthias Claudius",
        "An meinen Sohn Johannes",
    ),
    (
        "Der Mensch spielt nur, wo er in voller Bedeutung des Worts Mensch ist, "
        "und er ist nur da ganz Mensch, wo er spielt.",
        "Friedrich Schiller",
        "Über die ästhetische Erziehung des Menschen, 15. Brief",
    ),
    (
        "Wer nichts weiß, muss alles glauben.",
        "Marie von Ebner-Eschenbach",
        "Aphorismen",
    ),
    (
        "Was du ererbt von deinen Vätern hast,\nErwirb es, um es zu besitzen.",
        "Johann Wolfgang von Goethe",
        "Faust. Der Tragödie erster Teil",
    ),
    (
        "Kein Mensch muss müssen.",
        "Gotthold Ephraim Lessing",
        "Nathan der Weise",
    ),
    (
        "… Geduld zu haben gegen alles Ungelöste in Ihrem Herzen und zu versuchen, "
        "die Fragen selbst liebzuhaben …",
        "Rainer Maria Rilke",
        "Briefe an einen jungen Dichter",
    ),
    (
        "Es ist nicht genug, zu wissen, man muss auch anwenden; "
        "es ist nicht genug, zu wollen, man muss auch tun.",
        "Johann Wolfgang von Goethe",
        "Wilhelm Meisters Wanderjahre",
    ),
    (
        "Denn wir können die Kinder nach unserem Sinne nicht formen;\n"
        "So wie Gott sie uns gab, so muss man sie haben und lieben.",
        "Johann Wolfgang von Goethe",
        "Hermann und Dorothea",
    ),
    (
        "Der Eltern Leben ist dem Kinde Spiegel.",
        "Friedrich Fröbel",
        "Mutter- und Koselieder",
    ),
]


def _add_months(month, count):
    index = month.year * 12 + month.month - 1 + count
    return month.replace(year=index // 12, month=index % 12 + 1)


@register("Zitate", order=30)
def seed():
    # Ten past months, this month and the next: a year of quotes around the seeding day.
    first = _add_months(current_month(), -(len(QUOTES) - 2))
    created = 0
    for offset, (text, author, source) in enumerate(QUOTES):
        month = _add_months(first, offset)
        # Known by its wording, so a second run months later adds nothing and moves nothing.
        if Quote.objects.filter(text=text).exists() or Quote.objects.filter(month=month).exists():
            continue
        Quote.objects.create(text=text, author=author, source=source, month=month)
        created += 1
    return f"{created} neu, {len(QUOTES) - created} schon vorhanden"
