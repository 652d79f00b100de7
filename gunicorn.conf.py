"""gunicorn's settings, read once from the environment (see .env.example). gunicorn reads this
file from the directory it starts in; options given on its command line override it.

Threaded workers (gthread) are used because an export streams for as long as its rows take
(a million observations take about a minute): a sync worker's request holds the whole worker,
which gunicorn kills once `timeout` passes without it reporting in, cutting the download
short. A gthread worker reports in from its own loop while its threads serve, so `timeout`
only catches a worker that hangs, and a long export leaves the worker's other threads free.
"""

from essexperf.env import envint, envstr

bind = envstr("GUNICORN_BIND", "0.0.0.0:8000")
workers = envint("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = envint("GUNICORN_THREADS", 2)
timeout = envint("GUNICORN_TIMEOUT", 60)
# On a restart, a running export gets this long to finish before its worker is stopped.
graceful_timeout = envint("GUNICORN_GRACEFUL_TIMEOUT", 120)
accesslog = "-"
