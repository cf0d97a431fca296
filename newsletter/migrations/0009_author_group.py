"""The group "Autorin": exactly what the author's work needs, nothing technical.

Here, in the app that may know all others; a later model the author works with adds its
permissions in its own migration. Permissions are made before Django's post_migrate would
make them, so the group is complete on a fresh database too.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Autorin"
ALL = ("view", "add", "change", "delete")
PERMISSIONS = {
    "blog": [
        *(f"{action}_article" for action in ALL),
        *(f"{action}_category" for action in ALL),
        "view_wordpressimport",
        "add_wordpressimport",
        "delete_wordpressimport",
        "view_linkcheck",
        "change_linkcheck",
    ],
    "taggit": [f"{action}_tag" for action in ALL],
    "flatpages": [f"{action}_flatpage" for action in ALL],
    "quotes": [f"{action}_quote" for action in ALL],
    "newsletter": [
        *(f"{action}_edition" for action in ALL),
        "send_edition",
        "view_subscriber",
        "change_subscriber",
        "delete_subscriber",
        "view_signupbox",
        "add_signupbox",
        "change_signupbox",
        "view_delivery",
        "view_welcomemail",
        "add_welcomemail",
        "change_welcomemail",
        *(f"{action}_topic" for action in ALL),
        "view_mailevent",
    ],
    "stats": ["view_statistics"],
}


def permissions(apps, alias):
    Permission = apps.get_model("auth", "Permission")
    for app_label, codenames in PERMISSIONS.items():
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, apps=apps, using=alias
        )
        yield from Permission.objects.using(alias).filter(
            content_type__app_label=app_label, codename__in=codenames
        )


def create_group(apps, schema_editor):
    alias = schema_editor.connection.alias
    group, _ = apps.get_model("auth", "Group").objects.using(alias).get_or_create(name=GROUP)
    group.permissions.add(*permissions(apps, alias))


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name=GROUP
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("blog", "0017_linkcheck"),
        ("flatpages", "0001_initial"),
        ("newsletter", "0008_subscriber_suppression_and_mail_events"),
        ("quotes", "0001_initial"),
        ("stats", "0001_counts_and_flush_mark"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
