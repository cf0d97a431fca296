"""Demo articles for `seed_demo`: categories, tags, covers drawn with Pillow, a draft, a plan."""

from datetime import timedelta
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from blog.demo_articles import ARTICLES, CATEGORIES
from blog.models import Article, Category
from blog.related import related_lists_rebuild
from core.demo_registry import register

COVER_SIZE = (1200, 675)
SHAPE_COLOURS = {
    "schlaf": (250, 240, 200),
    "kita-schule": (190, 70, 60),
    "gefuehle-trotz": (200, 60, 80),
    "essen": (255, 255, 250),
    "familienalltag": (255, 215, 90),
}


@register("Artikel", order=20)
def seed():
    categories = {
        slug: Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )[0]
        for slug, name, description in CATEGORIES
    }
    now = timezone.now()
    created = 0
    for number, entry in enumerate(ARTICLES):
        days_ago = entry["days_ago"]
        article, was_created = Article.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "title": entry["title"],
                "excerpt": entry["excerpt"],
                "body": entry["body"].strip(),
                "category": categories[entry["category"]],
                "status": Article.Status.DRAFT if days_ago is None else Article.Status.PUBLISHED,
                # Mornings at different hours, so the list does not look machine-made.
                "published_at": now - timedelta(days=days_ago or 0, hours=number % 5),
                "cover_alt": entry["alt"],
                "sponsored": entry.get("sponsored", False),
                "sponsor_name": entry.get("sponsor_name", ""),
                "cover_image": lambda entry=entry: _cover(entry),
            },
        )
        if was_created:
            article.tags.add(*entry["tags"])
            created += 1
    return f"{created} neu, {len(ARTICLES) - created} schon vorhanden"


@register("Ähnliche Beiträge", order=25)
def seed_related():
    """Right after the demo articles, so their pages show related ones before any worker ran."""
    return f"{related_lists_rebuild()} Listen berechnet"


def _cover(entry):
    top, bottom, variant = entry["cover"]
    image = _gradient(top, bottom)
    category = entry["category"]
    _DRAW[category](image, SHAPE_COLOURS[category], variant)
    out = BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{entry['slug']}.jpg")


def _gradient(top, bottom):
    # linear_gradient runs from black at the top to white at the bottom: the blend's mask.
    mask = Image.linear_gradient("L").resize(COVER_SIZE)
    return Image.composite(
        Image.new("RGB", COVER_SIZE, bottom), Image.new("RGB", COVER_SIZE, top), mask
    )


def _moon(image, colour, variant):
    x = 760 - variant * 150
    # The crescent is a disc minus a shifted disc, drawn through a mask onto the gradient.
    mask = Image.new("L", COVER_SIZE, 0)
    shape = ImageDraw.Draw(mask)
    shape.ellipse((x, 140, x + 260, 400), fill=255)
    shape.ellipse((x + 80, 110, x + 340, 370), fill=0)
    image.paste(colour, mask=mask)
    draw = ImageDraw.Draw(image)
    for sx, sy in [(220, 150), (330, 260), (480, 120), (1050, 500), (160, 420), (980, 160)]:
        draw.ellipse((sx - 6, sy - 6, sx + 6, sy + 6), fill=colour)


def _house(image, colour, variant):
    draw = ImageDraw.Draw(image)
    left = 420
    draw.rectangle((left, 330, left + 360, 560), fill=(255, 252, 240))
    draw.polygon([(left - 40, 340), (left + 180, 160), (left + 400, 340)], fill=colour)
    draw.rectangle((left + 150, 440, left + 210, 560), fill=colour)
    if variant:
        draw.ellipse((left + 250, 380, left + 310, 440), fill=(120, 170, 210))


def _heart(draw, colour, x, y, size):
    draw.ellipse((x - size, y - size // 2, x + 10, y + size // 2), fill=colour)
    draw.ellipse((x - 10, y - size // 2, x + size, y + size // 2), fill=colour)
    draw.polygon(
        [(x - size + 12, y + 20), (x + size - 12, y + 20), (x, y + size + 80)], fill=colour
    )
    draw.rectangle((x - size // 2, y, x + size // 2, y + 40), fill=colour)


def _hearts(image, colour, variant):
    draw = ImageDraw.Draw(image)
    if variant:
        _heart(draw, (235, 150, 130), 520, 270, 140)
        _heart(draw, colour, 700, 310, 140)
    else:
        _heart(draw, colour, 600, 280, 170)


def _plate(image, colour, variant):
    draw = ImageDraw.Draw(image)
    draw.ellipse((400, 140, 800, 540), fill=colour)
    rim = 60 if variant else 30
    draw.ellipse((400 + rim, 140 + rim, 800 - rim, 540 - rim), outline=(215, 210, 195), width=6)
    draw.ellipse((560, 300, 640, 380), fill=(230, 120, 70))


def _sun(image, colour, variant):
    draw = ImageDraw.Draw(image)
    top = 290 if variant else 160
    draw.ellipse((480, top, 720, top + 240), fill=colour)
    draw.ellipse((-200, 430, 1400, 1100), fill=(110, 160, 110))


_DRAW = {
    "schlaf": _moon,
    "kita-schule": _house,
    "gefuehle-trotz": _hearts,
    "essen": _plate,
    "familienalltag": _sun,
}
