"""Area alerts: an alert to 10,000 recipients in every inbox (issue 13)."""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from jingwang.accounts.models import RoleAssignment, User
from jingwang.alerts.models import Alert, Delivery
from jingwang.alerts.services import AlertInput, alert_send, notification_key
from jingwang.bench.harness import Case, Target, register
from jingwang.core.access import forget_grants
from jingwang.core.roles import Role
from jingwang.notifications.models import Notification
from jingwang.territory.importer import NodeSpec
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.services import territory_import

K = NodeKind
FULL_RECIPIENTS = 10_000
GRIDS = 20
COUNTY = "320197"  # a county of its own, away from the other cases' territory
STATION = f"{COUNTY}001"
DISTRICT = f"{STATION}001"
ROWS_PER_INSERT = 500


def _specs() -> list[NodeSpec]:
    specs = [
        NodeSpec("bench", K.PROVINCE, "320000", "江苏省"),
        NodeSpec("bench", K.CITY, "320100", "南京市", parent="province:320000"),
        NodeSpec("bench", K.COUNTY, COUNTY, "推送区", parent="city:320100"),
        NodeSpec("bench", K.SUBDISTRICT, STATION, "推送街道", parent=f"county:{COUNTY}"),
        NodeSpec("bench", K.COMMUNITY, DISTRICT, "推送社区", parent=f"subdistrict:{STATION}"),
        NodeSpec("bench", K.BUREAU, COUNTY, "推送分局", parent="city:320100"),
        NodeSpec("bench", K.STATION, STATION, "推送派出所", parent=f"bureau:{COUNTY}"),
        NodeSpec("bench", K.POLICE_DISTRICT, DISTRICT, "推送警务区", parent=f"station:{STATION}"),
    ]
    for g in range(GRIDS):
        grid = NodeSpec("bench", K.GRID, f"{DISTRICT}{g + 1:03d}", f"推送{g + 1}网格", parent=f"community:{DISTRICT}",
                        police_district=f"police_district:{DISTRICT}")  # fmt: skip
        specs.append(grid)
    return specs


@register("alerts.fanout", "an alert to 10,000 recipients in every inbox vs a bare multi-row INSERT of the same rows")
class AlertFanOutCase(Case):
    """Measured: `alert_send` by a station leader to a police district whose grids hold 10,000 grid
    workers: the area resolved to grids, the recipients found, one delivery and one inbox row each
    (multi-row INSERTs), the audit row, the commit, then every inbox counted. Baseline: the same
    delivery and inbox rows for an alert row made beforehand, written by bare multi-row INSERT
    statements (500 rows each) in one transaction. Before each call (untimed) the last call's rows
    go."""

    unit = "s"
    repeats = 5
    quick_repeats = 2
    warmup = 0

    def setup(self) -> None:
        if not Node.objects.filter(kind=K.POLICE_DISTRICT, code=DISTRICT).exists():
            report = territory_import(by=None, specs=_specs())
            if report.plan.fatal:
                raise RuntimeError("; ".join(map(str, report.plan.fatal)))
        self.district = Node.objects.get(kind=K.POLICE_DISTRICT, code=DISTRICT)
        station = Node.objects.get(kind=K.STATION, code=STATION)
        grids = list(Node.objects.filter(kind=K.GRID, police_district=self.district).order_by("code"))
        self.size = self.ctx.size(FULL_RECIPIENTS, minimum=100)
        prefix = "bench_alert_"
        have = User.objects.filter(username__startswith=prefix).count()
        if have < self.size + 1:
            self.ctx.log(f"alerts.fanout: creating {self.size - have + 1:,} accounts")
            made = User.objects.bulk_create(
                [User(username=f"{prefix}{i}", display_name=f"网格员{i}") for i in range(have, self.size + 1)],
                batch_size=2000,
            )
            RoleAssignment.objects.bulk_create(
                [RoleAssignment(user=u, role=Role.GRID_WORKER, node=grids[i % len(grids)]) for i, u in enumerate(made)],
                batch_size=2000,
            )
        # One of them sends (a leader over the station); the rest receive.
        self.sender = User.objects.get(username=f"{prefix}{self.size}")
        RoleAssignment.objects.filter(user=self.sender).delete()
        RoleAssignment.objects.create(user=self.sender, role=Role.STATION_LEADER, node=station)
        RoleAssignment.objects.filter(user__username__startswith=prefix, role=Role.GRID_WORKER).exclude(
            user__in=User.objects.filter(username__startswith=prefix).order_by("id")[: self.size]
        ).delete()
        forget_grants(self.sender)
        self.recipients = list(
            RoleAssignment.objects.filter(role=Role.GRID_WORKER, node__police_district=self.district)
            .values_list("user_id", flat=True)
            .distinct()
        )
        self.size = len(self.recipients)
        self.target = Target("seconds", 10.0, at_most=True, label="in every inbox in ≤ 10 s")
        self.notes.append(f"{self.size:,} recipients in {len(grids)} grids of one police district")

    def _clear(self) -> None:
        alerts = Alert.objects.filter(sender=self.sender)
        ids = list(alerts.values_list("id", flat=True))
        with transaction.atomic():
            Notification.objects.filter(subject_type="alerts.alert", subject_id__in=[str(i) for i in ids]).delete()
            Delivery.objects.filter(alert_id__in=ids).delete()
            alerts.delete()

    def prepare(self, i: int, baseline: bool) -> None:
        self._clear()
        if baseline:
            now = timezone.now()
            self.bare = Alert.objects.create(
                title="基线",
                body="基线推送",
                origin=self.district,
                sender=self.sender,
                expires_at=now,
                audiences=["grid_workers"],
            )

    def measured(self, i: int) -> int:
        alert = alert_send(
            by=self.sender,
            data=AlertInput(
                title="寻找走失老人",
                body="男，78岁，身穿蓝色外套。",
                kind="missing_person",
                priority="high",
                audiences=["grid_workers"],
                expires_in_hours=24,
                area=[self.district],
            ),
        )
        inboxes = Notification.objects.filter(dedupe_key=notification_key(alert.pk)).exclude(dedupe_key="").count()
        if inboxes != self.size:
            raise AssertionError(f"{inboxes} inboxes of {self.size}")
        return 1

    def baseline(self, i: int) -> int:
        now = timezone.now()
        alert = self.bare
        q = connection.ops.quote_name
        d_table, n_table = q(Delivery._meta.db_table), q(Notification._meta.db_table)
        key = notification_key(alert.pk)
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, self.size, ROWS_PER_INSERT):
                chunk = self.recipients[start : start + ROWS_PER_INSERT]
                values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                params: list[Any] = []
                for uid in chunk:
                    params += [alert.pk, uid, "grid_workers", now]
                cursor.execute(
                    f"INSERT INTO {d_table} (alert_id, recipient_id, audience, delivered_at) VALUES {values}", params
                )
                values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
                params = []
                for uid in chunk:
                    params += [
                        uid,
                        "alerts.alert",
                        "【推送】基线",
                        "基线推送",
                        "/alerts/mine/",
                        "alerts.alert",
                        str(alert.pk),
                        key,
                        now,
                    ]
                cursor.execute(
                    f"INSERT INTO {n_table} (recipient_id, kind, title, body, link, subject_type, subject_id, "
                    f"dedupe_key, created_at) VALUES {values}",
                    params,
                )
        return 1

    def teardown(self) -> None:
        self._clear()
