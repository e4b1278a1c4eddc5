"""Writing a plan out as a spreadsheet (CSV or XLSX) in the layout that the importer reads."""

from __future__ import annotations

import csv
import io

from actions.importing import FORMULA_STARTS
from actions.models import Plan
from actions.ratings import SCALE_OPTIONS, rating_option
from actions.snapshot import PlanSnapshot, current_snapshot
from cseplan.lib.text import xml_text

COLUMNS = ["Theme", "Objective", "Narrative", "Ref", "Action", "Lead", "Due date", "Status"]
COLUMNS += ["Source", "Progress"]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def sheet_rows(snapshot: PlanSnapshot) -> list[list[str]]:
    """The plan as rows of text, header first: one row per action, one column per period."""
    periods = snapshot.periods
    rows = [[*COLUMNS, *(period.label for period in periods)]]
    for action in snapshot.actions:
        letters = []
        for period in periods:
            update = snapshot.rating(action, period)
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
                snapshot.lead(action),
                action.due_date_display,
                action.get_status_display(),
                action.source,
                snapshot.progress(action),
                *letters,
            ]
        )
    return rows


def neutralise(text: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with `'`, which shows it as text."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _snapshot(plan: Plan | PlanSnapshot) -> PlanSnapshot:
    return plan if isinstance(plan, PlanSnapshot) else current_snapshot(plan)


def export_csv(plan: Plan | PlanSnapshot) -> bytes:
    """The plan as CSV: UTF-8 with a byte-order mark (so Excel reads it), comma-separated."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    for row in sheet_rows(_snapshot(plan)):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(plan: Plan | PlanSnapshot) -> bytes:
    """The plan as an Excel workbook: every cell a text cell, so nothing runs as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    workbook.properties.creator = "CSE action plan tracker"
    snapshot = _snapshot(plan)
    workbook.properties.title = snapshot.plan.title
    rows = sheet_rows(snapshot)
    # A rating is written as its letter, in a cell filled with its colour as the pages show it.
    by_letter = {option.letter: option for option in SCALE_OPTIONS[snapshot.plan.rating_scale]}
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            cell.value = xml_text(value)
            # openpyxl takes a string that starts with `=` for a formula unless told otherwise.
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            option = by_letter.get(value) if column_number > len(COLUMNS) else None
            if row_number == 1:
                cell.font = Font(bold=True)
            elif option:
                colour, text = option.colour.lstrip("#").upper(), option.text_colour.lstrip("#")
                cell.fill = PatternFill(fill_type="solid", fgColor=colour)
                cell.font = Font(bold=True, color=text.upper())
    widths = {"Theme": 24, "Objective": 30, "Narrative": 40, "Ref": 6, "Action": 40, "Lead": 24}
    widths |= {"Due date": 12, "Status": 11, "Source": 16, "Progress": 60}
    for column_number, heading in enumerate(rows[0], start=1):
        letter = sheet.cell(row=1, column=column_number).column_letter
        sheet.column_dimensions[letter].width = widths.get(heading, 9)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_plan(plan: Plan | PlanSnapshot, file_format: str) -> bytes:
    """The plan in the format `csv` or `xlsx`."""
    if file_format == "csv":
        return export_csv(plan)
    if file_format == "xlsx":
        return export_xlsx(plan)
    raise ValueError(f"Unknown format {file_format!r}: use csv or xlsx")
