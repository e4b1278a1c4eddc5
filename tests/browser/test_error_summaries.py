"""Every link of an error summary takes the user to the question, with the focus in its input."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from actions.models import Plan, ReportingPeriod
from tests.browser.conftest import PLAN_SLUG, action_by_reference, focused_element, sign_in

pytestmark = pytest.mark.browser


def assert_links_move_focus(page: Page, expected: list[str]) -> None:
    """The summary links to `expected` (ids), and following each puts the focus in that input."""
    expect(page).to_have_title(re.compile("^Error: "))
    links = page.locator(".govuk-error-summary__list a")
    targets = [href.removeprefix("#") for href in links.evaluate_all("as => as.map(a => a.hash)")]
    assert targets == expected
    for index, target in enumerate(targets):
        links.nth(index).click()
        focused = focused_element(page)
        assert focused["tag"] in {"INPUT", "TEXTAREA", "SELECT"}, (target, focused)
        assert focused["id"] == target, (target, focused)


def test_every_error_summary_link_moves_the_focus_to_its_question(
    page: Page, seed_plan: Plan, open_period: ReportingPeriod
) -> None:
    action = action_by_reference(seed_plan, "1.2a")
    closed = seed_plan.periods.get(label="Jan 2013")

    # Signing in with nothing, then with a wrong password (an error of the whole form).
    page.goto("/account/login/")
    page.get_by_role("button", name="Sign in").click()
    assert_links_move_focus(page, ["id_username", "id_password"])
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    assert_links_move_focus(page, ["id_username"])
    sign_in(page, "coordinator")

    # A closed review needs a reason (radios first: their link must reach the first radio).
    page.goto(f"/plans/{PLAN_SLUG}/actions/{action.pk}/reviews/{closed.pk}/")
    page.get_by_role("radio", name="Green (G)").check()
    page.get_by_role("button", name="Save rating and progress").click()
    assert_links_move_focus(page, ["id_reason"])

    # The action: an impossible date; then a real new date without a reason; then no status.
    edit_url = f"/plans/{PLAN_SLUG}/actions/{action.pk}/edit/"
    page.goto(edit_url)
    for part, value in (("Day", "31"), ("Month", "2"), ("Year", "2013")):
        page.get_by_role("group", name="Due date").get_by_label(part).fill(value)
    page.get_by_role("button", name="Save the action").click()
    assert_links_move_focus(page, ["id_due_date_0"])
    page.get_by_role("group", name="Due date").get_by_label("Day").fill("30")
    page.get_by_role("group", name="Due date").get_by_label("Month").fill("9")
    page.get_by_role("button", name="Save the action").click()
    assert_links_move_focus(page, ["id_reason"])
    page.goto(edit_url)
    # A browser cannot clear a radio group, but a tampered or half-sent form can arrive so.
    page.locator("input[name=status]").evaluate_all("rs => rs.forEach(r => { r.checked = false })")
    page.get_by_role("button", name="Save the action").click()
    assert_links_move_focus(page, ["id_status_1"])

    # Comparing the plan on two dates, with neither a date.
    page.goto(f"/plans/{PLAN_SLUG}/compare/")
    page.get_by_label("First date").fill("never")
    page.get_by_role("button", name="Compare").click()
    assert_links_move_focus(page, ["from", "to"])
    # Reviews the plan does not have, chosen in an address, on the plan and comparison pages.
    page.goto(f"/plans/{PLAN_SLUG}/?review=0")
    assert_links_move_focus(page, ["review"])
    page.goto(f"/plans/{PLAN_SLUG}/compare/?from_review=0&to_review=")
    assert_links_move_focus(page, ["from_review", "to_review"])

    # The import form sent empty.
    page.goto("/plans/import/")
    page.get_by_role("button", name="Upload and preview").click()
    assert_links_move_focus(page, ["id_file", "id_slug"])

    # The password form sent empty.
    page.goto("/account/password/")
    page.get_by_role("button", name="Change password").click()
    assert_links_move_focus(page, ["id_old_password", "id_new_password1", "id_new_password2"])
