"""An on-the-spot check (核查) of a focus person tells the officer responsible for the listing, like
a watch-list hit; the checker is told nothing more than any check tells (never the category), and
the notification names no category either."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.core.types import Actor
from jingwang.focus.models import ACTIVE_STATES, Listing
from jingwang.notifications.services import notify
from jingwang.verification.models import VerificationCheck
from jingwang.verification.services.checks import NOTIFY_WINDOW_MINUTES, on_check


@on_check
def tell_responsible_officer(check: VerificationCheck, person_ids: list[int], actor: Actor) -> None:
    # Every check with a registered person asks; almost none is a focus person. The bare ids first
    # (a third of the time of the full rows with person and officer joined), the rows only if any.
    listed = list(
        Listing.objects.filter(person_id__in=person_ids, state__in=ACTIVE_STATES).values_list("pk", flat=True)
    )
    if not listed:
        return
    listings = Listing.objects.filter(pk__in=listed).select_related("person", "officer").order_by("pk")
    window = int(timezone.now().timestamp()) // (NOTIFY_WINDOW_MINUTES * 60)
    place = (
        _("at %(lat).5f, %(lng).5f") % {"lat": check.lat, "lng": check.lng}
        if check.lat is not None and check.lng is not None
        else _("location not given")
    )
    for listing in listings:
        if listing.officer_id == actor.pk:
            continue
        notify(
            [listing.officer],
            kind="focus.checked",
            title=_("A focus person was checked: %(name)s") % {"name": listing.person.name},
            body=_("%(checker)s checked %(name)s %(place)s.")
            % {"checker": actor.display_name or actor.get_username(), "name": listing.person.name, "place": place},
            link=listing.get_absolute_url(),
            subject=listing,
            dedupe_key=f"focus.checked:{listing.pk}:{actor.pk}:{window}",
        )
