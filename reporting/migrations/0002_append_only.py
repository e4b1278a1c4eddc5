"""Report history and issued files are kept for good: PostgreSQL refuses UPDATE and DELETE.

Uses the function that actions/0005_history_append_only creates. An issued report's stored PDF
and Word files (reporting_issueddocument) are guarded the same way, so they never change.
"""

from django.db import migrations

TABLES = [
    "reporting_historicalcommitteereport",
    "reporting_historicalreportimplication",
    "reporting_historicalreportappendix",
    "reporting_issueddocument",
]


def forwards(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS history_append_only ON {table}")
        schema_editor.execute(
            f"CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION cseplan_refuse_history_change()"
        )


def backwards(apps, schema_editor):  # noqa: ANN001, ANN201
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS history_append_only ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("actions", "0005_history_append_only"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
