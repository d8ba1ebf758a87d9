"""Kabeuchi settings: the only module that reads the environment.

Every knob is an environment variable with a strict parser, so a typo fails at start-up
instead of silently running with a default.  Two deployment modes exist:

* ``local`` (the default): one machine, SQLite, the embedded guide engine, plain HTTP on
  127.0.0.1.  ``kabeuchi demo`` runs this.
* ``production``: secrets must come from the environment, HTTPS-only cookies, HSTS,
  SSL redirect, and ``kabeuchi check --deploy`` must pass.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    try:
        value = default if raw in (None, "") else int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEPLOYMENT = env_str("KABEUCHI_DEPLOYMENT", "local")
if DEPLOYMENT not in {"local", "production"}:
    raise ImproperlyConfigured("KABEUCHI_DEPLOYMENT must be 'local' or 'production'.")
PRODUCTION = DEPLOYMENT == "production"

# Where the embedded default keeps its database and generated secrets.  Never tracked by git.
DATA_DIR = Path(env_str("KABEUCHI_DATA_DIR", str(BASE_DIR / "var")))


def _local_secret(filename: str, factory) -> str:
    """Read a generated secret from DATA_DIR, creating it with 0600 permissions on first use."""
    path = DATA_DIR / filename
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(factory())
    return path.read_text().strip()


DEBUG = env_bool("KABEUCHI_DEBUG", False)

if PRODUCTION:
    SECRET_KEY = env_str("KABEUCHI_SECRET_KEY")
    ALLOWED_HOSTS = env_list("KABEUCHI_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set KABEUCHI_ALLOWED_HOSTS in production.")
else:
    SECRET_KEY = os.environ.get("KABEUCHI_SECRET_KEY") or _local_secret(
        "secret.key", lambda: secrets.token_urlsafe(64)
    )
    ALLOWED_HOSTS = env_list("KABEUCHI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# The master key (key-encryption key) wraps every person's data key.  Either the value itself
# or a file holding it.  Format: "<key id>:<urlsafe base64 of 32 bytes>", several separated by
# commas; the first one wraps new data keys, every listed one can unwrap (rotation).
MASTER_KEY = os.environ.get("KABEUCHI_MASTER_KEY", "")
MASTER_KEY_FILE = os.environ.get("KABEUCHI_MASTER_KEY_FILE", "")
if not MASTER_KEY and not MASTER_KEY_FILE and not PRODUCTION:
    MASTER_KEY_FILE = str(DATA_DIR / "master.key")
if PRODUCTION and not (MASTER_KEY or MASTER_KEY_FILE):
    raise ImproperlyConfigured("Set KABEUCHI_MASTER_KEY or KABEUCHI_MASTER_KEY_FILE in production.")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "kabeuchi.core",
    "kabeuchi.vault",
    "kabeuchi.accounts",
    "kabeuchi.notebook",
    "kabeuchi.coach",
    "kabeuchi.org",
    "kabeuchi.opportunities",
    "kabeuchi.oneonone",
]

MIDDLEWARE = [
    "kabeuchi.core.middleware.HealthProbeMiddleware",  # first: probes touch no session (operations.md)
    "kabeuchi.core.middleware.CredentialFreeMiddleware",  # the feedback spend path sees no cookie or token
    "django.middleware.security.SecurityMiddleware",
    # The security headers next, above everything that can answer early (static files, redirects,
    # refusals, the outage page), so every response passes through them (kabeuchi/core/headers.py).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kabeuchi.core.headers.PermissionsPolicyMiddleware",
    "kabeuchi.core.middleware.PrivateCacheMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kabeuchi.vault.middleware.ActorMiddleware",
    "kabeuchi.accounts.middleware.OnboardingMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with remembered answers (kabeuchi/core/templatetags/reversal.py)
            "builtins": ["kabeuchi.core.templatetags.reversal"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
        },
    }
]

# How long a request may wait on the database before the person is told it is unavailable
# (a polite 503, kabeuchi/core/outage.py) instead of hanging.  0 turns a timeout off, e.g.
# KABEUCHI_DB_STATEMENT_TIMEOUT_MS=0 for a long `kabeuchi migrate`.
# Sync views and the ORM run on this many long-lived threads per server process
# (kabeuchi/core/serving.py; docs/architecture.md, "Serving sync pages").
KABEUCHI_SYNC_THREADS = env_int("KABEUCHI_SYNC_THREADS", 2, minimum=1, maximum=64)
DB_CONNECT_TIMEOUT = env_int("KABEUCHI_DB_CONNECT_TIMEOUT", 5, minimum=1, maximum=60)  # seconds
DB_STATEMENT_TIMEOUT_MS = env_int("KABEUCHI_DB_STATEMENT_TIMEOUT_MS", 30000, minimum=0)


def _database(url: str) -> dict:
    config = dj_database_url.parse(
        url,
        # Kept for 10 minutes: the sync threads live as long as the process (serving.py), so a
        # connection opened by one request serves the next ones on its thread.
        conn_max_age=env_int("KABEUCHI_DB_CONN_MAX_AGE", 600, minimum=0),
        # A kept connection broken by a database restart is replaced at the next request,
        # instead of failing it.
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
        if DB_STATEMENT_TIMEOUT_MS:
            options.setdefault("options", f"-c statement_timeout={DB_STATEMENT_TIMEOUT_MS}")
    return config


DATABASES = {"default": _database(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'kabeuchi.sqlite3'}"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the page and the background jobs read while one writes.
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions live in the database, whatever the cache: a Redis blip used to read every session
# as empty and delete its cookie, signing everyone out.  Not "cached_db" either: a sign-out
# during a Redis outage deletes the row but cannot delete the cached copy, which would sign
# the person back in when Redis returns.  One primary-key lookup per request is cheap.
# kabeuchi.accounts.sessions is Django's database backend with the row keyed by a hash of the
# cookie, the data sealed under a key derived from the cookie and only a coarse expiry in clear,
# so the table is no sign-in history (docs/privacy.md P8).
SESSION_ENGINE = "kabeuchi.accounts.sessions"
SESSION_SAVE_EVERY_REQUEST = False  # a session rewritten on every request would keep a "last active" day
REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis is only an accelerator (login-throttling counters); kabeuchi/core/cache.py falls back
# to an in-process cache while it is unreachable, so these timeouts bound the wait per attempt.
REDIS_TIMEOUT_MS = env_int("KABEUCHI_REDIS_TIMEOUT_MS", 500, minimum=50, maximum=10000)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kabeuchi.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_MS / 1000,
                "socket_timeout": REDIS_TIMEOUT_MS / 1000,
                "health_check_interval": 30,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling (django-axes).  Attempts live in the cache, never in the database, and
# successful sign-ins are not logged: a table of who signed in when would be a usage record.
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("KABEUCHI_LOGIN_FAILURE_LIMIT", 5, minimum=3)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_LOCKOUT_CALLABLE = "kabeuchi.accounts.views.login_locked_out"
AXES_USERNAME_FORM_FIELD = "username"
AXES_VERBOSE = False

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("KABEUCHI_STATIC_ROOT", str(DATA_DIR / "staticfiles")))
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
SERVESTATIC_USE_FINDERS = not PRODUCTION  # local runs serve straight from the source folders
SERVESTATIC_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "servestatic.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security headers.  No third-party origin anywhere: htmx and our CSS/JS are served by us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Django 5.2 has no setting for these two (kabeuchi.core.headers.PermissionsPolicyMiddleware).
# Every powerful browser feature off: Kabeuchi uses none of them, and no embedded content may.
KABEUCHI_PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
        "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi",
        "payment", "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial",
        "usb", "xr-spatial-tracking",
    )
)
KABEUCHI_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("KABEUCHI_SESSION_SECONDS", 8 * 3600, minimum=300)
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "kabeuchi.core.views.csrf_failure"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("KABEUCHI_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("KABEUCHI_BEHIND_PROXY", True) else None
    SECURE_HSTS_SECONDS = env_int("KABEUCHI_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("KABEUCHI_CSRF_TRUSTED_ORIGINS")

# Request bodies can hold what a person wrote: keep them out of error reports entirely.
DEFAULT_EXCEPTION_REPORTER_FILTER = "kabeuchi.core.logging.PrivateExceptionReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private": {"()": "kabeuchi.core.logging.DropRequestBodies"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["private"]},
    },
    "root": {"handlers": ["console"], "level": env_str("KABEUCHI_LOG_LEVEL", "INFO")},
    "loggers": {
        # The request logger would print URLs of failed requests; they can carry share tokens.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"level": "WARNING"},
        # The HTTP client would log every request to the model server; the URL says nothing
        # about a person, but it is noise.
        "httpx2": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}

# --- Kabeuchi's own policy knobs.  The data guideline page renders these very values. ---
# Anonymity threshold: no organisation-level figure covers fewer than k people.
KABEUCHI_K_DEFAULT = env_int("KABEUCHI_K_DEFAULT", 10, minimum=5)
KABEUCHI_K_MINIMUM = 5  # a hard floor, not configurable: the rule, not a setting
# Differential-privacy budget for an organisation's released aggregates, per month (privacy unit:
# one person over one calendar month).  Releases that would exceed it are refused.
KABEUCHI_DP_EPSILON_PER_MONTH = 1.0  # a ceiling, not configurable upward
# The longest any private content may be kept, in days.  Organisations may set less.
KABEUCHI_MAX_RETENTION_DAYS = env_int("KABEUCHI_MAX_RETENTION_DAYS", 365, minimum=30, maximum=3650)
KABEUCHI_RETENTION_CHOICES = [0, 30, 90, 365]  # 0 means "do not save"
# Anyone may sign up and use Kabeuchi as an individual, without an organisation.
KABEUCHI_OPEN_SIGNUP = env_bool("KABEUCHI_OPEN_SIGNUP", True)
KABEUCHI_INVITATION_DAYS = env_int("KABEUCHI_INVITATION_DAYS", 14, minimum=1, maximum=90)
# Where AI processing happens; shown on the data guideline.
KABEUCHI_AI_ENGINE = env_str("KABEUCHI_AI_ENGINE", "guide")
KABEUCHI_AI_PROCESSING_LOCATION = env_str("KABEUCHI_AI_PROCESSING_LOCATION", "")
# Maximum length of one piece of free text a person writes (characters).
KABEUCHI_MAX_TEXT_CHARS = env_int("KABEUCHI_MAX_TEXT_CHARS", 20000, minimum=1000)

# Data keys in a database of their own (recommended in production; see docs/privacy.md).
if os.environ.get("KABEUCHI_KEYS_DATABASE_URL"):
    DATABASES["keys"] = _database(os.environ["KABEUCHI_KEYS_DATABASE_URL"])
    DATABASE_ROUTERS = ["kabeuchi.vault.router.KeysRouter"]

if not REDIS_URL and not PRODUCTION:
    # One local process: the in-memory cache is the whole truth, which is what axes needs.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# --- The AI sounding board (kabeuchi.coach) ---
# "guide" (embedded, no model), "openai" (any OpenAI-compatible server), or a dotted path.
KABEUCHI_AI_BASE_URL = env_str("KABEUCHI_AI_BASE_URL", "")
KABEUCHI_AI_MODEL = env_str("KABEUCHI_AI_MODEL", "")
KABEUCHI_AI_API_KEY = env_str("KABEUCHI_AI_API_KEY", "")
# Optional embeddings for programme matching: any OpenAI-compatible /v1/embeddings server.
KABEUCHI_EMBEDDINGS_BASE_URL = env_str("KABEUCHI_EMBEDDINGS_BASE_URL", "")
KABEUCHI_EMBEDDINGS_MODEL = env_str("KABEUCHI_EMBEDDINGS_MODEL", "")
KABEUCHI_EMBEDDINGS_API_KEY = env_str("KABEUCHI_EMBEDDINGS_API_KEY", "")
KABEUCHI_AI_CONNECT_TIMEOUT = float(env_str("KABEUCHI_AI_CONNECT_TIMEOUT", "5"))
KABEUCHI_AI_READ_TIMEOUT = float(env_str("KABEUCHI_AI_READ_TIMEOUT", "60"))
KABEUCHI_AI_MAX_TURNS = env_int("KABEUCHI_AI_MAX_TURNS", 8, minimum=2, maximum=64)
# The model's context size in tokens (llama.cpp's --ctx-size, vLLM's --max-model-len): every
# request is fitted into it (kabeuchi/coach/context.py).  The reply budget (max_tokens of a
# reply) is KABEUCHI_AI_REPLY_TOKENS, or 0 for automatic: 800 or a fifth of the context.
KABEUCHI_AI_CONTEXT_TOKENS = env_int("KABEUCHI_AI_CONTEXT_TOKENS", 8192, minimum=512, maximum=10_000_000)
KABEUCHI_AI_REPLY_TOKENS = env_int(
    "KABEUCHI_AI_REPLY_TOKENS", 0, minimum=0, maximum=max(16, KABEUCHI_AI_CONTEXT_TOKENS // 2)
)
if 0 < KABEUCHI_AI_REPLY_TOKENS < 16:
    raise ImproperlyConfigured("KABEUCHI_AI_REPLY_TOKENS must be 0 (automatic) or at least 16.")
# When the model server fails, let the guide answer instead (the person is told).
KABEUCHI_AI_FALLBACK_TO_GUIDE = env_bool("KABEUCHI_AI_FALLBACK_TO_GUIDE", True)
# With a model engine, ask the model too whether a message shows crisis, harassment or health
# trouble (it can add a signal, never remove one; kabeuchi/coach/safety_second_opinion.py).
KABEUCHI_SAFETY_SECOND_OPINION = env_bool("KABEUCHI_SAFETY_SECOND_OPINION", False)
# Whether the model server is outside the company's own infrastructure: then names, e-mail
# addresses, phone numbers and employee IDs are replaced before text leaves (per organisation
# this can be changed by its admin).
KABEUCHI_AI_EXTERNAL = env_bool("KABEUCHI_AI_EXTERNAL", False)
# While a reply stream waits (a slow model before its first word, or between words), an SSE
# comment goes out this often so proxies do not cut the idle connection; 0 turns it off.
KABEUCHI_SSE_KEEPALIVE_SECONDS = float(env_str("KABEUCHI_SSE_KEEPALIVE_SECONDS", "15"))
if KABEUCHI_SSE_KEEPALIVE_SECONDS < 0:
    raise ImproperlyConfigured("KABEUCHI_SSE_KEEPALIVE_SECONDS must be 0 (off) or more.")
# The retention purge is due this many seconds after its last run (kabeuchi/core/scheduler.py;
# `kabeuchi run_jobs` from cron, or the thread of `kabeuchi demo`, runs it when due).
KABEUCHI_PURGE_INTERVAL_SECONDS = env_int("KABEUCHI_PURGE_INTERVAL_SECONDS", 3600, minimum=10)

# --- Request limits and throttling (issue 12).  Kept together here, apart from the blocks
# above, so merges stay easy; docs/operations.md ("Limits") explains each value. ---
# The largest request body read at all (config/asgi.py: kabeuchi.core.lean.BodyCap refuses a
# larger one with 413 while it streams).  Room for the 5 MB programme import plus its multipart
# envelope; nothing else comes near it.
KABEUCHI_MAX_REQUEST_BYTES = env_int("KABEUCHI_MAX_REQUEST_BYTES", 6 * 1024 * 1024, minimum=1024 * 1024)
# Non-file form and JSON bodies Django will hold in memory; files up to the cap stay in memory
# too, so an upload is never written to a temporary file on disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = KABEUCHI_MAX_REQUEST_BYTES
# Password checks (sign-in, password change, account deletion: kabeuchi/accounts/throttling.py),
# failures per 15 minutes for one account from anywhere and from one address across accounts,
# and per 5 minutes across the whole service.  django-axes above still locks one address tried
# from one place after AXES_FAILURE_LIMIT failures.
KABEUCHI_PASSWORD_FAILURES_PER_ACCOUNT = env_int("KABEUCHI_PASSWORD_FAILURES_PER_ACCOUNT", 10, minimum=3)
KABEUCHI_PASSWORD_FAILURES_PER_IP = env_int("KABEUCHI_PASSWORD_FAILURES_PER_IP", 50, minimum=5)
KABEUCHI_PASSWORD_FAILURES_GLOBAL = env_int("KABEUCHI_PASSWORD_FAILURES_GLOBAL", 500, minimum=50)
# API requests per minute: per person (session and tokens together), per token, and requests
# with an unknown token per address.
KABEUCHI_API_RATE_PER_MINUTE = env_int("KABEUCHI_API_RATE_PER_MINUTE", 300, minimum=10)
KABEUCHI_API_TOKEN_RATE_PER_MINUTE = env_int("KABEUCHI_API_TOKEN_RATE_PER_MINUTE", 120, minimum=10)
KABEUCHI_API_BAD_TOKENS_PER_MINUTE = env_int("KABEUCHI_API_BAD_TOKENS_PER_MINUTE", 20, minimum=5)
# The client address is REMOTE_ADDR only, which uvicorn's --forwarded-allow-ips sets from
# X-Forwarded-For for trusted proxies (docs/operations.md); axes and ninja must not read the
# header themselves, or a client could pick a fresh address for every attempt.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
NINJA_NUM_PROXIES = 0
# Argon2 at 19 MiB per check (t=2, p=1), at most this many checks at once per process; see
# kabeuchi/accounts/hashers.py and docs/operations.md ("Password hashing").
PASSWORD_HASHERS = [
    "kabeuchi.accounts.hashers.BoundedArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
KABEUCHI_PASSWORD_HASH_CONCURRENCY = env_int("KABEUCHI_PASSWORD_HASH_CONCURRENCY", 2, minimum=1, maximum=64)

# --- E-mail (issue 13): sign-up links, password reset.  Only this module reads the environment.
# With no KABEUCHI_EMAIL_HOST the embedded default writes each mail as a file under
# DATA_DIR/mail/ (Django's file backend), and `kabeuchi demo` prints that folder; production
# sends through SMTP (docs/operations.md, "E-mail").  Mails carry links and fixed wording only,
# never anything a person wrote.
EMAIL_HOST = env_str("KABEUCHI_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("KABEUCHI_EMAIL_PORT", 587, minimum=1, maximum=65535)
    EMAIL_HOST_USER = env_str("KABEUCHI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("KABEUCHI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("KABEUCHI_EMAIL_STARTTLS", EMAIL_PORT != 465)
    EMAIL_USE_SSL = env_bool("KABEUCHI_EMAIL_SSL", EMAIL_PORT == 465)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("Set only one of KABEUCHI_EMAIL_STARTTLS and KABEUCHI_EMAIL_SSL.")
    EMAIL_TIMEOUT = env_int("KABEUCHI_EMAIL_TIMEOUT", 10, minimum=1, maximum=120)
else:
    if PRODUCTION and not env_bool("KABEUCHI_EMAIL_TO_FILES", False):
        raise ImproperlyConfigured(
            "Set KABEUCHI_EMAIL_HOST (SMTP) in production, or KABEUCHI_EMAIL_TO_FILES=true to write mails to files."
        )
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(Path(env_str("KABEUCHI_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))))
DEFAULT_FROM_EMAIL = env_str("KABEUCHI_EMAIL_FROM", "Kabeuchi <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = ""
# How long a sign-up link and a password-reset link work (seconds).
# Single sign-on (OpenID Connect, kabeuchi/accounts/sso.py): how long to wait for the provider,
# and whether its issuer must be https (always in production; a local provider may be http).
KABEUCHI_SSO_TIMEOUT_SECONDS = env_int("KABEUCHI_SSO_TIMEOUT_SECONDS", 10, minimum=1, maximum=60)
KABEUCHI_SSO_REQUIRE_HTTPS = PRODUCTION
KABEUCHI_SIGNUP_LINK_SECONDS = env_int("KABEUCHI_SIGNUP_LINK_SECONDS", 24 * 3600, minimum=600, maximum=7 * 24 * 3600)
PASSWORD_RESET_TIMEOUT = env_int("KABEUCHI_PASSWORD_RESET_SECONDS", 3600, minimum=600, maximum=3 * 24 * 3600)
# A request that sends a mail answers no sooner than this (milliseconds), so which mail it sent
# does not show in the time it took (kabeuchi/accounts/views.py, _at_the_floor).
KABEUCHI_MAIL_RESPONSE_FLOOR_MS = env_int("KABEUCHI_MAIL_RESPONSE_FLOOR_MS", 250, minimum=0, maximum=5000)
# Requests that send a mail (sign-up, password reset), per 15 minutes for one address and for one
# client address, and per 5 minutes across the service (kabeuchi/accounts/throttling.py).  The
# same for addresses with and without an account, so a refusal tells nothing either.
KABEUCHI_MAIL_REQUESTS_PER_ADDRESS = env_int("KABEUCHI_MAIL_REQUESTS_PER_ADDRESS", 3, minimum=1)
KABEUCHI_MAIL_REQUESTS_PER_IP = env_int("KABEUCHI_MAIL_REQUESTS_PER_IP", 30, minimum=3)
KABEUCHI_MAIL_REQUESTS_GLOBAL = env_int("KABEUCHI_MAIL_REQUESTS_GLOBAL", 500, minimum=20)
# Content-free notices to a 1on1 share's recipient (chosen per share), per person who shares, per
# 15 minutes; past it the share is made without the mail and the person is told.
KABEUCHI_SHARE_NOTICES_PER_PERSON = env_int("KABEUCHI_SHARE_NOTICES_PER_PERSON", 10, minimum=1)
