"""Two-factor authentication: set-up, signing in with a code or a recovery code, guessing slowed
down, required roles held at the set-up page, and the account page."""

from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from governance.models import User
from tests.conftest import make_user

PASSWORD = "correct horse battery staple"  # what make_user gives every account
SETUP = "/account/two-factor/set-up/"
VERIFY = "/account/two-factor/"


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code the user's app would show (a later one with `steps_ahead`)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0 - steps_ahead * device.step):06d}"


def _sign_in(client, user: User, *, next_page: str = "/") -> object:
    return client.post(
        f"/account/login/?next={next_page}", {"username": user.username, "password": PASSWORD}
    )


def _set_up(client, user: User) -> list[str]:
    """Set up an authenticator through the pages; return the recovery codes shown."""
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"code": _code(device)})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())


@pytest.fixture
def chair_with_app(db: None, client) -> tuple[User, TOTPDevice, list[str]]:
    """A chair who has set up an app (and so has a verified session, signed out again)."""
    user = make_user(User.Role.CHAIR, username="chair2fa")
    client.force_login(user)
    codes = _set_up(client, user)
    client.logout()
    return user, TOTPDevice.objects.get(user=user, confirmed=True), codes


# Roles that must use it -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [User.Role.COORDINATOR, User.Role.CHAIR, User.Role.ADMINISTRATOR])
def test_a_privileged_role_without_an_app_is_held_at_set_up_until_it_has_one(
    client, two_factor_required, role: str
) -> None:
    user = make_user(role)
    response = _sign_in(client, user, next_page="/plans/")
    assert response.status_code == 302
    # The password is right; the next page asked for is held behind the set-up page.
    assert client.get("/plans/")["Location"] == f"{SETUP}?next=%2Fplans%2F"
    assert client.get("/governance/")["Location"].startswith(SETUP)
    assert client.post("/plans/", {})["Location"] == SETUP
    page = client.get(SETUP)
    assert page.status_code == 200
    assert b"<svg" in page.content and b"QR code" in page.content
    _set_up(client, user)
    assert client.get("/plans/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [User.Role.REVIEWER, User.Role.MEMBER])
def test_other_roles_sign_in_with_a_password_alone_unless_they_turned_it_on(
    client, two_factor_required, role: str
) -> None:
    user = make_user(role)
    _sign_in(client, user)
    assert client.get("/plans/").status_code == 200
    assert b"Two-factor authentication is off" in client.get("/account/").content


@pytest.mark.django_db
def test_every_page_but_the_two_factor_ones_and_sign_out_is_held(
    client, two_factor_required
) -> None:
    user = make_user(User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    _sign_in(client, user)
    for path in ["/", "/plans/", "/reports/", "/governance/", "/admin/", "/account/"]:
        assert client.get(path)["Location"].startswith(SETUP), path
    assert client.get("/account/session/").status_code == 200
    assert client.post("/account/logout/").status_code == 302


# Setting up -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_set_up_key_stays_the_same_until_confirmed_and_a_wrong_code_is_refused(
    client, two_factor_required, chair
) -> None:
    client.force_login(chair)
    first = client.get(SETUP).context["secret"]
    assert client.get(SETUP).context["secret"] == first  # reloading does not change the key
    device = TOTPDevice.objects.get(user=chair)
    assert first.replace(" ", "") in device.config_url
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert "The code is not correct" in response.content.decode()
    assert response.context["form"].errors
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1  # the next try waits
    assert client.get("/plans/")["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_setting_up_shows_ten_single_use_recovery_codes_never_cached(client, chair) -> None:
    client.force_login(chair)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=chair)
    response = client.post(SETUP, {"code": _code(device)})
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())
    assert len(set(codes)) == 10
    assert "no-store" in response["Cache-Control"]
    assert set(StaticToken.objects.filter(device__user=chair).values_list("token", flat=True)) == (
        set(codes)
    )


# Signing in -------------------------------------------------------------------------------------


def test_signing_in_asks_for_the_code_and_then_goes_to_the_page_asked_for(
    client, chair_with_app
) -> None:
    user, device, _ = chair_with_app
    _sign_in(client, user, next_page="/plans/")
    assert client.get("/plans/")["Location"] == f"{VERIFY}?next=%2Fplans%2F"
    response = client.post(VERIFY, {"code": _code(device, steps_ahead=1), "next": "/plans/"})
    assert response["Location"] == "/plans/"
    assert client.get("/plans/").status_code == 200


def test_a_used_code_cannot_be_used_again(client, chair_with_app) -> None:
    user, device, _ = chair_with_app
    code = _code(device, steps_ahead=1)
    _sign_in(client, user)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.logout()
    _sign_in(client, user)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "The code is not correct" in response.content.decode()


def test_giving_the_second_factor_changes_the_session_key(client, chair_with_app) -> None:
    user, device, _ = chair_with_app
    _sign_in(client, user)
    before = client.session.session_key
    assert client.post(VERIFY, {"code": _code(device, steps_ahead=1)}).status_code == 302
    assert client.session.session_key != before
    assert client.get("/plans/").status_code == 200
    stolen = Client()
    stolen.cookies["sessionid"] = before
    assert stolen.get("/plans/")["Location"].startswith("/account/login/")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["authenticator", "recovery code"])
def test_one_code_lets_in_one_session_even_when_six_send_it_at_once(kind: str) -> None:
    user = make_user(User.Role.CHAIR, username="chair2fa")
    setup = Client()
    setup.force_login(user)
    codes = _set_up(setup, user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    code = _code(device, steps_ahead=1) if kind == "authenticator" else codes[0]
    clients = [Client() for _ in range(6)]
    for each in clients:
        _sign_in(each, user)
    start = threading.Barrier(len(clients))

    def send(each: Client) -> int:
        start.wait()
        try:
            return each.post(VERIFY, {"code": code}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(len(clients)) as pool:
        answers = list(pool.map(send, clients))
    assert sorted(answers) == [200, 200, 200, 200, 200, 302], answers


def test_a_recovery_code_works_once_and_spaces_and_capitals_do_not_matter(
    client, chair_with_app
) -> None:
    user, _, codes = chair_with_app
    _sign_in(client, user)
    typed = " ".join([codes[0][:4].upper(), codes[0][4:]])
    assert client.post(VERIFY, {"code": typed}).status_code == 302
    assert two_factor.recovery_codes_left(user) == 9
    client.logout()
    _sign_in(client, user)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200


def test_guessing_is_slowed_down_and_the_page_says_how_long_to_wait(client, chair_with_app) -> None:
    user, device, _ = chair_with_app
    _sign_in(client, user)
    for _ in range(4):
        response = client.post(VERIFY, {"code": "000000"})
    assert "Too many wrong codes. Wait" in response.content.decode()
    # Even the right code is refused while the wait lasts.
    response = client.post(VERIFY, {"code": _code(device, steps_ahead=1)})
    assert response.status_code == 200
    assert client.get("/plans/")["Location"].startswith(VERIFY)


def test_the_next_page_must_be_on_this_site(client, chair_with_app) -> None:
    user, device, _ = chair_with_app
    _sign_in(client, user)
    response = client.post(
        VERIFY, {"code": _code(device, steps_ahead=1), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_security_log_records_two_factor_outcomes_without_the_code(
    client, chair_with_app, caplog
) -> None:
    user, device, _ = chair_with_app
    _sign_in(client, user)
    with caplog.at_level("INFO", logger="cseplan.security"):
        client.post(VERIFY, {"code": "123456"})
        time.sleep(1.1)  # the wait after one wrong code
        client.post(VERIFY, {"code": _code(device, steps_ahead=1)})
    lines = [record.getMessage() for record in caplog.records]
    assert any("event=two-factor outcome=failed user=chair2fa" in line for line in lines)
    assert any("event=two-factor outcome=ok user=chair2fa" in line for line in lines)
    assert not any("123456" in line for line in lines)


# The account page -------------------------------------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(client, chair_with_app) -> None:
    user, device, old = chair_with_app
    _sign_in(client, user)
    client.post(VERIFY, {"code": _code(device, steps_ahead=1)})
    response = client.post(reverse("recovery_codes_new"))
    new = re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert two_factor.recovery_codes_left(user) == 10


def test_replacing_the_app_needs_a_code_from_the_new_one_and_retires_the_old(
    client, chair_with_app
) -> None:
    user, old_device, _ = chair_with_app
    _sign_in(client, user)
    client.post(VERIFY, {"code": _code(old_device, steps_ahead=1)})
    assert b"Replace your authenticator app" in client.get(SETUP).content
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(SETUP, {"code": _code(new_device)})
    assert list(TOTPDevice.objects.filter(user=user)) == [new_device]


def test_an_unverified_session_cannot_replace_the_app(client, chair_with_app) -> None:
    user, _, _ = chair_with_app
    _sign_in(client, user)
    assert client.get(SETUP)["Location"] == VERIFY


@pytest.mark.django_db
def test_a_member_may_turn_it_off_and_a_required_role_may_not(
    client, two_factor_required, lead_member, chair
) -> None:
    for user in (lead_member, chair):
        client.force_login(user)
        _set_up(client, user)
    client.force_login(lead_member)
    device = TOTPDevice.objects.get(user=lead_member)
    client.post(VERIFY, {"code": _code(device, steps_ahead=1)})
    assert client.post(reverse("two_factor_off")).status_code == 302
    assert not TOTPDevice.objects.filter(user=lead_member).exists()

    client.force_login(chair)
    device = TOTPDevice.objects.get(user=chair)
    client.post(VERIFY, {"code": _code(device, steps_ahead=1)})
    assert b"cannot be turned off" in client.get("/account/").content
    assert client.post(reverse("two_factor_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=chair).exists()


def test_an_app_removed_by_an_administrator_after_sign_in_does_not_trap_the_user(
    client, chair_with_app, two_factor_required
) -> None:
    user, device, _ = chair_with_app
    _sign_in(client, user)
    device.delete()  # the administrator resets the lost app in the admin
    assert client.get(VERIFY)["Location"] == "/"
    assert client.get("/plans/")["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_the_demo_code_command_prints_the_apps_code_only_with_debug_on(
    client, chair, settings
) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    client.force_login(chair)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=chair)
    settings.DEBUG = True
    out = StringIO()
    call_command("demo_code", chair.username, stdout=out)
    assert out.getvalue().strip() == _code(device)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("demo_code", chair.username)


# The admin --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_superuser_of_any_role_gives_a_code_before_it_reaches_the_admin(client) -> None:
    # A superuser made by hand with the reviewer role, which does not itself need two-factor.
    user = make_user(User.Role.REVIEWER, is_staff=True, is_superuser=True)
    _sign_in(client, user)
    assert client.get("/admin/")["Location"].startswith(SETUP)
    assert client.get("/admin/otp_totp/totpdevice/")["Location"].startswith(SETUP)
    _set_up(client, user)
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_admin_login_page_does_not_get_round_the_second_factor(client) -> None:
    user = make_user(User.Role.REVIEWER, username="staffer", is_staff=True, is_superuser=True)
    client.post("/admin/login/?next=/admin/", {"username": "staffer", "password": PASSWORD})
    assert client.get("/admin/governance/user/")["Location"].startswith(SETUP)
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("change", [{"is_staff": True}, {"is_superuser": True}, {"role": "chair"}])
def test_an_account_given_the_admin_or_a_privileged_role_gives_a_code_at_its_next_request(
    client, two_factor_required, change: dict
) -> None:
    user = make_user(User.Role.MEMBER)
    _sign_in(client, user)
    assert client.get("/plans/").status_code == 200
    User.objects.filter(pk=user.pk).update(**change)
    assert client.get("/plans/")["Location"].startswith(SETUP)
    assert client.post("/plans/")["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_createsuperuser_makes_an_administrator_who_must_use_two_factor(monkeypatch) -> None:
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a long and unusual pass phrase")
    call_command("createsuperuser", "--noinput", username="root", email="root@example.org")
    user = User.objects.get(username="root")
    assert user.role == User.Role.ADMINISTRATOR and two_factor.required_for(user)


def test_the_admin_never_shows_an_apps_key_or_a_recovery_code(client, chair_with_app) -> None:
    chair, device, codes = chair_with_app
    admin = make_user(User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    _sign_in(client, admin)
    _set_up(client, admin)
    recovery = chair.staticdevice_set.get()
    pages = [
        "/admin/otp_totp/totpdevice/",
        f"/admin/otp_totp/totpdevice/{device.pk}/change/",
        "/admin/otp_static/staticdevice/",
        f"/admin/otp_static/staticdevice/{recovery.pk}/change/",
        f"/admin/governance/user/{chair.pk}/change/",
    ]
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.content.decode()
        assert device.key not in text and two_factor.secret_text(device) not in text
        assert not any(code in text for code in codes), url
    # An administrator may remove a lost app: the account sets up a new one at its next sign-in.
    response = client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not TOTPDevice.objects.filter(pk=device.pk).exists()
