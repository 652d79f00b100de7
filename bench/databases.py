"""The benchmark's PostgreSQL databases: made, remade and analysed here, never others."""

from contextlib import closing

import dj_database_url
import psycopg2
from psycopg2 import sql

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
# Only databases named so are ever dropped: a database named on the command line is not.
PREFIX = "essexperf_bench_"


def default_url(name):
    return f"{DEFAULT_SERVER}/{PREFIX}{name}"


def connect(url, database=None):
    settings = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname=database or settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
    )
    # DROP, CREATE and VACUUM cannot run in a transaction.
    connection.autocommit = True
    return connection


def name_of(url):
    return dj_database_url.parse(url)["NAME"]


def create(url, fresh):
    """Create the database if it is missing; drop it first if `fresh` and it is ours."""
    name = name_of(url)
    with closing(connect(url, database="postgres")) as connection, connection.cursor() as cursor:
        if fresh:
            if not name.startswith(PREFIX):
                raise ValueError(f"{name} is not a benchmark database: it is never dropped.")
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def analyse(url):
    """VACUUM ANALYZE, so that plans rest on statistics of the data just generated."""
    with closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def server_version(url):
    with closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]
