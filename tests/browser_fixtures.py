"""The headless browser and a served app, for the browser tests (shared
through conftest.py).

Without /usr/bin/chromium the browser tests are skipped with a reason that
says how to get it, unless RAPPEL_REQUIRE_BROWSER=1 (CI), where they fail.
"""
from __future__ import annotations

import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from tests.desk_fixtures import CLAIRE_EMAIL, PASSWORD, set_passwords

CHROMIUM = "/usr/bin/chromium"
# Screenshots for the README are refreshed with RAPPEL_SCREENSHOTS=1; other
# runs write them to a scratch folder so `make test` leaves the tree clean.
DOCS = (Path(__file__).resolve().parent.parent / "docs" if os.environ.get("RAPPEL_SCREENSHOTS")
        else Path(tempfile.mkdtemp(prefix="rappel-shots-")))
HOW = "install Debian's chromium (apt-get install chromium) to run the browser tests"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _unavailable(reason: str) -> None:
    if os.environ.get("RAPPEL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"RAPPEL_REQUIRE_BROWSER=1 but {reason}: {HOW}")
    pytest.skip(f"{reason}: {HOW}")


@pytest.fixture(scope="module")
def browser() -> Any:
    if not os.path.exists(CHROMIUM):
        _unavailable(f"{CHROMIUM} is missing")
    try:
        from playwright.sync_api import expect, sync_playwright
        expect.set_options(timeout=10_000)
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(app: Any) -> Any:
    """The app served on 127.0.0.1 by werkzeug, in a thread; yields its base URL."""
    app.config["BOARD_REFRESH_SECONDS"] = 1  # watch the board refresh itself, quickly
    set_passwords(app)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(5)


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1200, "height": 800}, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert not errors, errors  # no script error, no CSP violation


def log_in(page: Any, base: str, path: str = "/") -> None:
    page.goto(base + path)
    assert "/login" in page.url
    page.fill("input[name=email]", CLAIRE_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Se connecter')")
    page.wait_for_url(re.compile(re.escape(base + path) + "$"))
