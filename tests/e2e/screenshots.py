"""`make screenshots [SITE=http://…]`: PNGs of the main pages for reviewers, in var/screenshots/.

Home, an article, a category, search, /zitate/, /newsletter/ and a 404, each on a phone
(390×844) and a desktop (1366×900), light and dark: the first screen as `NAME-DEVICE-SCHEME.png`
and the whole page as `…-full.png`. Without SITE a demo site is started and stopped again.
"""

import re
import shutil
import sys
import urllib.request

from tests.e2e.demo_site import ROOT, demo_site

OUT = ROOT / "var" / "screenshots"
DEVICES = {"phone": (390, 844), "desktop": (1366, 900)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pages(base):
    """Name → URL; the article and the category are the first ones the home page links."""
    with urllib.request.urlopen(base + "/") as answer:
        home = answer.read().decode()
    article = re.search(r'href="(/artikel/[^"]+/)"', home)
    category = re.search(r'href="(/kategorie/[^"]+/)"', home)
    if not (article and category):
        sys.exit("Die Startseite verlinkt keinen Artikel und keine Kategorie.")
    return {
        "home": "/",
        "article": article.group(1),
        "category": category.group(1),
        "search": "/suche/?q=Schlaf",
        "quotes": "/zitate/",
        "newsletter": "/newsletter/",
        "404": "/diese-seite-gibt-es-nicht/",
    }


def take(base):
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        for device, (width, height) in DEVICES.items():
            for scheme in ("light", "dark"):
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    locale="de-DE",
                    color_scheme=scheme,
                    device_scale_factor=1,
                )
                page = context.new_page()
                for name, url in pages(base).items():
                    page.goto(base + url, wait_until="networkidle")
                    _load_lazy_images(page)
                    stem = OUT / f"{name}-{device}-{scheme}"
                    page.screenshot(path=f"{stem}.png")
                    page.screenshot(path=f"{stem}-full.png", full_page=True)
                    written.append(stem)
                context.close()
        browser.close()
    return written


def _load_lazy_images(page):
    """Scroll through the page once, so the whole-page picture shows every image."""
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                scrollTo(0, y);
                await new Promise((done) => setTimeout(done, 50));
            }
            scrollTo(0, 0);
            await document.fonts.ready;
        }"""
    )
    page.wait_for_load_state("networkidle")


def main(argv):
    if not shutil.which("chromium"):
        sys.exit("Chromium fehlt (apt-get install -y chromium).")
    if len(argv) > 1 and argv[1]:
        written = take(argv[1].rstrip("/"))
    else:
        with demo_site() as base:
            written = take(base)
    print(f"{len(written) * 2} Bilder in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    main(sys.argv)
