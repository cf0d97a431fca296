from django.core.management.base import BaseCommand

from blog.link_models import LinkCheck
from blog.links import broken_links, links_check


class Command(BaseCommand):
    help = (
        "Prüft alle Links in veröffentlichten Artikeln und Seiten, speichert das Ergebnis "
        "für die Verwaltung und nennt die defekten. Endet mit 0, sobald alles geprüft ist."
    )

    def handle(self, *args, **options):
        self.stdout.write(links_check())
        broken = list(broken_links())
        moved = list(
            LinkCheck.objects.filter(ignored=False, status=LinkCheck.Status.MOVED).select_related(
                "article", "flatpage"
            )
        )
        for heading, links in (("Defekte Links", broken), ("Verschobene Links", moved)):
            if links:
                self.stdout.write(self.style.WARNING(f"\n{heading} ({len(links)}):"))
            for link in links:
                detail = f"neue Adresse: {link.new_url}" if link.new_url else link.note
                self.stdout.write(f"  {_source(link)}: {link.url}\n    {detail}")
        if not broken:
            self.stdout.write(self.style.SUCCESS("Keine defekten Links."))


def _source(link):
    if link.article_id:
        return f"Artikel „{link.article.title}“"
    return f"Seite „{link.flatpage.title}“"
