"""The columns of police.uk's archive files: street-level crime, outcomes, and stop and
search (which is not imported). A file's kind is told by its columns."""

STREET, OUTCOMES, STOP_AND_SEARCH = "street", "outcomes", "stop_and_search"

# The columns read; the files hold others too (Crime ID, Longitude, Latitude, Location...).
NEEDED = {
    STREET: ("Month", "Falls within", "LSOA code", "Crime type"),
    OUTCOMES: ("Month", "Falls within", "LSOA code", "Outcome type"),
}
# What only a stop and search file has: such a file in an archive is passed over.
STOP_AND_SEARCH_MARK = "Object of search"
# The field of each kind that names what a figure counts.
TYPE_COLUMN = {STREET: "Crime type", OUTCOMES: "Outcome type"}


def kind_of(header):
    """The kind of file a header is, or None when it is none of police.uk's."""
    names = {name.strip() for name in header}
    if STOP_AND_SEARCH_MARK in names:
        return STOP_AND_SEARCH
    for kind, needed in NEEDED.items():
        if set(needed) <= names:
            return kind
    return None


def positions(kind, header):
    """{column read: its place in the row}."""
    names = [name.strip() for name in header]
    return {name: names.index(name) for name in NEEDED[kind]}
