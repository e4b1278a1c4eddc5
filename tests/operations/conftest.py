"""A second database to restore backups into, for the tests of backups and of the app role."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend


@contextmanager
def database(name: str) -> Iterator[BaseDatabaseWrapper]:
    """A connection to another database of the same server (or another SQLite file)."""
    settings_dict = {**connection.settings_dict, "NAME": name}
    other = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "restored")
    connections["restored"] = other  # transaction.atomic(using=...) finds it by its alias
    try:
        yield other
    finally:
        other.close()
        del connections["restored"]


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A new, empty database to restore into; on PostgreSQL dropped afterwards."""
    if connection.vendor != "postgresql":
        with database(str(tmp_path / "restored.sqlite3")) as target:
            yield target
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        with database(name) as target:
            yield target
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
