"""The plan's history, read back: the one module that reads the history tables of plans.

Every page that shows what changed reads it here: the change log, the dashboard's recent
changes, the action page's "who changed what" and due-date revisions, and the plan as it stood at
a moment (`rows_as_at`, used by `actions.snapshot.snapshot_as_at`). Writing history is
`cseplan.lib.history`'s, as is who saved a row last (`last_change`).

`change_log_rows` is one database query (a UNION of the history tables of the plan, its themes,
periods, actions and progress updates, filtered and ordered), so a page of it can be counted and
sliced by Django's paginator; `load_entries` then turns one page of rows into readable entries,
with each field's change (co-leads included), in a fixed number of queries.
"""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import (
    CharField,
    Count,
    F,
    Max,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)

from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme
from actions.ratings import rating_label, rating_option
from governance.models import Group, Meeting, Person, User

M = TypeVar("M", Action, ProgressUpdate)


class Kind:
    """The kinds of change a reviewer can filter the log by."""

    RATING = "rating"
    PROGRESS = "progress"
    DUE_DATE = "due_date"
    ACTION = "action"
    STRUCTURE = "structure"

    # Not offered to readers: the actions and their reviews, for the dashboard's recent changes.
    WORK = "work"

    choices = [
        (RATING, "Ratings"),
        (PROGRESS, "Progress narratives"),
        (DUE_DATE, "Due dates"),
        (ACTION, "Actions: added, removed or otherwise changed"),
        (STRUCTURE, "The plan, its themes and review periods"),
    ]


_MODELS: dict[str, type[Model]] = {
    "plan": Plan,
    "theme": Theme,
    "period": ReportingPeriod,
    "action": Action,
    "update": ProgressUpdate,
}
# Bookkeeping, not something a person changed.
_HIDDEN_FIELDS = {"version", "scale", "order"}
# What a created record is of, which its entry's heading already names; and the precision, which
# the due date is shown in.
_NAMED_BY_HEADING = {"id", "plan", "theme", "action", "period", "parent", "due_date_precision"}
# Many-to-many fields, whose changes are read in bulk with the page (see _Names).
_MANY = ["co_leads"]
_LABELS = {
    "due_date_precision": "Due date precision",
    "lead_person": "Lead person",
    "narrative": "Progress",
    "is_closed": "Open or closed",
}
# Long text is shown as a difference of words, not two walls of text.
_LONG_TEXT = {"narrative", "description", "objective", "terms_of_reference"}


@dataclass(frozen=True)
class Filters:
    """What the log is narrowed to; every field optional."""

    person: User | None = None
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None
    theme: Theme | None = None
    action: Action | None = None
    period: ReportingPeriod | None = None  # an update's review period
    kind: str = ""


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after, as text; long text also as a word difference."""

    label: str
    old: str
    new: str
    words: tuple[tuple[str, str], ...] = ()  # ("equal" | "delete" | "insert", text)
    brief: str = ""  # how a one-line summary names the change: "rating (Amber → Green)"


def word_difference(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The words kept, removed and added between two texts, in reading order."""
    before, after = old.split(" "), new.split(" ")
    pieces: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(("equal", " ".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(("delete", " ".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(("insert", " ".join(after[b1:b2])))
    return tuple(pieces)


@dataclass
class Entry:
    """One saved change, as the log shows it."""

    when: datetime.datetime
    who: str
    what: str
    action_id: int | None  # None once the action has been removed
    event: str  # "Created", "Changed" or "Removed"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    reference: str = ""  # the action's, for a change to an action or its update
    period_label: str = ""  # the review, for a change to an update

    @property
    def summary(self) -> str:
        """The change in a line: "Created, rated Amber", "Changed rating (A → G) and progress"."""
        if self.event == "Removed":
            return "Deleted"
        briefs = [change.brief for change in self.changes if change.brief]
        if self.event == "Created":
            return ", ".join(["Created", *briefs])
        if not briefs:
            return "Saved with no changes"
        listed = briefs[0] if len(briefs) == 1 else f"{', '.join(briefs[:-1])} and {briefs[-1]}"
        return f"Changed {listed}"


def _previous_value(model: type[Model], name: str = "history_id") -> Subquery:
    """A field of the record before this one of the same row (by default its history id)."""
    history = model.history.model
    earlier = history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    return Subquery(earlier.order_by("-history_id").values(name)[:1])


def _update_changing(part: QuerySet, name: str) -> QuerySet:
    """Update records that set `name` on creation or change it."""
    part = part.annotate(before=_previous_value(ProgressUpdate, name))
    created = Q(history_type="+") & ~Q(**{name: ""})
    changed = Q(history_type="~") & (~Q(**{name: F("before")}) | Q(before__isnull=True))
    return part.filter(created | changed)


def _parts(plan: Plan, filters: Filters) -> dict[str, QuerySet]:
    """The history of each table of the plan, narrowed by the filters."""
    theme_ids = Theme.history.filter(plan_id=plan.pk).values("id")
    period_ids = ReportingPeriod.history.filter(plan_id=plan.pk).values("id")
    parts: dict[str, QuerySet] = {
        "plan": Plan.history.filter(id=plan.pk),
        "theme": Theme.history.filter(plan_id=plan.pk),
        "period": ReportingPeriod.history.filter(plan_id=plan.pk),
        "action": Action.history.filter(theme_id__in=theme_ids),
        "update": ProgressUpdate.history.filter(period_id__in=period_ids),
    }
    if filters.theme or filters.action:
        del parts["plan"], parts["period"]
        if filters.action:
            del parts["theme"]
            parts["action"] = parts["action"].filter(id=filters.action.pk)
            parts["update"] = parts["update"].filter(action_id=filters.action.pk)
        else:
            actions = Action.history.filter(theme_id=filters.theme.pk).values("id")
            parts["theme"] = parts["theme"].filter(id=filters.theme.pk)
            parts["action"] = parts["action"].filter(theme_id=filters.theme.pk)
            parts["update"] = parts["update"].filter(action_id__in=actions)
    if filters.period:
        parts = {"update": parts["update"].filter(period_id=filters.period.pk)}
    kind = filters.kind
    if kind in (Kind.RATING, Kind.PROGRESS):
        name = "rating" if kind == Kind.RATING else "narrative"
        parts = {"update": _update_changing(parts["update"], name)} if "update" in parts else {}
    elif kind == Kind.DUE_DATE:
        if "action" not in parts:
            return {}
        history = parts["action"].annotate(
            previous_due_date=_previous_value(Action, "due_date"),
            previous_due_date_precision=_previous_value(Action, "due_date_precision"),
        )
        revised = Q(history_type="~") & (
            ~Q(due_date=F("previous_due_date"))
            | ~Q(due_date_precision=F("previous_due_date_precision"))
            | (Q(due_date__isnull=True) & Q(previous_due_date__isnull=False))
            | (Q(due_date__isnull=False) & Q(previous_due_date__isnull=True))
        )
        parts = {"action": history.filter(revised)}
    elif kind == Kind.ACTION and "action" in parts:
        parts = {"action": parts["action"]}
    elif kind == Kind.ACTION:
        parts = {}
    elif kind == Kind.WORK:
        parts = {name: parts[name] for name in ("action", "update") if name in parts}
    elif kind == Kind.STRUCTURE:
        parts = {name: parts[name] for name in ("plan", "theme", "period") if name in parts}
    for name, part in parts.items():
        if filters.person:
            part = part.filter(history_user=filters.person)
        if filters.since:
            part = part.filter(history_date__gte=filters.since)
        if filters.until:
            part = part.filter(history_date__lte=filters.until)
        parts[name] = part
    return parts


def change_log_rows(plan: Plan, filters: Filters | None = None) -> QuerySet:
    """One query for the log's rows (`table`, `history_id`, `history_date`), newest first."""
    parts = _parts(plan, filters or Filters())
    if not parts:
        return Plan.history.none().values("history_id")
    querysets = [
        part.order_by()  # a part of a UNION may not have its own ORDER BY
        .annotate(table=Value(name, output_field=CharField()))
        .values("table", "history_id", "history_date")
        for name, part in parts.items()
    ]
    first, *rest = querysets
    union = first.union(*rest, all=True) if rest else first
    return union.order_by("-history_date", "-history_id")


def load_entries(
    rows: list[dict[str, object]], *, tables: tuple[str, ...] = tuple(_MODELS)
) -> list[Entry]:
    """Readable entries for rows of `change_log_rows`, in their order.

    The same queries for any page of rows: each history table is asked for all the page's ids
    (an id of one table may match a record of another, which is then left out), with the record
    before each one, and the names come from subqueries of those. A page so makes the same
    queries whichever kinds of change it shows, and however long the history behind them.
    `tables` narrows the tables asked to those the rows can come from (fewer queries).
    """
    if not rows:
        return []
    ids = sorted({row["history_id"] for row in rows})
    wanted = {(row["table"], row["history_id"]) for row in rows}
    found: dict[str, QuerySet] = {}
    earlier: dict[str, QuerySet] = {}
    records: dict[tuple[str, int], Model] = {}
    previous: dict[tuple[str, int], Model] = {}
    for table, model in _MODELS.items():
        history = model.history.model
        if table not in tables:
            found[table] = earlier[table] = history.objects.none()
            continue
        found[table] = history.objects.filter(history_id__in=ids).annotate(
            previous_id=_previous_value(model)
        )
        earlier[table] = history.objects.filter(history_id__in=found[table].values("previous_id"))
        before = {record.history_id: record for record in earlier[table]}
        for record in found[table].select_related("history_user"):
            if (table, record.history_id) not in wanted:
                continue
            records[(table, record.history_id)] = record
            if record.previous_id:
                previous[(table, record.history_id)] = before[record.previous_id]
    names = _Names(found, earlier)
    return [
        _entry(row["table"], records[key], previous.get(key), names)
        for row in rows
        for key in [(row["table"], row["history_id"])]
    ]


class _Names:
    """What ids in history records stand for: references, labels, people and groups."""

    def __init__(self, found: dict[str, QuerySet], earlier: dict[str, QuerySet]) -> None:
        actions = (found["action"], earlier["action"])
        updates = (found["update"], earlier["update"])
        mentioned = Q()
        for records in actions:
            mentioned |= Q(id__in=records.values("id")) | Q(id__in=records.values("parent_id"))
        for records in updates:
            mentioned |= Q(id__in=records.values("action_id"))
        latest = newest_records(Action, mentioned)
        self.actions = {record.id: record for record in latest}
        # The parents of actions mentioned only through an update or a sub-action's record.
        parents = newest_records(Action, Q(id__in=latest.values("parent_id")))
        self.actions |= {record.id: record for record in parents if record.id not in self.actions}
        periods = Q()
        for records in updates:
            periods |= Q(id__in=records.values("period_id"))
        self.periods = {
            record.id: record.label for record in newest_records(ReportingPeriod, periods)
        }
        # django-simple-history keeps each action record's co-leads in a table of its own.
        through = Action.history.model._meta.get_field("historicalaction_co_leads").related_model
        records = Q()
        for records_of in actions:
            records |= Q(history_id__in=records_of.values("history_id"))
        self.co_leads: dict[int, set[int]] = defaultdict(set)
        for history_id, person_id in through.objects.filter(records).values_list(
            "history_id", "person_id"
        ):
            self.co_leads[history_id].add(person_id)
        people, groups = Q(pk__in={p for ids in self.co_leads.values() for p in ids}), Q()
        for records_of in actions:
            people |= Q(pk__in=records_of.values("lead_person_id"))
            groups |= Q(pk__in=records_of.values("lead_group_id"))
        self.people = {person.pk: person.name for person in Person.objects.filter(people)}
        for records_of in (found["plan"], earlier["plan"]):
            groups |= Q(pk__in=records_of.values("owning_group_id"))
        self.groups = {group.pk: group.short_name for group in Group.objects.filter(groups)}
        meetings = Q()
        for records_of in (found["period"], earlier["period"]):
            meetings |= Q(pk__in=records_of.values("review_meeting_id"))
        self.meetings = {
            meeting.pk: f"{meeting.group.short_name} meeting, {meeting.date:%d/%m/%Y}"
            for meeting in Meeting.objects.filter(meetings).select_related("group")
        }

    def exists(self, action_id: int | None) -> bool:
        """Whether the action is still in the plan (its newest record is not its removal)."""
        action = self.actions.get(action_id)
        return action is not None and action.history_type != "-"

    def co_lead_names(self, record: Model) -> str:
        """The co-leads an action record had, by name."""
        names = sorted(self.people.get(pk, "") for pk in self.co_leads[record.history_id])
        return ", ".join(names) or "(none)"

    def reference(self, action_id: int | None) -> str:
        """An action's reference, such as `1.2a`."""
        action = self.actions.get(action_id)
        if action is None:
            return "An action"
        parent = self.actions.get(action.parent_id) if action.parent_id else None
        if parent is not None:
            return f"{parent.reference}{action.reference}"
        return f"{action.reference})" if action.reference.isalpha() else action.reference


def _display(record: Model, name: str, names: _Names) -> str:
    field = record._meta.get_field(name)
    value = getattr(record, field.attname)
    if name == "rating":
        return rating_label(record.scale, value)
    if name == "due_date" and value is not None:
        if record.due_date_precision == Action.Precision.MONTH:
            return f"{value:%B %Y}"
        return f"{value:%d/%m/%Y}"
    if name == "status":
        return Action.Status(value).label
    if name == "lead_person":
        return names.people.get(value, "(none)") if value else "(none)"
    if name in ("lead_group", "owning_group"):
        return names.groups.get(value, "(none)") if value else "(none)"
    if name == "review_meeting":
        return names.meetings.get(value, "(none)") if value else "(none)"
    if name == "is_closed":
        return "Closed" if value else "Open"
    if value is None or value == "":
        return "(none)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _describe(table: str, record: Model, names: _Names) -> tuple[str, str, str, int | None]:
    """What the record is of: its words, the action's reference, the review, the action."""
    if table == "update":
        label = names.periods.get(record.period_id, "a review")
        reference = names.reference(record.action_id)
        return f"{reference}, {label} update", reference, label, record.action_id
    if table == "action":
        reference = names.reference(record.id)
        return f"Action {reference}", reference, "", record.id
    if table == "theme":
        heading = f"{record.number}. {record.title}" if record.number else record.title
        return f"Theme {heading}", "", "", None
    if table == "period":
        return f"Review period {record.label}", "", "", None
    return "The plan", "", "", None


def _rating_words(scale: str, value: str) -> str:
    option = rating_option(scale, value)
    return option.words if option else "not rated"


def _label(record: Model, name: str) -> str:
    """A field of a record as the log heads it: "Progress", "Lead person", "Due date"."""
    label = _LABELS.get(name) or str(record.instance_type._meta.get_field(name).verbose_name)
    return label[0].upper() + label[1:]


def _field_change(record: Model, before: Model, name: str, names: _Names) -> FieldChange:
    label = _label(record, name)
    old, new = _display(before, name, names), _display(record, name, names)
    if name == "rating":
        was, now = (_rating_words(r.scale, r.rating) for r in (before, record))
        return FieldChange(label, old, new, brief=f"rating ({was} → {now})")
    long_text = name in _LONG_TEXT
    difference = word_difference(getattr(before, name), getattr(record, name)) if long_text else ()
    return FieldChange(label, old, new, difference, brief=label.lower())


def _entry(table: str, record: Model, before: Model | None, names: _Names) -> Entry:
    what, reference, period_label, action_id = _describe(table, record, names)
    event = {"+": "Created", "~": "Changed", "-": "Removed"}[record.history_type]
    user = record.history_user
    entry = Entry(
        when=record.history_date,
        who=user.display_name if user else "Unknown",
        what=what,
        action_id=action_id if names.exists(action_id) else None,
        event=event,
        reason=record.history_change_reason or "",
        reference=reference,
        period_label=period_label,
    )
    if before is not None and record.history_type == "~":
        # Co-leads are compared from the records read with the page, not by diff_against.
        delta = record.diff_against(before, excluded_fields=[*_HIDDEN_FIELDS, *_MANY])
        # The rating first: it is what a reader of a summary looks for.
        for change in sorted(delta.changes, key=lambda change: change.field != "rating"):
            entry.changes.append(_field_change(record, before, change.field, names))
        if (
            table == "action"
            and names.co_leads[record.history_id] != names.co_leads[before.history_id]
        ):
            old, new = names.co_lead_names(before), names.co_lead_names(record)
            entry.changes.append(FieldChange("Co-leads", old, new, brief="co-leads"))
    elif record.history_type == "+":
        entry.changes = _created_with(table, record, names)
    return entry


def _created_with(table: str, record: Model, names: _Names) -> list[FieldChange]:
    """Every field a record was created with, as new values: the first rating and progress of a
    review, or all an action was entered with. Empty fields are left out."""
    changes = []
    for tracked in record.tracked_fields:
        name, value = tracked.name, getattr(record, tracked.attname)
        if name in _HIDDEN_FIELDS | _NAMED_BY_HEADING or value is None or value == "":
            continue
        label = _label(record, name)
        brief = ""
        if name == "rating":
            brief = f"rated {_rating_words(record.scale, record.rating)}"
        elif name == "narrative" and table == "update":
            brief = "with progress"
        changes.append(FieldChange(label, "", _display(record, name, names), brief=brief))
    if table == "action" and names.co_leads[record.history_id]:
        changes.append(FieldChange("Co-leads", "", names.co_lead_names(record)))
    # The rating first: it is what a reader of a summary looks for.
    return sorted(changes, key=lambda change: change.label != "Rating")


@dataclass(frozen=True)
class DueDate:
    """One value an action's due date has had, and who set it, when and why."""

    text: str
    when: datetime.datetime
    who: str
    reason: str
    is_original: bool


def due_date_chain(action: Action) -> list[DueDate]:
    """The action's due dates in order: the original, then each revision."""
    records = (
        Action.history.filter(id=action.pk)
        .select_related("history_user")
        .only(
            "history_id", "history_date", "history_user", "history_change_reason",
            "due_date", "due_date_precision", "due_date_note",
        )
        .order_by("history_id")
    )  # fmt: skip
    chain: list[DueDate] = []
    last: tuple[object, str] | None = None
    for record in records.iterator():
        value = (record.due_date, record.due_date_precision)
        if record.due_date is None and not chain:
            continue
        if value == last:
            continue
        text = _display(record, "due_date", None) if record.due_date else "No due date"
        user = record.history_user
        chain.append(
            DueDate(
                text=text,
                when=record.history_date,
                who=user.display_name if user else "Unknown",
                reason=record.history_change_reason or "",
                is_original=not chain,
            )
        )
        last = value
    return chain


def revised_action_ids(action_ids: list[int]) -> set[int]:
    """The actions whose due date has had more than one value."""
    return _revised(Action.history.filter(id__in=action_ids))


def revised_action_ids_in(plan: Plan) -> set[int]:
    """The plan's actions whose due date has had more than one value."""
    return _revised(Action.history.filter(theme_id__in=plan.themes.values("pk")))


def _revised(history: QuerySet) -> set[int]:
    revised = (
        history.filter(due_date__isnull=False)
        .order_by()
        .values("id")
        .annotate(dates=Count("due_date", distinct=True))
        .filter(dates__gt=1)
    )
    return {row["id"] for row in revised}


def recent_changes(
    plan: Plan, limit: int = 10, *, until: datetime.datetime | None = None
) -> list[Entry]:
    """The latest changes to the plan's actions and their reviews, newest first (those made by
    `until`, when given): the change log's entries, in the same few queries for any history."""
    rows = change_log_rows(plan, Filters(until=until, kind=Kind.WORK))[:limit]
    return load_entries(list(rows), tables=("action", "update"))


# The plan as it stood -------------------------------------------------------------------------


def plan_as_at(plan: Plan, moment: datetime.datetime) -> Plan:
    """The plan's own fields as they stood at `moment` (as now, if it had no record by then)."""
    return Plan.history.as_of(moment).filter(id=plan.pk).first() or plan


def themes_as_at(plan: Plan, moment: datetime.datetime) -> list[Theme]:
    """The plan's themes as they stood at `moment`, in order."""
    return sorted(Theme.history.as_of(moment).filter(plan_id=plan.pk), key=lambda t: t.order)


def periods_as_at(plan: Plan, moment: datetime.datetime) -> list[ReportingPeriod]:
    """The plan's review periods as they stood at `moment`, in order."""
    periods = ReportingPeriod.history.as_of(moment).filter(plan_id=plan.pk)
    return sorted(periods, key=lambda period: period.start_date)


def rows_as_at(model: type[M], moment: datetime.datetime, **filters: object) -> list[M]:
    """The rows of `model` as they stood at `moment`, narrowed by `filters`.

    What `model.history.as_of()` gives, found by the newest record of each row by history id
    (ids only grow, so it is the last one written, as the change log also takes it) rather than
    by comparing each record with every later one, which takes time in the square of a row's
    history; and making only the rows, where `as_of()` makes a historical record of each first.
    """
    names = [field.attname for field in model._meta.concrete_fields]
    newest = newest_records(model, Q(history_date__lte=moment, **filters))
    rows = newest.exclude(history_type="-").values_list(*names)
    return [model.from_db(None, names, values) for values in rows]


def newest_records(model: type[Model], condition: Q) -> QuerySet:
    """The newest history record of each row of `model` among the records matching
    `condition`: by history id, which only grows, so the last one written (one query)."""
    history = model.history.model.objects
    newest = history.filter(condition).order_by().values("id").annotate(newest=Max("history_id"))
    return history.filter(history_id__in=newest.values("newest"))


def co_lead_ids_as_at(action_ids: list[int], moment: datetime.datetime) -> list[tuple[int, int]]:
    """(action id, person id) of each action's co-leads, as recorded with its latest record
    before `moment`."""
    if not action_ids:
        return []
    through = Action.history.model._meta.get_field("historicalaction_co_leads").related_model
    latest = newest_records(Action, Q(id__in=action_ids, history_date__lte=moment))
    action_of = dict(latest.values_list("history_id", "id"))
    rows = through.objects.filter(history_id__in=list(action_of)).values_list(
        "history_id", "person_id"
    )
    return [(action_of[history_id], person_id) for history_id, person_id in rows]
