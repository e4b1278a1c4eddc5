from django.contrib import admin
from django.http import HttpRequest

from actions.models import (
    Action,
    Plan,
    PlanImport,
    ProgressUpdate,
    Reminder,
    ReportingPeriod,
    Theme,
)
from cseplan.lib.admin import HistoryAdmin, VersionedAdmin


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    """Action plans."""

    list_display = ["title", "slug", "owning_group", "rating_scale"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Theme)
class ThemeAdmin(HistoryAdmin):
    """Themes of plans."""

    list_display = ["heading", "plan", "order"]
    list_filter = ["plan"]
    list_select_related = ["plan"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(HistoryAdmin):
    """Quarterly review periods."""

    list_display = ["label", "plan", "short_label", "start_date", "end_date", "is_closed"]
    list_filter = ["plan", "is_closed"]
    list_select_related = ["plan"]


@admin.register(Action)
class ActionAdmin(VersionedAdmin):
    """Actions and sub-actions."""

    list_display = ["full_reference", "description", "lead_display", "due_date_display", "status"]
    list_filter = ["theme__plan", "theme", "status"]
    search_fields = ["reference", "description"]
    list_select_related = ["theme", "parent", "lead_person", "lead_group"]
    raw_id_fields = ["parent"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(VersionedAdmin):
    """Ratings and narratives per action and period."""

    list_display = ["action", "period", "rating"]
    list_filter = ["period__plan", "period", "rating"]
    list_select_related = ["action__parent", "action__theme", "period"]
    raw_id_fields = ["action"]


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    """Uploaded spreadsheets and what became of them (read only: the record of an import)."""

    list_display = ["uploaded_at", "filename", "slug", "uploaded_by", "status", "plan"]
    list_filter = ["status"]
    exclude = ["content"]
    readonly_fields = ["uploaded_by", "uploaded_at", "filename", "slug", "title", "scale"]
    readonly_fields += ["status", "plan"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PlanImport | None = None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminder e-mails sent (read only: the record of who was reminded)."""

    list_display = ["sent_at", "person", "period", "kind", "action_count"]
    list_filter = ["kind", "period__plan"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Reminder | None = None) -> bool:
        return False
