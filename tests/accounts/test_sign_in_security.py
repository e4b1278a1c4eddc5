"""Sign-in security: lockout after repeated failures, and the security log."""

from __future__ import annotations

import pytest
from django.test import Client

from governance.models import User

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, username: str, password: str):
    return client.post("/account/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_out_from_that_address(
    client: Client, reviewer: User, settings
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, reviewer.username, "wrong").status_code == 200
    locked = _sign_in(client, reviewer.username, "wrong")
    assert locked.status_code == 429 and "Too many attempts to sign in" in locked.content.decode()
    # Even the right password is refused while the lockout lasts.
    assert _sign_in(client, reviewer.username, "correct horse battery staple").status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_resets_the_count(client: Client, reviewer: User, settings) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, reviewer.username, "wrong")
    assert _sign_in(client, reviewer.username, "correct horse battery staple").status_code == 302
    client.post("/account/logout/")
    assert _sign_in(client, reviewer.username, "wrong").status_code == 200


def test_many_usernames_tried_from_one_address_lock_that_address_out(
    client: Client, reviewer: User, settings
) -> None:
    """Password spraying: one or two guesses at each of many accounts."""
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 12
    for number in range(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT - 1):
        assert _sign_in(client, f"officer{number}", "Summer2024!").status_code == 200
    # Each account has one failure, far below its own limit; the twelfth locks the address out.
    locked = _sign_in(client, "officer99", "Summer2024!")
    assert locked.status_code == 429 and "from your network" in locked.content.decode()
    # Even a right password is refused from that address while the lockout lasts.
    assert _sign_in(client, reviewer.username, "correct horse battery staple").status_code == 429
    # Another address is not held up.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert _sign_in(other, reviewer.username, "correct horse battery staple").status_code == 302


def test_sign_ins_and_failures_are_in_the_security_log(
    client: Client, reviewer: User, caplog
) -> None:
    _sign_in(client, "rachel\nevent=forged", "wrong")
    _sign_in(client, reviewer.username, "correct horse battery staple")
    client.post("/account/logout/")
    lines = [r.getMessage() for r in caplog.records if r.name == "cseplan.security"]
    assert any(
        "event=login outcome=failed" in line and "username=rachel?event=forged" in line
        for line in lines
    )
    assert any("event=login outcome=ok user=rachel ip=127.0.0.1" in line for line in lines)
    assert any("event=logout outcome=ok" in line for line in lines)
    assert not any("wrong" in line or "correct horse" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_a_lockout_is_in_the_security_log(client: Client, reviewer: User, settings, caplog) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, reviewer.username, "wrong")
    lines = [r.getMessage() for r in caplog.records if r.name == "cseplan.security"]
    assert any(
        f"event=lockout outcome=locked user=- ip=127.0.0.1 username={reviewer.username}" in line
        for line in lines
    )


def test_a_refused_change_is_in_the_security_log_and_shows_the_403_page(
    client: Client, reviewer: User, caplog
) -> None:
    client.force_login(reviewer)
    response = client.post("/governance/people/add/", {"name": "x"})
    assert response.status_code == 403
    assert "You cannot do this" in response.content.decode()
    lines = [r.getMessage() for r in caplog.records if r.name == "cseplan.security"]
    assert any(
        f"event=permission outcome=refused user={reviewer.username} ip=127.0.0.1 method=POST "
        "path=/governance/people/add/" in line
        for line in lines
    )


def test_behind_a_proxy_the_log_and_the_lockout_use_the_address_the_proxy_saw(
    client: Client, reviewer: User, settings, caplog
) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent a forged X-Forwarded-For; the proxy appended the real address.
    forwarded = {"HTTP_X_FORWARDED_FOR": "10.0.0.1, 203.0.113.9", "REMOTE_ADDR": "127.0.0.1"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/account/login/", {"username": reviewer.username, "password": "wrong"}, **forwarded
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "cseplan.security"]
    assert any("event=lockout" in line and "ip=203.0.113.9" in line for line in lines)
    # Another client behind the same proxy is not locked out with them.
    other = {"HTTP_X_FORWARDED_FOR": "198.51.100.20", "REMOTE_ADDR": "127.0.0.1"}
    response = client.post(
        "/account/login/",
        {"username": reviewer.username, "password": "correct horse battery staple"},
        **other,
    )
    assert response.status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_is_ignored(
    client: Client, reviewer: User, caplog
) -> None:
    client.post(
        "/account/login/",
        {"username": reviewer.username, "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    lines = [r.getMessage() for r in caplog.records if r.name == "cseplan.security"]
    assert any("event=login outcome=failed" in line and "ip=127.0.0.1" in line for line in lines)
