"""Two people change one rating: the second save is refused, shows both versions, writes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from actions.models import Plan, ProgressUpdate, ReportingPeriod
from tests.browser.conftest import (
    PLAN_SLUG,
    action_by_reference,
    assert_accessible,
    screenshot,
    sign_in,
)

pytestmark = pytest.mark.browser

SAVE_UPDATE = "Save rating and progress"


@pytest.fixture
def coordinator_page(new_context: Callable[..., BrowserContext], seed_plan: Plan) -> Page:
    """A second browser, with its own session, for the coordinator."""
    page = new_context().new_page()
    sign_in(page, "coordinator")
    return page


def test_a_stale_update_is_refused_with_both_versions_and_saved_only_when_sent_again(
    page: Page, coordinator_page: Page, seed_plan: Plan, open_period: ReportingPeriod
) -> None:
    action = action_by_reference(seed_plan, "1.2a")
    url = f"/plans/{PLAN_SLUG}/actions/{action.pk}/reviews/{open_period.pk}/"
    sign_in(page, "member")
    page.goto(url)
    coordinator_page.goto(url)

    coordinator_page.get_by_role("radio", name="Red (R)").check()
    coordinator_page.get_by_label("Progress").fill("On hold until the OMG decides.")
    coordinator_page.get_by_role("button", name=SAVE_UPDATE).click()
    expect(coordinator_page.locator(".govuk-notification-banner--success")).to_be_visible()
    saved = ProgressUpdate.objects.get(action=action, period=open_period)
    history_count = saved.history.count()

    page.get_by_role("radio", name="Green (G)").check()
    page.get_by_label("Progress").fill("Approved by the OMG.")
    page.get_by_role("button", name=SAVE_UPDATE).click()

    # Refused: who saved first, their version and the member's, side by side.
    expect(page).to_have_title(re.compile("^Error: "))
    conflict = page.locator(".app-conflict")
    expect(conflict.get_by_role("heading", level=2)).to_have_text(
        "Demo Coordinator saved a change after you opened this page"
    )
    theirs, yours = conflict.locator(".govuk-grid-column-one-half").all()
    expect(theirs.get_by_role("heading")).to_have_text("Their version")
    expect(theirs).to_contain_text("Red (R)")
    expect(theirs).to_contain_text("On hold until the OMG decides.")
    expect(yours.get_by_role("heading")).to_have_text("Your version")
    expect(yours).to_contain_text("Not saved")
    expect(yours).to_contain_text("Green (G)")
    expect(yours).to_contain_text("Approved by the OMG.")
    # The form keeps what the member entered, so that saving again is one click.
    expect(page.get_by_role("radio", name="Green (G)")).to_be_checked()
    expect(page.get_by_label("Progress")).to_have_value("Approved by the OMG.")
    assert_accessible(page, "the update form refusing a stale edit")
    screenshot(page, "conflict")

    # Nothing of the member's was written.
    saved.refresh_from_db()
    assert (saved.rating, saved.narrative) == ("R", "On hold until the OMG decides.")
    assert saved.history.count() == history_count

    # Saving again, knowingly, replaces the coordinator's version.
    page.get_by_role("button", name=SAVE_UPDATE).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Saved the Apr 2013 rating and progress of 1.2a."
    )
    saved.refresh_from_db()
    assert (saved.rating, saved.narrative) == ("G", "Approved by the OMG.")
    assert saved.history.first().history_user.username == "member"


def test_a_stale_review_page_save_is_refused_whole_and_lists_the_conflicting_action(
    page: Page, coordinator_page: Page, seed_plan: Plan, open_period: ReportingPeriod
) -> None:
    first, second = action_by_reference(seed_plan, "1.2a"), action_by_reference(seed_plan, "1.2b")
    url = f"/plans/{PLAN_SLUG}/reviews/{open_period.pk}/"
    save = f"Save all changes for {open_period.label}"
    sign_in(page, "member")
    page.goto(url)
    coordinator_page.goto(url)
    screenshot(coordinator_page, "review-page", height=1300)

    coordinator_page.locator(f"#review-{first.pk}").get_by_role("radio", name="Red (R)").check()
    coordinator_page.get_by_role("button", name=save).click()
    expect(coordinator_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Saved 1 change for Apr 2013."
    )
    before = {
        update.action_id: (update.rating, update.narrative, update.version)
        for update in ProgressUpdate.objects.filter(period=open_period)
    }

    # The member changes the same action and another one that nobody else touched.
    page.locator(f"#review-{first.pk}").get_by_role("radio", name="Green (G)").check()
    page.locator(f"#review-{second.pk}").get_by_role("radio", name="Green (G)").check()
    page.locator(f"#review-{second.pk}").get_by_role("textbox").fill("Trainers agreed.")
    page.get_by_role("button", name=save).click()

    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary").first
    expect(summary).to_contain_text("Someone else saved some of these actions")
    expect(summary.locator(".govuk-error-summary__list a")).to_have_text(
        [re.compile(r"^1\.2a Develop a training programme")]
    )
    expect(page.locator(f"#review-{first.pk} .app-conflict")).to_contain_text(
        "Demo Coordinator saved a change after you opened this page"
    )
    expect(page.locator(f"#review-{second.pk} .app-conflict")).to_have_count(0)
    summary.locator(".govuk-error-summary__list a").click()
    expect(page.locator(f"#review-{first.pk}")).to_be_focused()
    assert_accessible(page, "the review page refusing a stale save")

    # Nothing of the member's save was written, not even the action without a conflict.
    after = {
        update.action_id: (update.rating, update.narrative, update.version)
        for update in ProgressUpdate.objects.filter(period=open_period)
    }
    assert after == before

    # Saving again writes both of the member's changes.
    page.get_by_role("button", name=save).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Saved 2 changes for Apr 2013."
    )
    saved = {
        update.action_id: (update.rating, update.narrative)
        for update in ProgressUpdate.objects.filter(period=open_period)
    }
    assert saved[first.pk][0] == "G"
    assert saved[second.pk] == ("G", "Trainers agreed.")
