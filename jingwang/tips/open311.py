"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) at /open311/v2/, in JSON only
(an .xml URL is answered with a JSON error saying so):

    GET  services.json                  the tip categories
    GET  services/{service_code}.json   a service's definition (no extra attributes)
    GET  requests.json                  requests, filtered by service_request_id, service_code,
                                        start_date, end_date (90 days at most), status
    GET  requests/{service_request_id}.json
    POST requests.json                  a new request, with the client's api_key

A request is a tip (the officer's queue). What a reader learns depends on who asks: anyone sees a
request's number, service, status and times, never its text, place or reporter; the client that
posted a request (its api_key given) also sees its description, place and the answer. Keys are
made and revoked by the system administrator (/tips/clients/)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from jingwang.core.declare import PUBLIC, access
from jingwang.core.errors import ServiceError
from jingwang.core.middleware import client_address
from jingwang.tips import services
from jingwang.tips.models import ApiClient, Category, Tip

AGENCY = "公安机关"
MAX_DAYS = 90
MAX_ROWS = 1000


def _error(status: int, description: str) -> JsonResponse:
    return JsonResponse([{"code": status, "description": description}], status=status, safe=False)


def _json_only(fmt: str) -> JsonResponse | None:
    if fmt != "json":
        return _error(400, _("Only the JSON format is offered: use .json."))
    return None


def _service(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": _("Help requests") if category.is_help else _("Tips"),
    }


@access(PUBLIC)
def services_list(request: HttpRequest, fmt: str) -> HttpResponse:
    if (refusal := _json_only(fmt)) is not None:
        return refusal
    return JsonResponse([_service(c) for c in Category.objects.filter(is_active=True)], safe=False)


@access(PUBLIC)
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if (refusal := _json_only(fmt)) is not None:
        return refusal
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        return _error(404, _("No such service."))
    return JsonResponse({"service_code": category.code, "attributes": []})


def _iso(value: Any) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _request(tip: Tip, *, full: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "service_request_id": tip.case.number,
        "status": "closed" if tip.is_closed else "open",
        "status_notes": str(tip.get_public_status_display()),
        "service_name": tip.category.name,
        "service_code": tip.category.code,
        "description": None,
        "agency_responsible": AGENCY,
        "service_notice": "",
        "requested_datetime": _iso(tip.created_at),
        "updated_datetime": _iso(tip.updated_at),
        "expected_datetime": None,
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }
    if full:
        row.update(
            description=tip.description,
            address=tip.address_text or None,
            lat=float(tip.lat) if tip.lat is not None else None,
            long=float(tip.lon) if tip.lon is not None else None,
        )
        if tip.is_closed and tip.public_reply:
            row["status_notes"] = f"{row['status_notes']}: {tip.public_reply}"
    return row


def _client(request: HttpRequest) -> ApiClient | None:
    key = request.POST.get("api_key", "") if request.method == "POST" else request.GET.get("api_key", "")
    return services.api_client_for_key(key)


def _rows(tips: Any, client: ApiClient | None) -> list[dict[str, Any]]:
    return [_request(t, full=client is not None and t.client_id == client.pk) for t in tips]


@csrf_exempt
@access(PUBLIC)
def requests_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if (refusal := _json_only(fmt)) is not None:
        return refusal
    if request.method == "POST":
        return _post(request)
    if request.method != "GET":
        return _error(405, _("Use GET or POST."))
    client = _client(request)
    if request.GET.get("api_key") and client is None:
        return _error(403, _("This API key is not valid."))
    tips = Tip.objects.select_related("case", "category")
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        return JsonResponse(_rows(tips.filter(case__number__in=ids[:100]), client), safe=False)
    now = timezone.now()
    start, end = request.GET.get("start_date", ""), request.GET.get("end_date", "")
    start_at, end_at = parse_datetime(start) if start else None, parse_datetime(end) if end else None
    if (start and start_at is None) or (end and end_at is None):
        return _error(400, _("Dates are in the W3C format, e.g. 2026-01-01T00:00:00Z."))
    end_at = end_at or now
    start_at = start_at or end_at - timedelta(days=MAX_DAYS)
    if end_at - start_at > timedelta(days=MAX_DAYS) or end_at < start_at:
        return _error(400, _("The date range may not span more than %(n)d days.") % {"n": MAX_DAYS})
    tips = tips.filter(created_at__gte=start_at, created_at__lte=end_at)
    codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
    if codes:
        tips = tips.filter(category__code__in=codes)
    statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        return _error(400, _("The status is open or closed."))
    if statuses == {"open"}:
        tips = tips.filter(closed_at__isnull=True)
    elif statuses == {"closed"}:
        tips = tips.filter(closed_at__isnull=False)
    return JsonResponse(_rows(tips.order_by("-created_at")[:MAX_ROWS], client), safe=False)


@access(PUBLIC)
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    if (refusal := _json_only(fmt)) is not None:
        return refusal
    client = _client(request)
    if request.GET.get("api_key") and client is None:
        return _error(403, _("This API key is not valid."))
    tip = Tip.objects.select_related("case", "category").filter(case__number=request_id).first()
    if tip is None:
        return _error(404, _("No such request."))
    return JsonResponse(_rows([tip], client), safe=False)


def _decimal(value: str, field: str) -> Decimal | None:
    if not value.strip():
        return None
    try:
        return Decimal(value.strip()).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ServiceError("invalid", _("Some fields are invalid."), fields={field: [_("Enter a number.")]}) from None


def _post(request: HttpRequest) -> HttpResponse:
    client = _client(request)
    if client is None:
        return _error(403, _("A valid api_key is required to post a request."))
    data = request.POST
    category = Category.objects.filter(code=data.get("service_code", ""), is_active=True).first()
    if category is None:
        return _error(400, _("Unknown service_code."))
    name = " ".join(p for p in (data.get("first_name", "").strip(), data.get("last_name", "").strip()) if p)
    try:
        lat, lon = _decimal(data.get("lat", ""), "lat"), _decimal(data.get("long", ""), "long")
        done = services.tip_submit(
            category=category,
            description=data.get("description", ""),
            address_text=data.get("address_string", ""),
            lat=lat,
            lon=lon,
            reporter_name=name,
            contact=data.get("phone", "") or data.get("email", ""),
            client=client,
            origin=services.origin_of(client_address(request)),
        )
    except ServiceError as exc:
        status = 429 if exc.code == "throttled" else 400
        details = "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in (exc.fields or {}).items())
        return _error(status, f"{exc.message} {details}".strip())
    answer = {
        "service_request_id": done.tip.case.number,
        "service_notice": _("Not watched in real time: in an emergency, call 110."),
        "account_id": None,
    }
    return JsonResponse([answer], status=201, safe=False)
