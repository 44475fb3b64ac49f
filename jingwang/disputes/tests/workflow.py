"""The dispute's steps as the tests take them: through the generic engine (casework.moves.case_move,
the code behind POST /api/v1/cases/{id}/{transition}/ and the page's buttons), with the input each
transition declares."""

from __future__ import annotations

from typing import Any

from jingwang.casework.models import Case
from jingwang.casework.moves import case_move
from jingwang.core.errors import NotFound
from jingwang.disputes.models import Dispute, Status


def move(by: Any, dispute_id: int, transition: str, **data: Any) -> Dispute:
    """As the endpoint: a case out of the user's scope is not found; then the engine decides."""
    case = Case.objects.restrict(by, "view").filter(dispute__pk=dispute_id).first()
    if case is None:
        raise NotFound()
    case_move(by=by, case=case, transition=transition, data=data)
    return Dispute.objects.select_related("case").get(pk=dispute_id)


def dispute_accept(*, by: Any, dispute_id: int, officer: Any = None, note: str = "") -> Dispute:
    return move(by, dispute_id, "accept", officer=getattr(officer, "pk", None), note=note)


def dispute_refer(*, by: Any, dispute_id: int, mediator: Any, note: str = "") -> Dispute:
    return move(by, dispute_id, "refer_mediator", mediator=getattr(mediator, "pk", None), note=note)


def dispute_hand_back(*, by: Any, dispute_id: int, note: str) -> Dispute:
    return move(by, dispute_id, "hand_back", note=note)


def dispute_resolve(*, by: Any, dispute_id: int, outcome: str, note: str = "") -> Dispute:
    """The holder records the outcome: the mediator of a referred dispute, else the officer."""
    referred = Dispute.objects.get(pk=dispute_id).status == Status.REFERRED
    return move(by, dispute_id, "mediated" if referred else "resolve", outcome=outcome, note=note)


def dispute_close(*, by: Any, dispute_id: int, note: str = "") -> Dispute:
    return move(by, dispute_id, "close", note=note)


def dispute_reopen(*, by: Any, dispute_id: int, note: str) -> Dispute:
    return move(by, dispute_id, "reopen", note=note)
