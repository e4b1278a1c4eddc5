"""Pages kept in the cache: every saved change shows at once, and nothing passes between readers.

The plan page, the review page and the dashboard keep the part that comes from the plan's data
under a key that includes `data_version()`. These tests change the data each way the service can
and read the page again without emptying the cache.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from unittest import mock

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from actions.importing import read_plan_file
from actions.models import Action, Plan, ReportingPeriod
from actions.page_cache import data_version
from actions.services import (
    ReviewEntry,
    import_plan,
    open_period,
    record_review,
    record_update,
    revise_due_date,
    set_period_closed,
    update_action,
)
from governance.models import Group, Membership, Person, User
from tests.conftest import make_action, make_group, make_period, make_person, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(plan: Plan, led_action: Action, lead_member: User) -> Plan:
    """A plan with a theme, two actions (one led by Alice) and a rated review."""
    period = make_period(plan, label="Jul 2012", start_date=datetime.date(2012, 7, 1))
    make_action(led_action.theme, description="Map the pathways", lead_group=make_group())
    record_update(led_action, period, rating="A", narrative="Begun", by=lead_member,
                  expected_version=0)  # fmt: skip
    return plan


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _plan_page(client: Client, plan: Plan) -> str:
    return _page(client, f"/plans/{plan.slug}/")


def test_a_page_read_again_comes_from_the_cache_and_reads_the_same(
    client: Client, county: Plan, reviewer: User, django_assert_max_num_queries
) -> None:
    client.force_login(reviewer)
    with django_assert_max_num_queries(30) as first:
        text = _plan_page(client, county)
    with django_assert_max_num_queries(30) as again:
        assert _main(_plan_page(client, county)) == _main(text)
    assert len(again.captured_queries) < len(first.captured_queries)


def _main(text: str) -> str:
    return re.search("<main.*</main>", text, re.DOTALL)[0]


def _led(plan: Plan) -> Action:
    return Action.objects.get(theme__plan=plan, description="Do something useful")


def _july(plan: Plan) -> ReportingPeriod:
    return plan.periods.get(label="Jul 2012")


def _rate(plan: Plan, user: User) -> str:
    action = _led(plan)
    record_update(action, _july(plan), rating="R", narrative="Stalled", by=user,
                  expected_version=1)  # fmt: skip
    return "Jul 2012: Red"


def _correct_progress(plan: Plan, user: User) -> str:
    record_update(_led(plan), _july(plan), rating="A", narrative="Begun in earnest", by=user,
                  expected_version=1)  # fmt: skip
    return "Begun in earnest"


def _review(plan: Plan, user: User) -> str:
    record_review(_july(plan), [ReviewEntry(_led(plan), "G", "Done", 1)], by=user)
    return "Jul 2012: Green"


def _edit_action(plan: Plan, user: User) -> str:
    action = _led(plan)
    update_action(
        action, by=user, expected_version=action.version, description="Agree the protocol",
        lead_person=action.lead_person, lead_group=None, due_date=None,
        due_date_precision=Action.Precision.DAY, status=Action.Status.COMPLETED,
    )  # fmt: skip
    return "Agree the protocol"


def _revise_due_date(plan: Plan, user: User) -> str:
    action = _led(plan)
    revise_due_date(action, by=user, expected_version=action.version,
                    due_date=datetime.date(2031, 3, 31), due_date_precision="day",
                    reason="Agreed later")  # fmt: skip
    return "31/03/2031"


def _open_period(plan: Plan, user: User) -> str:
    october = datetime.date(2012, 10, 1)
    open_period(plan, by=user, label="Oct 2012", short_label="O", start_date=october,
                end_date=october + datetime.timedelta(days=91))  # fmt: skip
    return "Oct 2012: not rated"


def _import_a_review(plan: Plan, user: User) -> str:
    content = (
        b"Theme,Objective,Ref,Action,Lead,Due date,Progress,Oct 2012\r\n"
        b"1. Theme 1,,1.1,Do something useful,Alice Lead,,,G\r\n"
        b"1. Theme 1,,1.2,Map the pathways,,,,A\r\n"
    )
    preview = read_plan_file("review.csv", content, slug=plan.slug)
    assert not preview.errors, [str(problem) for problem in preview.errors]
    import_plan(preview, by=user)
    return "Oct 2012: Green"


def _rename_person(plan: Plan, user: User) -> str:
    person = Person.objects.get(name="Alice Lead")
    person.name = "Alice Renamed"
    person.save()
    return "Alice Renamed"


def _rename_group(plan: Plan, user: User) -> str:
    group = Group.objects.get(actions_led__theme__plan=plan)
    group.short_name = "NEWGRP"
    group.save()
    return "NEWGRP"


def _add_co_lead(plan: Plan, user: User) -> str:
    _led(plan).co_leads.add(make_person(name="Dana Colead"))
    return "Alice Lead / Dana Colead"


def _rename_theme(plan: Plan, user: User) -> str:
    theme = plan.themes.get()
    theme.title = "Prevention and response"
    theme.save()
    return "1. Prevention and response"


def _add_action(plan: Plan, user: User) -> str:
    make_action(plan.themes.get(), description="Commission a review")
    return "Commission a review"


@pytest.mark.parametrize(
    "change",
    [
        _rate, _correct_progress, _review, _edit_action, _revise_due_date, _open_period,
        _import_a_review, _rename_person, _rename_group, _add_co_lead, _rename_theme, _add_action,
    ],
    ids=lambda change: change.__name__.strip("_"),
)  # fmt: skip
def test_the_plan_page_shows_each_kind_of_change_at_once(
    client: Client, county: Plan, coordinator: User, change: Callable[[Plan, User], str]
) -> None:
    client.force_login(coordinator)
    before = _plan_page(client, county)
    _plan_page(client, county)  # now from the cache
    shown = change(county, coordinator)
    assert shown not in before
    assert shown in _plan_page(client, county)


def test_a_removed_action_leaves_the_page_at_once(
    client: Client, county: Plan, reviewer: User
) -> None:
    client.force_login(reviewer)
    assert "Map the pathways" in _plan_page(client, county)
    Action.objects.get(description="Map the pathways").delete()
    assert "Map the pathways" not in _plan_page(client, county)


def test_closing_and_reopening_a_review_changes_the_version(
    county: Plan, coordinator: User
) -> None:
    versions = [data_version(county)]
    set_period_closed(_july(county), by=coordinator, closed=True)
    versions.append(data_version(county))
    set_period_closed(_july(county), by=coordinator, closed=False)
    versions.append(data_version(county))
    assert len(set(versions)) == 3


def test_a_change_to_one_plan_keeps_the_other_plans_pages(
    client: Client, county: Plan, coordinator: User, django_assert_max_num_queries
) -> None:
    other = make_plan(title="Another partnership's plan")
    before = data_version(other)
    _rate(county, coordinator)
    _edit_action(county, coordinator)
    assert data_version(other) == before
    client.force_login(coordinator)
    _plan_page(client, other)
    with django_assert_max_num_queries(30) as served:
        _plan_page(client, other)
    _open_period(county, coordinator)
    with django_assert_max_num_queries(30) as again:
        _plan_page(client, other)  # still from the cache
    assert len(again.captured_queries) == len(served.captured_queries)


def test_a_change_to_the_people_changes_every_plan(county: Plan, coordinator: User) -> None:
    other = make_plan(title="Another partnership's plan")
    before = (data_version(county), data_version(other))
    _rename_person(county, coordinator)
    after = (data_version(county), data_version(other))
    assert after[0] != before[0] and after[1] != before[1]


def test_a_change_rolled_back_leaves_the_version(county: Plan, coordinator: User) -> None:
    before = data_version(county)
    with pytest.raises(RuntimeError), transaction.atomic():
        _rate(county, coordinator)
        raise RuntimeError
    assert data_version(county) == before


def test_an_action_becomes_overdue_on_the_page_when_the_day_passes(
    client: Client, county: Plan, reviewer: User
) -> None:
    action = _led(county)
    action.due_date = timezone.localdate()
    action.save()
    client.force_login(reviewer)
    overdue = 'app-tag">Overdue</strong>'
    assert overdue not in _plan_page(client, county)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert overdue in _plan_page(client, county)


def test_the_page_as_at_today_shows_a_change_made_today(
    client: Client, county: Plan, coordinator: User
) -> None:
    client.force_login(coordinator)
    url = f"/plans/{county.slug}/?as_at={timezone.localdate():%Y-%m-%d}"
    assert "Jul 2012: Amber" in _page(client, url)
    _rate(county, coordinator)
    assert "Jul 2012: Red" in _page(client, url)


def test_a_filtered_page_is_kept_apart_from_the_whole_plan(
    client: Client, county: Plan, reviewer: User
) -> None:
    client.force_login(reviewer)
    assert "Map the pathways" in _plan_page(client, county)
    lead = Person.objects.get(name="Alice Lead")
    filtered = _page(client, f"/plans/{county.slug}/?lead={lead.pk}")
    assert "Map the pathways" not in filtered and "Showing 1 of 2 actions" in filtered
    assert "Map the pathways" in _plan_page(client, county)


def test_the_review_page_offers_each_reader_only_the_actions_they_may_rate(
    client: Client, county: Plan, lead_member: User, coordinator: User
) -> None:
    july, led = _july(county), _led(county)
    other = Action.objects.get(description="Map the pathways")
    url = f"/plans/{county.slug}/reviews/{july.pk}/"
    client.force_login(coordinator)
    text = _page(client, url)
    assert f'name="action-{led.pk}-rating"' in text and f'name="action-{other.pk}-rating"' in text
    client.force_login(lead_member)
    text = _page(client, url)
    assert f'name="action-{led.pk}-rating"' in text
    assert f'name="action-{other.pk}-rating"' not in text


def test_the_review_page_shows_a_saved_rating_at_once(
    client: Client, county: Plan, lead_member: User
) -> None:
    july = _july(county)
    url = f"/plans/{county.slug}/reviews/{july.pk}/"
    client.force_login(lead_member)
    assert 'value="A" checked' in _page(client, url)
    _rate(county, lead_member)
    text = _page(client, url)
    assert 'value="R" checked' in text and 'value="2"' in text  # the new version to save over


def test_the_dashboard_shows_each_reader_their_own_actions(
    client: Client, county: Plan, lead_member: User, other_member: User
) -> None:
    url = f"/plans/{county.slug}/dashboard/"
    client.force_login(lead_member)
    assert "Do something useful</td>" in _page(client, url)
    client.force_login(other_member)
    assert "You do not lead any action of this plan" in _page(client, url)


def test_joining_a_lead_group_shows_on_the_dashboard_at_once(
    client: Client, county: Plan, other_member: User
) -> None:
    url = f"/plans/{county.slug}/dashboard/"
    client.force_login(other_member)
    assert "You do not lead any action of this plan" in _page(client, url)
    group = Group.objects.get(actions_led__theme__plan=county)
    Membership.objects.create(person=other_member.person, group=group)
    assert "Map the pathways</td>" in _page(client, url)


def test_the_dashboard_shows_a_saved_rating_at_once(
    client: Client, county: Plan, lead_member: User
) -> None:
    url = f"/plans/{county.slug}/dashboard/"
    client.force_login(lead_member)
    mine = 'aria-hidden="true">{}</span> {}\n</td>'
    assert mine.format("A", "Amber") in _page(client, url)
    _rate(county, lead_member)
    assert mine.format("R", "Red") in _page(client, url)
