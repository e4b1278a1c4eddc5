"""Committee reports in the admin: read-only (cseplan/lib/admin.py); an issued report's stored
files are listed by their checksums, never changed."""

from django.contrib import admin

from cseplan.lib.admin import ReadOnlyAdmin, RecordAdmin, RecordInline
from reporting.models import CommitteeReport, IssuedDocument, ReportAppendix, ReportImplication


class ImplicationInline(RecordInline):
    model = ReportImplication


class AppendixInline(RecordInline):
    model = ReportAppendix


@admin.register(CommitteeReport)
class CommitteeReportAdmin(RecordAdmin):
    """Committee reports, drafted and issued on the service's own pages."""

    list_display = ["title", "plan", "period", "status", "issued_at"]
    list_filter = ["status", "plan"]
    inlines = [ImplicationInline, AppendixInline]


@admin.register(ReportImplication, ReportAppendix)
class ReportPartAdmin(RecordAdmin):
    """Sub-headings and appendices of reports."""


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    """The stored files of issued reports."""

    list_display = ["report", "file_format", "sha256", "created_at"]
    exclude = ["content", "data"]
