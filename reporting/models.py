"""Committee reports: the Service Director's update on the plan, with the plan as Appendix 1."""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from actions.models import Plan, ReportingPeriod

# A paragraph that is only one of these is replaced, when the report is drawn, by generated
# material kept up to date with the plan's data until the report is issued.
GENERATED = {
    "[ratings by theme]": "A table of the ratings by theme at the report's review",
    "[ratings chart]": "The chart of ratings over the reviews",
    "[changes since the previous report]": "What changed since the previous report's review",
    "[overdue actions]": "The actions past their due date",
}


def paragraphs(text: str) -> list[str]:
    """A section's paragraphs: blocks of text separated by blank lines, lines joined."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [
        " ".join(line.strip() for line in block.splitlines()) for block in blocks if block.strip()
    ]


class ReportStatus(models.TextChoices):
    """A report is drafted, then issued; an issued report never changes."""

    DRAFT = "draft", "Draft"
    ISSUED = "issued", "Issued"


class CommitteeReport(models.Model):
    """A progress report on a plan to a committee, in the council's template."""

    Status = ReportStatus

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="The review the report is about; Appendix 1 shows the plan at this review.",
    )
    previous_report = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="following"
    )
    title = models.CharField(max_length=300)
    report_of = models.CharField(
        "report of",
        max_length=300,
        help_text="Such as the Service Director, Children's Social Care.",
    )
    committee = models.CharField(
        max_length=300, help_text="Such as Children & Young People's Committee."
    )
    meeting_date = models.DateField(null=True, blank=True)

    purpose = models.TextField("purpose of the report", blank=True)
    information = models.TextField("information and advice", blank=True)
    other_options = models.TextField("other options considered", blank=True)
    reasons = models.TextField("reason/s for recommendation/s", blank=True)
    statutory = models.TextField("statutory and policy implications", blank=True)
    recommendations = models.TextField(
        "recommendation/s", blank=True, help_text="One recommendation a line, after 'That:'."
    )
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_title = models.CharField(max_length=300, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_title = models.CharField(max_length=300, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    constitutional_comments = models.TextField(blank=True)
    financial_comments = models.TextField(blank=True)
    financial_initials = models.CharField(max_length=20, blank=True)
    financial_date = models.DateField(null=True, blank=True)
    background_papers = models.TextField(
        blank=True,
        help_text="One paper a line: its title, then optionally ' | ' and its web address.",
    )
    background_note = models.TextField(blank=True)
    electoral_divisions = models.TextField(
        "electoral division(s) and member(s) affected", blank=True, default="All."
    )

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        "governance.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Raised by every saved edit, so that a form based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="report_status_valid",
                violation_error_message="A report is a draft or issued.",
            ),
            models.CheckConstraint(
                condition=Q(status=ReportStatus.DRAFT) | Q(issued_at__isnull=False),
                name="report_issued_has_date",
                violation_error_message="An issued report has the date it was issued.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period.label}, {self.get_status_display().lower()})"

    @property
    def is_issued(self) -> bool:
        """Whether the report is issued, and so frozen."""
        return self.status == self.Status.ISSUED

    def recommendation_list(self) -> list[str]:
        """The recommendations, one a line."""
        return [line.strip() for line in self.recommendations.splitlines() if line.strip()]

    def background_paper_list(self) -> list[tuple[str, str]]:
        """The background papers as (title, web address), the address possibly empty."""
        papers = []
        for line in self.background_papers.splitlines():
            if line.strip():
                title, _, url = line.partition("|")
                papers.append((title.strip(), url.strip()))
        return papers


class ReportImplication(models.Model):
    """A sub-heading of Statutory and Policy Implications, such as Equalities Implications."""

    report = models.ForeignKey(
        CommitteeReport, on_delete=models.CASCADE, related_name="implications"
    )
    heading = models.CharField(max_length=200)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order", "pk"]

    def __str__(self) -> str:
        return self.heading


class ReportAppendix(models.Model):
    """An appendix after Appendix 1 (the plan): text, such as the strategy, or an uploaded file."""

    report = models.ForeignKey(CommitteeReport, on_delete=models.CASCADE, related_name="appendices")
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "order", "pk"]
        verbose_name_plural = "report appendices"

    def __str__(self) -> str:
        return self.title


class IssuedDocument(models.Model):
    """An issued report's files and the data they were made from, with checksums. Never changed."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    report = models.ForeignKey(CommitteeReport, on_delete=models.PROTECT, related_name="documents")
    file_format = models.CharField(max_length=4, choices=Format.choices)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    data = models.JSONField(help_text="The report and plan data the file was made from.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "file_format"],
                name="issued_document_unique_per_format",
                violation_error_message="The report already has an issued file of this format.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.file_format})"
