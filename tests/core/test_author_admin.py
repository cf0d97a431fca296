"""The author's admin: her work first, technical records for superusers, German throughout."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command

pytestmark = pytest.mark.django_db

TECHNICAL_APPS = {"Anmeldeversuche", "Authentifizierung und Autorisierung", "Hintergrundaufgaben",
                  "Websites"}  # fmt: skip


def desk(client, user):
    client.force_login(user)
    return [(app["name"], [m["name"] for m in app["models"]]) for app in
            client.get("/admin/").context["app_list"]]  # fmt: skip


def author():
    user = User.objects.create(username="autorin", is_staff=True)
    user.groups.add(Group.objects.get(name="Autorin"))
    return user


def test_the_authors_desk_lists_articles_quotes_elternpost_pages_then_the_rest(client):
    assert desk(client, author()) == [
        ("Artikel", ["Artikel", "Kategorien", "Aus WordPress importieren", "Geprüfte Links"]),
        ("Zitate", ["Zitate des Monats"]),
        (
            "Elternpost",
            [
                "Ausgaben",
                "Abonnenten",
                "Willkommensmail",
                "Themen",
                "Anmeldebox (Versionen)",
                "Zustellungen",
            ],
        ),
        ("Seiten", ["Seiten"]),
        ("Schlagwörter", ["Schlagwörter"]),
        ("Statistik", ["Lesestatistik"]),
    ]


def test_technical_records_are_for_superusers_only_whatever_the_permissions(client):
    staff = User.objects.create(username="fast-alles", is_staff=True)
    staff.user_permissions.set(Permission.objects.all())
    chief = User.objects.create(username="chefin", is_staff=True, is_superuser=True)

    assert not TECHNICAL_APPS & {name for name, _ in desk(client, staff)}
    assert client.get("/admin/auth/user/").status_code == 403
    assert {name for name, _ in desk(client, chief)} >= TECHNICAL_APPS


def test_the_admin_says_in_german_what_django_and_libraries_left_english(client):
    chief = User.objects.create(username="chefin", is_staff=True, is_superuser=True)
    client.force_login(chief)

    pages = (
        client.get("/admin/").content.decode()
        + client.get("/admin/auth/user/add/").content.decode()
    )

    for english in ["Flat Pages", "Task Results", "Password-based authentication",
                    "After you’ve created a user", "Taggit"]:  # fmt: skip
        assert english not in pages
    for german in ["Seiten", "Hintergrundaufgaben", "Anmeldung mit Passwort"]:
        assert german in pages


def test_the_group_autorin_holds_exactly_what_her_work_needs():
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name="Autorin").permissions.select_related("content_type")
    }

    every = ("view", "add", "change", "delete")
    assert granted == {
        *(f"blog.{a}_{m}" for a in every for m in ("article", "category")),
        "blog.view_wordpressimport", "blog.add_wordpressimport", "blog.delete_wordpressimport",
        "blog.view_linkcheck", "blog.change_linkcheck",
        *(f"taggit.{a}_tag" for a in every),
        *(f"flatpages.{a}_flatpage" for a in every),
        *(f"quotes.{a}_quote" for a in every),
        *(f"newsletter.{a}_edition" for a in every), "newsletter.send_edition",
        "newsletter.view_subscriber", "newsletter.change_subscriber",
        "newsletter.delete_subscriber", "newsletter.view_signupbox", "newsletter.add_signupbox",
        "newsletter.change_signupbox", "newsletter.view_delivery",
        "newsletter.view_welcomemail", "newsletter.add_welcomemail",
        "newsletter.change_welcomemail",
        "newsletter.view_topic", "newsletter.add_topic", "newsletter.change_topic",
        "newsletter.delete_topic", "newsletter.view_mailevent",
        "stats.view_statistics",
    }  # fmt: skip


def test_make_runs_demo_user_is_the_author_not_a_superuser(settings):
    settings.DEBUG = True
    FlatPage.objects.create(url="/impressum/", title="Impressum")  # no demo content needed
    out = StringIO()

    call_command("dev_setup", stdout=out)

    user = User.objects.get(username="autorin")
    assert (user.is_staff, user.is_superuser) == (True, False)
    assert list(user.groups.values_list("name", flat=True)) == ["Autorin"]
    assert user.has_perms(["blog.change_article", "newsletter.send_edition"])
    assert "Passwort:" in out.getvalue()
