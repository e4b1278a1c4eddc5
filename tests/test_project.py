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


def test_views_fetch_rows_only_through_the_access_helpers() -> None:
    """A view that fetches a row itself may skip the permission check: views reach the database
    only through their app's `permissions.py` (docs/development.md, "Permissions")."""
    import ast
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for views in sorted(Path(settings.BASE_DIR).glob("*/views.py")):
        for node in ast.walk(ast.parse(views.read_text())):
            name = None
            if isinstance(node, ast.Attribute) and node.attr in {"objects", "_default_manager"}:
                name = f".{node.attr}"
            elif isinstance(node, ast.Name) and node.id in {"get_object_or_404", "get_list_or_404"}:
                name = node.id
            if name:
                offenders.append(f"{views.parent.name}/views.py:{node.lineno} uses {name}")
    assert not offenders


# Each app may import the apps below it, never one above it (docs/development.md, "Layout").
_LAYERS = ["accounts", "governance", "actions", "reporting", "demo"]
_MAY_IMPORT = {app: {"cseplan", *_LAYERS[:index]} for index, app in enumerate(_LAYERS)}
_MAY_IMPORT["operations"] = {"cseplan"}
_MAY_IMPORT["cseplan/lib"] = set()


def test_dependencies_point_one_way() -> None:
    import ast
    from pathlib import Path

    from django.conf import settings

    base = Path(settings.BASE_DIR)
    offenders = []
    for place, allowed in _MAY_IMPORT.items():
        for path in (base / place).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top in _MAY_IMPORT and top != place.split("/")[0] and top not in allowed:
                        offenders.append(f"{path.relative_to(base)} imports {name}")
                    if place == "cseplan/lib" and top in _MAY_IMPORT and top != "cseplan":
                        offenders.append(f"{path.relative_to(base)} imports {name}")
    assert not offenders
