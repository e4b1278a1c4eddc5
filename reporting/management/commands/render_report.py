"""Write a committee report as PDF or Word."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reporting.document import build_document
from reporting.models import CommitteeReport
from reporting.rendering import report_docx, report_pdf


class Command(BaseCommand):
    help = (
        "Write committee report ID as FILE.pdf or FILE.docx. An issued report is written from its "
        "stored file, byte for byte; a draft is drawn from the data as it is now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("report_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="FILE.pdf or FILE.docx")

    def handle(self, *args: Any, report_id: int, output: str, **options: Any) -> None:
        path = Path(output)
        file_format = path.suffix.lower().lstrip(".")
        if file_format not in {"pdf", "docx"}:
            raise CommandError("The output file must end in .pdf or .docx.")
        report = CommitteeReport.objects.filter(pk=report_id).first()
        if report is None:
            raise CommandError(f"No committee report has the id {report_id}.")
        if report.is_issued:
            content = bytes(report.documents.get(file_format=file_format).content)
        else:
            document = build_document(report)
            content = report_pdf(document) if file_format == "pdf" else report_docx(document)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}") from error
        state = "issued" if report.is_issued else "draft"
        self.stdout.write(
            f"Wrote the {state} report {report_id} to {path} ({len(content):,} bytes)."
        )
