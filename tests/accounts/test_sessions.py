"""Sessions end when idle, when old, on sign-out, on a password change elsewhere and on
deactivation; the page warns before a time-out and the warning's button extends the session."""

from __future__ import annotations

import json

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from governance.models import User
from tests.conftest import make_user, sign_in

PASSWORD = "correct horse battery staple"  # what make_user gives every account


def _age_session(client: Client, *, idle: float = 0, age: float = 0) -> None:
    """Move the session's clocks back by `idle` and `age` seconds."""
    session = client.session
    session[LAST_SEEN_AT] -= idle
    session[SIGNED_IN_AT] -= age
    session.save()


def _signed_in(client: Client, user: User) -> Client:
    client.post("/account/login/", {"username": user.username, "password": PASSWORD})
    return client


@pytest.mark.django_db
def test_a_session_idle_past_the_limit_is_signed_out_and_told_why(client, reviewer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    _signed_in(client, reviewer)
    _age_session(client, idle=30 * 60 + 1)
    response = client.get("/plans/")
    assert response["Location"] == "/account/login/?next=%2Fplans%2F"
    page = client.get(response["Location"])
    assert "not used the service for 30 minutes" in page.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_activity_keeps_a_session_going(client, reviewer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    _signed_in(client, reviewer)
    _age_session(client, idle=29 * 60)
    assert client.get("/plans/").status_code == 200
    _age_session(client, idle=29 * 60)  # 58 minutes after signing in, 29 after the last page
    assert client.get("/plans/").status_code == 200


@pytest.mark.django_db
def test_a_session_ends_after_its_absolute_lifetime_however_active(client, reviewer, settings):
    settings.SESSION_COOKIE_AGE = 8 * 60 * 60
    _signed_in(client, reviewer)
    _age_session(client, age=8 * 60 * 60 + 1)
    response = client.get("/plans/")
    assert response["Location"].startswith("/account/login/")
    assert "signed in for 8 hours" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_the_time_out_is_in_the_security_log(client, reviewer, caplog):
    _signed_in(client, reviewer)
    _age_session(client, idle=10**6)
    with caplog.at_level("INFO", logger="cseplan.security"):
        client.get("/plans/")
    assert any(
        "event=session-expired outcome=signed-out user=" + reviewer.username in r.getMessage()
        for r in caplog.records
    )


@pytest.mark.django_db
def test_asking_how_long_is_left_is_not_activity_and_staying_signed_in_is(
    client, reviewer, settings
):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    _signed_in(client, reviewer)
    _age_session(client, idle=26 * 60)
    status = json.loads(client.get("/account/session/").content)
    assert status["signed_in"] is True
    assert 3 * 60 < status["idle_seconds_left"] <= 4 * 60
    again = json.loads(client.get("/account/session/").content)
    assert again["idle_seconds_left"] <= status["idle_seconds_left"]
    extended = json.loads(client.post("/account/session/extend/").content)
    assert extended["idle_seconds_left"] >= 30 * 60 - 2


@pytest.mark.django_db
def test_the_status_of_an_ended_session_is_401_not_a_page(client, reviewer):
    _signed_in(client, reviewer)
    _age_session(client, idle=10**6)
    response = client.get("/account/session/")
    assert response.status_code == 401
    assert json.loads(response.content) == {"signed_in": False}


@pytest.mark.django_db
def test_every_page_carries_the_warning_with_the_time_left(client, reviewer, settings):
    settings.SESSION_IDLE_TIMEOUT = 30 * 60
    settings.SESSION_TIMEOUT_WARNING = 5 * 60
    _signed_in(client, reviewer)
    html = client.get("/plans/").content.decode()
    assert 'id="session-timeout"' in html
    assert 'data-warning-seconds="300"' in html
    assert "Stay signed in" in html
    assert 'id="session-timeout"' not in Client().get("/account/login/").content.decode()


@pytest.mark.django_db
def test_changing_the_password_ends_the_other_sessions_but_not_this_one(reviewer):
    here, elsewhere = _signed_in(Client(), reviewer), _signed_in(Client(), reviewer)
    response = here.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh and rather long passphrase",
            "new_password2": "a fresh and rather long passphrase",
        },
    )
    assert response.status_code == 302
    assert here.get("/plans/").status_code == 200
    assert elsewhere.get("/plans/")["Location"].startswith("/account/login/")


@pytest.mark.django_db
def test_deactivating_an_account_deletes_its_sessions_there_and_then(reviewer, lead_member):
    _signed_in(Client(), reviewer)
    other = _signed_in(Client(), lead_member)
    assert Session.objects.count() == 2
    reviewer.is_active = False
    reviewer.save()
    sessions = [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()]
    assert sessions == [str(lead_member.pk)]
    assert other.get("/plans/").status_code == 200


@pytest.mark.django_db
def test_a_deactivated_account_is_signed_out_at_its_next_request(client):
    user = make_user(User.Role.MEMBER)
    _signed_in(client, user)
    User.objects.filter(pk=user.pk).update(is_active=False)  # even without the signal
    assert client.get("/plans/")["Location"].startswith("/account/login/")


@pytest.mark.django_db
def test_accounts_cannot_be_deleted_in_the_admin(client, administrator):
    sign_in(client, administrator)
    target = make_user(User.Role.MEMBER)
    response = client.post(f"/admin/governance/user/{target.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
def test_signed_in_pages_and_downloads_are_never_stored(client, lead_member, plan) -> None:
    from tests.conftest import make_action, make_theme

    make_action(make_theme(plan))
    client.force_login(lead_member)
    for url in ["/", f"/plans/{plan.slug}/", f"/plans/{plan.slug}/export.csv", "/account/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
