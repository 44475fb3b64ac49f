"""The seam between a request and a service: `actor(request)` is the signed-in user, or a refusal."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory, force_authenticate

from jingwang.core.types import actor
from jingwang.testing import World


def test_actor_of_a_page_request_is_its_signed_in_user(world: World) -> None:
    request = RequestFactory().get("/")
    request.user = world.officer_a
    assert actor(request) is world.officer_a


def test_actor_of_an_api_request_is_its_signed_in_user(world: World) -> None:
    request = APIRequestFactory().get("/api/v1/")
    force_authenticate(request, user=world.officer_a)
    assert actor(Request(request)) is world.officer_a


def test_signed_out_request_never_reaches_a_service_as_an_actor() -> None:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        actor(request)
