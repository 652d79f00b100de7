"""Files staff import from the admin, as the import commands read them: uploaded, staged on
disk, rehearsed for a preview (written and rolled back), then imported once confirmed.

Each kind of file is an Importer in IMPORTERS: its own functions rehearse and import a list
of reading.Source, the same ones its command calls, so there is one write path per kind.
Adding a kind is an Importer with its functions, and a line in IMPORTERS.

Between the preview and the press of Import the file waits in IMPORT_STAGING_DIR, named by
its SHA-256. The confirming form carries a signed token of the kind, the digest, the file's
name and the person, for an hour: the file imported is the file previewed, by that person.
"""

import datetime
import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.core import signing

from metrics.import_runs import rehearse
from metrics.policeuk import importing as policeuk
from metrics.policeuk import reading as policeuk_reading
from metrics.source_files import FileError
from metrics.stats19 import importing as stats19
from metrics.stats19 import reading as stats19_reading
from metrics.stats19.saving import published_changes

SIGNING_SALT = "metrics.import_uploads"
PREVIEW_LIFETIME = datetime.timedelta(hours=1)
MEGABYTE = 1024 * 1024


class UploadError(Exception):
    """An upload that cannot be imported, or a confirmation that cannot be trusted."""


@dataclass
class Rehearsal:
    """What importing would do: (name, Counts) of each file, and what it would change in
    published periods, in words."""

    files: list
    published: list = field(default_factory=list)


@dataclass(frozen=True)
class Importer:
    """A kind of file: how it is named and explained, who may import it, and the functions
    that rehearse and import a list of sources (rehearse returns a Rehearsal, run a list of
    (file name, Counts) in the order read, summary one line of a list of Counts)."""

    key: str
    label: str
    help_text: str
    extensions: tuple
    permissions: tuple
    sources: Callable
    rehearse: Callable
    run: Callable
    summary: Callable
    # What the preview's counts are of, and what a skipped row is, in this kind of file.
    unit: str = "records"
    skipped: str = "Skipped rows are another police force's, or of a collision not held."

    def allows(self, user):
        return user.has_perms(self.permissions)


def stats19_work(found, run_by):
    force = settings.STATS19_POLICE_FORCE
    return [
        (source.name, stats19.import_source(source, police_force=force, run_by=run_by))
        for source in stats19.ordered(found)
    ]


def stats19_rehearse(found, run_by):
    def work():
        # Told within the rehearsal, so the periods are computed from the files' records.
        return Rehearsal(stats19_work(found, run_by), published_changes())

    return rehearse(work)


def stats19_summary(counts, dry_run=False):
    return stats19.summary(counts, settings.STATS19_POLICE_FORCE, dry_run)


STATS19 = Importer(
    key="stats19",
    label="DfT road casualty records (STATS19)",
    help_text="A collision, casualty or vehicle CSV file from the DfT's road safety data, or "
    "a .zip holding them, as importstats19 reads. Only the configured police force's "
    "collisions are kept, with their casualties and vehicles; import collisions first.",
    extensions=(".csv", ".zip"),
    # Who may write the records: office staff (Editors and Approvers, metrics 0009).
    permissions=(
        "metrics.add_collision",
        "metrics.change_collision",
        "metrics.add_casualty",
        "metrics.change_casualty",
        "metrics.add_vehicle",
        "metrics.change_vehicle",
    ),
    sources=stats19_reading.sources,
    rehearse=stats19_rehearse,
    run=stats19_work,
    summary=stats19_summary,
)


def policeuk_work(found, run_by):
    files = [(source.name, policeuk.import_source(source, run_by=run_by)) for source in found]
    # A stop and search file is passed over: nothing to show of it.
    return [(name, counts) for name, counts in files if counts is not None]


def policeuk_rehearse(found, run_by):
    files = rehearse(lambda: policeuk_work(found, run_by))
    published = [
        f"{held['figure']}: {held['held']} now, {held['file']} in the file"
        for _, counts in files
        for held in counts.withheld
    ]
    return Rehearsal(files, published)


POLICE_UK = Importer(
    key="policeuk",
    label="police.uk crime (street-level crime or outcomes)",
    help_text="police.uk's archive files of the force: YYYY-MM-force-street.csv or "
    "YYYY-MM-force-outcomes.csv, or a .zip of them, as importpoliceuk reads. Each month "
    "becomes figures per crime or outcome type, force-wide and in the areas the LSOA lookup "
    "places them; a month imported again replaces its figures.",
    extensions=(".csv", ".zip"),
    # Who may write figures and make the metrics they belong to: office staff.
    permissions=("metrics.add_observation", "metrics.change_observation", "metrics.add_metric"),
    sources=policeuk_reading.sources,
    rehearse=policeuk_rehearse,
    run=policeuk_work,
    summary=policeuk.summary,
    unit="figures",
    skipped="Skipped rows are another police force's: only the force's own are counted.",
)
IMPORTERS = {importer.key: importer for importer in [STATS19, POLICE_UK]}


def size_text(size):
    """Such as 200 MB, or 1,000 bytes for a size under a megabyte or not a whole one."""
    if size >= MEGABYTE and size % MEGABYTE == 0:
        return f"{size // MEGABYTE} MB"
    return f"{size:,} bytes"


def staging_dir():
    directory = Path(settings.IMPORT_STAGING_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def extension_of(name):
    return Path(name).suffix.lower()


def staged_path(sha256, name):
    return staging_dir() / f"{sha256}{extension_of(name)}"


def check_upload(importer, upload):
    """UploadError naming the file if its kind or size will not do, before it is staged."""
    if extension_of(upload.name) not in importer.extensions:
        accepted = " or ".join(importer.extensions)
        raise UploadError(f"{upload.name}: not a {accepted} file.")
    limit = settings.IMPORT_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise UploadError(
            f"{upload.name}: {size_text(upload.size)}, over the limit of {size_text(limit)} "
            "(IMPORT_UPLOAD_MAX_BYTES) on a file imported here: import it with the command."
        )


def stage(upload):
    """The uploaded file's SHA-256, its bytes written to the staging directory under it."""
    clear_stale()
    directory = staging_dir()
    # Written under a name of its own, then renamed: a half-written file is never staged.
    partial = directory / f"{uuid.uuid4().hex}.partial"
    sha = hashlib.sha256()
    with partial.open("wb") as staged:
        for chunk in upload.chunks():
            sha.update(chunk)
            staged.write(chunk)
    sha256 = sha.hexdigest()
    partial.replace(staged_path(sha256, upload.name))
    return sha256


def clear_stale():
    """Remove staged files older than a preview lasts: previews nobody confirmed."""
    oldest = time.time() - 2 * PREVIEW_LIFETIME.total_seconds()
    for staged in staging_dir().iterdir():
        if staged.is_file() and staged.stat().st_mtime < oldest:
            staged.unlink(missing_ok=True)


def staged_sources(importer, sha256, name):
    """The staged file's sources, named by the uploaded file's name, not the staged one's;
    FileError naming the uploaded file."""
    path = staged_path(sha256, name)
    try:
        found = importer.sources(path)
    except FileError as error:
        raise FileError(str(error).replace(str(path), name)) from None
    return [replace(source, name=source.name.replace(str(path), name, 1)) for source in found]


def discard(sha256, name):
    staged_path(sha256, name).unlink(missing_ok=True)


def sign(importer, sha256, name, user):
    token = {"importer": importer.key, "sha256": sha256, "name": name, "user": user.pk}
    return signing.dumps(token, salt=SIGNING_SALT)


def unsign(token, user):
    """(importer, sha256, name) of a token signed for this user within the hour, whose
    staged file is there with that digest; UploadError saying why not otherwise."""
    try:
        signed = signing.loads(token, salt=SIGNING_SALT, max_age=PREVIEW_LIFETIME)
    except signing.BadSignature:
        raise UploadError("The preview was altered or is over an hour old: upload again.") from None
    importer = IMPORTERS.get(signed.get("importer"))
    if signed.get("user") != user.pk or importer is None:
        raise UploadError("This preview was not yours to confirm: upload the file again.")
    sha256, name = signed["sha256"], signed["name"]
    path = staged_path(sha256, name)
    if not path.is_file():
        raise UploadError(f"{name} is no longer waiting to be imported: upload it again.")
    if file_digest(path) != sha256:
        raise UploadError(f"{name} changed since its preview: upload it again.")
    return importer, sha256, name


def file_digest(path):
    with path.open("rb") as staged:
        return hashlib.file_digest(staged, "sha256").hexdigest()
