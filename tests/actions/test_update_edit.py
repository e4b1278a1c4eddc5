"""The update form: one action's rating and progress for one review."""

from __future__ import annotations

import pytest
from django.test import Client

from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod
from governance.models import User
from tests.conftest import make_action, make_period, make_theme, make_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(plan: Plan) -> ReportingPeriod:
    return make_period(plan, label="Apr 2013")


def _url(action: Action, period: ReportingPeriod) -> str:
    return f"/plans/{action.theme.plan.slug}/actions/{action.pk}/reviews/{period.pk}/"


def test_the_lead_sets_the_rating_and_progress(
    client: Client, led_action: Action, period: ReportingPeriod, lead_member: User
) -> None:
    client.force_login(lead_member)
    page = client.get(_url(led_action, period)).content.decode()
    assert "Rating and progress at the Apr 2013 review" in page and "Green (G)" in page
    response = client.post(
        _url(led_action, period), {"rating": "G", "narrative": "Done\r\nwell", "version": "0"}
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=led_action, period=period)
    assert (update.rating, update.narrative, update.version) == ("G", "Done\nwell", 1)
    assert update.history.get().history_user == lead_member


def test_a_member_of_the_lead_group_may_update(
    client: Client, plan: Plan, period: ReportingPeriod, lead_member: User, group_with_member
) -> None:
    action = make_action(make_theme(plan), lead_group=group_with_member)
    client.force_login(lead_member)
    assert (
        client.post(
            _url(action, period), {"rating": "A", "narrative": "", "version": "0"}
        ).status_code
        == 302
    )


def test_a_stale_form_is_refused_showing_both_versions(
    client: Client,
    led_action: Action,
    period: ReportingPeriod,
    lead_member: User,
    coordinator: User,
) -> None:
    make_update(led_action, period, rating="R", narrative="Coordinator's words")
    client.force_login(lead_member)
    response = client.post(
        _url(led_action, period), {"rating": "G", "narrative": "My words", "version": "0"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "saved a change after you opened this page" in text
    assert "Coordinator&#x27;s words" in text and "My words" in text
    assert "Red (R)" in text and "Green (G)" in text
    update = ProgressUpdate.objects.get()
    assert (update.rating, update.narrative) == ("R", "Coordinator's words")
    # The form now carries the saved version: saving again is a deliberate overwrite.
    assert 'name="version" value="1"' in text


def test_members_cannot_change_a_closed_period(
    client: Client, led_action: Action, plan: Plan, lead_member: User
) -> None:
    closed = make_period(plan, is_closed=True)
    client.force_login(lead_member)
    assert client.get(_url(led_action, closed)).status_code == 403
    assert client.post(_url(led_action, closed), {"rating": "G", "version": "0"}).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_coordinator_changes_a_closed_period_only_with_a_reason(
    client: Client, led_action: Action, plan: Plan, coordinator: User
) -> None:
    closed = make_period(plan, is_closed=True)
    client.force_login(coordinator)
    text = client.post(_url(led_action, closed), {"rating": "G", "version": "0"}).content.decode()
    assert (
        "govuk-error-summary" in text
        and "Give the reason for changing a rating of a closed period" in text
    )
    assert not ProgressUpdate.objects.exists()
    client.post(_url(led_action, closed), {"rating": "G", "version": "0", "reason": "Agreed late"})
    assert ProgressUpdate.objects.get().history.get().history_change_reason == "Agreed late"


@pytest.mark.parametrize("persona", ["reviewer", "other_member"])
def test_reviewers_and_other_members_may_not_update(
    client: Client, led_action: Action, period: ReportingPeriod, persona: str, request
) -> None:
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url(led_action, period)).status_code == 403
    assert client.post(_url(led_action, period), {"rating": "G", "version": "0"}).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_period_of_another_plan_is_not_found(
    client: Client, led_action: Action, lead_member: User
) -> None:
    other = make_period(make_theme().plan)
    client.force_login(lead_member)
    assert client.get(_url(led_action, other)).status_code == 404


def test_a_parent_action_has_no_rating_of_its_own(
    client: Client, plan: Plan, period: ReportingPeriod, coordinator: User
) -> None:
    parent = make_action(make_theme(plan))
    make_action(parent.theme, parent=parent, reference="a")
    client.force_login(coordinator)
    assert client.get(_url(parent, period)).status_code == 403


def test_an_unknown_rating_is_refused_with_an_error_summary(
    client: Client, led_action: Action, period: ReportingPeriod, lead_member: User
) -> None:
    client.force_login(lead_member)
    text = client.post(_url(led_action, period), {"rating": "B", "version": "0"}).content.decode()
    assert "govuk-error-summary" in text
    assert 'href="#id_rating_1"' in text
    assert not ProgressUpdate.objects.exists()


def test_the_form_is_get_and_post_only_and_needs_a_login(
    client: Client, led_action: Action, period: ReportingPeriod, lead_member: User
) -> None:
    assert client.get(_url(led_action, period)).status_code == 302
    client.force_login(lead_member)
    assert client.put(_url(led_action, period)).status_code == 405
