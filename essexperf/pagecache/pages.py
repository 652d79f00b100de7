"""What a page computes from the data, and the first page of each API list
(essexperf.api.viewsets), computed once per data version and then read from the cache
(CACHE_URL: Redis shared by every worker, or each process's memory).

A key holds the data version, read from the database on each request, so a figure cached
before a write is never shown after it, whichever process cached it. It also holds the
reader's audience: readers who see the same rows share what is cached. Which rows a reader
sees is the apps' rule (priorities.visibility.audience), so callers say it.
"""

import hashlib
import logging

from django.core.cache import cache
from redis.exceptions import RedisError

from essexperf.pagecache.versions import data_version

logger = logging.getLogger(__name__)

# Entries of older versions are never read again; this frees them if nothing else does.
TIMEOUT_SECONDS = 24 * 60 * 60
MISSING = object()


def page_key(version, name, audience, parts):
    """The cache key of a page's data: `parts` are what else the page depends on, such as
    the period's code, hashed so that no part can make the key too long."""
    said = "\n".join(str(part) for part in parts)
    digest = hashlib.sha256(said.encode()).hexdigest()[:32]
    return f"pages:{version}:{name}:{audience}:{digest}"


def remember(name, audience, parts, compute):
    """compute()'s result for this page, as cached for the current data version, or computed
    now and cached. The data version costs one query; a miss adds compute()'s own.

    A cache that cannot be reached (Redis down) makes pages slower, not broken."""
    version = data_version()
    if version is None:
        return compute()
    key = page_key(version, name, audience, parts)
    try:
        value = cache.get(key, MISSING)
    except RedisError:
        logger.warning("The cache cannot be read: computing %s without it.", name, exc_info=True)
        return compute()
    if value is MISSING:
        value = compute()
        try:
            cache.set(key, value, TIMEOUT_SECONDS)
        except RedisError:
            logger.warning("The cache cannot be written: %s not kept.", name, exc_info=True)
    return value
