"""Read the environment once, failing loudly on values that cannot be meant."""

import datetime
import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envstr(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def envint(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def envdate(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return datetime.date.fromisoformat(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a date written YYYY-MM-DD, not {raw!r}"
        ) from None


def envlist(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


CACHE_BACKENDS = {
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def envcache(name, default="locmem://"):
    """A CACHES entry from a URL: redis:// or rediss://host:port/db, locmem:// (each
    process's memory) or dummy:// (nothing kept)."""
    raw = os.environ.get(name, "").strip() or default
    url = urlsplit(raw)
    backend = CACHE_BACKENDS.get(url.scheme)
    if backend is None:
        raise ImproperlyConfigured(
            f"{name} must be a redis://, rediss://, locmem:// or dummy:// URL, not {raw!r}"
        )
    if url.scheme.startswith("redis"):
        if not url.hostname:
            raise ImproperlyConfigured(f"{name} names no Redis host: {raw!r}")
        return {"BACKEND": backend, "LOCATION": raw}
    return {"BACKEND": backend, "LOCATION": url.netloc}
