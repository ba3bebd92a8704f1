"""In a real browser: the phone simulator polls and sends without a phone number
in any URL (URLs end up in access logs). Same browser and server as test_browser."""
from __future__ import annotations

import re

from tests.browser_fixtures import log_in

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips (or fails) with the reason
    expect = None  # type: ignore[assignment]

NUMBER = re.compile(r"(%2B|\+)?33\d{9}|0[67]\d{8}|\d{6,}")


def test_the_simulator_never_puts_a_number_in_a_url(app, db, server, page):  # noqa: F811
    app.config["WTF_CSRF_ENABLED"] = True  # as in production: the polling POST carries its token
    urls: list[str] = []
    statuses: list[int] = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("response", lambda response: statuses.append(response.status)
            if "/simulator/phones" in response.url else None)
    log_in(page, server, "/simulator/")
    page.fill("#sim-number", "06 98 76 54 32")
    page.fill("#sim-body", "Bonjour, Luc, rappelez-moi demain matin")
    page.click("button:has-text('Envoyer à la ligne')")
    expect(page.locator("#sim-answer")).to_contain_text("demande")
    expect(page.locator("[data-phone='+33698765432']")).to_contain_text("rappelez-moi")
    page.wait_for_timeout(3500)  # one more poll, every 3 s
    page.reload()
    expect(page.locator("#sim-number")).to_have_value("+33698765432")  # kept in the session
    polls = [u for u in urls if "/simulator/phones" in u]
    assert len(polls) >= 2 and set(statuses) == {200}
    assert not [u for u in urls if NUMBER.search(u.split("://", 1)[1].split("/", 1)[1])], urls
