"""My data (PIPL Art. 44–46): what the registry holds about the signed-in resident, found by the
blind index of their mobile number, and their requests to correct it.

What is shown: the resident's own record with identifiers masked, where they live, and their
household (relation and a masked name). Never shown: focus-person or watch-list status, notes,
or anything of another person beyond the household's masked names. Every read is audited with
the purpose `portal.self_access`; a request to correct becomes a deadlined case of type
`portal.correction` in the officer's queue, and the resident reads its outcome and, when refused,
the reason the officer gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.accounts.models import User
from jingwang.audit.selectors import audit_read
from jingwang.audit.services import audit_record
from jingwang.casework.models import Case, CaseEvent
from jingwang.casework.services import case_open
from jingwang.core.errors import ServiceError
from jingwang.core.identity import mask_name
from jingwang.notifications.services import notify, responsible_officers
from jingwang.portal.casetype import KIND
from jingwang.portal.models import CorrectionRequest
from jingwang.registry.identifiers import phone_index
from jingwang.registry.models import HouseholdRelation, Person, Residence

PURPOSE = "portal.self_access"
MAX_OPEN_REQUESTS = 3
# What a resident may ask to correct (the record's fields as the page shows them).
FIELDS = {
    "name": gettext_lazy("Name"),
    "sex": gettext_lazy("Sex"),
    "birth_date": gettext_lazy("Date of birth"),
    "id_number": gettext_lazy("ID number"),
    "hukou_address": gettext_lazy("Household registration address"),
    "residence": gettext_lazy("Where I live"),
    "household": gettext_lazy("My household"),
    "other": gettext_lazy("Something else"),
}


@dataclass
class MyRecord:
    person: Person | None
    ambiguous: bool = False
    rows: list[tuple[Any, str]] = field(default_factory=list)  # (label, value)
    residences: list[str] = field(default_factory=list)
    household: list[tuple[str, str]] = field(default_factory=list)  # (relation, masked name)


def person_of(user: User) -> tuple[Person | None, bool]:
    """The registry person whose phone is the resident's mobile: (person, False); (None, True)
    when several records carry it (nothing is shown then), (None, False) when none does."""
    number = user.mobile_number()
    if not number:
        return None, False
    found = list(Person.objects.filter(phone_index=phone_index(number), is_active=True).select_related("grid")[:2])
    if len(found) == 1:
        return found[0], False
    return None, len(found) > 1


def my_record(user: User) -> MyRecord:
    person, ambiguous = person_of(user)
    audit_read(
        viewer=user,
        object_type="registry.person",
        object_id=str(person.pk) if person else "",
        result_count=1 if person else 0,
        purpose=PURPOSE,
    )
    record = MyRecord(person, ambiguous)
    if person is None:
        return record
    record.rows = [
        (FIELDS["name"], person.name),
        (FIELDS["sex"], person.get_sex_display()),
        (FIELDS["birth_date"], person.birth_date.isoformat() if person.birth_date else ""),
        (gettext_lazy("Document"), person.get_document_type_display()),
        (FIELDS["id_number"], person.id_number_masked),
        (gettext_lazy("Phone"), person.phone_masked),
        (gettext_lazy("Residence type"), person.get_residence_type_display()),
        (FIELDS["hukou_address"], person.hukou_address),
    ]
    if person.residence_permit_expires:
        record.rows.append((gettext_lazy("Residence permit valid until"), person.residence_permit_expires.isoformat()))
    residences = Residence.objects.filter(person=person, until__isnull=True).select_related("house__address")
    record.residences = [r.house.address.canonical for r in residences]
    relations = HouseholdRelation.objects.filter(person=person).select_related("relative").order_by("relation")
    record.household = [(r.get_relation_display(), mask_name(r.relative.name)) for r in relations]
    return record


@dataclass
class MyRequest:
    request: CorrectionRequest
    state: str
    state_label: str
    closed: bool
    reason: str  # the officer's note when answered (the reason of a refusal)


def my_requests(user: User) -> list[MyRequest]:
    rows = CorrectionRequest.objects.filter(resident=user).select_related("case").order_by("-created_at")[:20]
    answers = {
        e.case_id: e.note
        for e in CaseEvent.objects.filter(
            case_id__in=[r.case_id for r in rows], kind="transition", to_state__in=["corrected", "refused"]
        ).order_by("at")
    }
    from jingwang.portal.casetype import CORRECTION

    return [
        MyRequest(
            r,
            r.case.state,
            str(CORRECTION.states.get(r.case.state, r.case.state)),
            r.case.closed_at is not None,
            answers.get(r.case_id, ""),
        )
        for r in rows
    ]


def correction_request(*, user: User, field_name: str, requested: str) -> CorrectionRequest:
    """Open a correction case in the person's grid for the officer responsible for it."""
    if field_name not in FIELDS:
        raise ServiceError("invalid", _("Choose what is wrong."), fields={"field": [_("Choose what is wrong.")]})
    requested = str(requested or "").strip()
    if not requested or len(requested) > 300:
        raise ServiceError(
            "invalid",
            _("Say in at most 300 characters what it should say."),
            fields={"requested": [_("Say in at most 300 characters what it should say.")]},
        )
    person, ambiguous = person_of(user)
    if person is None:
        raise ServiceError(
            "no_record",
            _("Several records carry your number; please ask at your police office.")
            if ambiguous
            else _("The registry holds no record with your mobile number, so there is nothing to correct."),
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        open_count = CorrectionRequest.objects.filter(resident=user, case__closed_at__isnull=True).count()
        if open_count >= MAX_OPEN_REQUESTS:
            raise ServiceError(
                "too_many",
                _("You have %(n)d requests waiting for an answer; please wait for them first.")
                % {"n": MAX_OPEN_REQUESTS},
            )
        officers = responsible_officers(person.grid)
        case = case_open(
            by=None,
            kind=KIND,
            title=_("Correction requested: %(field)s") % {"field": FIELDS[field_name]},
            grid=person.grid,
            description=requested,
            assignee=officers[0] if officers else None,
        )
        row = CorrectionRequest.objects.create(
            case=case, resident=user, person=person, field=field_name, requested=requested
        )
        audit_record(
            action="portal.correction.create", actor=user, object_type="portal.correctionrequest", object_id=row.pk
        )
        notify(
            officers,
            kind="portal.correction",
            title=_("A resident asks to correct their registry record"),
            link=case.get_absolute_url(),
            subject=case,
        )
    return row


def tell_resident(case: Case) -> None:
    """The resident hears that their request was answered (the answer is on the portal)."""
    row = CorrectionRequest.objects.filter(case=case).select_related("resident").first()
    if row is None:
        return
    notify(
        [row.resident],
        kind="portal.correction.answered",
        title=_("Your correction request was answered: see My data on the portal."),
        subject=case,
        dedupe_key=f"portal.correction.{case.pk}.answered",
        sms=True,
    )
