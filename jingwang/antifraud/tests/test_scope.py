"""The scope contract for the anti-fraud API: the police by the warning's area; a bank liaison
only what they raised and the protection requests addressed to them."""

from __future__ import annotations

from typing import Any

from jingwang.antifraud.models import ProtectionRequest, Source, Warning
from jingwang.antifraud.services import WarningRow, protection_request, warnings_receive
from jingwang.antifraud.tests import fixtures as f
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import PASSWORD, World


class TestWarningScope(ScopedResourceContract):
    list_url = "/api/v1/fraud-warnings/"
    model = Warning
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = "q"
    writes = {
        "protect": Write("post", "protect/", lambda s: {"bank_user": 1, "bank_name": "越权银行", "reason": "越权"}),
    }

    def in_scope(self, world: World) -> Any:
        return f.warning(world, "in", ref="IN-1")

    def out_of_scope(self, world: World) -> Any:
        return f.warning(world, "out", ref="OUT-1")

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            f.warning(world, "in")

    def search_term(self, obj: Any) -> str:
        return str(obj.reference)

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())


def _raised(world: World, ref: str) -> Warning:
    if (found := Warning.objects.filter(reference=ref).first()) is not None:
        return found
    row = WarningRow(reference=ref, risk="high", fraud_type="02", name="可疑客户")
    return warnings_receive(by=world.bank_a, rows=[row], source=Source.BANK).warnings[0]


class TestBankLiaisonWarningScope(TestWarningScope):
    """A bank liaison sees the suspicions they raised, not a warning of a person in their county."""

    viewer = "bank_a"
    writes = {
        "raise": Write(
            "post", on_list=True, out_of_scope_status=None,
            body={"warnings": [{"reference": "BANK-X", "risk": "high", "fraud_type": "02", "name": "某"}]},
        )
    }  # fmt: skip

    def in_scope(self, world: World) -> Any:
        return _raised(world, "BANK-1")

    def out_of_scope(self, world: World) -> Any:
        return f.warning(world, "in", ref="IN-1")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            _raised(world, f"BANK-more-{Warning.objects.count()}-{i}")

    def page_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())


def _other_bank(world: World) -> Any:
    from jingwang.accounts.models import User
    from jingwang.accounts.services import user_create

    found = User.objects.filter(username="bank_other").first()
    return found or user_create(by=None, username="bank_other", display_name="他行", password=PASSWORD,
                                role="bank_liaison", scopes=[world.node("county:320106")])  # fmt: skip


def _protection(world: World, where: str, bank: Any = None, ref: str = "") -> ProtectionRequest:
    if ref and (found := ProtectionRequest.objects.filter(warning__reference=ref).first()) is not None:
        return found
    w = f.warning(world, where, ref=ref)
    by = world.officer_a if where == "in" else world.officer_b
    return protection_request(by=by, warning_id=w.pk, bank_user_id=(bank or world.bank_a).pk, bank_name="建设银行",
                              account="6217000011112222333", reason="高风险预警")  # fmt: skip


class TestProtectionScope(ScopedResourceContract):
    list_url = "/api/v1/fraud-protections/"
    model = ProtectionRequest
    viewer = "officer_a"
    no_permission_user = "mediator"
    search_param = None
    writes = {"answer": Write("post", "answer/", {"protected": True}, by="bank_a", denied_to="officer_a")}
    not_applicable = {"page": "protection requests are shown on their warning's page", "search": "no search"}

    def in_scope(self, world: World) -> Any:
        return _protection(world, "in", ref="P-IN")

    def out_of_scope(self, world: World) -> Any:
        return _protection(world, "out", _other_bank(world), ref="P-OUT")

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            _protection(world, "in")


class TestBankLiaisonProtectionScope(TestProtectionScope):
    """A bank liaison sees the requests addressed to them, not those to another bank."""

    viewer = "bank_a"

    def out_of_scope(self, world: World) -> Any:
        return _protection(world, "in", _other_bank(world), ref="P-OTHER")
