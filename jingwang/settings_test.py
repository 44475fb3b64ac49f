"""Settings for the test suite: production defaults, throwaway keys, a fast password hasher."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("JINGWANG_SECRET_KEY", "test-secret-key-not-for-production-0123456789")
os.environ.setdefault("JINGWANG_DATA_KEY", "test-data-key-not-for-production-0123456789")
os.environ.setdefault("JINGWANG_DEMO", "0")

from jingwang.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
SMS_BACKEND = "jingwang.notifications.sms.MemoryBackend"
WHITENOISE_AUTOREFRESH = True
# Audit checkpoints live outside the database: never in the data folder of a real database, and
# each test gets a folder of its own (conftest), since test databases are emptied between tests.
AUDIT_CHECKPOINT_DIR = Path(tempfile.gettempdir()) / f"jingwang-test-checkpoints-{os.getpid()}"
