"""Who is making the changes now, kept in a context variable for the code that records them.

A request sets it (in AuditContextMiddleware). With nothing set, the process is a management
command, or a test, and is named after the command it runs.
"""

import contextlib
import sys
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

COMMAND_RUNNERS = {"manage.py", "django-admin"}


@dataclass(frozen=True)
class Actor:
    """The request being served (its user is read when a change is recorded), or a name."""

    request: object = None
    request_id: uuid.UUID | None = None
    name: str = ""


_current = ContextVar("audit_actor", default=None)


def current_actor():
    return _current.get() or Actor(name=command_name())


def command_name():
    """The management command this process runs, as "manage.py <command>", or ""."""
    if len(sys.argv) > 1 and Path(sys.argv[0]).name in COMMAND_RUNNERS:
        return f"manage.py {sys.argv[1]}"
    return ""


@contextlib.contextmanager
def acting(actor):
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def who(actor):
    """(user or None, user name) of the actor: a signed-in person, an API token or a name."""
    request = actor.request
    if request is None:
        return None, actor.name
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user, user.get_username()
    token = getattr(request, "auth", None)
    if token is not None:
        # REST framework puts the API token that authenticated the request here.
        return None, f"API token {token.name}"
    return None, ""
