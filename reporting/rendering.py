"""Drawing a committee report or a plan as HTML, PDF (WeasyPrint, tagged PDF/UA-1) and Word.

The PDF is made from an ordinary template with its own print stylesheet. WeasyPrint is given a
URL fetcher that serves nothing but the project's own static files and `data:` addresses, so
text a user wrote can never make the renderer read a local file or call the network.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from actions.snapshot import PlanSnapshot, plan_layout
from reporting.document import ReportDocument

STATIC_ORIGIN = "https://static.cseplan.invalid/"


def _css(name: str) -> str:
    path = finders.find(f"print/{name}")
    return Path(path).read_text(encoding="utf-8") if path else ""


def report_html(document: ReportDocument) -> str:
    """The report as one self-contained HTML page (its stylesheet inside)."""
    context = {
        "document": document,
        "report": document.report,
        "css": mark_safe(_css("report.css")),  # noqa: S308 - our own stylesheet, no user text
    }
    return render_to_string("reporting/report_document.html", context)


def _fetcher():  # noqa: ANN202 - WeasyPrint's class is imported lazily
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the project's static files and data: addresses; refuses everything else."""

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(STATIC_ORIGIN):
                relative = url.removeprefix(STATIC_ORIGIN).split("?")[0]
                path = finders.find(relative) if ".." not in relative else None
                if path:
                    return URLFetcherResponse(url, Path(path).read_bytes())
            raise ValueError(f"The report may not fetch {url[:80]}")

    return StaticOnlyFetcher(allowed_protocols={"data", "https"}, allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the HTML, with title, author and language from its head."""
    from weasyprint import HTML

    return HTML(string=html, base_url=STATIC_ORIGIN, url_fetcher=_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def report_pdf(document: ReportDocument) -> bytes:
    """The report as a PDF: A4, report portrait, Appendix 1 landscape, "Page N of M"."""
    return html_to_pdf(report_html(document))


def report_docx(document: ReportDocument) -> bytes:
    """The report as a Word document with the same headings, numbering and appendix table."""
    from reporting.word import build_docx

    buffer = io.BytesIO()
    build_docx(document).save(buffer)
    return buffer.getvalue()


@dataclass
class PlanDocument:
    """A plan alone, laid out as its source document, for `render_plan`."""

    snapshot: PlanSnapshot
    periods: list
    appendix: list
    rating_key: tuple


def plan_pdf(snapshot: PlanSnapshot, *, description: str = "") -> bytes:
    """The plan alone as a tagged, landscape PDF in the source document's layout."""
    periods, sections = plan_layout(snapshot)
    document = PlanDocument(snapshot, periods, sections, snapshot.plan.rating_options())
    owner = snapshot.plan.owning_group
    context = {
        "document": document,
        "css": mark_safe(_css("report.css")),  # noqa: S308 - our own stylesheet, no user text
        "author": owner.name if owner else "",
        "description": description,
    }
    return html_to_pdf(render_to_string("reporting/plan_document.html", context))
