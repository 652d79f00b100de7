"""Import HMICFRS PEEL results, one per pillar and year, as a report's grade table gives them.

Parsed data in, rows out: a result is found by pillar and year and created only when missing
(see essexperf.importing for the rules all importers share).
"""

from essexperf.importing import check_keys, find_or_create, list_of
from inspections.models import Inspection

OPTIONAL_FIELDS = (
    "published_on",
    "recommendations",
    "areas_for_improvement",
    "causes_of_concern",
    "comment",
    "next_inspection_due",
)


def import_inspections(data, tally):
    """[[inspections]]: pillar, year and grade, with the counts and dates the table prints."""
    check_keys(data, "the file", required=("inspections",))
    for item in list_of(data, "inspections", "the file"):
        import_inspection(item, tally)


def import_inspection(item, tally):
    label = f"inspection {item.get('pillar', '(no pillar)')} {item.get('year', '(no year)')}"
    check_keys(item, label, required=("pillar", "year", "grade"), optional=OPTIONAL_FIELDS)
    values = {"grade": item["grade"]}
    values.update({key: item[key] for key in OPTIONAL_FIELDS if key in item})
    return find_or_create(
        Inspection,
        label,
        tally,
        key={"pillar": item["pillar"], "year": item["year"]},
        values=values,
    )
