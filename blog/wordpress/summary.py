"""What an import did or would do: counts, what was skipped and why, warnings by kind.

Stored as JSON on the admin's import job (`as_dict`) and printed by the command (`lines`).
"""

from dataclasses import dataclass, field

from blog.wordpress.shortcodes import plain_text

KINDS = {"post": "Artikel", "page": "Seiten", "other": "Sonstiges"}
OUTCOMES = {
    "created": "angelegt",
    "updated": "aktualisiert",
    "unchanged": "unverändert",
    "skipped": "übersprungen",
}
ITEM_LABELS = {"post": "Beitrag", "page": "Seite"}
# Why entries were skipped, in the words the author reads under the table.
SKIP_REASONS = {
    "attachment": "Anhänge (Bilder und Dateien der Mediathek; Bilder kommen mit ihren Beiträgen)",
    "nav_menu_item": "Menüeinträge (die Navigation hier bilden die Kategorien)",
    "wordpress": "interne Einträge von WordPress (Revisionen, Vorlagen, Stile, Einstellungen)",
    "unknown": "Einträge unbekannter Inhaltstypen, etwa von Plugins (siehe Warnungen)",
    "trash": "Beiträge und Seiten im Papierkorb oder automatische Entwürfe",
    "duplicate": "doppelte Einträge derselben Datei",
}
WARNING_GROUPS = {
    "images": "Bilder",
    "content": "Inhalte (Shortcodes, Passwortschutz, Datum)",
    "addresses": "Titel, Kurznamen und Adressen",
    "other": "Sonstiges",
}
# A file with a warning on every one of 100,000 posts still gives a summary one can store.
MAX_WARNINGS_PER_GROUP = 500


def _empty_counts():
    return {kind: dict.fromkeys(OUTCOMES, 0) for kind in KINDS}


def _empty_extras():
    return {
        "categories": 0,
        "users": 0,
        "redirects": 0,
        "images": 0,
        "missing_images": 0,
        "images_to_fetch": 0,
    }


@dataclass
class Summary:
    dry_run: bool = False
    image_sources: list = field(default_factory=list)  # "folder" (or zip), "old_site"
    counts: dict = field(default_factory=_empty_counts)
    extras: dict = field(default_factory=_empty_extras)
    skipped: dict = field(default_factory=dict)
    warnings: dict = field(default_factory=lambda: {group: [] for group in WARNING_GROUPS})
    warning_counts: dict = field(default_factory=lambda: dict.fromkeys(WARNING_GROUPS, 0))

    def count(self, kind, outcome):
        self.counts[kind][outcome] += 1

    def skip(self, kind, reason):
        self.counts[kind]["skipped"] += 1
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def warn(self, item, message, group="other"):
        label = f"{ITEM_LABELS.get(item.post_type, 'Eintrag')} {item.post_id}"
        title = plain_text(item.title)[:60]
        if title:
            label += f" („{title}“)"
        warning = f"{label}: {message}"
        shown = self.warnings[group]
        if warning in shown[-20:]:
            return
        self.warning_counts[group] += 1
        if len(shown) < MAX_WARNINGS_PER_GROUP:
            shown.append(warning)

    @property
    def warning_total(self):
        return sum(self.warning_counts.values())

    def all_warnings(self):
        return [warning for shown in self.warnings.values() for warning in shown]

    def as_dict(self):
        return {
            "dry_run": self.dry_run,
            "image_sources": self.image_sources,
            "counts": self.counts,
            "extras": self.extras,
            "skipped": self.skipped,
            "warnings": self.warnings,
            "warning_counts": self.warning_counts,
        }

    def lines(self):
        """The summary as plain text, for the command line."""
        width = max(len(label) for label in OUTCOMES.values())
        header = " " * 12 + "".join(f"{label:>{width + 2}}" for label in OUTCOMES.values())
        rows = [header]
        for kind, label in KINDS.items():
            cells = "".join(f"{self.counts[kind][o]:>{width + 2}}" for o in OUTCOMES)
            rows.append(f"{label:<12}{cells}")
        rows.extend(f"  übersprungen: {line}" for line in skipped_lines(self.skipped))
        rows.append("")
        rows.append(extras_line(self.extras))
        rows.append(f"Warnungen: {self.warning_total}")
        for group, label in WARNING_GROUPS.items():
            if self.warning_counts[group]:
                rows.append(f"{label} ({self.warning_counts[group]}):")
                rows.extend(f"  – {warning}" for warning in self.warnings[group])
                rows.extend(_more(self.warning_counts[group], len(self.warnings[group])))
        return rows


def skipped_lines(skipped):
    return [f"{SKIP_REASONS.get(reason, reason)}: {count}" for reason, count in skipped.items()]


def extras_line(extras):
    line = (
        f"Neue Kategorien: {extras.get('categories', 0)}, neue Konten: {extras.get('users', 0)}, "
        f"neue Weiterleitungen: {extras.get('redirects', 0)}, "
        f"kopierte Bilder: {extras.get('images', 0)}"
    )
    if extras.get("images_to_fetch"):
        line += f", beim Import zu laden: {extras['images_to_fetch']}"
    if extras.get("missing_images"):
        line += f", fehlende Bilder: {extras['missing_images']}"
    return line


def _more(total, shown):
    return [f"  … und {total - shown} weitere"] if total > shown else []
