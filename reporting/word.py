"""The committee report as a Word document, for the council's paper system.

Same headings, paragraph numbers and recommendations as the PDF; Appendix 1 is a table in a
landscape section whose header row repeats on every page.
"""

from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from reporting.document import Block, ReportDocument

_FILLS = {
    "R": "D4351C",
    "A": "F47738",
    "G": "00703C",
    "B": "1D70B8",
    "AG": "85994B",
    "AR": "E2591B",
}
_WHITE_TEXT = {"R", "G", "B"}


def _shade(cell, fill: str) -> None:  # noqa: ANN001
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(row) -> None:  # noqa: ANN001
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    no_split = OxmlElement("w:cantSplit")
    properties.append(no_split)


def _blocks(doc: Document, blocks: list[Block], document: ReportDocument) -> None:
    for block in blocks:
        if block.heading:
            doc.add_heading(block.heading, level=3)
        elif block.generated == "[ratings by theme]":
            table = doc.add_table(rows=1, cols=len(document.by_theme.options) + 3)
            table.style = "Table Grid"
            names = ["Theme", *[o.words for o in document.by_theme.options], "Not rated", "Actions"]
            for cell, name in zip(table.rows[0].cells, names, strict=True):
                cell.text = name
            for row in [*document.by_theme.themes, document.by_theme.total]:
                cells = table.add_row().cells
                values = [
                    row.label,
                    *[f"{c.count} ({c.share}%)" for c in row.counts],
                    str(row.total),
                ]
                for cell, value in zip(cells, values, strict=True):
                    cell.text = value
        elif block.generated == "[ratings chart]":
            doc.add_paragraph(
                "The chart of ratings over the reviews is in the PDF copy of this report."
            )
        elif block.generated == "[changes since the previous report]":
            doc.add_paragraph(document.changes.sentence())
            for moved in document.changes.improved + document.changes.worsened:
                action = moved.action
                text = (
                    f"{action.full_reference} {action.description}: {moved.before} → {moved.after}"
                )
                doc.add_paragraph(text, style="List Bullet")
        elif block.generated == "[overdue actions]":
            for action in document.overdue:
                lead = f"{action.lead_text}; due {action.due_date_display}"
                text = f"{action.full_reference} {action.description} ({lead})"
                doc.add_paragraph(text, style="List Bullet")
        else:
            doc.add_paragraph(f"{block.number}.\t{block.text}")


def build_docx(document: ReportDocument) -> Document:
    """The Word document of a laid-out report."""
    report = document.report
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    doc.core_properties.title = report.title
    doc.core_properties.author = report.report_of
    doc.core_properties.language = "en-GB"
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    doc.add_paragraph(f"Report of the {report.report_of}".upper()).runs[0].bold = True
    meeting = f", {report.meeting_date:%-d %B %Y}" if report.meeting_date else ""
    doc.add_paragraph(f"{report.committee}{meeting}").runs[0].bold = True
    doc.add_heading(report.title.upper(), level=1)
    for part in document.sections:
        if part.blocks:
            doc.add_heading(part.heading, level=2)
            _blocks(doc, part.blocks, document)
    if document.recommendations:
        doc.add_heading("RECOMMENDATION/S", level=2)
        doc.add_paragraph("That:")
        for number, text in enumerate(document.recommendations, start=1):
            doc.add_paragraph(f"{number})\t{text}")
    if report.signatory_name:
        signatory = doc.add_paragraph()
        signatory.add_run(report.signatory_name).bold = True
        signatory.add_run("\n" + report.signatory_title).bold = True
    if report.contact_name:
        doc.add_paragraph("For any enquiries about this report please contact:").runs[0].bold = True
        lines = [report.contact_name, report.contact_title]
        lines += [f"T: {report.contact_phone}" if report.contact_phone else ""]
        lines += [f"E: {report.contact_email}" if report.contact_email else ""]
        doc.add_paragraph("\n".join(line for line in lines if line))
    for part in document.closing:
        if part.blocks:
            doc.add_heading(part.heading, level=2)
            _blocks(doc, part.blocks, document)
    papers = report.background_paper_list()
    if papers:
        doc.add_heading("Background Papers and Published Documents", level=2)
        for title, url in papers:
            doc.add_paragraph(f"{title}\n{url}" if url else title)
        if report.background_note:
            doc.add_paragraph(report.background_note)
    if report.electoral_divisions:
        doc.add_heading("Electoral Division(s) and Member(s) Affected", level=2)
        doc.add_paragraph(report.electoral_divisions)
    _appendix(doc, document)
    for number, appendix in enumerate(report.appendices.all(), start=2):
        doc.add_page_break()
        doc.add_heading(f"Appendix {number}: {appendix.title}", level=2)
        for paragraph in appendix.text.split("\n\n"):
            if paragraph.strip():
                doc.add_paragraph(paragraph.strip())
    return doc


def _appendix(doc: Document, document: ReportDocument) -> None:
    landscape = doc.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(landscape, side, Mm(12))
    plan = document.snapshot.plan
    doc.add_heading(f"Appendix 1: {plan.title}", level=2)
    if plan.subtitle:
        doc.add_paragraph(plan.subtitle)
    periods = document.periods
    for theme in document.appendix:
        doc.add_heading(theme.theme.heading, level=3)
        if theme.theme.objective:
            doc.add_paragraph(theme.theme.objective).runs[0].bold = True
        if theme.theme.narrative:
            doc.add_paragraph(theme.theme.narrative)
        if not theme.rows:
            continue
        table = doc.add_table(rows=1, cols=4 + len(periods))
        table.style = "Table Grid"
        header = table.rows[0]
        _repeat_header(header)
        for cell, name in zip(
            header.cells,
            ["Action", "Lead", "Due Date", "Progress", *[p.short_label for p in periods]],
            strict=True,
        ):
            cell.text = name
            cell.paragraphs[0].runs[0].bold = True
        for row in theme.rows:
            cells = table.add_row().cells
            cells[0].text = f"{row.action.display_reference} {row.action.description}"
            cells[1].text = row.lead
            cells[2].text = row.action.due_date_display
            cells[3].text = row.progress
            for cell, rating in zip(cells[4:], row.cells, strict=True):
                if rating.option:
                    cell.text = rating.option.letter
                    _shade(cell, _FILLS[rating.option.value])
                    run = cell.paragraphs[0].runs[0]
                    run.bold = True
                    if rating.option.value in _WHITE_TEXT:
                        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(8)
