import json
from urllib.parse import quote, urlencode, urlsplit

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from blog import desk, search
from blog.models import Article, Category
from blog.related import related_for
from core.cache import for_generation

register = template.Library()

_CURRENT_PAGE = mark_safe(' aria-current="page"')


@register.simple_tag(takes_context=True)
def category_links(context):
    """The site's category links as a list, the shown category marked.

    Built here rather than in a template loop: the list is on every page (twice: in the
    desktop header and the phone menu), and three template nodes per link cost more than
    its query.
    """
    request = context.get("request")
    current_path = request.path if request else ""
    links = for_generation("category-links", _category_links)
    return format_html(
        '<ul class="category-links">{}</ul>',
        format_html_join(
            "",
            '<li><a href="{}"{}>{}</a></li>',
            ((url, _CURRENT_PAGE if url == current_path else "", name) for url, name in links),
        ),
    )


def _category_links():
    return [
        (category.get_absolute_url(), category.name)
        for category in Category.objects.with_published_articles()
    ]


@register.filter
def absolute(url):
    """A site-relative URL (a page, an upload) made absolute with SITE_URL."""
    if not url or urlsplit(url).scheme:
        return url
    return f"{settings.SITE_URL}{url}"


@register.filter
def search_snippet(headline):
    return search.highlighted(headline)


# What json_script escapes, so text in the data can never close the <script> element.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def article_json_ld(article, description, tags):
    """JSON-LD BlogPosting for search engines; a data block, so a strict CSP lets it be.
    Kept per article for page-cache misses; a preview is made anew each time."""
    return article.kept("json-ld", lambda: _json_ld(article, description, tags))


def _json_ld(article, description, tags):
    url = f"{settings.SITE_URL}{article.get_absolute_url()}"
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": article.title,
        "description": description,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(article.updated_at).isoformat(),
        "inLanguage": "de-DE",
        "wordCount": len(article.plain_text.split()),
        "author": {
            "@type": "Person",
            "name": settings.BLOG_AUTHOR,
            "url": absolute(reverse("ueber-mich")),
        },
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": absolute(reverse("blog:home")),
        },
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
    }
    if article.cover_image:
        data["image"] = [absolute(article.cover_image.url)]
    if article.category:
        data["articleSection"] = article.category.name
    keywords = [tag.name for tag in tags]
    if keywords:
        data["keywords"] = keywords
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.inclusion_tag("includes/share_links.html")
def share_links(article):
    """Plain share links: nothing loads from those services before a reader clicks."""
    url = f"{settings.SITE_URL}{article.get_absolute_url()}"
    pinterest = {"url": url, "description": article.title}
    if article.cover_image:
        pinterest["media"] = absolute(article.cover_image.url)
    mail = {"subject": article.title, "body": f"Das könnte dich interessieren:\n{url}"}
    return {
        "url": url,
        "links": [
            ("WhatsApp", "https://wa.me/?" + _query({"text": f"{article.title} {url}"})),
            ("Pinterest", "https://www.pinterest.com/pin/create/button/?" + _query(pinterest)),
            ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + _query({"u": url})),
        ],
        "mailto": "mailto:?" + _query(mail),
    }


def _query(params):
    # Spaces as %20, not "+": mail programs and some apps show a "+" literally.
    return urlencode(params, quote_via=quote)


@register.simple_tag
def related_articles(article):
    """Ähnliche Beiträge: the author's picks, then computed ones, read in one query; the
    section kept per article for page-cache misses (published articles only, read now)."""
    name = f"related:{article.pk}:{settings.RELATED_ARTICLES_COUNT}"
    return for_generation(name, lambda: _related_section(article))


def _related_section(article):
    return render_to_string("blog/includes/related.html", {"related": related_for(article)})


@register.simple_tag
def newest_articles(count):
    """The newest published articles, for pages that lead nowhere else (404, empty lists)."""
    return list(Article.objects.published().select_related("category")[:count])


@register.inclusion_tag("admin/desk/articles.html", takes_context=True)
def desk_articles(context):
    """The desk's drafts and scheduled articles, for those who may see articles."""
    if not desk.can_see(context["request"].user):
        return {}
    return {"panel": desk.articles_panel()}


@register.inclusion_tag("admin/desk/broken_links.html", takes_context=True)
def desk_broken_links(context):
    """The desk's dead links from the link check, for those who may see its results."""
    if not desk.can_see_broken_links(context["request"].user):
        return {}
    return {"panel": desk.broken_links_panel()}
