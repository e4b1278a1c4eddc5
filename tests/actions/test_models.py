"""The plan's models: the invariants the database keeps, and what the models say of themselves."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import Action, Plan, ProgressUpdate
from actions.ratings import RatingScale
from tests.conftest import (
    make_action,
    make_group,
    make_period,
    make_person,
    make_theme,
    make_update,
)

pytestmark = pytest.mark.django_db

JUNE_2013 = datetime.date(2013, 6, 1)


def _integrity_error() -> pytest.RaisesContext:
    return pytest.raises(IntegrityError)


# Invariants -------------------------------------------------------------------------------------


def test_it_refuses_a_second_update_for_the_same_action_and_period(plan: Plan) -> None:
    action, period = make_action(make_theme(plan)), make_period(plan)
    make_update(action, period, rating="G")
    duplicate = ProgressUpdate(action=action, period=period, scale=plan.rating_scale, rating="R")
    with pytest.raises(ValidationError, match="This action already has an update for this period"):
        duplicate.full_clean()
    with _integrity_error(), transaction.atomic():
        duplicate.save()


def test_references_are_unique_within_a_theme(plan: Plan) -> None:
    theme = make_theme(plan)
    make_action(theme, reference="1.1")
    duplicate = Action(theme=theme, reference="1.1", description="Again")
    with pytest.raises(ValidationError, match="Another action of this theme has this reference"):
        duplicate.full_clean()
    with _integrity_error(), transaction.atomic():
        duplicate.save()


def test_sub_action_letters_are_unique_within_their_parent_only(plan: Plan) -> None:
    theme = make_theme(plan)
    first, second = make_action(theme, reference="1.2"), make_action(theme, reference="1.3")
    make_action(theme, parent=first, reference="a")
    make_action(theme, parent=second, reference="a")  # another parent: allowed
    make_action(theme, reference="a")  # a lettered action of the theme itself: allowed
    duplicate = Action(theme=theme, parent=first, reference="a", description="Again")
    with pytest.raises(ValidationError, match="Another sub-action of this action"):
        duplicate.full_clean()
    with _integrity_error(), transaction.atomic():
        duplicate.save()


def test_the_same_reference_may_appear_in_another_theme(plan: Plan) -> None:
    make_action(make_theme(plan), reference="a")
    make_action(make_theme(plan), reference="a")
    assert plan.actions().count() == 2


@pytest.mark.parametrize(
    ("scale", "rating", "allowed"),
    [
        (RatingScale.RAG, "G", True),
        (RatingScale.RAG, "", True),
        (RatingScale.RAG, "B", False),
        (RatingScale.RAG, "AG", False),
        (RatingScale.BRAG, "B", True),
        (RatingScale.BRAG, "AR", False),
        (RatingScale.DELIVERY_CONFIDENCE, "AG", True),
        (RatingScale.DELIVERY_CONFIDENCE, "B", False),
    ],
)
def test_a_rating_must_be_on_the_plans_scale(scale: str, rating: str, allowed: bool) -> None:
    theme = make_theme(Plan.objects.create(slug="s", title="S", rating_scale=scale))
    period = make_period(theme.plan)
    update = ProgressUpdate(action=make_action(theme), period=period, scale=scale, rating=rating)
    if allowed:
        update.full_clean()
        update.save()
        return
    with pytest.raises(ValidationError, match="Select a rating from the plan's rating scale"):
        update.full_clean()
    with _integrity_error(), transaction.atomic():
        update.save()


def test_an_update_takes_the_plans_scale_when_saved(plan: Plan) -> None:
    update = ProgressUpdate.objects.create(
        action=make_action(make_theme(plan)), period=make_period(plan), rating="A"
    )
    assert update.scale == RatingScale.RAG


def test_the_due_date_precision_is_day_or_month(plan: Plan) -> None:
    action = make_action(make_theme(plan), due_date=JUNE_2013)
    action.due_date_precision = "week"
    with pytest.raises(ValidationError):
        action.full_clean()
    with _integrity_error(), transaction.atomic():
        action.save()


def test_a_month_precision_date_is_kept_as_the_first_of_the_month(plan: Plan) -> None:
    action = make_action(
        make_theme(plan), due_date=datetime.date(2012, 6, 17), due_date_precision="month"
    )
    action.refresh_from_db()
    assert action.due_date == datetime.date(2012, 6, 1)
    assert action.due_date_display == "June 2012"


def test_a_period_cannot_end_before_it_starts(plan: Plan) -> None:
    with _integrity_error(), transaction.atomic():
        make_period(plan, start_date=JUNE_2013, end_date=datetime.date(2013, 5, 1))


def test_the_rating_scale_cannot_change_once_actions_are_rated(plan: Plan) -> None:
    make_update(make_action(make_theme(plan)), make_period(plan), rating="G")
    plan.rating_scale = RatingScale.BRAG
    with pytest.raises(ValidationError, match="cannot change once actions have been rated"):
        plan.full_clean()


def test_an_update_must_be_for_a_period_of_the_actions_plan(plan: Plan) -> None:
    other_period = make_period(make_theme().plan)
    update = ProgressUpdate(action=make_action(make_theme(plan)), period=other_period, scale="RAG")
    with pytest.raises(ValidationError, match="must belong to the action's plan"):
        update.full_clean()


# Overdue ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (datetime.date(2013, 6, 29), False),
        (datetime.date(2013, 6, 30), False),  # due today is not late
        (datetime.date(2013, 7, 1), True),
    ],
)
def test_a_day_precision_action_is_overdue_the_day_after(
    today: datetime.date, overdue: bool
) -> None:
    action = make_action(due_date=datetime.date(2013, 6, 30))
    assert action.is_overdue(today) is overdue


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        (datetime.date(2013, 6, 2), False),
        (datetime.date(2013, 6, 30), False),  # June 2013 means by the end of June
        (datetime.date(2013, 7, 1), True),
    ],
)
def test_a_month_precision_action_is_overdue_after_the_month(
    today: datetime.date, overdue: bool
) -> None:
    action = make_action(due_date=JUNE_2013, due_date_precision="month")
    assert action.is_overdue(today) is overdue


@pytest.mark.parametrize("status", [Action.Status.COMPLETED, Action.Status.WITHDRAWN])
def test_completed_and_withdrawn_actions_are_never_overdue(status: str) -> None:
    action = make_action(due_date=JUNE_2013, status=status)
    assert not action.is_overdue(datetime.date(2020, 1, 1))


def test_an_action_without_a_due_date_is_never_overdue() -> None:
    assert not make_action(due_date=None).is_overdue(datetime.date(2030, 1, 1))


# Progress ---------------------------------------------------------------------------------------


def test_latest_progress_is_the_narrative_of_the_latest_period_that_has_one(plan: Plan) -> None:
    action = make_action(make_theme(plan))
    jul, octo, jan = make_period(plan), make_period(plan), make_period(plan)
    make_update(action, octo, rating="A", narrative="Training report drafted.")
    make_update(action, jul, rating="R", narrative="Working group set up.")
    make_update(action, jan, rating="A", narrative="  ")
    assert action.latest_update().period == jan
    assert action.latest_progress() == "Training report drafted."


def test_an_action_with_no_updates_has_no_progress() -> None:
    action = make_action()
    assert action.latest_update() is None
    assert action.latest_progress() == ""


def test_the_current_period_is_the_latest_one_begun(plan: Plan) -> None:
    jul, octo = make_period(plan), make_period(plan)
    assert plan.current_period(jul.start_date - datetime.timedelta(days=1)) == jul
    assert plan.current_period(octo.start_date) == octo
    assert plan.current_period(datetime.date(2030, 1, 1)) == octo


# How actions read -------------------------------------------------------------------------------


def test_the_lead_reads_as_the_plan_writes_it() -> None:
    joanna, wgap = make_person(name="Joanna Williams"), make_group(short_name="WGAP")
    assert make_action(lead_person=joanna, lead_group=wgap).lead_display == "Joanna Williams (WGAP)"
    assert make_action(lead_person=joanna).lead_display == "Joanna Williams"
    assert make_action(lead_group=wgap).lead_display == "WGAP"
    assert make_action().lead_display == ""


def test_references_read_as_the_document_prints_them(plan: Plan) -> None:
    theme = make_theme(plan)
    parent = make_action(theme, reference="1.2")
    child = make_action(theme, parent=parent, reference="a")
    lettered = make_action(theme, reference="b")
    assert (parent.display_reference, parent.full_reference) == ("1.2", "1.2")
    assert (child.display_reference, child.full_reference) == ("a)", "1.2a")
    assert (lettered.display_reference, lettered.full_reference) == ("b)", "b)")
    assert parent.is_parent() and not child.is_parent()


def test_a_due_date_reads_at_its_precision() -> None:
    assert make_action(due_date=datetime.date(2013, 6, 30)).due_date_display == "30/06/2013"
    assert (
        make_action(due_date=JUNE_2013, due_date_precision="month").due_date_display == "June 2013"
    )
    assert (
        make_action(due_date=None, due_date_note="To be agreed").due_date_display == "To be agreed"
    )


def test_a_member_of_the_lead_group_leads_the_action(lead_member, other_member) -> None:
    group = make_group(short_name="WGAC")
    lead_member.person.memberships.create(group=group)
    action = make_action(lead_group=group)
    assert action.is_led_by(lead_member.person)
    assert not action.is_led_by(other_member.person)
