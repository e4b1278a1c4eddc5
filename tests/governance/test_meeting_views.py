"""Meetings: the list by group, a meeting's page with the reviews held at it, and managing them."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from actions.models import ReportingPeriod
from governance.models import Group, Meeting, Membership, User
from tests.conftest import make_group, make_period, make_person, make_plan, sign_in

pytestmark = pytest.mark.django_db


def _text(response: Any) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def group(db: None) -> Group:
    return make_group(short_name="CSECAG", name="CSE Cross Authority Group")


@pytest.fixture
def meeting(group: Group) -> Meeting:
    return Meeting.objects.create(
        group=group,
        date=datetime.date(2013, 2, 25),
        title="CSECAG quarterly meeting",
        location="Loxley House",
        minutes="Terri Johnson presented her report.",
        decisions="Agreed a co-located team.",
    )


def _form(**changes: Any) -> dict[str, Any]:
    data = {
        "date_0": "20",
        "date_1": "5",
        "date_2": "2013",
        "title": "CSECAG quarterly meeting",
        "location": "County Hall",
        "minutes": "Reviewed the plan.",
        "decisions": "Agreed the April ratings.",
        "version": 0,
    }
    return {**data, **changes}


def test_the_list_shows_meetings_by_group_newest_first(
    client: Client, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    sign_in(client, User.objects.get(username="reviewer"))
    with django_assert_max_num_queries(5):
        text = _text(client.get("/governance/meetings/"))
    csecag = text[text.index(">CSECAG</a>") :]
    dates = re.findall(r'meetings/\d+/">(\d+ \w+ \d{4})</a>', csecag[: csecag.index("</ul>")])
    parsed = [datetime.datetime.strptime(date, "%d %B %Y") for date in dates]
    assert len(parsed) > 1 and parsed == sorted(parsed, reverse=True)


def test_every_seed_meeting_renders_for_a_reviewer(
    client: Client, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    sign_in(client, User.objects.get(username="reviewer"))
    for meeting in Meeting.objects.all():
        with django_assert_max_num_queries(6):
            response = client.get(f"/governance/meetings/{meeting.pk}/")
        assert response.status_code == 200


def test_a_meeting_page_shows_everything_and_links_the_reviews_held_at_it(
    client: Client, reviewer: User, meeting: Meeting, django_assert_max_num_queries: Any
) -> None:
    plan = make_plan(slug="cse-2012-14", title="CSE action plan")
    period = make_period(plan, label="Jan 2013", review_meeting=meeting)
    meeting.attendees.add(make_person(name="Terri Johnson"), make_person(name="Ann Other"))
    sign_in(client, reviewer)
    with django_assert_max_num_queries(6):
        text = _text(client.get(f"/governance/meetings/{meeting.pk}/"))
    assert "Monday 25 February 2013" in text and "Loxley House" in text
    assert "Terri Johnson" in text and "Ann Other" in text
    assert "presented her report" in text and "Agreed a co-located team." in text
    assert f'href="/plans/cse-2012-14/reviews/{period.pk}/"' in text
    assert "Jan 2013 review of CSE action plan" in text
    assert "Edit the meeting" not in text


def test_an_administrator_adds_a_meeting_with_members_and_others_attending(
    client: Client, administrator: User, group: Group
) -> None:
    member = make_person(name="Joanna Williams")
    Membership.objects.create(group=group, person=member)
    guest = make_person(name="Terri Johnson")
    sign_in(client, administrator)
    form = _text(client.get(f"/governance/groups/{group.pk}/meetings/add/"))
    assert "Members of CSECAG who attended" in form and "Others who attended" in form
    response = client.post(
        f"/governance/groups/{group.pk}/meetings/add/",
        _form(members=[str(member.pk)], others=[str(guest.pk)]),
    )
    meeting = Meeting.objects.get(group=group)
    assert response.status_code == 302
    assert response["Location"] == f"/governance/meetings/{meeting.pk}/"
    assert meeting.date == datetime.date(2013, 5, 20)
    assert set(meeting.attendees.all()) == {member, guest}
    assert {(row.history_user, row.history_change_reason) for row in meeting.history.all()} == {
        (administrator, "Meeting added"),
        (administrator, "Attendees changed"),
    }


def test_an_administrator_edits_a_meeting(
    client: Client, administrator: User, meeting: Meeting
) -> None:
    sign_in(client, administrator)
    page = _text(client.get(f"/governance/meetings/{meeting.pk}/edit/"))
    assert 'value="25"' in page and "Loxley House" in page
    client.post(
        f"/governance/meetings/{meeting.pk}/edit/",
        _form(decisions="Changed", version=meeting.version),
    )
    meeting.refresh_from_db()
    assert meeting.decisions == "Changed" and meeting.date == datetime.date(2013, 5, 20)
    latest = meeting.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        administrator,
        "Meeting changed",
    )


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of the meeting"),
        ("31", "2", "2013", "The date of the meeting must be a real date"),
        ("1", "", "2013", "The date of the meeting must include a month"),
        ("1", "2", "13", "a year such as 2013"),
        ("x", "2", "2013", "Enter a valid date"),
    ],
)
def test_a_bad_date_is_refused_in_plain_words(
    client: Client,
    administrator: User,
    group: Group,
    day: str,
    month: str,
    year: str,
    message: str,
) -> None:
    sign_in(client, administrator)
    text = _text(
        client.post(
            f"/governance/groups/{group.pk}/meetings/add/",
            _form(date_0=day, date_1=month, date_2=year),
        )
    )
    assert "govuk-error-summary" in text and message in text and "<title>Error:" in text
    assert "out of range" not in text
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("persona", ["reviewer", "lead_member", "coordinator", "chair"])
def test_nobody_but_an_administrator_may_add_or_edit_meetings(
    client: Client, persona: str, meeting: Meeting, request: pytest.FixtureRequest
) -> None:
    sign_in(client, request.getfixturevalue(persona))
    for url in [
        f"/governance/groups/{meeting.group_id}/meetings/add/",
        f"/governance/meetings/{meeting.pk}/edit/",
    ]:
        assert client.get(url).status_code == 403
        assert client.post(url, _form(decisions="Mine")).status_code == 403
    meeting.refresh_from_db()
    assert meeting.decisions != "Mine" and Meeting.objects.count() == 1
    text = _text(client.get(f"/governance/meetings/{meeting.pk}/"))
    assert "/edit/" not in text


def test_an_unknown_meeting_is_not_found(client: Client, administrator: User) -> None:
    sign_in(client, administrator)
    assert client.get("/governance/meetings/9999/").status_code == 404
    assert client.get("/governance/meetings/9999/edit/").status_code == 404
    assert client.get("/governance/groups/NOPE/meetings/add/").status_code == 404


def test_meeting_pages_refuse_wrong_methods(
    client: Client, administrator: User, meeting: Meeting
) -> None:
    sign_in(client, administrator)
    assert client.post("/governance/meetings/").status_code == 405
    assert client.post(f"/governance/meetings/{meeting.pk}/").status_code == 405
    assert client.put(f"/governance/meetings/{meeting.pk}/edit/").status_code == 405


def test_a_period_reviewed_at_a_meeting_is_found_from_it(meeting: Meeting) -> None:
    period = make_period(make_plan(), review_meeting=meeting)
    assert list(meeting.periods_reviewed.all()) == [period]
    assert ReportingPeriod.objects.get(pk=period.pk).review_meeting == meeting
