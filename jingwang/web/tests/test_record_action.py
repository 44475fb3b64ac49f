"""The generic button on a record (web.generic.RecordActionView), on a view declared here: mark a
watch point's report handled, with a note the button may require."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.urls import include, path, reverse

from jingwang.audit.models import AuditEvent
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.testing import World, sign_in
from jingwang.watchpoints import services
from jingwang.watchpoints.models import Report
from jingwang.watchpoints.tests.factories import B1, point, report
from jingwang.web.generic import RecordActionView


class NoteForm(forms.Form):
    note = forms.CharField(max_length=20, required=False)


class HandleView(RecordActionView):
    model = Report
    form_class = NoteForm
    success_message = "Handled."
    redirect_to = "watchpoints:report"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        if data.get("note") == "refuse":
            raise ServiceError("invalid", "Not now.", fields={"note": ["Say why."]})
        services.report_handle(by=actor(request), report_id=pk)


class LoadFirstHandleView(HandleView):
    load_first = True

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        assert self.record.pk == pk  # the record in scope, looked up before the service
        super().act(request, pk, data)


urlpatterns = [
    path("test-action/<int:pk>/", HandleView.as_view()),
    path("test-action/<int:pk>/first/", LoadFirstHandleView.as_view()),
    path("", include("jingwang.urls")),
]
pytestmark = pytest.mark.urls(__name__)


def _told(answer: Any) -> list[str]:
    return [str(m) for m in get_messages(answer.wsgi_request)]


def _handled(made: Report) -> bool:
    made.refresh_from_db()
    return made.handled_at is not None


def test_a_record_action_done_shows_its_message_and_goes_back_to_the_record(world: World, client: Any) -> None:
    made = report(world, point(world))
    sign_in(client, world.officer_a)
    answer = client.post(f"/test-action/{made.pk}/", {"note": "ok"})
    assert answer.status_code == 302 and answer["Location"] == f"/watchpoints/reports/{made.pk}/"
    assert _told(answer) == ["Handled."]
    assert _handled(made)


def test_a_record_action_refused_by_the_service_shows_its_message_and_changes_nothing(
    world: World, client: Any
) -> None:
    made = report(world, point(world))
    sign_in(client, world.officer_a)
    answer = client.post(f"/test-action/{made.pk}/", {"note": "refuse"})
    assert answer.status_code == 302 and answer["Location"] == f"/watchpoints/reports/{made.pk}/"
    told = _told(answer)
    assert told[0] == "Not now." and told[1].startswith("note") and told[1].endswith("Say why.") and len(told) == 2
    assert not _handled(made)


def test_a_record_action_by_a_role_without_the_permission_is_the_audited_403_page(world: World, client: Any) -> None:
    made = report(world, point(world))
    sign_in(client, world.grid_a1)  # sees reports, may not change them
    answer = client.post(f"/test-action/{made.pk}/", {"note": "ok"})
    assert answer.status_code == 403
    denial = AuditEvent.objects.get(action="authz_denied", actor_id=world.grid_a1.pk)
    assert denial.details is not None
    assert denial.details["reason"] == "role" and denial.details["action"] == "change"
    assert not _handled(made)


def test_a_record_action_on_a_record_out_of_scope_is_the_404_page_and_changes_nothing(
    world: World, client: Any
) -> None:
    made = report(world, point(world, B1, name="外"))
    sign_in(client, world.officer_a)
    assert client.post(f"/test-action/{made.pk}/", {"note": "ok"}).status_code == 404  # the service's NotFound
    answer = client.post(f"/test-action/{made.pk}/first/", {"note": "ok"})
    assert answer.status_code == 404
    denial = AuditEvent.objects.get(action="authz_denied", actor_id=world.officer_a.pk)
    assert denial.details is not None
    assert denial.details["reason"] == "scope"  # looked up first: the refusal is audited
    assert not _handled(made)


def test_a_record_action_looked_up_first_is_done_in_scope(world: World, client: Any) -> None:
    made = report(world, point(world))
    sign_in(client, world.officer_a)
    answer = client.post(f"/test-action/{made.pk}/first/")
    assert answer.status_code == 302 and _told(answer) == ["Handled."]
    assert _handled(made)


def test_a_record_action_with_an_invalid_form_shows_its_errors_and_calls_no_service(world: World, client: Any) -> None:
    made = report(world, point(world))
    sign_in(client, world.officer_a)
    answer = client.post(f"/test-action/{made.pk}/", {"note": "x" * 21})
    assert answer.status_code == 302 and answer["Location"] == f"/watchpoints/reports/{made.pk}/"
    assert len(_told(answer)) == 1 and "20" in _told(answer)[0]
    assert not _handled(made)


def test_a_get_on_a_record_action_is_405_and_403_for_a_role_without_the_permission(world: World, client: Any) -> None:
    made = report(world, point(world))
    sign_in(client, world.officer_a)
    assert client.get(f"/test-action/{made.pk}/").status_code == 405
    sign_in(client, world.grid_a1)
    assert client.get(f"/test-action/{made.pk}/").status_code == 403
    assert not _handled(made)


def test_a_record_action_signed_out_goes_to_the_sign_in_page(world: World, client: Any) -> None:
    made = report(world, point(world))
    answer = client.post(f"/test-action/{made.pk}/", {"note": "ok"})
    assert answer.status_code == 302 and answer["Location"].startswith(reverse("accounts:login"))
    assert not _handled(made)
