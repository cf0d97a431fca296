from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site

from core.demo_registry import register

PLACEHOLDER = (
    "<p><strong>Platzhalter:</strong> Diese Seite ist ein Entwurf aus den Demo-Inhalten. "
    "Bitte im Admin unter „Seiten“ mit den eigenen Angaben ersetzen.</p>"
)

PAGES = {
    "/impressum/": (
        "Impressum",
        PLACEHOLDER + "<h2>Angaben gemäß § 5 DDG</h2>"
        "<p>Vorname Nachname<br>Musterstraße 1<br>12345 Musterstadt</p>"
        "<h2>Kontakt</h2><p>E-Mail: hallo@example.org</p>"
        "<h2>Verantwortlich für den Inhalt</h2><p>Vorname Nachname, Anschrift wie oben.</p>",
    ),
    "/datenschutz/": (
        "Datenschutzerklärung",
        PLACEHOLDER + "<h2>Wer wir sind</h2>"
        "<p>Dieser Blog wird privat betrieben. Verantwortlich ist die im Impressum genannte "
        "Person.</p>"
        "<h2>Was beim Lesen gespeichert wird</h2>"
        "<p>Beim Aufruf einer Seite verarbeitet der Server technisch notwendige Daten wie "
        "IP-Adresse und Zeitpunkt, um die Seite auszuliefern. Wir setzen keine Cookies zum "
        "Verfolgen oder für Werbung und laden nichts von fremden Servern.</p>"
        "<h2>Lesestatistik ohne Cookies</h2>"
        "<p>Damit wir wissen, welche Artikel gelesen werden, zählen wir Seitenaufrufe selbst, "
        "auf unserem eigenen Server, ohne Cookies und ohne fremde Dienste. Zeigt Ihr Browser "
        "eine Seite an, schickt ein kleines Skript dieser Website einmal diese Angaben: die "
        "Adresse der Seite, die Website, von der Sie kamen (gespeichert wird nur deren Name, "
        "etwa „google.de“, nie die vollständige Adresse), die Breite Ihres Bildschirms "
        "(gespeichert wird nur „Handy“, „Tablet“ oder „Computer“), auf der Suchseite Ihren "
        "Suchbegriff und bei "
        "Links aus einem Newsletter den Zusatz utm_source. Klicken Sie auf einen der „Ähnlichen "
        "Beiträge“, zählen wir, von welchem zu welchem Artikel.</p>"
        "<p>Gespeichert werden nur Tagessummen, etwa „Artikel X, 12. März: 40 Aufrufe“. Ihre "
        "IP-Adresse und die Kennung Ihres Browsers (User-Agent) speichern wir nicht. Um "
        "wiederholte Aufrufe derselben Seite innerhalb von 30 Minuten nur einmal zu zählen, "
        "bilden wir aus IP-Adresse, Browserkennung und Seite eine Prüfsumme mit einem "
        "Zufallswert, der jeden Tag neu gewürfelt und nach dem Tag gelöscht wird; diese "
        "Prüfsumme liegt höchstens 30 Minuten im Zwischenspeicher des Servers, nie in der "
        "Datenbank. Auf Ihrem Gerät wird nichts gespeichert. Suchbegriffe sehen wir nur, "
        "wenn sie im gewählten Zeitraum mindestens dreimal gesucht wurden. Tagessummen "
        "bewahren wir 25 Monate auf, danach nur noch Monatssummen.</p>"
        "<p>Da nichts auf Ihrem Gerät gespeichert oder ausgelesen wird, was nicht für die "
        "Anzeige der Seite nötig ist, braucht es keine Einwilligung nach § 25 TDDDG. "
        "Rechtsgrundlage der Zählung ist unser berechtigtes Interesse (Art. 6 Abs. 1 lit. f "
        "DSGVO), zu erfahren, welche Inhalte gelesen werden; einzelne Personen lassen sich in "
        "den Summen nicht erkennen. Ohne JavaScript wird nichts gezählt.</p>"
        "<h2>Newsletter „Elternpost“</h2>"
        "<p>Für den Newsletter speichern wir Ihre E-Mail-Adresse, auf Wunsch Ihren Vornamen "
        "(für die Anrede) und die Themen, die Sie gewählt haben (damit Sie nur die Ausgaben "
        "bekommen, die Sie interessieren; ohne Auswahl bekommen Sie alle), mit dem Zeitpunkt "
        "Ihrer letzten Themenwahl. Um Ihre Einwilligung nachweisen zu können, speichern wir "
        "außerdem ihren Wortlaut, die Seite, auf der Sie sich angemeldet haben, und die "
        "Zeitpunkte von Anmeldung, Bestätigungsmail und Bestätigung (Double-Opt-in); Ihre "
        "IP-Adresse speichern wir dafür nicht. Für jede Ausgabe halten wir fest, ob sie Ihnen "
        "zugestellt wurde, damit niemand sie doppelt bekommt. Meldet jemand eine schon "
        "bekannte Adresse erneut an, ändert das nichts, bis die Anmeldung über den Link in "
        "der Bestätigungsmail bestätigt ist; unbestätigte Anmeldungen löschen wir nach 30 "
        "Tagen. Vornamen und Themen ändern Sie jederzeit über den Link „Ihre Einstellungen“ "
        "in jeder Ausgabe; dort und in jeder Ausgabe können Sie sich auch abmelden. Nach der "
        "Abmeldung bleibt Ihr Eintrag als Sperrvermerk stehen, damit Ihre Adresse nichts mehr "
        "bekommt; auf Wunsch löschen wir ihn ganz. "
        "Rechtsgrundlage ist Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO). Wir werten keine "
        "Öffnungen oder Klicks aus.</p>"
        "<h2>Videos von YouTube und Vimeo</h2>"
        "<p>Manche Artikel zeigen ein Video von YouTube (Google Ireland Limited) oder Vimeo "
        "(Vimeo.com, Inc.). Zunächst sehen Sie nur einen Platzhalter von unserem Server; "
        "YouTube oder Vimeo erfahren davon nichts. Erst wenn Sie auf „Video laden“ klicken, "
        "lädt Ihr Browser den Player von www.youtube-nocookie.com bzw. player.vimeo.com und "
        "überträgt dabei Ihre IP-Adresse, die Adresse der Seite und Angaben zu Ihrem Browser; "
        "der Anbieter kann dabei Daten auf Ihrem Gerät speichern. Rechtsgrundlage ist Ihre "
        "Einwilligung durch den Klick (Art. 6 Abs. 1 lit. a DSGVO, § 25 Abs. 1 TDDDG). Statt "
        "zu klicken, können Sie das Video auch über den Link beim Anbieter ansehen.</p>"
        "<p>Weist der Mailserver Ihres Postfachs die Elternpost dauerhaft ab (Bounce) oder "
        "markieren Sie sie als Spam, speichern wir Zeitpunkt, Art und die Begründung des "
        "Mailservers und schicken an diese Adresse nichts mehr, bis Sie sich neu anmelden und "
        "bestätigen; so bleibt der Versand für alle anderen zuverlässig (berechtigtes "
        "Interesse, Art. 6 Abs. 1 lit. f DSGVO). Diese Einträge löschen wir mit Ihrer "
        "Adresse.</p>"
        "<h2>Anmeldung im Redaktionsbereich</h2>"
        "<p>Meldet sich jemand im Redaktionsbereich an, speichern wir IP-Adresse, "
        "Browserkennung und Zeitpunkt, um das Erraten von Passwörtern zu verhindern. Diese "
        "Einträge löschen wir nach 30 Tagen.</p>"
        "<h2>Ihre Rechte</h2>"
        "<p>Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der "
        "Verarbeitung, Datenübertragbarkeit und Widerspruch sowie auf Beschwerde bei einer "
        "Datenschutz-Aufsichtsbehörde.</p>",
    ),
    "/ueber-mich/": (
        "Über mich",
        PLACEHOLDER
        + "<p>Hier schreibt eine Mutter von zwei Kindern über das, was Familien wirklich "
        "beschäftigt: kurze Nächte, große Gefühle, die Eingewöhnung in die Kita und die "
        "kleinen Momente, die alles aufwiegen.</p>"
        "<p>Ich bin keine Expertin mit erhobenem Zeigefinger, sondern lese viel, frage nach "
        "und probiere aus. Was hilft, schreibe ich auf – und was nicht hilft, auch.</p>",
    ),
}


@register("Seiten", order=10)
def seed():
    site = Site.objects.get(pk=settings.SITE_ID)
    created = 0
    for url, (title, content) in PAGES.items():
        page, was_created = FlatPage.objects.get_or_create(
            url=url, defaults={"title": title, "content": content}
        )
        page.sites.add(site)
        created += was_created
    return f"{created} neu, {len(PAGES) - created} schon vorhanden"
