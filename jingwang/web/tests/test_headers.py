"""SECURITY 28 (issue 9 item 9): a Content-Security-Policy on every page with nothing inline, HSTS
whenever cookies are Secure, and `Cache-Control: no-store` on every answer that may carry personal
data (static files keep their caching)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.test import APIClient

from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db
PACKAGE = Path(__file__).resolve().parents[2]


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def _assert_strict(policy: str) -> None:
    d = _directives(policy)
    assert d["default-src"] == ["'self'"] and d["script-src"] == ["'self'"] and d["style-src"] == ["'self'"]
    assert d["object-src"] == ["'none'"] and d["frame-ancestors"] == ["'none'"]
    assert d["base-uri"] == ["'self'"] and d["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy and "*" not in policy


def test_every_page_and_api_answer_carries_a_strict_policy(world: World, client: Any) -> None:
    _assert_strict(client.get("/accounts/login/")["Content-Security-Policy"])
    sign_in(client, world.officer_a)
    for url in ("/", "/registry/persons/", "/registry/queue/", "/verify/", "/no-such-page/"):
        _assert_strict(client.get(url)["Content-Security-Policy"])
    api = APIClient()
    api.force_authenticate(world.officer_a)
    _assert_strict(api.get("/api/v1/persons/")["Content-Security-Policy"])


def test_a_file_answer_keeps_its_own_sandbox_policy() -> None:
    from jingwang.core.middleware import SecurityHeadersMiddleware

    def view(request: Any) -> HttpResponse:
        response = HttpResponse(b"%PDF-1.4", content_type="application/pdf")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    response = SecurityHeadersMiddleware(view)(RequestFactory().get("/file"))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_map_tiles_from_the_configured_tile_server_are_allowed(settings: Any) -> None:
    from jingwang.core.middleware import content_security_policy

    settings.MAP_TILE_URL = "https://{s}.tiles.police.internal:8443/{z}/{x}/{y}.png"
    images = _directives(content_security_policy())["img-src"]
    assert images == ["'self'", "data:", "blob:", "https://*.tiles.police.internal:8443"]


def _without_comments(template: str) -> str:
    return re.sub(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", template, flags=re.DOTALL)


def test_no_template_has_inline_script_style_or_event_handler() -> None:
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|<style\b|\sstyle=|\son[a-z]+=|javascript:",
        re.IGNORECASE,
    )
    offenders = [
        f"{path.relative_to(PACKAGE)}: {match.group(0)}"
        for path in PACKAGE.glob("*/templates/**/*.html")
        for match in inline.finditer(_without_comments(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_api_docs_page_has_nothing_inline_and_loads_its_script(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    page = client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and "<style" not in html
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts and all("src=" in s for s in scripts)
    start = re.findall(r'<script src="([^"]*script=[^"]*)"', html)
    assert len(start) == 1
    script = client.get(start[0].replace("&amp;", "&"))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


def test_hsts_is_sent_over_https_when_cookies_are_secure(client: Any, settings: Any) -> None:
    assert settings.SESSION_COOKIE_SECURE  # the production default the tests run with
    response = client.get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_hsts_is_off_when_cookies_are_not_secure() -> None:
    code = "import jingwang.settings as s; print(s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    env = {
        "JINGWANG_SECRET_KEY": "hsts-test-secret-key-0123456789",
        "JINGWANG_DATA_KEY": "hsts-test-data-key-0123456789",
        "JINGWANG_SECURE_COOKIES": "0",
        "PATH": "/usr/bin:/bin",
    }
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "0"]


def test_answers_with_personal_data_are_not_stored(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    for url in ("/", "/registry/persons/", "/registry/queue/"):
        assert client.get(url)["Cache-Control"] == "no-store"
    api = APIClient()
    api.force_authenticate(world.officer_a)
    assert api.get("/api/v1/persons/")["Cache-Control"] == "no-store"
    assert api.get("/api/v1/me/")["Cache-Control"] == "no-store"


def test_static_files_keep_their_caching(client: Any) -> None:
    response = client.get("/static/web/app.css")
    assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
    assert "Content-Security-Policy" not in response
