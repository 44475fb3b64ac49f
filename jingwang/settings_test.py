"""Settings for the test suite: production defaults, throwaway keys, a fast password hasher."""

import os

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
