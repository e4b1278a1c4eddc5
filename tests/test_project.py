"""The project as a whole: migrations in step with the models, settings read safely."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from cseplan.lib.env import envbool, envint, envlist


@pytest.mark.django_db
def test_the_migrations_match_the_models() -> None:
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_the_system_check_is_clean() -> None:
    call_command("check", fail_level="WARNING")


@pytest.mark.parametrize(
    ("raw", "value"), [("true", True), ("ON", True), ("0", False), ("no", False)]
)
def test_envbool_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, raw: str, value: bool
) -> None:
    monkeypatch.setenv("FLAG", raw)
    assert envbool("FLAG", not value) is value


@pytest.mark.parametrize(("reader", "raw"), [(envbool, "maybe"), (envint, "ten")])
def test_a_bad_setting_fails_loudly(monkeypatch: pytest.MonkeyPatch, reader, raw: str) -> None:
    monkeypatch.setenv("SETTING", raw)
    with pytest.raises(ImproperlyConfigured, match="SETTING"):
        reader("SETTING", 1)


def test_envlist_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert envlist("HOSTS", []) == ["a.example", "b.example"]


def test_views_fetch_objects_only_through_permission_helpers() -> None:
    """STYLE.md 9: a view that fetches a row itself may skip the permission check."""
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for views in Path(settings.BASE_DIR).glob("*/views.py"):
        text = views.read_text()
        for needle in (".objects.get(", "get_object_or_404(", ".objects.filter("):
            if needle in text:
                offenders.append(f"{views.parent.name}/views.py uses {needle}")
    assert not offenders
