"""Writing a plan out as a spreadsheet (CSV or XLSX) in the layout that the importer reads."""

from __future__ import annotations

import csv
import io

from django.db.models import Prefetch

from actions.importing import FORMULA_STARTS
from actions.models import Plan, ProgressUpdate
from actions.ratings import rating_option

COLUMNS = ["Theme", "Objective", "Narrative", "Ref", "Action", "Lead", "Due date", "Status"]
COLUMNS += ["Source", "Progress"]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def plan_table(plan: Plan) -> list[list[str]]:
    """The plan as rows of text, header first: one row per action, one column per period."""
    periods = list(plan.periods.all())
    actions = (
        plan.actions()
        .select_related("theme", "parent", "lead_person", "lead_group")
        .prefetch_related(
            "co_leads",
            Prefetch("updates", queryset=ProgressUpdate.objects.select_related("period")),
        )
    )
    rows = [[*COLUMNS, *(period.label for period in periods)]]
    for action in actions:
        ratings = {update.period_id: update for update in action.updates.all()}
        letters = []
        for period in periods:
            update = ratings.get(period.pk)
            option = rating_option(update.scale, update.rating) if update else None
            letters.append(option.letter if option else "")
        theme = action.theme
        rows.append(
            [
                theme.heading,
                theme.objective,
                theme.narrative,
                action.full_reference,
                action.description,
                action.lead_display,
                action.due_date_display,
                action.get_status_display(),
                action.source,
                action.latest_progress(),
                *letters,
            ]
        )
    return rows


def neutralise(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with `'`, which shows it as text."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export_csv(plan: Plan) -> bytes:
    """The plan as CSV: UTF-8 with a byte-order mark (so Excel reads it), comma-separated."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in plan_table(plan):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(plan: Plan) -> bytes:
    """The plan as an Excel workbook: every cell a text cell, so nothing runs as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    workbook.properties.creator = "CSE action plan tracker"
    workbook.properties.title = plan.title
    rows = plan_table(plan)
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = value
            # openpyxl takes a string that starts with `=` for a formula unless told otherwise.
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row_number == 1:
                cell.font = Font(bold=True)
    widths = {"Theme": 24, "Objective": 30, "Narrative": 40, "Ref": 6, "Action": 40, "Lead": 24}
    widths |= {"Due date": 12, "Status": 11, "Source": 16, "Progress": 60}
    for column_number, heading in enumerate(rows[0], start=1):
        letter = sheet.cell(row=1, column=column_number).column_letter
        sheet.column_dimensions[letter].width = widths.get(heading, 9)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_plan(plan: Plan, file_format: str) -> bytes:
    """The plan in the format `csv` or `xlsx`."""
    if file_format == "csv":
        return export_csv(plan)
    if file_format == "xlsx":
        return export_xlsx(plan)
    raise ValueError(f"Unknown format {file_format!r}: use csv or xlsx")
