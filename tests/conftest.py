"""Personas and small builders shared by the whole suite.

Tests build their own data with the `make_*` helpers; `fixtures/` is demo data and only the
tests of the seed plan read it.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme
from governance.models import Group, Membership, Person, User


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield


@pytest.fixture(autouse=True)
def _second_factor_optional(settings: Any) -> None:
    """Tests of what a role may do sign in with a password alone; the tests of two-factor
    authentication (tests/accounts/test_two_factor.py) ask for `two_factor_required`."""
    settings.TWO_FACTOR_REQUIRED_ROLES = []


@pytest.fixture
def two_factor_required(settings: Any) -> None:
    """Two-factor authentication required, as in production, for the privileged roles."""
    settings.TWO_FACTOR_REQUIRED_ROLES = ["coordinator", "chair", "administrator"]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with nothing kept, as a new app server process does (actions/page_cache)."""
    from django.core.cache import cache

    cache.clear()
    yield


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgresql` only mean something there: leave them out on SQLite.

    They are deselected rather than skipped, so that under CI (where a skip fails the run) the
    SQLite run passes and the PostgreSQL run runs them.
    """
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    kept = [item for item in items if item.get_closest_marker("postgresql") is None]
    deselected = [item for item in items if item.get_closest_marker("postgresql") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI a skipped test is a failure: a missing browser or database must not pass."""
    if os.environ.get("CI", "").lower() != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; under CI that is a failure.")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Builders ---------------------------------------------------------------------------------------


def sign_in(client: Client, user: User) -> None:
    """Sign `user` in on `client`. An account that can reach the admin must give a second factor
    in every session; its session here has given one, from an authenticator app of its own."""
    client.force_login(user)
    if two_factor.required_for(user):
        device = two_factor.authenticator(user) or TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def make_user(role: str = User.Role.MEMBER, **overrides: Any) -> User:
    fields = {"username": f"{role}-{User.objects.count() + 1}", "role": role, **overrides}
    return User.objects.create_user(password="correct horse battery staple", **fields)


def make_group(**overrides: Any) -> Group:
    fields = {"short_name": f"WG{Group.objects.count() + 1}", "name": "A working group"}
    return Group.objects.create(**{**fields, **overrides})


def make_person(**overrides: Any) -> Person:
    return Person.objects.create(**{"name": f"Person {Person.objects.count() + 1}", **overrides})


def make_plan(**overrides: Any) -> Plan:
    fields = {"slug": f"plan-{Plan.objects.count() + 1}", "title": "A test plan"}
    return Plan.objects.create(**{**fields, **overrides})


def make_theme(plan: Plan | None = None, **overrides: Any) -> Theme:
    plan = plan or make_plan()
    number = str(plan.themes.count() + 1)
    fields = {"plan": plan, "number": number, "title": f"Theme {number}", "order": int(number)}
    return Theme.objects.create(**{**fields, **overrides})


def make_action(theme: Theme | None = None, **overrides: Any) -> Action:
    theme = theme or make_theme()
    parent = overrides.get("parent")
    siblings = parent.children.count() if parent else theme.actions.filter(parent=None).count()
    fields = {
        "theme": theme,
        "reference": f"{theme.number}.{siblings + 1}",
        "description": "Do something useful",
        "order": siblings + 1,
    }
    return Action.objects.create(**{**fields, **overrides})


def make_period(plan: Plan, **overrides: Any) -> ReportingPeriod:
    count = plan.periods.count()
    start = datetime.date(2012, 7, 1) + datetime.timedelta(days=92 * count)
    fields = {
        "plan": plan,
        "label": f"Period {count + 1}",
        "short_label": "P",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=90),
    }
    return ReportingPeriod.objects.create(**{**fields, **overrides})


def make_update(action: Action, period: ReportingPeriod, **overrides: Any) -> ProgressUpdate:
    fields = {"action": action, "period": period, "scale": period.plan.rating_scale}
    return ProgressUpdate.objects.create(**{**fields, **overrides})


# Personas ---------------------------------------------------------------------------------------


@pytest.fixture
def plan(db: None) -> Plan:
    return make_plan()


@pytest.fixture
def reviewer(db: None) -> User:
    return make_user(User.Role.REVIEWER, username="rachel", first_name="Rachel")


@pytest.fixture
def lead_member(db: None) -> User:
    """A member who leads an action (see `led_action`)."""
    user = make_user(User.Role.MEMBER, username="alice", first_name="Alice")
    make_person(name="Alice Lead", user=user)
    return user


@pytest.fixture
def other_member(db: None) -> User:
    """A member who leads nothing."""
    user = make_user(User.Role.MEMBER, username="bob", first_name="Bob")
    make_person(name="Bob Other", user=user)
    return user


@pytest.fixture
def coordinator(db: None) -> User:
    return make_user(User.Role.COORDINATOR, username="carol", first_name="Carol")


@pytest.fixture
def chair(db: None) -> User:
    return make_user(User.Role.CHAIR, username="charlie", first_name="Charlie")


@pytest.fixture
def administrator(db: None) -> User:
    return make_user(User.Role.ADMINISTRATOR, username="ada", is_staff=True, is_superuser=True)


@pytest.fixture
def led_action(lead_member: User, plan: Plan) -> Action:
    """An action led by `lead_member` in person."""
    return make_action(make_theme(plan), lead_person=lead_member.person)


@pytest.fixture
def group_with_member(lead_member: User) -> Group:
    group = make_group(short_name="WGAP")
    Membership.objects.create(person=lead_member.person, group=group)
    return group


def pytest_report_header(config: pytest.Config) -> str:
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
