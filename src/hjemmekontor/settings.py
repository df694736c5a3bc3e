"""Django settings for Hjemmekontor, driven by environment variables.

Safe by default: DEBUG is off, the secret key is generated once per data folder
(or taken from HJEMMEKONTOR_SECRET_KEY) and a known placeholder is refused.
Every variable is documented in docs/configuration.md (a test keeps them in step).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url

from hjemmekontor.datafolder import (
    ensure_private_folder,
    secure_data_folder,
    secure_private_folder,
    secure_sqlite_database,
)
from hjemmekontor.envvars import env_bool, env_choice, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent

DATA_DIR = Path(
    env_str(
        "HJEMMEKONTOR_DATA_DIR",
        os.path.join(
            os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"),
            "hjemmekontor",
        ),
    )
)

# Owner-only: the folder holds the database, the secret key and e-mailed answer
# links. Files older versions left readable by everyone are tightened here.
if DATA_DIR.exists():
    secure_data_folder(DATA_DIR)

DEBUG = env_bool("HJEMMEKONTOR_DEBUG", False)

# Values that people copy from examples; a server must never run with them.
_PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "django-insecure"}


def _secret_key() -> str:
    given = os.environ.get("HJEMMEKONTOR_SECRET_KEY")
    if given is not None:
        if given.strip().lower() in _PLACEHOLDER_SECRETS or len(given) < 32:
            raise RuntimeError(
                "HJEMMEKONTOR_SECRET_KEY er en plassholder eller kortere enn 32 tegn; "
                "sett en tilfeldig verdi (for eksempel fra `python -c 'import secrets; "
                "print(secrets.token_urlsafe(50))'`)."
            )
        return given
    # No key given: keep one per data folder so that links in e-mails survive restarts.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    ensure_private_folder(DATA_DIR)
    key = secrets.token_urlsafe(50)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("HJEMMEKONTOR_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("HJEMMEKONTOR_CSRF_TRUSTED_ORIGINS", [])

# Absolute address used in e-mailed links (invitations, password set-up).
BASE_URL = env_str("HJEMMEKONTOR_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "hjemmekontor.web",
    "hjemmekontor.accounts",
    "hjemmekontor.organisation",
    "hjemmekontor.surveys",
    "hjemmekontor.hms",
    "hjemmekontor.timesheets",
    "hjemmekontor.results",
    "hjemmekontor.reports",
    "hjemmekontor.jobs",
    "hjemmekontor.audit",
    "hjemmekontor.api",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hjemmekontor.web.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hjemmekontor.web.language.OrganisationLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and locale: a bare 405 becomes the site's page, in the user's language.
    "hjemmekontor.web.errors.ErrorPageMiddleware",
    "hjemmekontor.web.sessions.SessionTimeoutMiddleware",
    "hjemmekontor.surveys.codeentry.KioskIdleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hjemmekontor.urls"
WSGI_APPLICATION = "hjemmekontor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE in every template, includes too (base.html sets
                # its own only for itself).
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hjemmekontor.web.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'hjemmekontor.sqlite3'}"),
        conn_max_age=env_int("HJEMMEKONTOR_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers continue while a respondent submits; the timeout rides out
    # short write bursts instead of failing with "database is locked". secure_delete
    # overwrites deleted rows with zeros: a submitted draft (answers beside its
    # invitation) must not live on in the file's free space (surveys/residue.py).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
        ),
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    _database = str(DATABASES["default"]["NAME"])
    if _database and _database != ":memory:" and not _database.startswith("file:"):
        secure_sqlite_database(Path(_database))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes, hjemmekontor.accounts.throttle): after this many
# wrong passwords for one user name from one address, no login for that pair until
# the cool-off has passed, not even with the right password. Keyed on the pair so
# that one attacker cannot lock everybody out from one address, nor a shared office
# address lock out a colleague who typed their own password right.
LOGIN_FAILURE_LIMIT = env_int("HJEMMEKONTOR_LOGIN_FAILURE_LIMIT", 5)
LOGIN_COOLOFF_MINUTES = env_int("HJEMMEKONTOR_LOGIN_COOLOFF_MINUTES", 15)
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_COOLOFF_MINUTES < 1:
    raise ValueError(
        "HJEMMEKONTOR_LOGIN_FAILURE_LIMIT og HJEMMEKONTOR_LOGIN_COOLOFF_MINUTES må være minst 1"
    )
AUTHENTICATION_BACKENDS = [
    "hjemmekontor.accounts.throttle.LoginThrottleBackend",
    "hjemmekontor.accounts.passwords.LocalPasswordBackend",
    "hjemmekontor.accounts.sso.RegisterBackend",
]
# Single sign-on with OpenID Connect (hjemmekontor.accounts.sso): on when an issuer
# and a client id are set. The claim names the person in the register, matched by
# e-mail or by employee number.
OIDC_ISSUER = env_str("HJEMMEKONTOR_OIDC_ISSUER", "").strip()
OIDC_CLIENT_ID = env_str("HJEMMEKONTOR_OIDC_CLIENT_ID", "").strip()
OIDC_CLIENT_SECRET = env_str("HJEMMEKONTOR_OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = env_str("HJEMMEKONTOR_OIDC_SCOPES", "openid email profile")
OIDC_CLAIM = env_str("HJEMMEKONTOR_OIDC_CLAIM", "email").strip()
OIDC_MATCH = env_str("HJEMMEKONTOR_OIDC_MATCH", "email").strip()
if OIDC_MATCH not in ("email", "employee_number"):
    raise ValueError("HJEMMEKONTOR_OIDC_MATCH må være email eller employee_number")
OIDC_NAME = env_str("HJEMMEKONTOR_OIDC_NAME", "").strip()
# Passwords may be switched off once everyone logs in through the provider.
LOCAL_LOGIN = env_bool("HJEMMEKONTOR_LOCAL_LOGIN", True)
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hjemmekontor.accounts.throttle.lockout_response"
# Only the address the connection came from: X-Forwarded-For is written by the
# client unless a proxy overwrites it, and a forged one would reset the count.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
# Passwords never reach axes' log tables.
AXES_SENSITIVE_PARAMETERS = ["password"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGES = [("nb", "Norsk bokmål"), ("nn", "Norsk nynorsk"), ("en", "English")]
# The organisation's written standard: the language of pages nobody has chosen a
# language for, of e-mails and of letters (docs/configuration.md, docs/nynorsk.md).
LANGUAGE_CODE = env_choice("HJEMMEKONTOR_LANGUAGE", "nb", [code for code, _name in LANGUAGES])
# One date format per language: hjemmekontor/formats.
FORMAT_MODULE_PATH = ["hjemmekontor.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("HJEMMEKONTOR_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve the app's static files straight from the package (no collectstatic needed
# to start); WhiteNoise adds caching headers and compression.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: the import reads files in memory up to this size and refuses larger ones
# with a clear message instead of a bare 413 (see organisation/importing.py).
MAX_UPLOAD_BYTES = env_int("HJEMMEKONTOR_MAX_UPLOAD_MB", 20) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
# An XLSX file is a ZIP archive: 100 kB can unpack to gigabytes. Uploads are
# refused past this many unpacked megabytes, past this ratio of unpacked to packed
# size for any one part, and past this many rows (hjemmekontor.web.uploads).
MAX_UNPACKED_BYTES = env_int("HJEMMEKONTOR_MAX_UNPACKED_MB", 50) * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MAX_UPLOAD_ROWS = env_int("HJEMMEKONTOR_MAX_UPLOAD_ROWS", 200_000)
if MAX_UNPACKED_BYTES < 1 or MAX_UPLOAD_ROWS < 1:
    raise ValueError("HJEMMEKONTOR_MAX_UNPACKED_MB og HJEMMEKONTOR_MAX_UPLOAD_ROWS må være minst 1")

# The anonymity threshold: no figure from fewer than K respondents. Never below 3.
ANONYMITY_K = max(3, env_int("HJEMMEKONTOR_ANONYMITY_K", 5))
ANONYMITY_K_COMMENTS = max(ANONYMITY_K, env_int("HJEMMEKONTOR_ANONYMITY_K_COMMENTS", 10))

ORGANISATION_NAME = env_str("HJEMMEKONTOR_ORGANISATION_NAME", "Hjemmekontor")
# The read-only API (hjemmekontor.api): requests per key and minute, and a new key's lifetime.
API_REQUESTS_PER_MINUTE = max(1, env_int("HJEMMEKONTOR_API_REQUESTS_PER_MINUTE", 120))
API_TOKEN_DAYS = max(1, env_int("HJEMMEKONTOR_API_TOKEN_DAYS", 365))
# A kiosk tablet forgets its respondent after this many idle minutes (surveys.codeentry).
KIOSK_IDLE_MINUTES = max(1, env_int("HJEMMEKONTOR_KIOSK_IDLE_MINUTES", 5))
# Where feedback on accessibility goes (the statement at /tilgjengelighet/ must name it).
ACCESSIBILITY_CONTACT = env_str("HJEMMEKONTOR_ACCESSIBILITY_CONTACT", "").strip()

# HMS follow-up. A fixed home-office arrangement of at least this many days a week
# puts a person in scope of hjemmekontorforskriften §1 (Arbeidstilsynet: less than
# about one day a week on average is sporadic, outside the regulation).
_scope_raw = env_str("HJEMMEKONTOR_HMS_SCOPE_DAYS_PER_WEEK", "1").strip() or "1"
try:
    HMS_SCOPE_DAYS_PER_WEEK = Decimal(_scope_raw.replace(",", "."))
except InvalidOperation:
    raise ValueError(
        f"HJEMMEKONTOR_HMS_SCOPE_DAYS_PER_WEEK={_scope_raw!r}: forventet et tall, for eksempel 1 "
        "eller 0.5"
    ) from None
if not HMS_SCOPE_DAYS_PER_WEEK.is_finite() or not 0 < HMS_SCOPE_DAYS_PER_WEEK <= 7:
    raise ValueError(
        f"HJEMMEKONTOR_HMS_SCOPE_DAYS_PER_WEEK={_scope_raw!r}: forventet et tall over 0 og "
        "høyst 7 (dager per uke)"
    )
# Days before an action's due date (or a temporary agreement's end) the reminder goes.
HMS_REMINDER_DAYS_BEFORE = env_int("HJEMMEKONTOR_HMS_REMINDER_DAYS_BEFORE", 7)
if HMS_REMINDER_DAYS_BEFORE < 0:
    raise ValueError(
        f"HJEMMEKONTOR_HMS_REMINDER_DAYS_BEFORE={HMS_REMINDER_DAYS_BEFORE}: forventet 0 eller flere "
        "dager"
    )

# E-mail: SMTP in production, a folder of .eml files by default so that nothing is
# sent by accident from a demo.
EMAIL_BACKEND = env_str("HJEMMEKONTOR_EMAIL_BACKEND", "hjemmekontor.mailfolder.MailFolderBackend")
EMAIL_FILE_PATH = env_str("HJEMMEKONTOR_EMAIL_FILE_PATH", str(DATA_DIR / "sent-mail"))
# The messages hold live answer links; older versions left the folder open to all.
secure_private_folder(Path(EMAIL_FILE_PATH))
EMAIL_HOST = env_str("HJEMMEKONTOR_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("HJEMMEKONTOR_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("HJEMMEKONTOR_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("HJEMMEKONTOR_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("HJEMMEKONTOR_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("HJEMMEKONTOR_FROM_EMAIL", "hjemmekontor@localhost")
# Many mail relays limit how fast one sender may send; 0 means as fast as it takes.
EMAIL_PER_MINUTE = env_int("HJEMMEKONTOR_EMAIL_PER_MINUTE", 0)
if EMAIL_PER_MINUTE < 0:
    raise ValueError(f"HJEMMEKONTOR_EMAIL_PER_MINUTE={EMAIL_PER_MINUTE}: forventet 0 eller flere")

# Background work (hjemmekontor.jobs): the queue lives in the database, so the
# embedded default needs nothing more and production uses the PostgreSQL it has.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A running job's worker proves it is alive this often; a job silent for
# JOB_STALE_SECONDS is taken to have lost its worker and is queued again.
JOB_HEARTBEAT_SECONDS = env_float("HJEMMEKONTOR_JOB_HEARTBEAT_SECONDS", 5.0)
JOB_STALE_SECONDS = env_float("HJEMMEKONTOR_JOB_STALE_SECONDS", 60.0)
if JOB_STALE_SECONDS <= JOB_HEARTBEAT_SECONDS:
    raise ValueError(
        "HJEMMEKONTOR_JOB_STALE_SECONDS må være større enn HJEMMEKONTOR_JOB_HEARTBEAT_SECONDS"
    )
# How often a worker looks for scheduled work (rounds that closed by their end
# date, planned reminders, the daily HMS reminders, jobs that lost their worker).
JOB_SCHEDULE_SECONDS = env_float("HJEMMEKONTOR_JOB_SCHEDULE_SECONDS", 30.0)
# A round's computation uses a helper process for the machine's second core
# (hjemmekontor.results.helper): auto = where this process may use two cores.
COMPUTE_HELPER = env_choice("HJEMMEKONTOR_COMPUTE_HELPER", "auto", ["auto", "on", "off"])
# A round with this many employee respondents or more starts the helper if the
# worker has not (it does at boot); below, one process is fast enough.
COMPUTE_HELPER_FROM = env_int("HJEMMEKONTOR_COMPUTE_HELPER_FROM", 2000)
# A confirmed people import of this many lines or more runs in the worker.
IMPORT_BACKGROUND_ROWS = env_int("HJEMMEKONTOR_IMPORT_BACKGROUND_ROWS", 1000)
if IMPORT_BACKGROUND_ROWS < 1:
    raise ValueError(
        f"HJEMMEKONTOR_IMPORT_BACKGROUND_ROWS={IMPORT_BACKGROUND_ROWS}: forventet 1 eller flere"
    )
# The daily HMS reminders go out from this hour (Europe/Oslo).
HMS_REMINDER_HOUR = env_int("HJEMMEKONTOR_HMS_REMINDER_HOUR", 7)
if not 0 <= HMS_REMINDER_HOUR <= 23:
    raise ValueError(f"HJEMMEKONTOR_HMS_REMINDER_HOUR={HMS_REMINDER_HOUR}: forventet 0–23")

SESSION_COOKIE_HTTPONLY = True
# A logged-in session ends after this long without activity, and after
# SESSION_MAX_SECONDS in any case (hjemmekontor.web.sessions).
SESSION_IDLE_SECONDS = env_int("HJEMMEKONTOR_SESSION_IDLE_MINUTES", 30) * 60
SESSION_MAX_SECONDS = env_int("HJEMMEKONTOR_SESSION_MAX_HOURS", 12) * 3600
if SESSION_IDLE_SECONDS < 60 or SESSION_MAX_SECONDS < SESSION_IDLE_SECONDS:
    raise ValueError(
        "HJEMMEKONTOR_SESSION_IDLE_MINUTES må være minst 1, og HJEMMEKONTOR_SESSION_MAX_HOURS "
        "minst like lang"
    )
# The cookie lasts no longer than the session may.
SESSION_COOKIE_AGE = SESSION_MAX_SECONDS
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
HTTPS = env_bool("HJEMMEKONTOR_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("HJEMMEKONTOR_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("HJEMMEKONTOR_LOG_LEVEL", "WARNING")},
}
