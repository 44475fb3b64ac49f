"""The account forms pick scopes from the territory nodes the security administrator may grant."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jingwang.accounts.models import RoleAssignment, User
from jingwang.testing import PASSWORD, World, sign_in


@pytest.mark.django_db
def test_new_account_form_lists_grantable_nodes_with_kind_name_and_code(client: Client, world: World) -> None:
    sign_in(client, world.secadmin_b, stepped_up=True)
    page = client.get(reverse("accounts:user-create")).content.decode()
    assert 'data-testid="scope-picker-scopes"' in page
    assert 'type="checkbox" name="scopes" value="community:320106001002"' in page
    assert "网格 · 乙一网格 · 320106001002001" in page
    assert "grid:320106001001001" not in page  # another community: not the administrator's to grant


@pytest.mark.django_db
def test_account_is_created_over_the_picked_nodes(client: Client, world: World) -> None:
    sign_in(client, world.secadmin, stepped_up=True)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "new_worker",
            "display_name": "新网格员",
            "password": PASSWORD + "x",
            "role": "grid_worker",
            "scopes": ["grid:320106001001001", "grid:320106001001002"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new_worker")
    refs = sorted(a.node.ref for a in RoleAssignment.objects.filter(user=user).select_related("node"))
    assert refs == ["grid:320106001001001", "grid:320106001001002"]


@pytest.mark.django_db
def test_role_is_added_from_the_node_choice_on_the_account_page(client: Client, world: World) -> None:
    sign_in(client, world.secadmin, stepped_up=True)
    url = reverse("accounts:user-detail", args=[world.grid_b1.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="scope-picker-node"' in page
    assert '<option value="community:320106001002">社区/村 · 乙社区 · 320106001002</option>' in page
    client.post(url, {"op": "assign", "role": "volunteer", "node": "community:320106001002"})
    assert RoleAssignment.objects.filter(user=world.grid_b1, role="volunteer", node__code="320106001002").exists()
