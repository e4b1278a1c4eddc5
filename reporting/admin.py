from django.contrib import admin

from cseplan.lib.admin import HistoryAdmin, VersionedAdmin
from reporting.models import CommitteeReport, IssuedDocument, ReportAppendix, ReportImplication


class ImplicationInline(admin.StackedInline):
    model = ReportImplication
    extra = 0


class AppendixInline(admin.StackedInline):
    model = ReportAppendix
    extra = 0


@admin.register(CommitteeReport)
class CommitteeReportAdmin(VersionedAdmin):
    """Committee reports; issued ones are edited nowhere, here included."""

    list_display = ["title", "plan", "period", "status", "issued_at"]
    list_filter = ["status", "plan"]
    inlines = [ImplicationInline, AppendixInline]

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return super().has_change_permission(request, obj) and not (obj and obj.is_issued)

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return super().has_delete_permission(request, obj) and not (obj and obj.is_issued)


@admin.register(ReportImplication, ReportAppendix)
class ReportPartAdmin(HistoryAdmin):
    """Sub-headings and appendices of reports."""


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin):
    """The stored files of issued reports (read only)."""

    list_display = ["report", "file_format", "sha256", "created_at"]
    exclude = ["content", "data"]

    def has_add_permission(self, request):  # noqa: ANN001, ANN201
        return False

    def has_change_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False

    def has_delete_permission(self, request, obj=None):  # noqa: ANN001, ANN201
        return False
