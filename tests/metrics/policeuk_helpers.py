"""The ground of the police.uk import tests: Essex, LPA South within it, and the districts
Basildon and Southend within that, with the LSOA lookup placing one LSOA in each."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from metrics.models import Area, LsoaArea, Observation
from tests.factories import AreaFactory

FILES = Path(__file__).parent / "policeuk_files"
STREET = FILES / "2017-08-essex-street.csv"
OUTCOMES = FILES / "2017-08-essex-outcomes.csv"
STOP_AND_SEARCH = FILES / "2017-08-essex-stop-and-search.csv"
LOOKUP = FILES / "lsoa-areas.csv"
BASILDON, SOUTHEND = "E01021234", "E01021235"
HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context\n"
)


@pytest.fixture
def ground(db):
    essex = AreaFactory()
    south = AreaFactory(name="LPA South", slug="lpa-south", kind=Area.Kind.LPA, parent=essex)
    basildon = AreaFactory(name="Basildon", slug="basildon", kind=Area.Kind.DISTRICT, parent=south)
    southend = AreaFactory(name="Southend", slug="southend", kind=Area.Kind.DISTRICT, parent=south)
    LsoaArea.objects.create(lsoa_code="E01021234", area=basildon)
    LsoaArea.objects.create(lsoa_code="E01021235", area=southend)
    return essex


def run(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("interactive", False)
    call_command("importpoliceuk", *map(str, paths), stdout=out, stderr=err, **options)
    return out.getvalue()


def figures():
    """{(metric name, area slug): value} of the monthly figures held."""
    rows = Observation.objects.filter(basis=Observation.Basis.MONTH)
    return {
        (name, area): int(value)
        for name, area, value in rows.values_list("metric__name", "area__slug", "value")
    }


def street_file(folder, name, counts, places=None):
    """An archive street-level file of Essex crimes written in `folder`: `counts` maps
    (month "YYYY-MM", crime type) to how many; each crime lies in the LSOA `places` gives its
    type, Basildon's by default."""
    places = places or {}
    lines = [HEADER]
    for (month, type_), crimes in counts.items():
        lsoa = places.get(type_, BASILDON)
        lines += [
            f"{month}-{type_[:4]}-{number},{month},Essex Police,Essex Police,0.47,51.57,"
            f"On or near Station Road,{lsoa},,{type_},Under investigation,\n"
            for number in range(crimes)
        ]
    path = folder / name
    path.write_text("".join(lines))
    return path
