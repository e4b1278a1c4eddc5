"""The admin of every tracked model: history to read, never to rewrite."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from cseplan.lib.forms import ModelMultipleChoiceField


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin with its history read-only: no reverting to an old version.

    SIMPLE_HISTORY_REVERT_DISABLED hides the revert button; this refuses the request itself.
    """

    # Web addresses typed without a scheme are https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedAdmin(HistoryAdmin):
    """A model the service's pages edit by version (cseplan/lib/edits.py): a change saved here is
    a new version too, so that a page opened before it cannot overwrite it unseen."""

    readonly_fields = ["version"]

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.ModelForm, change: bool
    ) -> None:
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
