"""Every admin page and action × five people, generated from the admin's own registry.

A model, URL or action added to the admin fails `test_the_matrix_knows_every_…` until its
permission is declared here; the declared rules are then checked against real requests for
a superuser, the group "Autorin", staff holding every view permission, staff holding none,
and an anonymous visitor.
"""

from datetime import date

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.urls import URLPattern, get_resolver, reverse
from django.utils.timezone import now
from django_tasks_db.models import DBTaskResult
from reversion import is_registered
from reversion.models import Version
from taggit.models import Tag

from blog.link_models import LinkCheck
from blog.models import Article, Category
from blog.tasks import related_recompute
from blog.wordpress.models import WordPressImport
from newsletter.models import Delivery, Edition, SignupBox, Subscriber, Topic, WelcomeMail
from quotes.models import Quote

pytestmark = pytest.mark.django_db

ROLES = ["superuser", "autorin", "view_only", "no_permissions", "anonymous"]

# Only superusers, whatever permissions a staff account holds (core/admin.py).
TECHNICAL = {
    "auth.user",
    "auth.group",
    "sites.site",
    "django_tasks_database.dbtaskresult",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
# What the admin refuses everyone, superusers included.
NEVER = {
    ("newsletter.subscriber", "add"),
    ("newsletter.delivery", "add"),
    ("newsletter.delivery", "change"),
    ("newsletter.delivery", "delete"),
    ("newsletter.signupbox", "delete"),
    ("blog.wordpressimport", "change"),
    ("blog.linkcheck", "add"),
    ("newsletter.welcomemail", "add"),  # there is one, and only one
    ("django_tasks_database.dbtaskresult", "add"),
    ("django_tasks_database.dbtaskresult", "change"),
    ("django_tasks_database.dbtaskresult", "delete"),
    ("axes.accessattempt", "add"),
    ("axes.accesslog", "add"),
    ("axes.accessfailurelog", "add"),
    ("stats.count", "add"),
    ("stats.count", "change"),
    ("stats.count", "delete"),
}
# The permissions each URL of a model's admin needs, by the URL name's ending: Django's,
# django-reversion's, then ours and the libraries' own pages.
URL_NEEDS = {
    "changelist": ["view"],
    "change": ["view"],
    "history": ["view"],
    "add": ["add"],
    "delete": ["delete"],
    "recoverlist": ["add", "change"],
    "recover": ["add", "view"],
    "revision": ["view"],
    "password_change": ["change"],
    "upload": ["add"],
    "start": ["add"],
    "preview": ["view"],
    "preview_text": ["view"],
    "progress": ["view"],
    "send": ["view", "newsletter.send_edition"],
    "export": ["view"],
    "merge_tags": ["change", "delete"],
}
# Models whose admin asks for a permission of its own instead of Django's four.
MODEL_PERMISSIONS = {"stats.count": {"view": "stats.view_statistics"}}
# Permission names of actions beyond Django's four.
ACTION_NEEDS = {"merge": ["change", "delete"]}
POST_ONLY = {"blog_wordpressimport_start"}
# Pages whose answer to an allowed person is a redirect.
REDIRECTS = {"blog_wordpressimport_add", "blog_wordpressimport_start", "stats_count_changelist"}
# The admin site's own pages besides each model's; None: anyone logged in to the admin.
SITE_PAGES = {
    "index": None,
    "password_change": None,
    "password_change_done": None,
    "jsi18n": None,
    "view_on_site": None,
    "autocomplete": ["blog.view_article"],
    "app_list": "per app",
}
# Reachable by design without the admin: the login page and the logout button's target.
SITE_PUBLIC = {"login", "logout"}
# Admin pages outside admin.site.urls (config/urls.py).
EXTRA_PAGES = {"stats-dashboard": ["stats.view_statistics"]}


def registry():
    return {
        model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()
    }


def model_urls(model_admin):
    """(name, pattern) of a model admin's pages. Unnamed ones only redirect to named ones."""
    return [(p.name, p) for p in model_admin.get_urls() if isinstance(p, URLPattern) and p.name]


def url_kind(label, name):
    prefix = label.replace(".", "_") + "_"
    assert name.startswith(prefix), name
    return name.removeprefix(prefix)


def permissions(label, kinds):
    """["view", "newsletter.send_edition"] → full permission names for this model."""
    app_label, model_name = label.split(".")
    own = MODEL_PERMISSIONS.get(label, {})
    return [
        kind if "." in kind else own.get(kind, f"{app_label}.{kind}_{model_name}") for kind in kinds
    ]


def allowed(user, label, kinds):
    if user is None:
        return False
    if any((label, kind) in NEVER for kind in kinds):
        return False
    if user.is_superuser:
        return True
    return label not in TECHNICAL and user.has_perms(permissions(label, kinds))


def expected(user, may, redirect=False):
    if user is None:
        return "login"
    if not may:
        return 403
    return 302 if redirect else 200


def log_in(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def answer(client, user, url, method="get", data=None):
    log_in(client, user)
    response = getattr(client, method)(url, data)
    if response.status_code == 302 and response["Location"].startswith(reverse("admin:login")):
        return "login"
    return response.status_code


@pytest.fixture
def people():
    view_all = Permission.objects.filter(codename__startswith="view_")
    # No passwords: the clients log in with force_login, and hashing would cost seconds.
    superuser = User.objects.create(username="chefin", is_staff=True, is_superuser=True)
    autorin = User.objects.create(username="autorin", is_staff=True)
    autorin.groups.add(Group.objects.get(name="Autorin"))
    view_only = User.objects.create(username="leserin", is_staff=True)
    view_only.user_permissions.set(view_all)
    none = User.objects.create(username="praktikant", is_staff=True)
    return dict(zip(ROLES, [superuser, autorin, view_only, none, None], strict=True))


@pytest.fixture
def examples(people):
    """{model label: one object} for every registered model with pages per object."""
    site = Site.objects.get_current()
    with reversion.create_revision():
        category = Category.objects.create(name="Schlaf", slug="schlaf")
        article = Article.objects.create(title="Entwurf", slug="entwurf", category=category)
    subscriber = Subscriber.objects.create(
        email="anna@example.org", consent_text="Ja", consent_version=1, status="confirmed"
    )
    edition = Edition.objects.create(subject="Ausgabe", body="<p>Hallo</p>")
    page = FlatPage.objects.create(url="/impressum/", title="Impressum", content="<p>x</p>")
    page.sites.add(site)
    related_recompute.enqueue([article.pk])
    seen = {"username": "x", "ip_address": "192.0.2.1", "user_agent": "t", "path_info": "/"}
    objects = [
        category,
        article,
        subscriber,
        edition,
        page,
        site,
        people["no_permissions"],
        Group.objects.get(name="Autorin"),
        Delivery.objects.create(edition=edition, subscriber=subscriber),
        SignupBox.objects.current_saved(),
        Quote.objects.create(text="Zitat", author="Jemand", month=date(2026, 1, 1)),
        Tag.objects.create(name="Nächte", slug="naechte"),
        Redirect.objects.create(site=site, old_path="/alt/", new_path="/neu/"),
        WordPressImport.objects.create(export_file="export.xml", status="done"),
        LinkCheck.objects.create(
            article=article, url="https://example.org/weg", status="broken", checked_at=now()
        ),
        WelcomeMail.objects.create(),
        Topic.objects.create(name="Kita", slug="kita"),
        AccessAttempt.objects.create(failures_since_start=1, get_data="", post_data="", **seen),
        AccessLog.objects.create(**seen),
        AccessFailureLog.objects.create(locked_out=False, **seen),
        DBTaskResult.objects.first(),
    ]
    return {obj._meta.label_lower: obj for obj in objects}


def test_the_matrix_knows_every_admin_page_and_action():
    unknown = []
    for label, model_admin in registry().items():
        for name, _pattern in model_urls(model_admin):
            if url_kind(label, name) not in URL_NEEDS:
                unknown.append(name)
        for func, name, _description in model_admin._get_base_actions():
            if not getattr(func, "allowed_permissions", None):
                unknown.append(f"{label}: Aktion {name} ohne permissions=")
    site_names = {p.name for p in admin.site.get_urls() if isinstance(p, URLPattern) and p.name}
    unknown += sorted(site_names - set(SITE_PAGES) - SITE_PUBLIC)
    extra = {
        p.name
        for p in get_resolver().url_patterns
        if isinstance(p, URLPattern) and str(p.pattern).startswith(settings.ADMIN_URL)
    }
    unknown += sorted(extra - set(EXTRA_PAGES))

    assert not unknown, "Ohne erklärte Berechtigung: " + ", ".join(unknown)


@pytest.mark.parametrize("label", sorted(registry()))
def test_each_admin_page_answers_each_person_as_declared(label, client, people, examples):
    obj = examples.get(label)
    versioned = obj is not None and is_registered(type(obj))
    version = Version.objects.get_for_object(obj).first() if versioned else None
    ids = dict.fromkeys(["object_id", "pk", "id"], getattr(obj, "pk", None))
    wrong = []
    for name, pattern in model_urls(registry()[label]):
        regex = pattern.pattern.regex
        # django-reversion's patterns take positional ids: (object, version) or (version).
        args = (
            [ids["pk"], getattr(version, "pk", None)][-regex.groups :]
            if regex.groups and not regex.groupindex
            else []
        )
        kwargs = {key: version.pk if key == "version_id" else ids[key] for key in regex.groupindex}
        url = reverse(f"admin:{name}", args=args, kwargs=kwargs)
        kinds = URL_NEEDS[url_kind(label, name)]
        method = "post" if name in POST_ONLY else "get"
        for role, user in people.items():
            want = expected(user, allowed(user, label, kinds), name in REDIRECTS)
            got = answer(client, user, url, method)
            if got != want:
                wrong.append(f"{role} {method.upper()} {url}: {got}, erwartet {want}")

    assert not wrong, "\n".join(wrong)


def test_the_admin_sites_own_pages_answer_each_person_as_declared(client, people, examples):
    article = examples["blog.article"]
    content_type = ContentType.objects.get_for_model(article)
    autocomplete = "?app_label=blog&model_name=relatedpick&field_name=related"
    pages = [
        (reverse("admin:index"), None, False),
        (reverse("admin:password_change"), None, False),
        (reverse("admin:password_change_done"), None, False),
        (reverse("admin:jsi18n"), None, False),
        (reverse("admin:view_on_site", args=[content_type.pk, article.pk]), None, True),
        (reverse("admin:autocomplete") + autocomplete, SITE_PAGES["autocomplete"], False),
        *((reverse(name), needs, False) for name, needs in EXTRA_PAGES.items()),
    ]
    wrong = []
    for role, user in people.items():
        for url, needs, redirect in pages:
            may = user is not None and (needs is None or user.has_perms(needs))
            want = expected(user, may, redirect)
            if (got := answer(client, user, url)) != want:
                wrong.append(f"{role} {url}: {got}, erwartet {want}")
        for app_label in sorted({label.split(".")[0] for label in registry()}):
            labels = [label for label in registry() if label.startswith(f"{app_label}.")]
            visible = any(
                allowed(user, label, [kind])
                for label in labels
                for kind in ("view", "add", "change", "delete")
            )
            want = "login" if user is None else 200 if visible else 404
            url = reverse("admin:app_list", args=[app_label])
            if (got := answer(client, user, url)) != want:
                wrong.append(f"{role} {url}: {got}, erwartet {want}")

    assert not wrong, "\n".join(wrong)


def snapshot(model):
    return list(model._default_manager.order_by("pk").values())


@pytest.mark.parametrize(
    "label", sorted(label for label, admin_ in registry().items() if admin_._get_base_actions())
)
def test_each_action_is_offered_only_to_those_allowed_and_otherwise_changes_nothing(
    label, client, people, examples
):
    model = registry()[label].model
    selected = [examples[label].pk] if label in examples else []
    changelist = reverse(f"admin:{label.replace('.', '_')}_changelist")
    wrong = []
    for func, name, _description in registry()[label]._get_base_actions():
        kinds = [
            need for kind in func.allowed_permissions for need in ACTION_NEEDS.get(kind, [kind])
        ]
        for role, user in people.items():
            if allowed(user, label, kinds):
                client.force_login(user)
                response = client.get(changelist)
                offered = [
                    value for value, _ in response.context["action_form"].fields["action"].choices
                ]
                if name not in offered:
                    wrong.append(f"{role}: {name} fehlt in der Liste")
                continue
            log_in(client, user)  # first: logging in and out writes axes' records
            before = snapshot(model)
            data = {"action": name, ACTION_CHECKBOX_NAME: selected, "index": 0, "post": "yes"}
            got = client.post(changelist, data).status_code
            # Refused: the login page, a 403, or the list again with "no action selected".
            if got not in (200, 302, 403) or snapshot(model) != before:
                wrong.append(f"{role}: {name} antwortet {got} oder ändert Daten")

    assert not wrong, "\n".join(wrong)
