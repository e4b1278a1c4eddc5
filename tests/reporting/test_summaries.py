"""The dashboard's summaries: rating counts, overdue actions, my actions and recent changes."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Plan
from actions.ratings import RatingScale
from actions.snapshot import current_snapshot
from governance.models import Group, Membership, User
from reporting import summaries
from tests.conftest import (
    make_action,
    make_group,
    make_period,
    make_person,
    make_plan,
    make_theme,
    make_update,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2013, 7, 15)


def snap(plan):
    return current_snapshot(plan)


def _counts(row: summaries.RatingsRow) -> dict[str, tuple[int, int]]:
    """A row as {letter or "-": (count, share)}."""
    return {
        (item.option.letter if item.option else "-"): (item.count, item.share)
        for item in row.counts
    }


@pytest.fixture
def rated_plan(plan: Plan) -> Plan:
    """Two themes and two periods; theme 1 has a parent action with two sub-actions."""
    july, october = make_period(plan, label="Jul 2012"), make_period(plan, label="Oct 2012")
    first, second = make_theme(plan, title="Prevention"), make_theme(plan, title="Justice")
    make_update(make_action(first), july, rating="G")
    parent = make_action(first)
    make_update(parent, july, rating="R")  # a parent's rating, if it had one, is not counted
    make_update(make_action(first, parent=parent, reference="a"), july, rating="A")
    make_action(first, parent=parent, reference="b")  # no update at all: not rated
    make_update(make_action(second), july, rating="R")
    make_update(make_action(second), july, rating="")  # a blank rating: not rated
    make_update(make_action(second), october, rating="G")  # rated in October only
    return plan


# Ratings by theme --------------------------------------------------------------------------------


def test_it_counts_each_rating_by_theme_with_its_share(rated_plan: Plan) -> None:
    july = rated_plan.periods.get(label="Jul 2012")
    table = summaries.ratings_by_theme(snap(rated_plan), july)
    assert [row.label for row in table.themes] == ["1. Prevention", "2. Justice"]
    prevention, justice = table.themes
    assert _counts(prevention) == {"G": (1, 33), "A": (1, 33), "R": (0, 0), "-": (1, 33)}
    assert prevention.total == 3
    assert _counts(justice) == {"G": (0, 0), "A": (0, 0), "R": (1, 33), "-": (2, 67)}
    assert table.total.label == "All themes"
    assert _counts(table.total) == {"G": (1, 17), "A": (1, 17), "R": (1, 17), "-": (3, 50)}
    assert table.total.total == 6
    assert [option.letter for option in table.options] == ["G", "A", "R"]


def test_parent_actions_are_left_out_of_the_counts(rated_plan: Plan) -> None:
    july = rated_plan.periods.get(label="Jul 2012")
    prevention = summaries.ratings_by_theme(snap(rated_plan), july).themes[0]
    # Three actions that can be rated (one numbered, two sub-actions), not four; and the
    # parent's stray Red is not counted.
    assert prevention.total == 3
    assert prevention.count_of("R") == 0


def test_actions_without_an_update_or_with_a_blank_rating_count_as_not_rated(
    rated_plan: Plan,
) -> None:
    october = rated_plan.periods.get(label="Oct 2012")
    table = summaries.ratings_by_theme(snap(rated_plan), october)
    assert table.total.count_of("G") == 1
    assert table.total.count_of("") == 5
    assert table.total.counts[-1].label == "Not rated"


def test_a_theme_without_actions_has_a_row_of_noughts(plan: Plan) -> None:
    period = make_period(plan)
    make_theme(plan, title="Empty")
    (row,) = summaries.ratings_by_theme(snap(plan), period).themes
    assert row.total == 0
    assert all(item.share == 0 for item in row.counts)


def test_the_counts_follow_the_plans_scale() -> None:
    plan = make_plan(rating_scale=RatingScale.DELIVERY_CONFIDENCE)
    period = make_period(plan)
    make_update(make_action(make_theme(plan)), period, rating="AG")
    table = summaries.ratings_by_theme(snap(plan), period)
    assert [item.label for item in table.total.counts] == [
        "Green",
        "Amber/Green",
        "Amber",
        "Amber/Red",
        "Red",
        "Not rated",
    ]
    assert table.total.count_of("AG") == 1


# Ratings over the periods ------------------------------------------------------------------------


def test_it_counts_the_ratings_of_every_period(rated_plan: Plan) -> None:
    july, october = summaries.ratings_over_periods(snap(rated_plan))
    assert (july.label, october.label) == ("Jul 2012", "Oct 2012")
    assert _counts(july) == {"G": (1, 17), "A": (1, 17), "R": (1, 17), "-": (3, 50)}
    assert _counts(october) == {"G": (1, 17), "A": (0, 0), "R": (0, 0), "-": (5, 83)}
    assert july.total == october.total == 6


def test_the_summaries_make_the_same_few_queries_for_a_larger_plan(rated_plan: Plan) -> None:
    def queries() -> int:
        july = rated_plan.periods.get(label="Jul 2012")
        with CaptureQueriesContext(connection) as captured:
            snapshot = snap(rated_plan)  # the snapshot's queries are all there are
            summaries.ratings_by_theme(snapshot, july)
            summaries.ratings_over_periods(snapshot)
        return len(captured.captured_queries)

    small = queries()
    theme = make_theme(rated_plan)
    for period in rated_plan.periods.all():
        for _ in range(20):
            make_update(make_action(theme), period, rating="A")
    assert queries() == small <= 6


# Overdue actions ---------------------------------------------------------------------------------


def test_overdue_actions_are_open_and_past_their_day_or_end_of_month(plan: Plan) -> None:
    theme = make_theme(plan)
    month = Action.Precision.MONTH
    yesterday = make_action(theme, due_date=TODAY - datetime.timedelta(days=1))
    make_action(theme, due_date=TODAY)  # due today: not overdue yet
    last_month = make_action(theme, due_date=datetime.date(2013, 6, 1), due_date_precision=month)
    make_action(theme, due_date=datetime.date(2013, 7, 1), due_date_precision=month)  # July
    make_action(theme, due_date=datetime.date(2013, 1, 1), status=Action.Status.COMPLETED)
    make_action(theme, due_date=datetime.date(2013, 1, 1), status=Action.Status.WITHDRAWN)
    make_action(theme, due_date=None, due_date_note="Ongoing")
    overdue = summaries.overdue_actions(snap(plan), TODAY)
    assert [row.action for row in overdue] == [last_month, yesterday]  # June's end first
    assert all(row.is_overdue for row in overdue)


def test_a_month_precision_action_is_overdue_from_the_first_of_the_next_month(plan: Plan) -> None:
    june = make_action(
        make_theme(plan),
        due_date=datetime.date(2013, 6, 1),
        due_date_precision=Action.Precision.MONTH,
    )
    assert summaries.overdue_actions(snap(plan), datetime.date(2013, 6, 30)) == []
    assert [
        row.action for row in summaries.overdue_actions(snap(plan), datetime.date(2013, 7, 1))
    ] == [june]


def test_overdue_actions_are_only_the_plans_own(plan: Plan) -> None:
    make_action(make_theme(make_plan()), due_date=datetime.date(2012, 1, 1))
    assert summaries.overdue_actions(snap(plan), TODAY) == []


# My actions --------------------------------------------------------------------------------------


def _led(user: User, plan: Plan) -> list[Action]:
    return [row.action for row in summaries.actions_led_by(user, snap(plan))]


def test_my_actions_are_those_led_in_person_as_co_lead_or_through_a_group(
    plan: Plan, lead_member: User, group_with_member: Group
) -> None:
    theme = make_theme(plan)
    in_person = make_action(theme, lead_person=lead_member.person)
    co_led = make_action(theme, lead_person=make_person())
    co_led.co_leads.add(lead_member.person)
    by_group = make_action(theme, lead_group=group_with_member)
    make_action(theme, lead_group=make_group())  # a group Alice is not in
    make_action(theme, lead_person=make_person())
    make_action(make_theme(make_plan()), lead_person=lead_member.person)  # another plan
    assert _led(lead_member, plan) == [in_person, co_led, by_group]


def test_an_action_led_several_ways_is_listed_once(
    plan: Plan, lead_member: User, group_with_member: Group
) -> None:
    action = make_action(make_theme(plan), lead_person=lead_member.person)
    action.lead_group = group_with_member
    action.save()
    action.co_leads.add(lead_member.person)
    assert _led(lead_member, plan) == [action]


def test_an_account_that_is_nobody_in_the_plan_leads_nothing(plan: Plan, reviewer: User) -> None:
    make_action(make_theme(plan), lead_person=make_person())
    assert summaries.person_of(reviewer) is None
    assert _led(reviewer, plan) == []


def test_my_actions_carry_this_periods_rating(plan: Plan, led_action: Action) -> None:
    july, october = make_period(plan), make_period(plan)
    make_update(led_action, july, rating="R")
    make_update(led_action, october, rating="G")
    snapshot = snap(plan)
    (row,) = summaries.actions_led_by(led_action.lead_person.user, snapshot)
    action = row.action
    assert summaries.rating_in(snapshot, action, july).words == "Red"
    assert summaries.rating_in(snapshot, action, october).words == "Green"
    assert summaries.rating_in(snapshot, action, make_period(plan)) is None
    assert row.is_parent is False


# The seed plan -----------------------------------------------------------------------------------


def test_the_seed_plan_at_apr_2013_counts_its_23_actions_that_can_be_rated() -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    plan = Plan.objects.get(slug="cse-2012-14")
    april = plan.periods.get(label="Apr 2013")
    table = summaries.ratings_by_theme(snap(plan), april)
    # Counted from fixtures/cse-2012-14.json: 26 actions, of which 3 (1.2, 2.1, 2.3) are parents.
    assert table.total.total == 23
    assert _counts(table.total) == {"G": (8, 35), "A": (12, 52), "R": (3, 13), "-": (0, 0)}
    assert [row.total for row in table.themes] == [3, 8, 8, 2, 2]
    july = summaries.ratings_over_periods(snap(plan))[0]
    assert _counts(july) == {"G": (5, 22), "A": (10, 43), "R": (6, 26), "-": (2, 9)}
    assert summaries.current_plan_slug() == "cse-2012-14"


def test_the_current_plan_is_the_one_whose_latest_period_starts_last() -> None:
    assert summaries.current_plan_slug() is None
    older, newer = make_plan(title="B older"), make_plan(title="C newer")
    make_plan(title="A no periods")
    make_period(older, start_date=datetime.date(2012, 1, 1), end_date=datetime.date(2012, 3, 31))
    make_period(older, start_date=datetime.date(2013, 1, 1), end_date=datetime.date(2013, 3, 31))
    make_period(newer, start_date=datetime.date(2013, 4, 1), end_date=datetime.date(2013, 6, 30))
    assert summaries.current_plan_slug() == newer.slug


def test_membership_gives_a_group_lead(plan: Plan, other_member: User) -> None:
    group = make_group()
    Membership.objects.create(person=other_member.person, group=group)
    action = make_action(make_theme(plan), lead_group=group)
    assert _led(other_member, plan) == [action]
