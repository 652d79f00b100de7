"""An update of one observation (the API's PUT and PATCH), written as a feed item through
metrics.feeds, and the feed item that states an observation as it stands."""

from essexperf.dates import parse_iso_date
from metrics.feed_items import FeedError, date_reason
from metrics.feeds import IDENTITY, FeedRejected, write_observations


def update_observation(observation, changes, *, partial, source=None, reader=None):
    """Write changes to one observation through the same path: over what it states now
    (partial) or over its identity alone, which cannot change here. `reader` as for
    write_observations."""
    if not isinstance(changes, dict):
        reason = "Send the observation as an object of named fields."
        raise FeedRejected([FeedError(0, None, reason)])
    current = item_of(observation)
    moved = [
        name
        for name in (*IDENTITY, "date")
        if name in changes and not same_identity(current, name, changes[name])
    ]
    if moved:
        reason = "The metric, area and dates identify an observation and cannot change: "
        reason += "write a new observation instead."
        raise FeedRejected([FeedError(0, name, reason) for name in moved])
    base = current if partial else {name: current[name] for name in IDENTITY}
    kept = {name: value for name, value in changes.items() if name not in (*IDENTITY, "date")}
    # A comparison kept as it stands was not named by the writer, so it tells the writer
    # nothing even where it may not read it: only one it names is checked as a feed's is.
    reader = reader if "compared_with" in changes else None
    return write_observations([base | kept], source=source, reader=reader)


def same_identity(current, name, value):
    if name in ("metric", "area"):
        return value == current[name]
    try:
        day = parse_iso_date(value) if isinstance(value, str) else value
    except ValueError as error:
        raise FeedRejected([FeedError(0, name, date_reason(value, error))]) from None
    if name == "date":
        return day == current["start_date"] == current["end_date"]
    return day == current[name]


def item_of(observation):
    """The feed item that states an observation as it stands."""
    earlier, period = observation.compared_with, observation.reported_in
    comparison = None
    if earlier is not None:
        comparison = {"start_date": earlier.start_date, "end_date": earlier.end_date}
        if earlier.area_id != observation.area_id:
            comparison["area"] = earlier.area.slug
    return {
        "metric": observation.metric.slug,
        "area": observation.area.slug,
        "start_date": observation.start_date,
        "end_date": observation.end_date,
        "value": observation.value,
        "denominator": observation.denominator,
        "basis": observation.basis,
        "compared_with": comparison,
        "reported_in": period.code if period else None,
        "source": observation.source,
        "data_to": observation.data_to,
        "caveat": observation.caveat,
    }
