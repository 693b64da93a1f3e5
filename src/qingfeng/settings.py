"""One settings module, read from the environment, with embedded defaults.

Every knob is an environment variable prefixed QINGFENG_ (plus DATABASE_URL). Without any,
the app runs on SQLite in WAL mode with DEBUG off; `make demo` turns DEBUG on.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from qingfeng.core.cacheconf import cache_config, session_engine

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("QINGFENG_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file, media and collected static live here


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("QINGFENG_DEBUG")
TESTING = env_bool("QINGFENG_TESTING")

# Development keys are only allowed with DEBUG or under tests; production must set its own.
_DEV_SECRET = "dev-insecure-secret-key-do-not-use-in-production-qingfeng"  # noqa: S105
_DEV_PII_KEY = "ZGV2LW9ubHktcGlpLWtleS1xaW5nZmVuZy0wMDAwMDA="
SECRET_KEY = os.environ.get("QINGFENG_SECRET_KEY") or (_DEV_SECRET if DEBUG or TESTING else "")
PII_KEY = os.environ.get("QINGFENG_PII_KEY") or (_DEV_PII_KEY if DEBUG or TESTING else "")
PII_OLD_KEYS = env_list("QINGFENG_PII_OLD_KEYS")  # still decrypt rows written under these
if not SECRET_KEY or not PII_KEY:
    raise ImproperlyConfigured(
        "Set QINGFENG_SECRET_KEY and QINGFENG_PII_KEY (or QINGFENG_DEBUG=1 for development)."
    )

ALLOWED_HOSTS = env_list("QINGFENG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("QINGFENG_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "qingfeng.core",
    "qingfeng.audit",
    "qingfeng.orgs",
    "qingfeng.powers",
    "qingfeng.disclosure",
    "qingfeng.intake",
    "qingfeng.ledger",
    "qingfeng.screening",
    "qingfeng.topics",
    "qingfeng.inspections",
    "qingfeng.exports",
    "qingfeng.cases",
    "qingfeng.insights",
    "qingfeng.api",
    "qingfeng.office",
    "qingfeng.portal",
    "qingfeng.demo",
]

MIDDLEWARE = [
    "qingfeng.core.limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "qingfeng.core.middleware.PublicGZipMiddleware",
    "qingfeng.core.sessions.SessionMiddleware",  # public pages save only on change
    "qingfeng.portal.middleware.PublicLanguageMiddleware",  # office zh-Hans; public by cookie
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "qingfeng.office.middleware.OfficeAccessMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Uploads: bodies above these caps are refused before they are read (core/limits.py); files
# above 2.5 MB go to a temporary file, not memory; non-file form data is capped at 2.5 MB.
QINGFENG_MAX_PUBLIC_REQUEST_MB = int(os.environ.get("QINGFENG_MAX_PUBLIC_REQUEST_MB", "150"))
QINGFENG_MAX_OFFICE_REQUEST_MB = int(os.environ.get("QINGFENG_MAX_OFFICE_REQUEST_MB", "520"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20

ROOT_URLCONF = "qingfeng.urls"
WSGI_APPLICATION = "qingfeng.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qingfeng.office.context_processors.office_nav",
                "qingfeng.screening.context.worker_banner",
                "qingfeng.portal.context.public_prefs",
            ],
        },
    },
]

# SQLite in WAL mode by default; PostgreSQL via DATABASE_URL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'qingfeng.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE avoids lock upgrades failing under the web process and the worker together.
        "transaction_mode": "IMMEDIATE",
        # seconds a write waits for the lock; the longest write (a run's hits) takes ~2 s
        "timeout": float(os.environ.get("QINGFENG_SQLITE_TIMEOUT", "20")),
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("QINGFENG_CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "orgs.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "qingfeng.orgs.hashers.OneTimePasswordHasher",  # generated one-time passwords only
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "office:login"
LOGIN_REDIRECT_URL = "office:inbox"

# Brute-force lockout: 5 failures per username and address, 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("QINGFENG_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("QINGFENG_AXES_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "office/locked_out.html"
AXES_ENABLED = not TESTING or env_bool("QINGFENG_AXES_IN_TESTS")

OTP_TOTP_ISSUER = "清风 qingfeng"

# Sessions end after QINGFENG_SESSION_IDLE_MINUTES without a request, and at browser close.
SESSION_COOKIE_AGE = int(os.environ.get("QINGFENG_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("QINGFENG_SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env_bool("QINGFENG_BEHIND_HTTPS_PROXY"):  # nginx or a load balancer terminates TLS
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # HTTPS is on: plain HTTP is redirected (not the local health check) and browsers are told
    # to use HTTPS only, for a year (docs/deploy.md before turning it on).
    SECURE_SSL_REDIRECT = env_bool("QINGFENG_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("QINGFENG_HSTS_SECONDS", "31536000"))
    # Other hosts under the same parent domain may still serve plain HTTP: subdomains only on
    # request, and the check that recommends them is then a decision, not an oversight.
    # The browsers' preload list (it needs subdomains too) is likewise opt-in.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("QINGFENG_HSTS_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("QINGFENG_HSTS_PRELOAD")
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]

# Content-Security-Policy (django-csp 4) on every response: scripts and styles come from our own
# static files only: no inline <script>, no style="", no on*= handlers, no eval (htmx is told
# not to eval and not to inject its indicator style: see base.html). ECharts styles its
# elements through the CSSOM, which CSP does not restrict. docs/decisions/0009-csp.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LANGUAGE_CODE = "zh-hans"
# The office is zh-Hans only; the public portal also in Uyghur, chosen by the language cookie
# (portal/middleware.py: no Accept-Language guessing). Django's LANG_INFO knows ug (bidi).
LANGUAGES = [("zh-hans", "简体中文"), ("ug", "ئۇيغۇرچە")]
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 400 * 86400
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [BASE_DIR / "static"]
if (NODE_MODULES / "echarts" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/echarts", NODE_MODULES / "echarts" / "dist"))
if (NODE_MODULES / "swagger-ui-dist").is_dir():  # the open API's /api/docs
    STATICFILES_DIRS.append(("vendor/swagger-ui", NODE_MODULES / "swagger-ui-dist"))
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded screening data sets (full personal data): keep on an encrypted disk, never served.
SCREENING_DATA_DIR = Path(os.environ.get("QINGFENG_SCREENING_DATA_DIR", VAR_DIR / "screening"))
# Largest upload of one data set (all its files), in bytes; shown on the upload form.
SCREENING_MAX_UPLOAD_BYTES = int(os.environ.get("QINGFENG_SCREENING_MAX_UPLOAD", 20 * 1024**3))
MEDIA_URL = "/media/"
# The audit chain's daily checkpoints, outside the database (audit/anchor.py); append-only.
QINGFENG_AUDIT_CHECKPOINTS = Path(
    os.environ.get("QINGFENG_AUDIT_CHECKPOINTS", VAR_DIR / "audit" / "checkpoints.txt")
)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if TESTING:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

EMAIL_BACKEND = os.environ.get(
    "QINGFENG_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

# Dotted path of the SMS backend (ledger/notify.py); unset means the console backend.
if os.environ.get("QINGFENG_SMS_BACKEND"):
    QINGFENG_SMS_BACKEND = os.environ["QINGFENG_SMS_BACKEND"]

# Shared by every process (rate limits, the 查询码 lockout): the database by default, Redis or
# Memcached by URL (core/cacheconf.py, docs/deploy.md).
CACHES = {"default": cache_config(os.environ.get("QINGFENG_CACHE_URL", ""))}
# With Redis or Memcached, residents' sessions live in that cache only and signed-in ones in the
# database too (core/sessionstore.py); otherwise every session is a database row.
SESSION_ENGINE = session_engine(os.environ.get("QINGFENG_CACHE_URL", ""))
# Public pages (village, powers, disclosure lists) kept in that cache, per village and variant
# (language, elder mode), forgotten when something is published (core/pagecache.py); 0 = off.
QINGFENG_PAGE_CACHE_SECONDS = int(os.environ.get("QINGFENG_PAGE_CACHE_SECONDS", "600"))

# Personal data never reaches logs: the PII value type renders masked (see core/pii.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # ID and mobile numbers in any message are masked before a line is written (core/redact.py).
    "filters": {"redact": {"()": "qingfeng.core.redact.RedactingFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("QINGFENG_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # 4xx lines carry request paths only; keep them out of the log to keep it quiet.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Roles whose users must enrol in TOTP at first login (county level).
QINGFENG_TOTP_REQUIRED = not env_bool("QINGFENG_DISABLE_TOTP")

QINGFENG_SITE_NAME = _("Qingfeng micro-power supervision")
