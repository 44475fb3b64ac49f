"""Which of CI's two suites runs a test that brings its own database.

CI runs the whole suite twice, on SQLite and on PostgreSQL. A test that starts `jingwang` in a
subprocess on a database of its own (a SQLite file, a throwaway PostgreSQL database) does the same
work whichever database the suite runs on, so it runs once: in the suite of the database it uses.
"""

from __future__ import annotations

import pytest
from django.conf import settings


def suite_vendor() -> str:
    """`sqlite` or `postgresql`: the database the suite's own tests run on."""
    engine = str(settings.DATABASES["default"]["ENGINE"])
    return "postgresql" if "postgresql" in engine else "sqlite"


sqlite_suite = pytest.mark.skipif(
    suite_vendor() != "sqlite",
    reason="uses a SQLite database of its own in a subprocess: the SQLite suite runs it",
)
postgresql_suite = pytest.mark.skipif(
    suite_vendor() != "postgresql",
    reason="uses a PostgreSQL database of its own in a subprocess: the PostgreSQL suite runs it",
)
