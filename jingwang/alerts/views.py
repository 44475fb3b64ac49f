"""The alerts' pages: the sender's list, send form and live board; the recipient's own alerts
(live, without reloading), one alert with its acknowledgement form, and the photos of both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.alerts import selectors, services
from jingwang.alerts.filters import AlertFilterSet, DeliveryFilterSet
from jingwang.alerts.forms import AcknowledgeForm, AlertSendForm, CloseForm
from jingwang.alerts.models import Alert, Delivery, Feedback
from jingwang.core import uploads
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.web.generic import (
    Action,
    Column,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    RecordActionView,
    ScopedPage,
    service_error_to_form,
)

POLL_SECONDS = 3


class AlertListView(ObjectListView):
    model = Alert
    url_name = "alerts:list"
    title = _("Area alerts")
    selector = staticmethod(selectors.alert_list)
    filterset_class = AlertFilterSet
    audit_reads = False  # alerts are notices to staff and volunteers, not personal data
    columns = (
        Column("title", _("Title"), link="alerts:detail", title=True),
        Column("priority", _("Priority"), badge="warn"),
        Column("state", _("State")),
        Column("recipient_count", _("Recipients"), mono=True),
        Column("sender.display_name", _("Sender")),
        Column("created_at", _("Sent at"), date_format="Y-m-d H:i"),
    )
    actions = (
        Action(_("Send an alert"), "alerts:send", permission="add", method="get", with_pk=False, style="primary"),
    )
    table_testid = "alerts"

    def refine(self, queryset: Any) -> Any:
        return queryset.order_by("-id")


class AlertView(ObjectView):
    """The sender's live board: who read and acknowledged, the feedback on a map."""

    model = Alert
    url_name = "alerts:detail"
    template_name = "alerts/board.html"
    selector = staticmethod(selectors.alert_list)
    audit_reads = True  # the feedback names people and places

    def get_context(self, obj: Any) -> dict[str, Any]:
        from jingwang.core.access import has_permission

        return {
            "board": selectors.alert_board(obj),
            "photos": list(obj.photos.all()),
            "close_form": CloseForm(),
            "can_close": obj.closed_at is None and has_permission(self.request.user, Alert, "change"),
            "poll": POLL_SECONDS,
            "fields": (
                Column("get_kind_display", _("Kind")),
                Column("get_priority_display", _("Priority")),
                Column("state", _("State")),
                Column("body", _("Text")),
                Column("origin.name", _("Sent from")),
                Column("sender.display_name", _("Sender")),
                Column("created_at", _("Sent at"), date_format="Y-m-d H:i"),
                Column("expires_at", _("Expires at"), date_format="Y-m-d H:i"),
                Column("closing_note", _("Closing note")),
            ),
        }


class AlertBoardFeedView(ScopedPage):
    """The board's live part, fetched every few seconds by the open page (htmx)."""

    model = Alert
    template_name = "alerts/_board.html"
    audit_reads = False  # the page that polls it was audited when opened

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        alert = self.get_scoped_or_404(pk=pk)
        return render(request, self.template_name, {"object": alert, "board": selectors.alert_board(alert)})


class AlertSendView(ObjectEditView):
    model = Alert
    required_action = "add"
    url_name = "alerts:send"
    title = _("Send an area alert")
    template_name = "alerts/send.html"
    testid = "alert-send"
    submit_label = _("Send")
    success_message = _("The alert was sent.")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return AlertSendForm(data, files, nodes=selectors.area_choices(self.request.user))

    def save(self, form: BaseForm, obj: Any) -> Any:
        data = form.cleaned_data
        nodes = form.nodes  # type: ignore[attr-defined]
        return services.alert_send(
            by=actor(self.request),
            data=services.AlertInput(
                title=data["title"],
                body=data["body"],
                kind=data["kind"],
                priority=data["priority"],
                audiences=list(data["audiences"]),
                expires_in_hours=data["expires_in_hours"],
                sms_after_minutes=data["sms_after_minutes"],
                area=[nodes[ref] for ref in data["area"]],
                lon=data["center_lon"],
                lat=data["center_lat"],
                radius_m=data["radius_m"],
            ),
            photos=data["photos"],
        )

    def success_url(self, result: Any) -> str:
        return reverse("alerts:detail", args=[result.pk])


class AlertCloseView(RecordActionView):
    model = Alert
    form_class = CloseForm
    success_message = _("The alert is closed; every recipient was told.")
    redirect_to = "alerts:detail"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        services.alert_close(by=actor(request), alert_id=pk, note=data.get("note", ""))


class AlertPhotoView(ScopedPage):
    """A photo sent with the alert, for the sender's side (in the alert's scope)."""

    model = Alert

    def get(self, request: HttpRequest, pk: int, photo: int) -> HttpResponseBase:
        alert = self.get_scoped_or_404(pk=pk)
        item = alert.photos.filter(pk=photo).first()
        if item is None:
            raise Http404
        return uploads.file_response(item.image.name, content_type=item.detected_type, filename=item.name)


class FeedbackPhotoView(ScopedPage):
    """A recipient's photo on the board (in the alert's scope)."""

    model = Alert

    def get(self, request: HttpRequest, pk: int, feedback: int) -> HttpResponseBase:
        alert = self.get_scoped_or_404(pk=pk)
        item = Feedback.objects.filter(pk=feedback, delivery__alert=alert).exclude(photo="").first()
        if item is None:
            raise Http404
        return uploads.file_response(item.photo.name, content_type=item.photo_type, filename=f"feedback-{item.pk}")


# --- the recipient's side ----------------------------------------------------------------------------


class MyAlertsView(ObjectListView):
    """The recipient's own alerts, refreshed every few seconds without reloading the page."""

    model = Delivery
    url_name = "alerts:mine"
    title = _("My alerts")
    template_name = "alerts/mine.html"
    selector = staticmethod(selectors.my_deliveries)
    filterset_class = DeliveryFilterSet
    audit_reads = False  # the user's own alerts
    paginate_by = 30

    def refine(self, queryset: Any) -> Any:
        return queryset.order_by("-id")

    def get_context(self, **context: Any) -> dict[str, Any]:
        return {**context, "poll": POLL_SECONDS}


class MyAlertsFeedView(ScopedPage):
    model = Delivery
    audit_reads = False

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = list(selectors.my_deliveries(viewer=request.user).order_by("-id")[:30])
        return render(request, "alerts/_mine.html", {"rows": rows})


class DeliveryView(ObjectView):
    """One alert as its recipient sees it: opening it reads it; the form acknowledges it."""

    model = Delivery
    url_name = "alerts:received"
    template_name = "alerts/received.html"
    selector = staticmethod(selectors.my_deliveries)
    audit_reads = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        delivery = self.get_object()
        services.delivery_mark_read(by=actor(request), delivery_id=delivery.pk)
        return self.page(delivery, AcknowledgeForm())

    def page(self, delivery: Delivery, form: BaseForm, status: int = 200) -> HttpResponse:
        context = {
            "object": delivery,
            "alert": delivery.alert,
            "title": delivery.alert.title,
            "photos": list(delivery.alert.photos.all()),
            "feedback": list(delivery.feedback.all()),
            "form": form,
        }
        return render(self.request, self.template_name, context, status=status)


class DeliveryAcknowledgeView(DeliveryView):
    required_action = "change"
    url_name = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        delivery = self.get_object()
        form = AcknowledgeForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.delivery_acknowledge(
                    by=actor(request),
                    delivery_id=delivery.pk,
                    text=data["text"],
                    place=data["place"],
                    lon=data["lon"],
                    lat=data["lat"],
                    photo=data["photo"],
                )
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, str(_("Acknowledged. Thank you.")))
                return redirect("alerts:received", pk=delivery.pk)
        delivery.refresh_from_db()
        return self.page(delivery, form, status=400)


class DeliveryPhotoView(ScopedPage):
    """A photo of the alert, for its recipient."""

    model = Delivery

    def get(self, request: HttpRequest, pk: int, photo: int) -> HttpResponseBase:
        delivery = self.get_scoped_or_404(pk=pk)
        item = delivery.alert.photos.filter(pk=photo).first()
        if item is None:
            raise Http404
        return uploads.file_response(item.image.name, content_type=item.detected_type, filename=item.name)
