"""Fixtures for the browser tests: one headless Chromium per test session, a fresh browser context
(cookies, viewport) per test, and the demo city served by pytest-django's live server.

Static files: pytest-django's `live_server` wraps the site in django.contrib.staticfiles'
StaticFilesHandler (finders, like StaticLiveServerTestCase) whenever staticfiles is installed, so
/static/ is served without collectstatic; WhiteNoise (WHITENOISE_USE_FINDERS in the test settings)
would serve it as well.

Cookies: the session, CSRF and language cookies stay Secure as in production. Chromium treats
http://localhost as a secure context and keeps Secure cookies there, and the live server's address
is http://localhost:<port>, so no setting is relaxed for these tests.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXPECT_TIMEOUT_MS = 15_000
ACTION_TIMEOUT_MS = 15_000
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


class _OneRequestAtATime:
    """A WSGI app that answers one request at a time, from the call until the response is closed
    (a streamed body is read inside too)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.lock.acquire()
        try:
            response = self.app(environ, start_response)
        except BaseException:
            self.lock.release()
            raise
        return _ReleasedOnClose(response, self.lock)


class _ReleasedOnClose:
    def __init__(self, response: Iterable[bytes], lock: threading.Lock) -> None:
        self.response, self.lock = response, lock

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.response)

    def close(self) -> None:
        try:
            close = getattr(self.response, "close", None)
            if close is not None:
                close()
        finally:
            self.lock.release()


class LiveServer(ThreadedWSGIServer):
    """The live server. On SQLite its threads share the in-memory test database (one connection,
    or one shared cache), and two requests at once fail there ("database table is locked",
    "cannot start a transaction within a transaction") — the map alone asks for its layers in
    parallel. On SQLite, requests are answered one at a time; on PostgreSQL the server is the
    threaded one, unchanged."""

    def set_app(self, application: Any) -> None:
        serial = getattr(self, "connections_override", None) or connections["default"].vendor == "sqlite"
        super().set_app(_OneRequestAtATime(application) if serial else application)


LiveServerThread.server_class = LiveServer  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("JINGWANG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"JINGWANG_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread for as long as it lives,
    # and Django then refuses ORM calls from the test (SynchronousOnlyOperation). The tests and
    # their database flush are plain synchronous code, so lift the guard for that span only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    # CI runs both databases' suites side by side on two cores, four test workers and their
    # browsers: a page that is right may take longer than Playwright's 5 s to show it. The waits
    # still fail on what never appears; only the patience is longer.
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    try:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class BrowserErrors(list[str]):
    """Console errors, uncaught exceptions and failed requests a page produced."""


def _on_console(msg: Any, errors: BrowserErrors) -> None:
    # An HTTP error also logs "Failed to load resource" without its address; _on_response records it.
    if msg.type == "error" and not msg.text.startswith("Failed to load resource:"):
        errors.append(f"console.error: {msg.text} ({msg.location.get('url')})")


def _on_request_failed(request: Any, errors: BrowserErrors) -> None:
    # A request the browser itself gives up because the page navigated on (the favicon or a script
    # of a page left before it finished loading, as a loaded CI machine makes likely) is not a
    # failure of the site. A missing file is a 404 (`_on_response`); a page that fails to load is
    # the document's own request, which still counts.
    if request.failure == "net::ERR_ABORTED" and request.resource_type != "document":
        return
    errors.append(f"request failed: {request.method} {request.url} {request.failure}")


def _on_response(response: Any, errors: BrowserErrors) -> None:
    if response.status >= 400:
        errors.append(f"HTTP {response.status}: {response.request.method} {response.url}")


@pytest.fixture
def open_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """`open_page(viewport=(390, 844))`: a page in a fresh context (own cookies) with a Chinese
    browser, like the platform's users. Any JavaScript error, console error or failed request
    fails the test; a failing test leaves a screenshot in test-artifacts/."""
    pages: list[tuple[Any, Any, BrowserErrors]] = []

    def make(viewport: tuple[int, int] = (1280, 900), **options: Any) -> Any:
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": viewport[0], "height": viewport[1]},
            **options,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        page = context.new_page()
        errors = BrowserErrors()
        page.on("console", lambda msg: _on_console(msg, errors))
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: _on_request_failed(req, errors))
        page.on("response", lambda resp: _on_response(resp, errors))
        pages.append((context, page, errors))
        return page

    yield make

    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    try:
        for i, (_context, page, _errors) in enumerate(pages):
            if failed and not page.is_closed():
                ARTIFACTS.mkdir(exist_ok=True)
                name = re.sub(r"[^\w.-]", "_", request.node.name)
                page.screenshot(path=str(ARTIFACTS / f"{name}-failed-{i}.png"), full_page=True)
    finally:
        for context, _page, _errors in pages:
            context.close()
    problems = [e for _c, _p, errors in pages for e in errors]
    if problems:
        message = "the browser reported errors:\n" + "\n".join(problems)
        if failed:
            print(message)  # shown with the failure already reported
        else:
            pytest.fail(message, pytrace=False)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def demo_city(live_server: Any) -> Any:
    """The demo city and its accounts in the (transactional) test database the live server reads."""
    from jingwang.demo.seed import seed_demo

    seeded = seed_demo()
    assert seeded["users"], "the test database was not empty"
    return live_server


def sign_in(page: Any, base_url: str, username: str, password: str | None = None) -> None:
    """Sign in through the login page as a demo account."""
    from jingwang.demo.seed import DEMO_PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password or DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    # Let the redirect after sign-in finish: a navigation started before it ends aborts it.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.wait_for_load_state("load")
