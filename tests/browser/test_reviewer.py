"""A reviewer reads everything and can change nothing, whatever they click, type or post."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from actions.models import Action, Plan, PlanImport, ProgressUpdate, ReportingPeriod
from tests.browser.conftest import (
    PLAN_SLUG,
    action_by_reference,
    assert_accessible,
    csrf_token,
    sign_in,
)

pytestmark = pytest.mark.browser

CHANGE_LINK = re.compile(r"^(Update|Edit|Import|Rate)\b")
SAVE_BUTTON = re.compile(r"^(Save|Upload|Import)\b")


def assert_nothing_to_change(page: Page) -> None:
    expect(page.get_by_role("link", name=CHANGE_LINK)).to_have_count(0)
    expect(page.locator("main").get_by_role("button", name=SAVE_BUTTON)).to_have_count(0)
    # Nothing to fill in or submit that would post (the plan page's filters are a GET form).
    posting = "main form[method=post]"
    expect(
        page.locator(f"{posting} :is(input:not([type=hidden]), textarea, button)")
    ).to_have_count(0)


def test_a_reviewer_sees_no_way_to_change_the_plan_and_is_refused_when_trying(
    page: Page, seed_plan: Plan, open_period: ReportingPeriod
) -> None:
    action = action_by_reference(seed_plan, "1.2a")
    action_url = f"/plans/{PLAN_SLUG}/actions/{action.pk}/"
    update_url = f"{action_url}reviews/{open_period.pk}/"
    review_url = f"/plans/{PLAN_SLUG}/reviews/{open_period.pk}/"
    sign_in(page, "reviewer")

    page.goto("/plans/")
    assert_nothing_to_change(page)
    page.goto(f"/plans/{PLAN_SLUG}/")
    expect(page.get_by_role("link", name="See the Apr 2013 review")).to_be_visible()
    assert_nothing_to_change(page)
    page.goto(action_url)
    expect(page.get_by_role("heading", name="Who changed what")).to_be_visible()
    assert_nothing_to_change(page)
    page.goto(review_url)
    assert_nothing_to_change(page)
    expect(page.locator("main").get_by_role("radio")).to_have_count(0)
    assert_accessible(page, "the review page for a reviewer")

    # Typing the addresses of the forms is refused.
    for url in (update_url, f"{action_url}edit/", "/plans/import/"):
        assert page.goto(url).status == 403, url

    # So is posting to them from a signed-in page, with a valid CSRF token.
    page.goto(action_url)
    token = csrf_token(page)
    update = ProgressUpdate.objects.get(action=action, period=open_period)
    posts = {
        update_url: {"rating": "R", "narrative": "Changed by a reviewer", "version": "1"},
        review_url: {
            f"action-{action.pk}-rating": "R",
            f"action-{action.pk}-narrative": "Changed by a reviewer",
            f"action-{action.pk}-version": str(update.version),
        },
        f"{action_url}edit/": {
            "description": "Changed by a reviewer",
            "status": "open",
            "version": str(action.version),
        },
        "/plans/import/": {"slug": "reviewer-plan"},
    }
    for url, form in posts.items():
        response = page.request.post(
            url,
            form={"csrfmiddlewaretoken": token, **form},
            headers={"X-CSRFToken": token, "Referer": page.url},
        )
        assert response.status == 403, url
        assert "CSRF" not in response.text(), f"{url} was refused for its token, not its user"

    update.refresh_from_db()
    assert (update.rating, update.version) == ("A", 1)
    assert Action.objects.get(pk=action.pk).description == action.description
    assert not PlanImport.objects.exists()
    assert not update.history.filter(history_user__username="reviewer").exists()
