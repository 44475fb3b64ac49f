"""The figures' pages: the dashboard (per node and month, drill-down), monthly reports, the choice
of published figures, the platform's health; and the public pages of published figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from jingwang.audit.models import AuditEvent
from jingwang.audit.selectors import audit_read
from jingwang.core.access import has_permission
from jingwang.core.declare import PUBLIC, access
from jingwang.core.errors import NotFound
from jingwang.core.views import ScopedPageMixin
from jingwang.figures import reports, selectors
from jingwang.figures.declare import declared
from jingwang.figures.engine import Period, add_months, last_complete_month, month_start
from jingwang.figures.models import FigureMonthly, JobQueue, MonthlyReport, Publication
from jingwang.territory.models import Node, NodeKind
from jingwang.worker.jobs import enqueue


def parse_month(text: str | None) -> date | None:
    """`2026-11` → 2026-11-01; anything else → None (the caller says so)."""
    if not text:
        return None
    try:
        year, month = (int(p) for p in text.split("-", 1))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


def _record_denial(request: HttpRequest, ref: str) -> None:
    from jingwang.audit.services import audit_denied

    audit_denied(actor=request.user, object_type="territory.node", object_id=ref)


class DashboardView(ScopedPageMixin, View):
    model = FigureMonthly

    def get(self, request: HttpRequest) -> HttpResponse:
        ref = request.GET.get("node", "")
        node = selectors.node_for(request.user, ref)
        if node is None:
            if ref:
                _record_denial(request, ref)
            raise Http404
        month = parse_month(request.GET.get("month")) or last_complete_month()
        errors = []
        if request.GET.get("month") and parse_month(request.GET.get("month")) is None:
            errors.append(_("Give the month as YYYY-MM."))
        months = 3 if request.GET.get("span") == "quarter" else 1
        period = Period(month, months)
        data = selectors.board(request.user, node, period, request.GET.get("figure", ""))
        chart = {
            "figure": str(data["chosen"].name) if data["chosen"] else "",
            "children": [{"name": c["node"].name, "value": c["value"]} for c in data["children"]],
            "trend": data["trend"],
            "labels": {"children": _("By area"), "trend": _("The last 13 months")},
        }
        audit_read(
            viewer=request.user,
            object_type="figures.figuremonthly",
            query={"node": node.ref, "month": month.isoformat(), "span": months},
            result_count=len(data["rows"]),
        )
        return render(
            request,
            "figures/dashboard.html",
            {
                **data,
                "errors": errors,
                "trail": selectors.trail(request.user, node),
                "chart": chart,
                "month_value": month.strftime("%Y-%m"),
                "span": "quarter" if months == 3 else "month",
                "prev_month": add_months(month, -1).strftime("%Y-%m"),
                "next_month": add_months(month, 1).strftime("%Y-%m"),
                "can_report": has_permission(request.user, MonthlyReport, "add"),
            },
        )


class RefreshTodayView(ScopedPageMixin, View):
    """Today's figures on demand (the nightly job does the rest)."""

    model = FigureMonthly

    def post(self, request: HttpRequest) -> HttpResponse:
        with transaction.atomic():
            enqueue("figures.today", {}, dedupe_key=f"figures.today:{timezone.now():%Y%m%d%H%M}")
        messages.success(request, _("Today's figures are being refreshed; reload the page in a minute."))
        return redirect(request.POST.get("next") or reverse("figures:dashboard"))


class HealthView(ScopedPageMixin, View):
    """The system administrator's dashboard: the job queue, the audit chain, sign-in failures."""

    model = JobQueue

    def get(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now()
        jobs = JobQueue.objects.all()
        pending = jobs.filter(done_at__isnull=True, failed_at__isnull=True)
        from jingwang.audit import checkpoints

        checkpoint = checkpoints.latest()
        day = now - timedelta(days=1)
        ctx = {
            "pending": pending.count(),
            "overdue": pending.filter(run_at__lt=now - timedelta(minutes=5)).count(),
            "failed": jobs.filter(failed_at__gte=day).count(),
            "done": jobs.filter(done_at__gte=day).count(),
            "checkpoint": checkpoint,
            "checkpoint_age_hours": round(checkpoints.age_seconds(checkpoint) / 3600, 1) if checkpoint else None,
            "audit_rows": AuditEvent.objects.count(),
            "sign_in_failures": AuditEvent.objects.filter(action="sign_in_failed", occurred_at__gte=day).count(),
            "denials": AuditEvent.objects.filter(action="authz_denied", occurred_at__gte=day).count(),
        }
        return render(request, "figures/health.html", ctx)


class ReportListView(ScopedPageMixin, View):
    model = MonthlyReport

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = self.scoped().select_related("node").order_by("-month", "node__code")[:100]
        return render(
            request,
            "figures/reports.html",
            {"reports": rows, "default_month": last_complete_month().strftime("%Y-%m")},
        )


class ReportRequestView(ScopedPageMixin, View):
    model = MonthlyReport
    required_action = "add"

    def post(self, request: HttpRequest) -> HttpResponse:
        ref = request.POST.get("node", "")
        node = selectors.node_for(request.user, ref)
        month = parse_month(request.POST.get("month"))
        if node is None or month is None:
            messages.error(request, _("Choose an area you hold and a month as YYYY-MM."))
            return redirect("figures:reports")
        if month > month_start(timezone.localdate()):
            messages.error(request, _("A report covers a month that has begun."))
            return redirect("figures:reports")
        report = reports.request_report(by=request.user, node=node, month=month)
        messages.success(request, _("The report is being generated; you will find a notice in your inbox."))
        return redirect("figures:report", pk=report.pk)


class ReportView(ScopedPageMixin, View):
    model = MonthlyReport

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        report = self.get_scoped_or_404(pk=pk)
        return render(request, "figures/report.html", {"report": report})


class ReportFileView(ScopedPageMixin, View):
    model = MonthlyReport

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
        report = self.get_scoped_or_404(pk=pk)
        try:
            return reports.download(report, fmt, viewer=request.user)
        except NotFound:
            raise Http404 from None


class PublishView(ScopedPageMixin, View):
    """Which figures are published to residents (向人民汇报)."""

    model = Publication

    def get(self, request: HttpRequest) -> HttpResponse:
        chosen = set(Publication.objects.values_list("figure", flat=True))
        figs = [f for f in declared() if f.publishable]
        return render(request, "figures/publish.html", {"figures": figs, "chosen": chosen})

    def post(self, request: HttpRequest) -> HttpResponse:
        if not has_permission(request.user, Publication, "change"):
            self.deny("change", request)
        wanted = {k for k in request.POST.getlist("figure") if any(f.key == k and f.publishable for f in declared())}
        with transaction.atomic():
            Publication.objects.exclude(figure__in=wanted).delete()
            for key in sorted(wanted - set(Publication.objects.values_list("figure", flat=True))):
                Publication.objects.create(figure=key, published_by=request.user)  # type: ignore[misc]
            from jingwang.audit.services import audit_record

            audit_record(
                action="update",
                actor=request.user,
                object_type="figures.publication",
                details={"published": sorted(wanted)},
            )
        messages.success(request, _("The published figures are saved."))
        return redirect("figures:publish")


# -- public pages (向人民汇报) ----------------------------------------------------------------------


def _public_period(request: HttpRequest) -> Period:
    month = parse_month(request.GET.get("month")) or last_complete_month()
    return Period(month)


@access(PUBLIC)
def public_index(request: HttpRequest) -> HttpResponse:
    period = _public_period(request)
    rows = [{"community": c, "figures": selectors.community_report(c, period)} for c in selectors.communities()[:500]]
    return render(request, "figures/public_index.html", {"rows": rows, "period": period})


@access(PUBLIC)
def public_community(request: HttpRequest, code: str) -> HttpResponse:
    community = Node.objects.filter(kind=NodeKind.COMMUNITY, code=code, is_active=True).first()
    if community is None:
        raise Http404
    period = _public_period(request)
    year = Period(date(period.first.year, 1, 1), 12)
    ctx: dict[str, Any] = {
        "community": community,
        "period": period,
        "figures": selectors.community_report(community, period),
        "year": year,
        "year_figures": selectors.community_report(community, year),
        "small": selectors.SMALL,
    }
    return render(request, "figures/public_community.html", ctx)


class OfficerYearView(ScopedPageMixin, View):
    """The officer's yearly report (述职): the figures of their areas for a year."""

    model = FigureMonthly

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            year = int(request.GET.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        if not 2000 <= year <= 2100:
            year = timezone.localdate().year
        blocks = selectors.officer_year(request.user, year)
        return render(request, "figures/officer_year.html", {"year": year, "blocks": blocks})
