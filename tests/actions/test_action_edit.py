"""Editing an action: description, lead, due date with a reason, status."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from actions.models import Action
from governance.models import User
from tests.conftest import make_action, make_group, make_person

pytestmark = pytest.mark.django_db


def _url(action: Action) -> str:
    return f"/plans/{action.theme.plan.slug}/actions/{action.pk}/edit/"


def _form(action: Action, **changes: str) -> dict[str, str]:
    due = action.due_date
    data = {
        "description": action.description,
        "lead_person": str(action.lead_person_id or ""),
        "lead_group": str(action.lead_group_id or ""),
        "due_date_0": str(due.day) if due else "",
        "due_date_1": str(due.month) if due else "",
        "due_date_2": str(due.year) if due else "",
        "status": action.status,
        "reason": "",
        "version": str(action.version),
    }
    return {**data, **changes}


@pytest.fixture
def action(db: None) -> Action:
    return make_action(
        due_date=datetime.date(2013, 6, 30), lead_person=make_person(name="Joanna Williams")
    )


def test_a_coordinator_revises_the_due_date_with_a_reason(
    client: Client, action: Action, coordinator: User
) -> None:
    client.force_login(coordinator)
    response = client.post(
        _url(action),
        _form(action, due_date_0="30", due_date_1="9", reason="Put back after OMG feedback"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.due_date, action.version) == (datetime.date(2013, 9, 30), 2)
    latest = action.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        coordinator,
        "Put back after OMG feedback",
    )
    page = client.get(f"/plans/{action.theme.plan.slug}/actions/{action.pk}/").content.decode()
    assert (
        "Revised" in page
        and "Put back after OMG feedback" in page
        and "30/06/2013 → 30/09/2013" in page
    )


def test_a_changed_due_date_needs_a_reason(
    client: Client, action: Action, coordinator: User
) -> None:
    client.force_login(coordinator)
    text = client.post(_url(action), _form(action, due_date_1="9")).content.decode()
    assert "govuk-error-summary" in text and "Give the reason for changing the due date" in text
    action.refresh_from_db()
    assert action.due_date == datetime.date(2013, 6, 30)


def test_an_action_is_withdrawn_with_a_reason_and_kept(
    client: Client, action: Action, coordinator: User
) -> None:
    client.force_login(coordinator)
    text = client.post(_url(action), _form(action, status="withdrawn")).content.decode()
    assert "Give the reason for withdrawing the action" in text
    action.refresh_from_db()
    assert action.status == "open"
    reason = "Covered by the new MASH arrangements"
    assert (
        client.post(_url(action), _form(action, status="withdrawn", reason=reason)).status_code
        == 302
    )
    action.refresh_from_db()
    assert action.status == "withdrawn" and Action.objects.filter(pk=action.pk).exists()
    assert action.history.first().history_change_reason == reason


def test_leaving_the_day_empty_gives_a_month(
    client: Client, action: Action, coordinator: User
) -> None:
    client.force_login(coordinator)
    client.post(
        _url(action),
        _form(action, due_date_0="", due_date_1="9", due_date_2="2013", reason="Month only"),
    )
    action.refresh_from_db()
    assert (action.due_date_display, action.due_date_precision) == ("September 2013", "month")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2013", "The due date must be a real date"),
        ("1", "", "", "Enter the month of the due date"),
        ("1", "2", "13", "a year such as 2013"),
    ],
)
def test_an_impossible_date_is_refused_in_plain_words(
    client: Client, action: Action, coordinator: User, day: str, month: str, year: str, message: str
) -> None:
    client.force_login(coordinator)
    text = client.post(
        _url(action), _form(action, due_date_0=day, due_date_1=month, due_date_2=year, reason="x")
    ).content.decode()
    assert message in text
    assert "out of range" not in text
    action.refresh_from_db()
    assert action.version == 1


def test_the_lead_can_become_a_person_in_a_group(
    client: Client, action: Action, coordinator: User
) -> None:
    group = make_group(short_name="WGAP")
    client.force_login(coordinator)
    client.post(_url(action), _form(action, lead_group=str(group.pk)))
    action.refresh_from_db()
    assert action.lead_display == "Joanna Williams (WGAP)"


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(
    client: Client, action: Action, coordinator: User, chair: User
) -> None:
    client.force_login(chair)
    client.post(_url(action), _form(action, description="Chair's words"))
    client.force_login(coordinator)
    text = client.post(
        _url(action), _form(action, description="Coordinator's words")
    ).content.decode()
    assert "saved a change after you opened this page" in text
    assert "Chair&#x27;s words" in text and "Coordinator&#x27;s words" in text
    action.refresh_from_db()
    assert action.description == "Chair's words"


@pytest.mark.parametrize("persona", ["reviewer", "lead_member"])
def test_reviewers_and_members_may_not_edit_actions(
    client: Client, action: Action, persona: str, request
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(action)).status_code == 403
    assert client.post(_url(action), _form(action, description="Mine")).status_code == 403
    action.refresh_from_db()
    assert action.description != "Mine"


def test_an_action_of_another_plan_is_not_found(
    client: Client, action: Action, coordinator: User
) -> None:
    other = make_action()
    client.force_login(coordinator)
    assert (
        client.get(f"/plans/{action.theme.plan.slug}/actions/{other.pk}/edit/").status_code == 404
    )
