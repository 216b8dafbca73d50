"""Sebaya's one settings module.

Development and production differ by environment values, not by code paths:
every knob below reads an environment variable (see the table in README.md).
Secrets may also come from a file named by ``<NAME>_FILE``, which is how
container orchestrators hand them over.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Return the variable ``name``, or the contents of the file ``name_FILE``, or ``default``."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: str) -> bool:
    """Read a yes/no variable; anything but a clear "yes" is false."""
    return env(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(env(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("SEBAYA_DEBUG", "false")

# In development a fixed, obviously unsafe key keeps sessions valid across restarts;
# production must set a real one, and refuses to start without it.
SECRET_KEY = env("SEBAYA_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("Set SEBAYA_SECRET_KEY (or SEBAYA_DEBUG=true for local development).")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = envlist("SEBAYA_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("SEBAYA_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env("SEBAYA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "sebaya.core",
    "sebaya.accounts",
    "sebaya.communities",
    "sebaya.skills",
    "sebaya.venues",
    "sebaya.meetups",
    "sebaya.notifications",
    "sebaya.calendars",
    "sebaya.planning",
    "sebaya.audit",
    "sebaya.materials",
    "sebaya.moderation",
    "sebaya.search",
    "sebaya.discussions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sebaya.core.ratelimits.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sebaya.accounts.middleware.UserLocaleMiddleware",
    "sebaya.core.middleware.NullCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sebaya.core.ratelimits.RateLimitMiddleware",
    # Axes must come last so that it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sebaya.notifications.context_processors.unread",
            ],
        },
    },
]

DATA_DIR = Path(env("SEBAYA_DATA_DIR", str(BASE_DIR / "var")))
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sebaya.sqlite3'}"),
        conn_max_age=envint("SEBAYA_DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; IMMEDIATE
    # transactions take the write lock up front, so that concurrent writers queue
    # instead of failing with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sebaya.accounts.backends.EmailOrUsernameBackend",
]
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Lock an account-and-address pair out after repeated failures.
AXES_FAILURE_LIMIT = envint("SEBAYA_AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("SEBAYA_TIME_ZONE", "Asia/Jakarta")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded materials: a local folder under SEBAYA_DATA_DIR by default, or an S3-compatible bucket
# (SEBAYA_STORAGE=s3, which needs `pip install -e ".[s3]"`). Files are never served from MEDIA_URL:
# every download goes through a view that checks who may see it and sets safe headers.
SEBAYA_STORAGE = env("SEBAYA_STORAGE", "local")
if SEBAYA_STORAGE == "s3":
    DEFAULT_STORAGE: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("SEBAYA_S3_BUCKET"),
            "endpoint_url": env("SEBAYA_S3_ENDPOINT_URL") or None,
            "region_name": env("SEBAYA_S3_REGION") or None,
            "access_key": env("SEBAYA_S3_ACCESS_KEY_ID"),
            "secret_key": env("SEBAYA_S3_SECRET_ACCESS_KEY"),
            "location": env("SEBAYA_S3_PREFIX", "sebaya"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif SEBAYA_STORAGE == "local":
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise RuntimeError("SEBAYA_STORAGE must be 'local' or 's3'.")
# Personal-data exports: outside MEDIA_ROOT (never served directly), readable by the server only.
SEBAYA_EXPORT_DIR = Path(env("SEBAYA_EXPORT_DIR", str(DATA_DIR / "exports")))
SEBAYA_EXPORT_DAYS = envint("SEBAYA_EXPORT_DAYS", "7")
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env(
    "SEBAYA_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("SEBAYA_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("SEBAYA_EMAIL_PORT", "587")
EMAIL_HOST_USER = env("SEBAYA_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("SEBAYA_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("SEBAYA_EMAIL_USE_TLS", "true")
DEFAULT_FROM_EMAIL = env("SEBAYA_DEFAULT_FROM_EMAIL", "Sebaya <noreply@sebaya.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env("SEBAYA_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Content Security Policy: only our own origin; the few inline scripts carry a nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

# Security headers. Behind a TLS-terminating proxy set SEBAYA_SECURE=true (the default
# outside DEBUG) so that cookies are HTTPS-only and HSTS is sent.
SECURE = envbool("SEBAYA_SECURE", "false" if DEBUG else "true")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("SEBAYA_BEHIND_PROXY", "false") else None
SECURE_SSL_REDIRECT = SECURE and envbool("SEBAYA_SSL_REDIRECT", "true")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = envint("SEBAYA_HSTS_SECONDS", "31536000") if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Sebaya-specific knobs.
SEBAYA_INVITE_DAYS = envint("SEBAYA_INVITE_DAYS", "14")
SEBAYA_GUARDIAN_CONFIRM_DAYS = envint("SEBAYA_GUARDIAN_CONFIRM_DAYS", "7")
# The largest material a member may upload, in megabytes.
SEBAYA_UPLOAD_MAX_MB = envint("SEBAYA_UPLOAD_MAX_MB", "25")
# A file past that limit is dropped while it arrives, before more of it is spooled to disk.
FILE_UPLOAD_HANDLERS = [
    "sebaya.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Rate limits ("count/period", period s, m, h or d, e.g. "10/h" or "30/10m"; empty turns one off).
# The counts live in a database cache table (created by a migration), so that every app server
# shares them without another service; set SEBAYA_CACHE_BACKEND and SEBAYA_CACHE_LOCATION to
# use memcached or Redis instead.
SEBAYA_RATE_LIMITS = {
    "signup": env("SEBAYA_RATE_SIGNUP", "10/h"),
    "login": env("SEBAYA_RATE_LOGIN", "30/10m"),
    "password_reset": env("SEBAYA_RATE_PASSWORD_RESET", "5/h"),
    "invite": env("SEBAYA_RATE_INVITE", "30/h"),
    "report": env("SEBAYA_RATE_REPORT", "10/h"),
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": env("SEBAYA_CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": env("SEBAYA_CACHE_LOCATION", "sebaya_rate_limits"),
    },
}
RATELIMIT_USE_CACHE = "ratelimit"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("SEBAYA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
