"""One row's cells as the records' values. The DfT writes -1 (and 99 in some fields) for
unknown or missing; those become unknown or null, never a guess. A cell that cannot be
what its field is rejects the row, saying which field and why."""

import datetime

from metrics.models.stats19 import Casualty, RoadClass, Severity
from metrics.stats19.columns import CASUALTIES, COLLISIONS, VEHICLES

SEVERITIES = {"1": Severity.FATAL, "2": Severity.SERIOUS, "3": Severity.SLIGHT}
ROAD_CLASSES = {
    "1": RoadClass.MOTORWAY,
    "2": RoadClass.A_MOTORWAY,
    "3": RoadClass.A,
    "4": RoadClass.B,
    "5": RoadClass.C,
    "6": RoadClass.UNCLASSIFIED,
}
CASUALTY_CLASSES = {
    "1": Casualty.CasualtyClass.DRIVER,
    "2": Casualty.CasualtyClass.PASSENGER,
    "3": Casualty.CasualtyClass.PEDESTRIAN,
}
UNKNOWN_CODES = {"", "-1", "99", "NULL"}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class RowError(Exception):
    """A row that cannot be imported: the field and why."""

    def __init__(self, field, message):
        super().__init__(f"{field}: {message}")


def whole(cells, field, *, required=False):
    """A whole number, or None for an unknown code (an error when the field is required)."""
    raw = cells[field].strip()
    if raw in UNKNOWN_CODES:
        if required:
            raise RowError(field, "missing")
        return None
    try:
        return int(raw)
    except ValueError:
        raise RowError(field, f"{raw!r} is not a whole number") from None


def probability(cells, field):
    raw = cells.get(field, "").strip()
    if raw in UNKNOWN_CODES:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise RowError(field, f"{raw!r} is not a number") from None
    if not 0 <= value <= 1:
        raise RowError(field, f"{raw} is not a probability between 0 and 1")
    return value


def day(cells):
    raw = cells["date"].strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise RowError("date", f"{raw!r} is not a date written DD/MM/YYYY")


def clock(cells):
    try:
        return datetime.time.fromisoformat(cells["time"].strip())
    except ValueError:
        return None


def code(cells, field, codes, unknown="unknown"):
    return codes.get(cells[field].strip(), unknown)


def index(cells):
    value = cells["index"].strip()
    if not value:
        raise RowError("index", "missing")
    return value


def district(cells):
    """The ONS code where the file gives one, else the DfT's own district code."""
    for field in ("ons_district", "district"):
        raw = cells.get(field, "").strip()
        if raw not in UNKNOWN_CODES:
            return raw
    return ""


def collision_values(cells):
    date = day(cells)
    dow = whole(cells, "day_of_week") if "day_of_week" in cells else None
    return {
        # The oldest files have no year column: the date's year is the same.
        "year": (whole(cells, "year") if "year" in cells else None) or date.year,
        "date": date,
        "time": clock(cells),
        "day_of_week": dow if dow in range(1, 8) else None,
        "police_force": whole(cells, "police_force", required=True),
        "district_code": district(cells),
        "first_road_class": code(cells, "first_road_class", ROAD_CLASSES),
        "first_road_number": road_number(cells, "first_road_number"),
        "second_road_class": code(cells, "second_road_class", ROAD_CLASSES),
        "second_road_number": road_number(cells, "second_road_number"),
        "severity": code(cells, "severity", SEVERITIES),
        "adjusted_serious": probability(cells, "adjusted_serious"),
    }


def road_number(cells, field):
    # 0 is a real number (an unclassified road has none), so only -1 is unknown here.
    raw = cells[field].strip()
    if raw in ("", "-1"):
        return None
    number = whole(cells, field)
    if number < 0:
        raise RowError(field, f"{raw!r} is not a road number")
    return number


def casualty_values(cells):
    age = whole(cells, "age")
    return {
        "vehicle_reference": whole(cells, "vehicle_reference"),
        "casualty_class": code(cells, "casualty_class", CASUALTY_CLASSES),
        "severity": code(cells, "severity", SEVERITIES),
        "adjusted_serious": probability(cells, "adjusted_serious"),
        "age": age if age is not None and 0 <= age <= 120 else None,
        "casualty_type": whole(cells, "casualty_type"),
    }


def vehicle_values(cells):
    return {"vehicle_type": whole(cells, "vehicle_type")}


def key_of(kind, cells):
    """The record's natural key within its collision (None for a collision itself)."""
    if kind == COLLISIONS:
        return None
    field = "casualty_reference" if kind == CASUALTIES else "vehicle_reference"
    return whole(cells, field, required=True)


VALUES = {COLLISIONS: collision_values, CASUALTIES: casualty_values, VEHICLES: vehicle_values}
