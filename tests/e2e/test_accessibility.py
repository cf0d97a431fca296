"""axe-core, run in Chromium, finds no accessibility violations on the main pages."""

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.checked_urls import checked_urls
from tests.e2e.tools import missing_tool

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_page(browser):
    if not AXE.exists():
        missing_tool(f"axe-core fehlt ({AXE}): mit npm installiert holt `make install` es.")
    # The page's own CSP forbids injected scripts; the checker needs one.
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin", bypass_csp=True)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def violations_on(page, url):
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations'],"
        " runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} – "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_main_pages(axe_page, live_server, scheme):
    call_command("seed_demo", verbosity=0)
    axe_page.emulate_media(color_scheme=scheme)

    found = {
        name: violations_on(axe_page, live_server.url + url) for name, url in checked_urls().items()
    }

    assert {name: problems for name, problems in found.items() if problems} == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations_on_the_authors_desk(
    axe_page, live_server, django_user_model, scheme
):
    call_command("seed_demo", verbosity=0)
    axe_page.emulate_media(color_scheme=scheme)
    django_user_model.objects.create_superuser("autorin", "autorin@example.org", "Sternenhimmel-42")
    axe_page.goto(live_server.url + "/admin/login/?next=/admin/")
    axe_page.fill("#id_username", "autorin")
    axe_page.fill("#id_password", "Sternenhimmel-42")
    with axe_page.expect_navigation():
        axe_page.click("input[type=submit]")

    assert violations_on(axe_page, live_server.url + "/admin/") == []
