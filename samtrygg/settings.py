"""Samtrygg settings. Everything that differs between machines comes from the environment;
the defaults give a development setup on SQLite that needs nothing installed."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Reference and demo data (boundaries, police feed) live outside the repository.
DATA_DIR = Path(os.environ.get("SAMTRYGG_DATA_DIR", BASE_DIR.parent / "shared" / "data"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "samtrygg",
    "tenancy",
    "accounts",
    "audit",
    "areas",
    "incidents",
    "policedata",
    "lagesbild",
    "focusareas",
    "agreements",
    "promises",
    "forums",
    "statusreports",
    "yearcycle",
    "actionplans",
    "reports",
    "privacy",
    "walks",
    "tips",
    "majorevents",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CSP, Permissions-Policy, no-store for signed-in users: outside the rest, so their early
    # answers (400, 403) get the headers too; static files (WhiteNoise) do not.
    "samtrygg.headers.SecurityHeadersMiddleware",
    "samtrygg.inputs.InputBoundaryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "samtrygg.urls"
WSGI_APPLICATION = "samtrygg.wsgi.application"

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
                "tenancy.context_processors.municipalities",
                "samtrygg.context_processors.map_settings",
            ],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Persistent connections: each worker (or gthread thread) keeps its connection DB_CONN_MAX_AGE
# seconds instead of connecting per request; the health check drops one the server has closed.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server write without blocking each other.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after failed sign-ins (passwords and one-time codes, web and API alike), counted over a
# sliding window (accounts/services.py): per user name from one address, per address over all
# names, and per user name over all addresses (a much larger bound against spread-out guessing).
LOGIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", "15"))
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_MAX_FAILURES_PER_IP = int(os.environ.get("LOGIN_MAX_FAILURES_PER_IP", "30"))
LOGIN_MAX_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ACCOUNT", "50"))
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))

LANGUAGE_CODE = "sv"
# Swedish only until an English catalogue exists: with English offered, a browser asking for it got
# Swedish text with English month and weekday names from Django's date formats.
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Uploaded meeting papers. Never served directly: a view checks the reader's forum access.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"  # unused: papers are served by forums.views.paper
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samtrygg@localhost")
# The client's address (samtrygg/clientip.py), for the sign-in lockout and the tip form's rate
# limits: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the entry that many places from
# the right of CLIENT_IP_HEADER (default HTTP_X_FORWARDED_FOR). Setting only the header (the older
# setting) means one proxy. See README, "Security headers and sign-in lockout".
CLIENT_IP_HEADER = os.environ.get("SAMTRYGG_CLIENT_IP_HEADER", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("SAMTRYGG_TRUSTED_PROXY_COUNT", "0"))
# The address people reach Samtrygg at, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# major events: minutes from opening within which the other party is to acknowledge (MSB's WIS)
MAJOR_EVENT_FIRST_CONTACT_MINUTES = int(os.environ.get("MAJOR_EVENT_FIRST_CONTACT_MINUTES", "30"))

# Map tiles: any XYZ tile server; the pages work (markers, areas) without tiles too.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap")

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The police feed import (policedata/feed.py): the bound on one file (unpacked) and on the events
# of one import; a real month of the national feed is ~0.75 MB and ~2,000 events.
POLICE_IMPORT_MAX_BYTES = int(os.environ.get("POLICE_IMPORT_MAX_BYTES", str(32 * 1024 * 1024)))
POLICE_IMPORT_MAX_EVENTS = int(os.environ.get("POLICE_IMPORT_MAX_EVENTS", "100000"))

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The police feed fetcher (policedata.fetch; cron */10 * * * * manage.py fetch_police_events).
POLICE_FEED_URL = os.environ.get("POLICE_FEED_URL", "https://polisen.se/api/events")
POLICE_FEED_ALL_MUNICIPALITIES = env_bool("POLICE_FEED_ALL_MUNICIPALITIES", False)
POLICE_FEED_TIMEOUT = int(os.environ.get("POLICE_FEED_TIMEOUT", "20"))  # seconds per request
POLICE_FEED_CATCHUP_DAYS = int(os.environ.get("POLICE_FEED_CATCHUP_DAYS", "7"))
POLICE_FEED_CATCHUP_AFTER_HOURS = 24  # a last success older than this: also fetch each missed day
POLICE_FEED_BACKOFF_AFTER = 3  # failures in a row before runs are skipped
POLICE_FEED_BACKOFF_MINUTES = 10  # then wait 10, 20, 40 … minutes after the last failure
POLICE_FEED_BACKOFF_MAX_MINUTES = 360
POLICE_FEED_FRESH_HOURS = 24  # a success this recent carries the lägesbild's police coverage
POLICE_FEED_KEEP_RUNS = 1000
