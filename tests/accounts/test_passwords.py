"""Password rules as the NCSC advises: long enough, not on a deny-list, no character-class rules,
and pasting allowed."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from governance.models import User


def _problems(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    "password",
    [
        "Nottingham2024!",  # the partnership, padded
        "nottinghamshire2024",  # overlapping names: the county, not the city and "shire"
        "CSECAG-Nottinghamshire-2013",  # two names and a year
        "safeguarding123",
        "CSEactionplan2026",
        "Password12345678",
        "password",  # short as well
        "short1",
        "123456789012",  # a breached list favourite
        "x" * 257,
    ],
)
def test_guessable_short_or_absurdly_long_passwords_are_refused(password: str) -> None:
    assert _problems(password)


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "purple tractor midnight oboe",
        "the partnership meets on tuesdays by the canal",  # a service word among many others
        "alllowercaseandnodigitsatall",  # no character-class rules
        "x7$Lq!9vR2#m",  # 12 characters of a password manager
    ],
)
def test_long_unguessable_passwords_are_accepted_without_composition_rules(password: str) -> None:
    assert _problems(password) == []


@pytest.mark.django_db
def test_a_password_like_the_username_is_refused() -> None:
    user = User(username="joanna.williams", first_name="Joanna", last_name="Williams")
    assert _problems("joanna.williams1", user)


@pytest.mark.django_db
def test_the_change_password_form_allows_pasting_and_password_managers(client, reviewer) -> None:
    client.force_login(reviewer)
    html = client.get("/account/password/").content.decode()
    assert "onpaste" not in html
    assert 'autocomplete="new-password"' in html
    assert 'autocomplete="current-password"' in html
