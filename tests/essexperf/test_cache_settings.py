"""CACHE_URL: where pages keep what they compute, read once and refused when unclear."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from essexperf.env import envcache
from tests.essexperf.test_settings import refused, start_django

REDIS = "django.core.cache.backends.redis.RedisCache"
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"


def test_without_a_cache_url_each_process_keeps_its_own(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)

    assert envcache("CACHE_URL") == {"BACKEND": LOCMEM, "LOCATION": ""}


@pytest.mark.parametrize("url", ["redis://redis:6379/0", "rediss://user:secret@cache.test:6380/1"])
def test_a_redis_url_names_the_shared_cache(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)

    assert envcache("CACHE_URL") == {"BACKEND": REDIS, "LOCATION": url}


def test_dummy_keeps_nothing(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "dummy://")

    assert envcache("CACHE_URL")["BACKEND"] == "django.core.cache.backends.dummy.DummyCache"


@pytest.mark.parametrize("url", ["memcached://cache:11211", "localhost:6379", "cache"])
def test_an_unknown_kind_of_cache_fails_at_start(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)

    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be a redis://"):
        envcache("CACHE_URL")


@pytest.mark.parametrize("url", ["redis:///0", "redis:6379"])
def test_a_redis_url_without_a_host_fails_at_start(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)

    with pytest.raises(ImproperlyConfigured, match="names no Redis host"):
        envcache("CACHE_URL")


def test_the_site_refuses_to_start_with_a_cache_url_it_cannot_use():
    refused(start_django(CACHE_URL="memcached://cache:11211"), naming="CACHE_URL")


def test_the_site_starts_with_redis_named_without_reaching_it():
    process = start_django(CACHE_URL="redis://redis.test:6379/0")

    assert process.returncode == 0, process.stderr
