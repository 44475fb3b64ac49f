"""The dispatch system's feed: POST /api/v1/incidents/, one or a batch, idempotent on the number."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.incidents.models import Incident, Source

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents/"


def one(number: str, **extra: Any) -> dict[str, Any]:
    return {
        "number": number,
        "reported_at": "2026-03-01T10:00:00+08:00",
        "category": "0102",
        "lon": 118.75,
        "lat": 32.05,
        **extra,
    }


def test_the_feed_records_a_batch_once_however_often_it_is_sent(api_as: Any) -> None:
    feed = api_as("leader")
    batch = [one("F1"), one("F2", caller_phone="13812345678")]
    first = feed.post(URL, batch, format="json")
    assert first.status_code == 201 and first.json()["created"] == 2
    again = feed.post(URL, batch, format="json")
    assert again.status_code == 201 and (again.json()["created"], again.json()["present"]) == (0, 2)
    assert Incident.objects.filter(source=Source.FEED).count() == 2
    listed = feed.get(URL).json()["results"]
    assert {i["caller_phone_masked"] for i in listed} == {"", "138****5678"}
    assert "13812345678" not in str(listed)


def test_a_single_incident_is_accepted_as_an_object(api_as: Any) -> None:
    response = api_as("officer_a").post(URL, one("F3"), format="json")
    assert response.status_code == 201 and response.json()["numbers"] == ["F3"]


def test_a_batch_with_a_bad_incident_records_nothing_and_says_which_in_chinese(api_as: Any) -> None:
    response = api_as("leader").post(URL, [one("F4"), one("F5", category="没有")], format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "1.category" in error["fields"] and "代码表" in error["fields"]["1.category"][0]
    assert not Incident.objects.exists()


def test_malformed_feed_bodies_are_400_not_500(api_as: Any) -> None:
    feed = api_as("leader")
    assert feed.post(URL, [], format="json").status_code == 400
    assert feed.post(URL, [{"number": "X"}], format="json").status_code == 400
    assert feed.post(URL, "junk", format="json").status_code == 400
    assert feed.post(URL, [one("F6", lon="east")], format="json").status_code == 400
    assert not Incident.objects.exists()
