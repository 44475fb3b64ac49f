"""The main menu groups the apps' entries by domain and still shows only what the user may use."""

from __future__ import annotations

import re
from typing import Any

from jingwang.testing import World, sign_in


def _groups(page: str) -> dict[str, list[str]]:
    nav = re.findall(r'<nav class="mainnav"[^>]*>(.*?)</nav>', page, re.S)[0]
    return {
        key: re.findall(r'href="([^"]+)"', body)
        for key, body in re.findall(r'<details class="navgroup[^"]*" data-group="(\w+)">(.*?)</details>', nav, re.S)
    }


def test_officer_menu_is_grouped_by_domain_in_the_domains_order(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    groups = _groups(client.get("/").content.decode())
    assert list(groups) == ["collection", "registry", "checks", "casework", "field_work", "figures", "administration"]
    assert groups["collection"] == ["/registry/collect/", "/registry/queue/", "/registry/import/"]
    assert "/cases/" in groups["casework"] and "/disputes/" in groups["casework"]
    assert "/territory/" in groups["field_work"] and "/verify/" in groups["checks"]


def test_a_group_shows_only_entries_the_user_may_use_and_empty_groups_are_left_out(world: World, client: Any) -> None:
    sign_in(client, world.auditor)
    groups = _groups(client.get("/").content.decode())
    assert groups == {"field_work": ["/territory/"], "administration": ["/audit/", "/api/docs/"]}
    sign_in(client, world.resident)
    page = client.get("/").content.decode()
    assert _groups(page) == {} and 'href="/my-officer/"' in page
    assert 'href="/incidents/followups/community-bulletins/"' in page  # their community's bulletins
