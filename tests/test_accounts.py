"""Signing in and out, changing a password, and the page chrome every signed-in page shares."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver

from cseplan.context_processors import navigation
from governance.models import User
from tests.conftest import make_user, sign_in

LOGIN = "/account/login/"
PASSWORD = "correct horse battery staple"  # what make_user gives every account
NEW_PASSWORD = "a new and rather long passphrase"

# The only pages a signed-out visitor may open. A view marked @login_not_required must be listed
# here, and a listed page must really be public: the tests below check both ways.
PUBLIC_PATHS = {"/account/login/", "/account/logout/", "/admin/login/", "/healthz"}


def _paths_without_parameters(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "/"
) -> dict[str, URLPattern]:
    """Every path of the URL configuration that needs no parameter, with its pattern."""
    found: dict[str, URLPattern] = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if "<" in route or "(" in route or route.startswith("^"):
            continue  # needs a parameter, or is a regular expression
        if isinstance(entry, URLResolver):
            found |= _paths_without_parameters(entry.url_patterns, prefix + route)
        else:
            found[prefix + route] = entry
    return found


def _error_summary_links(html: str) -> list[str]:
    """The targets of the error summary's links, in order."""
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary on the page"
    return re.findall(r'href="#([^"]+)"', summary.group(0))


# Signed-out visitors ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_users_are_sent_from_the_root_to_the_login_page(client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"


@pytest.mark.django_db
def test_anonymous_users_are_sent_from_the_plans_to_the_login_page(client) -> None:
    response = client.get("/plans/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/plans/"


@pytest.mark.django_db
def test_every_page_but_the_public_ones_sends_anonymous_users_to_the_login_page(client) -> None:
    # Walks the whole URL configuration, so the plan pages (/plans/ and the rest) are covered as
    # soon as they are added.
    paths = set(_paths_without_parameters()) - PUBLIC_PATHS
    assert "/" in paths
    assert "/account/password/" in paths
    for path in sorted(paths):
        response = client.get(path)
        # The admin's index sends visitors to the admin's own login page (Django sets its
        # login_url); either page signs them in and brings them back.
        logins = (LOGIN, "/admin/login/") if path.startswith("/admin/") else (LOGIN,)
        assert response.status_code == 302, path
        assert response["Location"].startswith(tuple(f"{url}?next=" for url in logins)), path


def test_only_the_listed_pages_are_public() -> None:
    public = {
        path
        for path, pattern in _paths_without_parameters().items()
        if not getattr(pattern.callback, "login_required", True)
    }
    assert public == PUBLIC_PATHS


@pytest.mark.django_db
def test_the_login_page_shows_the_chrome_without_navigation(client) -> None:
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert 'class="govuk-skip-link"' in html
    assert 'class="govuk-generic-header__homepage-link">CSE action plan tracker</a>' in html
    assert "govuk-service-navigation" not in html
    assert "Sign out" not in html
    assert "Nottingham City &amp; Nottinghamshire safeguarding partnership" in html
    assert "<title>Sign in – CSE action plan tracker</title>" in html


@pytest.mark.django_db
def test_the_page_carries_no_gov_uk_brand(client) -> None:
    html = client.get(LOGIN).content.decode()
    assert "govuk-footer" not in html
    assert "govuk-header__logotype" not in html
    assert "Open Government Licence" not in html
    assert "/assets/" not in html


# Signing in -------------------------------------------------------------------------------------


def test_a_user_can_sign_in_with_the_right_password(client, reviewer: User) -> None:
    response = client.post(LOGIN, {"username": "rachel", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(reviewer.pk)


def test_signing_in_returns_the_user_to_the_page_they_asked_for(client, reviewer: User) -> None:
    response = client.post(
        f"{LOGIN}?next=/account/password/", {"username": "rachel", "password": PASSWORD}
    )
    assert response["Location"] == "/account/password/"


@pytest.mark.parametrize(
    ("username", "password"), [("rachel", "not the password"), ("nobody", PASSWORD)]
)
def test_a_wrong_username_or_password_is_refused_with_an_error_summary(
    client, reviewer: User, username: str, password: str
) -> None:
    response = client.post(LOGIN, {"username": username, "password": password})
    html = response.content.decode()
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "<title>Error: Sign in – CSE action plan tracker</title>" in html
    assert "There is a problem" in html
    # The same words whichever part was wrong, and the link takes the user to the first question.
    assert "Enter a correct username and password" in html
    assert _error_summary_links(html) == ["id_username"]


def test_a_deactivated_account_gets_the_same_refusal(client, reviewer: User) -> None:
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    response = client.post(LOGIN, {"username": "rachel", "password": PASSWORD})
    assert "Enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_empty_fields_are_refused_in_the_gov_uk_voice(client) -> None:
    html = client.post(LOGIN, {"username": "", "password": ""}).content.decode()
    assert "Enter your username" in html
    assert "Enter your password" in html
    assert _error_summary_links(html) == ["id_username", "id_password"]
    assert 'class="govuk-error-message"' in html


def test_a_signed_in_user_who_opens_the_login_page_goes_on_to_the_service(
    client, reviewer: User
) -> None:
    sign_in(client, reviewer)
    response = client.get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_root_shows_signed_in_users_the_dashboard(client, reviewer: User) -> None:
    sign_in(client, reviewer)
    response = client.get("/")
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Dashboard</h1>' in response.content.decode()


# Signing out ------------------------------------------------------------------------------------


def test_sign_out_is_post_only(client, reviewer: User) -> None:
    sign_in(client, reviewer)
    response = client.get("/account/logout/")
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(reviewer.pk)


def test_signing_out_ends_the_session(client, reviewer: User) -> None:
    sign_in(client, reviewer)
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert client.get("/account/password/")["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_signing_out_with_no_session_goes_to_the_login_page(client) -> None:
    response = client.post("/account/logout/")
    assert response["Location"] == LOGIN


def test_signing_out_needs_the_csrf_token(reviewer: User) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    sign_in(client, reviewer)
    assert client.post("/account/logout/").status_code == 403


# Changing the password --------------------------------------------------------------------------


def test_the_password_change_form_changes_the_password(client, reviewer: User) -> None:
    sign_in(client, reviewer)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/password/done/"
    reviewer.refresh_from_db()
    assert reviewer.check_password(NEW_PASSWORD)
    # The user stays signed in after the change.
    done = client.get("/account/password/done/")
    assert done.status_code == 200
    assert "Password changed" in done.content.decode()


def test_a_mismatched_confirmation_is_refused_with_an_error_summary(client, reviewer: User) -> None:
    sign_in(client, reviewer)
    response = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "different"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Change your password – CSE action plan tracker</title>" in html
    assert "The new passwords do not match" in html
    assert _error_summary_links(html) == ["id_new_password2"]
    reviewer.refresh_from_db()
    assert reviewer.check_password(PASSWORD)


def test_a_wrong_current_password_is_refused(client, reviewer: User) -> None:
    sign_in(client, reviewer)
    response = client.post(
        "/account/password/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    html = response.content.decode()
    assert "The current password is not correct" in html
    assert _error_summary_links(html) == ["id_old_password"]


def test_the_password_hint_names_the_rules_in_plain_text(client, reviewer: User) -> None:
    sign_in(client, reviewer)
    html = client.get("/account/password/").content.decode()
    assert "at least 12 characters" in html
    assert "<ul>" not in html.split('id="id_new_password1_hint"')[1].split("</div>")[0]


# The chrome of a signed-in page -----------------------------------------------------------------


def test_the_page_shows_the_users_name_and_the_service_navigation(client, reviewer: User) -> None:
    sign_in(client, reviewer)
    html = client.get("/account/password/").content.decode()
    assert 'class="govuk-service-navigation"' in html
    assert 'href="/plans/"' in html
    assert "Rachel" in html
    assert 'action="/account/logout/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html


def test_the_admin_link_appears_only_for_staff(client, reviewer: User, administrator: User) -> None:
    sign_in(client, reviewer)
    assert 'href="/admin/"' not in client.get("/account/password/").content.decode()
    sign_in(client, administrator)
    assert 'href="/admin/"' in client.get("/account/password/").content.decode()


@pytest.mark.parametrize(
    ("path", "active", "current"),
    [("/plans/", True, True), ("/plans/cse-2012-14/", True, False), ("/account/", False, False)],
)
def test_the_navigation_marks_the_section_of_the_page(
    db: None, rf: RequestFactory, path: str, active: bool, current: bool
) -> None:
    request = rf.get(path)
    request.user = make_user(User.Role.REVIEWER)
    plans = next(item for item in navigation(request)["navigation"] if item.text == "Plans")
    assert (plans.active, plans.current) == (active, current)


def test_the_navigation_is_empty_for_a_signed_out_visitor(rf: RequestFactory) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    assert navigation(request)["navigation"] == []


def test_messages_are_shown_as_notification_banners() -> None:
    html = render_to_string(
        "includes/messages.html",
        {
            "messages": [
                Message(message_levels.SUCCESS, "Rating saved"),
                Message(message_levels.INFO, "The period closes on Friday"),
            ]
        },
    )
    assert 'class="govuk-notification-banner govuk-notification-banner--success" role="alert"' in (
        html
    )
    assert 'class="govuk-notification-banner" role="region"' in html
    assert "Rating saved" in html
    assert "The period closes on Friday" in html


# The admin --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_keeps_its_own_login_page(client) -> None:
    assert client.get("/admin/login/").status_code == 200


@pytest.mark.django_db
def test_the_admin_sends_anonymous_users_to_its_own_login_page(client) -> None:
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"


def test_the_admin_login_page_signs_staff_in_and_then_asks_for_the_second_factor(
    client, administrator: User
) -> None:
    response = client.post("/admin/login/?next=/admin/", {"username": "ada", "password": PASSWORD})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == "/account/two-factor/set-up/?next=%2Fadmin%2F"


def test_the_admin_opens_for_staff(client, administrator: User) -> None:
    sign_in(client, administrator)
    assert client.get("/admin/").status_code == 200


def test_the_admins_change_password_link_leads_to_the_service_page(
    client, administrator: User
) -> None:
    sign_in(client, administrator)
    assert client.get("/admin/password_change/")["Location"] == "/account/password/"
    assert client.get("/admin/password_change/done/")["Location"] == "/account/password/done/"
