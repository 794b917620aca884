"""WowDesk settings: one module, every deployment knob read from the environment.

Defaults give a working local install on SQLite; production sets
``WOWDESK_SECRET_KEY``, ``DATABASE_URL`` (PostgreSQL) and ``WOWDESK_DEBUG=0``.
"""

from __future__ import annotations

from pathlib import Path

from wowdesk.lib.env import env_bool, env_int, env_list, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("WOWDESK_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("WOWDESK_DEBUG", False)
# A fixed key is only acceptable for DEBUG installs; production must set one.
SECRET_KEY = env_str("WOWDESK_SECRET_KEY", "dev-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("WOWDESK_SECRET_KEY must be set when WOWDESK_DEBUG is off")

ALLOWED_HOSTS = env_list("WOWDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("WOWDESK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_tasks_db",
    "wowdesk.core",
    "wowdesk.accounts",
    "wowdesk.customers",
    "wowdesk.orders",
    "wowdesk.conversations",
    "wowdesk.search",
    "wowdesk.scheduling",
    "wowdesk.demo",
    "wowdesk.gestures",
    "wowdesk.mail",
    "wowdesk.contact",
    "wowdesk.social",
    "wowdesk.cards",
    "wowdesk.recognition",
    "wowdesk.legends",
    "wowdesk.happiness",
    "wowdesk.onboarding",
    "wowdesk.rounds",
    "wowdesk.hiring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Login is the default; public pages opt out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "wowdesk.config.urls"
WSGI_APPLICATION = "wowdesk.config.wsgi.application"

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
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wowdesk.sqlite3'}")
    db = parse_database_url(url)
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # SQLite creates the file but not its folder.
        Path(str(db["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers run beside the single writer; IMMEDIATE takes the
        # write lock at BEGIN so concurrent writers queue on busy_timeout
        # instead of failing with "database is locked" mid-transaction.
        db["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA cache_size=-65536;"
                "PRAGMA mmap_size=268435456;"
            ),
        }
    else:
        db["CONN_MAX_AGE"] = env_int("WOWDESK_DB_CONN_MAX_AGE", 60)
        db["CONN_HEALTH_CHECKS"] = True
        # Pages run small, index-driven queries. PostgreSQL overestimates full-text matches and then
        # starts parallel workers, which costs ~10 ms per query to save nothing; dashboards read
        # rollups. Raise it for reporting connections if you need to.
        parallel = env_int("WOWDESK_PG_PARALLEL_WORKERS", 0)
        # For the same overestimates PostgreSQL would JIT-compile a 40 ms search for half a second
        # (measured at a million conversations); no page query runs long enough to gain from JIT.
        jit = "on" if env_bool("WOWDESK_PG_JIT", False) else "off"
        options = dict(db.get("OPTIONS") or {})  # type: ignore[call-overload]
        flags = f"-c max_parallel_workers_per_gather={parallel} -c jit={jit}"
        options["options"] = f"{options.get('options', '')} {flags}".strip()
        db["OPTIONS"] = options
    db["ATOMIC_REQUESTS"] = False
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "conversations:inbox"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("WOWDESK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages are installed from the npm registry by `npm ci`;
    # only their dist folders are exposed, under a "vendor/" prefix.
    ("vendor/htmx", PROJECT_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", PROJECT_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    # Uploads go through the storage API so an object store can replace disk.
    "default": {"BACKEND": env_str("WOWDESK_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions live in the database so any web process can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("WOWDESK_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

TASKS = {
    "default": {
        "BACKEND": env_str("WOWDESK_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}


def _mailer() -> dict[str, object]:
    backend = env_str("WOWDESK_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    if not backend.endswith("smtp.EmailBackend"):
        return {"BACKEND": backend}  # locmem/console take no connection options
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "host": env_str("WOWDESK_EMAIL_HOST", "127.0.0.1"),
            "port": env_int("WOWDESK_EMAIL_PORT", 1025),
            "username": env_str("WOWDESK_EMAIL_USER", ""),
            "password": env_str("WOWDESK_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("WOWDESK_EMAIL_TLS", False),
            "timeout": 30,
        },
    }


MAILERS = {"default": _mailer()}
DEFAULT_FROM_EMAIL = env_str("WOWDESK_FROM_EMAIL", "WowDesk <help@wowdesk.localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("WOWDESK_LOG_LEVEL", "INFO")},
}

# Page size for every paginated list, web and API alike.
WOWDESK_PAGE_SIZE = env_int("WOWDESK_PAGE_SIZE", 25)
WOWDESK_API_MAX_PAGE_SIZE = 100

# Email channel (wowdesk.mail), contact form and social mentions.
# Keys for encrypting stored secrets (IMAP passwords): comma-separated Fernet
# keys, newest first; empty derives one key from SECRET_KEY.
WOWDESK_ENCRYPTION_KEYS = env_list("WOWDESK_ENCRYPTION_KEYS", [])
WOWDESK_MAIL_MAX_MESSAGE_BYTES = env_int("WOWDESK_MAIL_MAX_MESSAGE_BYTES", 50 * 1024 * 1024)
WOWDESK_MAIL_MAX_ATTACHMENT_BYTES = env_int("WOWDESK_MAIL_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
WOWDESK_MAIL_MAX_PARTS = env_int("WOWDESK_MAIL_MAX_PARTS", 200)
WOWDESK_MAIL_MAX_ATTEMPTS = env_int("WOWDESK_MAIL_MAX_ATTEMPTS", 8)
WOWDESK_CONTACT_LIMIT_PER_IP = env_int("WOWDESK_CONTACT_LIMIT_PER_IP", 5)
WOWDESK_CONTACT_LIMIT_PER_EMAIL = env_int("WOWDESK_CONTACT_LIMIT_PER_EMAIL", 3)
# How many reverse proxies in front of WowDesk append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
WOWDESK_PROXY_COUNT = env_int("WOWDESK_PROXY_COUNT", 0)
# Cards: the largest drawing accepted (PNG bytes), and the TrueType font card PDFs are set in.
WOWDESK_CARD_DRAWING_MAX_BYTES = env_int("WOWDESK_CARD_DRAWING_MAX_BYTES", 1_000_000)
WOWDESK_CARD_FONT = env_str("WOWDESK_CARD_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Legends: a call at least this long is proposed as a story; consent links last this many days;
# the largest clip (video or audio) accepted. Links in their emails use WOWDESK_PUBLIC_URL below.
WOWDESK_LEGEND_LONG_CALL_MINUTES = env_int("WOWDESK_LEGEND_LONG_CALL_MINUTES", 180)
WOWDESK_LEGEND_CONSENT_DAYS = env_int("WOWDESK_LEGEND_CONSENT_DAYS", 14)
WOWDESK_LEGEND_CLIP_MAX_BYTES = env_int("WOWDESK_LEGEND_CLIP_MAX_BYTES", 50 * 1024 * 1024)

# The public address links in emails point at (survey links, legend consent links), without a trailing slash.
WOWDESK_PUBLIC_URL = env_str("WOWDESK_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# A customer asked for a grade is not asked again for this many days; a survey link works this many days.
WOWDESK_SURVEY_COOLDOWN_DAYS = env_int("WOWDESK_SURVEY_COOLDOWN_DAYS", 14)
WOWDESK_SURVEY_LINK_DAYS = env_int("WOWDESK_SURVEY_LINK_DAYS", 30)
# Also ask for a grade when a phone call ends (not only when the conversation is resolved).
WOWDESK_SURVEY_AFTER_CALLS = env_bool("WOWDESK_SURVEY_AFTER_CALLS", False)

# Everyday rounds: the day's round is generated from this local hour on working days (ISO weekdays, 1 = Monday).
WOWDESK_ROUNDS_HOUR = env_int("WOWDESK_ROUNDS_HOUR", 7)
WOWDESK_ROUNDS_DAYS = env_list("WOWDESK_ROUNDS_DAYS", ["1", "2", "3", "4", "5", "6", "7"])
