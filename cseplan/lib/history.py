"""Writing tracked models so that every history row names its user and, where given, the reason."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from simple_history.utils import bulk_create_with_history

M = TypeVar("M", bound=models.Model)


@contextmanager
def attributed(obj: models.Model, *, by: AbstractBaseUser, reason: str = "") -> Iterator[None]:
    """Attribute the history rows written for `obj` inside the block to `by`, with `reason`.

    Outside a request django-simple-history has no user to record, so the write layer names one
    for every write, saves and many-to-many changes alike.
    """
    obj._history_user = by  # type: ignore[attr-defined]
    obj._change_reason = reason  # type: ignore[attr-defined]
    try:
        yield
    finally:
        # A later write of the same instance must not inherit this user and reason by accident.
        del obj._history_user  # type: ignore[attr-defined]
        del obj._change_reason  # type: ignore[attr-defined]


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
    if objects:
        bulk_create_with_history(
            objects,
            type(objects[0]),
            batch_size=batch_size,
            default_user=by,
            default_change_reason=reason,
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
