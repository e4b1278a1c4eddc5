"""Markup, script and template payloads in every free-text field are shown as text, everywhere.

Every field gets a marker naming it and as many payloads of the corpus as it can hold; one plan
carries them all, and each page, the PDFs, the Word copy and the exports are drawn once. A page
must show the field's whole text escaped, and no page may show a payload's markup unescaped.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from actions.exporting import export_csv, export_xlsx
from actions.importing import FORMULA_STARTS
from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod
from actions.snapshot import current_snapshot
from governance.models import Group, Meeting, Organisation, Person
from reporting.document import build_document
from reporting.models import CommitteeReport
from reporting.rendering import plan_pdf, report_docx, report_pdf
from reporting.services import implications_version
from tests.conftest import sign_in
from tests.security.conftest import World
from tests.security.hostile import XSS_PAYLOADS

pytestmark = pytest.mark.django_db

# The payloads that would be markup, or would break out of an attribute, if printed unescaped.
# ("<!--" alone is left out: pages have comments of their own; its escaped form is checked.)
MARKUP = [p for p in XSS_PAYLOADS if p != "<!--" and re.search(r"<[a-z!/]|[\"']", p)]
JAVASCRIPT_LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _value(marker: str, limit: int | None = None, *, payloads: list[str] = XSS_PAYLOADS) -> str:
    """The field's marker, then every payload that fits in `limit` characters."""
    text = marker
    for payload in payloads:
        if limit is None or len(text) + 1 + len(payload) <= limit:
            text += " " + payload
    return text


class Fields(dict):
    """Each field's text, by the field's name; the text starts with a marker of its own."""

    def text(self, tag: str, limit: int | None = None, **options: Any) -> str:
        self[tag] = _value(f"#{len(self) + 1:02d}", limit, **options)
        return self[tag]


def _post(client: Client, url: str, data: dict[str, Any]) -> None:
    response = client.post(url, data)
    assert response.status_code == 302, (url, _errors(response))


def _errors(response: Any) -> list[str]:
    return re.findall(
        r'class="govuk-error-message">\s*<span[^>]*>Error:</span>([^<]*)', response.content.decode()
    )


def _fill_through_forms(world: World, fields: Fields) -> dict[str, Any]:
    """Type the payloads into every free-text field of every form; the objects written."""
    admin, chair = Client(), Client()
    sign_in(admin, world.users["administrator"])
    sign_in(chair, world.users["chair"])

    _post(admin, reverse("governance:organisation_add"), {
        "name": fields.text("organisation-name", 200),
        "short_name": fields.text("organisation-short", 40),
        "kind": "charity",
        "website": 'https://www.example.org/"><svg/onload=alert(1)>',
        "version": 0,
    })  # fmt: skip
    organisation = Organisation.objects.get(name=fields["organisation-name"])
    _post(admin, reverse("governance:group_add"), {
        "name": fields.text("group-name", 200),
        "short_name": fields.text("group-short", 40),
        "kind": "working_group",
        "organisation": organisation.pk,
        "reports_to": [world.group.pk],
        "terms_of_reference": fields.text("group-terms"),
        "version": 0,
    })  # fmt: skip
    group = Group.objects.get(name=fields["group-name"])
    _post(admin, reverse("governance:person_add"), {
        "name": fields.text("person-name", 200),
        "job_title": fields.text("person-job", 200),
        "organisation": organisation.pk,
        "email": "person@example.org",
        "phone": fields.text("person-phone", 40),
        "version": 0,
    })  # fmt: skip
    person = Person.objects.get(name=fields["person-name"])
    _post(admin, reverse("governance:membership_add", args=[group.pk]), {
        "person": person.pk, "role": "chair",
    })  # fmt: skip
    _post(admin, reverse("governance:meeting_add", args=[group.pk]), {
        "date_0": "16", "date_1": "4", "date_2": "2013",
        "title": fields.text("meeting-title", 200),
        "location": fields.text("meeting-location", 200),
        "members": [person.pk],
        "minutes": fields.text("meeting-minutes"),
        "decisions": fields.text("meeting-decisions"),
        "version": 0,
    })  # fmt: skip
    meeting = Meeting.objects.get(group=group)

    plan, action, other = world.plan, world.action, world.other_action
    _post(chair, reverse("actions:period_list", args=[plan.slug]), {
        "label": fields.text("period-label", 40),
        "short_label": "<!--",
        "start_date_0": "1", "start_date_1": "1", "start_date_2": "2030",
        "end_date_0": "31", "end_date_1": "3", "end_date_2": "2030",
        "review_meeting": meeting.pk,
    })  # fmt: skip
    _post(chair, reverse("actions:action_edit", args=[plan.slug, action.pk]), {
        "description": fields.text("action-description"),
        "lead_person": person.pk,
        "lead_group": group.pk,
        "due_date_0": "30", "due_date_1": "9", "due_date_2": "2031",
        "status": "open",
        "reason": fields.text("action-edit-reason"),
        "version": action.version,
    })  # fmt: skip
    action.refresh_from_db()
    _post(chair, reverse("actions:due_date_edit", args=[plan.slug, action.pk]), {
        "due_date_0": "", "due_date_1": "6", "due_date_2": "2032",
        "reason": fields.text("due-date-reason"),
        "version": action.version,
    })  # fmt: skip
    for period, tag in ((world.open_period, "progress"), (world.closed_period, "closed-progress")):
        update = ProgressUpdate.objects.get(action=action, period=period)
        data = {"rating": "G", "narrative": fields.text(tag), "version": update.version}
        if period.is_closed:
            data["reason"] = fields.text("closed-reason")
        _post(chair, reverse("actions:update_edit", args=[plan.slug, action.pk, period.pk]), data)
    update = ProgressUpdate.objects.get(action=action, period=world.open_period)
    _post(chair, reverse("actions:review_edit", args=[plan.slug, world.open_period.pk]), {
        f"action-{action.pk}-rating": "G",
        f"action-{action.pk}-narrative": update.narrative,
        f"action-{action.pk}-version": update.version,
        f"action-{other.pk}-rating": "A",
        f"action-{other.pk}-narrative": fields.text("review-progress"),
        f"action-{other.pk}-version": 0,
        "reason": fields.text("review-reason"),
    })  # fmt: skip

    report = world.report
    texts = ["purpose", "information", "other_options", "reasons", "statutory"]
    texts += ["recommendations", "constitutional_comments", "financial_comments"]
    texts += ["background_note", "electoral_divisions"]
    limits = {"title": 300, "report_of": 300, "committee": 300, "signatory_name": 200}
    limits |= {"signatory_title": 300, "contact_name": 200, "contact_title": 300}
    limits |= {"contact_phone": 40, "financial_initials": 20}
    data = {name: fields.text(f"report-{name}") for name in texts}
    data |= {name: fields.text(f"report-{name}", limit) for name, limit in limits.items()}
    papers = fields.text("report-paper", payloads=[p for p in XSS_PAYLOADS if "|" not in p])
    _post(chair, reverse("reporting:report_edit", args=[report.pk]), {
        **data,
        "background_papers": f"{papers} | https://www.example.org/?q=\"><script>alert(1)</script>",
        "contact_email": "officer@example.org",
        "meeting_date_0": "15", "meeting_date_1": "7", "meeting_date_2": "2013",
        "period": world.open_period.pk,
        "version": report.version,
    })  # fmt: skip
    _post(chair, reverse("reporting:report_implications", args=[report.pk]), {
        "heading_1": fields.text("implication-heading", 200),
        "text_1": fields.text("implication-text"),
        "version": implications_version([world.implication]),
    })  # fmt: skip
    _post(chair, reverse("reporting:report_appendices", args=[report.pk]), {
        "title": fields.text("appendix-title", 300),
        "text": fields.text("appendix-text"),
    })  # fmt: skip
    return {"organisation": organisation, "group": group, "person": person, "meeting": meeting}


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _assert_only_escaped(url: str, html: str, fields: Fields, shown: list[str]) -> None:
    for payload in MARKUP:
        assert payload not in html, f"{url} shows {payload!r} unescaped"
    assert not JAVASCRIPT_LINK.search(html), f"{url} links to javascript:"
    for tag in shown:
        assert escape(fields[tag]) in html, f"{url} does not show {tag} whole and escaped"


def test_payloads_typed_into_every_form_are_shown_escaped_on_every_page(
    hostile_world: World,
) -> None:
    fields = Fields()
    made = _fill_through_forms(hostile_world, fields)
    world, plan = hostile_world, hostile_world.plan
    organisation, group, person, meeting = (
        made["organisation"], made["group"], made["person"], made["meeting"]
    )  # fmt: skip
    action, report = world.action, world.report
    period = ReportingPeriod.objects.get(plan=plan, label=fields["period-label"])
    report_fields = [tag for tag in fields if tag.startswith("report-")]
    org = ["organisation-name", "organisation-short"]
    pages = {
        reverse("governance:organisation_list"): ["organisation-name"],
        reverse("governance:organisation_detail", args=[organisation.pk]): [
            *org, "person-name", "group-short", "group-name",
        ],
        reverse("governance:organisation_edit", args=[organisation.pk]): org,
        reverse("governance:group_tree"): ["group-short"],
        reverse("governance:group_detail", args=[group.pk]): [
            "group-name", "group-short", "group-terms", "person-name", "organisation-name",
            "meeting-title",
        ],
        reverse("governance:group_edit", args=[group.pk]): [
            "group-name", "group-short", "group-terms", "organisation-name",
        ],
        reverse("governance:meeting_add", args=[group.pk]): ["group-short", "person-name"],
        reverse("governance:membership_add", args=[world.group.pk]): ["person-name"],
        reverse("governance:person_list"): ["person-name"],
        reverse("governance:person_detail", args=[person.pk]): [
            "person-name", "person-job", "person-phone", "organisation-name", "group-short",
        ],
        reverse("governance:person_edit", args=[person.pk]): [
            "person-name", "person-job", "person-phone", "organisation-name",
        ],
        reverse("governance:meeting_list"): ["group-short"],
        reverse("governance:meeting_detail", args=[meeting.pk]): [
            "meeting-title", "meeting-location", "meeting-minutes", "meeting-decisions",
            "group-short", "person-name",
        ],
        reverse("governance:meeting_edit", args=[meeting.pk]): [
            "meeting-title", "meeting-location", "meeting-minutes", "meeting-decisions",
            "person-name",
        ],
        reverse("actions:plan_list"): [],
        reverse("actions:plan_detail", args=[plan.slug]): [
            "action-description", "review-progress", "period-label", "person-name",
        ],
        reverse("actions:action_detail", args=[plan.slug, action.pk]): [
            "action-description", "progress", "closed-progress", "due-date-reason",
            "action-edit-reason", "period-label", "person-name", "group-short",
        ],
        reverse("actions:action_edit", args=[plan.slug, action.pk]): [
            "action-description", "person-name", "group-short",
        ],
        reverse("actions:due_date_edit", args=[plan.slug, action.pk]): [],
        reverse("actions:update_edit", args=[plan.slug, action.pk, world.open_period.pk]): [
            "progress",
        ],
        reverse("actions:review_edit", args=[plan.slug, world.open_period.pk]): [
            "progress", "review-progress",
        ],
        reverse("actions:period_list", args=[plan.slug]): ["period-label", "group-short"],
        reverse("actions:plan_changes", args=[plan.slug]): [
            "action-edit-reason", "due-date-reason", "closed-reason", "review-reason",
            "period-label",
        ],
        reverse("actions:reminder_preview", args=[plan.slug, period.pk]): ["period-label"],
        reverse("actions:plan_compare", args=[plan.slug]) + "?from=1/1/2000&to=1/1/2100": [
            "action-description",
        ],
        reverse("reporting:plan_dashboard", args=[plan.slug]) + f"?period={period.pk}": [
            "period-label",
        ],
        reverse("reporting:report_list", args=[plan.slug]): ["report-title"],
        reverse("reporting:report_detail", args=[report.pk]): [
            *[tag for tag in report_fields if tag != "report-paper"],
            "implication-heading", "implication-text", "appendix-title", "appendix-text",
            "action-description", "progress",
        ],
        reverse("reporting:report_edit", args=[report.pk]): report_fields,
        reverse("reporting:report_implications", args=[report.pk]): [
            "implication-heading", "implication-text",
        ],
        reverse("reporting:report_appendices", args=[report.pk]): ["appendix-title"],
        reverse("reporting:report_issue", args=[report.pk]): ["report-title"],
        reverse("admin:actions_action_changelist"): ["action-description"],
        reverse("admin:governance_group_change", args=[group.pk]): [
            "group-name", "group-short", "group-terms",
        ],
        reverse("admin:reporting_committeereport_change", args=[report.pk]): ["report-title"],
    }  # fmt: skip
    admin = Client()
    sign_in(admin, world.users["administrator"])
    for url, shown in pages.items():
        _assert_only_escaped(url, _page(admin, url), fields, shown)
    # Every field is shown somewhere, and checked there.
    assert set(fields) <= {tag for shown in pages.values() for tag in shown} | {"report-paper"}


def test_the_paper_links_and_websites_of_a_page_are_never_javascript(
    hostile_world: World,
) -> None:
    admin = Client()
    sign_in(admin, hostile_world.users["administrator"])
    response = admin.post(
        reverse("governance:organisation_add"),
        {"name": "A charity", "kind": "charity", "website": "javascript:alert(1)"},
    )
    assert response.status_code == 200 and not Organisation.objects.filter(name="A charity")
    chair = Client()
    sign_in(chair, hostile_world.users["chair"])
    report = hostile_world.report
    response = chair.post(
        reverse("reporting:report_edit", args=[report.pk]),
        {
            "title": "A report",
            "report_of": "Director",
            "committee": "A committee",
            "period": hostile_world.open_period.pk,
            "background_papers": "A paper | javascript:alert(1)",
            "version": report.version,
        },
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert "javascript" not in report.background_papers


# Documents ---------------------------------------------------------------------------------------


def _flat(text: str) -> str:
    """Text without spaces, line breaks or format characters, folded: as a PDF's text reads."""
    return "".join(
        char
        for char in unicodedata.normalize("NFKC", text).casefold()
        if not char.isspace() and unicodedata.category(char) != "Cf"
    )


def _drawn(text: str) -> str:
    """The text as a PDF reads it back: after a right-to-left override, in the order drawn."""
    logical, override, rest = text.partition("\u202e")
    return _flat(logical + override + rest[::-1])


def _pdf_text(pdf: bytes) -> str:
    return _flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    texts = [paragraph.text for paragraph in document.paragraphs]
    texts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(texts)


def test_the_pdfs_and_the_word_copy_print_every_payload_as_text(hostile_world: World) -> None:
    fields = Fields()
    _fill_through_forms(hostile_world, fields)
    report = CommitteeReport.objects.get(pk=hostile_world.report.pk)
    document = build_document(report)
    in_report = [tag for tag in fields if tag.startswith(("report-", "implication-", "appendix-"))]
    in_report += ["action-description", "progress", "person-name", "group-short"]
    report_text = _pdf_text(report_pdf(document))
    for tag in in_report:
        assert _drawn(fields[tag]) in report_text, f"the report's PDF lacks {tag}"
    plan_text = _pdf_text(plan_pdf(current_snapshot(hostile_world.plan)))
    for tag in ["action-description", "review-progress", "person-name", "group-short"]:
        assert _drawn(fields[tag]) in plan_text, f"the plan's PDF lacks {tag}"
    # (The Word copy writes the title and "Report of the …" in capitals.)
    word = _docx_text(report_docx(document)).casefold()
    for tag in in_report:
        assert fields[tag].casefold() in word, f"the Word copy lacks {tag}"


# The import -------------------------------------------------------------------------------------

# A lead cell is split at "/" and "(GROUP)", and a due date may hold a date: payloads without.
_PLAIN = [payload for payload in XSS_PAYLOADS if not set("/()|") & set(payload)]
# An uploaded file's name loses its invisible characters on the way in.
_PLAIN_NAME = [p for p in _PLAIN if all(unicodedata.category(char) != "Cf" for char in p)]
IMPORT_COLUMNS = ["Theme", "Objective", "Narrative", "Action", "Lead", "Due date", "Source"]
IMPORT_COLUMNS += ["Progress"]
_LIMITS = {"Theme": 300, "Lead": 200, "Due date": 200, "Source": 200}


def _import_values() -> Fields:
    fields = Fields()
    for column in IMPORT_COLUMNS:
        payloads = _PLAIN if column in {"Lead", "Due date"} else XSS_PAYLOADS
        fields.text(
            f"import-{column.lower().replace(' ', '-')}", _LIMITS.get(column), payloads=payloads
        )
    return fields


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_payloads_in_every_column_of_an_import_are_shown_escaped(hostile_world: World) -> None:
    fields = _import_values()
    columns = [*IMPORT_COLUMNS, "Ref", "Status", "Jul 2012"]
    row = [fields[f"import-{c.lower().replace(' ', '-')}"] for c in IMPORT_COLUMNS]
    title = fields.text("import-title", 300)
    filename = fields.text("import-file", 100, payloads=_PLAIN_NAME) + ".csv"
    chair = Client()
    sign_in(chair, hostile_world.users["chair"])
    upload = SimpleUploadedFile(filename, _csv([columns, [*row, "1.1", "Open", "G"]]))
    response = chair.post(
        reverse("actions:plan_import"), {"slug": "imported", "title": title, "file": upload}
    )
    assert response.status_code == 302, _errors(response)
    preview = response["Location"]
    shown = ["import-theme", "import-file", "import-title"]
    _assert_only_escaped(preview, _page(chair, preview), fields, shown)
    pending = int(preview.rstrip("/").rsplit("/", 1)[1])
    confirmed = chair.post(reverse("actions:import_confirm", args=[pending]))
    assert confirmed.status_code == 302
    plan = Plan.objects.get(slug="imported")
    action = Action.objects.get(theme__plan=plan)
    pages = {
        reverse("actions:plan_list"): ["import-title"],
        reverse("actions:plan_detail", args=[plan.slug]): [
            "import-title", "import-objective", "import-narrative", "import-action",
            "import-lead", "import-due-date", "import-progress",
        ],
        reverse("actions:action_detail", args=[plan.slug, action.pk]): [
            "import-action", "import-lead", "import-source", "import-progress", "import-file",
        ],
        reverse("actions:plan_changes", args=[plan.slug]): ["import-file"],
        reverse("reporting:plan_dashboard", args=[plan.slug]): ["import-title"],
    }  # fmt: skip
    for url, shown in pages.items():
        _assert_only_escaped(url, _page(chair, url), fields, shown)
    # The exports give every text back as it was written.
    exported = export_csv(plan).decode("utf-8-sig")
    cells = {cell for line in csv.reader(io.StringIO(exported)) for cell in line}
    sheet = load_workbook(io.BytesIO(export_xlsx(plan))).active
    values = {cell.value for line in sheet.iter_rows() for cell in line}
    for column in IMPORT_COLUMNS:
        text = fields[f"import-{column.lower().replace(' ', '-')}"]
        assert text in cells and text in values, column
    plan_text = _pdf_text(plan_pdf(current_snapshot(plan)))
    for tag in ["import-title", "import-objective", "import-narrative", "import-action"]:
        assert _drawn(fields[tag]) in plan_text, f"the plan's PDF lacks {tag}"


def test_payloads_in_the_columns_the_import_refuses_are_shown_escaped(
    hostile_world: World,
) -> None:
    """References, statuses, ratings and review headings that are payloads: the preview's errors
    quote them, escaped."""
    fields = Fields()
    ref = fields.text("import-ref", 20, payloads=["<b>", "<i>x"])
    status = fields.text("import-status")
    rating = fields.text("import-rating")
    heading = fields.text("import-heading", payloads=_PLAIN)
    columns = ["Theme", "Objective", "Ref", "Action", "Lead", "Due date", "Progress", "Status"]
    rows = [
        [*columns, "Jul 2012", heading],
        ["1. A theme", "", ref, "An action", "", "", "", "Open", "G", ""],
        ["1. A theme", "", "1.2", "An action", "", "", "", status, rating, ""],
    ]
    chair = Client()
    sign_in(chair, hostile_world.users["chair"])
    upload = SimpleUploadedFile("plan.csv", _csv(rows))
    response = chair.post(reverse("actions:plan_import"), {"slug": "refused", "file": upload})
    assert response.status_code == 302, _errors(response)
    url = response["Location"]
    _assert_only_escaped(url, _page(chair, url), fields, ["import-heading"])
    # Heading errors stop the reading of rows; without the heading, each row's error shows.
    upload = SimpleUploadedFile("plan.csv", _csv([row[:-1] for row in rows]))
    response = chair.post(reverse("actions:plan_import"), {"slug": "refused", "file": upload})
    url = response["Location"]
    _assert_only_escaped(url, _page(chair, url), fields, ["import-ref", "import-status"])


# Spreadsheets -----------------------------------------------------------------------------------

FORMULAS = ["=1+1", "+1", "-1+1", "@SUM(1)", '=HYPERLINK("http://127.0.0.1:9/","x")']
FORMULAS += ["=cmd|' /C calc'!A0"]


def _cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_no_cell_of_any_export_would_run_as_a_formula(hostile_world: World) -> None:
    """The plan (CSV and XLSX) and the change log (CSV), with formulas typed into the forms and
    (where no form lets one in) cells that start with a tab or a carriage return."""
    chair = Client()
    sign_in(chair, hostile_world.users["chair"])
    plan, action = hostile_world.plan, hostile_world.action
    for formula in FORMULAS:
        _post(chair, reverse("actions:action_edit", args=[plan.slug, action.pk]), {
            **{"description": formula, "lead_person": "", "lead_group": "", "status": "open"},
            **{"due_date_0": "", "due_date_1": "", "due_date_2": "", "reason": formula},
            "version": Action.objects.get(pk=action.pk).version,
        })  # fmt: skip
    other = hostile_world.other_action
    other.description, other.source = "\t=1+1", "\r=1+1"
    other.save()
    csv_export = chair.get(reverse("actions:plan_export", args=[plan.slug, "csv"]))
    changes = chair.get(reverse("actions:plan_changes_csv", args=[plan.slug]))
    for name, cells in (("plan", _cells(csv_export.content)), ("changes", _cells(changes.content))):
        running = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        assert not running, f"the {name} CSV has cells a spreadsheet would run: {running}"
    assert f"'{FORMULAS[-1]}" in _cells(csv_export.content)
    assert f"'{FORMULAS[0]}" in _cells(changes.content)
    workbook = chair.get(reverse("actions:plan_export", args=[plan.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = {cell.value for cell in cells}
    assert {FORMULAS[-1], "\t=1+1", "\r=1+1"} <= values
