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

from cseplan.lib.text import xml_text
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


def _bold(paragraph, text: str) -> None:  # noqa: ANN001
    """Add the text to the paragraph in bold (a run even for text left empty by xml_text)."""
    paragraph.add_run(xml_text(text)).bold = True


def _blocks(doc: Document, blocks: list[Block], document: ReportDocument) -> None:
    for block in blocks:
        if block.heading:
            doc.add_heading(xml_text(block.heading), level=3)
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
                    cell.text = xml_text(value)
        elif block.generated == "[ratings chart]":
            doc.add_paragraph(
                "The chart of ratings over the reviews is in the PDF copy of this report."
            )
        elif block.generated == "[changes since the previous report]":
            doc.add_paragraph(xml_text(document.changes.sentence()))
            for moved in document.changes.improved + document.changes.worsened:
                action = moved.action
                text = (
                    f"{action.full_reference} {action.description}: {moved.before} → {moved.after}"
                )
                doc.add_paragraph(xml_text(text), style="List Bullet")
        elif block.generated == "[overdue actions]":
            for row in document.overdue:
                action = row.action
                lead = f"{row.lead}; due {action.due_date_display}"
                text = f"{action.full_reference} {action.description} ({lead})"
                doc.add_paragraph(xml_text(text), style="List Bullet")
        else:
            doc.add_paragraph(xml_text(f"{block.number}.\t{block.text}"))


def build_docx(document: ReportDocument) -> Document:
    """The Word document of a laid-out report."""
    report = document.report
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    # A document property holds at most 255 characters; a report's title may have 300.
    doc.core_properties.title = xml_text(report.title)[:255]
    doc.core_properties.author = xml_text(report.report_of)[:255]
    doc.core_properties.language = "en-GB"
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    _bold(doc.add_paragraph(), f"Report of the {report.report_of}".upper())
    meeting = f", {report.meeting_date:%-d %B %Y}" if report.meeting_date else ""
    _bold(doc.add_paragraph(), f"{report.committee}{meeting}")
    doc.add_heading(xml_text(report.title.upper()), level=1)
    for part in document.sections:
        if part.blocks:
            doc.add_heading(xml_text(part.heading), level=2)
            _blocks(doc, part.blocks, document)
    if document.recommendations:
        doc.add_heading("RECOMMENDATION/S", level=2)
        doc.add_paragraph("That:")
        for number, text in enumerate(document.recommendations, start=1):
            doc.add_paragraph(xml_text(f"{number})\t{text}"))
    if report.signatory_name:
        signatory = doc.add_paragraph()
        signatory.add_run(xml_text(report.signatory_name)).bold = True
        signatory.add_run(xml_text("\n" + report.signatory_title)).bold = True
    if report.contact_name:
        doc.add_paragraph("For any enquiries about this report please contact:").runs[0].bold = True
        lines = [report.contact_name, report.contact_title]
        lines += [f"T: {report.contact_phone}" if report.contact_phone else ""]
        lines += [f"E: {report.contact_email}" if report.contact_email else ""]
        doc.add_paragraph(xml_text("\n".join(line for line in lines if line)))
    for part in document.closing:
        if part.blocks:
            doc.add_heading(xml_text(part.heading), level=2)
            _blocks(doc, part.blocks, document)
    papers = report.background_paper_list()
    if papers:
        doc.add_heading("Background Papers and Published Documents", level=2)
        for title, url in papers:
            doc.add_paragraph(xml_text(f"{title}\n{url}" if url else title))
        if report.background_note:
            doc.add_paragraph(xml_text(report.background_note))
    if report.electoral_divisions:
        doc.add_heading("Electoral Division(s) and Member(s) Affected", level=2)
        doc.add_paragraph(xml_text(report.electoral_divisions))
    _appendix(doc, document)
    for number, appendix in enumerate(report.appendices.all(), start=2):
        doc.add_page_break()
        doc.add_heading(xml_text(f"Appendix {number}: {appendix.title}"), level=2)
        for paragraph in appendix.text.split("\n\n"):
            if paragraph.strip():
                doc.add_paragraph(xml_text(paragraph.strip()))
    return doc


def _appendix(doc: Document, document: ReportDocument) -> None:
    landscape = doc.add_section()
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(landscape, side, Mm(12))
    plan = document.snapshot.plan
    doc.add_heading(xml_text(f"Appendix 1: {plan.title}"), level=2)
    if plan.subtitle:
        doc.add_paragraph(xml_text(plan.subtitle))
    periods = document.periods
    for theme in document.appendix:
        doc.add_heading(xml_text(theme.theme.heading), level=3)
        if theme.theme.objective:
            _bold(doc.add_paragraph(), theme.theme.objective)
        if theme.theme.narrative:
            doc.add_paragraph(xml_text(theme.theme.narrative))
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
            _bold(cell.paragraphs[0], name)
        for row in theme.rows:
            cells = table.add_row().cells
            cells[0].text = xml_text(f"{row.action.display_reference} {row.action.description}")
            cells[1].text = xml_text(row.lead)
            cells[2].text = xml_text(row.action.due_date_display)
            cells[3].text = xml_text(row.progress)
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
