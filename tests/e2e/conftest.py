"""End-to-end fixtures: the real app served on 127.0.0.1 and Debian's Chromium driven by
Playwright. Every page's console is watched: a JavaScript error fails the test."""
from __future__ import annotations

import os
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from tests.conftest import PASSWORD, csrf_from

playwright_api = pytest.importorskip("playwright.sync_api")
# Debian's old headless shell when installed (`make test` installs it): the same engine
# without the browser's window layer, about half the CPU per page; else Debian's Chromium.
CHROMIUM = (shutil.which("chromium-headless-shell") or shutil.which("chromium")
            or "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
# Screenshots are for people to look at (`E2E_SHOTS=1 make test`); a run without them
# asserts the same and spares the browser a full-page picture at every step.
SHOTS = os.environ.get("E2E_SHOTS") == "1"
EXPECTED_HTTP_ERROR = re.compile(r"Failed to load resource: .*status of 4(01|03|09|22)")
OFFICE_TIMEZONE = "Asia/Jakarta"  # app/settings.py OFFICE_TIMEZONE
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync"]


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: `make test` installs it (apt-get install chromium)")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True)
        yield b
        b.close()


def shoot(target, name: str, full_page: bool = True) -> None:
    """A picture of a page (or of one element's locator) in tests/artifacts/, when asked."""
    if SHOTS:
        ARTIFACTS.mkdir(exist_ok=True)
        options = {"full_page": True} if full_page else {}
        target.screenshot(path=str(ARTIFACTS / f"{name}.png"), **options)


class Clerk:
    """One person at one browser: logs in, clicks, types, prints, takes pictures."""

    def __init__(self, browser, base: str, name: str):
        # The office's PCs keep WIB: a date picker's "today" is the office's today, also
        # when the tests run after 17:00 UTC (already tomorrow in Takeran).
        self.context = browser.new_context(viewport={"width": 1366, "height": 900},
                                           locale="id-ID", timezone_id=OFFICE_TIMEZONE)
        self.page = self.context.new_page()
        self.base = base
        self.name = name
        self.console_errors: list[str] = []
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("dialog", lambda d: d.accept())  # "are you sure?" confirmations

    def _on_console(self, message) -> None:
        # A 4xx the test provokes on purpose (422 on bad input, 401, 403) is not a script error.
        if message.type == "error" and not EXPECTED_HTTP_ERROR.search(message.text):
            self.console_errors.append(message.text)

    def goto(self, path: str):
        return self.page.goto(self.base + path)

    def login(self, username: str, password: str = PASSWORD):
        """Logs in as the login form does (its page's CSRF token, its POST, the session
        cookie in this browser) without drawing the form and the dashboard behind it:
        two page loads of every scenario's start. The form itself is driven by hand in
        `login_through_form` (tests/e2e/test_sop_flow.py)."""
        token = csrf_from(self.context.request.get(self.base + "/login").text())
        response = self.context.request.post(
            self.base + "/login", max_redirects=0,
            form={"username": username, "password": password, "csrf_token": token})
        assert response.status == 302, f"login as {username} failed ({response.status})"
        return self

    def login_through_form(self, username: str, password: str = PASSWORD):
        self.goto("/login")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")
        assert self.page.url == self.base + "/admin/", self.page.url
        return self

    def logout(self):
        self.page.click("#akun-menu")  # the account's menu in the navbar
        with self.page.expect_navigation():
            self.page.click("form[action$='/logout'] button")

    def shot(self, label: str) -> None:
        shoot(self.page, f"{self.name}-{label}")

    def select2(self, field_id: str, value: str) -> None:
        """Flask-Admin draws selects with Select2: set the hidden select directly."""
        self.page.eval_on_selector(
            f"#{field_id}", "(el, v) => { el.value = v; el.dispatchEvent(new Event('change')); }",
            value)

    def take(self, label: str, note: str | None = None):
        """Press a transition button on the detail page, with its note."""
        form = self.page.locator("form", has=self.page.get_by_role("button", name=label,
                                                                    exact=True))
        if note is not None:
            form.locator("[name=note]").fill(note)
        with self.page.expect_navigation():
            form.get_by_role("button", name=label, exact=True).click()

    def download_pdf(self, title: str) -> str:
        """Fetch the PDF behind a print button as this user; its text, whitespace folded."""
        import io

        from pypdf import PdfReader

        href = self.page.get_by_role("link", name=title, exact=True).get_attribute("href")
        response = self.page.request.get(self.base + href)
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.body()))
        return " ".join(" ".join(p.extract_text() for p in reader.pages).split())

    @contextmanager
    def opens_document(self):
        """The tab a button opens with a printed document, closed again; `.url` is the
        address it asked for. (The headless shell saves a PDF rather than showing it, so
        the tab's own URL stays empty.)"""
        opened = SimpleNamespace(url=None)
        with self.context.expect_event("request", lambda r: "/cetak/" in r.url) as request, \
                self.context.expect_page() as tab:
            yield opened
        opened.url = request.value.url
        tab.value.close()

    def badge(self) -> str:
        return self.page.locator("h1 .badge").inner_text().strip()

    def close(self):
        self.context.close()


@pytest.fixture
def clerk(browser, live_server):
    opened: list[Clerk] = []

    def open_as(name: str) -> Clerk:
        c = Clerk(browser, live_server, name)
        opened.append(c)
        return c

    yield open_as
    errors = [(c.name, e) for c in opened for e in c.console_errors]
    for c in opened:
        c.close()
    assert not errors, f"JavaScript errors in the console: {errors}"
