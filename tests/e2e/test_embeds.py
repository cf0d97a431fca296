"""Two-click video in Chromium: nothing from another host before the click, the player after.

There is no internet here: the player's request fails, which is fine; what counts is that
Chromium attempts it only after the click, and at the cookie-free address.
"""

from urllib.parse import urlsplit

import pytest

from blog.models import Article
from tests.blog.reader_helpers import article
from tests.e2e.test_author_workflow import PASTE, log_in, save

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = (
    "<p>Unser Laternenlied zum Mitsingen:</p>"
    '<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Laternenlied im Kindergarten</a></p>'
    "<p>Viel Spaß beim Singen!</p>"
)
PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_video_loads_from_youtube_nocookie_only_after_the_click(page, live_server):
    url = live_server.url + article("Laternenlied", body=BODY).get_absolute_url()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.context.add_init_script(RECORD_VIOLATIONS)

    page.goto(url)
    page.wait_for_load_state("networkidle")
    own = urlsplit(live_server.url).netloc
    assert requests and {urlsplit(address).netloc for address in requests} == {own}
    figure = page.locator('figure.embed[data-provider="youtube"]')
    assert figure.locator("iframe").count() == 0
    assert "Daten an YouTube" in figure.inner_text()

    before = len(requests)
    with page.expect_request(lambda request: "youtube-nocookie.com" in request.url):
        figure.get_by_role("button", name="Video laden").click()

    assert figure.locator("iframe").get_attribute("src") == PLAYER
    assert [address for address in requests[before:] if urlsplit(address).netloc != own] == [PLAYER]
    assert figure.get_by_role("link", name="Laternenlied im Kindergarten").is_visible()
    # The page's policy lets exactly this player in.
    assert page.evaluate("window.__cspViolations") == []


def test_without_javascript_the_video_is_a_plain_link(browser, live_server):
    url = live_server.url + article("Laternenlied", body=BODY).get_absolute_url()
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    page.goto(url)

    link = page.get_by_role("link", name="Laternenlied im Kindergarten")
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert not page.get_by_role("button", name="Video laden").is_visible()
    context.close()


def test_a_player_pasted_into_the_editor_is_saved_as_a_link(page, live_server, django_user_model):
    django_user_model.objects.create_superuser("autorin", "autorin@example.org", "Sternenhimmel-42")
    pasted = (
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=x" '
        'title="Laternenlied im Kindergarten" allowfullscreen></iframe>'
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    log_in(page, live_server.url)
    page.goto(live_server.url + "/admin/blog/article/add/")
    page.fill("#id_title", "Eingefügtes Video")
    page.fill("#id_slug", "eingefuegtes-video")
    editor = page.frame_locator(".cke_wysiwyg_frame").locator("body")
    editor.click()

    editor.evaluate(PASTE, ["", f"<p>Zum Mitsingen:</p>{pasted}"])
    save(page)

    assert "".join(Article.objects.get().body.split("\n")) == (
        "<p>Zum Mitsingen:</p><p>"
        '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ" rel="noopener noreferrer">'
        "Laternenlied im Kindergarten</a></p>"
    )
    # The admin's policy keeps the pasted player from loading while she writes.
    assert not [url for url in requests if "youtube" in url]
