"""Who may open what: every page, admin page and API address for every role, in one table."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from metrics.models import Metric, Observation
from priorities import roles
from priorities.models import Footnote, ReportingPeriod, Update
from tests.api_helpers import token_client
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

CODE = "2017-18-Q2"
PEOPLE = ["anonymous", "viewer", "editor", "approver", "administrator"]
TOKENS = ["read token", "write token"]
ROLES = PEOPLE + TOKENS

# Pages: people who may read see them; a token is not a sign-in, so it is sent to sign in.
PAGE = {"anonymous": 302, "viewer": 200, "editor": 200, "approver": 200, "administrator": 200}
PAGE |= {"read token": 302, "write token": 302}
PUBLIC_PAGE = dict.fromkeys(ROLES, 200)
# The admin: staff only; the administrator's role holds no report rows.
ADMIN_INDEX = {**dict.fromkeys(ROLES, 302), "editor": 200, "approver": 200, "administrator": 200}
ADMIN_ROWS = {**ADMIN_INDEX, "administrator": 403}
# Amending a published row: approvers alone (priorities.roles.AMEND).
AMEND = {**ADMIN_ROWS, "editor": 403}
# Publishing's confirmation page: approvers alone (priorities.roles.PUBLISH); the demo's
# period is published already, so an approver is sent back to its page.
PUBLISH = {**ADMIN_ROWS, "editor": 403, "approver": 302}
# The audit trail: approvers and administrators read it (essexperf/audit migration 0002).
AUDIT_TRAIL = {**ADMIN_INDEX, "editor": 403}
# Importing a file from the admin: office staff (metrics 0009); a signed-in board member is
# refused outright rather than sent to the admin's sign-in.
IMPORT_A_FILE = {**ADMIN_ROWS, "viewer": 403}
# The API: tokens and readers; an anonymous request is asked to authenticate.
API = {**dict.fromkeys(ROLES, 200), "anonymous": 401}
PUBLIC_API = dict.fromkeys(ROLES, 200)
DOCS = dict.fromkeys(ROLES, 200)

ADDRESSES = [
    # (name, address, expected without PUBLIC_READ_ONLY, expected with it)
    ("overview", "/", PAGE, PUBLIC_PAGE),
    ("priorities", "/priorities/", PAGE, PUBLIC_PAGE),
    ("a priority", "/priorities/1/", PAGE, PUBLIC_PAGE),
    ("a metric", "/metrics/{metric}/", PAGE, PUBLIC_PAGE),
    ("inspections", "/inspections/", PAGE, PUBLIC_PAGE),
    ("roads", "/roads/", PAGE, PUBLIC_PAGE),
    ("search", "/search/?q=special", PAGE, PUBLIC_PAGE),
    ("report", f"/reports/{CODE}/", PAGE, PUBLIC_PAGE),
    ("report PDF", f"/reports/{CODE}.pdf", PAGE, PUBLIC_PAGE),
    ("admin index", "/admin/", ADMIN_INDEX, ADMIN_INDEX),
    ("admin list", "/admin/priorities/update/", ADMIN_ROWS, ADMIN_ROWS),
    ("admin change page", "/admin/priorities/update/{update}/change/", ADMIN_ROWS, ADMIN_ROWS),
    ("amend page", "/admin/priorities/update/{update}/amend/", AMEND, AMEND),
    ("amend a footnote", "/admin/priorities/update/footnote/{footnote}/amend/", AMEND, AMEND),
    ("amend a figure", "/admin/metrics/observation/{observation}/amend/", AMEND, AMEND),
    ("data imports", "/admin/metrics/dataimport/", ADMIN_ROWS, ADMIN_ROWS),
    ("import a file", "/admin/metrics/dataimport/upload/", IMPORT_A_FILE, IMPORT_A_FILE),
    ("audit trail", "/admin/audit/objectchange/", AUDIT_TRAIL, AUDIT_TRAIL),
    ("API list", "/api/v1/updates/", API, PUBLIC_API),
    ("API detail", "/api/v1/updates/{update}/", API, PUBLIC_API),
    ("API export", "/api/v1/updates/?format=csv", API, PUBLIC_API),
    ("API docs", "/api/v1/docs/", DOCS, DOCS),
    (
        "publish confirmation",
        "/admin/priorities/reportingperiod/{period}/publish/",
        PUBLISH,
        PUBLISH,
    ),
    (
        "completion",
        "/admin/priorities/reportingperiod/{period}/completion/",
        ADMIN_ROWS,
        ADMIN_ROWS,
    ),
]


def clients(django_user_model):
    def member(name, role, staff):
        user = django_user_model.objects.create_user(name, is_staff=staff)
        user.groups.add(Group.objects.get(name=role))
        return signed_in(user)

    return {
        "anonymous": Client(),
        "viewer": member("viewer", roles.VIEWERS, staff=False),
        "editor": member("editor", roles.EDITORS, staff=True),
        "approver": member("approver", roles.APPROVERS, staff=True),
        "administrator": member("administrator", roles.ADMINISTRATORS, staff=True),
        "read token": token_client(),
        "write token": token_client(can_write=True),
    }


@pytest.mark.parametrize("public", [False, True], ids=["signed-in only", "public read-only"])
def test_every_role_gets_exactly_the_allowed_answer_at_every_address(
    django_user_model, settings, demo, public
):
    settings.PUBLIC_READ_ONLY = public
    ids = {
        "metric": Metric.objects.order_by("pk").first().slug,
        "update": Update.objects.order_by("pk").first().pk,
        "footnote": Footnote.objects.order_by("pk").first().pk,
        "observation": Observation.objects.filter(reported_in__code=CODE).first().pk,
        "period": ReportingPeriod.objects.get(code=CODE).pk,
    }
    by_role = clients(django_user_model)
    wrong = []
    for name, address, private, open_to_all in ADDRESSES:
        expected = open_to_all if public else private
        for role in ROLES:
            status = by_role[role].get(address.format(**ids)).status_code
            if status != expected[role]:
                wrong.append(f"{name} as {role}: {status}, expected {expected[role]}")
    assert wrong == []


def test_a_signed_in_person_without_a_role_is_refused_the_pages_and_the_api(
    django_user_model,
):
    nobody = signed_in(django_user_model.objects.create_user("nobody"))
    assert nobody.get("/").status_code == 403
    assert nobody.get("/api/v1/updates/").status_code == 403


def test_only_office_roles_see_a_draft_period(django_user_model, demo):
    ReportingPeriod.objects.update(status="draft", published_on=None)
    by_role = clients(django_user_model)
    seen = {
        role: by_role[role].get("/api/v1/periods/").json()["count"]
        for role in ["viewer", "editor", "approver", "administrator", "read token"]
    }
    assert seen == {"viewer": 0, "editor": 1, "approver": 1, "administrator": 0, "read token": 0}


def test_nobody_writes_without_signing_in_even_when_reading_is_public(client, settings, demo):
    settings.PUBLIC_READ_ONLY = True
    response = client.post("/api/v1/observations/", {}, content_type="application/json")
    assert response.status_code == 401
