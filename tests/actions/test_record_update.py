"""record_update: rating an action for a period, with history and stale-edit protection."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from actions.models import Action, Plan, ProgressUpdate
from actions.services import record_update
from cseplan.lib.edits import StaleEditError
from governance.models import User
from tests.conftest import make_period

pytestmark = pytest.mark.django_db


def test_it_creates_the_update_with_a_history_row_naming_user_and_reason(
    led_action: Action, plan: Plan, lead_member: User
) -> None:
    period = make_period(plan)
    update = record_update(
        led_action,
        period,
        rating="A",
        narrative="Report to CSECAG on 16/04/2013.",
        by=lead_member,
        expected_version=0,
        reason="Quarterly review",
    )
    assert (update.rating, update.version) == ("A", 1)
    history = update.history.get()
    assert history.history_user == lead_member
    assert history.history_change_reason == "Quarterly review"
    assert history.history_type == "+"


def test_each_change_adds_a_history_row_with_the_old_values_kept(
    led_action: Action, plan: Plan, lead_member: User, coordinator: User
) -> None:
    period = make_period(plan)
    record_update(led_action, period, rating="R", narrative="", by=lead_member, expected_version=0)
    record_update(
        led_action,
        period,
        rating="A",
        narrative="Better",
        by=coordinator,
        expected_version=1,
        reason="Agreed at the meeting",
    )
    newest, oldest = ProgressUpdate.history.filter(action=led_action).order_by("-history_id")
    assert (oldest.rating, oldest.history_user) == ("R", lead_member)
    assert (newest.rating, newest.history_user, newest.history_change_reason) == (
        "A",
        coordinator,
        "Agreed at the meeting",
    )
    delta = newest.diff_against(oldest)
    assert {change.field for change in delta.changes} == {"rating", "narrative", "version"}


def test_it_rejects_a_stale_update_and_writes_nothing(
    led_action: Action, plan: Plan, lead_member: User, coordinator: User
) -> None:
    period = make_period(plan)
    record_update(
        led_action, period, rating="R", narrative="Mine", by=coordinator, expected_version=0
    )
    with pytest.raises(StaleEditError) as refused:
        record_update(
            led_action, period, rating="G", narrative="Theirs", by=lead_member, expected_version=0
        )
    assert refused.value.current.narrative == "Mine"
    update = ProgressUpdate.objects.get(action=led_action, period=period)
    assert (update.rating, update.narrative, update.version) == ("R", "Mine", 1)
    assert update.history.count() == 1


def test_it_rejects_a_rating_off_the_scale_and_writes_nothing(
    led_action: Action, plan: Plan, lead_member: User
) -> None:
    period = make_period(plan)
    with pytest.raises(ValidationError, match="Select a rating from the plan's rating scale"):
        record_update(
            led_action, period, rating="B", narrative="", by=lead_member, expected_version=0
        )
    assert not ProgressUpdate.objects.exists()
    assert not ProgressUpdate.history.exists()
