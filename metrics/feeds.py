"""The one way observations are written in bulk: a batch of plain items, from a data feed
(the API) or a spreadsheet (the admin's upload), checked whole and then written whole.

An item names its metric and area by slug and its report edition by code, in the words of
the demo's observations.toml (see metrics.importers): metric, area, start_date and end_date
(or `date` for a level, which starts and ends the same day), value, basis, and optionally
compared_with (the dates of an earlier observation of the same metric; the area too when
it is another), reported_in, source, data_to, caveat and denominator (for a percentage,
the count it is of). An item states the whole
observation: a field it leaves out is blank.

Metric, area, start and end date identify an observation, so an item sent again updates it
(or leaves it unchanged) rather than adding another. Every item is checked by the model's
full_clean, as in the admin, before anything is written, and one bad item means nothing is
written. A batch's rows are looked up in a few queries and written in bulk, so the number
of queries does not grow with the batch.
"""

from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef

from essexperf.audit.values import field_values
from metrics.feed_items import FeedError, quote, read_item
from metrics.models import Area, Metric, Observation
from priorities.freeze import shown_freeze, with_shown_code
from priorities.models import ReportingPeriod
from priorities.writes import StaleRows, write_rows

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# What the API tells a writer instead, where it may not read the row (Entry.hidden).
WRITTEN = "written"
MAX_ITEMS = 1000
IDENTITY = ("metric", "area", "start_date", "end_date")
# What an item sets; the identifying fields (metric, area and dates) never change.
WRITTEN_FIELDS = [
    "value",
    "denominator",
    "basis",
    "compared_with",
    "reported_in",
    "source",
    "data_to",
    "caveat",
]
# The model would query the database once per item to check these; the batch's own lookups
# (for foreign keys) and keys (for uniqueness) check them instead.
CHECKED_BY_LOOKUP = ["metric", "area", "compared_with", "reported_in"]
ATTNAMES = {name: Observation._meta.get_field(name).attname for name in WRITTEN_FIELDS}


class FeedRejected(Exception):
    """The batch holds invalid items, so nothing was written."""

    def __init__(self, errors, conflict=False):
        super().__init__("The batch is not valid: nothing was written.")
        self.errors = errors
        # Whether an item was sent from an observation someone has changed since.
        self.conflict = conflict


@dataclass
class Entry:
    """An item's observation and what writing it does (None where the item is invalid)."""

    index: int
    observation: Observation | None = None
    outcome: str | None = None
    # The stored row's field values before the write, for the audit trail.
    before: dict | None = None
    # The item named a stored row its writer may not read (a draft figure): what the write
    # did to it is the writer's to know no more than the row itself.
    hidden: bool = False


@dataclass
class FeedResult:
    """What a batch does, item by item, or every problem that keeps it from being written."""

    entries: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    conflict: bool = False

    def count(self, outcome):
        return sum(1 for entry in self.entries if entry.outcome == outcome)

    @property
    def created(self):
        return self.count(CREATED)

    @property
    def updated(self):
        return self.count(UPDATED)

    @property
    def unchanged(self):
        return self.count(UNCHANGED)


def write_observations(items, *, source=None, reader=None, data_import=None):
    """Create or update the observations the items describe, all or none; return what was
    done to each. `source` fills the source of items that give none (the sending system);
    `reader` is who writes: an item naming a row the reader may not read is answered
    without telling anything of that row (Entry.hidden). `data_import` is the record of the
    delivery (metrics.import_runs.record_delivery) each figure written names.

    Raises FeedRejected, naming every invalid item, and then writes nothing."""
    with transaction.atomic():
        result = check_observations(items, source=source, reader=reader)
        if result.errors:
            raise FeedRejected(result.errors, conflict=result.conflict)
        try:
            save(result.entries, data_import)
        except StaleRows:
            reason = "Another writer changed these observations since they were read: send again."
            raise FeedRejected([FeedError(None, "version", reason)], conflict=True) from None
        except IntegrityError as error:
            reason = "Another writer changed these observations at the same time: send again."
            raise FeedRejected([FeedError(None, None, reason)]) from error
    return result


def check_observations(items, *, source=None, reader=None):
    """What writing the items would do, and every problem with them, writing nothing."""
    if not items:
        return FeedResult(errors=[FeedError(None, None, "Send at least one observation.")])
    if len(items) > MAX_ITEMS:
        reason = f"Send at most {MAX_ITEMS} observations at a time."
        return FeedResult(errors=[FeedError(None, None, reason)])
    drafts = [read_item(index, item, source) for index, item in enumerate(items)]
    lookups = Lookups.of([draft for draft in drafts if draft.values is not None], reader)
    result = FeedResult()
    for draft in drafts:
        result.entries.append(plan(draft, lookups))
        result.errors.extend(draft.errors)
        result.conflict |= draft.stale
    return result


def save(entries, data_import=None):
    created = [entry.observation for entry in entries if entry.outcome == CREATED]
    updated = [entry.observation for entry in entries if entry.outcome == UPDATED]
    if data_import is not None:
        for observation in [*created, *updated]:
            observation.data_import = data_import
    before = {entry.observation.pk: entry.before for entry in entries if entry.outcome == UPDATED}
    fields = [*WRITTEN_FIELDS, "data_import"]
    write_rows(Observation, created=created, updated=updated, fields=fields, before=before)


def is_new(observation):
    return observation is not None and observation.pk is None


# Looking the batch's rows up and planning each item's write


@dataclass
class Lookups:
    """The rows a batch names, each kind found in one query (by slug, code or key), and the
    observations its items planned so far, by key, with the index of the item that did."""

    metrics: dict
    areas: dict
    periods: dict
    observations: dict
    planned: dict = field(default_factory=dict)

    @classmethod
    def of(cls, drafts, reader=None):
        area_slugs = {d.area for d in drafts} | {d.comparison[0] for d in drafts if d.comparison}
        metrics = Metric.objects.in_bulk({d.metric for d in drafts} - {None}, field_name="slug")
        areas = Area.objects.in_bulk(area_slugs - {None}, field_name="slug")
        periods = ReportingPeriod.objects.in_bulk(
            {d.period for d in drafts} - {None}, field_name="code"
        )
        return cls(metrics, areas, periods, existing(drafts, metrics, areas, reader))


def existing(drafts, metrics, areas, reader=None):
    """{(metric slug, area slug, start, end): observation} of what the batch may touch, each
    with `shown_in` (priorities.freeze.with_shown_code), so checking the freeze adds no query."""
    ends = {d.span[1] for d in drafts} | {d.comparison[2] for d in drafts if d.comparison}
    rows = Observation.objects.filter(
        metric__in=metrics.values(), area__in=areas.values(), end_date__in=ends - {None}
    ).select_related("metric", "area", "reported_in")
    if reader is not None:
        # The one rule of who reads what (priorities.visibility), asked in the same query.
        visible = Observation.objects.visible_to(reader).filter(pk=OuterRef("pk"))
        rows = rows.annotate(readable=Exists(visible))
    rows = with_shown_code(rows)
    return {(row.metric.slug, row.area.slug, row.start_date, row.end_date): row for row in rows}


def plan(draft, lookups):
    """The item's observation, checked and changed in memory, and what saving it does."""
    entry = Entry(draft.index)
    if draft.values is None:
        return entry
    metric = find(draft, lookups.metrics, draft.metric, "metric", "There is no metric {}.")
    area = find(draft, lookups.areas, draft.area, "area", "There is no area {}.")
    period = find(draft, lookups.periods, draft.period, "reported_in", "There is no period {}.")
    identified = bool(metric and area and None not in draft.span) and is_first(draft, lookups)
    row = lookups.observations.get(draft.key) if identified else None
    entry.hidden = row is not None and not getattr(row, "readable", True)
    check_version(draft, None if entry.hidden else row)
    was = snapshot(row)
    stored = field_values(row) if row else None
    observation = row or Observation(
        metric=metric, area=area, start_date=draft.span[0], end_date=draft.span[1]
    )
    for name, value in draft.values.items():
        setattr(observation, name, value)
    observation.reported_in = period
    observation.compared_with = compared(draft, lookups) if metric else None
    if identified:
        lookups.planned[draft.key] = (draft.index, observation)
    validate(draft, observation)
    planned = outcome(was, observation)
    if planned == UPDATED:
        now = snapshot(observation)
        observation.changed_by_hand([name for name in WRITTEN_FIELDS if was[name] != now[name]])
    if not draft.errors:
        check_publication(draft, was, observation, planned)
    if not draft.errors:
        entry.observation, entry.outcome, entry.before = observation, planned, stored
    return entry


def check_version(draft, row):
    """An item that says which version it read is refused once the row has moved on, and
    where there is no row its writer may read: in the same words whether or not there is a
    row, so that a version tells nothing of a row the writer may not read."""
    if draft.version is None:
        return
    if row is None:
        reason = "There is no observation you may read with this metric, area and dates: "
        draft.fail("version", reason + "send it without a version.")
    elif row.version != draft.version:
        reason = (
            f"The observation is at version {row.version}, not {draft.version}: someone "
            "changed it since you read it. Read it again, then send your change."
        )
        draft.fail("version", reason)
        draft.stale = True


def find(draft, rows, key, name, missing):
    if key is None:
        return None
    row = rows.get(key)
    if row is None:
        draft.fail(name, missing.format(quote(key)))
    return row


def is_first(draft, lookups):
    """Whether no earlier item of the batch has the same key (a second would be lost)."""
    if draft.key not in lookups.planned:
        return True
    first, _ = lookups.planned[draft.key]
    draft.fail(None, f"Item {first} has the same metric, area and dates: send each once.")
    return False


def compared(draft, lookups):
    """The observation compared with: one stored that the writer may read, or one planned
    by an earlier item."""
    if draft.comparison is None or None in draft.key:
        return None
    area, start, end = draft.comparison
    key = (draft.metric, area or draft.area, start, end)
    if key == draft.key:
        draft.fail("compared_with", "An observation cannot be compared with itself.")
        return None
    planned = lookups.planned.get(key)
    earlier = planned[1] if planned else lookups.observations.get(key)
    # A stored figure the writer may not read is not there for it: naming it must answer
    # as naming nothing does, or the answer would tell that a draft figure exists.
    if earlier is not None and not planned and not getattr(earlier, "readable", True):
        earlier = None
    if earlier is None:
        draft.fail(
            "compared_with",
            f"There is no {key[0]} observation for {quote(key[1])} from {start} to {end} "
            "to compare with: send that one first.",
        )
    return earlier


def snapshot(row):
    """The written fields of a stored observation as they are, or None for a new one."""
    if row is None:
        return None
    values = {name: getattr(row, ATTNAMES[name]) for name in WRITTEN_FIELDS}
    return values | {"period": row.reported_in, "shown_in": row.shown_in}


def outcome(was, observation):
    if was is None:
        return CREATED
    now = snapshot(observation)
    changed = any(was[name] != now[name] for name in WRITTEN_FIELDS)
    return UPDATED if changed or is_new(observation.compared_with) else UNCHANGED


def validate(draft, observation):
    """The model's own checks, as the admin runs them, reported at the item's fields."""
    unread = {error.field for error in draft.errors}
    if "date" in unread:
        unread |= {"start_date", "end_date"}
    try:
        observation.full_clean(
            exclude=[*CHECKED_BY_LOOKUP, *unread - {None}],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                draft.fail(item_field(draft, name), message)


def item_field(draft, name):
    if name == NON_FIELD_ERRORS:
        return None
    if draft.date_given and name in ("start_date", "end_date"):
        return "date"
    return name


def check_publication(draft, was, observation, outcome):
    """A published report edition's figures stay as published, and so do the figures they
    are compared with (priorities.freeze, as the model checks a single save)."""
    if outcome == UNCHANGED:
        return
    before, after = (was or {}).get("period"), observation.reported_in
    if before is not None and before.is_published:
        reason = f"This observation is reported in {before.code}, which is published: "
        draft.fail("reported_in", reason + "it cannot be changed.")
    elif was and was["shown_in"]:
        freeze = shown_freeze(Observation, was["shown_in"])
        draft.fail(None, f"This observation {freeze.how}: it cannot be changed.")
    elif after is not None and after.is_published:
        draft.fail("reported_in", f"{after.code} is published: no figure can be added to it.")
