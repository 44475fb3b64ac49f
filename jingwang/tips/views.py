"""Pages of tips: the residents' (portal layout, public routes that check who asks themselves)
and the staff's (the police's list and record of tips, the evaluations with the officers' figures,
the Open311 clients). The officer handles a tip on its case page (/cases/<id>/)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from jingwang.audit.services import audit_record
from jingwang.core.access import grants
from jingwang.core.declare import PUBLIC, access
from jingwang.core.errors import ServiceError
from jingwang.core.middleware import client_address
from jingwang.core.roles import Role
from jingwang.core.types import actor
from jingwang.core.views import ScopedPageMixin
from jingwang.portal.access import resident_of, resident_required
from jingwang.portal.appointments import booking_to_rate
from jingwang.territory.models import Node, NodeKind
from jingwang.tips import selectors, services
from jingwang.tips.forms import ApiClientForm, RateForm, ReopenForm, TipForm, TrackForm
from jingwang.tips.models import ApiClient, Evaluation, Tip
from jingwang.tips.targets import routing_target
from jingwang.web.generic import Column, ObjectListView, ObjectView, RecordActionView, service_error_to_form

# --- The resident's pages -------------------------------------------------------------------------


def _resident(request: HttpRequest) -> Any:
    """The signed-in resident asking, or None (staff accounts are not residents here)."""
    user = request.user
    if resident_of(user) is not None:  # signed in on the portal with a code
        return user
    if user.is_authenticated and any(g.role == Role.RESIDENT for g in grants(user)):
        return user  # a resident's account made by staff
    return None


def _sign_in_url(request: HttpRequest) -> str:
    return f"{reverse('portal:sign_in')}?{urlencode({'next': request.get_full_path()})}"


def _status_context(tip: Tip, *, owner: bool, code: str = "") -> dict[str, Any]:
    target = routing_target(tip.routed_kind) if tip.routed_kind else None
    rated = owner and tip.resident_id is not None and bool(selectors.evaluated_ids(tip.resident, "tips.tip", [tip.pk]))
    return {
        "tip": tip,
        "routed_label": target.label if target else "",
        "may_reopen": services.may_reopen(tip),
        "reopen_form": ReopenForm(),
        "may_rate": owner and tip.is_closed and not rated,
        "rated": rated,
        "rate_form": RateForm(),
        "owner": owner,
        "code": code,
        "reopen_days": settings.TIPS_REOPEN_DAYS,
    }


def _read(request: HttpRequest, tip: Tip, how: str) -> None:
    """Every read of a tip through the portal is audited (it holds what the resident wrote)."""
    audit_record(
        action="tips.tip.read",
        actor=request.user if request.user.is_authenticated else None,
        object_type="tips.tip",
        object_id=tip.pk,
        details={"by": how},
    )


@access(PUBLIC)
def tip_new(request: HttpRequest) -> HttpResponse:
    resident = _resident(request)
    if resident is None:
        return render(request, "tips/sign_in.html", {"sign_in_url": _sign_in_url(request)})
    form = TipForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            done = services.tip_submit(
                category=d["category"],
                description=d["description"],
                address_text=d["address_text"],
                lat=d["lat"],
                lon=d["lon"],
                community=d["community"],
                resident=resident,
                show_name=d["show_name"],
                origin=services.origin_of(client_address(request)),
                files=d["photos"],
            )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            # The code is shown once, in this answer (never in a URL); the resident also finds the
            # tip under "My tips".
            return render(request, "tips/submitted.html", {"tip": done.tip, "code": done.code}, status=201)
    status = 400 if request.method == "POST" else 200
    return render(request, "tips/new.html", {"form": form, "MAP_TILE_URL": settings.MAP_TILE_URL}, status=status)


@access(PUBLIC)
def tip_track(request: HttpRequest) -> HttpResponse:
    """The status by tracking code, without signing in: the code travels in the form's body."""
    form = TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        tip = services.tip_by_code(code)
        if tip is not None:
            _read(request, tip, "code")
            owner = _resident(request) is not None and tip.resident_id == request.user.pk
            return render(request, "tips/status.html", _status_context(tip, owner=owner, code=code))
        form.add_error("code", _("No tip has this tracking code. Check it and try again."))
    return render(request, "tips/track.html", {"form": form}, status=400 if request.method == "POST" else 200)


@access(PUBLIC)
def tip_mine(request: HttpRequest) -> HttpResponse:
    resident = _resident(request)
    if resident is None:
        return render(request, "tips/sign_in.html", {"sign_in_url": _sign_in_url(request)})
    tips = list(selectors.tips_of(resident)[:100])
    return render(request, "tips/mine.html", {"tips": tips})


def _own_tip(request: HttpRequest, pk: int) -> Tip:
    resident = _resident(request)
    tip = Tip.objects.select_related("category", "case").filter(pk=pk, resident=resident).first() if resident else None
    if tip is None:
        raise Http404
    return tip


@access(PUBLIC)
def tip_mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tip = _own_tip(request, pk)
    _read(request, tip, "owner")
    return render(request, "tips/status.html", _status_context(tip, owner=True))


@access(PUBLIC)
def tip_reopen(request: HttpRequest) -> HttpResponse:
    """Reopen by the owner (pk, signed in) or by the holder of the tracking code."""
    if request.method != "POST":
        return redirect("tips_portal:track")
    code = request.POST.get("code", "")
    tip = services.tip_by_code(code) if code else None
    if tip is None and request.POST.get("tip", "").isdigit():
        tip = _own_tip(request, int(request.POST["tip"]))
    if tip is None:
        raise Http404
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            tip = services.tip_reopen(tip_id=tip.pk, reason=form.cleaned_data["reason"], resident=_resident(request))
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(request, _("Reopened: the officer has been told."))
    owner = _resident(request) is not None and tip.resident_id == request.user.pk
    context = _status_context(tip, owner=owner, code=code)
    context["reopen_form"] = form
    return render(request, "tips/status.html", context, status=200 if form.is_valid() and not form.errors else 400)


def _rated(request: HttpRequest, form: RateForm, *, kind: str, object_id: int, period: str = "") -> bool:
    """Submit the resident's rating from a valid form: True when it is kept (with the thanks), else
    the service's refusal is put on the form."""
    try:
        services.evaluation_submit(
            resident=request.user,
            kind=kind,
            object_id=object_id,
            period=period,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except ServiceError as exc:
        service_error_to_form(form, exc)
        return False
    messages.success(request, _("Thank you for your evaluation."))
    return True


@access(PUBLIC)
def tip_rate(request: HttpRequest, pk: int) -> HttpResponseBase:
    tip = _own_tip(request, pk)
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _rated(request, form, kind="tips.tip", object_id=tip.pk):
        return redirect("tips_portal:mine-detail", pk=tip.pk)
    context = _status_context(tip, owner=True)
    context["rate_form"] = form
    return render(request, "tips/status.html", context, status=400 if request.method == "POST" else 200)


@access(PUBLIC)
def officer_rate(request: HttpRequest) -> HttpResponseBase:
    """The yearly evaluation of the community officer, per community the resident lives in."""
    resident = _resident(request)
    if resident is None:
        return render(request, "tips/sign_in.html", {"sign_in_url": _sign_in_url(request)})
    year = str(timezone.localdate().year)
    mine = {g.node_id for g in grants(resident) if g.role == Role.RESIDENT}
    communities = list(Node.objects.filter(pk__in=mine, kind=NodeKind.COMMUNITY).order_by("code"))
    done = selectors.evaluated_ids(resident, "tips.officer_year", [c.pk for c in communities], year)
    rows = []
    for community in communities:
        grid = services._first_grid(community)
        officer = services.community_officer(grid) if grid else None
        rows.append({"community": community, "officer": officer, "done": community.pk in done})
    form = RateForm(request.POST or None)
    if request.method == "POST":
        community_id = request.POST.get("community", "")
        if form.is_valid() and community_id.isdigit():
            if _rated(request, form, kind="tips.officer_year", object_id=int(community_id), period=year):
                return redirect("tips_portal:officer-rate")
        elif not community_id.isdigit():
            form.add_error(None, _("Choose your community."))
    status = 400 if request.method == "POST" else 200
    return render(request, "tips/officer_rate.html", {"rows": rows, "form": form, "year": year}, status=status)


@resident_required
def appointment_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate a visit to the office (1–5, a comment), once, after its time and if not cancelled."""
    resident = request.user
    try:
        booking = booking_to_rate(resident=resident, booking_id=pk)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        return redirect("portal:appointments")
    if selectors.evaluated_ids(resident, selectors.APPOINTMENT, [booking.pk]):
        messages.info(request, _("You have already rated this visit. Thank you."))
        return redirect("portal:appointments")
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _rated(request, form, kind=selectors.APPOINTMENT, object_id=pk):
        return redirect("portal:appointments")
    status = 400 if request.method == "POST" else 200
    return render(request, "tips/appointment_rate.html", {"booking": booking, "form": form}, status=status)


# --- The staff's pages ----------------------------------------------------------------------------


class TipListView(ObjectListView):
    model = Tip
    url_name = "tips:staff-list"
    title = gettext_lazy("Residents' tips")
    columns = (
        Column("case.number", gettext_lazy("Number"), link="tips:staff-detail", title=True, mono=True),
        Column("category.name", gettext_lazy("Category")),
        Column("address_text", gettext_lazy("Place")),
        Column("public_status", gettext_lazy("Public status")),
        Column("created_at", gettext_lazy("Submitted at"), date_format="Y-m-d H:i"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("case", "category").order_by("-created_at")


class TipView(ObjectView):
    """The tip as the police see it: who sent it (name and masked number), whether the name may
    be shown outside the police, the place; the handling is on the case page."""

    model = Tip
    url_name = "tips:staff-detail"
    title = gettext_lazy("Tip")
    template_name = "tips/tip.html"
    fields = (
        Column("case.number", gettext_lazy("Case")),
        Column("category.name", gettext_lazy("Category")),
        Column("description", gettext_lazy("Description")),
        Column("address_text", gettext_lazy("Place")),
        Column("lat", gettext_lazy("Latitude")),
        Column("lon", gettext_lazy("Longitude")),
        Column("reporter_name", gettext_lazy("Reporter (police only)")),
        Column("reporter_phone", gettext_lazy("Reporter's number (masked)"), display=lambda t: _phone_of(t)),
        Column("show_name", gettext_lazy("Name may be shown outside the police")),
        Column("source", gettext_lazy("Source")),
        Column("public_status", gettext_lazy("Public status")),
        Column("public_reply", gettext_lazy("Answer to the resident")),
        Column("reopened", gettext_lazy("Times reopened")),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("case", "category", "resident")

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {"case_url": obj.case.get_absolute_url()}


def _phone_of(tip: Tip) -> str:
    if tip.resident is not None:
        return tip.resident.mobile_masked or "—"
    return tip.contact_masked or "—"


class EvaluationListView(ObjectListView):
    """Residents' evaluations in the viewer's area, with each officer's average and count."""

    model = Evaluation
    url_name = "tips:evaluations"
    title = gettext_lazy("Residents' evaluations")
    template_name = "tips/evaluations.html"
    columns = (
        Column("created_at", gettext_lazy("Evaluated at"), date_format="Y-m-d", title=True),
        Column("kind", gettext_lazy("Evaluated"), display=lambda e: _kind_label(e.kind)),
        Column("officer.display_name", gettext_lazy("Officer")),
        Column("grid.name", gettext_lazy("Grid")),
        Column("rating", gettext_lazy("Rating")),
        Column("comment", gettext_lazy("Comment")),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("officer", "grid").order_by("-created_at")

    def get_context(self, **context: Any) -> dict[str, Any]:
        return {**super().get_context(**context), "figures": selectors.officer_figures(self.queryset())}


def _kind_label(kind: str) -> str:
    from jingwang.tips.evaluations import evaluated_kind

    found = evaluated_kind(kind)
    return str(found.label) if found else kind


class ApiClientListView(ScopedPageMixin, View):
    """The Open311 clients (system administrator): add one (its key is shown once), revoke one."""

    model = ApiClient
    required_action = "view"

    def get(self, request: HttpRequest) -> HttpResponse:
        clients = list(self.scoped())
        return render(request, "tips/clients.html", {"clients": clients, "form": ApiClientForm()})


class ApiClientAddView(ScopedPageMixin, View):
    model = ApiClient
    required_action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ApiClientForm(request.POST)
        key = ""
        if form.is_valid():
            try:
                _client, key = services.api_client_create(by=actor(request), name=form.cleaned_data["name"])
            except ServiceError as exc:
                service_error_to_form(form, exc)
        clients = list(self.scoped("view"))
        context = {"clients": clients, "form": ApiClientForm() if key else form, "new_key": key}
        return render(request, "tips/clients.html", context, status=200 if key else 400)


class ApiClientRevokeView(RecordActionView):
    model = ApiClient
    load_first = True
    success_message = gettext_lazy("Revoked.")

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        services.api_client_revoke(by=actor(request), client_id=pk)

    def back_url(self, pk: int) -> str:
        return reverse("tips:clients")
