"""The app role's privileges on PostgreSQL: what the service needs and nothing more.

Production runs with two roles. The owner owns the tables, the sequences and the guard functions;
`migrate`, `backup` and `restore` run as it. The app role (`DATABASE_APP_ROLE`) is the one the app
servers connect as. After every `migrate`, `grant_app_role` gives it, in one transaction:

- on history tables (every `*_historical*` table, the many-to-many ones included) and on
  `reporting_issueddocument` (an issued report's files): SELECT and INSERT only;
- on `django_migrations`: SELECT only (Django reads it; only `migrate` writes it);
- on every other table: SELECT, INSERT, UPDATE and DELETE;
- on every table's sequences: USAGE and SELECT (never setval).

Everything else is revoked: TRUNCATE, REFERENCES and TRIGGER on every table, and whatever an
earlier grant gave. Only a table's owner may alter it, disable or drop its triggers, and only a
function's owner may replace it, so the app role cannot switch the guards off.

The grants are applied again after every `migrate` (tables that later migrations add are covered
the moment they exist) and they are not in backups (`pg_restore --no-acl`): `migrate` after a
restore gives them back. They are statements about the schema, not rows, so they go through the
schema editor as migrations' own statements do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# Tables that keep their rows for good besides the history tables (reporting/migrations/0002).
APPEND_ONLY_TABLES = frozenset({"reporting_issueddocument"})
# Read by Django at start; written only by `migrate`, as the owner.
READ_ONLY_TABLES = frozenset({"django_migrations"})

ORDINARY = "SELECT, INSERT, UPDATE, DELETE"
APPEND_ONLY = "SELECT, INSERT"
READ_ONLY = "SELECT"


def privileges_for(table: str) -> str:
    """The privileges the app role gets on `table`."""
    if table in READ_ONLY_TABLES:
        return READ_ONLY
    if table in APPEND_ONLY_TABLES or "_historical" in table:
        return APPEND_ONLY
    return ORDINARY


def grant_app_role(connection: BaseDatabaseWrapper, role: str) -> None:
    """Give `role` exactly the privileges of the module's docstring on every table."""
    if role == connection.settings_dict.get("USER"):
        raise ImproperlyConfigured(
            f"DATABASE_APP_ROLE is {role}, the role that migrate connects as: run migrate as the "
            "owner of the tables, with DATABASE_APP_ROLE naming the role the app servers use."
        )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(
            info.name
            for info in connection.introspection.get_table_list(cursor)
            if info.type == "t"
        )
        sequences = sorted(
            sequence["name"]
            for table in tables
            for sequence in connection.introspection.get_sequences(cursor, table)
        )
    by_privileges: dict[str, list[str]] = {}
    for table in tables:
        by_privileges.setdefault(privileges_for(table), []).append(quote(table))
    grantee = quote(role)
    with connection.schema_editor() as editor:  # one transaction: no moment with fewer grants
        editor.execute(f"REVOKE ALL ON TABLE {', '.join(map(quote, tables))} FROM {grantee}")
        for privileges, names in by_privileges.items():
            editor.execute(f"GRANT {privileges} ON TABLE {', '.join(names)} TO {grantee}")
        if sequences:
            names = ", ".join(map(quote, sequences))
            editor.execute(f"REVOKE ALL ON SEQUENCE {names} FROM {grantee}")
            editor.execute(f"GRANT USAGE, SELECT ON SEQUENCE {names} TO {grantee}")


def grant_after_migrate(*, using: str, **kwargs: Any) -> None:
    """post_migrate: on PostgreSQL with DATABASE_APP_ROLE set, grant the app role its privileges.

    Only after `migrate` (which passes its plan), not after `flush`, which adds no table.
    """
    connection = connections[using]
    if kwargs.get("plan") is None or connection.vendor != "postgresql":
        return
    if settings.DATABASE_APP_ROLE:
        grant_app_role(connection, settings.DATABASE_APP_ROLE)
