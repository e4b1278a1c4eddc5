"""Exporting a plan, and the round trip export → import → export."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actions.exporting import export_csv, export_xlsx, sheet_rows
from actions.importing import read_plan_file
from actions.models import Plan
from actions.services import import_plan
from actions.snapshot import current_snapshot
from governance.models import User
from tests.conftest import make_action, make_period, make_theme, make_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_plan(db: None) -> Plan:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Plan.objects.get(slug="cse-2012-14")


def _reimport(content: bytes, filename: str, user: User, slug: str) -> Plan:
    preview = read_plan_file(filename, content, slug=slug)
    assert not preview.errors, [str(e) for e in preview.errors]
    return import_plan(preview, by=user)


def _xlsx_cells(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def test_the_seed_plan_survives_a_csv_round_trip_byte_for_byte(
    seed_plan: Plan, coordinator: User
) -> None:
    first = export_csv(seed_plan)
    copy = _reimport(first, "cse.csv", coordinator, "copy")
    assert export_csv(copy) == first


def test_the_seed_plan_survives_an_xlsx_round_trip(seed_plan: Plan, coordinator: User) -> None:
    first = export_xlsx(seed_plan)
    copy = _reimport(first, "cse.xlsx", coordinator, "copy")
    assert _xlsx_cells(export_xlsx(copy)) == _xlsx_cells(first)
    assert export_csv(copy) == export_csv(seed_plan)


def test_the_xlsx_fills_each_rating_with_its_colour_beside_its_letter(seed_plan: Plan) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export_xlsx(seed_plan))).active
    header = [cell.value for cell in sheet[1]]
    first_review = header.index("Jul 2012") + 1
    fills = {}
    for row in sheet.iter_rows(min_row=2, min_col=first_review):
        for cell in row:
            if cell.value:
                fills.setdefault(cell.value, set()).add(
                    (cell.fill.fgColor.rgb[-6:], cell.font.color.rgb[-6:])
                )
            else:
                assert cell.fill.fill_type is None
    assert fills["G"] == {("00703C", "FFFFFF")} and fills["A"] == {("F47738", "0B0C0C")}
    assert all(len(colours) == 1 for colours in fills.values())


def test_the_export_has_every_column_and_the_periods_in_order(seed_plan: Plan) -> None:
    header, *rows = sheet_rows(current_snapshot(seed_plan))
    assert header == [
        "Theme", "Objective", "Narrative", "Ref", "Action", "Lead", "Due date", "Status",
        "Source", "Progress", "Jul 2012", "Oct 2012", "Jan 2013", "Apr 2013",
    ]  # fmt: skip
    by_ref = {row[3]: row for row in rows}
    assert len(rows) == 26
    assert by_ref["1.2a"][5:8] == ["Joanna Williams (WGAP)", "30/06/2013", "Open"]
    assert by_ref["4.2"][6] == "June 2012"
    assert by_ref["1.4"][10:] == ["", "R", "R", "A"]
    assert by_ref["1.5"][8] == "OCC report/ACPO action plan"
    assert by_ref["2.1"][10:] == ["", "", "", ""]


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(
    plan: Plan, coordinator: User
) -> None:
    theme = make_theme(plan, title=FORMULAS[0])
    period = make_period(plan, label="Jul 2012")
    for position, formula in enumerate(FORMULAS, start=1):
        action = make_action(theme, reference=f"1.{position}", description=formula)
        make_update(action, period, rating="G", narrative=formula)
    text = export_csv(plan).decode("utf-8-sig")
    for formula in FORMULAS:
        assert f",'{formula}" in text or f',"\'{formula.replace(chr(34), chr(34) * 2)}"' in text
    assert "\n=" not in text and ",=" not in text and ",+" not in text and ",@" not in text
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export_xlsx(plan))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet["E2"].value == FORMULAS[0]
    # The guard comes off again on import: the text is kept as written.
    copy = _reimport(export_csv(plan), "plan.csv", coordinator, "copy")
    assert sorted(copy.actions().values_list("description", flat=True)) == sorted(FORMULAS)


def test_export_plan_writes_the_file_as_a_named_user(seed_plan: Plan, tmp_path: Path) -> None:
    target = tmp_path / "plan.csv"
    out = io.StringIO()
    call_command(
        "export_plan",
        "cse-2012-14",
        "--format",
        "csv",
        "-o",
        str(target),
        "--user",
        "admin",
        stdout=out,
    )
    assert target.read_bytes() == export_csv(seed_plan)
    assert "26 actions, 4 periods" in out.getvalue()


def test_export_plan_refuses_an_unknown_plan_or_user(seed_plan: Plan, tmp_path: Path) -> None:
    target = str(tmp_path / "plan.csv")
    with pytest.raises(CommandError, match="No plan has the short name nope"):
        call_command("export_plan", "nope", "--format", "csv", "-o", target, "--user", "admin")
    with pytest.raises(CommandError, match="No active account has the username ghost"):
        call_command(
            "export_plan", "cse-2012-14", "--format", "csv", "-o", target, "--user", "ghost"
        )
    with pytest.raises(CommandError, match="--user"):
        call_command("export_plan", "cse-2012-14", "--format", "csv", "-o", target, "--user", "")


def test_import_plan_imports_a_file_and_a_dry_run_writes_nothing(
    seed_plan: Plan, tmp_path: Path
) -> None:
    source = tmp_path / "cse.xlsx"
    source.write_bytes(export_xlsx(seed_plan))
    out = io.StringIO()
    call_command(
        "import_plan",
        str(source),
        "--slug",
        "trial",
        "--dry-run",
        "--user",
        "coordinator",
        stdout=out,
    )
    assert (
        "Dry run: the import creates the plan trial: 5 themes, 26 actions, 4 periods, 90 ratings"
        in out.getvalue()
    )
    assert not Plan.objects.filter(slug="trial").exists()
    call_command(
        "import_plan",
        str(source),
        "--slug",
        "trial",
        "--title",
        "Trial plan",
        "--user",
        "coordinator",
        stdout=out,
    )
    assert Plan.objects.get(slug="trial").title == "Trial plan"


def test_import_plan_reports_errors_and_exits_non_zero(tmp_path: Path, coordinator: User) -> None:
    source = tmp_path / "bad.csv"
    source.write_text(
        "Theme,Objective,Ref,Action,Lead,Due date,Progress,Jul 2012\n1. P,,1.1,One,,,,Purple\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"bad\.csv has 1 error"):
        call_command(
            "import_plan", str(source), "--slug", "bad", "--user", coordinator.username, stderr=err
        )
    assert "Error: Row 2, Jul 2012: 'Purple' is not a rating" in err.getvalue()
    assert not Plan.objects.exists()
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.7")
    with pytest.raises(CommandError, match="must be a CSV or an Excel workbook"):
        call_command(
            "import_plan", str(tmp_path / "x.pdf"), "--slug", "x", "--user", coordinator.username
        )
