"""Every kind of page passes axe's WCAG 2.2 AA rules, and reflows at 320 px without scrolling.

The member's dashboard, the conflict messages and the reviewer's review page are checked in the
journeys that reach them (test_member_journey, test_conflicts, test_reviewer).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from actions.models import Plan, ReportingPeriod
from tests.browser.conftest import (
    PASSWORD,
    PLAN_SLUG,
    action_by_reference,
    assert_accessible,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser

SMALL_PLAN = Path(settings.BASE_DIR) / "docs" / "examples" / "small-plan.csv"


def assert_reflows(page: Page, what: str) -> None:
    """Nothing makes the page wider than the screen (WCAG 1.4.10); wide tables scroll alone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{what} is {width} px wide"


def test_every_kind_of_page_passes_axe(
    page: Page, seed_plan: Plan, open_period: ReportingPeriod
) -> None:
    action = action_by_reference(seed_plan, "1.2a")
    closed = seed_plan.periods.get(label="Jan 2013")
    plan_url = f"/plans/{PLAN_SLUG}/"
    action_url = f"{plan_url}actions/{action.pk}/"
    update_url = f"{action_url}reviews/{open_period.pk}/"
    review_url = f"{plan_url}reviews/{open_period.pk}/"

    page.goto("/account/login/")
    assert_accessible(page, "the sign-in page")
    page.get_by_role("button", name="Sign in").click()
    assert_accessible(page, "the sign-in page with errors")
    sign_in(page, "coordinator")

    today = timezone.localdate().strftime("%d/%m/%Y")
    pages = {
        "/": "the dashboard",
        "/plans/": "the plan list",
        plan_url: "the plan page",
        f"{plan_url}?lead={action.lead_person_id}&rating=A&status=open&overdue=on": "filters",
        f"{plan_url}?as_at={today}": "the plan as at a date",
        f"{plan_url}?review={closed.pk}": "the plan as reported at a review",
        f"{plan_url}?review=0": "the plan page with an error",
        action_url: "the action page",
        update_url: "the update form",
        f"{action_url}edit/": "the action's edit form",
        review_url: "the open review page",
        f"{plan_url}reviews/{closed.pk}/": "the closed review page",
        f"{plan_url}changes/": "the change log",
        f"{plan_url}compare/": "the comparison form",
        f"{plan_url}compare/?from=01/01/2013&to={today}": "a comparison",
        f"{plan_url}compare/?from=never&to=": "the comparison form with errors",
        f"{plan_url}compare/?from_review={closed.pk}&to_review={open_period.pk}": "two reviews",
        f"{plan_url}compare/?from_review=0&to_review=": "the review lists with errors",
        "/plans/import/": "the import form",
        "/account/password/": "the password form",
    }
    for url, what in pages.items():
        assert page.goto(url).status == 200, url
        assert_accessible(page, what)

    # Forms with their errors.
    page.goto(f"{action_url}reviews/{closed.pk}/")
    page.get_by_role("radio", name="Green (G)").check()
    page.get_by_role("button", name="Save rating and progress").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "the update form of a closed review with errors")
    page.goto(f"{action_url}edit/")
    page.get_by_role("group", name="Due date").get_by_label("Day").fill("31")
    page.get_by_role("group", name="Due date").get_by_label("Month").fill("2")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "the action's edit form with errors")
    # A revised due date, with its reason: the action page then lists the due dates it has had.
    page.get_by_role("group", name="Due date").get_by_label("Day").fill("30")
    page.get_by_role("group", name="Due date").get_by_label("Month").fill("9")
    page.get_by_label("Reason for the change").fill("Put back after the OMG's feedback")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Saved action 1.2a")
    expect(page.get_by_role("heading", name="Due date revisions")).to_be_visible()
    assert_accessible(page, "the action page with a revised due date")
    page.goto("/plans/import/")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "the import form with errors")
    page.goto("/account/password/")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "the password form with errors")

    # The preview of an upload.
    page.goto("/plans/import/")
    page.get_by_label("Spreadsheet").set_input_files(SMALL_PLAN)
    page.get_by_label("Short name of the plan").fill("small-plan")
    page.get_by_label("Title of a new plan (optional)").fill("A small example plan")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check what the import will create")
    assert_accessible(page, "the import preview")
    screenshot(page, "import-preview")

    # A changed password, then the narrowest screen WCAG asks for.
    page.goto("/account/password/")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("a longer demo password 2013")
    page.get_by_label("Confirm new password").fill("a longer demo password 2013")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")
    assert_accessible(page, "the password-changed page")

    page.set_viewport_size({"width": 320, "height": 640})
    for url, what in {
        plan_url: "the plan page",
        action_url: "the action page",
        update_url: "the update form",
    }.items():
        page.goto(url)
        assert_accessible(page, f"{what} at 320 px")
        assert_reflows(page, f"{what} at 320 px")
    for url, what in {"/": "the dashboard", review_url: "the review page"}.items():
        page.goto(url)
        assert_reflows(page, f"{what} at 320 px")
