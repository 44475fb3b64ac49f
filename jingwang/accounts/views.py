"""Pages: sign-in with second factor, step-up, password; the security administrator's accounts;
the 1+X+N roster."""

from __future__ import annotations

import time
from typing import Any, cast

import segno
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from jingwang.accounts import forms, roster, services
from jingwang.accounts.filters import UserFilterSet
from jingwang.accounts.middleware import AUTH_AT, PRE_AUTH_AT, PRE_AUTH_USER, SEEN_AT
from jingwang.accounts.models import RoleAssignment, RosterMember, RosterPosition, User
from jingwang.accounts.selectors import GRANTABLE_NODES_SHOWN, grantable_nodes, roster_districts
from jingwang.accounts.stepup import REAUTH_AT, ReauthFailed, confirm, page_step_up
from jingwang.core.access import has_permission
from jingwang.core.declare import AUTHENTICATED, PUBLIC, access
from jingwang.core.errors import ServiceError
from jingwang.territory.models import Node
from jingwang.territory.selectors import resolve_ref
from jingwang.web.generic import (
    Action,
    Column,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    ScopedPage,
    service_error_to_messages,
)

PRE_AUTH_SECONDS = 300


def _safe_next(request: HttpRequest, fallback: str = "web:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(fallback)


def _complete_sign_in(request: HttpRequest, user: User) -> HttpResponse:
    next_url = _safe_next(request)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # rotates the session id
    now = time.time()
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now
    # Signing in is not a step-up (SECURITY 30): revealing or exporting still asks again.
    request.session.pop(REAUTH_AT, None)
    return redirect(next_url)


def _throttled(request: HttpRequest, template: str, ctx: dict[str, Any], retry_after: int) -> HttpResponse:
    """Too many failed sign-ins from this address: 429 with Retry-After, the form shown again."""
    ctx["form"].add_error(None, services.sign_in_throttled_message(retry_after))
    response = render(request, template, ctx, status=429)
    response["Retry-After"] = str(retry_after)
    return response


@access(PUBLIC)
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect("web:home")
    form = forms.LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.sign_in_check(username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if result.error == services.SIGN_IN_THROTTLED:
            ctx = {"form": form, "expired": None, "next": request.POST.get("next", "")}
            return _throttled(request, "accounts/login.html", ctx, result.retry_after)
        if result.user is not None and not result.error:
            if result.needs_otp or result.needs_enrolment:
                request.session.cycle_key()
                request.session[PRE_AUTH_USER] = result.user.pk
                request.session[PRE_AUTH_AT] = time.time()
                url = reverse("accounts:mfa")
                nxt = request.POST.get("next")
                return redirect(f"{url}?next={nxt}" if nxt else url)
            return _complete_sign_in(request, result.user)
        form.add_error(None, _("The user name or password is wrong, or the account is locked."))
    return render(
        request,
        "accounts/login.html",
        {"form": form, "expired": request.GET.get("expired"), "next": request.GET.get("next", "")},
    )


@access(PUBLIC)
def mfa_view(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: enter a code, or enrol an authenticator first when none is set."""
    user_id = request.session.get(PRE_AUTH_USER)
    if not user_id or time.time() - request.session.get(PRE_AUTH_AT, 0) > PRE_AUTH_SECONDS:
        request.session.pop(PRE_AUTH_USER, None)
        return redirect("accounts:login")
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = forms.OtpForm(request.POST or None)
    enrolling = not user.mfa_enabled
    if enrolling and not user.mfa_secret:
        services.mfa_enrol_start(user=user)
        user.refresh_from_db()
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["otp"]
        if services.sign_in_second_factor(user=user, otp=code):
            request.session.pop(PRE_AUTH_USER, None)
            user.refresh_from_db()
            return _complete_sign_in(request, user)
        form.add_error("otp", _("The code is wrong or has been used. Wait for the next one."))
    ctx: dict[str, Any] = {"form": form, "enrolling": enrolling, "next": request.GET.get("next", "")}
    if enrolling:
        # The secret lives only in the account row, encrypted; the page shows it once more.
        secret = services.mfa_pending_secret(user=user)
        uri = services.mfa_provisioning_uri(user=user, secret=secret)
        ctx["qr_svg"] = segno.make(uri, error="m").svg_inline(scale=4)
        ctx["secret"] = secret
    return render(request, "accounts/mfa.html", ctx)


@access(AUTHENTICATED)
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@access(AUTHENTICATED)
@login_required
def reauth_view(request: HttpRequest) -> HttpResponse:
    form = forms.ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A wrong answer counts towards the lockout like a failed sign-in (SECURITY 30).
        if confirm(request, password=form.cleaned_data["password"], otp=form.cleaned_data["otp"]):
            return redirect(_safe_next(request))
        form.add_error(None, ReauthFailed().message)
    return render(request, "accounts/reauth.html", {"form": form, "next": request.GET.get("next", "")})


@access(AUTHENTICATED)
@login_required
def password_view(request: HttpRequest) -> HttpResponse:
    form = forms.PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = cast(User, request.user)
        # The current password is a step-up: a wrong one counts towards the lockout (SECURITY 30).
        if not services.step_up_check(user=user, password=form.cleaned_data["old_password"]):
            form.add_error("old_password", _("The current password is wrong, or the account is locked."))
        else:
            try:
                services.user_set_password(by=user, user_id=user.pk, password=form.cleaned_data["new_password"])
            except ServiceError as exc:
                form.add_error("new_password", str(exc.message))
            else:
                user.refresh_from_db()
                update_session_auth_hash(request, user)
                messages.success(request, _("Your password has been changed."))
                return redirect("web:home")
    return render(request, "accounts/password.html", {"form": form})


def _status(user: User) -> str:
    return _("active") if user.is_active else _("disabled")


class UserListView(ObjectListView):
    model = User
    url_name = "accounts:user-list"
    filterset_class = UserFilterSet
    template_name = "accounts/user_list.html"
    title = _lazy("Accounts")
    columns = (
        Column("username", _lazy("User name"), link="accounts:user-detail", title=True),
        Column("display_name", _lazy("Name")),
        Column("home_node.name", _lazy("Home unit")),
        Column("is_active", _lazy("Status"), display=_status),
    )
    actions = (Action(_lazy("New account"), "accounts:user-create", permission="add", method="get", with_pk=False),)
    empty_message = _lazy("No accounts found.")

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("home_node").order_by("username")


def _grantable(request: HttpRequest) -> list[Node]:
    return list(grantable_nodes(viewer=request.user)[:GRANTABLE_NODES_SHOWN])


class UserCreateView(ObjectEditView):
    model = User
    required_action = "add"
    url_name = "accounts:user-create"
    form_class = forms.UserCreateForm
    template_name = "accounts/user_form.html"
    success_message = ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return page_step_up(request) or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return page_step_up(request) or super().post(request, *args, **kwargs)

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        return forms.UserCreateForm(data, nodes=_grantable(self.request))

    def save(self, form: Any, obj: Any) -> User:
        d = form.cleaned_data
        scopes = [resolve_ref(ref) for ref in d["scopes"]]
        user = services.user_create(
            by=self.request.user,
            username=d["username"],
            display_name=d["display_name"],
            password=d["password"],
            role=d["role"],
            scopes=scopes,
        )
        messages.success(self.request, _("Account %(name)s created.") % {"name": user.username})
        return user

    def success_url(self, result: Any) -> str:
        return reverse("accounts:user-detail", args=[result.pk])


class UserDetailView(ObjectView):
    model = User
    url_name = "accounts:user-detail"
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {
            "assignments": RoleAssignment.objects.filter(user=obj).select_related("node").order_by("role"),
            "assign_form": forms.RoleAssignForm(nodes=_grantable(self.request)),
            "password_form": forms.PasswordResetForm(),
        }

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        account = self.get_object("change")
        if (denied := page_step_up(request)) is not None:
            return denied
        op = request.POST.get("op")
        try:
            if op == "assign":
                form = forms.RoleAssignForm(request.POST, nodes=_grantable(request))
                if not form.is_valid():
                    raise ServiceError("invalid", _("Some fields are invalid."))
                services.role_assign(
                    by=request.user,
                    user_id=account.pk,
                    role=form.cleaned_data["role"],
                    node=resolve_ref(form.cleaned_data["node"].strip()),
                )
            elif op == "revoke":
                services.role_revoke(by=request.user, assignment_id=int(request.POST.get("assignment", "0")))
            elif op in ("disable", "enable"):
                services.user_set_active(by=request.user, user_id=account.pk, active=op == "enable")
            elif op == "mobile":
                services.user_set_mobile(by=request.user, user_id=account.pk, mobile=request.POST.get("mobile", ""))
            elif op == "reset_mfa":
                services.mfa_reset(by=request.user, user_id=account.pk)
            elif op == "password":
                services.user_set_password(
                    by=request.user, user_id=account.pk, password=request.POST.get("password", "")
                )
            else:
                raise ServiceError("invalid", _("Unknown operation."))
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
        return redirect("accounts:user-detail", pk=account.pk)


class RosterIndexView(ScopedPage):
    model = RosterMember

    def get(self, request: HttpRequest) -> HttpResponse:
        districts = (
            roster_districts(viewer=request.user)
            .annotate(members=Count("roster", filter=Q(roster__is_active=True)))
            .select_related("parent")
            .order_by("code")
        )
        return render(request, "accounts/roster_index.html", {"districts": districts})


class RosterView(ScopedPage):
    model = RosterMember

    def _district(self, request: HttpRequest, code: str) -> Node:
        district = roster_districts(viewer=request.user).filter(code=code).first()
        if district is None:
            raise Http404
        return district

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        district = self._district(request, code)
        members = RosterMember.objects.restrict(request.user, "view").filter(police_district=district, is_active=True)
        self.audit(query={"police_district": district.code}, count=members.count())
        groups = [
            (label, [m for m in members.select_related("user") if m.position == value])
            for value, label in RosterPosition.choices
        ]
        return render(
            request,
            "accounts/roster.html",
            {
                "district": district,
                "groups": groups,
                "form": forms.RosterMemberForm(),
                "can_edit": has_permission(request.user, RosterMember, "add"),
            },
        )

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        district = self._district(request, code)
        try:
            if request.POST.get("op") == "remove":
                roster.roster_member_remove(by=request.user, member_id=int(request.POST.get("member", "0")))
            else:
                form = forms.RosterMemberForm(request.POST)
                if not form.is_valid():
                    raise ServiceError("invalid", _("Some fields are invalid."))
                d = form.cleaned_data
                account = None
                if d["username"]:
                    account = User.objects.filter(username=d["username"]).first()
                    if account is None:
                        raise ServiceError("unknown_user", _("No account %(name)s.") % {"name": d["username"]})
                roster.roster_member_add(
                    by=request.user,
                    police_district=district,
                    position=d["position"],
                    name=d["name"],
                    user=account,
                    organisation=d["organisation"],
                    duty=d["duty"],
                )
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved."))
        return redirect("accounts:roster", code=district.code)
