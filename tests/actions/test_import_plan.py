"""Importing a plan from a spreadsheet: what real council sheets hold, and what is refused."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.apps import apps

from actions.importing import FileRefused, parse_due_date, parse_mapping, read_plan_file
from actions.models import Action, Plan, ProgressUpdate
from actions.services import import_plan
from governance.models import Group, Membership, Person, User
from tests.conftest import make_group, make_person

pytestmark = pytest.mark.django_db

HEADER = "Theme,Objective,Ref,Action,Lead,Due date,Progress,Jul 2012,Oct 2012"


def _csv(*rows: str, header: str = HEADER) -> bytes:
    return "\r\n".join([header, *rows]).encode("utf-8")


def _read(content: bytes, filename: str = "plan.csv", **options: str):
    return read_plan_file(filename, content, slug=options.pop("slug", "new-plan"), **options)


def _import(content: bytes, user: User, filename: str = "plan.csv", **options: str) -> Plan:
    preview = _read(content, filename, **options)
    assert not preview.errors, [str(p) for p in preview.errors]
    return import_plan(preview, by=user)


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in ("governance", "actions")
        for model in apps.get_app_config(app).get_models()
    }


def _actions(plan: Plan) -> dict[str, Action]:
    return {action.full_reference: action for action in plan.actions().select_related("parent")}


# What it reads ----------------------------------------------------------------------------------


def test_it_reads_the_references_council_sheets_use(coordinator: User) -> None:
    plan = _import(
        _csv(
            "Overarching,,a),Strategy,,,,G,G",
            "Overarching,,(b),Action plan,,,,G,G",
            "1. Prevention,Awareness,1.1,Channels,,,,R,A",
            "1. Prevention,Awareness,1.2,Training group to:,,,,,",
            "1. Prevention,Awareness,1.2a,Programme,,,,A,A",
            "1. Prevention,Awareness,1.2 b),Agencies,,,,A,A",
            "1. Prevention,Awareness,c),Schools,,,,A,A",
        ),
        coordinator,
    )
    actions = _actions(plan)
    assert list(actions) == ["a)", "b)", "1.1", "1.2", "1.2a", "1.2b", "1.2c"]
    assert actions["1.2c"].parent == actions["1.2"]
    assert actions["a)"].parent is None
    theme = plan.themes.get(number="1")
    assert (theme.title, theme.objective) == ("Prevention", "Awareness")


def test_it_keeps_multi_line_cells_and_typographic_characters(coordinator: User) -> None:
    progress = (
        "Report accepted \u2013 \u201cfull day\u201d and \u2018half day\u2019 sessions.\nNext: OMG."
    )
    content = _csv(f'1. Prevention,Awareness,1.1,Channels,,,"{progress}",G,A')
    plan = _import(content, coordinator)
    assert _actions(plan)["1.1"].latest_progress() == progress


def test_it_reads_every_lead_form_and_creates_unknown_people_and_groups(
    coordinator: User,
) -> None:
    make_group(short_name="CSECAG")
    martin = make_person(name="Martin Hillier")
    content = _csv(
        "1. P,,1.1,One,Martin Hillier,,,G,G",
        "1. P,,1.2,Two,Joanna Williams (WGAP),,,G,G",
        "1. P,,1.3,Three,CSECAG,,,G,G",
        "1. P,,1.4,Four,NSPCC,,,G,G",
        "1. P,,1.5,Five,Caroline Riley / Terri Johnson,,,G,G",
    )
    preview = _read(content)
    assert preview.new_groups == ["WGAP", "NSPCC"]
    assert preview.new_people == ["Joanna Williams", "Caroline Riley", "Terri Johnson"]
    actions = _actions(import_plan(preview, by=coordinator))
    assert actions["1.1"].lead_person == martin
    assert actions["1.2"].lead_display == "Joanna Williams (WGAP)"
    assert Membership.objects.filter(
        person__name="Joanna Williams", group__short_name="WGAP"
    ).exists()
    assert (actions["1.3"].lead_group.short_name, actions["1.3"].lead_person) == ("CSECAG", None)
    assert actions["1.4"].lead_group.short_name == "NSPCC"
    assert actions["1.5"].lead_display == "Caroline Riley / Terri Johnson"
    assert actions["1.5"].is_led_by(Person.objects.get(name="Terri Johnson"))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("30/06/13", (datetime.date(2013, 6, 30), "day")),
        ("30/06/2013", (datetime.date(2013, 6, 30), "day")),
        ("2013-06-30", (datetime.date(2013, 6, 30), "day")),
        ("June 2012", (datetime.date(2012, 6, 1), "month")),
        ("June 12", (datetime.date(2012, 6, 1), "month")),
        ("Jun-13", (datetime.date(2013, 6, 1), "month")),
        ("Jun\u201313", (datetime.date(2013, 6, 1), "month")),
        ("Sept 2013", (datetime.date(2013, 9, 1), "month")),
        (datetime.datetime(2013, 6, 30, 0, 0), (datetime.date(2013, 6, 30), "day")),
        ("", None),
        ("To be agreed at CSECAG", None),
    ],
)
def test_it_reads_due_dates_in_every_listed_format(cell: object, expected: object) -> None:
    assert parse_due_date(cell) == expected


def test_a_due_date_that_is_not_a_date_is_kept_as_a_note_with_a_warning(coordinator: User) -> None:
    preview = _read(_csv("1. P,,1.1,One,,By the next meeting,,G,G"))
    assert not preview.errors
    assert [str(w) for w in preview.warnings] == [
        "Row 2, Due date: 'By the next meeting' is not a date: it is kept as a note and the due "
        "date left empty"
    ]
    action = _actions(import_plan(preview, by=coordinator))["1.1"]
    assert (action.due_date, action.due_date_note) == (None, "By the next meeting")


def test_an_impossible_date_is_an_error() -> None:
    preview = _read(_csv("1. P,,1.1,One,,31/02/2013,,G,G"))
    assert [str(e) for e in preview.errors] == ["Row 2, Due date: '31/02/2013' is not a real date"]


def test_it_reads_ratings_as_letters_or_words_in_any_case(coordinator: User) -> None:
    plan = _import(
        _csv("1. P,,1.1,One,,,,red,AMBER", "1. P,,1.2,Two,,,,g,Green", "1. P,,1.3,Three,,,, ,A"),
        coordinator,
    )
    ratings = list(
        ProgressUpdate.objects.filter(action__theme__plan=plan)
        .order_by("action__order", "period__start_date")
        .values_list("action__reference", "period__label", "rating")
    )
    assert ratings == [
        ("1.1", "Jul 2012", "R"),
        ("1.1", "Oct 2012", "A"),
        ("1.2", "Jul 2012", "G"),
        ("1.2", "Oct 2012", "G"),
        ("1.3", "Oct 2012", "A"),
    ]
    assert plan.rating_scale == "RAG"


def test_the_scale_is_inferred_from_the_ratings_or_given() -> None:
    assert _read(_csv("1. P,,1.1,One,,,,Complete,G")).scale == "BRAG"
    assert _read(_csv("1. P,,1.1,One,,,,B,G")).scale == "BRAG"
    assert _read(_csv("1. P,,1.1,One,,,,Amber/Green,A/R")).scale == "DC"
    assert _read(_csv("1. P,,1.1,One,,,,G,A"), scale="BRAG").scale == "BRAG"


def test_a_rating_off_the_given_scale_is_an_error_with_row_and_column() -> None:
    preview = _read(_csv("1. P,,1.1,One,,,,G,A", "1. P,,1.2,Two,,,,Blue,G"), scale="RAG")
    assert [str(e) for e in preview.errors] == [
        "Row 3, Jul 2012: 'Blue' is not a rating on this plan's scale (G, A, R)"
    ]


def test_semicolons_a_byte_order_mark_and_the_windows_code_page_are_read(coordinator: User) -> None:
    text = HEADER.replace(",", ";") + "\r\n1. Pr\u00e9vention;;1.1;Caf\u00e9 \u2013 one;;;;G;A\r\n"
    for content in (text.encode("utf-8-sig"), text.encode("cp1252")):
        preview = _read(content)
        assert not preview.errors
        assert preview.themes[0].title == "Pr\u00e9vention"
        assert preview.themes[0].actions[0].description == "Caf\u00e9 \u2013 one"


def test_it_reads_an_xlsx_workbook(coordinator: User) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["1. P", "", 1.1, "One", "CSECAG", datetime.datetime(2013, 6, 30), "Text", "G", "a"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = _import(buffer.getvalue(), coordinator, filename="plan.xlsx")
    action = _actions(plan)["1.1"]
    assert (action.due_date, action.lead_group.short_name) == (datetime.date(2013, 6, 30), "CSECAG")


def test_title_rows_above_the_headings_are_read_as_titles(coordinator: User) -> None:
    """A board's workbook, as printed: its name and date above the table."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Child Sexual Exploitation Multi-Agency Action Plan 2012-14"])
    sheet.append(["Progress report, October 2012"])
    sheet.append([])
    sheet.append(HEADER.split(","))
    sheet.append(["1. P", "", "1.1", "One", "CSECAG", "", "Text", "G", "Purple"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _read(buffer.getvalue(), "board.xlsx")
    assert [w.message for w in preview.warnings] == [
        "The column headings are on row 4: the rows above them were read as titles and not imported"
    ]
    # Problems name the row as the sheet numbers it, the empty row above the headings counted.
    assert [(e.row, e.column) for e in preview.errors] == [(5, "Oct 2012")]


def test_every_created_row_has_a_history_entry_naming_the_user_and_file(coordinator: User) -> None:
    _import(_csv("1. P,,1.1,One,Jo Bloggs (WGX),,Started,G,A"), coordinator, filename="notts.csv")
    for model in (Plan, Action, ProgressUpdate, Person, Group, Membership):
        rows = model.history.all()
        assert rows.exists(), model
        assert set(rows.values_list("history_user", "history_change_reason")) == {
            (coordinator.pk, "Imported from notts.csv")
        }


def test_a_second_file_adds_new_periods_to_an_existing_plan(coordinator: User) -> None:
    plan = _import(_csv("1. P,,1.1,One,,,Old news,R,A"), coordinator)
    later = _csv("1. P,,1.1,One,,,New news,R,A,G", header=HEADER + ",Jan 2013")
    preview = _read(later, slug=plan.slug)
    assert [w.message for w in preview.warnings] == [
        "The plan already has this period; its ratings are left as they are"
    ] * 2
    import_plan(preview, by=coordinator)
    action = _actions(plan)["1.1"]
    assert [u.rating for u in action.updates_by_period()] == ["R", "A", "G"]
    assert action.latest_progress() == "New news"


def test_the_progress_the_plan_already_shows_is_not_copied_into_a_new_review(
    coordinator: User,
) -> None:
    """A sheet exported from the plan carries its Progress; adding a review's column to it and
    importing again must not write that text into the new review as if written for it."""
    plan = _import(_csv("1. P,,1.1,One,,,Old news,R,A"), coordinator)
    later = _csv("1. P,,1.1,One,,,Old news,R,A,G", header=HEADER + ",Jan 2013")
    import_plan(_read(later, slug=plan.slug), by=coordinator)
    action = _actions(plan)["1.1"]
    assert [(u.rating, u.narrative) for u in action.updates_by_period()] == [
        ("R", ""), ("A", "Old news"), ("G", ""),
    ]  # fmt: skip
    assert action.latest_progress() == "Old news"


# What it refuses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "content", "reason"),
    [
        ("plan.txt", b"Theme,Ref", "must be a CSV or an Excel workbook"),
        ("plan.xls", b"\xd0\xcf\x11\xe0", "must be a CSV or an Excel workbook"),
        ("plan.csv", b"", "The file is empty"),
        ("plan.csv", b"\r\n ,, \r\n", "The file has no rows"),
        ("plan.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "is not a CSV file"),
        ("plan.xlsx", b"Theme,Ref,Action", "is not an Excel workbook"),
    ],
)
def test_it_refuses_files_that_are_not_plans(filename: str, content: bytes, reason: str) -> None:
    with pytest.raises(FileRefused, match=reason):
        _read(content, filename)


def test_it_refuses_an_over_large_file(settings) -> None:
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    with pytest.raises(FileRefused, match="smaller than 1 MB"):
        _read(_csv("1. P,,1.1," + "x" * 1024 * 1024 + ",,,,G,G"))


def test_it_refuses_a_workbook_that_unpacks_to_far_more_than_its_size() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 * 1024 * 1024))
    with pytest.raises(FileRefused, match="unpacks to far more than its size"):
        _read(buffer.getvalue(), "bomb.xlsx")


def test_missing_required_columns_are_named() -> None:
    preview = _read(b"Theme,Ref,Action\r\n1. P,1.1,One\r\n")
    assert [str(e) for e in preview.errors] == [
        "Row 1: The file has no column Objective, Lead, Due date or Progress. Head the columns as "
        "docs/import-format.md describes, or import it with the import_plan command, which is "
        "told which column is which (--map 'HEADING=FIELD')."
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1. P,,1.1,,,,,G,G", "Row 2, Action: Enter what the action is"),
        ("1. P,,,One,,,,G,G", "Row 2, Ref: Enter the action's reference, such as 1.2, 1.2a or a)"),
        (
            "1. P,,one.1,One,,,,G,G",
            "Row 2, Ref: 'one.1' is not a reference such as 1.2, 1.2a or a)",
        ),
        (
            "1. P,,1.3b,One,,,,G,G",
            "Row 2, Ref: 1.3b is a sub-action of 1.3, which no row above it in this theme has",
        ),
        (",,1.1,One,,,,G,G", "Row 2, Theme: Enter the theme of the first action"),
        (
            "1. P,,1.1,One,,,,G,Purple",
            "Row 2, Oct 2012: 'Purple' is not a rating on this plan's scale (G, A, R)",
        ),
    ],
)
def test_each_bad_row_is_reported_by_row_column_and_reason(row: str, message: str) -> None:
    preview = _read(_csv(row))
    assert message in [str(e) for e in preview.errors]


def test_a_duplicate_reference_is_an_error() -> None:
    preview = _read(_csv("1. P,,1.1,One,,,,G,G", "1. P,,1.1,Again,,,,G,G"))
    assert [str(e) for e in preview.errors] == [
        "Row 3, Ref: 1.1 is already on row 2 of the theme 1. P"
    ]


def test_rating_columns_must_be_months_in_order() -> None:
    preview = _read(_csv("1. P,,1.1,One,,,,G,G", header=HEADER.replace("Oct 2012", "Quarter 2")))
    assert (
        "Row 1, Quarter 2: A rating column must be headed by the month of its review, "
        "such as Jul 2012" in [str(e) for e in preview.errors]
    )
    preview = _read(_csv("1. P,,1.1,One,,,,G,G", header=HEADER.replace("Oct 2012", "Jan 2012")))
    assert "Row 1, Jan 2012: The rating columns must be in date order" in [
        str(e) for e in preview.errors
    ]


def test_a_file_with_any_error_changes_nothing(coordinator: User) -> None:
    before = _row_counts()
    preview = _read(_csv("1. P,,1.1,One,New Person,,,G,G", "1. P,,1.2,Two,,,,G,Purple"))
    assert preview.errors
    with pytest.raises(Exception, match="Purple"):
        import_plan(preview, by=coordinator)
    assert _row_counts() == before


def test_a_failure_while_writing_rolls_the_whole_import_back(
    coordinator: User, monkeypatch
) -> None:
    before = _row_counts()
    preview = _read(_csv("1. P,,1.1,One,New Person (NEWGRP),,,G,G"))
    from actions import services

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services._PlanWriter, "_create_updates", fail)
    with pytest.raises(RuntimeError):
        import_plan(preview, by=coordinator)
    assert _row_counts() == before


def test_a_plan_short_name_must_be_a_slug() -> None:
    preview = _read(_csv("1. P,,1.1,One,,,,G,G"), slug="not a slug!")
    assert "short name for the plan" in str(preview.errors[0])


def test_the_documented_example_file_imports(coordinator: User) -> None:
    from django.conf import settings

    example = settings.BASE_DIR / "docs" / "examples" / "small-plan.csv"
    preview = _read(example.read_bytes(), "small-plan.csv")
    assert not preview.errors
    assert [str(w) for w in preview.warnings] == [
        "Row 7, Due date: 'To be agreed' is not a date: it is kept as a note and the due date "
        "left empty"
    ]
    actions = _actions(import_plan(preview, by=coordinator))
    assert list(actions) == ["a)", "1.1", "1.2", "1.2a", "1.2b", "1.3", "1.4"]
    assert actions["1.2b"].lead_display == "Joanna Williams (WGAP) / Sharon Sipple"


# Other layouts, mapped ---------------------------------------------------------------------------

BOARD = (
    "Business plan 2012-13\r\n"
    "Theme,Objective,Reference,Action,Lead officer,Target date,Progress,Current,Notes\r\n"
    "1. P,Awareness,1.1,Channels,Martin Hillier,30/06/13,Started,G,for the board\r\n"
)
BOARD_MAP = ["Reference=ref", "lead OFFICER=lead", "Target date=due", "Current=rating:Apr 2012",
             "Notes=ignore"]  # fmt: skip


def test_a_board_layout_is_read_through_a_mapping_of_its_headings() -> None:
    preview = _read(BOARD.encode(), "board.csv", mapping=parse_mapping(BOARD_MAP))
    assert not preview.errors
    (action,) = preview.actions()
    assert (action.reference, action.due_date) == ("1.1", datetime.date(2013, 6, 30))
    assert action.ratings == {"Apr 2012": "G"}
    assert [period.label for period in preview.periods] == ["Apr 2012"]


def test_without_the_mapping_a_rating_column_headed_current_is_explained() -> None:
    preview = _read(BOARD.encode(), "board.csv")
    (error,) = preview.errors
    assert error.row == 2 and error.message.startswith(
        "The file has no column Ref, Lead or Due date"
    )
    assert "--map" in error.message


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("Current", "is not HEADING=FIELD"),
        ("=ref", "is not HEADING=FIELD"),
        ("Current=score", "'score' in 'Current=score' is not a field: use one of theme,"),
        ("Current=rating:", "is not a field"),
    ],
)
def test_a_mapping_that_cannot_be_read_is_refused_in_words(entry: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_mapping([entry])


def test_the_command_takes_the_mapping(tmp_path, coordinator: User) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    source = tmp_path / "board.csv"
    source.write_text(BOARD)
    options = [arg for entry in BOARD_MAP for arg in ("--map", entry)]
    out = io.StringIO()
    call_command("import_plan", str(source), "--slug", "board", *options, "--user",
                 coordinator.username, stdout=out)  # fmt: skip
    action = _actions(Plan.objects.get(slug="board"))["1.1"]
    assert [update.rating for update in action.updates_by_period()] == ["G"]
    with pytest.raises(CommandError, match="--map 'x' is not HEADING=FIELD"):
        call_command("import_plan", str(source), "--slug", "b2", "--map", "x", "--user",
                     coordinator.username)  # fmt: skip


def _two_sheet_workbook() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    notes = workbook.active
    notes.title = "Notes"
    notes.append(["Read me first"])
    plan = workbook.create_sheet("Plan 2012-13")
    plan.append(HEADER.split(","))
    plan.append(["1. P", "", "1.1", "One", "CSECAG", "", "Text", "G", "A"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_workbook_of_several_sheets_is_read_from_the_sheet_chosen() -> None:
    first = _read(_two_sheet_workbook(), "book.xlsx")
    assert first.warnings[0].message == (
        "The workbook has 2 sheets (Notes, Plan 2012-13): the sheet 'Notes' was read (the first; "
        "choose another with import_plan --sheet NAME)"
    )
    assert first.errors  # the notes are not a plan
    chosen = _read(_two_sheet_workbook(), "book.xlsx", sheet="plan 2012-13")
    assert not chosen.errors and len(chosen.actions()) == 1
    assert "the sheet 'Plan 2012-13' was read" in chosen.warnings[0].message
    with pytest.raises(FileRefused, match=r"no sheet called 'Budget'\. Its sheets: Notes, Plan"):
        _read(_two_sheet_workbook(), "book.xlsx", sheet="Budget")


def test_ratings_given_by_a_cells_colour_alone_are_read_as_the_nearest_rating() -> None:
    """A board's workbook that rates by filling the cell in Excel's red, amber or green."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["1. P", "", "1.1", "One", "CSECAG", "", "Text", "", ""])
    sheet.append(["1. P", "", "1.2", "Two", "CSECAG", "", "Text", "", "A"])
    for cell, colour in (("H2", "FF0000"), ("I2", "FFC000"), ("H3", "00B050")):
        sheet[cell].fill = PatternFill(fill_type="solid", fgColor=colour)
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _read(buffer.getvalue(), "board.xlsx")
    assert not preview.errors
    first, second = preview.actions()
    assert first.ratings == {"Jul 2012": "R", "Oct 2012": "A"}
    assert second.ratings == {"Jul 2012": "G", "Oct 2012": "A"}
    assert sorted(w.message for w in preview.warnings) == [
        "1 cell filled with the colour #00B050 and nothing else was read as Green (G), the "
        "nearest colour of the plan's scale",
        "1 cell filled with the colour #FF0000 and nothing else was read as Red (R), the "
        "nearest colour of the plan's scale",
        "1 cell filled with the colour #FFC000 and nothing else was read as Amber (A), the "
        "nearest colour of the plan's scale",
    ]
