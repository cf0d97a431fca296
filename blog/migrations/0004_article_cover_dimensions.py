from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0003_article_search_vector"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="cover_height",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="Bildhöhe"),
        ),
        migrations.AddField(
            model_name="article",
            name="cover_width",
            field=models.PositiveIntegerField(editable=False, null=True, verbose_name="Bildbreite"),
        ),
        migrations.AlterField(
            model_name="article",
            name="cover_image",
            field=models.ImageField(
                blank=True,
                height_field="cover_height",
                upload_to="covers/%Y/%m/",
                verbose_name="Titelbild",
                width_field="cover_width",
            ),
        ),
    ]
