"""A member finds an action they lead and sets its rating and progress, by mouse and by keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from actions.models import Plan, ProgressUpdate, ReportingPeriod
from governance.models import User
from tests.browser.conftest import (
    PLAN_SLUG,
    action_by_reference,
    assert_accessible,
    focused_element,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser


def test_a_member_rates_an_action_they_lead_and_sees_the_new_rating_everywhere(
    page: Page, seed_plan: Plan, open_period: ReportingPeriod
) -> None:
    action = action_by_reference(seed_plan, "1.2a")
    sign_in(page, "member")

    # The dashboard lists what Joanna Williams leads, through WGAP, with the Apr 2013 rating.
    page.goto("/")
    my_actions = page.get_by_role("table", name=re.compile("^Actions you lead"))
    expect(my_actions.get_by_role("row").filter(has_text="1.2a")).to_contain_text("Amber")
    assert_accessible(page, "the dashboard of a member")
    screenshot(page, "dashboard", height=1500)
    screenshot(page, "dashboard-my-actions", element=page.locator("section", has=my_actions))

    # The plan page, narrowed to the actions she leads.
    page.goto(f"/plans/{PLAN_SLUG}/")
    screenshot(page, "plan-page", height=1400)
    page.get_by_text("Filter the actions").click()
    page.get_by_label("Lead person").select_option(label="Joanna Williams")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_contain_text("Showing 5 of")
    assert "lead=" in page.url  # the filtered view has an address to share
    page.get_by_role("link", name=re.compile(r"^a\) Develop a training programme")).click()

    # The action page, then its update form for the open review.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "1.2a Develop a training programme which is suitable for use across the agencies"
    )
    page.get_by_role("link", name="Update the Apr 2013 rating and progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Rating and progress at the Apr 2013 review"
    )
    expect(page.get_by_role("radio", name="Amber (A)")).to_be_checked()
    page.get_by_role("radio", name="Green (G)").check()
    page.get_by_label("Progress").fill("The training programme was approved by the OMG.")
    screenshot(page, "update-form")
    page.get_by_role("button", name="Save rating and progress").click()

    # Back on the action page: the banner, the new rating in letter and words, and the history.
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Saved the Apr 2013 rating and progress of 1.2a."
    )
    april = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Apr 2013"))
    expect(april).to_contain_text("G Green")
    expect(april).to_contain_text("The training programme was approved by the OMG.")
    expect(page.locator(".app-changes__item").first).to_contain_text("Joanna Williams, ")
    expect(page.locator(".app-changes__item").first).to_contain_text("Amber (A) → Green (G)")
    screenshot(page, "action-page")

    # The plan page: the Apr 2013 cell of the row is green, with its letter and its words.
    page.goto(f"/plans/{PLAN_SLUG}/")
    cell = page.locator(f"#action-{action.pk} .app-plan-table__rating").last
    expect(cell.locator(".app-rating")).to_have_class(re.compile(r"\bapp-rating--G\b"))
    expect(cell.locator(".app-rating [aria-hidden=true]")).to_have_text("G")
    expect(cell.locator(".app-rating .govuk-visually-hidden")).to_have_text("Apr 2013: Green")

    # The dashboard.
    page.goto("/")
    expect(my_actions.get_by_role("row").filter(has_text="1.2a")).to_contain_text("Green")

    update = ProgressUpdate.objects.get(action=action, period=open_period)
    assert (update.rating, update.narrative) == (
        "G",
        "The training programme was approved by the OMG.",
    )
    assert update.history.first().history_user == User.objects.get(username="member")


def test_a_member_can_skip_to_the_content_and_update_with_the_keyboard_alone(
    page: Page, seed_plan: Plan, open_period: ReportingPeriod
) -> None:
    action = action_by_reference(seed_plan, "1.2b")
    sign_in(page, "member")
    page.goto(f"/plans/{PLAN_SLUG}/actions/{action.pk}/reviews/{open_period.pk}/")

    # The skip link is the first stop, and it moves the focus to the main content.
    page.keyboard.press("Tab")
    assert focused_element(page)["className"] == "govuk-skip-link"
    page.keyboard.press("Enter")
    assert focused_element(page)["id"] == "main-content"

    # Into the radios (onto the checked one), up from Amber to Green, on to the progress.
    page.keyboard.press("Tab")
    expect(page.get_by_role("radio", name="Amber (A)")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.get_by_role("radio", name="Green (G)")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Progress")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Agencies and trainers agreed.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save rating and progress")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Saved the Apr 2013 rating and progress of 1.2b."
    )
    update = ProgressUpdate.objects.get(action=action, period=open_period)
    assert (update.rating, update.narrative) == ("G", "Agencies and trainers agreed.")
