"""Pages kept in the cache until the data they show changes.

A county plan's pages are megabytes of HTML made from thousands of rows. The plan page, the
review page and the dashboard keep the part of the page that comes from the plan's data in
Django's cache, under a key that includes `data_version(plan)`: the number of changes the plan
and the people and groups it names have had, read from the database on every request. A reader
therefore sees any change at once, whichever app server rendered the page before; the cache only
saves writing the same HTML again.

The number moves with the history: every history row written for a model the pages show raises
the number of its scope in the same transaction (`_count_change`, connected to
django-simple-history's `post_create_historical_record`), so no saved change, whichever way it
was made, can leave a page behind. Writes that make history rows in bulk (the import) call
`count_change` themselves. A change to one plan leaves every other plan's pages in the cache.

The kept part is encoded once, and `put_in_place` puts it into the page rendered around it for
each reader: the template engine would otherwise copy and encode megabytes on every request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db.models import F, Model
from django.http import HttpResponse
from simple_history.signals import post_create_historical_record

from actions.models import Action, DataVersion, Plan, ProgressUpdate, ReportingPeriod, Theme
from governance.models import Group, Membership, Person

T = TypeVar("T")

PEOPLE = "people"


def _plan_scope(plan_id: int) -> str:
    return f"plan:{plan_id}"


# What the kept parts of pages show, and which scope a change to each belongs to. (Accounts are
# left out: signing in writes a row of their history, and no kept part shows an account.)
_SCOPE: dict[type[Model], Callable[[Any], str]] = {
    Plan: lambda plan: _plan_scope(plan.pk),
    Theme: lambda theme: _plan_scope(theme.plan_id),
    ReportingPeriod: lambda period: _plan_scope(period.plan_id),
    Action: lambda action: _plan_scope(action.theme.plan_id),
    ProgressUpdate: lambda update: _plan_scope(update.period.plan_id),
    Person: lambda _person: PEOPLE,
    Group: lambda _group: PEOPLE,
    Membership: lambda _membership: PEOPLE,
}


def count_change(scope: str) -> None:
    """Raise a scope's number by one, in the caller's transaction."""
    if DataVersion.objects.filter(scope=scope).update(number=F("number") + 1):
        return
    _row, created = DataVersion.objects.get_or_create(scope=scope, defaults={"number": 1})
    if not created:  # made by a transaction that committed in between
        DataVersion.objects.filter(scope=scope).update(number=F("number") + 1)


def count_plan_change(plan: Plan) -> None:
    """Raise a plan's number: for writes that make their history rows in bulk."""
    count_change(_plan_scope(plan.pk))


def _count_change(sender: type[Model], instance: Model, **kwargs: object) -> None:
    scope = _SCOPE.get(type(instance))
    if scope is not None:
        count_change(scope(instance))


post_create_historical_record.connect(_count_change, dispatch_uid="cseplan-page-cache")


def data_version(plan: Plan) -> tuple[int, int]:
    """The plan's number and that of the people and groups, in one query of two index reads."""
    scopes = {_plan_scope(plan.pk): 0, PEOPLE: 0}
    scopes.update(DataVersion.objects.filter(scope__in=scopes).values_list("scope", "number"))
    return tuple(scopes.values())


def cached(key_parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """The value cached under `key_parts`, or `build()` stored there.

    The parts must include `data_version()`, read before `build` reads the data, so that what
    is kept is never older than its key.
    """
    key = "page:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value)
    return value


def put_in_place(response: HttpResponse, place: str, part: bytes) -> HttpResponse:
    """The rendered page with the encoded `part` where the template wrote `place`.

    `place` is an HTML comment, which data shown on a page can never write (its `<` would be
    escaped), so the first one in the page is the template's.
    """
    head, tail = response.content.split(place.encode(), 1)
    response.content = b"".join((head, part, tail))
    return response
