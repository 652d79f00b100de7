"""Residents of an area by year: entered on the area's admin page or uploaded as a CSV file
(metrics.population_uploads), and their invariants; and peer groups in the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from essexperf.audit.models import ObjectChange
from metrics import population_uploads
from metrics.models import Area, AreaPopulation, PeerGroup, PeerGroupMember
from tests.admin_helpers import admin_url
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:metrics_areapopulation_upload")


def csv_file(text, name="populations.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def upload(client, text, **kwargs):
    return client.post(UPLOAD, {"file": csv_file(text, **kwargs)})


def problems_of(response):
    return [
        f"Row {n}, column {c}: {r}" if c else f"Row {n}: {r}"
        for n, c, r in response.context["problems"]
    ]


@pytest.fixture
def essex():
    return AreaFactory()


@pytest.fixture
def kent():
    return AreaFactory(name="Kent", slug="kent", kind=Area.Kind.FORCE)


def test_a_population_names_its_area_year_and_residents(essex):
    population = AreaPopulation.objects.create(area=essex, year=2017, population=1_795_000)

    assert str(population) == "Essex: 1,795,000 in 2017"


def test_an_area_has_one_population_a_year(essex):
    AreaPopulation.objects.create(area=essex, year=2017, population=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        AreaPopulation.objects.create(area=essex, year=2017, population=2)


@pytest.mark.parametrize(
    ("year", "population", "field"),
    [(1989, 10, "year"), (2101, 10, "year"), (2017, 0, "population")],
)
def test_a_year_outside_the_range_or_no_residents_is_refused(essex, year, population, field):
    row = AreaPopulation(area=essex, year=year, population=population)

    with pytest.raises(ValidationError) as refused:
        row.full_clean()

    assert field in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()


def test_an_editor_enters_a_population_on_the_areas_page(editor_client, essex):
    page = editor_client.get(admin_url(Area, "change", essex.pk))

    assert page.status_code == 200
    assert "populations-0-population" in page.content.decode()


def test_an_upload_writes_every_row_through_the_one_write_path(editor_client, essex, kent):
    AreaPopulation.objects.create(area=essex, year=2016, population=1_780_000, source="Old")
    recorded = ObjectChange.objects.count()

    response = upload(
        editor_client,
        "area,year,population,source\n"
        'essex,2016,"1,781,000",ONS\n'
        "Kent,2017,1846500,ONS mid-year estimates\n",
    )

    assert response.status_code == 302
    held = {
        (p.area.slug, p.year): (p.population, p.source, p.version)
        for p in AreaPopulation.objects.all()
    }
    # The stored 2016 row is changed (version 1 to 2); Kent's is new.
    assert held == {
        ("essex", 2016): (1_781_000, "ONS", 2),
        ("kent", 2017): (1_846_500, "ONS mid-year estimates", 1),
    }
    assert ObjectChange.objects.count() == recorded + 2


def test_a_population_changed_between_the_check_and_the_write_is_not_overwritten(essex):
    stored = AreaPopulation.objects.create(area=essex, year=2017, population=1)
    checked = population_uploads.check([(2, {"area": "essex", "year": "2017", "population": "2"})])
    AreaPopulation.objects.filter(pk=stored.pk).update(population=3, version=2)

    problems = population_uploads.write(checked)

    assert problems == [
        (
            None,
            None,
            "Someone changed these populations while the file was checked: upload it again.",
        )
    ]
    assert AreaPopulation.objects.get().population == 3


def test_a_file_in_excels_code_page_is_read(editor_client, essex):
    response = upload(
        editor_client,
        "area,year,population,source\nessex,2017,10,ONS £ estimate\n",
        encoding="cp1252",
    )

    assert response.status_code == 302
    assert AreaPopulation.objects.get().source == "ONS £ estimate"


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_written(editor_client, essex):
    response = upload(
        editor_client,
        "area,year,population\n"
        "essex,2017,1795000\n"
        "atlantis,2017,10\n"
        "essex,1889,10\n"
        "essex,2018,-5\n"
        "essex,2019,\n"
        "Essex,2017,5\n",
    )

    assert response.status_code == 400
    assert problems_of(response) == [
        "Row 3, column area: 'atlantis' is not an area; use one of: essex (Essex).",
        "Row 4, column year: 1889 is not a year this site takes: give one from 1990 to 2100.",
        "Row 5, column population: '-5' is not a whole number: give the population in digits.",
        "Row 6, column population: Give the population.",
        "Row 7: Row 2 has the same area and year.",
    ]
    assert "nothing has been written" in response.content.decode()
    assert not AreaPopulation.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("area,year\nessex,2017\n", "The first row lacks the column population"),
        ("area,year,population,colour\nessex,2017,1,red\n", "Unknown column colour"),
        ("area,year,population\n", "The file holds no populations under its header row."),
        ("area,year,population\n" + "essex,2017,1\n" * 2001, "more than 2,000 rows"),
        ("area,year,population\n" + "x" * 5000 + "\n", "longer than"),
    ],
)
def test_a_file_that_cannot_be_read_says_why_and_writes_nothing(
    editor_client, essex, text, message
):
    response = upload(editor_client, text)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors["file"])
    assert not AreaPopulation.objects.exists()


def test_a_file_over_its_size_or_not_csv_is_refused(editor_client, essex):
    big = upload(editor_client, "area,year,population\n" + " " * 600_000)
    workbook = upload(editor_client, "area,year,population\n", name="populations.xlsx")

    assert "larger than 512 KB" in big.context["form"].errors["file"][0]
    assert workbook.context["form"].errors["file"] == ["Choose a CSV (.csv) file."]


def test_a_viewer_may_not_upload(viewer_client, essex):
    assert upload(viewer_client, "area,year,population\nessex,2017,1\n").status_code == 302
    assert not AreaPopulation.objects.exists()


def group_page_post(client, home, peers, name="Most similar group"):
    data = {
        "name": name,
        "home_force": home.pk,
        "version": 1,
        "members-TOTAL_FORMS": len(peers),
        "members-INITIAL_FORMS": 0,
        "members-MIN_NUM_FORMS": 0,
        "members-MAX_NUM_FORMS": 7,
    }
    for index, area in enumerate(peers):
        data |= {
            f"members-{index}-order": index + 1,
            f"members-{index}-area": area.pk,
            f"members-{index}-version": 1,
        }
    return client.post(admin_url(PeerGroup, "add"), data)


def forces(count):
    return [
        AreaFactory(name=f"Force {n}", slug=f"force-{n}", kind=Area.Kind.FORCE)
        for n in range(count)
    ]


def test_an_editor_makes_a_peer_group_of_seven_forces(editor_client, essex):
    response = group_page_post(editor_client, essex, forces(7))

    assert response.status_code == 302
    assert PeerGroupMember.objects.count() == 7


def test_an_eighth_peer_is_refused_with_a_message(editor_client, essex):
    response = group_page_post(editor_client, essex, forces(8))

    assert response.status_code == 200
    assert not PeerGroup.objects.exists()
    errors = " ".join(response.context["inline_admin_formsets"][0].formset.non_form_errors())
    assert errors == "A peer group holds at most 7 peer forces; this one lists 8. Remove 1."


def test_the_home_force_cannot_be_its_own_peer(editor_client, essex):
    response = group_page_post(editor_client, essex, [essex])

    assert response.status_code == 200
    assert not PeerGroup.objects.exists()
    assert "Essex is the home force" in response.content.decode()


def test_a_home_force_must_be_a_force(essex):
    district = AreaFactory(name="Basildon", slug="basildon", kind=Area.Kind.DISTRICT)

    with pytest.raises(ValidationError) as refused:
        PeerGroup(name="Group", home_force=district).full_clean()

    assert refused.value.message_dict["home_force"][-1] == (
        "The home force must be an area of kind force."
    )


def test_a_peer_must_be_a_force(essex):
    district = AreaFactory(name="Basildon", slug="basildon", kind=Area.Kind.DISTRICT)
    group = PeerGroup.objects.create(name="Group", home_force=essex)

    with pytest.raises(ValidationError) as refused:
        PeerGroupMember(group=group, area=district, order=1).full_clean()

    assert (
        "Basildon is not a force: a peer must be an area of kind force."
        in refused.value.message_dict["area"]
    )


def test_a_group_has_seven_places_at_most(essex):
    group = PeerGroup.objects.create(name="Group", home_force=essex)

    with pytest.raises(IntegrityError), transaction.atomic():
        PeerGroupMember.objects.create(group=group, area=forces(1)[0], order=8)
