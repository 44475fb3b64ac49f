"""Django settings for Jingwang. Every deployment choice comes from the environment (core.env)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy

from jingwang.core.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_path,
    env_str,
    secret_from_env_or_file,
)

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = env_path("JINGWANG_DATA_DIR", BASE_DIR / "var")

SECRET_KEY = secret_from_env_or_file("JINGWANG_SECRET_KEY", DATA_DIR / "secret_key") or ""
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "JINGWANG_SECRET_KEY is not set (the demo writes one to the data folder; "
        "a deployment sets it in the environment)."
    )
# Key for field encryption at rest (AES-GCM) and blind indexes; kept outside the database.
DATA_KEY = secret_from_env_or_file("JINGWANG_DATA_KEY", DATA_DIR / "data_key") or ""
if not DATA_KEY:
    raise ImproperlyConfigured("JINGWANG_DATA_KEY is not set (the key that encrypts personal data).")

DEMO = env_bool("JINGWANG_DEMO", (DATA_DIR / "demo-mode").exists())
DEBUG = env_bool("JINGWANG_DEBUG", False)
ALLOWED_HOSTS = env_list("JINGWANG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("JINGWANG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "jingwang.web",
    "jingwang.territory",
    "jingwang.accounts",
    "jingwang.audit",
    "jingwang.registry",
    "jingwang.notifications",
    "jingwang.worker",
    "jingwang.casework",
    "jingwang.figures",
    "jingwang.disputes",
    "jingwang.workorders",
    "jingwang.focus",
    "jingwang.venues",
    "jingwang.antifraud",
    "jingwang.incidents",
    "jingwang.incidents.followups",
    "jingwang.offices",
    "jingwang.cameras",
    "jingwang.maps",
    "jingwang.portal",
    "jingwang.tips",
    "jingwang.alerts",
    "jingwang.volunteers",
    "jingwang.watchpoints",
    "jingwang.linkage",
    "jingwang.verification",
    "jingwang.hazards",
    "jingwang.patrols",
    "jingwang.visits",
    "jingwang.api",
    "jingwang.demo",
    "jingwang.bench",
]

MIDDLEWARE = [
    "jingwang.core.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise: static files keep their caching; every other answer gets CSP and no-store.
    "jingwang.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "jingwang.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jingwang.accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "jingwang.urls"
WSGI_APPLICATION = "jingwang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jingwang.web.context_processors.shell",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jingwang.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("JINGWANG_DB_CONN_MAX_AGE", 60))
except Exception as exc:  # dj_database_url raises several kinds on a malformed URL
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # Durability (SECURITY 22): WAL with synchronous=FULL, writers take the lock at BEGIN.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-65536;PRAGMA temp_store=MEMORY"
        ),
    }
    _db["CONN_MAX_AGE"] = 0 if _db["NAME"] == ":memory:" else _db["CONN_MAX_AGE"]
    _db.setdefault("TEST", {})
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("OPTIONS", {})
    _db["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in (SECURITY 7-11) ---------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
PASSWORD_PROFILE = env_choice("JINGWANG_PASSWORD_PROFILE", "standard", {"standard", "strict"})
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12 if PASSWORD_PROFILE == "strict" else 8},
    },
    {"NAME": "jingwang.accounts.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 64}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if PASSWORD_PROFILE == "strict":
    AUTH_PASSWORD_VALIDATORS.append({"NAME": "jingwang.accounts.passwords.ComplexityValidator"})
PASSWORD_MAX_AGE_DAYS = env_int("JINGWANG_PASSWORD_MAX_AGE_DAYS", 90 if PASSWORD_PROFILE == "strict" else 0, minimum=0)

REQUIRE_MFA = env_bool("JINGWANG_REQUIRE_MFA", not DEMO)
# Incident bulletins show a count under this as "fewer than N" (small counts identify people).
INCIDENT_BULLETIN_MIN_COUNT = env_int("JINGWANG_INCIDENT_BULLETIN_MIN_COUNT", 3, minimum=1)
# A preventable crime against a household opens a return visit only if it is this recent (an
# import of history opens none).
INCIDENT_RETURN_VISIT_WINDOW_DAYS = env_int("JINGWANG_INCIDENT_RETURN_VISIT_WINDOW_DAYS", 30, minimum=1)
LOCKOUT_THRESHOLD = env_int("JINGWANG_LOCKOUT_THRESHOLD", 5, minimum=1)
LOCKOUT_WINDOW = timedelta(minutes=env_int("JINGWANG_LOCKOUT_WINDOW_MINUTES", 15, minimum=1))
LOCKOUT_DURATION = timedelta(minutes=env_int("JINGWANG_LOCKOUT_MINUTES", 30, minimum=1))
SESSION_IDLE_TIMEOUT = timedelta(minutes=env_int("JINGWANG_SESSION_IDLE_MINUTES", 30, minimum=1))
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=env_int("JINGWANG_SESSION_HOURS", 12, minimum=1))
REAUTH_MAX_AGE = timedelta(minutes=env_int("JINGWANG_REAUTH_MINUTES", 5, minimum=1))
API_TOKEN_LIFETIME = timedelta(hours=env_int("JINGWANG_API_TOKEN_HOURS", 12, minimum=1))
# A token unused this long stops working, like an idle session (SECURITY 10).
API_TOKEN_IDLE_TIMEOUT = timedelta(
    minutes=env_int("JINGWANG_API_TOKEN_IDLE_MINUTES", int(SESSION_IDLE_TIMEOUT.total_seconds() // 60), minimum=1)
)
# Per client address (SECURITY 30): this many failed sign-ins (page or token, any accounts) within
# the window block the address for one window. Counted in the database, so every worker and host
# sees the same count. Per account, the lockout above applies.
SIGN_IN_ADDRESS_LIMIT = env_int("JINGWANG_SIGNIN_ADDRESS_LIMIT", 20, minimum=1)
SIGN_IN_ADDRESS_WINDOW = timedelta(minutes=env_int("JINGWANG_SIGNIN_ADDRESS_WINDOW_MINUTES", 15, minimum=1))

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_SECURE = env_bool("JINGWANG_SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "jingwang_session"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_NAME = "jingwang_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# HSTS whenever cookies are Secure (SECURITY 28): the site is then HTTPS only; Django's
# SecurityMiddleware sends the header on HTTPS answers.
SECURE_HSTS_SECONDS = 31_536_000 if SESSION_COOKIE_SECURE else 0  # one year
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a reverse proxy that terminates TLS: trust its X-Forwarded-Proto, and take the client's
# address from the last X-Forwarded-For entry (the one the proxy added), for the audit trail and the
# per-address sign-in throttle.
BEHIND_PROXY = env_bool("JINGWANG_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Secure cookies mean the site is served over HTTPS: browsers are told to keep to it (HSTS), and
# plain HTTP is redirected when the proxy tells us the scheme (without it every request would look
# like plain HTTP and redirect forever). Health probes may stay on plain HTTP.
SECURE_HSTS_SECONDS = env_int("JINGWANG_HSTS_SECONDS", 31_536_000, minimum=0) if SESSION_COOKIE_SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = env_bool("JINGWANG_SSL_REDIRECT", SESSION_COOKIE_SECURE and BEHIND_PROXY)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Interface ------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# A filter's empty choice means "any": 全部, not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("All")
TIME_ZONE = env_str("JINGWANG_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env_bool("JINGWANG_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Map tiles come from a server inside the police network, never from another site; empty = vectors only.
MAP_TILE_URL = env_str("JINGWANG_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("JINGWANG_MAP_TILE_ATTRIBUTION", "")
# The map's tile source (jingwang/maps/tiles.py): "" (vectors only), "xyz", "tianditu" or "file";
# the datum the tiles are drawn in ("wgs84" — also CGCS2000 and 天地图 — or "gcj02"), the 审图号.
MAP_TILE_SOURCE = env_str("JINGWANG_MAP_TILE_SOURCE", "")
MAP_TIANDITU_KEY = env_str("JINGWANG_MAP_TIANDITU_KEY", "")
MAP_TIANDITU_LAYER = env_str("JINGWANG_MAP_TIANDITU_LAYER", "vec")
MAP_TILE_FILE = env_str("JINGWANG_MAP_TILE_FILE", "")  # an .mbtiles or .pmtiles file the platform serves
MAP_TILE_COORDS = env_str("JINGWANG_MAP_TILE_COORDS", "wgs84")
MAP_APPROVAL_NUMBER = env_str("JINGWANG_MAP_APPROVAL_NUMBER", "")
# Further origins the Content-Security-Policy admits images from (core.middleware): the tiles' only.
MAP_TILE_ORIGINS = ["https://*.tianditu.gov.cn"] if MAP_TILE_SOURCE == "tianditu" and MAP_TIANDITU_KEY else []

# Text messages for red deadline warnings: a dotted path to a backend (jingwang/notifications/sms.py).
SMS_BACKEND = env_str("JINGWANG_SMS_BACKEND", "jingwang.notifications.sms.ConsoleBackend")

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "jingwang.accounts.authentication.BearerTokenAuthentication",
        "jingwang.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "jingwang.api.pagination.DefaultCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "jingwang.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "jingwang.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jingwang API",
    "DESCRIPTION": "警网 community-policing and grid-governance platform, API v1.",
    "VERSION": "1.0.0",
    # Choice sets that share a field name get their own component names (instead of hashed ones).
    "ENUM_NAME_OVERRIDES": {
        "DisputeKindEnum": "jingwang.disputes.models.DisputeKind",
        "DisputeStatusEnum": "jingwang.disputes.models.Status",
        "DisputeOutcomeEnum": "jingwang.disputes.models.Outcome",
        "PartyRoleEnum": "jingwang.disputes.models.PartyRole",
        "NodeKindEnum": "jingwang.territory.models.NodeKind",
        # The kind of registry record a collection or an import is about (given as bare values).
        "RecordKindEnum": ["person", "house", "unit", "address"],
        "RoleEnum": "jingwang.core.roles.Role",
        "IncidentCategoryKindEnum": "jingwang.incidents.models.CategoryKind",
        "IncidentSourceEnum": "jingwang.incidents.models.Source",
        "DisputeSourceEnum": "jingwang.disputes.models.IntakeSource",
        "IncidentCaseKindEnum": "jingwang.incidents.followups.models.CaseKind",
        "VenueIncidentKindEnum": "jingwang.venues.models.IncidentKind",
        "VenueMatchSourceEnum": "jingwang.venues.models.MatchSource",
        "InspectionKindEnum": "jingwang.venues.models.InspectionKind",
        "HazardKindEnum": "jingwang.venues.models.HazardKind",
        "AlertKindEnum": "jingwang.alerts.models.AlertKind",
        "AlertAudienceEnum": "jingwang.alerts.models.Audience",
        "AlertPriorityEnum": "jingwang.alerts.models.Priority",
        "VolunteerTeamKindEnum": "jingwang.volunteers.models.TeamKind",
        "VolunteerStatusEnum": "jingwang.volunteers.models.Status",
        "WatchPointPlaceKindEnum": "jingwang.watchpoints.models.PlaceKind",
        "WatchPointReportKindEnum": "jingwang.watchpoints.models.ReportKind",
        "FraudRiskEnum": "jingwang.antifraud.models.Risk",
        "DisputeRiskEnum": "jingwang.disputes.models.Risk",
        "FraudWarningSourceEnum": "jingwang.antifraud.models.Source",
        "FraudOutcomeEnum": "jingwang.antifraud.models.Outcome",
        "PatrolKindEnum": "jingwang.patrols.models.Kind",
        "PatrolStatusEnum": "jingwang.patrols.models.Status",
        "PatrolRaisedKindEnum": "jingwang.patrols.models.RaisedKind",
        "HomeVisitPurposeEnum": "jingwang.visits.models.Purpose",
        "HazardResponsibleEnum": "jingwang.hazards.models.Responsible",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jingwang.api.schema.integer_path_ids",
        "jingwang.api.schema.error_responses",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema and its docs page: signed-in staff only, except in the demo.
    "SERVE_PERMISSIONS": ["jingwang.accounts.api.permissions.SchemaReader"],
}

# --- Logging: no personal data in logs (SECURITY 13); request ids tie lines to audit rows. ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "jingwang.core.middleware.RequestIdLogFilter"},
        "no_identifiers": {"()": "jingwang.core.middleware.IdentifierLogFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id", "no_identifiers"],
        }
    },
    # The development server's request lines (with query strings) go through the same filter.
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("JINGWANG_LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"}),
    },
}

# Collect → verify: the responsible officer decides within this many days (overdue after).
COLLECTION_VERIFY_DAYS = env_int("JINGWANG_COLLECTION_VERIFY_DAYS", 3, minimum=1)
AUDIT_RETENTION_DAYS = env_int("JINGWANG_AUDIT_RETENTION_DAYS", 365, minimum=365)
# Signed checkpoints of the audit chain's head (SECURITY 16): a folder the database's owner cannot
# write, one append-only file per database; the sealer adds one at most every N seconds.
AUDIT_CHECKPOINT_DIR = env_path("JINGWANG_AUDIT_CHECKPOINT_DIR", DATA_DIR / "audit-checkpoints")
AUDIT_CHECKPOINT_SECONDS = env_int("JINGWANG_AUDIT_CHECKPOINT_SECONDS", 10, minimum=0)
# Refusals are audited (SECURITY 12), at most this many per minute per user and kind of record,
# so that a loop of refused requests cannot flood the trail.
AUDIT_DENIALS_PER_MINUTE = env_int("JINGWANG_AUDIT_DENIALS_PER_MINUTE", 10, minimum=1)
# Duplicate persons (registry merges): pairs scoring at least MERGE_SUGGEST_PERCENT become
# suggestions for the officer; with the same ID number and at least MERGE_AUTO_PERCENT they are
# merged at once when AUTO_MERGE is on (the default: an identical ID number backed by name and
# birth date is the certain case SYSTEM.md §4 leaves to the machine; every merge can be undone).
AUTO_MERGE = env_bool("JINGWANG_AUTO_MERGE", True)
MERGE_SUGGEST_PERCENT = env_int("JINGWANG_MERGE_SUGGEST_PERCENT", 80, minimum=1)
MERGE_AUTO_PERCENT = env_int("JINGWANG_MERGE_AUTO_PERCENT", 99, minimum=50)
# Key venues: guest registrations (旅馆业实名登记) are purged after this many days; licences are
# reminded this many days before they end; an unrectified serious hazard goes, as a work order,
# to the department of this name (fire: the fire service; housing: the housing department).
VENUES_GUEST_RETENTION_DAYS = env_int("JINGWANG_VENUES_GUEST_RETENTION_DAYS", 90, minimum=1)
VENUES_LICENCE_REMINDER_DAYS = env_int("JINGWANG_VENUES_LICENCE_REMINDER_DAYS", 30, minimum=1)
VENUES_HAZARD_DEPARTMENTS = {"fire": "区消防救援大队", "housing": "区住房和城乡建设局"}
# Cameras (GB/T 28181): an OFF shorter than the grace (three missed 60 s heartbeats) followed by
# another status is a missed heartbeat, not an outage; a camera offline longer than the threshold
# raises one work order to the maintenance department (made if missing). Targets of the working-
# order rate (完好率) per covered place (nine-ministry opinion, 2015); the roll-up re-materialises
# the last days so that late events are counted.
CAMERAS_OFFLINE_GRACE_SECONDS = env_int("JINGWANG_CAMERAS_OFFLINE_GRACE_SECONDS", 180, minimum=0)
CAMERAS_OUTAGE_AFTER_SECONDS = env_int("JINGWANG_CAMERAS_OUTAGE_AFTER_SECONDS", 4 * 3600, minimum=60)
CAMERAS_MAINTENANCE_DEPARTMENT = env_str("JINGWANG_CAMERAS_MAINTENANCE_DEPARTMENT", "视频监控运维中心")
CAMERAS_TARGETS = {"key_public": 0.98, "trade": 0.95, "other": 0.95}
CAMERAS_ROLLUP_DAYS = env_int("JINGWANG_CAMERAS_ROLLUP_DAYS", 3, minimum=1)
CAMERAS_INGEST_MAX_EVENTS = env_int("JINGWANG_CAMERAS_INGEST_MAX_EVENTS", 5000, minimum=1)

# Residents' tips (线索/求助): how long a resident may reopen a closed tip, and the per-number
# and per-address limits on sending them (SECURITY 30).
TIPS_REOPEN_DAYS = env_int("JINGWANG_TIPS_REOPEN_DAYS", 14, minimum=1)
TIPS_PER_NUMBER_PER_DAY = env_int("JINGWANG_TIPS_PER_NUMBER_PER_DAY", 5, minimum=1)
TIPS_PER_ADDRESS_PER_HOUR = env_int("JINGWANG_TIPS_PER_ADDRESS_PER_HOUR", 20, minimum=1)
# Field work (issue 12): an unremoved hazard goes, as a work order, to the department of this name;
# an officer's home visits a week are measured against VISITS_WEEKLY_TARGET, and the time in the
# community against FIELD_HALF_DAYS_TARGET half-days a week (the Shanghai seed's five).
HAZARDS_DEPARTMENTS = {"fire": "区消防救援大队", "housing": "区住房和城乡建设局", "subdistrict": "街道办事处"}
VISITS_WEEKLY_TARGET = env_int("JINGWANG_VISITS_WEEKLY_TARGET", 15, minimum=1)
FIELD_HALF_DAYS_TARGET = env_int("JINGWANG_FIELD_HALF_DAYS_TARGET", 5, minimum=1)
