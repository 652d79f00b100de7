"""Time loaddemo into an empty, migrated database, in-process (Django's start-up aside).

Run by bench.run as `python -m bench.demo`; prints JSON.
"""

import io
import json
import time

import django


def main():
    django.setup()
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("loaddemo", verbosity=0, stdout=out)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "summary": out.getvalue().strip()}))


if __name__ == "__main__":
    main()
