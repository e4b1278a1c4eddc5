"""The history tables keep their rows for good, and are indexed for the history pages.

On PostgreSQL a trigger refuses UPDATE and DELETE of any row of a history table, whoever asks:
the record that reviewers read cannot be rewritten, even from a database shell. (TRUNCATE, which
only the tables' owner can run, is left to backups and restores.) SQLite has no such guard; it is
the embedded development database.
"""

from django.db import migrations

HISTORY_TABLES = [
    "governance_historicaluser",
    "governance_historicalorganisation",
    "governance_historicalgroup",
    "governance_historicalgroup_reports_to",
    "governance_historicalperson",
    "governance_historicalmembership",
    "governance_historicalmeeting",
    "governance_historicalmeeting_attendees",
    "actions_historicalplan",
    "actions_historicaltheme",
    "actions_historicalaction",
    "actions_historicalaction_co_leads",
    "actions_historicalreportingperiod",
    "actions_historicalprogressupdate",
]

FUNCTION = """
CREATE OR REPLACE FUNCTION cseplan_refuse_history_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The history in % cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

# The change log and the action pages look up "the record before this one of the same row".
INDEXES = [
    ("actions_historicalaction", "id, history_id"),
    ("actions_historicalprogressupdate", "id, history_id"),
    ("actions_historicalprogressupdate", "action_id, history_date"),
    ("actions_historicaltheme", "id, history_id"),
    ("actions_historicalreportingperiod", "id, history_id"),
    ("actions_historicalplan", "id, history_id"),
]


def _index_name(table: str, columns: str) -> str:
    return f"{table}_{columns.replace(', ', '_')}_idx"[:63]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    for table, columns in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index_name(table, columns)} ON {table} ({columns})"
        )
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)  # its % is for PL/pgSQL, not for Python
    for table in HISTORY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS history_append_only ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION cseplan_refuse_history_change()"
        )


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    for table, columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_index_name(table, columns)}")
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in HISTORY_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS history_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS cseplan_refuse_history_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0004_plan_import"),
        ("governance", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
