"""The archive of everything: every row of the project's tables, in one JSON Lines file.

The first line is the header: the format's name and version, when it was written, and the
migrations applied to the archived apps (the schema the rows fit). Then each table: a line
{"table": "priorities.plan", "columns": [...]} and one line per row, a list of its values
in those columns' order, as essexperf.audit.values writes them. The last line is the end
marker: {"end": "essexperf-archive", "rows": {table: count}, "sha256": ...}, the SHA-256 of
every line before it. A file cut short (even at a line's end), with a row taken out or
changed, or with lines after the marker is refused, so a restore never loads part of a
backup. The checksum finds damage and careless edits, not a forger, who could recompute it:
keep archives where only the office can write.

Foreign keys are ids, kept as they are, except to content types and permissions: migrate
makes those in every database, with ids of its own, so they travel as natural keys
([app label, model] and [codename, app label, model]).

Users travel without their password hashes: an archive is copied to laptops, tickets and
backups, where a hash can be attacked at leisure. Restored accounts have unusable
passwords until `manage.py changepassword` (or the admin) sets new ones.
"""

import datetime
import gzip
import hashlib
import json

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from essexperf.audit.values import json_value, python_value
from essexperf.pagecache.versions import data_changed

FORMAT = "essexperf-archive"
VERSION = 2
# In the order their rows were written; foreign keys are only checked once all are in.
APPS = ("auth", "api", "priorities", "inspections", "metrics", "audit", "admin")
LEFT_OUT_MODELS = {"auth.permission"}
USER = settings.AUTH_USER_MODEL.lower()
LEFT_OUT_COLUMNS = {USER: {"password"}}
CHUNK = 1000


class ArchiveError(Exception):
    """The archive cannot be read into this database; nothing was changed."""


def open_archive(path, mode):
    """The archive file as text, "r" or "w"; gzip-compressed when its name ends in .gz."""
    if path.suffix == ".gz":
        return gzip.open(path, mode + "t", encoding="utf-8")
    return path.open(mode, encoding="utf-8", newline="\n")


def archived_models():
    """Every model whose rows the archive holds, with the tables of many-to-many fields."""
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in LEFT_OUT_MODELS:
                yield model


def columns(model):
    left_out = LEFT_OUT_COLUMNS.get(model._meta.label_lower, set())
    return [field for field in model._meta.concrete_fields if field.name not in left_out]


def migration_state():
    """{app label: [names of the migrations applied]} of the archived apps."""
    applied = MigrationRecorder(connection).applied_migrations()
    return {
        label: sorted(name for app, name in applied if app == label)
        for label in sorted({model._meta.app_label for model in archived_models()})
    }


def header():
    return {
        "format": FORMAT,
        "version": VERSION,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "migrations": migration_state(),
    }


def check_header(line):
    """The archive's header, once it is one this database can read."""
    try:
        head = json.loads(line)
    except json.JSONDecodeError as error:
        raise ArchiveError(f"The file is not an archive: {error}.") from error
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ArchiveError("The file is not an essexperf archive.")
    if head.get("version") != VERSION:
        raise ArchiveError(
            f"The archive is of format version {head.get('version')}; this version of "
            f"essexperf reads version {VERSION} only."
        )
    theirs = head.get("migrations") or {}
    differ = [app for app, names in migration_state().items() if theirs.get(app) != names]
    if differ:
        raise ArchiveError(
            f"The archive was written at another migration state of {', '.join(differ)}: "
            "migrate this database to the archive's state, import, then migrate forward."
        )
    return head


class Keys:
    """Content types and permissions by id and by natural key."""

    def __init__(self):
        content_types = {ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.all()}
        permissions = Permission.objects.values_list("pk", "codename", "content_type_id")
        self.natural = {
            ContentType: content_types,
            Permission: {pk: [code, *content_types[ct]] for pk, code, ct in permissions},
        }
        self.ids = {
            model: {tuple(key): pk for pk, key in keys.items()}
            for model, keys in self.natural.items()
        }

    def encode(self, field, value):
        keys = self.natural.get(field.related_model) if field.is_relation else None
        if keys is None or value is None:
            return json_value(field, value)
        return keys[value]

    def decode(self, field, value):
        ids = self.ids.get(field.related_model) if field.is_relation else None
        if ids is None or value is None:
            return python_value(field, value)
        try:
            return ids[tuple(value)]
        except (KeyError, TypeError) as error:
            name = field.related_model._meta.verbose_name
            raise ArchiveError(f"This database has no {name} {value}.") from error


def write_archive(stream, progress):
    """Write every archived row to the stream, then the end marker; return {table: rows
    written}."""
    keys = Keys()
    digest = hashlib.sha256()
    write_line(stream, header(), digest)
    counts = {}
    for model in archived_models():
        fields = columns(model)
        label = model._meta.label_lower
        table = {"table": label, "columns": [field.attname for field in fields]}
        write_line(stream, table, digest)
        rows = model._base_manager.order_by("pk").values_list(*[f.attname for f in fields])
        counts[label] = 0
        for row in rows.iterator(chunk_size=CHUNK):
            pairs = zip(fields, row, strict=True)
            write_line(stream, [keys.encode(field, value) for field, value in pairs], digest)
            counts[label] += 1
        progress(label, counts[label])
    write_line(stream, {"end": FORMAT, "rows": counts, "sha256": digest.hexdigest()})
    return counts


def write_line(stream, value, digest=None):
    line = json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
    if digest is not None:
        digest.update(line.encode())
    stream.write(line)


class CheckedLines:
    """An archive's lines, each read after adding the one before it to a running SHA-256:
    when the end marker is read, `before` is the checksum of every line above it."""

    def __init__(self, lines):
        self.lines, self.digest, self.before = iter(lines), hashlib.sha256(), None
        self.pending = b""

    def __iter__(self):
        return self

    def __next__(self):
        self.digest.update(self.pending)
        self.before = self.digest.hexdigest()
        line = next(self.lines)
        self.pending = line.encode()
        return line


def stored_rows():
    """How many rows the archived tables hold now."""
    return sum(model._base_manager.count() for model in archived_models())


def read_archive(lines, progress):
    """Replace every archived row with the archive's rows; return {table: rows read}.
    `lines` are CheckedLines whose header is already read and checked. Call inside a
    transaction: a refused archive raises ArchiveError, and the rollback changes nothing."""
    models = {model._meta.label_lower: model for model in archived_models()}
    clear(models.values())
    loader = Loader(models, progress)
    for number, line in enumerate(lines, start=2):
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise ArchiveError(f"Line {number} is not JSON: {error}.") from error
        if loader.ended:
            raise ArchiveError(f"Line {number} follows the archive's end marker.")
        loader.take(item, number, lines.before)
    loader.finish()
    tables = [model._meta.db_table for model in models.values()]
    connection.check_constraints(table_names=tables)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models.values())):
            cursor.execute(sql)
    # Written in bulk, without signals: the pages' cache is told here.
    data_changed()
    return loader.counts


def clear(models):
    tables = [model._meta.db_table for model in models]
    if connection.vendor == "postgresql":
        # PostgreSQL refuses to empty a table while checks of earlier writes in the same
        # transaction wait for its end: run them now, then defer again for the load.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables))


class Loader:
    """Reads an archive's table lines and row lines, and inserts the rows in batches."""

    def __init__(self, models, progress):
        self.models, self.progress = models, progress
        self.keys = Keys()
        self.counts = {}
        self.model, self.fields, self.batch = None, [], []
        self.ended = False

    def take(self, item, number, checksum):
        if isinstance(item, dict) and "end" in item:
            self.end(item, checksum)
        elif isinstance(item, dict):
            self.start(item, number)
        elif isinstance(item, list) and self.model is not None:
            self.add(item, number)
        else:
            raise ArchiveError(f"Line {number} is neither a table nor a row of one.")

    def start(self, item, number):
        self.end_table()
        label = item.get("table")
        model = self.models.get(label)
        if model is None or label in self.counts:
            raise ArchiveError(f"Line {number}: no table {label!r} to fill, or it came twice.")
        self.fields = columns(model)
        if item.get("columns") != [field.attname for field in self.fields]:
            raise ArchiveError(f"Line {number}: the columns of {label} differ from this schema's.")
        self.model, self.counts[label] = model, 0

    def add(self, values, number):
        if len(values) != len(self.fields):
            expected = len(self.fields)
            raise ArchiveError(f"Line {number} holds {len(values)} values, not {expected}.")
        pairs = zip(self.fields, values, strict=True)
        row = self.model(**{field.attname: self.keys.decode(field, val) for field, val in pairs})
        if self.model._meta.label_lower == USER:
            row.set_unusable_password()
        self.batch.append(row)
        if len(self.batch) >= CHUNK:
            self.insert()

    def insert(self):
        self.model._base_manager.bulk_create(self.batch)
        self.counts[self.model._meta.label_lower] += len(self.batch)
        self.batch = []

    def end_table(self):
        if self.model is not None:
            self.insert()
            self.progress(self.model._meta.label_lower, self.counts[self.model._meta.label_lower])
        self.model = None

    def end(self, marker, checksum):
        """Check the end marker against the rows read and the lines above it."""
        self.end_table()
        self.ended = True
        stated = marker.get("rows")
        if marker.get("end") != FORMAT or not isinstance(stated, dict):
            raise ArchiveError("The archive's end marker is not one this version writes.")
        for table in sorted(set(stated) | set(self.counts)):
            if stated.get(table) != self.counts.get(table):
                raise ArchiveError(
                    f"The archive's end marker counts {stated.get(table, 0)} rows of {table}, "
                    f"but {self.counts.get(table, 0)} were read: a row was added or removed."
                )
        if marker.get("sha256") != checksum:
            raise ArchiveError(
                "The archive's checksum does not match its lines: it was altered or damaged."
            )

    def finish(self):
        if not self.ended:
            raise ArchiveError(
                "The archive has no end marker: it was cut short, perhaps while being copied."
            )
        missing = sorted(set(self.models) - set(self.counts))
        if missing:
            raise ArchiveError(f"The archive is incomplete: it has no {', '.join(missing)}.")
