"""Fixtures for the browser tests: one headless Chromium per test session, a fresh browser context
(cookies, viewport) per test, and the demo city served by pytest-django's live server.

Static files: pytest-django's `live_server` wraps the site in django.contrib.staticfiles'
StaticFilesHandler (finders, like StaticLiveServerTestCase) whenever staticfiles is installed, so
/static/ is served without collectstatic; WhiteNoise (WHITENOISE_USE_FINDERS in the test settings)
would serve it as well.

Requests one at a time on SQLite: there the live server shares the test's in-memory connection
(Django's connections_override), and two requests at once on that one connection fail ("cannot
start a transaction within a transaction": the map asks for its layers in parallel). On
PostgreSQL each request thread has its own connection and requests run in parallel as usual.

Cookies: the session, CSRF and language cookies stay Secure as in production. Chromium treats
http://localhost as a secure context and keeps Secure cookies there, and the live server's address
is http://localhost:<port>, so no setting is relaxed for these tests.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread


class _SharedConnectionServer(ThreadedWSGIServer):
    """The live server: a request holds the lock while the site runs, when requests share one
    database connection (in-memory SQLite); connections still get a thread each (keep-alive)."""

    _one_at_a_time = threading.Lock()

    def set_app(self, application: Any) -> None:
        if not getattr(self, "connections_override", None):
            return super().set_app(application)

        def serialised(environ: Any, start_response: Any) -> Any:
            with self._one_at_a_time:  # the body is read and the response closed inside
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    close = getattr(response, "close", None)
                    if close is not None:
                        close()

        return super().set_app(serialised)


LiveServerThread.server_class = _SharedConnectionServer  # type: ignore[attr-defined]

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
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("JINGWANG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"JINGWANG_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread for as long as it lives,
    # and Django then refuses ORM calls from the test (SynchronousOnlyOperation). The tests and
    # their database flush are plain synchronous code, so lift the guard for that span only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
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
    # A request the browser itself gives up because the page navigated on (the favicon of a page
    # left at once) is not a failure of the site.
    if request.failure == "net::ERR_ABORTED" and request.resource_type in {"other", "image"}:
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
        context.set_default_timeout(10_000)
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
