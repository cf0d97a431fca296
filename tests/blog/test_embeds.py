"""Two-click videos: pasted players kept as links, embeds on the page, CSP (issue 18, part 2).

The browser side (no request before the click, the player after it) is in
tests/e2e/test_embeds.py.
"""

import re

import pytest

from core import video
from core.richtext import clean_html
from newsletter.models import SignupBox
from newsletter.rendering import edition_content
from tests.blog.reader_helpers import article, html
from tests.newsletter.editions import make_edition

pytestmark = pytest.mark.django_db

YT = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PASTED_YOUTUBE = (
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc" '
    'title="YouTube video player" frameborder="0" allowfullscreen></iframe>'
)
PASTED_VIMEO = (
    '<p><iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e&amp;color=ff0179" '
    'width="640" height="360" allow="autoplay; fullscreen" title="Laternenumzug im Regen">'
    "</iframe></p>"
)


@pytest.mark.parametrize(
    "address, expected",
    [
        (YT, ("youtube", "dQw4w9WgXcQ", "")),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", ("youtube", "dQw4w9WgXcQ", "")),
        ("https://m.youtube.com/shorts/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ", "")),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ", "")),
        ("https://vimeo.com/76979871", ("vimeo", "76979871", "")),
        ("https://vimeo.com/76979871/8272103f6e", ("vimeo", "76979871", "8272103f6e")),
        (
            "https://player.vimeo.com/video/76979871?h=8272103f6e",
            ("vimeo", "76979871", "8272103f6e"),
        ),
    ],
)
def test_video_addresses_are_recognised(address, expected):
    found = video.parse(address)
    assert (found.provider, found.id, found.key) == expected


@pytest.mark.parametrize(
    "address",
    [
        "https://www.youtube.com/watch?v=kurz",
        "https://www.youtube.com/channel/UC123",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/76979871/<script>",
        "http://[::1",
        "",
        None,
    ],
)
def test_other_addresses_are_no_video(address):
    assert video.parse(address) is None


def test_pasted_youtube_player_is_stored_as_a_link_alone_in_a_paragraph():
    assert clean_html(PASTED_YOUTUBE) == f'<p><a href="{YT}" rel="noopener noreferrer">{YT}</a></p>'


def test_pasted_vimeo_player_keeps_its_title_and_private_key():
    assert clean_html(PASTED_VIMEO) == (
        '<p><a href="https://vimeo.com/76979871/8272103f6e" rel="noopener noreferrer">'
        "Laternenumzug im Regen</a></p>"
    )


def test_other_frames_and_hostile_players_are_dropped():
    assert clean_html('<iframe src="https://evil.example/"></iframe><p>Text</p>') == "<p>Text</p>"
    assert clean_html('<iframe src="javascript:alert(1)"></iframe>') == ""
    hostile = PASTED_YOUTUBE.replace(
        'title="YouTube video player"', "title='\"><script>x</script>'"
    )
    stored = clean_html(hostile)
    assert "<script" not in stored and stored.startswith(f'<p><a href="{YT}"')


def test_pasted_player_inside_a_sentence_stays_a_link_in_it():
    stored = clean_html(f"<p>Schaut mal: {PASTED_YOUTUBE} – toll!</p>")
    assert stored.startswith(f'<p>Schaut mal: <a href="{YT}"') and stored.endswith("– toll!</p>")


def embed_page(client, body):
    response = client.get(article("Laternen basteln", body=body).get_absolute_url())
    return response, html(response)


def test_video_link_alone_in_a_paragraph_becomes_a_two_click_embed(client):
    _, page = embed_page(client, f"<p>Intro.</p>{PASTED_YOUTUBE}")
    [figure] = re.findall(r'<figure class="embed".*?</figure>', page, re.S)
    assert 'data-provider="youtube"' in figure
    assert 'data-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in figure
    assert f'<a href="{YT}"' in figure and "Video auf YouTube ansehen" in figure
    assert "Daten an YouTube" in figure and 'href="/datenschutz/"' in figure
    assert '<button type="button" hidden="hidden">Video laden</button>' in figure
    assert "<iframe" not in page
    assert "js/embed" in page


def test_embed_page_loads_nothing_from_another_host(client):
    _, page = embed_page(client, f"<p>{YT}</p><p>{YT}</p>")
    assert page.count('class="embed"') == 2
    loaded = re.findall(r'(?:src|srcset|poster|data)="([^"]+)"', page)
    assert loaded and not [url for url in loaded if re.match(r"(https?:)?//", url)]


def test_vimeo_title_from_the_link_text(client):
    _, page = embed_page(client, PASTED_VIMEO)
    assert 'data-provider="vimeo"' in page and ">Laternenumzug im Regen</a>" in page
    assert "player.vimeo.com/video/76979871?h=8272103f6e&amp;dnt=1" in page


def test_video_address_within_text_stays_a_plain_link(client):
    _, page = embed_page(client, f'<p>Hier: <a href="{YT}">das Video</a>, sehr schön.</p>')
    assert 'class="embed"' not in page and "js/embed" not in page


def frame_src(response):
    policy = response["Content-Security-Policy"]
    return next((part.split()[1:] for part in policy.split(";") if "frame-src" in part), None)


def test_csp_allows_exactly_the_players_of_the_page_and_keeps_them_from_the_cache(
    client, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_SECONDS = 3600
    SignupBox.objects.current()  # made on a first page view, it would make that page stale
    response, _ = embed_page(client, f"<p>{YT}</p>{PASTED_VIMEO}")
    assert frame_src(response) == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
    with django_assert_num_queries(0):  # served from the page cache
        cached = client.get(response.wsgi_request.path)
    assert frame_src(cached) == ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]


def test_pages_without_a_video_may_frame_nothing(client):
    response = client.get(article("Ohne Video").get_absolute_url())
    assert frame_src(response) is None
    assert "frame-src" not in client.get("/").headers["Content-Security-Policy"]


def test_newsletter_shows_a_pasted_player_as_a_plain_link():
    content = edition_content(make_edition(body=f"<p>Neu im Blog:</p>{PASTED_YOUTUBE}"))
    assert "<iframe" not in content.html and f'href="{YT}"' in content.html
    assert YT in content.text
