"""The committee report and the plan as PDF and Word, read back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from actions.models import Plan
from reporting.document import build_document
from reporting.models import CommitteeReport
from reporting.rendering import html_to_pdf, report_docx, report_html, report_pdf

pytestmark = pytest.mark.django_db

# The seed report's headings, in its order (../shared/seeds/committee-progress-report-2013.txt).
HEADINGS = [
    "Purpose of the Report",
    "Information and Advice",
    "Other Options Considered",
    "Reason/s for Recommendation/s",
    "Statutory and Policy Implications",
    "Equalities Implications",
    "RECOMMENDATION/S",
    "Constitutional Comments",
    "Financial Comments (KLA 14/05/13)",
    "Background Papers and Published Documents",
    "Electoral Division(s) and Member(s) Affected",
    "Appendix 1: Child Sexual Exploitation Multi-Agency Action Plan 2012-14",
]
REFERENCES = ["a)", "b)", "c)", "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4"]
REFERENCES += ["3.1", "3.2", "4.1", "4.2"]


@pytest.fixture
def seed_report(db: None) -> CommitteeReport:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return CommitteeReport.objects.get(plan__slug="cse-2012-14")


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_reads_like_the_councils_paper(seed_report: CommitteeReport) -> None:
    pdf = report_pdf(build_document(seed_report))
    reader = PdfReader(io.BytesIO(pdf))
    text = _text(pdf)
    flat = " ".join(text.split())
    # Every heading, in the seed's order.
    positions = [flat.find(heading) for heading in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    # Paragraphs numbered 1 to 16 without a gap, across sections.
    body = text[: text.index("Appendix 1:")]  # the appendix numbers its themes
    numbers = [int(n) for n in re.findall(r"(?m)^(\d{1,2})\. ", body)]
    assert numbers == list(range(1, 17))
    assert "1) the progress made on the Child Sexual Exploitation Action Plan be noted" in flat
    assert "2) a further update report be provided" in flat
    assert "Steve Edwards" in flat and "T: 0115 9773921" in flat
    # Appendix 1: every action of the plan, landscape, page-numbered.
    appendix = flat[flat.index("Appendix 1:") :]
    for reference in REFERENCES:
        assert f" {reference} " in f" {appendix} ", reference
    assert f"Page 1 of {len(reader.pages)}" in flat
    first, last = reader.pages[0], reader.pages[-1]
    assert first.mediabox.width < first.mediabox.height  # the report is portrait
    assert last.mediabox.width > last.mediabox.height  # Appendix 1 is landscape
    # Tagged PDF/UA with its title, author and language.
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Child Sexual Exploitation Action Plan"
    assert reader.metadata.author == "Service Director, Children’s Social Care"
    assert b"pdfuaid" in reader.xmp_metadata.stream.get_data()
    # Fonts are embedded: every font's descriptor carries its font file.
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            assert {"/FontFile2", "/FontFile3"} & set(described["/FontDescriptor"].keys())


def test_the_word_copy_has_the_same_headings_numbers_and_table(
    seed_report: CommitteeReport,
) -> None:
    doc = Document(io.BytesIO(report_docx(build_document(seed_report))))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [h for h in headings if h in HEADINGS] == HEADINGS
    numbered = [p.text.split(".\t")[0] for p in doc.paragraphs if re.match(r"^\d+\.\t", p.text)]
    assert numbered == [str(n) for n in range(1, 17)]
    first = next(p.text for p in doc.paragraphs if p.text.startswith(("1)\t", "2)\t")))
    assert first.startswith("1)\tthe progress")
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "Action" in cells and "Progress" in cells
    for reference in ("1.1", "2.4", "4.2"):
        assert any(cell.startswith(f"{reference} ") for cell in cells), reference
    assert doc.sections[-1].page_width > doc.sections[-1].page_height
    assert doc.core_properties.title == "Child Sexual Exploitation Action Plan"


def test_user_text_with_markup_is_printed_as_text(
    seed_report: CommitteeReport, tmp_path: Path
) -> None:
    hostile = "<script>alert(1)</script> <img src=file:///etc/passwd>"
    seed_report.purpose = hostile
    html = report_html(build_document(seed_report))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<img src=file" not in html
    flat = " ".join(_text(report_pdf(build_document(seed_report))).split())
    assert "1. <script>alert(1)</script> <img src=file:///etc/passwd>" in flat
    doc = Document(io.BytesIO(report_docx(build_document(seed_report))))
    assert any(hostile in p.text for p in doc.paragraphs)


def test_the_renderer_fetches_nothing_but_its_own_static_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import urllib.request

    fetched = []

    def refuse(self, request, *args, **kwargs):
        fetched.append(getattr(request, "full_url", request))
        raise AssertionError("the renderer tried to open a URL")

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    html = (
        '<html lang="en-GB"><head><title>t</title>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
        '<img src="file:///etc/passwd" alt="x"><img src="https://example.org/x.png" alt="y">'
        '<img src="/etc/hostname" alt="z"><p>Text</p></body></html>'
    )
    pdf = html_to_pdf(html)
    assert fetched == []
    assert b"root:" not in pdf


def test_render_report_and_render_plan_write_files(
    seed_report: CommitteeReport, tmp_path: Path
) -> None:
    out = io.StringIO()
    call_command("render_report", str(seed_report.pk), "-o", str(tmp_path / "r.docx"), stdout=out)
    assert "Wrote the draft report" in out.getvalue()
    assert Document(str(tmp_path / "r.docx")).core_properties.title
    call_command(
        "render_plan",
        "cse-2012-14",
        "--period",
        "Jan 2013",
        "-o",
        str(tmp_path / "p.pdf"),
        stdout=out,
    )
    flat = " ".join(_text((tmp_path / "p.pdf").read_bytes()).split())
    assert "Child Sexual Exploitation Multi-Agency Action Plan 2012-14" in flat
    assert "Apr 2013" not in flat.replace("16/04/2013", "")  # only the reviews up to Jan 2013
    assert Plan.objects.filter(slug="cse-2012-14").exists()
