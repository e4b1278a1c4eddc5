"""On PostgreSQL the app's own role cannot rewrite the record, and can do all the service does.

The suite runs as the owner of the tables (DATABASE_URL), with DATABASE_APP_ROLE naming the app
role that `migrate` grants to (operations/database_roles.py). These tests connect to the test
database as that role, with the password in DATABASE_APP_PASSWORD, as `.ci/run` sets them both.
Without them the tests are skipped, and under CI they fail.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from actions.models import ProgressUpdate
from actions.services import record_update
from governance.models import User
from operations.backups import backup, restore
from reporting.models import CommitteeReport, IssuedDocument, ReportAppendix, ReportImplication
from reporting.services import (
    ImplicationRow,
    add_appendix,
    draft_from,
    implications_version,
    issue_report,
    remove_appendix,
    save_implications,
)
from tests.conftest import make_action, make_period, make_plan, make_theme, make_user

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"  # what make_user gives every account
INSUFFICIENT_PRIVILEGE = "42501"
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
GUARD_FUNCTIONS = (
    "cseplan_refuse_history_change",
    "cseplan_refuse_issued_report_change",
    "cseplan_refuse_issued_report_part_change",
)
# A history table, a many-to-many history table and the issued files, each with a column.
APPEND_ONLY = [
    ("actions_historicalaction", "history_change_reason"),
    ("actions_historicalaction_co_leads", "history_id"),
    ("reporting_issueddocument", "sha256"),
]


@pytest.fixture
def app_role() -> tuple[str, str]:
    """The app role's name and password."""
    role, password = settings.DATABASE_APP_ROLE, os.environ.get("DATABASE_APP_PASSWORD", "")
    if not (role and password):
        missing = "DATABASE_APP_ROLE and DATABASE_APP_PASSWORD must name the app role"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{missing}: CI runs these tests as it (.ci/run)")
        pytest.skip(f"{missing} (docs/development.md, PostgreSQL)")
    return role, password


def connect(user: str, password: str) -> psycopg2.extensions.connection:
    """A connection of its own to the test database as `user`."""
    settings_dict = connection.settings_dict
    return psycopg2.connect(
        dbname=settings_dict["NAME"],
        user=user,
        password=password,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
    )


@pytest.fixture
def as_app(app_role: tuple[str, str]) -> Iterator[psycopg2.extensions.connection]:
    """The test database as the app servers see it."""
    db = connect(*app_role)
    yield db
    db.close()


@pytest.fixture
def as_owner() -> Iterator[psycopg2.extensions.connection]:
    """The test database as the owner of the tables sees it (the suite's own role)."""
    settings_dict = connection.settings_dict
    db = connect(settings_dict["USER"], settings_dict["PASSWORD"])
    yield db
    db.close()


def refusal(
    db: psycopg2.extensions.connection, statement: str, params: list[object] | None = None
) -> psycopg2.Error | None:
    """What the database said when refusing `statement`, or None if it ran; never committed."""
    try:
        with db.cursor() as cursor:
            cursor.execute(statement, params)
    except psycopg2.Error as error:
        return error
    finally:
        db.rollback()
    return None


def assert_refused(
    db: psycopg2.extensions.connection, statement: str, params: list[object] | None = None
) -> str:
    error = refusal(db, statement, params)
    assert error is not None, f"{statement} ran"
    assert error.pgcode == INSUFFICIENT_PRIVILEGE, f"{statement}: {error}"
    return str(error)


@contextmanager
def connected_as(role: str, password: str) -> Iterator[None]:
    """Django's own connection as `role` for the block, so the service's code runs as it."""
    settings_dict = connection.settings_dict
    kept = settings_dict["USER"], settings_dict["PASSWORD"]
    connection.close()
    settings_dict["USER"], settings_dict["PASSWORD"] = role, password
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == role
        yield
    finally:
        connection.close()
        settings_dict["USER"], settings_dict["PASSWORD"] = kept


def mark_issued(report: CommitteeReport, chair: User) -> CommitteeReport:
    """Issue a draft as the service does (files first, then the status), with stand-in files."""
    for file_format in ("pdf", "docx"):
        IssuedDocument.objects.create(
            report=report, file_format=file_format, content=b"file", sha256="0" * 64, data={}
        )
    report.status = CommitteeReport.Status.ISSUED
    report.issued_at = timezone.now()
    report.issued_by = chair
    report.save()
    return report


def make_report(**overrides: object) -> CommitteeReport:
    plan = make_plan()
    period = make_period(plan)
    return CommitteeReport.objects.create(
        **{"plan": plan, "period": period, "title": "A report", "report_of": "D", "committee": "C"}
        | overrides
    )


# What the app role may do -----------------------------------------------------------------------


def expected_privileges(table: str) -> set[str]:
    """The privileges docs/security.md promises the app role on `table`."""
    if "_historical" in table or table == "reporting_issueddocument":
        return {"SELECT", "INSERT"}
    if table == "django_migrations":
        return {"SELECT"}
    return {"SELECT", "INSERT", "UPDATE", "DELETE"}


def test_the_app_role_has_exactly_the_privileges_the_service_needs(
    app_role: tuple[str, str],
) -> None:
    role = app_role[0]
    models = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')"
        )
        tables = {row[0] for row in cursor.fetchall()}
        wrong = {}
        for table in sorted(tables):
            cursor.execute(
                "SELECT " + ", ".join(["has_table_privilege(%s, %s, %s)"] * len(TABLE_PRIVILEGES)),
                [arg for privilege in TABLE_PRIVILEGES for arg in (role, table, privilege)],
            )
            granted = {p for p, has in zip(TABLE_PRIVILEGES, cursor.fetchone(), strict=True) if has}
            if granted != expected_privileges(table):
                wrong[table] = sorted(granted)
        cursor.execute(
            "SELECT c.relname, has_sequence_privilege(%s, c.oid, 'USAGE'),"
            " has_sequence_privilege(%s, c.oid, 'SELECT'),"
            " has_sequence_privilege(%s, c.oid, 'UPDATE')"
            " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind = 'S'",
            [role] * 3,
        )
        sequences = cursor.fetchall()
        cursor.execute(
            "SELECT has_schema_privilege(%s, current_schema(), 'USAGE'),"
            " has_schema_privilege(%s, current_schema(), 'CREATE'),"
            " pg_has_role(%s, current_user, 'USAGE'),"
            " (SELECT rolsuper OR rolcreaterole OR rolbypassrls FROM pg_roles WHERE rolname = %s),"
            " (SELECT count(*) FROM pg_class WHERE relowner = %s::regrole)"
            " + (SELECT count(*) FROM pg_proc WHERE proowner = %s::regrole)",
            [role] * 6,
        )
        schema_usage, schema_create, acts_as_owner, powerful, owned = cursor.fetchone()

    assert tables == models | {"django_migrations"}  # every table is one the rules know
    assert "actions_historicalaction_co_leads" in tables  # many-to-many history is covered
    assert not wrong, f"privileges differ from the promised ones: {wrong}"
    assert sequences
    assert all(usage and select and not update for _, usage, select, update in sequences)
    assert (schema_usage, schema_create) == (True, False)
    assert not acts_as_owner  # not a member of the owner's role, so none of its powers
    assert not powerful
    assert owned == 0


def test_the_service_works_as_the_app_role(app_role: tuple[str, str]) -> None:
    """Signing in, two-factor, rating, drafting and issuing a report, signing out, clearing
    sessions: each as the app servers run it, connected as the app role."""
    make_user(User.Role.MEMBER, username="member")
    chair = make_user(User.Role.CHAIR, username="chair")
    device = TOTPDevice.objects.create(user=chair, name="Authenticator app", confirmed=True)
    plan = make_plan()
    period = make_period(plan)
    action = make_action(make_theme(plan))
    report = CommitteeReport.objects.create(
        plan=plan, period=period, title="A report", report_of="D", committee="C"
    )
    client = Client()

    with connected_as(*app_role):
        failed = client.post("/account/login/", {"username": "member", "password": "wrong"})
        signed_in = client.post("/account/login/", {"username": "member", "password": PASSWORD})
        dashboard = client.get(f"/plans/{plan.slug}/dashboard/")
        record_update(action, period, rating="G", narrative="Done", by=chair, expected_version=0)
        assert device.verify_token(f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}")
        save_implications(
            report,
            [ImplicationRow(pk=None, heading="Equalities Implications", text="None.")],
            by=chair,
            expected_version=implications_version([]),
        )
        appendix = add_appendix(report, by=chair, title="A strategy", text="Words.")
        remove_appendix(appendix, by=chair)
        add_appendix(report, by=chair, title="The strategy", text="Words.")
        issued = issue_report(report, by=chair)
        follower = draft_from(issued, by=chair)
        signed_out = client.post("/account/logout/")
        call_command("clearsessions")

    assert failed.status_code == 200 and signed_in.status_code == 302
    assert dashboard.status_code == 200 and signed_out.status_code == 302
    assert ProgressUpdate.objects.get(action=action, period=period).history.count() == 1
    issued.refresh_from_db()
    assert issued.status == CommitteeReport.Status.ISSUED
    assert issued.documents.count() == 2
    assert issued.history.first().history_change_reason == "Report issued"
    assert [i.heading for i in follower.implications.all()] == ["Equalities Implications"]
    assert [a.title for a in follower.appendices.all()] == ["The strategy"]
    assert User.objects.get(username="member").last_login is not None


# What the app role may not do -------------------------------------------------------------------


@pytest.mark.parametrize(("table", "column"), APPEND_ONLY)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {table} SET {column} = {column}",
        "DELETE FROM {table}",
        "TRUNCATE {table}",
        "TRUNCATE {table} CASCADE",
        "ALTER TABLE {table} DISABLE TRIGGER history_append_only",
        "ALTER TABLE {table} DISABLE TRIGGER ALL",
        "DROP TRIGGER history_append_only ON {table}",
        "ALTER TABLE {table} OWNER TO CURRENT_USER",
    ],
)
def test_the_app_role_cannot_rewrite_the_record(
    as_app: psycopg2.extensions.connection, table: str, column: str, statement: str
) -> None:
    make_action(make_theme(make_plan()))  # rows in the history tables
    mark_issued(make_report(), make_user(User.Role.CHAIR))  # and in the issued files

    said = assert_refused(as_app, statement.format(table=table, column=column))

    # Refused for want of the privilege, before any trigger is asked.
    assert "permission denied" in said or "must be owner" in said


@pytest.mark.parametrize("function", GUARD_FUNCTIONS)
@pytest.mark.parametrize(
    "statement",
    [
        "CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$"
        " LANGUAGE plpgsql",
        "DROP FUNCTION {function}() CASCADE",
        "ALTER FUNCTION {function}() OWNER TO CURRENT_USER",
        "ALTER FUNCTION {function}() RENAME TO {function}_old",
    ],
)
def test_the_app_role_cannot_replace_or_drop_the_guards(
    as_app: psycopg2.extensions.connection, function: str, statement: str
) -> None:
    said = assert_refused(as_app, statement.format(function=function))

    assert "permission denied" in said or "must be owner" in said


def test_the_app_role_cannot_switch_triggers_off_for_its_session(
    as_app: psycopg2.extensions.connection,
) -> None:
    assert_refused(as_app, "SET session_replication_role = replica")


# An issued report is frozen ---------------------------------------------------------------------


@pytest.fixture
def issued_report() -> CommitteeReport:
    """An issued report with a sub-heading and an appendix, written while it was a draft."""
    report = make_report()
    ReportImplication.objects.create(report=report, heading="Equalities", text="None.")
    ReportAppendix.objects.create(report=report, title="A strategy", text="Words.")
    return mark_issued(report, make_user(User.Role.CHAIR))


FROZEN = [
    "UPDATE reporting_committeereport SET status = 'draft' WHERE id = %(report)s",
    "UPDATE reporting_committeereport SET title = 'Rewritten' WHERE id = %(report)s",
    "DELETE FROM reporting_committeereport WHERE id = %(report)s",
    'INSERT INTO reporting_reportimplication (report_id, heading, text, "order")'
    " VALUES (%(report)s, 'Added', 'Later.', 9)",
    "UPDATE reporting_reportimplication SET text = 'Rewritten' WHERE report_id = %(report)s",
    "DELETE FROM reporting_reportimplication WHERE report_id = %(report)s",
    'INSERT INTO reporting_reportappendix (report_id, title, text, "order")'
    " VALUES (%(report)s, 'Added', 'Later.', 9)",
    "UPDATE reporting_reportappendix SET text = 'Rewritten' WHERE report_id = %(report)s",
    "DELETE FROM reporting_reportappendix WHERE report_id = %(report)s",
    "UPDATE reporting_reportimplication SET report_id = %(report)s WHERE id = %(draft_part)s",
]


@pytest.mark.parametrize("who", ["as_app", "as_owner"])
@pytest.mark.parametrize("statement", FROZEN)
def test_an_issued_report_cannot_be_changed_by_anyone(
    request: pytest.FixtureRequest, issued_report: CommitteeReport, who: str, statement: str
) -> None:
    draft_part = ReportImplication.objects.create(report=make_report(), heading="H", text="T")
    db = request.getfixturevalue(who)
    params = {"report": issued_report.pk, "draft_part": draft_part.pk}

    said = assert_refused(db, statement, params)  # type: ignore[arg-type]

    assert f"Report {issued_report.pk} is issued" in said


def test_a_temporary_table_cannot_hide_an_issued_report_from_the_guard(
    as_app: psycopg2.extensions.connection, issued_report: CommitteeReport
) -> None:
    with as_app.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE reporting_committeereport (id bigint, status text)")
    as_app.commit()

    said = assert_refused(
        as_app,
        'INSERT INTO reporting_reportimplication (report_id, heading, text, "order")'
        " VALUES (%s, 'Added', 'Later.', 9)",
        [issued_report.pk],
    )

    assert "is issued" in said


def test_a_draft_and_its_parts_can_still_be_changed(
    as_app: psycopg2.extensions.connection, issued_report: CommitteeReport
) -> None:
    draft = make_report(previous_report=issued_report)
    with as_app.cursor() as cursor:
        cursor.execute(
            "UPDATE reporting_committeereport SET title = 'Revised' WHERE id = %s", [draft.pk]
        )
        cursor.execute(
            'INSERT INTO reporting_reportimplication (report_id, heading, text, "order")'
            " VALUES (%s, 'Added', 'Now.', 1)",
            [draft.pk],
        )
        cursor.execute("DELETE FROM reporting_reportimplication WHERE report_id = %s", [draft.pk])
        cursor.execute("DELETE FROM reporting_committeereport WHERE id = %s", [draft.pk])
    as_app.commit()

    assert not CommitteeReport.objects.filter(pk=draft.pk).exists()
    assert CommitteeReport.objects.get(pk=issued_report.pk).title == "A report"


# After a restore --------------------------------------------------------------------------------


def test_migrate_after_a_restore_gives_the_app_role_its_privileges_back(
    app_role: tuple[str, str], empty_database: BaseDatabaseWrapper, tmp_path: Path
) -> None:
    """A backup carries no grants (pg_restore --no-acl): `migrate` gives them back."""
    backup_file = tmp_path / "cseplan.dump"
    backup(connection, backup_file)
    restore(empty_database, backup_file)

    def may(privilege: str, table: str) -> bool:
        with empty_database.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege(%s, %s, %s)", [app_role[0], table, privilege]
            )
            return cursor.fetchone()[0]

    assert not may("SELECT", "actions_action")
    call_command("migrate", database=empty_database.alias, verbosity=0, stdout=io.StringIO())

    assert may("UPDATE", "actions_action")
    assert may("INSERT", "actions_historicalaction")
    assert not may("UPDATE", "actions_historicalaction")
    assert not may("TRUNCATE", "actions_action")
