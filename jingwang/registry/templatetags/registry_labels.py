"""Labels for registry field names shown to people (history rows, queue values, problems)."""

from __future__ import annotations

from functools import cache

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from jingwang.registry.models import Address, Collection, House, Person, Unit
from jingwang.registry.validation import CHOICE_FIELDS

register = template.Library()

# Names used in forms, imports and history that are not model fields themselves.
EXTRA = {
    "id_number": "id_number_masked",
    "phone": "phone_masked",
    "security_contact_phone": "security_contact_phone_masked",
}
OTHER = {
    "address": _("address"),
    "grid": _("grid"),
    "location": _("location"),
    "tenant": _("tenant"),
    "since": _("from"),
    "relation": _("relation"),
    "head": _("head of household"),
    "file": _("file"),
    "merged_from": _("merged from"),
    # Comparison names of the linkage model (`jingwang.linkage.model.COMPARISONS`).
    "phone_address": _("phone or address"),
}
SOURCES = {
    "collection": _("collection"),
    "update": _("edited"),
    "api": _("API"),
    "import": _("import"),
    "manual": _("entered"),
    "merge": _("merge"),
    "merge.auto": _("automatic merge"),
    "unmerge": _("merge undone"),
}


@cache
def _verbose(name: str) -> str | None:
    for model in (Person, Unit, House, Address, Collection):
        try:
            return str(getattr(model._meta.get_field(EXTRA.get(name, name)), "verbose_name", name))
        except FieldDoesNotExist:
            continue
    return None


@register.filter
def field_label(name: str) -> str:
    """`id_number` → 身份证号 (the model's verbose name), else a known label, else the name itself."""
    if name in OTHER:
        return str(OTHER[name])
    return _verbose(name) or name


# The linkage model's comparison levels (`jingwang.linkage.model`, which runs without Django and so
# keeps English labels): their names in the user's language.
LEVELS = {
    "missing": _("missing"),
    "different": _("different"),
    "same name": _("same name"),
    "same name up to similar-shaped characters": _("same name up to similar-shaped characters"),
    "same pinyin (homophones)": _("same pinyin (homophones)"),
    "one character differs": _("one character differs"),
    "same date": _("same date"),
    "one digit differs": _("one digit differs"),
    "same year": _("same year"),
    "same sex": _("same sex"),
    "same number": _("same number"),
    "one digit mistyped, missing or swapped": _("one digit mistyped, missing or swapped"),
    "same phone and address": _("same phone and address"),
    "same address, phone one digit off": _("same address, phone one digit off"),
    "same phone": _("same phone"),
    "same address": _("same address"),
    "phone one digit off": _("phone one digit off"),
    "same street address, division unclear": _("same street address, division unclear"),
    "same county": _("same county"),
}


@register.filter
def level_label(level: str) -> str:
    return str(LEVELS.get(level, level))


@register.filter
def source_label(code: str) -> str:
    return str(SOURCES.get(code, code))


@register.filter
def value_label(value: object, name: str) -> str:
    """A submitted value as people read it: `rented` → 出租 for the field `use`; other values as they are."""
    labels = dict(CHOICE_FIELDS[name].choices) if name in CHOICE_FIELDS else {}
    if isinstance(value, str) and value in labels:
        return str(labels[value])
    return "" if value is None else str(value)


@register.simple_tag
def correction_input(name: str, value: object, collection_id: int) -> SafeString:
    """The verify queue's correction field for one submitted value: a list of the field's choices
    (by their labels) for a coded field, else a text box; left as it is, the submitted value stays."""
    label, shown, form_id = field_label(name), value_label(value, name), f"one-{collection_id}"
    choices = CHOICE_FIELDS.get(name)
    if choices is None:
        return format_html(
            '<input type="text" name="fix_{}" form="{}" placeholder="{}" aria-label="{}">', name, form_id, shown, label
        )
    options = format_html_join("", '<option value="{}">{}</option>', ((c, lbl) for c, lbl in choices.choices))
    return format_html(
        '<select name="fix_{}" form="{}" aria-label="{}"><option value="" selected>{}</option>{}</select>',
        name,
        form_id,
        label,
        shown or "—",
        options,
    )
