"""The public site for residents (阳光警务): its own light layout, no staff navigation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jingwang.core.declare import PUBLIC, access
from jingwang.core.errors import NotFound, ServiceError
from jingwang.portal import appointments, mydata, officers, signin
from jingwang.portal.access import resident_of, resident_required, sign_resident_in
from jingwang.portal.forms import AddressForm, CodeForm, CorrectionForm, MobileForm
from jingwang.portal.models import Service

PENDING_MOBILE = "portal_pending_mobile"
PENDING_NEXT = "portal_pending_next"
# The services of other helpers' apps the home page links to when they are installed.
SERVICE_LINKS = (
    ("tips:new", gettext_lazy("Report a problem or ask for help")),
    ("tips:track", gettext_lazy("Follow a report")),
    ("volunteers:join", gettext_lazy("Become a volunteer")),
)


def _form_error(form: Any, exc: ServiceError) -> None:
    placed = False
    for name, errors in (exc.fields or {}).items():
        if name in form.fields:
            for e in errors:
                form.add_error(name, str(e))
                placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def _links() -> list[tuple[str, Any]]:
    found = []
    for name, label in SERVICE_LINKS:
        try:
            found.append((reverse(name), label))
        except NoReverseMatch:
            continue
    return found


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"resident": resident_of(request.user), "more_links": _links()})


# --- sign-in ---------------------------------------------------------------------------------------


def _safe_next(request: HttpRequest, value: str) -> str:
    if value and url_has_allowed_host_and_scheme(value, {request.get_host()}, require_https=request.is_secure()):
        return value
    return reverse("portal:home")


@access(PUBLIC)
def sign_in(request: HttpRequest) -> HttpResponse:
    """Step 1: the mobile number; a code is sent (the number stays in the session, never the URL)."""
    form = MobileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signin.code_send(mobile=form.cleaned_data["mobile"])
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            request.session[PENDING_MOBILE] = signin.clean_mobile(form.cleaned_data["mobile"])
            request.session[PENDING_NEXT] = _safe_next(request, request.POST.get("next", ""))
            return redirect("portal:sign_in_code")
    return render(request, "portal/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


@access(PUBLIC)
def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the text message."""
    mobile = request.session.get(PENDING_MOBILE)
    if not mobile:
        return redirect("portal:sign_in")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = signin.code_check(mobile=mobile, code=form.cleaned_data["code"])
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            target = request.session.get(PENDING_NEXT) or reverse("portal:home")
            sign_resident_in(request, user)  # a new session: the pending values go with the old one
            messages.success(request, _("You are signed in."))
            return redirect(target)
    from jingwang.core.identity import mask_phone

    return render(request, "portal/sign_in_code.html", {"form": form, "mobile": mask_phone(mobile)})


@access(PUBLIC)
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("portal:home")


# --- find my officer -------------------------------------------------------------------------------


@access(PUBLIC)
def officer(request: HttpRequest) -> HttpResponse:
    """Type an address or pick a point (POSTed, so the address stays out of URLs and logs)."""
    form = AddressForm(request.POST or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if (d.get("address") or "").strip():
            district = officers.district_for_address(d["address"])
        else:
            district = officers.district_for_point(d["lon"], d["lat"])
        if district is None:
            context["not_found"] = True
            context["communities"] = officers.community_list()
        else:
            context["card"] = officers.district_card(district)
            context["services"] = appointments.services_offered(district.pk)
            context["form"] = AddressForm()  # the answer does not repeat the address
    return render(request, "portal/officer.html", context)


@access(PUBLIC)
def officer_district(request: HttpRequest, code: str) -> HttpResponse:
    """A district's card, reached from the community list."""
    district = officers.district_by_code(code)
    if district is None:
        raise Http404
    return render(
        request,
        "portal/officer.html",
        {
            "form": AddressForm(),
            "card": officers.district_card(district),
            "services": appointments.services_offered(district.pk),
        },
    )


@access(PUBLIC)
def communities(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/communities.html", {"communities": officers.community_list()})


# --- appointments ---------------------------------------------------------------------------------


@resident_required
def appointments_home(request: HttpRequest) -> HttpResponse:
    resident = request.user
    return render(
        request,
        "portal/appointments.html",
        {
            "bookings": appointments.my_bookings(resident),  # type: ignore[arg-type]
            "cancelled": appointments.cancelled_by_office(resident),  # type: ignore[arg-type]
            "to_rate": appointments.visits_to_rate(resident),  # type: ignore[arg-type]
            "rate_url_name": appointments.rating_url_name(),
            "services": appointments.services_offered(),
        },
    )


def _service_or_404(pk: int) -> Service:
    service = appointments.services_offered().filter(pk=pk).first()
    if service is None:
        raise Http404
    return service


@resident_required
def service_slots(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service_or_404(pk)
    change = request.GET.get("change", "")
    booking = None
    if change.isdigit():
        booking = appointments.my_bookings(request.user).filter(pk=int(change), slot__service=service).first()  # type: ignore[arg-type]
    return render(
        request,
        "portal/slots.html",
        {"service": service, "slots": appointments.free_slots(service)[:200], "changing": booking},
    )


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 12 else None


@resident_required
@require_POST
def book(request: HttpRequest) -> HttpResponse:
    slot_id, change_id = _int(request.POST.get("slot")), _int(request.POST.get("booking"))
    if slot_id is None:
        messages.error(request, _("Choose a time."))
        return redirect("portal:appointments")
    try:
        if change_id is not None:
            appointments.booking_change(resident=request.user, booking_id=change_id, slot_id=slot_id)  # type: ignore[arg-type]
            messages.success(request, _("Your appointment was moved."))
        else:
            appointments.booking_make(resident=request.user, slot_id=slot_id)  # type: ignore[arg-type]
            messages.success(request, _("Your appointment is booked."))
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, str(exc.message))
        service_id = _int(request.POST.get("service"))
        if service_id is not None:
            return redirect("portal:service_slots", pk=service_id)
    return redirect("portal:appointments")


@resident_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        appointments.booking_cancel(resident=request.user, booking_id=pk)  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your appointment was cancelled."))
    return redirect("portal:appointments")


# --- my data -----------------------------------------------------------------------------------------


@resident_required
def my_data(request: HttpRequest) -> HttpResponse:
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mydata.correction_request(
                user=request.user,  # type: ignore[arg-type]
                field_name=form.cleaned_data["field"],
                requested=form.cleaned_data["requested"],
            )
        except ServiceError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Your request was sent to your community officer."))
            return redirect("portal:my_data")
    return render(
        request,
        "portal/my_data.html",
        {
            "record": mydata.my_record(request.user),  # type: ignore[arg-type]
            "requests": mydata.my_requests(request.user),  # type: ignore[arg-type]
            "form": form,
            "days": mydata_days(),
        },
    )


def mydata_days() -> int:
    from jingwang.portal.casetype import DAYS_TO_ANSWER

    return DAYS_TO_ANSWER
