"""The write layer of the plan: every write here leaves a history row with a user and reason."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from actions.importing import ImportPreview, ParsedAction
from actions.models import (
    Action,
    Plan,
    PlanImport,
    ProgressUpdate,
    ReportingPeriod,
    Theme,
    progress_of,
)
from actions.page_cache import count_plan_change
from actions.permissions import can_remove_due_date
from cseplan.lib.edits import versioned_edit
from cseplan.lib.history import attributed, bulk_create_tracked, create_tracked, save_tracked
from governance.models import Group, Meeting, Membership, Person, User
from governance.services import add_membership, save_group, save_person

M = TypeVar("M", Plan, ReportingPeriod, Theme)


@transaction.atomic
def record_update(
    action: Action,
    period: ReportingPeriod,
    *,
    rating: str,
    narrative: str,
    by: User,
    expected_version: int,
    reason: str = "",
) -> ProgressUpdate:
    """Set an action's rating and narrative for a period.

    `expected_version` is the version of the update the editor started from (0 when there was
    none): if someone saved in between, nothing is written and StaleEditError is raised.
    """
    if period.is_closed and not reason.strip():
        raise ValidationError(
            {"reason": "Give the reason for changing a rating of a closed period"}
        )
    with versioned_edit(
        ProgressUpdate.objects.filter(action=action, period=period).select_related("period"),
        expected_version=expected_version,
        by=by,
        reason=reason,
        new=lambda: ProgressUpdate(action=action, period=period, scale=period.plan.rating_scale),
    ) as update:
        update.rating = rating
        update.narrative = narrative
    return update


class ImportAlreadyDone(Exception):
    """The upload was imported or discarded by another request meanwhile."""


class ReviewConflict(Exception):
    """Some actions of a review were saved by someone else after the page was opened."""

    def __init__(self, conflicts: dict[int, ProgressUpdate | None]) -> None:
        super().__init__("Someone else saved some of these actions after you opened this page.")
        self.conflicts = conflicts


@dataclass(frozen=True)
class ReviewEntry:
    """One action's rating and narrative as entered on the review page."""

    action: Action
    rating: str
    narrative: str
    expected_version: int


@transaction.atomic
def record_review(
    period: ReportingPeriod, entries: list[ReviewEntry], *, by: User, reason: str = ""
) -> list[ProgressUpdate]:
    """Save the ratings and narratives of a review meeting together, or none of them.

    If any entry is stale (someone saved that action after the page was opened), nothing is
    written and ReviewConflict names every stale action with its current update.
    """
    current = {
        update.action_id: update
        for update in ProgressUpdate.objects.select_for_update().filter(
            period=period, action__in=[entry.action for entry in entries]
        )
    }
    conflicts = {
        entry.action.pk: current.get(entry.action.pk)
        for entry in entries
        if (current[entry.action.pk].version if entry.action.pk in current else 0)
        != entry.expected_version
    }
    if conflicts:
        raise ReviewConflict(conflicts)
    return [
        record_update(
            entry.action,
            period,
            rating=entry.rating,
            narrative=entry.narrative,
            by=by,
            expected_version=entry.expected_version,
            reason=reason,
        )
        for entry in entries
    ]


def update_action(
    action: Action,
    *,
    by: User,
    expected_version: int,
    description: str,
    lead_person: Person | None,
    lead_group: Group | None,
    due_date: datetime.date | None,
    due_date_precision: str,
    status: str,
    reason: str = "",
) -> Action:
    """Edit an action. A changed due date, and withdrawing the action (plan data is withdrawn,
    never deleted), need a reason, which the history keeps; only plan editors may remove a due
    date (`can_remove_due_date`).

    If someone saved the action after the editor loaded it, nothing is written and
    StaleEditError carries the current action.
    """
    with versioned_edit(
        Action.objects.filter(pk=action.pk),
        expected_version=expected_version,
        by=by,
        reason=reason.strip(),
    ) as current:
        if due_date and due_date_precision == Action.Precision.MONTH:
            due_date = due_date.replace(day=1)
        date_changed = (current.due_date, current.due_date_precision) != (
            due_date,
            due_date_precision,
        )
        if current.due_date and not due_date and not can_remove_due_date(by):
            raise ValidationError(
                {"due_date": "Enter the new due date: only a coordinator can remove a due date"}
            )
        if date_changed and not reason.strip():
            raise ValidationError({"reason": "Give the reason for changing the due date"})
        withdrawing = status == Action.Status.WITHDRAWN != current.status
        if withdrawing and not reason.strip():
            raise ValidationError({"reason": "Give the reason for withdrawing the action"})
        current.description = description
        current.lead_person = lead_person
        current.lead_group = lead_group
        current.due_date = due_date
        current.due_date_precision = due_date_precision
        current.status = status
    return current


def revise_due_date(
    action: Action,
    *,
    by: User,
    expected_version: int,
    due_date: datetime.date | None,
    due_date_precision: str,
    reason: str,
) -> Action:
    """Change only an action's due date, with the reason the history keeps (see update_action)."""
    return update_action(
        action,
        by=by,
        expected_version=expected_version,
        description=action.description,
        lead_person=action.lead_person,
        lead_group=action.lead_group,
        due_date=due_date,
        due_date_precision=due_date_precision,
        status=action.status,
        reason=reason,
    )


@transaction.atomic
def import_plan(
    preview: ImportPreview, *, by: User, pending: PlanImport | None = None, reason: str = ""
) -> Plan:
    """Write a plan that has been read: a new plan, or new periods of an existing one.

    The one writer of plans: a spreadsheet's preview, and the seed plan, come here. Refuses a
    preview with errors. Every row written has a history entry naming `by`, with `reason`, by
    default "Imported from FILE". Any failure rolls the whole import back. An upload waiting in
    `pending` is marked imported, and its copy of the file dropped.
    """
    if preview.errors:
        raise ValidationError([str(problem) for problem in preview.errors])
    if pending is not None:
        # Locked until this import commits: confirming one upload twice at once imports it once.
        pending = PlanImport.objects.select_for_update().get(pk=pending.pk)
        if pending.status != PlanImport.Status.PENDING:
            raise ImportAlreadyDone
    reason = reason or f"Imported from {preview.filename}"
    plan = _PlanWriter(preview, by=by, reason=reason).write()
    # The rows were made in bulk, which raises no count of their own.
    count_plan_change(plan)
    if pending is not None:
        pending.status = PlanImport.Status.IMPORTED
        pending.plan = plan
        pending.content = b""
        pending.save(update_fields=["status", "plan", "content"])
    return plan


def store_plan_import(
    *, by: User, filename: str, content: bytes, slug: str, title: str, scale: str
) -> PlanImport:
    """Keep an uploaded file until its uploader confirms or discards the import."""
    return PlanImport.objects.create(
        uploaded_by=by, filename=filename, content=content, slug=slug, title=title, scale=scale
    )


def discard_plan_import(pending: PlanImport) -> None:
    """Drop an upload that will not be imported, keeping only the record that it was made."""
    pending.status = PlanImport.Status.DISCARDED
    pending.content = b""
    pending.save(update_fields=["status", "content"])


class _PlanWriter:
    """Writes one plan that has been read; holds the lookups the rows need."""

    def __init__(self, preview: ImportPreview, *, by: User, reason: str) -> None:
        self.preview = preview
        self.by = by
        self.reason = reason

    def write(self) -> Plan:
        self._create_people_and_groups()
        preview = self.preview
        plan = preview.existing_plan or self._create(
            Plan,
            slug=preview.slug,
            title=preview.title,
            subtitle=preview.subtitle,
            owning_group=self._group(preview.owning_group) if preview.owning_group else None,
            start_date=preview.start_date,
            end_date=preview.end_date,
            rating_scale=preview.scale,
        )
        periods = self._create_periods(plan)
        if self.preview.existing_plan:
            actions = self._existing_actions(plan)
        else:
            actions = self._create_actions(plan)
        self._create_updates(plan, actions, periods)
        return plan

    def _create_people_and_groups(self) -> None:
        """The groups, people and memberships the plan names that do not exist yet, through the
        governance write layer."""
        for short_name in self.preview.new_groups:
            save_group(
                None, by=self.by, expected_version=0, reason=self.reason, name=short_name,
                short_name=short_name, kind=Group._meta.get_field("kind").get_default(),
                organisation=None, reports_to=[], terms_of_reference="",
            )  # fmt: skip
        for name in self.preview.new_people:
            save_person(
                None, by=self.by, expected_version=0, reason=self.reason, name=name,
                job_title="", organisation=None, email="", phone="", user=None,
            )  # fmt: skip
        self.groups = {group.short_name.casefold(): group for group in Group.objects.all()}
        self.people = {person.name.casefold(): person for person in Person.objects.all()}
        memberships = set(Membership.objects.values_list("person_id", "group_id"))
        for action in self.preview.actions():
            for lead in action.leads:
                if not (lead.person and lead.group):
                    continue
                person, group = self._person(lead.person), self._group(lead.group)
                if (person.pk, group.pk) not in memberships:
                    memberships.add((person.pk, group.pk))
                    add_membership(
                        group, person, role=Membership.Role.MEMBER, by=self.by, reason=self.reason
                    )

    def _create(self, model: type[M], **fields: object) -> M:
        """A row of the plan, made and attributed as every row of this write."""
        return create_tracked(model, by=self.by, reason=self.reason, **fields)

    def _person(self, name: str) -> Person:
        return self.people[name.casefold()]

    def _group(self, short_name: str) -> Group:
        return self.groups[short_name.casefold()]

    def _create_periods(self, plan: Plan) -> dict[str, ReportingPeriod]:
        periods = {period.label: period for period in plan.periods.all()}
        for parsed in self.preview.new_periods():
            periods[parsed.label] = self._create(
                ReportingPeriod,
                plan=plan,
                label=parsed.label,
                short_label=parsed.short_label,
                start_date=parsed.start_date,
                end_date=parsed.end_date,
                is_closed=parsed.is_closed,
                review_meeting=parsed.review_meeting,
            )
        return periods

    def _existing_actions(self, plan: Plan) -> dict[int, Action]:
        by_reference = {
            (action.theme.heading, action.full_reference): action
            for action in plan.actions().select_related("theme", "parent")
        }
        return {
            parsed.row: by_reference[(theme.heading, parsed.full_reference)]
            for theme in self.preview.themes
            for parent in theme.actions
            for parsed in (parent, *parent.children)
        }

    def _create_actions(self, plan: Plan) -> dict[int, Action]:
        actions: dict[int, Action] = {}
        top_level: list[tuple[ParsedAction, Action]] = []
        for order, parsed_theme in enumerate(self.preview.themes, start=1):
            theme = self._create(
                Theme,
                plan=plan,
                number=parsed_theme.number,
                title=parsed_theme.title,
                objective=parsed_theme.objective,
                narrative=parsed_theme.narrative,
                order=order,
            )
            top_level += [
                (parsed, self._action(parsed, theme, None, position))
                for position, parsed in enumerate(parsed_theme.actions, start=1)
            ]
        self._bulk_create([action for _parsed, action in top_level])
        children: list[tuple[ParsedAction, Action]] = []
        for parsed, action in top_level:
            actions[parsed.row] = action
            children += [
                (child, self._action(child, action.theme, action, position))
                for position, child in enumerate(parsed.children, start=1)
            ]
        self._bulk_create([action for _parsed, action in children])
        for parsed, action in [*top_level, *children]:
            actions[parsed.row] = action
            co_leads = [self._person(lead.person) for lead in parsed.leads[1:]]
            if co_leads:
                with attributed(action, by=self.by, reason=self.reason):
                    action.co_leads.set(co_leads)
        return actions

    def _action(
        self, parsed: ParsedAction, theme: Theme, parent: Action | None, order: int
    ) -> Action:
        lead = parsed.leads[0] if parsed.leads else None
        return Action(
            theme=theme,
            parent=parent,
            reference=parsed.reference,
            description=parsed.description,
            lead_person=self._person(lead.person) if lead and lead.person else None,
            lead_group=self._group(lead.group) if lead and lead.group else None,
            due_date=parsed.due_date,
            due_date_precision=parsed.precision,
            due_date_note=parsed.due_date_note,
            status=parsed.status,
            source=parsed.source,
            order=order,
        )

    def _bulk_create(self, objects: list[Action] | list[ProgressUpdate]) -> None:
        bulk_create_tracked(objects, by=self.by, reason=self.reason)

    def _create_updates(
        self, plan: Plan, actions: dict[int, Action], periods: dict[str, ReportingPeriod]
    ) -> None:
        new_labels = [period.label for period in self.preview.new_periods()]
        # A sheet's Progress column is the narrative of the latest review it rates, and of no
        # other (see `progress_of`, which reads it back): written there only if that review is
        # new, and only if it is not the progress the plan already shows (a sheet exported from
        # the plan carries it), which nobody wrote for the new review.
        periods_in_file = [period.label for period in self.preview.periods]
        latest = periods_in_file[-1] if periods_in_file else None
        shown = self._progress_shown(plan)
        updates = []
        for parsed in self.preview.actions():
            action = actions[parsed.row]
            for label in new_labels:
                rating = parsed.ratings.get(label, "")
                written = label == latest and parsed.progress != shown.get(action.pk, "")
                narrative = parsed.progress if written else ""
                if rating or narrative:
                    updates.append(
                        ProgressUpdate(
                            action=action,
                            period=periods[label],
                            rating=rating,
                            narrative=narrative,
                            scale=plan.rating_scale,
                        )
                    )
        self._bulk_create(updates)

    def _progress_shown(self, plan: Plan) -> dict[int, str]:
        """The Progress the plan shows now for each of its actions (none for a new plan)."""
        if not self.preview.existing_plan:
            return {}
        updates = ProgressUpdate.objects.filter(action__theme__plan=plan).order_by(
            "action_id", "period__start_date"
        )
        by_action: dict[int, list[ProgressUpdate]] = {}
        for update in updates:
            by_action.setdefault(update.action_id, []).append(update)
        return {pk: progress_of(action_updates) for pk, action_updates in by_action.items()}


@transaction.atomic
def open_period(
    plan: Plan,
    *,
    by: User,
    label: str,
    short_label: str,
    start_date: datetime.date,
    end_date: datetime.date,
    review_meeting: Meeting | None = None,
) -> ReportingPeriod:
    """Add a review period to a plan, open for ratings."""
    return create_tracked(
        ReportingPeriod,
        by=by,
        reason="Review period opened",
        plan=plan,
        label=label,
        short_label=short_label,
        start_date=start_date,
        end_date=end_date,
        review_meeting=review_meeting,
    )


@transaction.atomic
def set_review_meeting(
    period: ReportingPeriod, *, by: User, meeting: Meeting | None
) -> ReportingPeriod:
    """Say at which meeting a period is reviewed (the day it is reported on, see
    `ReportingPeriod.reported_on`), or that it is not yet known."""
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if current.review_meeting_id != (meeting.pk if meeting else None):
        current.review_meeting = meeting
        save_tracked(current, by=by, reason="Review meeting set", update_fields=["review_meeting"])
    return current


@transaction.atomic
def set_period_closed(period: ReportingPeriod, *, by: User, closed: bool, reason: str = "") -> None:
    """Close a period (its ratings are final: only coordinators change them, with a reason)."""
    current = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if current.is_closed == closed:
        return
    current.is_closed = closed
    default = "Review period closed" if closed else "Review period reopened"
    save_tracked(current, by=by, reason=reason or default, update_fields=["is_closed"])
