"""The plan's change log: every saved change of a plan, newest first, for reviewers.

The log reads the history tables of the plan, its themes, periods, actions and progress updates.
`change_log_rows` is one database query (a UNION of the five tables, filtered and ordered), so a
page of it can be counted and sliced by Django's paginator; `load_entries` then turns one page
of rows into readable entries in a fixed number of queries.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, Model, OuterRef, Q, QuerySet, Subquery, Value

from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme
from actions.ratings import rating_label
from governance.models import Group, Person, User


class Kind:
    """The kinds of change a reviewer can filter the log by."""

    RATING = "rating"
    PROGRESS = "progress"
    DUE_DATE = "due_date"
    ACTION = "action"
    STRUCTURE = "structure"

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
    action_id: int | None
    event: str  # "Created", "Changed" or "Removed"
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


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


def load_entries(rows: list[dict[str, object]]) -> list[Entry]:
    """Readable entries for rows of `change_log_rows`, in their order.

    Fifteen queries for any page of rows: each history table is asked for all the page's ids
    (an id of one table may match a record of another, which is then left out), with the record
    before each one, and the names come from subqueries of those. A page so makes the same
    queries whichever kinds of change it shows, and however long the history behind them.
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
        latest = Action.history.filter(mentioned).latest_of_each()
        self.actions = {record.id: record for record in latest}
        # The parents of actions mentioned only through an update or a sub-action's record.
        parents = Action.history.filter(id__in=latest.values("parent_id")).latest_of_each()
        self.actions |= {record.id: record for record in parents if record.id not in self.actions}
        periods = Q()
        for records in updates:
            periods |= Q(id__in=records.values("period_id"))
        self.periods = {
            record.id: record.label
            for record in ReportingPeriod.history.filter(periods).latest_of_each()
        }
        people, groups = Q(), Q()
        for records in actions:
            people |= Q(pk__in=records.values("lead_person_id"))
            groups |= Q(pk__in=records.values("lead_group_id"))
        self.people = {person.pk: person.name for person in Person.objects.filter(people)}
        self.groups = {group.pk: group.short_name for group in Group.objects.filter(groups)}

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
    foreign_key = name in ("lead_person", "lead_group", "owning_group", "parent", "review_meeting")
    value = getattr(record, f"{name}_id") if foreign_key else getattr(record, name)
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
    if name == "lead_group":
        return names.groups.get(value, "(none)") if value else "(none)"
    if name == "is_closed":
        return "Closed" if value else "Open"
    if value is None or value == "":
        return "(none)"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _describe(table: str, record: Model, names: _Names) -> tuple[str, int | None]:
    if table == "update":
        label = names.periods.get(record.period_id, "a review")
        return f"{names.reference(record.action_id)}, {label} update", record.action_id
    if table == "action":
        return f"Action {names.reference(record.id)}", record.id
    if table == "theme":
        heading = f"{record.number}. {record.title}" if record.number else record.title
        return f"Theme {heading}", None
    if table == "period":
        return f"Review period {record.label}", None
    return "The plan", None


def _entry(table: str, record: Model, before: Model | None, names: _Names) -> Entry:
    what, action_id = _describe(table, record, names)
    event = {"+": "Created", "~": "Changed", "-": "Removed"}[record.history_type]
    user = record.history_user
    entry = Entry(
        when=record.history_date,
        who=user.display_name if user else "Unknown",
        what=what,
        action_id=action_id,
        event=event,
        reason=record.history_change_reason or "",
    )
    if before is not None and record.history_type == "~":
        for change in record.diff_against(before).changes:
            if change.field in _HIDDEN_FIELDS:
                continue
            field_object = record.instance_type._meta.get_field(change.field)
            label = _LABELS.get(change.field, str(field_object.verbose_name).capitalize())
            old = _display(before, change.field, names)
            new = _display(record, change.field, names)
            words = word_difference(change.old, change.new) if change.field in _LONG_TEXT else ()
            entry.changes.append(FieldChange(label, old, new, words))
    elif record.history_type == "+" and table == "update":
        entry.changes.append(FieldChange("Rating", "", _display(record, "rating", names)))
    return entry


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
