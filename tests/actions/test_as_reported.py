"""The plan as reported at a review, on the plan page and the comparison page."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client

from actions.models import Plan, ReportingPeriod
from actions.services import record_update
from governance.models import Meeting, User
from tests.conftest import make_group, make_period, make_plan

pytestmark = pytest.mark.django_db

PLAN_URL = "/plans/cse-2012-14/"
COMPARE_URL = f"{PLAN_URL}compare/"


@pytest.fixture
def seed_plan(db: None) -> Plan:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Plan.objects.get(slug="cse-2012-14")


def _review(plan: Plan, label: str) -> ReportingPeriod:
    return plan.periods.get(label=label)


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_review_is_reported_on_its_meetings_day_or_else_on_its_last_day(plan: Plan) -> None:
    period = make_period(plan, end_date=datetime.date(2012, 9, 30))
    assert period.reported_on() == datetime.date(2012, 9, 30)
    period.review_meeting = Meeting.objects.create(
        group=make_group(), date=datetime.date(2012, 10, 9), title="Review"
    )
    assert period.reported_on() == datetime.date(2012, 10, 9)


def test_the_plan_page_shows_the_ratings_as_reported_at_a_review(
    client: Client, seed_plan: Plan, reviewer: User, coordinator: User
) -> None:
    # A later change to the Apr 2013 review: the plan as reported then does not have it.
    action = seed_plan.actions().get(reference="1.3")
    april = _review(seed_plan, "Apr 2013")
    update = action.updates.get(period=april)
    record_update(
        action, april, rating="G", narrative="Performances booked.", by=coordinator,
        expected_version=update.version,
    )  # fmt: skip
    client.force_login(reviewer)
    assert "Apr 2013: Green" in _page(client, PLAN_URL) and "Performances booked." in _page(
        client, PLAN_URL
    )

    page = _page(client, f"{PLAN_URL}?review={april.pk}")
    assert "You are looking at the plan as reported at the Apr 2013 review" in page
    assert "as it stood at the end of 16 April 2013" in page
    assert "Performances booked." not in page and "Following the feedback" in page
    assert f'<option value="{april.pk}" selected>' in page
    assert "Rate and update" not in page  # the plan as reported is read only

    october = _review(seed_plan, "Oct 2012")
    page = _page(client, f"{PLAN_URL}?review={october.pk}")
    assert "as reported at the Oct 2012 review" in page and "end of 31 December 2012" in page
    assert "Oct 2012: Red" in page and "Jan 2013: not rated" in page
    assert "Jan 2013: Amber" not in page and "Apr 2013: Green" not in page
    # The downloads are of the same version: the plan at the end of that day.
    assert "export.csv?as_at=2012-12-31" in page


def test_the_plan_page_refuses_a_review_it_does_not_have_and_shows_the_plan_as_it_is(
    client: Client, seed_plan: Plan, reviewer: User
) -> None:
    other = make_period(make_plan())
    client.force_login(reviewer)
    for value in ("999999", "abc", "", str(other.pk), "1" * 40):
        page = _page(client, f"{PLAN_URL}?review={value}")
        assert "<title>Error: " in page and "govuk-error-summary" in page, value
        assert '<a href="#review">Choose a review of this plan from the list</a>' in page, value
        assert "You are looking at the plan as" not in page, value


def test_the_compare_page_compares_two_reviews_as_reported(
    client: Client, seed_plan: Plan, reviewer: User
) -> None:
    january, april = _review(seed_plan, "Jan 2013"), _review(seed_plan, "Apr 2013")
    client.force_login(reviewer)
    page = _page(client, COMPARE_URL)
    # The lists offer the last two reviews, each with the day it was reported.
    assert f'<option value="{january.pk}" selected>Jan 2013, reported 31 March 2013' in page
    assert f'<option value="{april.pk}" selected>Apr 2013, reported 16 April 2013' in page

    page = _page(client, f"{COMPARE_URL}?from_review={january.pk}&to_review={april.pk}")
    assert (
        "From the Jan 2013 review, as reported on 31 March 2013, "
        "to the Apr 2013 review, as reported on 16 April 2013"
    ) in page
    assert "Ratings that moved" in page and "Progress narratives changed" in page
    assert "Added:" not in page

    page = _page(client, f"{COMPARE_URL}?from_review={april.pk}&to_review={april.pk}")
    assert "Nothing in the plan changed between these reviews." in page


def test_the_compare_page_refuses_reviews_it_does_not_have_or_in_the_wrong_order(
    client: Client, seed_plan: Plan, reviewer: User
) -> None:
    january, april = _review(seed_plan, "Jan 2013"), _review(seed_plan, "Apr 2013")
    other = make_period(make_plan())
    client.force_login(reviewer)
    page = _page(client, f"{COMPARE_URL}?from_review={other.pk}&to_review=nonsense")
    assert '<a href="#from_review">Choose the first review from the list</a>' in page
    assert '<a href="#to_review">Choose the second review from the list</a>' in page
    assert "<title>Error: " in page and "Ratings that moved" not in page

    page = _page(client, f"{COMPARE_URL}?from_review={april.pk}&to_review={january.pk}")
    assert "The second review must be reported on or after the first" in page
    assert "Ratings that moved" not in page

    # A review on one side and a date on the other.
    page = _page(client, f"{COMPARE_URL}?from_review={january.pk}&to=16/04/2013")
    assert "From the Jan 2013 review, as reported on 31 March 2013, to the end of 16 April" in page
