"""One force's month pulled from the police.uk API as the rows of the archive's
street-level CSV files (data.police.uk/data/archive), so that one importer reads both."""

import csv

from metrics.policeuk.categories import crime_type
from metrics.policeuk.client import check_force, check_month, unique

# The archive's street-level columns, in its order.
STREET_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
ON_OR_NEAR = "On or near "


def fetch_month(client, force, month, *, force_name=None):
    """The force's crimes of the month, each once, as archive rows: the street crimes in each
    of its neighbourhoods, then those with no location. Arguments are checked at the call;
    police.uk is asked as the rows are read."""
    check_force(force)
    check_month(month)
    name = force_name or f"{force.replace('-', ' ').title()} Police"
    return (row(crime, name) for crime in force_crimes(client, force, month))


def force_crimes(client, force, month):
    """A crime on the edge between two neighbourhoods is in both, so once by its id."""
    found = []
    for neighbourhood in client.neighbourhoods(force):
        polygon = client.boundary(force, neighbourhood["id"])
        found.extend(client.street_crimes(polygon, month))
    found.extend(client.crimes_no_location(force, month))
    return unique(found)


def row(crime, force_name):
    """The archive's row for an API crime. The API gives no LSOA, so those cells are empty;
    anti-social behaviour has no persistent id, and its Crime ID is empty as in the archive."""
    location = crime.get("location") or {}
    outcome = crime.get("outcome_status") or {}
    return {
        "Crime ID": crime.get("persistent_id") or "",
        "Month": crime["month"],
        "Reported by": force_name,
        "Falls within": force_name,
        "Longitude": location.get("longitude", ""),
        "Latitude": location.get("latitude", ""),
        "Location": place(location),
        "LSOA code": "",
        "LSOA name": "",
        "Crime type": crime_type(crime["category"]),
        "Last outcome category": outcome.get("category") or "",
        "Context": crime.get("context") or "",
    }


def place(location):
    """The archive's "On or near ..." of the street; police.uk's API already words most
    street names so, and they are not worded twice."""
    street = (location.get("street") or {}).get("name") or ""
    if not street or street.startswith(ON_OR_NEAR):
        return street
    return f"{ON_OR_NEAR}{street}"


def write_street_csv(rows, path):
    """Writes the rows as an archive street-level CSV file (UTF-8, its header and column
    order); the number of rows written."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=STREET_COLUMNS)
        writer.writeheader()
        for each in rows:
            writer.writerow(each)
            count += 1
    return count
