import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    call_command("seed_demo", verbosity=0)
    return live_server


def test_home_page_frame_and_impressum_link(page, demo_site):
    page.goto(demo_site.url + "/")

    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("main#main").count() == 1
    assert page.locator("h1").count() == 1
    skip_link = page.locator("a.skip-link")
    assert skip_link.get_attribute("href") == "#main"

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"

    page.get_by_role("link", name="Impressum").click()
    page.wait_for_url("**/impressum/")
    assert page.locator("h1").inner_text() == "Impressum"
    assert page.locator("main#main").count() == 1
