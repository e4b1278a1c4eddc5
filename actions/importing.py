"""Reading a plan from a spreadsheet (CSV or XLSX) in the layout of docs/import-format.md.

Reading never writes: `read_plan_file` turns a file into an `ImportPreview` of what would be
created, with every problem found (row, column, reason). `actions.services.import_plan` writes a
preview that has no errors, in one transaction.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings

from actions.models import Action, Plan
from actions.ratings import RatingOption, RatingScale, infer_scale, nearest_rating, parse_rating
from governance.models import Group, Meeting, Person

REQUIRED_COLUMNS = ["Theme", "Objective", "Ref", "Action", "Lead", "Due date", "Progress"]
OPTIONAL_COLUMNS = ["Narrative", "Status", "Source"]
MAX_ROWS = 10_000
# Ten columns and one per review: 200 is decades of quarterly reviews.
MAX_COLUMNS = 200
# An XLSX file is a zip; refuse one that unpacks to far more than it weighs (a "zip bomb").
MAX_UNPACK_RATIO = 100
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

# Characters that make a spreadsheet read a cell as a formula; exports prefix such cells with `'`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_NUMBERED_REF = re.compile(r"(\d+(?:\.\d+)*)\s*\.?\s*(?:\(?([a-z])\)?\.?)?", re.IGNORECASE)
_LETTER_REF = re.compile(r"\(?([a-z])\)?\.?", re.IGNORECASE)
_NUMBERED_THEME = re.compile(r"(\d+)\s*[.):]?\s+(.+)")
_PERSON_IN_GROUP = re.compile(r"(.+?)\s*\(([^()]+)\)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,14}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,60}")
# The longest text each column may hold (the database's limits).
_MAX_LENGTHS = {"Theme": 300, "Ref": 20, "Source": 200, "Due date": 200, "Lead": 200}


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file: an error stops the import, a warning does not."""

    row: int | None
    column: str
    message: str
    is_error: bool = True

    def __str__(self) -> str:
        where = [f"row {self.row}" if self.row else "", self.column]
        place = ", ".join(part for part in where if part)
        return f"{place[0].upper()}{place[1:]}: {self.message}" if place else self.message


class FileRefused(Exception):
    """The file cannot be read as a plan at all (wrong type, empty, too large, unsafe)."""


@dataclass
class LeadName:
    """One lead named in a cell: a person, a group, or a person in a group."""

    person: str = ""
    group: str = ""


@dataclass
class ParsedAction:
    """One row of the sheet, read."""

    row: int
    number: str
    letter: str
    description: str
    leads: list[LeadName]
    due_date: datetime.date | None
    precision: str
    due_date_note: str
    status: str
    source: str
    progress: str
    ratings: dict[str, str]
    children: list[ParsedAction] = field(default_factory=list)

    @property
    def reference(self) -> str:
        """The reference stored on the action: the letter of a sub-action, else the number."""
        return self.letter or self.number

    @property
    def full_reference(self) -> str:
        """The reference as people name it, for messages: `1.2a`, `2.4`, `a)`."""
        return f"{self.number}{self.letter}" if self.number else f"{self.letter})"


@dataclass
class ParsedTheme:
    """A theme of the sheet, with its actions in order."""

    number: str
    title: str
    objective: str = ""
    narrative: str = ""
    actions: list[ParsedAction] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        """How many actions the theme has, sub-actions included."""
        return sum(1 + len(action.children) for action in self.actions)

    @property
    def heading(self) -> str:
        """The theme as headed: `1. Prevention & Response`."""
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass
class ParsedPeriod:
    """A rating column of the sheet, as a reporting period."""

    label: str
    short_label: str
    start_date: datetime.date
    end_date: datetime.date
    exists: bool = False
    is_closed: bool = False
    review_meeting: Meeting | None = None


@dataclass
class ImportPreview:
    """What importing a file would create, and every problem found in it."""

    filename: str
    slug: str
    title: str
    scale: str
    existing_plan: Plan | None = None
    # What a sheet does not hold, but a plan's own data may (the seed plan's, say).
    subtitle: str = ""
    owning_group: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    themes: list[ParsedTheme] = field(default_factory=list)
    periods: list[ParsedPeriod] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)
    new_people: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop the import."""
        return [problem for problem in self.problems if problem.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems the import goes ahead with."""
        return [problem for problem in self.problems if not problem.is_error]

    def actions(self) -> list[ParsedAction]:
        """Every action read, sub-actions after their parent."""
        return [
            action
            for theme in self.themes
            for parent in theme.actions
            for action in (parent, *parent.children)
        ]

    def new_periods(self) -> list[ParsedPeriod]:
        """The periods the import adds."""
        return [period for period in self.periods if not period.exists]

    def rating_count(self) -> int:
        """How many ratings the import writes."""
        labels = {period.label for period in self.new_periods()}
        return sum(
            1
            for action in self.actions()
            for label, rating in action.ratings.items()
            if rating and label in labels
        )

    def summary(self) -> str:
        """One line for people: what the import creates."""
        verb = "adds to" if self.existing_plan else "creates"
        themes = "" if self.existing_plan else f"{len(self.themes)} themes, "
        actions = "" if self.existing_plan else f"{len(self.actions())} actions, "
        return (
            f"{verb} the plan {self.slug}: {themes}{actions}{len(self.new_periods())} periods, "
            f"{self.rating_count()} ratings"
        )


# Reading files ----------------------------------------------------------------------------------


def max_upload_bytes() -> int:
    """The largest file accepted, from the IMPORT_MAX_BYTES setting."""
    return settings.IMPORT_MAX_BYTES


@dataclass(frozen=True)
class Filled:
    """An empty cell of a workbook filled with a colour: a rating given by its colour alone."""

    colour: str  # "#RRGGBB"


def _xlsx_value(cell: object) -> object:
    """A workbook cell's value; for an empty cell with a solid fill, its colour (`Filled`)."""
    value = cell.value
    if value is not None and value != "":
        return value
    fill = cell.fill
    rgb = fill.fgColor.rgb if fill is not None and fill.fill_type == "solid" else None
    # A theme or indexed colour has no RGB here: such a cell reads as empty.
    if isinstance(rgb, str) and re.fullmatch(r"[0-9A-Fa-f]{6,8}", rgb):
        return Filled("#" + rgb[-6:].upper())
    return ""


@dataclass
class SheetRows:
    """The cells of the sheet read, row by row; and for a workbook, its sheets' names and which
    one was read."""

    rows: list[list[object]]
    sheet_names: list[str] = field(default_factory=list)
    sheet: str = ""


def read_rows(filename: str, content: bytes, sheet: str = "") -> SheetRows:
    """The cells of the file's sheet named `sheet` (in any case), or of its first sheet, row by
    row. Raises FileRefused with a reason."""
    suffix = PurePath(filename).suffix.lower()
    if not content:
        raise FileRefused("The file is empty.")
    if len(content) > max_upload_bytes():
        limit = max_upload_bytes() // (1024 * 1024)
        raise FileRefused(f"The file must be smaller than {limit} MB.")
    if suffix == ".xlsx":
        return _read_xlsx(content, sheet)
    if suffix == ".csv":
        return SheetRows(_read_csv(content))
    raise FileRefused("The file must be a CSV or an Excel workbook (.xlsx).")


def _read_csv(content: bytes) -> list[list[object]]:
    # A NUL anywhere: not a text file (or one whose text PostgreSQL could not store).
    if b"\x00" in content or content.startswith(b"PK\x03\x04"):
        raise FileRefused("The file is not a CSV file. Save the spreadsheet as CSV or .xlsx.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (Comma delimited)" in the Windows code page.
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:  # such as a cell longer than the csv module reads (128 KB)
        raise FileRefused(
            f"The file could not be read as CSV ({error}). Save it again from your spreadsheet "
            "program."
        ) from None


def _read_xlsx(content: bytes, sheet_name: str) -> SheetRows:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except zipfile.BadZipFile:
        raise FileRefused("The file is not an Excel workbook (.xlsx).") from None
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES or unpacked > MAX_UNPACK_RATIO * len(content):
        raise FileRefused(
            "The workbook unpacks to far more than its size, so it was not opened. "
            "Save it again from your spreadsheet program, or as CSV."
        )
    if "xl/workbook.xml" not in archive.namelist():
        raise FileRefused("The file is not an Excel workbook (.xlsx).")
    from openpyxl import load_workbook  # imported here: only imports need it

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise FileRefused("The workbook could not be read. Save it again, or as CSV.") from None
    names = list(workbook.sheetnames)
    chosen = next((name for name in names if name.casefold() == sheet_name.strip().casefold()), "")
    if sheet_name and not chosen:
        workbook.close()
        raise FileRefused(
            f"The workbook has no sheet called '{sheet_name}'. Its sheets: {', '.join(names)}."
        )
    try:
        sheet = workbook[chosen] if chosen else workbook.worksheets[0]
        rows = []
        # openpyxl fills each row out to the sheet's last column, which a small file can put at
        # column 16,384: read one column past the most a plan has, and refuse a file that uses it.
        for cells in sheet.iter_rows(max_col=MAX_COLUMNS + 1):
            row = [_xlsx_value(cell) for cell in cells]
            if len(row) > MAX_COLUMNS and row[MAX_COLUMNS] not in (None, ""):
                raise FileRefused(f"The sheet has more than {MAX_COLUMNS} columns.")
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS + 1:
                break
        return SheetRows(rows, names, sheet.title)
    except FileRefused:
        raise
    except Exception:
        # The sheet itself is read only now, so a damaged one fails here rather than on opening.
        raise FileRefused("The workbook could not be read. Save it again, or as CSV.") from None
    finally:
        workbook.close()


# Reading the sheet ------------------------------------------------------------------------------


def read_plan_file(
    filename: str,
    content: bytes,
    *,
    slug: str,
    title: str = "",
    scale: str = "",
    mapping: dict[str, str] | None = None,
    sheet: str = "",
) -> ImportPreview:
    """Read a file (of a workbook, the sheet `sheet`, or else the first) into a preview of the
    import. Raises FileRefused for an unreadable file."""
    read = read_rows(filename, content, sheet)
    preview = parse_rows(
        read.rows, filename=filename, slug=slug, title=title, scale=scale, mapping=mapping
    )
    if len(read.sheet_names) > 1:
        note = "" if sheet else " (the first; choose another with import_plan --sheet NAME)"
        preview.problems.insert(
            0,
            Problem(
                None,
                "",
                f"The workbook has {len(read.sheet_names)} sheets ({', '.join(read.sheet_names)}): "
                f"the sheet '{read.sheet}' was read{note}",
                is_error=False,
            ),
        )
    return preview


def parse_rows(
    rows: list[list[object]],
    *,
    filename: str,
    slug: str,
    title: str = "",
    scale: str = "",
    mapping: dict[str, str] | None = None,
) -> ImportPreview:
    """Read the cells of a sheet (header first) into a preview of the import; `mapping` says
    what columns of other headings hold (`parse_mapping`)."""
    # Each row with anything in it, and its number in the sheet, which problems are told by.
    numbers = [number for number, row in enumerate(rows, 1) if any(_text(cell) for cell in row)]
    rows = [rows[number - 1] for number in numbers]
    if not rows:
        raise FileRefused("The file has no rows.")
    if len(rows) > MAX_ROWS + 1:
        raise FileRefused(f"The file has more than {MAX_ROWS:,} rows.")
    existing = Plan.objects.filter(slug=slug).first()
    preview = ImportPreview(
        filename=filename,
        slug=slug,
        title=existing.title if existing else (title or PurePath(filename).stem),
        scale=existing.rating_scale if existing else scale,
        existing_plan=existing,
    )
    if not _SLUG.fullmatch(slug):
        preview.problems.append(
            Problem(
                None,
                "",
                "Enter a short name for the plan of up to 60 letters, numbers "
                "and hyphens, such as cse-2012-14",
            )
        )
    header_at = _heading_row(rows, mapping or {})
    if header_at:
        preview.problems.append(
            Problem(
                None,
                "",
                f"The column headings are on row {numbers[header_at]}: the rows above them were "
                "read as titles and not imported",
                is_error=False,
            )
        )
    _SheetReader(preview, rows[header_at:], numbers[header_at:], mapping or {}).read()
    return preview


# How far down a sheet its column headings are looked for, below any title rows.
_HEADING_ROWS_LOOKED_AT = 20


def _heading_row(rows: list[list[object]], mapping: dict[str, str]) -> int:
    """Where the column headings are: of the first few rows (a workbook often has a title or
    two above them), the first with the most of the required headings."""
    required = set(REQUIRED_COLUMNS)
    found = [
        len(required & {column_of(_text(cell), mapping) for cell in cells})
        for cells in rows[:_HEADING_ROWS_LOOKED_AT]
    ]
    return found.index(max(found))


# The fields a column can be mapped to (`--map 'HEADING=FIELD'`), and the column each names.
MAP_FIELDS = {
    "theme": "Theme", "objective": "Objective", "narrative": "Narrative", "ref": "Ref",
    "action": "Action", "lead": "Lead", "due": "Due date", "progress": "Progress",
    "status": "Status", "source": "Source",
}  # fmt: skip
IGNORED = "ignore"
RATING_PREFIX = "rating:"


def _heading_key(heading: str) -> str:
    return " ".join(heading.split()).casefold()


# The layout's columns, by their headings in any case.
_LAYOUT_COLUMNS = {name.casefold(): name for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS}


def parse_mapping(entries: list[str]) -> dict[str, str]:
    """`HEADING=FIELD` entries as a mapping of headings (in any case) to what their columns
    hold: a column of the layout (`Due date`), `ignore`, or `rating:LABEL` (a review's ratings,
    such as `rating:Apr 2012` for a column headed `Current`). Raises ValueError, in words."""
    mapping = {}
    fields = ", ".join([*MAP_FIELDS, IGNORED, f"{RATING_PREFIX}REVIEW LABEL"])
    for entry in entries:
        heading, equals, field_name = entry.partition("=")
        key, value = _heading_key(heading), field_name.strip()
        if not equals or not key:
            raise ValueError(f"'{entry}' is not HEADING=FIELD, such as 'Current=rating:Apr 2012'")
        if value.casefold() in MAP_FIELDS:
            mapping[key] = MAP_FIELDS[value.casefold()]
        elif value.casefold() == IGNORED:
            mapping[key] = IGNORED
        elif value.casefold().startswith(RATING_PREFIX) and value[len(RATING_PREFIX) :].strip():
            mapping[key] = RATING_PREFIX + " ".join(value[len(RATING_PREFIX) :].split())
        else:
            raise ValueError(f"'{value}' in '{entry}' is not a field: use one of {fields}")
    return mapping


def column_of(heading: str, mapping: dict[str, str]) -> str:
    """What a column holds, by its heading: the mapping's answer if it has one, else the
    layout's column of that name (in any case), else the heading itself (a review's label)."""
    key = _heading_key(heading)
    if key in mapping:
        return mapping[key]
    return _LAYOUT_COLUMNS.get(key, " ".join(heading.split()))


# A status as a sheet may write it: its value or its label, in any case, or "complete".
_STATUSES = {
    **{value.casefold(): value for value in Action.Status.values},
    **{str(label).casefold(): value for value, label in Action.Status.choices},
    "complete": Action.Status.COMPLETED,
}


class _SheetReader:
    """Reads the rows of one sheet into a preview, collecting problems as it goes."""

    def __init__(
        self,
        preview: ImportPreview,
        rows: list[list[object]],
        numbers: list[int],
        mapping: dict[str, str],
    ) -> None:
        self.mapping = mapping
        # Ratings read from a cell's colour alone, by colour and rating, and how many.
        self.coloured: Counter[tuple[str, RatingOption]] = Counter()
        self.preview = preview
        self.header = [_text(cell) for cell in rows[0]]
        self.rows = rows[1:]
        self.first_row, self.row_numbers = numbers[0], numbers[1:]  # as the sheet numbers them
        self.columns: dict[str, int] = {}
        self.period_columns: list[tuple[int, ParsedPeriod]] = []
        self.known_groups = {
            group.short_name.casefold(): group.short_name for group in Group.objects.all()
        }
        self.known_people = _people_by_name()
        # What _place looks up, by the id of a theme or of a list of siblings.
        self._placed: dict[tuple[int, str], ParsedAction] = {}
        self._parents: dict[tuple[int, str], ParsedAction] = {}
        self._last_numbered: dict[int, ParsedAction] = {}

    def error(self, row: int | None, column: str, message: str) -> None:
        self.preview.problems.append(Problem(row, column, message))

    def warn(self, row: int | None, column: str, message: str) -> None:
        self.preview.problems.append(Problem(row, column, message, is_error=False))

    def read(self) -> None:
        if not self._read_header():
            return
        self._resolve_scale()
        themes: dict[str, ParsedTheme] = {}
        theme: ParsedTheme | None = None
        for row, cells in zip(self.row_numbers, self.rows, strict=True):
            theme = self._theme_of(row, cells, themes, theme)
            if theme is not None:
                self._read_action(row, cells, theme)
        self.preview.themes = list(themes.values())
        for (colour, option), count in self.coloured.items():
            cells = f"{count} cell{'s' if count != 1 else ''}"
            self.warn(
                None,
                "",
                f"{cells} filled with the colour {colour} and nothing else "
                f"{'was' if count == 1 else 'were'} read as "
                f"{option.words} ({option.letter}), the nearest colour of the plan's scale",
            )
        if self.preview.existing_plan:
            self._match_existing_plan(self.preview.existing_plan)
        if not self.preview.actions() and not self.preview.errors:
            self.error(None, "", "The file has no actions.")

    def _read_header(self) -> bool:
        periods: list[tuple[int, str]] = []
        for index, heading in enumerate(self.header):
            if not heading.strip():
                continue
            column = column_of(heading, self.mapping)
            if column == IGNORED:
                continue
            if column.startswith(RATING_PREFIX):
                periods.append((index, column[len(RATING_PREFIX) :]))
            elif column in _LAYOUT_COLUMNS.values():
                if column in self.columns:
                    self.error(self.first_row, heading, f"The column {column} appears twice")
                self.columns[column] = index
            else:
                periods.append((index, column))
        missing = [name for name in REQUIRED_COLUMNS if name not in self.columns]
        if missing:
            self.error(
                self.first_row,
                "",
                f"The file has no column {_and_list(missing)}. Head the columns as "
                "docs/import-format.md describes, or import it with the import_plan command, "
                "which is told which column is which (--map 'HEADING=FIELD').",
            )
            return False
        self._read_periods(periods)
        return not self.preview.errors

    def _read_periods(self, headings: list[tuple[int, str]]) -> None:
        existing = {}
        if self.preview.existing_plan:
            existing = {period.label: period for period in self.preview.existing_plan.periods.all()}
        starts: list[tuple[int, str, datetime.date]] = []
        for index, label in headings:
            start = _month_start(label)
            if start is None:
                self.error(
                    self.first_row,
                    label,
                    "A rating column must be headed by the month of its review, such as Jul 2012",
                )
                continue
            starts.append((index, label, start))
        for position, (index, label, start) in enumerate(starts):
            if position and start <= starts[position - 1][2]:
                self.error(self.first_row, label, "The rating columns must be in date order")
            if position + 1 < len(starts):
                end = starts[position + 1][2] - datetime.timedelta(days=1)
            else:
                end = _add_months(start, 3) - datetime.timedelta(days=1)
            known = existing.get(label)
            period = ParsedPeriod(
                label=label,
                short_label=calendar.month_abbr[start.month][0],
                start_date=known.start_date if known else start,
                end_date=known.end_date if known else max(end, start),
                exists=known is not None,
            )
            if known is None and existing:
                clash = [p for p in existing.values() if p.contains(start)]
                if clash:
                    self.error(
                        1, label, f"The plan's period {clash[0].label} already covers this month"
                    )
            self.period_columns.append((index, period))
        self.preview.periods = [period for _index, period in self.period_columns]

    def _resolve_scale(self) -> None:
        if self.preview.scale:
            if self.preview.scale not in RatingScale.values:
                self.error(None, "", f"'{self.preview.scale}' is not a rating scale")
                self.preview.scale = RatingScale.RAG
            return
        texts = [
            _text(self._cell(cells, index))
            for cells in self.rows
            for index, _ in self.period_columns
        ]
        self.preview.scale = infer_scale(texts)

    def _cell(self, cells: list[object], index: int) -> object:
        return cells[index] if index < len(cells) else ""

    def _value(self, cells: list[object], column: str, row: int = 0) -> str:
        index = self.columns.get(column)
        text = "" if index is None else _text(self._cell(cells, index))
        limit = _MAX_LENGTHS.get(column)
        if row and limit and len(text) > limit:
            self.error(row, column, f"This can be at most {limit} characters long")
            return text[:limit]
        return text

    def _theme_of(
        self,
        row: int,
        cells: list[object],
        themes: dict[str, ParsedTheme],
        current: ParsedTheme | None,
    ) -> ParsedTheme | None:
        heading = self._value(cells, "Theme", row)
        if not heading:
            if current is None:
                self.error(row, "Theme", "Enter the theme of the first action")
            return current
        number, title = _split_theme(heading)
        key = heading.casefold()
        theme = themes.get(key)
        if theme is None:
            theme = themes[key] = ParsedTheme(number=number, title=title)
        # Objective and narrative repeat on every row of a theme; the first non-empty one counts.
        theme.objective = theme.objective or self._value(cells, "Objective")
        theme.narrative = theme.narrative or self._value(cells, "Narrative")
        return theme

    def _read_action(self, row: int, cells: list[object], theme: ParsedTheme) -> None:
        reference = self._value(cells, "Ref", row)
        description = self._value(cells, "Action")
        if not description:
            self.error(row, "Action", "Enter what the action is")
        parsed_ref = _parse_reference(reference)
        if parsed_ref is None:
            if reference:
                self.error(row, "Ref", f"'{reference}' is not a reference such as 1.2, 1.2a or a)")
            else:
                self.error(row, "Ref", "Enter the action's reference, such as 1.2, 1.2a or a)")
            return
        number, letter = parsed_ref
        due_date, precision, note = self._due_date(row, cells)
        action = ParsedAction(
            row=row,
            number=number,
            letter=letter,
            description=description,
            leads=self._leads(row, self._value(cells, "Lead", row)),
            due_date=due_date,
            precision=precision,
            due_date_note=note,
            status=self._status(row, self._value(cells, "Status")),
            source=self._value(cells, "Source", row),
            progress=self._value(cells, "Progress"),
            ratings=self._ratings(row, cells),
        )
        self._place(action, theme)

    def _place(self, action: ParsedAction, theme: ParsedTheme) -> None:
        """Put the action in its theme, or below its parent; an error if its place is taken.

        Looked up in the reader's indexes, so that each row costs the same however many rows
        came before it."""
        last_numbered = self._last_numbered.get(id(theme))
        if action.letter and not action.number and last_numbered:
            # `a)` below a numbered action is its sub-action.
            action.number = last_numbered.number
        if action.number and action.letter:
            parent = self._parents.get((id(theme), action.number))
            if parent is None:
                self.error(
                    action.row,
                    "Ref",
                    f"{action.full_reference} is a sub-action of "
                    f"{action.number}, which no row above it in this theme has",
                )
                return
            siblings = parent.children
        else:
            siblings = theme.actions
        duplicate = self._placed.get((id(siblings), action.reference))
        if duplicate:
            self.error(
                action.row,
                "Ref",
                f"{action.full_reference} is already on row "
                f"{duplicate.row} of the theme {theme.heading}",
            )
            return
        siblings.append(action)
        self._placed[(id(siblings), action.reference)] = action
        if siblings is theme.actions and action.number:
            self._last_numbered[id(theme)] = action
            if not action.letter:
                self._parents.setdefault((id(theme), action.number), action)

    def _due_date(self, row: int, cells: list[object]) -> tuple[datetime.date | None, str, str]:
        index = self.columns["Due date"]
        raw = self._cell(cells, index)
        try:
            parsed = parse_due_date(raw)
        except ValueError as error:
            self.error(row, "Due date", str(error))
            return None, Action.Precision.DAY, ""
        if parsed is None:
            text = _text(raw)
            if len(text) > _MAX_LENGTHS["Due date"]:
                self.error(
                    row, "Due date", "A note in place of a date can be at most 200 characters"
                )
                text = ""
            if text:
                self.warn(
                    row,
                    "Due date",
                    f"'{text}' is not a date: it is kept as a note and the due date left empty",
                )
            return None, Action.Precision.DAY, text
        return parsed[0], parsed[1], ""

    def _status(self, row: int, text: str) -> str:
        key = text.strip().casefold()
        if not key:
            return Action.Status.OPEN
        if key in _STATUSES:
            return _STATUSES[key]
        self.error(row, "Status", f"'{text}' is not a status: use Open, Completed or Withdrawn")
        return Action.Status.OPEN

    def _ratings(self, row: int, cells: list[object]) -> dict[str, str]:
        ratings = {}
        for index, period in self.period_columns:
            raw = self._cell(cells, index)
            if isinstance(raw, Filled):
                option = nearest_rating(self.preview.scale, raw.colour)
                self.coloured[(raw.colour, option)] += 1
                ratings[period.label] = option.value
                continue
            text = _text(raw)
            if text in {"-", "n/a", "N/A"}:
                text = ""
            try:
                ratings[period.label] = parse_rating(self.preview.scale, text)
            except ValueError as error:
                self.error(row, period.label, str(error))
        return ratings

    def _leads(self, row: int, text: str) -> list[LeadName]:
        leads = []
        for position, part in enumerate(p.strip() for p in re.split(r"\s*[/\n]\s*", text)):
            if not part:
                continue
            lead = self._lead(part)
            if lead.group and not lead.person and position:
                self.error(row, "Lead", f"Only the first lead in a cell can be a group: '{part}'")
                continue
            leads.append(lead)
        return leads

    def _lead(self, part: str) -> LeadName:
        match = _PERSON_IN_GROUP.fullmatch(part)
        if match:
            return LeadName(
                person=self._person(match.group(1)), group=self._group(match.group(2).strip())
            )
        if part.casefold() in self.known_groups or _ACRONYM.fullmatch(part):
            return LeadName(group=self._group(part))
        return LeadName(person=self._person(part))

    def _group(self, short_name: str) -> str:
        known = self.known_groups.get(short_name.casefold())
        if known:
            return known
        short_name = short_name[:40]
        self.known_groups[short_name.casefold()] = short_name
        self.preview.new_groups.append(short_name)
        return short_name

    def _person(self, name: str) -> str:
        name = " ".join(name.split())
        known = self.known_people.get(name.casefold())
        if known:
            return known
        self.known_people[name.casefold()] = name
        self.preview.new_people.append(name)
        return name

    def _match_existing_plan(self, plan: Plan) -> None:
        known = {
            (a.theme.heading, a.full_reference)
            for a in plan.actions().select_related("theme", "parent")
        }
        for theme in self.preview.themes:
            for action in [a for parent in theme.actions for a in (parent, *parent.children)]:
                if (theme.heading, action.full_reference) not in known:
                    self.error(
                        action.row,
                        "Ref",
                        f"{action.full_reference} is not an action of "
                        f"{theme.heading} in the plan {plan.slug}",
                    )
        for period in self.preview.periods:
            if period.exists:
                self.warn(
                    1,
                    period.label,
                    "The plan already has this period; its ratings are left as they are",
                )
        if not self.preview.new_periods():
            self.error(
                1, "", f"The file has no period that the plan {plan.slug} does not have already"
            )


# Cells ------------------------------------------------------------------------------------------


def _text(cell: object) -> str:
    """A cell as clean text: lines kept, spaces at line ends and the export's `'` guard removed."""
    if cell is None or isinstance(cell, Filled):
        return ""
    if isinstance(cell, datetime.datetime):
        cell = cell.date()
    if isinstance(cell, datetime.date):
        return f"{cell:%d/%m/%Y}"
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def parse_due_date(cell: object) -> tuple[datetime.date, str] | None:
    """A due date and its precision from a cell, None when the cell holds no date.

    Accepts `30/06/13`, `30/06/2013`, `2013-06-30`, `June 2012`, `June 12`, `Jun-13` and dates
    stored as dates. Raises ValueError for a date that does not exist, such as 31/02/2013.
    """
    if isinstance(cell, datetime.datetime):
        return cell.date(), Action.Precision.DAY
    if isinstance(cell, datetime.date):
        return cell, Action.Precision.DAY
    text = " ".join(_text(cell).translate(_DASHES).split()).rstrip(".")
    if not text:
        return None
    try:
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(_full_year(year), month, day), Action.Precision.DAY
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day), Action.Precision.DAY
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    start = _month_start(text)
    return (start, Action.Precision.MONTH) if start else None


def _month_start(text: str) -> datetime.date | None:
    """The first day of the month named `June 2012`, `Jun 12`, `Jun-13`, `Sept 2013`."""
    match = re.fullmatch(r"([A-Za-z]+)\.?[\s\-/']*(\d{2}|\d{4})", text.translate(_DASHES).strip())
    if not match:
        return None
    month = _MONTHS.get(match.group(1).casefold())
    if month is None:
        return None
    return datetime.date(_full_year(int(match.group(2))), month, 1)


def _full_year(year: int) -> int:
    return 2000 + year if year < 100 else year


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    return day.replace(year=day.year + month_index // 12, month=month_index % 12 + 1, day=1)


def _split_theme(heading: str) -> tuple[str, str]:
    match = _NUMBERED_THEME.fullmatch(heading)
    return (match.group(1), match.group(2).strip()) if match else ("", heading)


def _parse_reference(text: str) -> tuple[str, str] | None:
    """`1.2` → ("1.2", ""), `1.2 a)` → ("1.2", "a"), `a)` → ("", "a"); None if not a reference."""
    cleaned = text.translate(_DASHES).strip()
    match = _NUMBERED_REF.fullmatch(cleaned)
    if match:
        return match.group(1), (match.group(2) or "").lower()
    match = _LETTER_REF.fullmatch(cleaned)
    if match:
        return "", match.group(1).lower()
    return None


def _people_by_name() -> dict[str, str]:
    return {name.casefold(): name for name in Person.objects.values_list("name", flat=True)}


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
