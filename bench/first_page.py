"""Time `make run` from a clean clone to the first page served, then again in the same clone.

The first run does everything a newcomer's does: makes the virtualenv, installs the project,
migrates an empty SQLite database and loads the demo data. The second shows the everyday
start, with all of that in place. Run by bench.run as `python -m bench.first_page`; prints
JSON. The clone is of the commit checked out here, so uncommitted changes are not timed.
"""

import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A newcomer's first start installs every dependency: allow for a slow package index.
PATIENCE = 600


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def time_make_run(folder):
    """Seconds from `make run` to the sign-in page answering 200, the server then stopped."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    started = time.perf_counter()
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}"],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while not answers(f"http://127.0.0.1:{port}/accounts/login/"):
            if server.poll() is not None or time.perf_counter() - started > PATIENCE:
                raise RuntimeError(f"make run did not serve a page (exit {server.returncode})")
            time.sleep(0.2)
        return time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


def main():
    with tempfile.TemporaryDirectory() as folder:
        clone = Path(folder) / "essexperf"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=clone, text=True, capture_output=True
        ).stdout.strip()
        first = time_make_run(clone)
        again = time_make_run(clone)
    print(json.dumps({"commit": commit, "clean_clone_seconds": first, "again_seconds": again}))


if __name__ == "__main__":
    main()
