"""Settings for essexperf: every value comes from the environment, read here and only here.

With no environment set the project runs locally on an embedded SQLite file with DEBUG on.
DEBUG=false is production, and then a real SECRET_KEY and ALLOWED_HOSTS are required.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from essexperf.env import envbool, envint, envlist, envstr

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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

API_PAGE_SIZE = envint("API_PAGE_SIZE", 50)
API_MAX_PAGE_SIZE = envint("API_MAX_PAGE_SIZE", 500)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "essexperf.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["essexperf.api.permissions.ApiAccess"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "essexperf.api.pagination.PagePagination",
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

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    # Django's own loggers pass their records up to the root handler instead of printing twice.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
