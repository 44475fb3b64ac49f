"""The registry's export columns. The export itself (scoped, masked, audited, streamed) is the one
export response of every page and API: `jingwang.web.exports`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, pgettext_lazy

from jingwang.web.exports import XLSX_MAX_ROWS, export_records, export_response

__all__ = ["PERSON_COLUMNS", "XLSX_MAX_ROWS", "export_records", "export_response"]

PERSON_COLUMNS = [
    ("name", pgettext_lazy("person", "name")),
    ("sex", gettext_lazy("sex")),
    ("birth_date", gettext_lazy("birth date")),
    ("id_number_masked", gettext_lazy("ID number")),
    ("phone_masked", gettext_lazy("phone")),
    ("residence_type", gettext_lazy("residence type")),
    ("hukou_address", gettext_lazy("household registration address")),
    ("grid__code", gettext_lazy("grid code")),
    ("grid__name", gettext_lazy("grid")),
]
