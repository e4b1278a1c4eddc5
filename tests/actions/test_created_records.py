"""A created record shows every field it was created with, wherever the history is read: the
change log and its CSV, the action page and the dashboard's recent changes."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from actions.history import Filters, change_log_rows, load_entries
from actions.models import Action, Plan
from actions.services import record_update
from governance.models import User
from tests.conftest import make_action, make_period, make_theme

pytestmark = pytest.mark.django_db

FIRST_WORDS = "Training dates agreed with the four agencies"


@pytest.fixture
def first_update(plan: Plan, lead_member: User) -> Action:
    """An action and its first review, written by its lead: a rating and the first progress."""
    action = make_action(
        make_theme(plan), reference="2.1", description="Train staff", lead_person=lead_member.person
    )
    period = make_period(plan, label="Apr 2013")
    record_update(
        action, period, rating="A", narrative=FIRST_WORDS, by=lead_member, expected_version=0
    )
    return action


def test_a_new_review_shows_its_rating_its_first_progress_and_who_wrote_it(
    first_update: Action,
) -> None:
    (entry,) = load_entries(
        list(change_log_rows(first_update.theme.plan, Filters(kind="progress")))
    )
    assert (entry.event, entry.who, entry.what) == ("Created", "Alice", "2.1, Apr 2013 update")
    assert [(change.label, change.old, change.new) for change in entry.changes] == [
        ("Rating", "", "Amber (A)"),
        ("Progress", "", FIRST_WORDS),
    ]
    assert entry.summary == "Created, rated Amber, with progress"


def test_a_new_action_shows_everything_it_was_entered_with(plan: Plan) -> None:
    make_action(make_theme(plan), reference="3.4", description="Map the services", source="OCC")
    rows = list(change_log_rows(plan, Filters(kind="action")))
    created = [entry for entry in load_entries(rows) if entry.what == "Action 3.4"]
    fields = {change.label: change.new for change in created[0].changes}
    assert fields["Reference"] == "3.4" and fields["Source"] == "OCC"
    assert "Map the services" in fields.values()
    assert fields["Status"] == "Open"


def test_the_first_progress_is_in_the_log_its_csv_the_action_page_and_the_dashboard(
    client: Client, first_update: Action, reviewer: User
) -> None:
    slug = first_update.theme.plan.slug
    client.force_login(reviewer)
    log = client.get(f"/plans/{slug}/changes/").content.decode()
    assert FIRST_WORDS in log and "Alice" in log
    rows = list(csv.reader(io.StringIO(client.get(f"/plans/{slug}/changes.csv").text)))
    assert any(row[4:7] == ["Progress", "", FIRST_WORDS] and row[1] == "Alice" for row in rows)
    page = client.get(f"/plans/{slug}/actions/{first_update.pk}/").content.decode()
    history = page[page.index('class="govuk-list app-changes"') :]
    assert FIRST_WORDS in history and "Alice" in history
    dashboard = client.get(f"/plans/{slug}/dashboard/").content.decode()
    assert "Created, rated Amber, with progress" in dashboard
