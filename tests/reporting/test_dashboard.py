"""The dashboard: a plan at one review, for everyone signed in."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client, RequestFactory

from actions.models import Action, Plan
from actions.services import record_update
from cseplan.context_processors import navigation
from governance.models import User
from tests.conftest import make_action, make_period, make_person, make_plan, make_theme, make_update

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2012, 1, 1)


@pytest.fixture
def dashboard_plan(plan: Plan, led_action: Action, lead_member: User) -> Plan:
    """A plan with two reviews, an overdue action led by Alice, and a rating she changed."""
    july = make_period(plan, label="Jul 2012")
    make_period(plan, label="Oct 2012")
    led_action.due_date = LONG_AGO
    led_action.save()
    record_update(led_action, july, rating="A", narrative="", by=lead_member, expected_version=0)
    record_update(
        led_action,
        july,
        rating="G",
        narrative="",
        by=lead_member,
        expected_version=1,
        reason="Done",
    )
    return plan


def _period(plan: Plan, label: str) -> int:
    return plan.periods.get(label=label).pk


def test_it_shows_the_plan_at_its_current_review(
    client: Client, dashboard_plan: Plan, lead_member: User, led_action: Action
) -> None:
    client.force_login(lead_member)
    response = client.get(f"/plans/{dashboard_plan.slug}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dashboard, Oct 2012 review" in html
    assert "<title>Dashboard: A test plan, Oct 2012 – CSE action plan tracker</title>" in html
    for heading in ("Ratings by theme", "Ratings over the reviews", "Overdue actions"):
        assert f">{heading}</h2>" in html
    assert ">My actions</h2>" in html and ">Recent changes</h2>" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "Show the chart as a table" in html
    # Overdue and mine, each linking to the action's row in the plan.
    anchor = f'href="/plans/{dashboard_plan.slug}/actions/{led_action.pk}/"'
    assert html.count(anchor) >= 2
    assert "01/01/2012" in html


def test_a_chosen_review_shows_its_ratings_as_letter_words_and_colour(
    client: Client, dashboard_plan: Plan, lead_member: User
) -> None:
    client.force_login(lead_member)
    july = _period(dashboard_plan, "Jul 2012")
    html = client.get(f"/plans/{dashboard_plan.slug}/dashboard/?period={july}").content.decode()
    assert "Dashboard, Jul 2012 review" in html
    assert f'<option value="{july}" selected>Jul 2012</option>' in html
    # The rating key of the table, and Alice's action rated Green this review.
    assert '<span class="app-rating app-rating--G" aria-hidden="true">G</span> Green' in html
    assert '1 <span class="app-share">(100%)</span>' in html


def test_recent_changes_name_who_changed_what(
    client: Client, dashboard_plan: Plan, reviewer: User
) -> None:
    client.force_login(reviewer)
    html = client.get(f"/plans/{dashboard_plan.slug}/dashboard/").content.decode()
    assert "Jul 2012 update: Changed rating (Amber → Green)" in html
    assert "Alice, <time" in html and "Reason: Done" in html


def test_my_actions_appear_only_for_an_account_with_a_person(
    client: Client, dashboard_plan: Plan, reviewer: User, other_member: User
) -> None:
    client.force_login(reviewer)
    assert ">My actions</h2>" not in client.get("/").content.decode()
    client.force_login(other_member)
    html = client.get("/").content.decode()
    assert ">My actions</h2>" in html
    assert "You do not lead any action of this plan" in html


def test_the_root_shows_the_plan_whose_latest_review_starts_last(
    client: Client, dashboard_plan: Plan, reviewer: User
) -> None:
    newer = make_plan(title="The newer plan")
    make_period(newer, start_date=datetime.date(2014, 1, 1), end_date=datetime.date(2014, 3, 31))
    client.force_login(reviewer)
    html = client.get("/").content.decode()
    assert "The newer plan" in html.split("</h1>")[0]
    # The other plan is a link away.
    assert f'href="/plans/{dashboard_plan.slug}/dashboard/">A test plan</a>' in html


def test_with_no_plan_it_says_so_and_offers_import_to_editors(
    client: Client, reviewer: User, coordinator: User
) -> None:
    client.force_login(reviewer)
    html = client.get("/").content.decode()
    assert "There are no plans yet" in html
    assert 'href="/plans/"' in html
    assert 'href="/plans/import/"' not in html
    client.force_login(coordinator)
    assert 'href="/plans/import/"' in client.get("/").content.decode()


def test_a_plan_without_reviews_says_it_has_no_ratings(
    client: Client, plan: Plan, reviewer: User
) -> None:
    make_action(make_theme(plan))
    client.force_login(reviewer)
    html = client.get(f"/plans/{plan.slug}/dashboard/").content.decode()
    assert "This plan has no reviews yet" in html
    assert "<svg" not in html


def test_the_dashboard_needs_a_login(client: Client, dashboard_plan: Plan) -> None:
    for path in ("/", f"/plans/{dashboard_plan.slug}/dashboard/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/account/login/?next={path}"


def test_the_dashboard_accepts_only_get(
    client: Client, dashboard_plan: Plan, reviewer: User
) -> None:
    client.force_login(reviewer)
    assert client.post("/").status_code == 405
    assert client.post(f"/plans/{dashboard_plan.slug}/dashboard/").status_code == 405


def test_an_unknown_plan_is_not_found(client: Client, reviewer: User) -> None:
    client.force_login(reviewer)
    assert client.get("/plans/nope/dashboard/").status_code == 404


@pytest.mark.parametrize("period", ["other", "999999", "abc"])
def test_a_review_of_another_plan_or_none_is_not_found(
    client: Client, dashboard_plan: Plan, reviewer: User, period: str
) -> None:
    if period == "other":
        period = str(make_period(make_plan()).pk)
    client.force_login(reviewer)
    response = client.get(f"/plans/{dashboard_plan.slug}/dashboard/?period={period}")
    assert response.status_code == 404


def test_an_inactive_account_is_refused(client: Client, dashboard_plan: Plan) -> None:
    # Signed in before being deactivated: the session's user is no longer allowed in.
    user = User.objects.create_user(username="gone", password="x", is_active=False)
    client.force_login(user)
    assert client.get(f"/plans/{dashboard_plan.slug}/dashboard/").status_code in {302, 403}


def test_the_dashboard_makes_the_same_number_of_queries_whatever_the_plan_size(
    client: Client, lead_member: User, django_assert_max_num_queries
) -> None:
    plan = make_plan(slug="big")
    periods = [make_period(plan) for _ in range(4)]
    client.force_login(lead_member)
    other = make_person()

    def grow(count: int) -> None:
        theme = make_theme(plan)
        parent = make_action(theme, lead_person=lead_member.person, due_date=LONG_AGO)
        for number in range(count):
            action = make_action(
                theme,
                parent=parent,
                reference=f"x{number}",
                lead_person=lead_member.person,
                due_date=LONG_AGO,
            )
            action.co_leads.add(other)
            for period in periods:
                make_update(action, period, rating="G", narrative="Fine")
        record_update(
            action,
            periods[-1],
            rating="A",
            narrative="Slipping",
            by=lead_member,
            expected_version=1,
        )

    def counts() -> list[int]:
        # Built from the database after the change, then served from the cache (the recent
        # changes are the change log's entries, read in its bounded number of queries).
        found = []
        for most in (33, 25):
            with django_assert_max_num_queries(most) as queries:
                assert client.get("/plans/big/dashboard/").status_code == 200
            found.append(len(queries.captured_queries))
        return found

    grow(2)
    small = counts()
    grow(60)
    assert counts() == small


def test_the_seed_plan_dashboard_shows_its_real_numbers(client: Client) -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    plan = Plan.objects.get(slug="cse-2012-14")
    client.force_login(User.objects.get(username="member"))
    april = _period(plan, "Apr 2013")
    html = client.get(f"/?period={april}").content.decode()
    assert "Dashboard, Apr 2013 review" in html
    # All themes at Apr 2013: 23 actions that can be rated, G 8, A 12, R 3.
    total = html.split('app-ratings-table__total">')[1].split("</tr>")[0]
    assert re.findall(r'numeric">(\d+)', total) == ["8", "12", "3", "0", "23"]
    # Joanna Williams leads 1.2a to 1.2d in person and through WGAP.
    mine = html.split('id="my-actions"')[1].split("</table>")[0]
    assert [ref for ref in ("1.2a", "1.2b", "1.2c", "1.2d") if f">{ref}<" in mine] == [
        "1.2a",
        "1.2b",
        "1.2c",
        "1.2d",
    ]


# The service navigation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "section"),
    [
        ("/", "Dashboard"),
        ("/plans/cse-2012-14/dashboard/", "Dashboard"),
        ("/plans/", "Plans"),
        ("/plans/cse-2012-14/", "Plans"),
        ("/account/password/", None),
    ],
)
def test_the_navigation_marks_the_dashboard_only_on_its_own_pages(
    rf: RequestFactory, reviewer: User, path: str, section: str | None
) -> None:
    request = rf.get(path)
    request.user = reviewer
    items = navigation(request)["navigation"]
    assert [item.text for item in items] == ["Dashboard", "Plans", "Reports", "Governance"]
    assert [item.text for item in items if item.active] == ([section] if section else [])
    assert items[0].current is (path == "/")


def test_the_dashboard_counts_the_actions_not_rated_in_the_open_review(client, reviewer) -> None:
    import io

    from django.core.management import call_command

    from actions.models import Plan
    from actions.services import record_update
    from governance.models import User

    call_command("seed_demo", "--force", stdout=io.StringIO())
    client.force_login(reviewer)
    assert (
        "The Apr 2013 review is open: <strong>0 actions</strong> are not rated yet"
        in client.get("/").content.decode()
    )
    plan = Plan.objects.get(slug="cse-2012-14")
    april = plan.periods.get(label="Apr 2013")
    action = plan.actions().get(reference="1.1")
    update = action.updates.get(period=april)
    record_update(
        action,
        april,
        rating="",
        narrative="",
        by=User.objects.get(username="admin"),
        expected_version=update.version,
    )
    assert "<strong>1 action</strong> is not rated yet" in client.get("/").content.decode()
