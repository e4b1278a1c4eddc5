"""The plan list, the plan page laid out as its document, and downloads."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from actions.exporting import export_csv
from actions.models import Plan
from actions.services import record_update
from governance.models import User
from tests.conftest import make_action, make_period, make_theme, make_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_plan(db: None) -> Plan:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Plan.objects.get(slug="cse-2012-14")


def test_the_plan_page_reads_like_the_document(
    client: Client, seed_plan: Plan, reviewer: User
) -> None:
    client.force_login(reviewer)
    text = client.get("/plans/cse-2012-14/").content.decode()
    for heading in (
        "Overarching Strategy and Governance",
        "1. Prevention &amp; Response",
        "4. Public Confidence",
    ):
        assert f">{heading}</h2>" in text
    assert "Promote awareness to improve early identification" in text
    assert "Joanna Williams (WGAP)" in text and "30/06/2013" in text and "June 2012" in text
    # A rating is its letter, its words for screen readers and its colour.
    assert (
        '<span class="app-rating app-rating--R"><span aria-hidden="true">R</span>'
        '<span class="govuk-visually-hidden">Jul 2012: Red</span>' in text
    )
    assert "Jul 2012: not rated" in text  # 1.4 was not rated in July
    assert "Overdue" in text  # the plan's dates are long past


def _queries(client: Client, url: str, django_assert_max_num_queries, most: int) -> int:
    with django_assert_max_num_queries(most) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_plan_page_makes_the_same_number_of_queries_whatever_the_plan_size(
    client: Client, reviewer: User, django_assert_max_num_queries
) -> None:
    plan = Plan.objects.create(slug="big", title="Big")
    periods = [make_period(plan) for _ in range(4)]
    client.force_login(reviewer)

    def grow(count: int) -> None:
        theme = make_theme(plan)
        for _ in range(count):
            action = make_action(theme)
            for period in periods:
                make_update(action, period, rating="G", narrative="Fine")

    def counts() -> tuple[int, int]:
        # Built from the database after the change, then served from the cache.
        built = _queries(client, "/plans/big/", django_assert_max_num_queries, 20)
        return built, _queries(client, "/plans/big/", django_assert_max_num_queries, 6)

    grow(3)
    small = counts()
    grow(60)
    assert counts() == small


def test_the_action_page_makes_the_same_queries_whatever_its_history(
    client: Client,
    seed_plan: Plan,
    coordinator: User,
    reviewer: User,
    django_assert_max_num_queries,
) -> None:
    plain = seed_plan.actions().get(reference="1.1")
    busy = seed_plan.actions().get(reference="1.3")
    april = seed_plan.periods.get(label="Apr 2013")
    for number in range(30):
        update = busy.updates.get(period=april)
        record_update(busy, april, rating=["A", "G"][number % 2], narrative=f"Step {number}",
                      by=coordinator, expected_version=update.version)  # fmt: skip
    client.force_login(reviewer)
    counts = [
        _queries(
            client, f"/plans/cse-2012-14/actions/{action.pk}/", django_assert_max_num_queries, 30
        )
        for action in (plain, busy)
    ]
    assert counts[0] == counts[1]


def test_the_plan_list_offers_import_only_to_editors(
    client: Client, seed_plan: Plan, reviewer: User, coordinator: User
) -> None:
    client.force_login(reviewer)
    text = client.get("/plans/").content.decode()
    assert "Child Sexual Exploitation Multi-Agency Action Plan 2012-14" in text
    assert "Import a plan" not in text
    client.force_login(coordinator)
    assert "Import a plan" in client.get("/plans/").content.decode()


@pytest.mark.parametrize(
    ("file_format", "content_type"),
    [("csv", "text/csv"), ("xlsx", "application/vnd.openxmlformats")],
)
def test_anyone_signed_in_can_download_the_plan(
    client: Client, seed_plan: Plan, reviewer: User, file_format: str, content_type: str, caplog
) -> None:
    client.force_login(reviewer)
    response = client.get(f"/plans/cse-2012-14/export.{file_format}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"].startswith('attachment; filename="cse-2012-14-')
    if file_format == "csv":
        assert response.content == export_csv(seed_plan)
    assert "event=export outcome=ok user=rachel" in caplog.text


def test_an_unknown_plan_or_format_is_not_found(
    client: Client, seed_plan: Plan, reviewer: User
) -> None:
    client.force_login(reviewer)
    assert client.get("/plans/nope/").status_code == 404
    assert client.get("/plans/cse-2012-14/export.pdf").status_code == 404


def test_the_plan_pages_need_a_login_and_accept_only_get(
    client: Client, seed_plan: Plan, reviewer: User
) -> None:
    assert client.get("/plans/cse-2012-14/").status_code == 302
    assert client.get("/plans/cse-2012-14/export.csv").status_code == 302
    client.force_login(reviewer)
    assert client.post("/plans/cse-2012-14/").status_code == 405


def test_the_plan_filters_narrow_the_actions_and_live_in_the_address(
    client: Client, seed_plan: Plan, reviewer: User
) -> None:
    client.force_login(reviewer)
    joanna = seed_plan.actions().get(parent__reference="1.2", reference="a").lead_person
    text = client.get(f"/plans/cse-2012-14/?lead={joanna.pk}").content.decode()
    assert "Showing 5 of 26 actions" in text  # 1.2a to 1.2d and their parent 1.2
    assert "Establish effective communication channels" not in text
    april = seed_plan.periods.get(label="Apr 2013")
    text = client.get(f"/plans/cse-2012-14/?period={april.pk}&rating=G").content.decode()
    assert "Showing 9 of 26 actions" in text  # 8 green in April, and the parent of 2.1a/2.1c
    text = client.get("/plans/cse-2012-14/?status=completed").content.decode()
    assert "Showing 6 of 26 actions" in text
    text = client.get("/plans/cse-2012-14/?rating=none").content.decode()
    assert "No actions match these filters" in text  # every leaf was rated in Apr 2013


def test_the_action_page_shows_the_updates_and_who_changed_what(
    client: Client, seed_plan: Plan, reviewer: User, lead_member: User
) -> None:
    action = seed_plan.actions().get(reference="1.1")
    client.force_login(reviewer)
    text = client.get(f"/plans/cse-2012-14/actions/{action.pk}/").content.decode()
    assert "Martin Hillier" in text and "30/06/2013" in text
    assert "Demo Administrator" in text and "Loaded from the seed plan" in text
    assert "Update</a>" not in text and "Edit the action" not in text  # a reviewer changes nothing
    assert client.get(f"/plans/cse-2012-14/actions/{action.pk}/").status_code == 200
    assert client.get(f"/plans/other/actions/{action.pk}/").status_code == 404
