"""An issued report is frozen in the database too: PostgreSQL refuses to change it.

A trigger refuses UPDATE and DELETE of a committee report whose status is already issued (so
issuing, draft to issued, still works, in the transaction that stores its files), and another
refuses INSERT, UPDATE and DELETE of the implications and appendices of an issued report, and
moving one to an issued report. Whoever asks: the app's role and the owner alike (only the owner,
who owns the triggers, could drop them). The functions look tables up in the tables' own schema
only, never in a session's temporary tables. SQLite has no such guard; the write layer refuses
changes to an issued report there as everywhere (reporting/services.py).
"""

from django.db import migrations

REPORT_FUNCTION = """
CREATE OR REPLACE FUNCTION cseplan_refuse_issued_report_change() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'issued' THEN
        RAISE EXCEPTION 'Report % is issued and cannot be changed or deleted', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql SET search_path = {schema}, pg_temp;
"""

PART_FUNCTION = """
CREATE OR REPLACE FUNCTION cseplan_refuse_issued_report_part_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (
            SELECT 1 FROM reporting_committeereport WHERE id = OLD.report_id AND status = 'issued'
        ) THEN
            RAISE EXCEPTION 'Report % is issued: its % cannot be changed or deleted',
                OLD.report_id, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF EXISTS (
            SELECT 1 FROM reporting_committeereport WHERE id = NEW.report_id AND status = 'issued'
        ) THEN
            RAISE EXCEPTION 'Report % is issued: nothing can be added to its %',
                NEW.report_id, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql SET search_path = {schema}, pg_temp;
"""

TRIGGERS = [
    (
        "reporting_committeereport",
        "UPDATE OR DELETE",
        "cseplan_refuse_issued_report_change",
    ),
    (
        "reporting_reportimplication",
        "INSERT OR UPDATE OR DELETE",
        "cseplan_refuse_issued_report_part_change",
    ),
    (
        "reporting_reportappendix",
        "INSERT OR UPDATE OR DELETE",
        "cseplan_refuse_issued_report_part_change",
    ),
]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
    # Their % are for PL/pgSQL, not for Python.
    schema_editor.execute(REPORT_FUNCTION.format(schema=schema), params=None)
    schema_editor.execute(PART_FUNCTION.format(schema=schema), params=None)
    for table, events, function in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS issued_report_frozen ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER issued_report_frozen BEFORE {events} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()"
        )


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _events, _function in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS issued_report_frozen ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS cseplan_refuse_issued_report_change()")
    schema_editor.execute("DROP FUNCTION IF EXISTS cseplan_refuse_issued_report_part_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_append_only"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
