"""Revising a due date with a reason: the action's leads and plan editors may."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from actions.models import Action
from governance.models import User
from tests.conftest import make_action, make_theme

pytestmark = pytest.mark.django_db


def _url(action: Action) -> str:
    return f"/plans/{action.theme.plan.slug}/actions/{action.pk}/due-date/"


def _form(action: Action, day: str, month: str, year: str, reason: str = "") -> dict[str, str]:
    data = {"due_date_0": day, "due_date_1": month, "due_date_2": year}
    return {**data, "reason": reason, "version": str(action.version)}


def test_the_lead_puts_the_date_back_with_a_reason(
    client: Client, led_action: Action, lead_member: User
) -> None:
    client.force_login(lead_member)
    assert (
        "Revise the due date"
        in client.get(
            f"/plans/{led_action.theme.plan.slug}/actions/{led_action.pk}/"
        ).content.decode()
    )
    response = client.post(
        _url(led_action), _form(led_action, "", "9", "2013", "Waiting for OMG approval")
    )
    assert response.status_code == 302
    led_action.refresh_from_db()
    assert (led_action.due_date_display, led_action.version) == ("September 2013", 2)
    record = led_action.history.first()
    assert (record.history_user, record.history_change_reason) == (
        lead_member,
        "Waiting for OMG approval",
    )


def test_a_reason_is_required(client: Client, led_action: Action, lead_member: User) -> None:
    client.force_login(lead_member)
    text = client.post(_url(led_action), _form(led_action, "30", "9", "2013")).content.decode()
    assert "Give the reason for changing the due date" in text and 'href="#id_reason"' in text
    led_action.refresh_from_db()
    assert led_action.version == 1


def test_a_stale_form_is_refused(
    client: Client, led_action: Action, lead_member: User, coordinator: User
) -> None:
    client.force_login(coordinator)
    client.post(_url(led_action), _form(led_action, "31", "10", "2013", "Coordinator's date"))
    client.force_login(lead_member)
    text = client.post(
        _url(led_action), _form(led_action, "30", "9", "2013", "Mine")
    ).content.decode()
    assert (
        "saved a change after you opened this page" in text
        and "31/10/2013" in text
        and "30/09/2013" in text
    )
    led_action.refresh_from_db()
    assert led_action.due_date == datetime.date(2013, 10, 31)


@pytest.mark.parametrize("persona", ["reviewer", "other_member"])
def test_others_may_not_revise_the_date(
    client: Client, led_action: Action, persona: str, request
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(led_action)).status_code == 403
    response = client.post(_url(led_action), _form(led_action, "30", "9", "2013", "No"))
    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()  # our page, not a bare one
    led_action.refresh_from_db()
    assert led_action.version == 1


def test_a_parent_actions_date_is_not_revised_here(client: Client, coordinator: User) -> None:
    parent = make_action(make_theme())
    make_action(parent.theme, parent=parent, reference="a")
    client.force_login(coordinator)
    assert client.get(_url(parent)).status_code == 403


def test_a_lead_cannot_remove_the_due_date_and_the_overdue_tag_with_it(
    client: Client, led_action: Action, lead_member: User
) -> None:
    Action.objects.filter(pk=led_action.pk).update(due_date=datetime.date(2013, 3, 31))
    led_action.refresh_from_db()
    client.force_login(lead_member)
    response = client.post(_url(led_action), _form(led_action, "", "", "", "No longer needed"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "only a coordinator can remove a due date" in text and 'href="#id_due_date' in text
    led_action.refresh_from_db()
    assert (led_action.due_date, led_action.version) == (datetime.date(2013, 3, 31), 1)


def test_a_coordinator_removes_a_due_date_with_a_reason(
    client: Client, led_action: Action, coordinator: User
) -> None:
    Action.objects.filter(pk=led_action.pk).update(due_date=datetime.date(2013, 3, 31))
    led_action.refresh_from_db()
    client.force_login(coordinator)
    refused = client.post(_url(led_action), _form(led_action, "", "", ""))
    assert "Give the reason for changing the due date" in refused.content.decode()
    response = client.post(_url(led_action), _form(led_action, "", "", "", "Ongoing work"))
    assert response.status_code == 302
    led_action.refresh_from_db()
    assert led_action.due_date is None
    assert led_action.history.first().history_change_reason == "Ongoing work"
