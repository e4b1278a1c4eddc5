"""The admin of every tracked model: the record to read, never to change.

Plan, report and governance data change only through the service's own pages, which check the
version, ask for the reasons the record needs and never delete plan data. In the admin these
models are read-only: no adding, no changing, no deleting, no reverting to an old version; their
history pages stay open to read."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from cseplan.lib.forms import ModelMultipleChoiceField


class _ReadOnly:
    """Refuses every change, whoever asks: the admin shows these rows and nothing more."""

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history is only read: no reverting to an old version."""

    def formfield_for_manytomany(
        self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any
    ) -> forms.ModelMultipleChoiceField | None:
        """The service's own multiple-choice field, which refuses ids too large for SQLite."""
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict | None = None,
    ) -> HttpResponse:
        # SIMPLE_HISTORY_REVERT_DISABLED hides the revert button; this refuses the request too.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class RecordAdmin(_ReadOnly, HistoryAdmin):
    """A tracked model in the admin: its rows and their history, read-only."""


class RecordInline(_ReadOnly, admin.TabularInline):
    """The rows of a tracked model shown inside another's admin page, read-only."""

    extra = 0


class ReadOnlyAdmin(_ReadOnly, admin.ModelAdmin):
    """A record without history kept for good (an import, a reminder, an issued file)."""
