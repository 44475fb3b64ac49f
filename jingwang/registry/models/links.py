"""How the registry's records hang together: residence, employment, household relations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager


class Residence(models.Model):
    """A person lives at a house from a date, until a date (open while they still live there)."""

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="residences"
    )
    house = models.ForeignKey(
        "registry.House", verbose_name=_("house"), on_delete=models.PROTECT, related_name="residences"
    )
    since = models.DateField(_("from"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    is_tenant = models.BooleanField(_("tenant"), default=False)

    objects = RestrictedManager["Residence"]()
    scope_field = "house__grid"

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "house"], condition=models.Q(until__isnull=True), name="registry_residence_open_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}@{self.house_id}"


class Employment(models.Model):
    """A person works at a unit."""

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="employments"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="employments"
    )
    position = models.CharField(_("position"), max_length=50, blank=True)
    since = models.DateField(_("from"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    objects = RestrictedManager["Employment"]()
    scope_field = "unit__grid"

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")

    def __str__(self) -> str:
        return f"{self.person_id}@{self.unit_id}"


class Relation(models.TextChoices):
    """GB/T 4761 family relation codes (the common ones)."""

    HEAD = "02", _("Head of household")
    SPOUSE = "10", _("Spouse")
    SON = "20", _("Son")
    DAUGHTER = "30", _("Daughter")
    FATHER = "51", _("Father")
    MOTHER = "52", _("Mother")
    GRANDCHILD = "40", _("Grandchild")
    SIBLING = "70", _("Sibling")
    OTHER = "99", _("Other relative")


class HouseholdRelation(models.Model):
    """`relative` is `person`'s <relation> (e.g. spouse, son)."""

    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="relations"
    )
    relative = models.ForeignKey(
        "registry.Person", verbose_name=_("relative"), on_delete=models.PROTECT, related_name="+"
    )
    relation = models.CharField(_("relation"), max_length=2, choices=Relation.choices)

    objects = RestrictedManager["HouseholdRelation"]()
    scope_field = "person__grid"

    class Meta:
        verbose_name = _("household relation")
        verbose_name_plural = _("household relations")
        constraints = [models.UniqueConstraint(fields=["person", "relative"], name="registry_relation_once")]

    def __str__(self) -> str:
        return f"{self.person_id}->{self.relative_id}:{self.relation}"
