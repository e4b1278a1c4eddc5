"""Writing tracked models so that every history row names its user and, where given, the reason.

A history row is dated when it is written. Only loading records of the past (the demo's plan,
`demo/`) dates them otherwise, inside `backdated`; nothing a person does passes a date.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import groupby
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from simple_history.utils import bulk_create_with_history

from cseplan.lib.dates import start_of_day

M = TypeVar("M", bound=models.Model)

DayOf = Callable[[models.Model], datetime.date]

# The day each row written now was entered, while `backdated` is in force; else None (now).
_day_of: ContextVar[DayOf | None] = ContextVar("history_day_of", default=None)


@contextmanager
def backdated(day_of: DayOf) -> Iterator[None]:
    """Date the history rows written inside the block on the day `day_of(row)` gives for their
    row (at its start, local time) instead of now.

    For loading records of the past as the documents date them: only the demo loader uses it
    (`tests/demo/test_dating.py` fails if anything else does), so a person's change is always
    dated when it is made.
    """
    token = _day_of.set(day_of)
    try:
        yield
    finally:
        _day_of.reset(token)


def _history_date(obj: models.Model) -> datetime.datetime | None:
    """When the history row of `obj` written now is dated: None for now."""
    day_of = _day_of.get()
    return start_of_day(day_of(obj)) if day_of else None


@contextmanager
def attributed(obj: models.Model, *, by: AbstractBaseUser, reason: str = "") -> Iterator[None]:
    """Attribute the history rows written for `obj` inside the block to `by`, with `reason`.

    Outside a request django-simple-history has no user to record, so the write layer names one
    for every write, saves and many-to-many changes alike.
    """
    obj._history_user = by  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    if (date := _history_date(obj)) is not None:
        obj._history_date = date  # type: ignore[attr-defined]
    try:
        yield
    finally:
        # A later write of the same instance must not inherit this user and reason by accident.
        del obj._history_user  # type: ignore[attr-defined]
        del obj._change_reason  # type: ignore[attr-defined]
        obj.__dict__.pop("_history_date", None)


def save_tracked(
    obj: models.Model,
    *,
    by: AbstractBaseUser,
    reason: str = "",
    update_fields: list[str] | None = None,
) -> None:
    """Save a model that keeps history, attributing the history row to `by` with `reason`."""
    with attributed(obj, by=by, reason=reason):
        obj.save(update_fields=update_fields)


def bulk_create_tracked(
    objects: list[M], *, by: AbstractBaseUser, reason: str = "", batch_size: int = 500
) -> None:
    """Create many rows of one model that keeps history at once, each with its history row
    attributed to `by` with `reason` (no save signals: the caller checked the rows)."""
    if not objects:
        return
    # While `backdated` is in force, the rows of each date together, their history rows dated
    # so; otherwise one batch, dated now.
    batches = (
        groupby(sorted(objects, key=_history_date), key=_history_date)
        if _day_of.get()
        else [(None, objects)]
    )
    for date, batch in batches:
        bulk_create_with_history(
            list(batch),
            type(objects[0]),
            batch_size=batch_size,
            default_user=by,
            default_change_reason=reason,
            default_date=date,
        )


def create_tracked(
    model: type[M], *, by: AbstractBaseUser, reason: str = "", **fields: object
) -> M:
    """Validate and create a row of a model that keeps history, attributed to `by`."""
    obj = model(**fields)
    obj.full_clean()
    save_tracked(obj, by=by, reason=reason)
    return obj


LastChange = tuple[AbstractBaseUser | None, datetime.datetime | None]


def last_change(obj: models.Model) -> LastChange:
    """Who saved `obj` last and when, from its newest history row (None, None without one)."""
    latest = obj.history.select_related("history_user").first() if obj.pk else None
    return (latest.history_user, latest.history_date) if latest else (None, None)


def last_change_among(model: type[models.Model], **lookups: object) -> LastChange:
    """Who last saved or removed a row of `model` matching `lookups` (on its history records,
    such as `report_id=4`), and when: for rows versioned together, some perhaps since removed."""
    latest = (
        model.history.filter(**lookups)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )
    return (latest.history_user, latest.history_date) if latest else (None, None)
