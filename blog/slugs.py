"""Slugs the German way: "Müde Väter" becomes "muede-vaeter", not "mude-vater"."""

from django.utils.text import slugify

GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def german_slugify(text, max_length=None):
    """Slugify `text` after spelling out umlauts and ß; other accents lose their marks."""
    slug = slugify(str(text).translate(GERMAN_LETTERS))
    if max_length:
        slug = slug[:max_length].rstrip("-_")
    return slug


def unique_slug(queryset, text, *, max_length):
    """A slug from `text` that no row of `queryset` uses yet: "wort", "wort-2", "wort-3" …"""
    base = german_slugify(text, max_length) or "beitrag"
    taken = set(
        queryset.filter(slug__startswith=base[: max_length - 4]).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-_") + suffix
        number += 1
    return slug
