"""Back up the whole database to one file and restore it (`manage.py backup` and `restore`).

PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore` in a single transaction; the
connection comes from the settings and the password goes to them in PGPASSWORD, never on a command
line. SQLite: its online backup API, which copies a consistent database while it is in use.
On PostgreSQL both run as the role of DATABASE_URL, which must be the owner of the tables, not
the app role (docs/deployment.md). The file is readable by its owner only (mode 0600).

A backup holds every table: plans and their history, reports and their issued files, accounts,
sessions, sign-in lockouts, authenticator devices. Keep it as you keep the plan itself.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError
from django.db.backends.base.base import BaseDatabaseWrapper

# A backup holds what the service holds: only the account that made it may read it.
BACKUP_FILE_MODE = 0o600

# How each kind of backup file starts.
POSTGRESQL_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"

# libpq reads these from the environment; dj-database-url puts the SSL ones in OPTIONS.
_LIBPQ_SETTINGS = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def describe(connection: BaseDatabaseWrapper) -> str:
    """The database in words, for messages: never its password."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        host = settings.get("HOST") or "the local server"
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        return f"the PostgreSQL database {settings['NAME']} on {host}{port}"
    if connection.vendor == "sqlite":
        return f"the SQLite database {settings['NAME']}"
    return f"the {connection.vendor} database {settings['NAME']}"


def backup(connection: BaseDatabaseWrapper, path: Path) -> str:
    """Write the whole database to `path`; say what was written.

    The file appears only once it is complete: a failed backup leaves nothing behind (and an
    earlier file of the same name as it was).
    """
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise CommandError(f"Cannot back up a {connection.vendor} database.")
    try:
        with _replacing(path) as partial:
            if connection.vendor == "postgresql":
                _run(
                    [_tool("pg_dump"), "--format=custom", f"--file={partial}"],
                    env={**_libpq_env(connection), "PGDATABASE": connection.settings_dict["NAME"]},
                    failure="pg_dump failed",
                )
            else:
                connection.ensure_connection()
                target = sqlite3.connect(partial)
                try:
                    connection.connection.backup(target)
                finally:
                    target.close()
    except OSError as error:
        raise CommandError(f"Cannot write {path}: {error.strerror or error}") from error
    size = path.stat().st_size
    return f"Backed up {describe(connection)} to {path} ({_size(size)})."


def restore(connection: BaseDatabaseWrapper, path: Path, *, force: bool = False) -> str:
    """Load the backup at `path` into the database; say what was restored.

    Refuses a database that already has tables unless `force`: then the tables of the backup
    replace those of the same name. Either the whole backup is restored or nothing changes.
    """
    magic = _magic(path)
    if connection.vendor == "postgresql" and magic != POSTGRESQL_MAGIC:
        raise CommandError(f"{path} is not a PostgreSQL backup (made by pg_dump --format=custom).")
    if connection.vendor == "sqlite" and magic != SQLITE_MAGIC:
        raise CommandError(f"{path} is not a SQLite backup.")
    if connection.vendor not in {"postgresql", "sqlite"}:
        raise CommandError(f"Cannot restore into a {connection.vendor} database.")
    tables = connection.introspection.table_names()
    if tables and not force:
        raise CommandError(
            f"{_capitalised(describe(connection))} is not empty ({len(tables)} tables): restore "
            "into an empty database, or add --force to replace its tables with the backup's."
        )
    if connection.vendor == "postgresql":
        connection.close()  # nothing of ours holds a lock on what pg_restore replaces
        _run(
            [
                _tool("pg_restore"),
                # One transaction: the whole backup or nothing. --clean drops each table of the
                # backup before it is recreated (the history triggers refuse row changes, not
                # that); the restoring role owns what it creates.
                "--single-transaction",
                "--exit-on-error",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
            env=_libpq_env(connection),
            failure="pg_restore failed; the database is as it was",
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)  # page by page, in one step: whole or nothing
        finally:
            source.close()
    restored = connection.introspection.table_names()
    replaced = f", replacing {len(tables)} tables" if tables else ""
    return f"Restored {path} into {describe(connection)}: {len(restored)} tables{replaced}."


def _libpq_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in _LIBPQ_SETTINGS.items():
        if settings.get(key):
            env[variable] = str(settings[key])
    for option, variable in _LIBPQ_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise CommandError(
            f"{name} is not installed: install the PostgreSQL client of the server's version "
            "(Debian: postgresql-client)."
        )
    return found


def _run(command: list[str], *, env: dict[str, str], failure: str) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed tool; the password is in env, not here
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise CommandError(f"{failure}: {result.stderr.strip()}")


@contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary file beside `path` that becomes `path` if the block succeeds.

    The file is readable and writable by its owner only (0600) from the moment it exists: the
    tools write into it rather than creating their own, and its mode is set again before it
    takes the place of `path`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        partial.chmod(BACKUP_FILE_MODE)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _magic(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}") from error
    if head.startswith(POSTGRESQL_MAGIC):
        return POSTGRESQL_MAGIC
    return head


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
