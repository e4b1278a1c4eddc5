"""Every URL of the service, for every kind of user, by GET and by POST, against a checked-in table.

The table (`permission_matrix.json`) says what each persona gets: a status code, with "login" for
a redirect to the sign-in page. A URL that is not in the table fails the test, so a new page
cannot ship without its permissions being written down. Each POST runs in a savepoint that is
rolled back, so every request meets the same world. Regenerate the table with
`UPDATE_PERMISSION_MATRIX=1 pytest tests/security` and read the difference before committing it.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from actions.models import PlanImport
from governance.models import Meeting, Membership, Organisation, User
from reporting.models import CommitteeReport
from tests.conftest import (
    make_action,
    make_group,
    make_period,
    make_plan,
    make_theme,
    make_update,
    sign_in,
)

TABLE = Path(__file__).with_name("permission_matrix.json")
PERSONAS = [
    "anonymous",
    "reviewer",
    "lead_member",
    "other_member",
    "coordinator",
    "chair",
    "administrator",
]


def _routes(
    patterns: list | None = None, prefix: str = "", namespace: str = ""
) -> list[tuple[str, str]]:
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue  # the Django admin checks is_staff itself; /admin/ is walked below
            inner = entry.namespace or namespace
            found += _routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append((prefix + str(entry.pattern), name))
    return [*found, ("admin/", "admin:index")] if patterns is None else found


@pytest.fixture
def world(db: None, lead_member: User, coordinator: User) -> dict[str, str]:
    plan = make_plan(slug="cse")
    group = make_group(short_name="WGAP")
    membership = Membership.objects.create(person=lead_member.person, group=group)
    organisation = Organisation.objects.create(name="Nottinghamshire County Council")
    meeting = Meeting.objects.create(group=group, date=datetime.date(2013, 4, 16))
    today = datetime.date.today()
    period = make_period(
        plan,
        label="Now",
        start_date=today - datetime.timedelta(days=5),
        end_date=today + datetime.timedelta(days=80),
    )
    action = make_action(make_theme(plan), lead_person=lead_member.person)
    make_update(action, period, rating="A", narrative="Going well")
    pending = PlanImport.objects.create(
        uploaded_by=coordinator, filename="p.csv", content=b"x", slug="new"
    )
    report = CommitteeReport.objects.create(
        plan=plan,
        period=period,
        title="CSE Action Plan",
        report_of="Director",
        committee="Committee",
    )
    return {
        "slug": plan.slug, "file_format": "csv", "period_pk": str(period.pk),
        "key": group.short_name,
        "import": str(pending.pk), "action": str(action.pk), "membership": str(membership.pk),
        "person": str(lead_member.person.pk), "organisation": str(organisation.pk),
        "meeting": str(meeting.pk), "report": str(report.pk),
    }  # fmt: skip


def _url(route: str, name: str, world: dict[str, str]) -> str:
    kind = name.split(":")[-1].split("_")[0]
    pk = {
        "import": world["import"], "action": world["action"], "update": world["action"],
        "due": world["action"], "membership": world["membership"], "person": world["person"],
        "organisation": world["organisation"], "meeting": world["meeting"],
        "report": world["report"],
    }.get(kind, "")  # fmt: skip
    path = route
    for parameter, value in (
        ("<slug:slug>", world["slug"]), ("<str:file_format>", world["file_format"]),
        ("<int:period_pk>", world["period_pk"]), ("<str:key>", world["key"]), ("<int:pk>", pk),
    ):  # fmt: skip
        path = path.replace(parameter, value)
    return "/" + path


def _outcome(response) -> str:
    if response.status_code in (301, 302) and "/login/" in response.get("Location", ""):
        return "login"
    return str(response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_persona_as_the_table_says(
    persona: str,
    world: dict[str, str],
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reporting import rendering

    monkeypatch.setattr(rendering, "html_to_pdf", lambda html: b"%PDF-1.7 stand-in")
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = Client()
    found: dict[str, dict[str, str]] = {}
    for route, name in _routes():
        url = _url(route, name, world)
        outcomes = {}
        for method in ("GET", "POST"):
            if user is not None:
                sign_in(client, user)
            with transaction.atomic():
                response = client.get(url) if method == "GET" else client.post(url, {})
                transaction.set_rollback(True)
            outcomes[method] = _outcome(response)
        found[f"{name} {route}"] = outcomes
    table = json.loads(TABLE.read_text()) if TABLE.exists() else {}
    if os.environ.get("UPDATE_PERMISSION_MATRIX"):
        for key, outcomes in found.items():
            table.setdefault(key, {})[persona] = outcomes
        TABLE.write_text(json.dumps(dict(sorted(table.items())), indent=1) + "\n")
        return
    missing = sorted(set(found) - set(table))
    assert not missing, f"URLs not in {TABLE.name}: {missing}"
    expected = {key: table[key][persona] for key in found}
    assert found == expected
