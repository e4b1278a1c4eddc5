"""`manage.py backup` and `restore`: what comes back is what was backed up, row for row.

The round trip runs on the database the suite runs on: SQLite through its backup API, PostgreSQL
through pg_dump and pg_restore into a database made for the test and dropped after it
(`empty_database`, in conftest.py).
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from governance.models import User
from operations.backups import restore
from tests.conftest import make_action, make_plan, make_theme

# pg_dump sees only committed rows, so the round trips commit theirs.
committed = pytest.mark.django_db(transaction=True)
pytestmark = pytest.mark.django_db


def every_row(db: BaseDatabaseWrapper) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's columns and rows, ordered by primary key."""
    tables = {}
    quote = db.ops.quote_name
    with db.cursor() as cursor:
        for table in sorted(db.introspection.table_names(cursor)):
            columns = [c.name for c in db.introspection.get_table_description(cursor, table)]
            key = db.introspection.get_primary_key_columns(cursor, table) or columns
            cursor.execute(
                f"SELECT * FROM {quote(table)} ORDER BY {', '.join(quote(c) for c in key)}"  # noqa: S608
            )
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in cursor.fetchall()
            ]
            tables[table] = (columns, rows)
    return tables


@committed
def test_a_restored_database_is_the_backed_up_one_row_for_row(
    client: Client, empty_database: BaseDatabaseWrapper, tmp_path: Path
) -> None:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    client.force_login(User.objects.get(username="member"))  # a row in the sessions table
    backup_file = tmp_path / "cseplan.backup"
    out = io.StringIO()

    call_command("backup", str(backup_file), stdout=out)
    said = restore(empty_database, backup_file)

    assert f"to {backup_file}" in out.getvalue()
    assert said.startswith(f"Restored {backup_file} into ")
    original, restored = every_row(connection), every_row(empty_database)
    assert restored.keys() == original.keys()
    for table, (columns, rows) in original.items():
        assert restored[table] == (columns, rows), f"{table} differs after the restore"
    # Not an empty comparison: the plan, its history, accounts and a session came back.
    for table in (
        "actions_action",
        "actions_historicalprogressupdate",
        "governance_historicaluser",
        "governance_user",
        "django_session",
    ):
        assert original[table][1], f"{table} has no rows to compare"

    # Again over the restored copy: with --force its tables are replaced, the rows the same.
    said = restore(empty_database, backup_file, force=True)

    assert said.endswith(f"replacing {len(original)} tables.")
    assert every_row(empty_database) == original


@pytest.mark.postgresql
@committed
def test_the_restored_history_still_refuses_changes(
    empty_database: BaseDatabaseWrapper, tmp_path: Path
) -> None:
    make_action(make_theme(make_plan()))
    backup_file = tmp_path / "cseplan.dump"
    call_command("backup", str(backup_file), stdout=io.StringIO())

    restore(empty_database, backup_file)

    with (
        pytest.raises(DatabaseError, match="cannot be changed or deleted"),
        transaction.atomic(using=empty_database.alias),
        empty_database.cursor() as cursor,
    ):
        cursor.execute("UPDATE actions_historicalaction SET description = 'rewritten'")


def test_restore_refuses_a_database_that_has_tables(tmp_path: Path) -> None:
    backup_file = tmp_path / "cseplan.backup"
    call_command("backup", str(backup_file), stdout=io.StringIO())

    with pytest.raises(CommandError, match=r"is not empty .* add --force"):
        call_command("restore", str(backup_file), stdout=io.StringIO())


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("Minutes of the meeting\n")

    with pytest.raises(CommandError, match=r"is not a (PostgreSQL|SQLite) backup"):
        call_command("restore", str(not_a_backup), "--force", stdout=io.StringIO())


def test_a_backup_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "cseplan.backup").mkdir()  # a folder where the file should go

    with pytest.raises(CommandError, match="Cannot write"):
        call_command("backup", str(tmp_path / "cseplan.backup"), stdout=io.StringIO())

    assert [path.name for path in tmp_path.iterdir()] == ["cseplan.backup"]


@pytest.mark.parametrize("earlier_file", [False, True])
def test_a_backup_file_is_readable_by_its_owner_only(tmp_path: Path, earlier_file: bool) -> None:
    backup_file = tmp_path / "cseplan.backup"
    if earlier_file:
        backup_file.write_text("an earlier backup")
        backup_file.chmod(0o644)
    umask = os.umask(0)  # the most open umask: the mode must not depend on it
    try:
        call_command("backup", str(backup_file), stdout=io.StringIO())
    finally:
        os.umask(umask)

    assert stat.S_IMODE(backup_file.stat().st_mode) == 0o600
    assert backup_file.read_bytes().startswith((b"PGDMP", b"SQLite format 3"))
    assert [path.name for path in tmp_path.iterdir()] == ["cseplan.backup"]
