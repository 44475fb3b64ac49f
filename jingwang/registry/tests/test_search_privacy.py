"""Issue 9 item 3: a searched ID or phone number is kept out of the audit trail (masked, with its
blind index), out of URLs (the page search is POSTed and addressed by an opaque key) and out of logs."""

from __future__ import annotations

import json
import logging
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from gunicorn.config import Config
from rest_framework.test import APIClient

from jingwang.accounts.stepup import REAUTH_AT
from jingwang.audit.models import AuditEvent
from jingwang.core.middleware import IdentifierLogFilter
from jingwang.demo.management.commands.serve import gunicorn_logger
from jingwang.registry.services import persons
from jingwang.registry.tests.conftest import A1, make_person
from jingwang.testing import PASSWORD, World, sign_in

pytestmark = pytest.mark.django_db
PHONE = "13812345678"  # person_a's phone in the registry fixture


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def _number(world: World, registry: dict[str, Any]) -> str:
    person = registry["person_a"]
    return persons.person_reveal(by=world.officer_a, person_id=person.pk, field="id_number", purpose="测试")


def _audit_dump() -> str:
    rows = AuditEvent.objects.values_list("query", "purpose", "details", "object_id")
    return json.dumps(list(rows), ensure_ascii=False, default=str)


def test_api_search_by_id_number_is_audited_masked_with_the_persons_blind_index(
    world: World, registry: dict[str, Any]
) -> None:
    number = _number(world, registry)
    found = _api(world, "officer_a").get("/api/v1/persons/", {"q": number}).json()["results"]
    assert [p["id"] for p in found] == [registry["person_a"].pk]
    event = AuditEvent.objects.filter(action="registry.person.list").latest("id")
    assert event.query == {
        "q": registry["person_a"].id_number_masked,
        "q.index": [f"id_number:{registry['person_a'].id_number_index}"],
    }
    assert number not in _audit_dump()


def test_api_search_by_phone_is_audited_masked(world: World, registry: dict[str, Any]) -> None:
    _api(world, "officer_a").get("/api/v1/persons/", {"q": "138 1234 5678"})
    event = AuditEvent.objects.filter(action="registry.person.list").latest("id")
    assert event.query == {"q": "138****5678", "q.index": [f"phone:{registry['person_a'].phone_index}"]}
    assert PHONE not in _audit_dump() and "138 1234 5678" not in _audit_dump()


def test_api_search_by_post_keeps_the_number_out_of_the_url(world: World, registry: dict[str, Any]) -> None:
    number = _number(world, registry)
    client = _api(world, "officer_a")
    response = client.post("/api/v1/persons/search/?page_size=1", {"q": number}, format="json")
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [registry["person_a"].pk]
    assert number not in response.content.decode()
    event = AuditEvent.objects.filter(action="registry.person.list").latest("id")
    assert (event.query or {})["q"] == registry["person_a"].id_number_masked and number not in _audit_dump()
    bad = client.post("/api/v1/persons/search/", {"birth_date": "not a date"}, format="json")
    assert bad.status_code == 400 and "birth_date" in bad.json()["error"]["fields"]


def test_api_post_search_pages_with_the_same_body(world: World, registry: dict[str, Any]) -> None:
    for name in ("甲一", "甲二", "甲三"):
        make_person(world, A1, name)
    client = _api(world, "officer_a")
    first = client.post("/api/v1/persons/search/?page_size=2", {"q": "甲"}, format="json").json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.post(first["next"], {"q": "甲"}, format="json").json()
    seen = {p["id"] for p in first["results"]} | {p["id"] for p in second["results"]}
    assert len(seen) == 4  # 甲居民 and the three above, none twice


def test_page_search_is_posted_and_the_url_holds_only_an_opaque_key(
    world: World, registry: dict[str, Any], client: Any
) -> None:
    number = _number(world, registry)
    sign_in(client, world.officer_a)
    posted = client.post("/registry/persons/", {"q": number})
    assert posted.status_code == 302
    location = posted["Location"]
    assert number not in location and set(parse_qs(urlsplit(location).query)) == {"s"}
    page = client.get(location).content.decode()
    assert "甲居民" in page and "乙居民" not in page
    assert number not in _audit_dump()
    form = page.split('data-testid="person-search"')[0].rsplit("<form", 1)[1]
    assert 'method="post"' in form


def test_an_old_search_link_is_moved_out_of_the_url(world: World, registry: dict[str, Any], client: Any) -> None:
    number = _number(world, registry)
    sign_in(client, world.officer_a)
    response = client.get("/registry/persons/", {"q": number})
    assert response.status_code == 302 and number not in response["Location"]
    assert "甲居民" in client.get(response["Location"]).content.decode()


def test_page_search_key_of_another_session_finds_nothing(world: World, registry: dict[str, Any], client: Any) -> None:
    sign_in(client, world.officer_a)
    location = client.post("/registry/persons/", {"q": "甲居民"})["Location"]
    other = type(client)()
    sign_in(other, world.officer_a)
    page = other.get(location).content.decode()
    assert 'data-testid="person-table"' in page  # the whole list, and a message to search again
    assert other.get(location).context["search"] == {}


def test_page_export_of_a_search_keeps_the_number_out_of_the_url(
    world: World, registry: dict[str, Any], client: Any
) -> None:
    number = _number(world, registry)
    sign_in(client, world.officer_a)
    session = client.session
    session[REAUTH_AT] = time.time()  # the password confirmed a moment ago
    session.save()
    posted = client.post("/registry/persons/", {"q": number, "export": "csv"})
    assert posted.status_code == 302 and number not in posted["Location"]
    export = client.get(posted["Location"])
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "甲居民" in body and "乙居民" not in body
    event = AuditEvent.objects.filter(action="registry.person.export").latest("id")
    assert (event.query or {})["q"] == registry["person_a"].id_number_masked and number not in _audit_dump()


def test_audit_trail_api_and_page_show_searched_numbers_masked(
    world: World, registry: dict[str, Any], client: Any
) -> None:
    number = _number(world, registry)
    _api(world, "officer_a").get("/api/v1/persons/", {"q": number})
    _api(world, "officer_a").get("/api/v1/watch-entries/", {"q": PHONE})
    assert number not in _api(world, "auditor").get("/api/v1/audit-events/").content.decode()
    searched = AuditEvent.objects.filter(action="registry.person.list").latest("id")
    sign_in(client, world.auditor)
    page = client.get(f"/audit/{searched.pk}/").content.decode()
    assert registry["person_a"].id_number_masked in page and number not in page
    assert PHONE not in client.get("/audit/").content.decode()


def test_a_number_typed_into_a_purpose_is_masked_in_the_audit_trail(world: World, registry: dict[str, Any]) -> None:
    client = _api(world, "officer_a")
    client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    client.post(
        f"/api/v1/persons/{registry['person_a'].pk}/reveal/",
        {"field": "phone", "purpose": f"回拨{PHONE}核实"},
        format="json",
    )
    event = AuditEvent.objects.filter(action="registry.person.reveal").latest("id")
    assert event.purpose == "回拨138****5678核实"


def test_logged_request_lines_carry_no_query_string_or_number(caplog: Any) -> None:

    line = ("GET /registry/persons/?q=13812345678 HTTP/1.1", 200)
    record = logging.LogRecord("django.server", logging.INFO, __file__, 1, '"%s" %s', line, None)
    assert IdentifierLogFilter().filter(record)
    assert record.getMessage() == '"GET /registry/persons/?… HTTP/1.1" 200'
    stray = logging.LogRecord("x", logging.WARNING, __file__, 1, "caller %s", (PHONE,), None)
    IdentifierLogFilter().filter(stray)
    assert stray.getMessage() == "caller 138****5678"
    # Wired in: the console handler filters every line, the development server's lines included.
    logging_config: dict[str, Any] = settings.LOGGING
    assert "no_identifiers" in logging_config["handlers"]["console"]["filters"]
    assert logging_config["loggers"]["django.server"]["handlers"] == ["console"]
    # gunicorn's error log names the failing request with its query string: filtered the same way.

    config = Config()
    config.set("logger_class", gunicorn_logger())
    logger = config.logger_class(config)
    assert any(isinstance(f, IdentifierLogFilter) for f in logger.error_log.filters)
