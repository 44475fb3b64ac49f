"""The incidents' forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or xlsx file"))
    dry_run = forms.BooleanField(label=_("Check only (import nothing)"), required=False, initial=True)
