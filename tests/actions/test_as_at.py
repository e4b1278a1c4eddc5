"""The plan as it stood on a date, and what changed between two dates."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from actions.comparison import compare
from actions.exporting import export_csv
from actions.models import Action, Plan
from actions.services import record_update, update_action
from actions.snapshot import current_snapshot, plan_layout, snapshot_as_at
from cseplan.lib.dates import parse_as_at
from governance.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_plan(db: None) -> Plan:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Plan.objects.get(slug="cse-2012-14")


def _edit(plan: Plan, user: User) -> Action:
    """Rate 1.3 Green at Apr 2013 with new words, and put its due date back a month."""
    action = plan.actions().get(reference="1.3")
    april = plan.periods.get(label="Apr 2013")
    update = action.updates.get(period=april)
    record_update(
        action,
        april,
        rating="G",
        narrative="Performances booked.",
        by=user,
        expected_version=update.version,
    )
    update_action(
        action, by=user, expected_version=action.version, description=action.description,
        lead_person=action.lead_person, lead_group=action.lead_group,
        due_date=datetime.date(2013, 9, 30), due_date_precision="day", status="completed",
        reason="Agreed at CSECAG",
    )  # fmt: skip
    return action


def _cell(cell) -> tuple:
    update = cell.update
    return (cell.period.label, update.rating if update else "", update.narrative if update else "")


def _fields(snapshot) -> list:
    """Every field the plan page and export show, row by row."""
    periods, sections = plan_layout(snapshot, today=datetime.date(2026, 1, 1))
    return [
        (
            row.action.pk, row.action.full_reference, row.action.description, row.lead,
            row.action.due_date, row.action.due_date_precision, row.action.status, row.progress,
            [_cell(cell) for cell in row.cells],
        )
        for section in sections
        for row in section.rows
    ] + [(p.label, p.start_date, p.is_closed) for p in periods]  # fmt: skip


def test_the_plan_as_at_a_moment_between_two_edits_matches_the_earlier_state(
    seed_plan: Plan, coordinator: User
) -> None:
    before = _fields(current_snapshot(seed_plan))
    before_csv = export_csv(seed_plan)
    between = timezone.now()
    _edit(seed_plan, coordinator)
    assert _fields(current_snapshot(seed_plan)) != before
    then = snapshot_as_at(seed_plan, between)
    assert _fields(then) == before
    assert export_csv(then) == before_csv


def test_before_the_plan_existed_there_is_nothing_to_show(seed_plan: Plan) -> None:
    # The seed plan was entered on its first day, 1 April 2012 (fixtures/README.md).
    then = snapshot_as_at(seed_plan, parse_as_at("31/03/2012"))
    assert (then.themes, then.actions, then.periods) == ([], [], [])


def test_the_comparison_names_what_changed(seed_plan: Plan, coordinator: User) -> None:
    between = timezone.now()
    action = _edit(seed_plan, coordinator)
    result = compare(snapshot_as_at(seed_plan, between), current_snapshot(seed_plan))
    assert [(m.action.pk, m.period_label, m.before, m.after) for m in result.ratings] == [
        (action.pk, "Apr 2013", "Amber (A)", "Green (G)")
    ]
    assert [(r.before, r.after) for r in result.dates] == [("31/08/2013", "30/09/2013")]
    assert [a.pk for a in result.completed] == [action.pk]
    assert [n.after for n in result.narratives] == ["Performances booked."]
    assert not result.added and not result.removed


def test_the_plan_page_and_export_take_an_as_at_date(
    client: Client, seed_plan: Plan, reviewer: User, coordinator: User
) -> None:
    _edit(seed_plan, coordinator)
    client.force_login(reviewer)
    today = timezone.localdate().isoformat()
    page = client.get(f"/plans/cse-2012-14/?as_at={today}").content.decode()
    assert "You are looking at the plan as it stood at the end of" in page
    assert "Performances booked." in page
    before = "2012-03-31"  # the day before the seed plan was entered
    page = client.get(f"/plans/cse-2012-14/?as_at={before}").content.decode()
    assert "The plan had not been entered in the service by that date" in page
    assert "Rate and update" not in page  # a past plan is read only
    bad = client.get("/plans/cse-2012-14/?as_at=31/02/2013").content.decode()
    assert "Enter a real date, such as 30/04/2013" in bad
    download = client.get(f"/plans/cse-2012-14/export.csv?as_at={before}")
    assert download.status_code == 200 and f"as-at-{before}" in download["Content-Disposition"]
    assert download.content.decode("utf-8-sig").count("\n") == 1  # the header alone


def test_the_dashboard_takes_an_as_at_date(client: Client, seed_plan: Plan, reviewer: User) -> None:
    client.force_login(reviewer)
    today = timezone.localdate().strftime("%d/%m/%Y")
    page = client.get(f"/?as_at={today}").content.decode()
    assert "You are looking at the plan as it stood" in page and "Ratings by theme" in page


def test_the_compare_page(
    client: Client, seed_plan: Plan, reviewer: User, coordinator: User
) -> None:
    client.force_login(reviewer)
    before = "31/03/2012"  # the day before the seed plan was entered
    today = timezone.localdate().strftime("%d/%m/%Y")
    page = client.get(f"/plans/cse-2012-14/compare/?from={before}&to={today}").content.decode()
    assert "Actions added, removed or completed" in page and "Added: 1.1" in page
    page = client.get("/plans/cse-2012-14/compare/?from=nonsense&to=").content.decode()
    assert (
        "govuk-error-summary" in page
        and "Enter the first date" in page
        and "Enter the second date" in page
    )
    page = client.get(f"/plans/cse-2012-14/compare/?from={today}&to={before}").content.decode()
    assert "The second date must be the same as or after the first" in page
