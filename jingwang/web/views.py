"""The shell: role home pages, the resident's officer, language switching and health checks."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from jingwang.core.access import grants
from jingwang.core.declare import AUTHENTICATED, PUBLIC, access
from jingwang.core.roles import Role
from jingwang.core.types import Viewer, actor
from jingwang.web import dashboards

# Which home page a user with several roles lands on: the most encompassing role first.
HOME_PRIORITY = [
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
    Role.BUREAU_COMMANDER,
    Role.STATION_LEADER,
    Role.COMMUNITY_OFFICER,
    Role.AUXILIARY_OFFICER,
    Role.GRID_WORKER,
    Role.POLICE_ASSISTANT,
    Role.MEDIATOR,
    Role.DEPARTMENT_STAFF,
    Role.CARE_WORKER,
    Role.VENUE_OPERATOR,
    Role.VOLUNTEER,
    Role.WATCH_POINT_KEEPER,
    Role.BANK_LIAISON,
    Role.RESIDENT,
]


def primary_role(user: Viewer) -> str | None:
    held = {g.role for g in grants(user)}
    return next((r for r in HOME_PRIORITY if r in held), None)


@access(AUTHENTICATED)
@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    role = primary_role(user)
    ctx: dict[str, Any] = {"role": role, "role_label": Role(role).label if role else ""}
    if role:
        ctx.update(dashboards.build(role, user))
    return render(request, "web/home.html", ctx)


@access(AUTHENTICATED)
@login_required
def my_officer(request: HttpRequest) -> HttpResponse:
    return render(request, "web/my_officer.html", {"districts": dashboards.officers_for_resident(actor(request))})


@access(PUBLIC)
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


@access(PUBLIC)
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@access(PUBLIC)
def readyz(request: HttpRequest) -> HttpResponse:
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    if pending:
        return JsonResponse({"status": "unavailable", "database": True, "migrations": len(pending)}, status=503)
    return JsonResponse({"status": "ready", "database": True, "migrations": 0})
