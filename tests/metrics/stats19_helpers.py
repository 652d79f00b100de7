"""Running a command as manage.py does, for its exit code."""

from django.core.management import ManagementUtility
from django.db import connections


def exit_code(monkeypatch, *argv):
    """The code the process would exit with: 0 when the command returns. The command's
    closing of every connection at its end is left out, or the test's would close too."""
    monkeypatch.setattr(connections, "close_all", lambda: None)
    try:
        ManagementUtility(["manage.py", *argv]).execute()
    except SystemExit as exited:
        return exited.code
    return 0
