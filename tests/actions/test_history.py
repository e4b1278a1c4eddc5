"""The plan's history read back: the dashboard's recent changes, from the change log's entries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions import history
from actions.models import Action, Plan
from actions.services import record_update
from cseplan.lib.history import attributed, save_tracked
from governance.models import User
from tests.conftest import make_action, make_period, make_plan, make_theme

pytestmark = pytest.mark.django_db


def test_recent_changes_name_the_user_the_action_and_the_rating_change(
    plan: Plan, lead_member: User, coordinator: User
) -> None:
    period = make_period(plan, label="Apr 2013")
    parent = make_action(make_theme(plan))
    action = make_action(parent.theme, parent=parent, reference="a", lead_person=lead_member.person)
    record_update(
        action, period, rating="A", narrative="", by=lead_member, expected_version=0, reason="Q1"
    )
    record_update(
        action,
        period,
        rating="G",
        narrative="Done",
        by=coordinator,
        expected_version=1,
        reason="Agreed at CSECAG",
    )
    latest, first, created = history.recent_changes(plan)[:3]
    assert (latest.who, latest.reference, latest.period_label) == ("Carol", "1.1a", "Apr 2013")
    assert latest.summary == "Changed rating (Amber → Green) and progress"
    assert latest.reason == "Agreed at CSECAG"
    assert latest.action_id == action.pk
    assert (first.who, first.summary, first.reason) == ("Alice", "Created, rated Amber", "Q1")
    # Made outside a request and the write layer, so nobody is named.
    assert (created.who, created.reference, created.period_label) == ("Unknown", "1.1a", "")
    assert created.summary == "Created"


def test_recent_changes_name_the_fields_of_an_action_that_changed(
    plan: Plan, led_action: Action, coordinator: User, other_member: User
) -> None:
    led_action.due_date = datetime.date(2013, 12, 31)
    led_action.status = Action.Status.COMPLETED
    save_tracked(led_action, by=coordinator, reason="Agreed at the review")
    with attributed(led_action, by=coordinator, reason="Bob joins"):
        led_action.co_leads.add(other_member.person)
    co_leads, dates = history.recent_changes(plan)[:2]
    assert dates.summary == "Changed due date and status"
    assert (dates.who, dates.reason) == ("Carol", "Agreed at the review")
    assert (co_leads.summary, co_leads.reason) == ("Changed co-leads", "Bob joins")


def test_the_change_log_names_the_co_leads_before_and_after(
    plan: Plan, led_action: Action, coordinator: User, other_member: User
) -> None:
    with attributed(led_action, by=coordinator, reason="Bob joins"):
        led_action.co_leads.add(other_member.person)
    (entry,) = history.load_entries(list(history.change_log_rows(plan)[:1]))
    assert entry.what == f"Action {led_action.full_reference}"
    change = entry.changes[0]
    assert (change.label, change.old, change.new) == (
        "Co-leads",
        "(none)",
        other_member.person.name,
    )


def test_recent_changes_keep_a_deleted_action_without_a_link(
    plan: Plan, led_action: Action, coordinator: User
) -> None:
    with attributed(led_action, by=coordinator, reason="Duplicate"):
        led_action.delete()
    deleted = history.recent_changes(plan)[0]
    assert (deleted.summary, deleted.reference, deleted.action_id) == ("Deleted", "1.1", None)


def test_recent_changes_are_the_latest_of_this_plan_only(plan: Plan, lead_member: User) -> None:
    theme = make_theme(plan)
    for _ in range(12):
        make_action(theme)
    make_action(make_theme(make_plan()))
    changes = history.recent_changes(plan, limit=5)
    assert [change.reference for change in changes] == ["1.12", "1.11", "1.10", "1.9", "1.8"]


def test_recent_changes_make_the_same_few_queries_however_long_the_history(
    plan: Plan, led_action: Action, lead_member: User
) -> None:
    period = make_period(plan)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            history.recent_changes(plan)
        return len(captured.captured_queries)

    for version in range(3):
        record_update(
            led_action,
            period,
            rating="A",
            narrative=f"{version}",
            by=lead_member,
            expected_version=version,
        )
    small = queries()
    for version in range(3, 30):
        record_update(
            led_action,
            period,
            rating="A",
            narrative=f"{version}",
            by=lead_member,
            expected_version=version,
        )
    for _ in range(10):
        make_action(led_action.theme)
    # The change log's reader: the same bounded queries for any page of entries.
    assert queries() == small <= 17
