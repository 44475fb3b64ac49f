"""The case columns of the generic list pages: a deadline badge coloured row by row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine

from jingwang.casework.columns import CaseColumn
from jingwang.casework.testing import open_sample
from jingwang.web.templatetags.ui import cell

pytestmark = pytest.mark.django_db


def test_deadline_column_colours_each_row_by_its_own_deadline(world: Any) -> None:
    column = CaseColumn("", "deadline", show="deadline")
    with time_machine.travel("2026-11-21 09:00:00+08:00", tick=False) as clock:
        late = open_sample(world, title="逾期的案件")
        clock.shift(timedelta(hours=50))
        fresh = open_sample(world, title="新案件")
        assert cell(late, column)["badge"] == "warn" and cell(fresh, column)["badge"] == "ok"
