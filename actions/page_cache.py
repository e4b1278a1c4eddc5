"""Pages kept in the cache until the data they show changes.

A county plan's pages are megabytes of HTML made from thousands of rows. The plan page, the
review page and the dashboard keep the part of the page that comes from the plan's data in
Django's cache, under a key that includes `data_stamp()`: a value read from the database on every
request that changes with every saved change. A reader therefore sees any change at once,
whichever app server rendered the page before; the cache only saves writing the same HTML again.

The kept part is encoded once, and `put_in_place` puts it into the page rendered around it for
each reader: the template engine would otherwise copy and encode megabytes on every request.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.db.models.expressions import RawSQL
from django.http import HttpResponse

from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme
from governance.models import Group, Membership, Person

T = TypeVar("T")

# What the kept parts of pages show comes from these tables: the plan's own, the people and groups
# named as leads, and the memberships that make a person lead through a group (the dashboard's
# "my actions"). Each keeps its history in a table of its own, to which every write adds a row:
# the write layer, imports, the admin and deletions alike. (Accounts are left out: signing in
# writes a row of their history, and no kept part shows an account.)
_SHOWN = (Plan, Theme, ReportingPeriod, Action, ProgressUpdate, Person, Group, Membership)
# See data_stamp: how far back a late commit is still seen.
_WINDOW = 1000


def data_stamp(plan: Plan) -> str:
    """A value that changes with every saved change to the plans, their people and groups.

    Read in one query of a few index lookups, whatever the size of the database: for each history
    table, the newest history id, and how many of the last thousand ids are taken. The count
    changes when a transaction that took an id before another one commits after it, which leaves
    the newest id as it was. (`plan` only gives the query a row to read them from: any plan's
    change changes the stamp of every plan.) A database restored from a backup hands out the same
    ids again; it is restored with the app servers stopped (docs/deployment.md), which empties
    their caches.
    """
    columns = [RawSQL(sql, ()) for sql in _stamp_columns()]  # noqa: S611 - see _stamp_columns
    row = Plan.objects.filter(pk=plan.pk).values_list(*columns).get()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


@functools.cache
def _stamp_columns() -> list[str]:
    """The stamp's columns as SQL, written once per process.

    Built by the ORM on each request, these subqueries would cost more than the rest of a cached
    page. They only read, and name only our own tables.
    """
    quote = connection.ops.quote_name
    columns = []
    for model in _SHOWN:
        table = quote(model.history.model._meta.db_table)
        newest = f"SELECT MAX(history_id) FROM {table}"  # noqa: S608
        taken = f"SELECT COUNT(*) FROM {table} WHERE history_id > ({newest}) - {_WINDOW}"  # noqa: S608
        columns += [newest, taken]
    return columns


def cached(key_parts: tuple[object, ...], build: Callable[[], T]) -> T:
    """The value cached under `key_parts`, or `build()` stored there.

    The parts must include `data_stamp()`, read before `build` reads the data, so that what is
    kept is never older than its key.
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
