"""Spell out the umlauts of existing tag slugs, like new tags get them (blog/signals.py)."""

from django.db import migrations

from blog.slugs import german_slugify, unique_slug


def spell_out_tag_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    for tag in Tag.objects.order_by("pk"):
        slug = german_slugify(tag.slug, max_length=100)
        if slug and slug != tag.slug:
            tag.slug = unique_slug(Tag.objects.exclude(pk=tag.pk), slug, max_length=100)
            tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0017_linkcheck"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(spell_out_tag_slugs, migrations.RunPython.noop)]
