"""The review-meeting page: every action for one review, saved together."""

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


@pytest.fixture
def actions(plan: Plan) -> list[Action]:
    theme = make_theme(plan)
    return [make_action(theme) for _ in range(3)]


def _url(period: ReportingPeriod) -> str:
    return f"/plans/{period.plan.slug}/reviews/{period.pk}/"


def _post(actions: list[Action], **rows: tuple[str, str, int]) -> dict[str, str]:
    data: dict[str, str] = {}
    for action in actions:
        rating, narrative, version = rows.get(str(action.pk), ("", "", 0))
        prefix = f"action-{action.pk}"
        data |= {
            f"{prefix}-rating": rating,
            f"{prefix}-narrative": narrative,
            f"{prefix}-version": str(version),
        }
    return data


def test_a_coordinator_saves_several_ratings_at_once(
    client: Client, actions: list[Action], period: ReportingPeriod, coordinator: User
) -> None:
    client.force_login(coordinator)
    first, second, _third = actions
    data = _post(actions, **{str(first.pk): ("G", "Done", 0), str(second.pk): ("R", "", 0)})
    response = client.post(_url(period), data)
    assert response.status_code == 302
    saved = dict(ProgressUpdate.objects.values_list("action_id", "rating"))
    assert saved == {first.pk: "G", second.pk: "R"}  # the unchanged third row writes nothing
    assert ProgressUpdate.history.count() == 2
    assert set(ProgressUpdate.history.values_list("history_user", flat=True)) == {coordinator.pk}
    assert "Saved 2 changes for Apr 2013" in client.get(response.url).content.decode()


def test_a_stale_row_stops_the_whole_save_and_shows_both_versions(
    client: Client, actions: list[Action], period: ReportingPeriod, coordinator: User
) -> None:
    first, second, _ = actions
    make_update(first, period, rating="A", narrative="Chair's words", version=1)
    client.force_login(coordinator)
    data = _post(
        actions, **{str(first.pk): ("G", "Mine", 0), str(second.pk): ("R", "Also mine", 0)}
    )
    text = client.post(_url(period), data).content.decode()
    assert "Someone else saved some of these actions" in text
    assert f'href="#review-{first.pk}"' in text
    assert "Chair&#x27;s words" in text and "Mine" in text
    assert dict(ProgressUpdate.objects.values_list("action_id", "rating")) == {first.pk: "A"}


def test_a_member_may_change_only_the_actions_they_lead(
    client: Client, plan: Plan, period: ReportingPeriod, lead_member: User
) -> None:
    theme = make_theme(plan)
    mine, theirs = make_action(theme, lead_person=lead_member.person), make_action(theme)
    client.force_login(lead_member)
    text = client.get(_url(period)).content.decode()
    assert f'name="action-{mine.pk}-rating"' in text
    assert f'name="action-{theirs.pk}-rating"' not in text
    data = _post([mine, theirs], **{str(mine.pk): ("G", "", 0), str(theirs.pk): ("R", "", 0)})
    client.post(_url(period), data)
    assert dict(ProgressUpdate.objects.values_list("action_id", "rating")) == {mine.pk: "G"}


def test_a_reviewer_sees_the_review_but_cannot_save(
    client: Client, actions: list[Action], period: ReportingPeriod, reviewer: User
) -> None:
    client.force_login(reviewer)
    text = client.get(_url(period)).content.decode()
    assert "Save all changes" not in text and 'name="action-' not in text
    assert (
        client.post(_url(period), _post(actions, **{str(actions[0].pk): ("G", "", 0)})).status_code
        == 403
    )
    assert not ProgressUpdate.objects.exists()


def test_a_closed_review_needs_a_reason_for_changes(
    client: Client, actions: list[Action], plan: Plan, coordinator: User
) -> None:
    closed = make_period(plan, is_closed=True)
    client.force_login(coordinator)
    data = _post(actions, **{str(actions[0].pk): ("G", "", 0)})
    response = client.post(_url(closed), data, follow=True)
    assert "Give the reason for changing ratings of a closed period" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    client.post(_url(closed), {**data, "reason": "Corrected after the meeting"})
    assert (
        ProgressUpdate.objects.get().history.get().history_change_reason
        == "Corrected after the meeting"
    )


def test_members_cannot_save_a_closed_review(client: Client, plan: Plan, lead_member: User) -> None:
    closed = make_period(plan, is_closed=True)
    mine = make_action(make_theme(plan), lead_person=lead_member.person)
    client.force_login(lead_member)
    assert "Save all changes" not in client.get(_url(closed)).content.decode()
    assert (
        client.post(_url(closed), _post([mine], **{str(mine.pk): ("G", "", 0)})).status_code == 403
    )


def test_the_page_makes_the_same_number_of_queries_for_more_actions(
    client: Client,
    plan: Plan,
    period: ReportingPeriod,
    coordinator: User,
    django_assert_max_num_queries,
) -> None:
    theme = make_theme(plan)
    client.force_login(coordinator)

    def counts() -> list[int]:
        # Built from the database after the change, then served from the cache.
        found = []
        for most in (20, 12):
            with django_assert_max_num_queries(most) as queries:
                assert client.get(_url(period)).status_code == 200
            found.append(len(queries.captured_queries))
        return found

    make_action(theme)
    small = counts()
    for _ in range(30):
        make_update(make_action(theme), period, rating="G")
    assert counts() == small


def test_another_plans_period_is_not_found(client: Client, plan: Plan, coordinator: User) -> None:
    other = make_period(make_theme().plan)
    client.force_login(coordinator)
    assert client.get(f"/plans/{plan.slug}/reviews/{other.pk}/").status_code == 404
