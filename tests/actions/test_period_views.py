"""Review periods: coordinators open and close them; reminders can be previewed."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from actions.models import Plan, ReportingPeriod
from governance.models import User
from tests.conftest import make_action, make_period, make_person, make_theme

pytestmark = pytest.mark.django_db


def _url(plan: Plan) -> str:
    return f"/plans/{plan.slug}/reviews/"


def _new(**changes: str) -> dict[str, str]:
    data = {
        "label": "Jul 2013", "short_label": "J",
        "start_date_0": "1", "start_date_1": "7", "start_date_2": "2013",
        "end_date_0": "30", "end_date_1": "9", "end_date_2": "2013",
    }  # fmt: skip
    return {**data, **changes}


def test_a_coordinator_opens_a_review_period(client: Client, plan: Plan, coordinator: User) -> None:
    client.force_login(coordinator)
    assert client.post(_url(plan), _new()).status_code == 302
    period = plan.periods.get()
    assert (period.label, period.start_date, period.is_closed) == (
        "Jul 2013",
        datetime.date(2013, 7, 1),
        False,
    )
    assert period.history.get().history_user == coordinator


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_date_0": "1", "end_date_1": "6"}, "The end date must be on or after the start date"),
        ({"start_date_0": "31", "start_date_1": "2"}, "Enter a real date"),
        ({"label": ""}, "Enter a label, such as Jul 2013"),
    ],
)
def test_bad_periods_are_refused_with_an_error_summary(
    client: Client, plan: Plan, coordinator: User, changes: dict, message: str
) -> None:
    client.force_login(coordinator)
    text = client.post(_url(plan), _new(**changes)).content.decode()
    assert "govuk-error-summary" in text and message in text and "out of range" not in text
    assert not plan.periods.exists()


def test_closing_and_reopening_are_recorded(client: Client, plan: Plan, coordinator: User) -> None:
    period = make_period(plan)
    client.force_login(coordinator)
    client.post(f"{_url(plan)}{period.pk}/close/")
    period.refresh_from_db()
    assert period.is_closed
    assert period.history.first().history_change_reason == "Review period closed"
    client.post(f"{_url(plan)}{period.pk}/close/", {"reopen": "1"})
    period.refresh_from_db()
    assert not period.is_closed


@pytest.mark.parametrize("persona", ["reviewer", "lead_member", "other_member"])
def test_others_cannot_open_or_close_periods(
    client: Client, plan: Plan, persona: str, request
) -> None:
    period = make_period(plan)
    client.force_login(request.getfixturevalue(persona))
    page = client.get(_url(plan))
    assert page.status_code == 200 and "Open a new review period" not in page.content.decode()
    assert client.post(_url(plan), _new()).status_code == 403
    assert client.post(f"{_url(plan)}{period.pk}/close/").status_code == 403
    assert client.get(f"{_url(plan)}{period.pk}/reminders/").status_code == 403
    assert ReportingPeriod.objects.get().is_closed is False


def test_the_page_counts_unrated_actions_and_previews_reminders(
    client: Client, plan: Plan, coordinator: User
) -> None:
    today = datetime.date.today()
    period = make_period(
        plan,
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=60),
    )
    make_action(
        make_theme(plan), lead_person=make_person(name="Alice Lead", email="alice@example.org")
    )
    client.force_login(coordinator)
    assert "1 action not rated yet" in client.get(_url(plan)).content.decode()
    preview = client.get(f"{_url(plan)}{period.pk}/reminders/").content.decode()
    assert "To Alice Lead &lt;alice@example.org&gt;" in preview and "Dear Alice Lead" in preview
    assert client.post(f"{_url(plan)}{period.pk}/reminders/").status_code == 405


def test_a_coordinator_sets_the_meeting_a_review_is_held_at(
    client: Client, plan: Plan, coordinator: User, lead_member: User
) -> None:
    from governance.models import Meeting
    from tests.conftest import make_group

    period = make_period(plan, label="Apr 2013")
    meeting = Meeting.objects.create(
        group=make_group(short_name="CSECAG"), date=datetime.date(2013, 4, 16)
    )
    url = f"/plans/{plan.slug}/reviews/{period.pk}/meeting/"
    client.force_login(lead_member)
    assert client.post(url, {"review_meeting": meeting.pk}).status_code == 403
    client.force_login(coordinator)
    assert "Change" in client.get(_url(plan)).content.decode()
    response = client.post(url, {"review_meeting": meeting.pk}, follow=True)
    assert "Saved the meeting of the Apr 2013 review" in response.content.decode()
    period.refresh_from_db()
    assert period.review_meeting == meeting
    assert period.reported_on() == datetime.date(2013, 4, 16)
    record = period.history.first()
    assert (record.history_user, record.history_change_reason) == (
        coordinator,
        "Review meeting set",
    )
