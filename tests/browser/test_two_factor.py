"""A chair sets up two-factor authentication, saves the recovery codes and signs in again with
a code; a signed-in member is warned before the session times out, stays signed in, and is then
signed out when the time runs out."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from actions.models import Plan
from tests.browser.conftest import PASSWORD, assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser


def _code_for(key_text: str, *, steps_ahead: int = 0) -> str:
    key = base64.b32decode(key_text.replace(" ", "") + "=" * (-len(key_text.replace(" ", "")) % 8))
    return f"{totp(key, t0=-steps_ahead * 30):06d}"


def test_a_chair_sets_up_an_authenticator_and_signs_in_with_its_code(
    page: Page, seed_plan: Plan, two_factor_required: None
) -> None:
    sign_in(page, "chair")
    expect(page).to_have_url(re.compile(r"/account/two-factor/set-up/"))
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    # Nothing else opens until it is done.
    page.goto(f"/plans/{seed_plan.slug}/")
    expect(page).to_have_url(re.compile(r"/account/two-factor/set-up/"))
    assert_accessible(page, "the set-up page")
    screenshot(page, "two-factor-set-up")

    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator("#secret-key").inner_text()
    page.get_by_role("textbox", name="Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not correct")
    assert_accessible(page, "the set-up page with an error")

    page.wait_for_timeout(1100)  # the wait after one wrong code
    page.get_by_role("textbox", name="Code").fill(_code_for(key))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Save your recovery codes")).to_be_visible()
    codes = page.locator(".app-recovery-codes code").all_inner_texts()
    assert len(set(codes)) == 10
    assert_accessible(page, "the recovery codes")
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page).to_have_url(re.compile(f"/plans/{seed_plan.slug}/$"))

    page.get_by_role("button", name="Sign out").click()
    page.goto("/account/login/")
    page.fill("#id_username", "chair")
    page.fill("#id_password", PASSWORD)
    page.click("#id_submit")
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    assert_accessible(page, "the code page")
    # A recovery code, as typed from paper.
    page.get_by_role("textbox", name="Code").fill(codes[0].upper())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.goto("/account/")
    expect(page.get_by_text("9 unused")).to_be_visible()
    expect(page.get_by_text("cannot be turned off")).to_be_visible()
    assert_accessible(page, "the account page")


def test_a_member_is_warned_before_the_session_times_out_and_can_stay_signed_in(
    page: Page, seed_plan: Plan, settings
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 12
    settings.SESSION_TIMEOUT_WARNING = 8
    sign_in(page, "member")
    page.goto(f"/plans/{seed_plan.slug}/")
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_contain_text("not used the service for 12 seconds")
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page, "the time-out warning")
    screenshot(page, "session-timeout-warning", height=600)

    dialog.get_by_role("button", name="Stay signed in").click()
    expect(dialog).to_be_hidden()
    # The warning comes back, and this time the time runs out.
    expect(dialog).to_be_visible(timeout=10_000)
    expect(page).to_have_url(re.compile(r"/account/login/\?next="), timeout=15_000)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You were signed out because you had not used the service for 12 seconds"
    )
