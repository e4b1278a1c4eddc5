"""Plans and their records in the admin: read-only (cseplan/lib/admin.py)."""

from django.contrib import admin

from actions.models import (
    Action,
    Plan,
    PlanImport,
    ProgressUpdate,
    Reminder,
    ReportingPeriod,
    Theme,
)
from cseplan.lib.admin import ReadOnlyAdmin, RecordAdmin


@admin.register(Plan)
class PlanAdmin(RecordAdmin):
    """Action plans."""

    list_display = ["title", "slug", "owning_group", "rating_scale"]


@admin.register(Theme)
class ThemeAdmin(RecordAdmin):
    """Themes of plans."""

    list_display = ["heading", "plan", "order"]
    list_filter = ["plan"]
    list_select_related = ["plan"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(RecordAdmin):
    """Quarterly review periods."""

    list_display = ["label", "plan", "short_label", "start_date", "end_date", "is_closed"]
    list_filter = ["plan", "is_closed"]
    list_select_related = ["plan"]


@admin.register(Action)
class ActionAdmin(RecordAdmin):
    """Actions and sub-actions."""

    list_display = ["full_reference", "description", "lead_display", "due_date_display", "status"]
    list_filter = ["theme__plan", "theme", "status"]
    search_fields = ["reference", "description"]
    list_select_related = ["theme", "parent", "lead_person", "lead_group"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(RecordAdmin):
    """Ratings and narratives per action and period."""

    list_display = ["action", "period", "rating"]
    list_filter = ["period__plan", "period", "rating"]
    list_select_related = ["action__parent", "action__theme", "period"]


@admin.register(PlanImport)
class PlanImportAdmin(ReadOnlyAdmin):
    """Uploaded spreadsheets and what became of them: the record of an import."""

    list_display = ["uploaded_at", "filename", "slug", "uploaded_by", "status", "plan"]
    list_filter = ["status"]
    exclude = ["content"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    """Reminder e-mails sent: the record of who was reminded."""

    list_display = ["sent_at", "person", "period", "kind", "action_count"]
    list_filter = ["kind", "period__plan"]
