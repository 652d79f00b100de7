"""Settings for essexperf: every value comes from the environment, read here and only here.

With no environment set the project runs locally on an embedded SQLite file with DEBUG on.
DEBUG=false is production, and then a real SECRET_KEY and ALLOWED_HOSTS are required.
"""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from essexperf.env import envbool, envcache, envdate, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

# A key that only ever signs local development sessions; production refuses it below.
DEVELOPMENT_SECRET_KEY = "development-only-key-never-used-in-production"

DEBUG = envbool("DEBUG", True)
SECRET_KEY = envstr("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "DEBUG is off: set SECRET_KEY to a random value of at least 32 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS to the host names served.")

SITE_NAME = envstr("SITE_NAME", "essexperf")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver then serves static files as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "essexperf.api",
    "priorities",
    "inspections",
    "metrics",
    # After the apps it composes: its admin extends theirs.
    "essexperf.site",
    "essexperf.audit",
    "essexperf.pagecache",
    "axes",
]

MIDDLEWARE = [
    # First, before anything reads a body: refuses one larger than MAX_REQUEST_BODY.
    "essexperf.body_limit.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After WhiteNoise, so static files keep their public caching; marks what is answered
    # to a signed-in person or a token private (essexperf.cache_control).
    "essexperf.cache_control.PrivateResponsesMiddleware",
    # After authentication: changes a request makes are recorded with its user.
    "essexperf.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Turns the database going away under a view into a 503 rather than a traceback.
    "essexperf.health.DatabaseUnavailableMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "essexperf.urls"
WSGI_APPLICATION = "essexperf.wsgi.application"

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
                "essexperf.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'essexperf.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

# Pages and API lists keep what they compute here, under keys holding the data version, so
# that no worker ever shows a figure older than the last write (essexperf.pagecache). Each
# process's memory by default; Redis (CACHE_URL=redis://...) lets every gunicorn worker
# share one computation.
CACHES = {"default": envcache("CACHE_URL")}
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    # A Redis server that stops answering costs a page these seconds, not an error: it is
    # then computed without the cache.
    CACHES["default"]["OPTIONS"] = {"socket_connect_timeout": 2, "socket_timeout": 2}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Everyone who signs in reads figures before they are published: 12 characters at least.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "staticfiles")))

# WhiteNoise serves static files from the app, compressed once by collectstatic, under
# names holding a hash of their content, so that browsers may keep them for good (plotly.js
# alone is over 1 MB). With DEBUG on, names stay unhashed and files are found when asked for.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = DEBUG

# Anonymous visitors may browse the pages and read the API of published periods; off, they
# see the sign-in page only. Decided in priorities.access.
PUBLIC_READ_ONLY = envbool("PUBLIC_READ_ONLY", False)

# Reminders to the owners of missing updates and figures (manage.py sendreminders). Locally
# they are printed to the console; production names an SMTP server.
EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "essexperf@localhost")

# Every date written for a figure, period, target, KSI row, inspection or finding lies within
# these (essexperf.dates): a slip such as 0017 for 2017 is refused where it enters, rather
# than stored for a page to draw a chart from the calendar's first year.
EARLIEST_DATE = envdate("EARLIEST_DATE", datetime.date(1990, 1, 1))
LATEST_DATE = envdate("LATEST_DATE", datetime.date(2100, 12, 31))
if EARLIEST_DATE >= LATEST_DATE:
    raise ImproperlyConfigured("EARLIEST_DATE must come before LATEST_DATE.")

# The largest body a request may send: an upload of figures (at most 5 MB) with its form.
MAX_REQUEST_BODY = envint("MAX_REQUEST_BODY", 6 * 1024 * 1024)

# Road casualty records (STATS19): the police force whose collisions are kept (42: Essex),
# and the bounds on each file read: a national year is about 100 MB and 130,000 rows.
STATS19_POLICE_FORCE = envint("STATS19_POLICE_FORCE", 42)
STATS19_MAX_FILE_BYTES = envint("STATS19_MAX_FILE_BYTES", 2 * 1024**3)
STATS19_MAX_ROWS = envint("STATS19_MAX_ROWS", 5_000_000)
# The KSI route table computed from them (ksiroutes): KSI on the raw severity or the DfT's
# adjusted one; routes with at least ROUTE_MINIMUM KSI collisions in 3 months, at most
# ROUTE_LIMIT of them; vulnerable groups listed from THRESHOLD percent; the area the totals
# are for.
STATS19_KSI_BASIS = envstr("STATS19_KSI_BASIS", "raw")
if STATS19_KSI_BASIS not in ("raw", "adjusted"):
    raise ImproperlyConfigured("STATS19_KSI_BASIS must be raw or adjusted.")
STATS19_ROUTE_MINIMUM = envint("STATS19_ROUTE_MINIMUM", 3)
STATS19_ROUTE_LIMIT = envint("STATS19_ROUTE_LIMIT", 5)
STATS19_VULNERABLE_THRESHOLD = envint("STATS19_VULNERABLE_THRESHOLD", 15)
STATS19_AREA = envstr("STATS19_AREA", "essex")

# police.uk crime data: the force whose rows are kept (police.uk's slug, as in its API),
# the force area its figures are for, and the bounds on each file read: a force's month
# is some 15,000 rows and 4 MB; an archive of every force is read a file at a time.
POLICE_UK_FORCE = envstr("POLICE_UK_FORCE", "essex")
POLICE_UK_AREA = envstr("POLICE_UK_AREA", "essex")
POLICE_UK_MAX_FILE_BYTES = envint("POLICE_UK_MAX_FILE_BYTES", 512 * 1024**2)
POLICE_UK_MAX_ROWS = envint("POLICE_UK_MAX_ROWS", 2_000_000)
# The API those figures may also be pulled from (pullpoliceuk): a setting, so that a
# stand-in can take its place.
POLICE_UK_API_URL = envstr("POLICE_UK_API_URL", "https://data.police.uk/api")

# Files imported from the admin (metrics.import_uploads): kept between their preview and the
# confirming press, each named by its SHA-256, in this directory; the largest accepted.
IMPORT_STAGING_DIR = Path(envstr("IMPORT_STAGING_DIR", str(BASE_DIR / "var" / "import-staging")))
IMPORT_UPLOAD_MAX_BYTES = envint("IMPORT_UPLOAD_MAX_BYTES", 200 * 1024 * 1024)

API_PAGE_SIZE = envint("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = envint("API_MAX_PAGE_SIZE", 500)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "essexperf.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["priorities.api.permissions.ApiAccess"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "essexperf.api.pagination.PagePagination",
    # JSON only, bounded in depth and text (essexperf.api.parsers).
    "DEFAULT_PARSER_CLASSES": ["essexperf.api.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "essexperf.api.renderers.CSVRenderer",
        "essexperf.api.renderers.XLSXRenderer",
    ],
    "EXCEPTION_HANDLER": "essexperf.api.exceptions.api_exception_handler",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "essexperf.api.negotiation.FormatFirstNegotiation",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "essexperf API",
    "DESCRIPTION": "The Police and Crime Plan's priorities, commitments, quarterly updates, "
    "figures, HMICFRS inspections and roads safety, as JSON, CSV and Excel.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Docs assets come from this server: police networks are often offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PeriodStatusEnum": "priorities.models.ReportingPeriod.Status",
        "AssessmentStatusEnum": "priorities.models.Assessment.Status",
        "FindingStatusEnum": "inspections.models.Finding.Status",
    },
}

# Production sits behind a proxy that terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# The container's health check asks over plain HTTP from inside, past the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading binds the whole registered domain into browsers for good: the operator's call.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
# Links out of the site must not carry the address of unpublished figures.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie: forms and the API docs take the token from the page.
CSRF_COOKIE_HTTPONLY = True
# A board member's session on a shared or lost machine ends after a working day.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = envbool("SESSION_EXPIRE_AT_BROWSER_CLOSE", True)

# Only this server's own files: no inline script or style, no other origin, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
    }
}

# Sign-in failures are counted per username and address, in the database so that every
# gunicorn worker sees the same count; a success clears them.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "essexperf.lockout.locked_out"
# Proxies in front of the app that append to X-Forwarded-For (a TLS-terminating proxy: 1).
# Without it every failure would seem to come from the proxy's address.
TRUSTED_PROXIES = envint("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES must be 0 or more")
AXES_CLIENT_IP_CALLABLE = "essexperf.lockout.client_address"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out sign-in before any password is checked; it signs nobody in.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own loggers pass their records up to the root handler instead of printing twice.
        "django": {"handlers": [], "propagate": True},
        # WeasyPrint logs each step of drawing the report's PDF at INFO; its warnings still show.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
