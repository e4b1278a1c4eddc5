"""seed_demo: the demo plan and accounts, loaded once however often it runs."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from actions.models import Action, Plan, ProgressUpdate
from governance.models import Group, User

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    """Rows in every table of the project's apps, history tables included."""
    return {
        model._meta.label: model.objects.count()
        for app in ("governance", "actions", "reporting")
        for model in apps.get_app_config(app).get_models()
    }


def test_it_loads_the_plan_and_prints_the_accounts(settings) -> None:
    settings.DEBUG = True
    output = _seed()
    assert "Loaded the plan cse-2012-14: 5 themes, 26 actions, 4 periods" in output
    for username in ("admin", "reviewer", "member", "coordinator", "chair"):
        assert f"  {username} " in output
    assert "cse-demo-2012-14" in output


def test_running_it_again_changes_nothing(settings) -> None:
    settings.DEBUG = True
    _seed()
    before = _row_counts()
    output = _seed()
    assert "already loaded" in output
    assert _row_counts() == before
    assert before["actions.HistoricalAction"] == 26


def test_it_creates_one_account_per_role_and_the_member_is_joanna_williams(settings) -> None:
    settings.DEBUG = True
    _seed()
    roles = dict(User.objects.values_list("username", "role"))
    assert roles == {
        "admin": "administrator",
        "reviewer": "reviewer",
        "member": "member",
        "coordinator": "coordinator",
        "chair": "chair",
    }
    member = User.objects.get(username="member")
    assert member.check_password("cse-demo-2012-14")
    assert member.person.name == "Joanna Williams"
    led = Action.objects.filter(lead_person=member.person)
    assert sorted(a.full_reference for a in led) == ["1.2a", "1.2b", "1.2c", "1.2d"]
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.get(username="chair").is_staff


def test_every_history_row_of_the_plan_names_the_administrator_and_the_reason(settings) -> None:
    settings.DEBUG = True
    _seed()
    admin = User.objects.get(username="admin")
    for model in (Plan, Action, ProgressUpdate, Group):
        rows = model.history.all()
        assert rows.exists()
        assert set(rows.values_list("history_user", "history_change_reason")) == {
            (admin.pk, "Loaded from the seed plan")
        }


def test_it_refuses_to_run_with_debug_off_unless_forced(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        _seed()
    assert not Plan.objects.exists() and not User.objects.exists()
    assert "Loaded the plan" in _seed("--force")
