"""Versioned edits: no edit silently overwrites another.

A row that people edit in forms carries a `version`, raised by every saved edit. A form carries
the version it was opened at; `versioned_edit` locks the row, refuses the edit with
`StaleEditError` if someone saved since, and saves with history. `save_form` is the view's side:
save, or show both versions, or show the write layer's refusal on the form; `form_page` is a
whole page whose job is one form.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cseplan.lib.history import LastChange, last_change, save_tracked

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")


class StaleEditError(Exception):
    """Someone else saved the same thing after the editor loaded it; `current` is theirs.

    `version` is the version the form moves to (by default `current.version`), and `last` who
    saved theirs and when (by default `last_change(current)`), for things versioned other than by
    one row's `version`, such as a report's sub-headings, versioned together.
    """

    def __init__(
        self,
        current: models.Model | None,
        *,
        version: object = None,
        last: LastChange | None = None,
    ) -> None:
        super().__init__("Someone else saved a change after you opened this page.")
        self.current = current
        if version is None:
            version = current.version if current is not None else 0
        self.version = version
        self.last = last


@contextmanager
def versioned_edit(
    rows: models.QuerySet[M],
    *,
    expected_version: int,
    by: AbstractBaseUser,
    reason: str = "",
    new: Callable[[], M] | None = None,
) -> Iterator[M]:
    """The one row of `rows`, locked, for the block to change; saved with history after it.

    `expected_version` is the version the editor started from. If the row has moved on, nothing
    is written and StaleEditError carries the row as it is. With `new`, a missing row is made by
    it (at version 0, which the editor then expects). An edit that changes nothing writes
    nothing. A ValidationError from the block or from the row's own checks writes nothing.
    """
    with transaction.atomic():
        current = rows.select_for_update().first()
        if current is None:
            if new is None:
                raise rows.model.DoesNotExist
            current = new()
            current.version = 0
        if current.version != expected_version:
            raise StaleEditError(current)
        before = _values(current) if current.pk else None
        yield current
        if before is not None and _values(current) == before:
            return
        current.version += 1
        try:
            current.full_clean()
            with transaction.atomic():
                save_tracked(current, by=by, reason=reason)
        except (ValidationError, IntegrityError):
            # Two first saves at once: the other one was saved first (there was no row to
            # lock), so this one is as stale as any other.
            saved = rows.first() if before is None else None
            if saved is not None:
                raise StaleEditError(saved) from None
            raise


def _values(obj: models.Model) -> list[Any]:
    """The row's stored values, to tell whether an edit changed anything."""
    return [field.value_from_object(obj) for field in obj._meta.concrete_fields]


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Show the write layer's refusal on the form, beside the field it is about."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, texts in error.message_dict.items():
        for message in texts:
            form.add_error(name if name in form.fields else None, message)


@dataclass(frozen=True)
class Conflict:
    """Both versions of a stale edit, for `templates/includes/conflict.html`."""

    who: str
    when: datetime.datetime | None
    theirs: list[tuple[str, str]]
    yours: list[tuple[str, str]]

    @property
    def columns(self) -> list[tuple[str, bool, list[tuple[str, str]]]]:
        """The two versions side by side: heading, whether it is saved, its (label, text) rows."""
        return [("Their version", True, self.theirs), ("Your version", False, self.yours)]


def conflict_with(
    current: models.Model | None,
    theirs: list[tuple[str, str]],
    yours: list[tuple[str, str]],
    *,
    last: LastChange | None = None,
) -> Conflict:
    """Both versions, and who saved the one the editor did not see, and when."""
    if last is None:
        last = last_change(current) if current is not None else (None, None)
    user, when = last
    return Conflict(getattr(user, "display_name", "") or "Someone", when, theirs, yours)


Versions = Callable[[Any, dict[str, Any]], tuple[list[tuple[str, str]], list[tuple[str, str]]]]


def save_form(
    form: BaseForm, save: Callable[[dict[str, Any]], T], *, versions: Versions | None = None
) -> tuple[T | None, Conflict | None]:
    """Save a valid form through `save(cleaned_data)`: (what it returned, None) on success.

    Otherwise nothing is saved and the page is shown again: with the errors on the form (an
    invalid form, or the write layer's ValidationError), or, for a stale edit, with both
    versions (`versions(current, cleaned_data)` gives theirs and yours as (label, text) rows),
    and the form moved to the version now saved, so that saving again replaces theirs knowingly.
    """
    if not form.is_valid():
        return None, None
    try:
        return save(form.cleaned_data), None
    except StaleEditError as stale:
        theirs, yours = versions(stale.current, form.cleaned_data) if versions else ([], [])
        form.data = form.data.copy()
        if "version" in form.fields:
            form.data[form.add_prefix("version")] = str(stale.version)
        return None, conflict_with(stale.current, theirs, yours, last=stale.last)
    except ValidationError as error:
        add_errors(form, error)
        return None, None


def form_page(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    done: Callable[[T], tuple[str, str]],
    versions: Versions | None = None,
    template: str = "form_page.html",
    **context: object,
) -> HttpResponse:
    """A page whose job is one form (templates/form_page.html, or `template` extending it).

    A POST saves through `save(cleaned_data)` and, once saved, goes where `done(saved)` says with
    its message (message, address); otherwise the page is shown again with the form's errors, or
    with both versions (`versions`) if someone else saved the row since the page was opened.
    `context` is the rest of what the page shows (`heading`, `breadcrumbs`, `caption`, ...).
    """
    conflict = None
    if request.method == "POST":
        saved, conflict = save_form(form, save, versions=versions)
        if saved is not None:
            message, address = done(saved)
            messages.success(request, message)
            return redirect(address)
    return render(request, template, {**context, "form": form, "conflict": conflict})
