"""What a result was measured on: the machine, the software and the commit."""

import os
import platform
import subprocess

import django


def cpu_model():
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gb():
    try:
        with open("/proc/meminfo") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return None


def git(*args):
    result = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    return result.stdout.strip()


def describe(pg_version):
    # Files git does not track are left out: a run writes its earlier scales' results.
    changed = bool(git("status", "--porcelain", "--untracked-files=no"))
    memory = memory_gb()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory": f"{memory:.1f} GB" if memory else "unknown",
        "postgresql": pg_version,
        "python": platform.python_version(),
        "django": django.get_version(),
        "commit": git("rev-parse", "--short", "HEAD") + (" with uncommitted changes" * changed),
    }
