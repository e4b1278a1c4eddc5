"""The spreadsheet import, given hostile files: a preview or a clear refusal, never an exception.

`read_plan_file` is fed random bytes, CSVs built from the real column headings with hostile cells,
broken workbooks (random bytes after a zip header, truncated or damaged zips, a damaged sheet) and
workbooks of hostile cells. A preview without errors is then imported, which must succeed or be
refused as a whole. The upload page gets the same files, and its preview and confirmation follow.
"""

from __future__ import annotations

import csv
import datetime
import io
import time
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from actions.importing import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    FileRefused,
    ImportPreview,
    read_plan_file,
)
from actions.models import PlanImport
from actions.services import import_plan
from cseplan.lib.text import xml_text
from governance.models import User
from tests.security import hostile
from tests.security.conftest import World
from tests.security.hostile import CONTROL_CHARACTERS, XSS_PAYLOADS, fuzz_settings, hostile_text

pytestmark = [
    pytest.mark.django_db,
    # openpyxl warns of what it skips in a damaged workbook; the tests look at the outcome.
    pytest.mark.filterwarnings("ignore::UserWarning:openpyxl"),
]

# Cells a plan's spreadsheet holds, right and wrong.
_CELLS = [
    "1. Prevention & Response", "Overarching Strategy and Governance", "1.1", "1.2a", "1.2 a)",
    "a)", "(b)", "2.4", "1..2", "0", "1.2.3.4.5.6.7.8.9", "Joanna Williams (WGAP)", "WGAP",
    "A Person / Another Person", "NSPCC / WGAP", "(()", "30/06/2013", "31/02/2013", "June 2012",
    "Jun-13", "2013-06-30", "00/00/0000", "99/99/99", "To be agreed", "Open", "Completed",
    "Withdrawn", "Closed", "R", "A", "G", "B", "A/G", "Amber/Red", "Purple", "-", "n/a",
    "'=1+1", "\x00", "y" * 140_000,
]  # fmt: skip
_HEADINGS = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
_PERIODS = ["Jul 2012", "Oct 2012", "Jan 2013", "Apr 2013", "Sept 2013", "Jul 12", "Smarch 2012"]


def _cell() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_CELLS), st.sampled_from(_CELLS), hostile_text())


@st.composite
def _table(draw: st.DrawFn) -> list[list[str]]:
    """A sheet: the real headings (some left out, repeated or hostile), rows of hostile cells."""
    headings = draw(
        st.lists(st.sampled_from(_HEADINGS), min_size=len(REQUIRED_COLUMNS) - 1, max_size=12)
        | st.permutations(_HEADINGS).map(list)
    )
    headings += draw(st.lists(st.sampled_from(_PERIODS) | hostile_text(40), max_size=3))
    rows = draw(st.lists(st.lists(_cell(), max_size=len(headings) + 1), min_size=1, max_size=6))
    return [headings, *rows]


@st.composite
def _csv_file(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(draw(_table()))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return buffer.getvalue().encode(encoding, errors="replace")


def _workbook(rows: list[list[Any]], formats: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = xml_text(value)  # a workbook cannot hold the others
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if formats:
                cell.number_format = formats[(row_number + column_number) % len(formats)]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_REAL_WORKBOOK = _workbook(
    [
        ["Theme", "Objective", "Ref", "Action", "Lead", "Due date", "Progress", "Jul 2012"],
        ["1. Prevention", "An objective", "1.1", "Do something", "WGAP", "June 2013", "", "G"],
    ]
)

_VALUES = st.one_of(
    _cell(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=datetime.datetime(1900, 3, 1)),
    st.dates(min_value=datetime.date(1900, 3, 1)),
    st.times(),
    st.sampled_from(["=1/0", '=HYPERLINK("http://127.0.0.1:9/")', "=A1", "=NOW()"]),
)


@st.composite
def _hostile_workbook(draw: st.DrawFn) -> bytes:
    table = draw(_table())
    rows = [table[0], *[[draw(_VALUES) for _ in row] for row in table[1:]]]
    formats = draw(
        st.lists(
            st.sampled_from(
                ["General", "yyyy-mm-dd", "dd/mm/yy", "hh:mm:ss", "0.00", "@", "mmm-yy"]
            ),
            max_size=3,
        )
    )
    return _workbook(rows, formats)


def _replace_sheet(sheet: bytes) -> bytes:
    """The real workbook with its sheet's XML replaced."""
    source = zipfile.ZipFile(io.BytesIO(_REAL_WORKBOOK))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(
                name, sheet if name == "xl/worksheets/sheet1.xml" else source.read(name)
            )
    return buffer.getvalue()


_SHEET_XML = zipfile.ZipFile(io.BytesIO(_REAL_WORKBOOK)).read("xl/worksheets/sheet1.xml")


def _broken_workbook() -> st.SearchStrategy[bytes]:
    length = len(_REAL_WORKBOOK)
    return st.one_of(
        st.binary(max_size=500).map(lambda rest: b"PK\x03\x04" + rest),
        st.integers(0, length - 1).map(lambda end: _REAL_WORKBOOK[:end]),
        st.lists(st.tuples(st.integers(0, length - 1), st.integers(0, 255)), min_size=1).map(
            _damaged
        ),
        st.integers(0, len(_SHEET_XML) - 1).map(lambda end: _replace_sheet(_SHEET_XML[:end])),
        st.binary(max_size=300).map(_replace_sheet),
        st.sampled_from(
            [
                b'<c r="ZZZZZZ1"><v>1</v></c>',
                b'<c r="A1" t="s"><v>99999</v></c>',
                b'<c r="A1" t="n"><v>not a number</v></c>',
                b'<c r="A1" t="d"><v>not a date</v></c>',
                b'<c r="A1" t="b"><v>2</v></c>',
                b'<c r="A1" t="e"><v>#DIV/0!</v></c>',
                b'<c r="XFD1"><v>1</v></c>',
                b'<c r="A1048577"><v>1</v></c>',
            ]
        ).map(_with_cell),
    )


def _damaged(changes: list[tuple[int, int]]) -> bytes:
    content = bytearray(_REAL_WORKBOOK)
    for position, value in changes:
        content[position] = value
    return bytes(content)


def _with_cell(cell: bytes) -> bytes:
    sheet = _SHEET_XML.replace(b"</sheetData>", b'<row r="3">' + cell + b"</row></sheetData>")
    return _replace_sheet(sheet)


def _files() -> st.SearchStrategy[tuple[str, bytes]]:
    """A file name and content: random bytes, a hostile CSV, a broken or hostile workbook."""
    name = st.sampled_from(["plan.csv", "plan.xlsx", "PLAN.CSV", "plan.xls", "plan", ".csv"])
    return st.one_of(
        st.tuples(name, st.binary(max_size=2000)),
        st.tuples(st.just("plan.csv"), _csv_file()),
        st.tuples(st.just("plan.xlsx"), _broken_workbook()),
        st.tuples(st.just("plan.xlsx"), _hostile_workbook()),
        st.tuples(st.just("plan.csv"), st.sampled_from([_REAL_WORKBOOK, b"\xff\xfe\x00"])),
    )


_HEADER = b"Theme,Objective,Ref,Action,Lead,Due date,Progress\n"


def _read(filename: str, content: bytes, slug: str = "new-plan") -> ImportPreview | None:
    """The preview of the file, or None when it is refused as a whole."""
    try:
        return read_plan_file(filename, content, slug=slug)
    except FileRefused as refused:
        assert str(refused), "a refusal says why"
        return None


def _import(preview: ImportPreview, by: User) -> None:
    """Import a preview without errors, in a savepoint rolled back: written whole, or refused."""
    with transaction.atomic():
        try:
            import_plan(preview, by=by)
        except ValidationError:
            pass
        else:
            assert not hostile.stored_text_problems()
        transaction.set_rollback(True)


def test_reading_any_file_gives_a_preview_or_a_refusal(hostile_world: World) -> None:
    chair = hostile_world.users["chair"]

    @fuzz_settings(200)
    @given(file=_files(), slug=st.sampled_from(["new-plan", "cse", "bad slug!", "x" * 61]))
    # Files that once escaped the reader as an exception, or imported a NUL.
    @example(file=("plan.csv", _HEADER + b"1. T,,1.1," + b"y" * 140_000 + b",,,\n"), slug="x")
    @example(
        file=("plan.csv", _HEADER + b"1. T,,1.1," + b"y" * 5000 + b",,,\n1. T,,1.2,\x00,,,\n"),
        slug="x",
    )
    @example(file=("plan.xlsx", _replace_sheet(_SHEET_XML[:150])), slug="x")
    @example(file=("plan.xlsx", _with_cell(b'<c r="ZZZZZZ1"><v>1</v></c>')), slug="x")
    @example(file=("plan.xlsx", _with_cell(b'<c r="A1" t="n"><v>not a number</v></c>')), slug="x")
    @example(file=("plan.xlsx", _with_cell(b'<c r="A1" t="s"><v>99999</v></c>')), slug="x")
    def read(file: tuple[str, bytes], slug: str) -> None:
        hostile.counted("import: read_plan_file")
        preview = _read(*file, slug=slug)
        if preview is not None:
            assert all(str(problem) for problem in preview.problems)
            if not preview.errors:
                _import(preview, chair)

    read()


def test_a_tiny_workbook_cannot_make_the_reader_fill_memory() -> None:
    """A sheet that declares (or reaches) the last column on every row is read in bounded work."""
    sheet = _SHEET_XML.replace(b'<dimension ref="A1:H2"/>', b'<dimension ref="A1:XFD1048576"/>')
    far = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(3, 3003))
    content = _replace_sheet(sheet.replace(b"</sheetData>", far + b"</sheetData>"))
    assert len(content) < 50_000
    started = time.perf_counter()
    _read("plan.xlsx", content)
    assert time.perf_counter() - started < 5


def test_the_upload_page_never_answers_a_hostile_file_with_a_server_error(
    hostile_world: World,
) -> None:
    """Upload, then the preview, then the confirmation: each a page or a refusal, never a 500."""
    client = Client()
    client.force_login(hostile_world.users["chair"])
    url = reverse("actions:plan_import")
    names = st.one_of(
        st.sampled_from(["plan.csv", "plan.xlsx"]),
        st.sampled_from(XSS_PAYLOADS).map(lambda text: text.replace("/", "") + ".csv"),
        st.text(st.characters(codec="utf-8", exclude_characters='"\r\n\\/'), max_size=300).map(
            lambda text: text + ".csv"
        ),
        st.text(st.sampled_from(CONTROL_CHARACTERS), max_size=5).map(lambda text: text + ".csv"),
    )
    fields = st.fixed_dictionaries(
        {},
        optional={
            "slug": st.sampled_from(["new-plan", "cse", ""]) | hostile_text(),
            "title": hostile_text(),
            "scale": st.sampled_from(["", "RAG", "BRAG", "DC"]) | hostile_text(),
        },
    )

    @fuzz_settings(20)
    @given(file=_files(), name=names, data=fields)
    def upload(file: tuple[str, bytes], name: str, data: dict[str, str]) -> None:
        hostile.counted("import: upload page")
        with transaction.atomic():
            before = hostile.row_counts()
            upload = SimpleUploadedFile(name if file[0] == "plan.csv" else file[0], file[1])
            response = client.post(url, {"slug": "new-plan", **data, "file": upload})
            assert response.status_code in {200, 302, 400}, response.status_code
            if response.status_code != 302:
                assert not hostile.changed_tables(before, hostile.row_counts())
            else:
                pending = PlanImport.objects.latest("pk")
                preview = client.get(response["Location"])
                assert preview.status_code == 200
                confirm = client.post(reverse("actions:import_confirm", args=[pending.pk]))
                assert confirm.status_code == 302
                assert not hostile.stored_text_problems()
            transaction.set_rollback(True)

    upload()
