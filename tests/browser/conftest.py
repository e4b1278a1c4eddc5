"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

The tests are few and each walks a whole journey through the real pages (docs/development.md). They
carry the `browser` marker, so `pytest -m "not browser"` leaves them out. Without
/usr/bin/chromium they are skipped with the reason, which under CI=true fails the run
(tests/conftest.py).

With UPDATE_SCREENSHOTS=1 the journeys also save the pictures of docs/user-guide.md into
docs/images/.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Locator, Page

from actions.models import Action, Plan, ReportingPeriod

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "cse-demo-2012-14"  # seed_demo's published demo password
PLAN_SLUG = "cse-2012-14"
SCREENSHOTS = Path(settings.BASE_DIR) / "docs" / "images"

# WCAG 2.2 AA: every level-A and level-AA rule that axe has, from WCAG 2.0 to 2.2.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium: `playwright install` cannot download browsers on these machines."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _no_content_security_policy_violations(page: Page) -> Any:
    """Fail any journey during which the browser refused something under the CSP."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert not refused, f"the Content Security Policy refused: {refused}"


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """Pages open relative addresses (`page.goto("/plans/")`) on the live server."""
    return live_server.url


@pytest.fixture
def seed_plan(live_server: Any, transactional_db: None) -> Plan:
    """The seed plan cse-2012-14 and the demo accounts, as `make run` serves them."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Plan.objects.get(slug=PLAN_SLUG)


@pytest.fixture
def open_period(seed_plan: Plan) -> ReportingPeriod:
    """Apr 2013, the seed plan's open review."""
    return seed_plan.periods.get(label="Apr 2013")


def sign_in(page: Page, username: str) -> None:
    """Sign in through the real form, as a person would, and wait for the next page."""
    page.goto("/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("#id_submit")
    assert "/account/login/" not in page.url, f"{username} could not sign in"


def screenshot(
    page: Page, name: str, *, height: int | None = None, element: Locator | None = None
) -> None:
    """Save docs/images/<name>.png for the user guide, when UPDATE_SCREENSHOTS=1 asks for it.

    The whole page by default; with `height`, its top only; with `element`, that element only.
    """
    if os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # A focus ring in a picture for the guide would look like part of the page.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    if element is not None:
        element.screenshot(path=path, animations="disabled")
    elif height is None:
        page.screenshot(path=path, full_page=True, animations="disabled")
    else:
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": height})
        page.screenshot(path=path, animations="disabled")
        page.set_viewport_size(size)


def assert_accessible(page: Page, what: str) -> None:
    """No WCAG 2.2 AA violation that axe can find on the page as it stands."""
    response = Axe().run(page, options=AXE_OPTIONS).response
    problems = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
        )
        for violation in response["violations"]
    ]
    assert not problems, f"axe found problems on {what} ({page.url}):\n" + "\n".join(problems)


def csrf_token(page: Page) -> str:
    """The CSRF cookie of the page's session, to make a POST from the page's context."""
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    return cookies["csrftoken"]


def action_by_reference(plan: Plan, reference: str) -> Action:
    """The plan's action with a full reference such as 1.2a."""
    return next(a for a in plan.actions().select_related("parent") if a.full_reference == reference)


def focused_element(page: Page) -> dict[str, str]:
    """The tag name, id and class of the element that has the keyboard focus."""
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " className: document.activeElement.className})"
    )
