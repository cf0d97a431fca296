from django.db import migrations, models


def gather_image_facts(apps, schema_editor):
    """Existing articles get their images' sizes and renditions once, as a save would."""
    from blog.body import image_facts

    Article = apps.get_model("blog", "Article")
    for article in Article.objects.filter(body__contains="<img").only("pk", "body").iterator():
        Article.objects.filter(pk=article.pk).update(body_images=image_facts(article.body))


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0013_wordpressimport_fetch_media"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="body_images",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="Bilder im Text"
            ),
        ),
        migrations.RunPython(gather_image_facts, migrations.RunPython.noop),
    ]
