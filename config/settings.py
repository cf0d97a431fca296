"""Elternblog settings, read from the environment (see README, "Konfiguration")."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from config.editor import CKEDITOR_CONFIGS  # noqa: F401 (read by django-ckeditor)
from config.mailservice import mail_service_settings

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _dev_secret_key(path):
    """The development key, made once and then read by every process of every dev run.

    The web server signs nothing the task worker could not check and the other way round
    (confirmation links, sessions): a key per process would break them. Two processes
    starting at once race to create the file; the loser reads the winner's key.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        draft.write_text(get_random_secret_key())
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic, and refuses to replace a key already there
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY fehlt: Ohne DEBUG startet Elternblog nur mit einem geheimen Schlüssel "
            "in der Umgebungsvariablen SECRET_KEY."
        )
    SECRET_KEY = _dev_secret_key(BASE_DIR / "var" / "dev-secret-key")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.netloc:
    raise ImproperlyConfigured(f"SITE_URL muss eine http(s)-Adresse sein, nicht {SITE_URL!r}.")
SITE_IS_HTTPS = _site.scheme == "https"

INSTALLED_APPS = [
    "core.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # Before django_tasks_db: core's resilient `db_worker` replaces the library's (Django
    # takes a management command from the first app in this list that has it).
    "core",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "ckeditor",
    "ckeditor_uploader",
    "taggit",
    "reversion",
    "imagekit",
    "csp",
    "axes",
    "stats",
    "blog",
    "quotes",
    "newsletter",
]

MIDDLEWARE = [
    "core.middleware.ForwardedForMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Above sessions, CSRF and auth: a cached page costs no query (see core/cache.py). Above
    # the header middleware too: a page is kept with its headers, so a hit builds none anew.
    "core.cache.PageCacheMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.middleware.AreaCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "blog.wordpress.middleware.wordpress_query_redirect",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "POSTGRES_PREPARED_STATEMENTS", default=True
):
    # Server-side parameters let psycopg prepare a query the second time a connection runs
    # it, so PostgreSQL plans a page's queries once per connection, not on every request
    # (uncached article page: about 15 % more requests/s). A pooler in transaction mode
    # without prepared-statement support (PgBouncer before 1.21) needs this off.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=2
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache is shared by every process of one machine: diskcache keeps the entries
# in files indexed by SQLite, so a store costs the same with 50,000 pages as with 50 (Django's
# file cache lists its folder on every store: `make bench`, bench_cache). `diskcache://PATH`
# names its folder; any other CACHE_URL is django-environ's (redis://, dummycache://, …).
CACHE_URL = env.str("CACHE_URL", default=f"diskcache://{BASE_DIR / '.cache' / 'django'}")
if CACHE_URL.startswith("diskcache://"):
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.KeptOpenDiskCache",
            "LOCATION": CACHE_URL.removeprefix("diskcache://"),
            # Room for every page of a large blog, so culling never throws out hot pages.
            "OPTIONS": {"size_limit": 4 * 1024**3},
        }
    }
else:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
    CACHES["default"].setdefault("OPTIONS", {})
    if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        CACHES["default"]["OPTIONS"].setdefault("MAX_ENTRIES", 50_000)

# Full-page cache for anonymous visitors (core/cache.py); 0 turns it off. Every content
# change starts a new cache generation, so this is only an upper bound.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 * 60 * 24)
# How long browsers and a CDN may keep a public page without asking again.
PAGE_CACHE_PUBLIC_MAX_AGE = env.int("PAGE_CACHE_PUBLIC_MAX_AGE", default=60)
# Parts of pages (category links, related lists, tags, JSON-LD) kept for a page-cache miss,
# renewed with the same generations as whole pages (core.cache.for_generation); 0: off.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=60 * 60 * 24)
# Pages kept per search query too (the `q` parameter), like every page per page number.
PAGE_CACHE_SEARCH_PATHS = ("/suche/",)
# Never cached, besides the admin (ADMIN_URL): the outside world's and one-person pages.
PAGE_CACHE_SKIP_PREFIXES = (
    "/ckeditor/",
    "/healthz",
    "/media/",
    "/static/",
    "/newsletter/bestaetigen/",
    "/newsletter/abmelden/",
    "/anymail/",
)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Several machines: the tasks go to Redis through RQ (needs the "scale" extra): instead of
# `manage.py db_worker` run `manage.py rqworker default --with-scheduler --job-class
# django_tasks_rq.Job` (the scheduler runs deferred tasks, the job class runs django-tasks'
# tasks; without either nothing is sent). See docs/deploy.md.
TASKS_REDIS_URL = env.str("TASKS_REDIS_URL", default="")
# Always defined: django-imagekit sets up an RQ job at import whenever django-rq is installed.
RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL or "redis://127.0.0.1:6379/0"}}
if TASKS_REDIS_URL:
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

# WordPress import (admin upload): exports hold drafts and e-mail addresses, so they are kept
# outside MEDIA_ROOT, which is served publicly.
WORDPRESS_IMPORT_DIR = Path(
    env.str("WORDPRESS_IMPORT_DIR", default=str(BASE_DIR / "var" / "wordpress-import"))
)
# nginx's client_max_body_size for the upload page must allow as much (docs/deploy.md).
WORDPRESS_IMPORT_MAX_BYTES = env.int("WORDPRESS_IMPORT_MAX_BYTES", default=1024**3)
# `import_wordpress --fetch-media` never downloads from private, loopback or link-local
# addresses; tests serve the old site on loopback and turn this on.
WORDPRESS_FETCH_ALLOW_PRIVATE = env.bool("WORDPRESS_FETCH_ALLOW_PRIVATE", default=False)
# The link check (blog/linkprobe.py): seconds per request, requests at once, and whether it
# may ask loopback addresses (tests only; private and link-local ones stay refused).
LINK_CHECK_TIMEOUT = 5
LINK_CHECK_WORKERS = 8
LINK_CHECK_ALLOW_LOOPBACK = False

# Cookie-less reading statistics (stats app, README "Lesestatistik"); off: no script, no endpoint.
STATS = env.bool("STATS", default=True)

# How many related articles ("Ähnliche Beiträge") an article page shows.
RELATED_ARTICLES_COUNT = env.int("RELATED_ARTICLES_COUNT", default=4)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

SITE_ID = 1
SITE_NAME = "Elternblog"
# The author's name as search engines see it (JSON-LD "author" of every article).
BLOG_AUTHOR = env.str("BLOG_AUTHOR", default="Die Autorin des Elternblogs")
ADMIN_URL = env.str("ADMIN_URL", default="admin/").strip("/") + "/"
# The admin lists the author's work first, in this order (core/admin_site.py), then the rest.
ADMIN_ORDER = ["blog.Article", "blog.Category", "blog.WordPressImport", "quotes.Quote",
               "newsletter.Edition", "newsletter.Subscriber", "newsletter.WelcomeMail",
               "newsletter.Topic", "flatpages.FlatPage"]  # fmt: skip

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
# Several machines: uploads on S3-compatible storage (django-storages, the "scale" extra);
# boto3 takes the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("S3_ENDPOINT_URL", default=None),
            "region_name": env.str("S3_REGION", default=None),
            "custom_domain": env.str("S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }

# Mail
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Elternpost <newsletter@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


# A mail service instead of SMTP (django-anymail), and its bounce and complaint webhooks at
# /anymail/<esp>/tracking/ (newsletter/webhooks.py), which answer 404 without a secret.
ANYMAIL_ESP, ANYMAIL, _esp_backend = mail_service_settings(env)
if _esp_backend:
    EMAIL_BACKEND = _esp_backend

# Newsletter signup: sign-ups one client address may make per hour (the rest wait).
NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR = env.int("NEWSLETTER_SIGNUPS_PER_IP_PER_HOUR", default=10)
# Editions go out at most this fast, so the mail server (or its provider) never throttles us.
NEWSLETTER_MAILS_PER_MINUTE = env.int("NEWSLETTER_MAILS_PER_MINUTE", default=600)
if NEWSLETTER_MAILS_PER_MINUTE < 1:
    raise ImproperlyConfigured("NEWSLETTER_MAILS_PER_MINUTE muss mindestens 1 sein.")

# Security
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SECURE = SITE_IS_HTTPS
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if SITE_IS_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SITE_IS_HTTPS
SECURE_HSTS_PRELOAD = SITE_IS_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"

# Content-Security-Policy (django-csp 4): no inline scripts or styles on public pages.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env.list("CSP_EXTRA_IMG_SRC", default=[])],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# The admin and CKEditor 4 need inline scripts and styles (core.middleware.AreaCSPMiddleware).
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": CONTENT_SECURITY_POLICY["DIRECTIVES"]
    | {
        "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], "blob:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

# Admin login against guessing (django-axes): five wrong passwords lock the address for an hour.
AUTHENTICATION_BACKENDS = [
    "core.auth.LoginGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_VERBOSE = False
# The visitor's address is REMOTE_ADDR, for axes as for the newsletter's limits. Behind
# PROXY_COUNT proxies (nginx: 1; a load balancer and nginx: 2) core's ForwardedForMiddleware
# takes it from the proxies' X-Forwarded-For; without a proxy that header is the visitor's
# own invention and is ignored. Both limits count an IPv6 client by its /64 (core/network.py).
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.network.request_client_key"

# Rich text: CKEditor 4 for staff only; every stored body is sanitized with nh3.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_RESTRICT_BY_USER = False
CKEDITOR_ALLOW_NONIMAGE_FILES = False
# Our upload view (blog/uploads.py) re-encodes every image and makes no "_thumb" copies,
# so the file browser shows the images themselves.
CKEDITOR_IMAGE_BACKEND = None
UPLOAD_IMAGE_MAX_BYTES = env.int("UPLOAD_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_PIXELS", default=40_000_000)
# Cover renditions are made once, when the cover is saved; pages never check for them.
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "imagekit.cachefiles.strategies.Optimistic"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
