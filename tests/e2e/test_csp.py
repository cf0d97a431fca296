"""The strict Content-Security-Policy holds in a real browser: no page breaks it."""

import pytest
from django.core.management import call_command

from tests.e2e.checked_urls import checked_urls

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI || "inline"}`);
});
"""


def test_no_page_violates_the_content_security_policy(page, live_server):
    call_command("seed_demo", verbosity=0)
    page.context.add_init_script(RECORD_VIOLATIONS)

    found = {}
    for name, url in checked_urls().items():
        page.goto(live_server.url + url)
        page.wait_for_load_state("load")
        found[name] = page.evaluate("window.__cspViolations")

    assert {name: problems for name, problems in found.items() if problems} == {}
