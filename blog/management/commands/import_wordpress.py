import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from blog.wordpress.importer import ImportFailed, wordpress_import


class Command(BaseCommand):
    help = (
        "Importiert eine WordPress-Exportdatei (WXR 1.1/1.2): Beiträge als Artikel, Seiten als "
        "statische Seiten, alte Adressen als Weiterleitungen. Ein zweiter Lauf ändert nur, "
        "was sich geändert hat."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="die XML-Datei aus WordPress (Werkzeuge → Exportieren)")
        parser.add_argument(
            "--media-dir",
            help="Ordner (oder ZIP) mit dem alten wp-content/uploads; Bilder werden von dort "
            "kopiert",
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Bilder, die nicht im Ordner liegen, von der alten Website laden (nur von "
            "ihrer eigenen Adresse, wp:base_site_url); ein Probelauf lädt nichts",
        )
        parser.add_argument(
            "--author",
            help="Benutzername, dem alle Beiträge zugeordnet werden (sonst je WordPress-Autor "
            "ein inaktives Konto)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="nur zeigen, was passieren würde; nichts wird gespeichert",
        )

    def handle(self, *args, file, media_dir, fetch_media, author, dry_run, **options):
        user = None
        if author:
            user = get_user_model().objects.filter(username=author).first()
            if user is None:
                raise CommandError(f"Einen Benutzer „{author}“ gibt es nicht.")
        self.last_shown = -1
        try:
            summary = wordpress_import(
                path=file,
                media=media_dir,
                fetch_media=fetch_media,
                author=user,
                dry_run=dry_run,
                progress=self.show_progress if options["verbosity"] > 0 else None,
            )
        except ImportFailed as error:
            raise CommandError(f"{error} Es wurde nichts geändert.") from error
        if dry_run:
            self.stdout.write(self.style.WARNING("Probelauf: nichts wurde gespeichert."))
        for line in summary.lines():
            self.stdout.write(line)

    def show_progress(self, done, total):
        percent = done * 100 // max(total, 1)
        interactive = self.stdout.isatty()
        if percent == self.last_shown or (not interactive and percent % 10 and done != total):
            return
        self.last_shown = percent
        bar = "#" * (percent // 5)
        ending = "\n" if done == total or not interactive else ""
        self.stdout.write(f"\r[{bar:<20}] {percent:3d} % ({done}/{total})", ending=ending)
        sys.stdout.flush()
