"""The record cannot be rewritten: not by the database, the admin or the code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import Client

from actions.models import Action
from governance.models import User
from tests.conftest import make_action, sign_in

pytestmark = pytest.mark.django_db

TRACKED = {
    model.__name__
    for app in ("governance", "actions")
    for model in apps.get_app_config(app).get_models()
    if hasattr(model, "history") and not model.__name__.startswith("Historical")
}


def _history_tables() -> list[str]:
    return sorted(
        model._meta.db_table
        for app in ("governance", "actions", "reporting")
        for model in apps.get_app_config(app).get_models()
        if model.__name__.startswith("Historical")
    )


@pytest.mark.postgresql
@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET history_change_reason = 'x'", "DELETE FROM {table}"]
)
def test_postgresql_refuses_to_change_or_delete_history(statement: str) -> None:
    make_action(description="Kept for good")
    for table in ("actions_historicalaction",):
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement.format(table=table))
    assert Action.history.get().description == "Kept for good"


@pytest.mark.postgresql
def test_every_history_table_has_the_guard() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers"
            " WHERE trigger_name = 'history_append_only' AND event_manipulation = 'DELETE'"
        )
        guarded = {row[0] for row in cursor.fetchall()}
    assert set(_history_tables()) <= guarded


def test_the_admin_will_not_revert_a_record(client: Client, administrator: User) -> None:
    action = make_action(description="First words")
    first = action.history.get()
    action.description = "Second words"
    action.save()
    sign_in(client, administrator)
    url = f"/admin/actions/action/{action.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 200  # reading an old version is fine
    response = client.post(
        url,
        {
            "theme": action.theme_id,
            "reference": action.reference,
            "description": "First words",
            "due_date_precision": "day",
            "status": "open",
            "order": 1,
            "version": 1,
        },
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.description == "Second words" and action.history.count() == 2


def test_the_admin_will_not_delete_an_account(
    client: Client, administrator: User, reviewer: User
) -> None:
    sign_in(client, administrator)
    assert (
        client.post(f"/admin/governance/user/{reviewer.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert User.objects.filter(pk=reviewer.pk).exists()


def test_no_history_model_is_in_the_admin() -> None:
    from django.contrib import admin

    assert not [model for model in admin.site._registry if model.__name__.startswith("Historical")]


def _receiver_names(node: ast.AST) -> set[str]:
    names = set()
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        else:
            node = node.func
    if isinstance(node, ast.Name):
        names.add(node.id)
    return names


def test_no_code_writes_tracked_models_around_their_history() -> None:
    """QuerySet.update(), bulk_update() and raw SQL would change plan data with no history row."""
    offenders = []
    roots = [
        Path(settings.BASE_DIR) / name
        for name in (
            "actions",
            "governance",
            "reporting",
            "cseplan",
            "accounts",
            "operations",
            "demo",
        )
    ]
    for path in (p for root in roots for p in root.rglob("*.py") if "migrations" not in p.parts):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            method, receiver = node.func.attr, _receiver_names(node.func.value)
            if method in {"bulk_update", "raw", "extra"} or (
                method == "execute" and "cursor" in receiver
            ):
                offenders.append(f"{path.name}:{node.lineno} {method}")
            # The page cache's count of changes is bookkeeping with no history of its own.
            if (
                method == "update"
                and "DataVersion" not in receiver
                and (
                    {"objects", "filter", "exclude", "all"} & receiver
                    or receiver & {f"{name}" for name in TRACKED}
                )
            ):
                offenders.append(f"{path.name}:{node.lineno} QuerySet.update")
    assert not offenders
