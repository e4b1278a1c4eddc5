"""The plan: themes, numbered actions and sub-actions, reporting periods and progress updates."""

from __future__ import annotations

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.ratings import SCALE_OPTIONS, Rating, RatingOption, RatingScale, rating_option
from governance.models import Group, Meeting, Person

_LETTER_REFERENCE = re.compile(r"^[a-z]$")


class Plan(models.Model):
    """A multi-agency action plan, owned by a group and rated on one scale."""

    slug = models.SlugField(max_length=60, help_text="Short name used in addresses and commands.")
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    owning_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="plans"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    rating_scale = models.CharField(
        max_length=4, choices=RatingScale.choices, default=RatingScale.RAG
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                name="plan_slug_unique",
                violation_error_message="A plan with this short name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(rating_scale__in=[choice.value for choice in RatingScale]),
                name="plan_rating_scale_valid",
                violation_error_message="Select a rating scale from the list.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="plan_dates_in_order",
                violation_error_message="The plan's end date must be on or after its start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.pk and self.rating_scale != self._stored_rating_scale() and self.is_rated():
            raise ValidationError(
                {"rating_scale": "The rating scale cannot change once actions have been rated."}
            )

    def _stored_rating_scale(self) -> str:
        return Plan.objects.values_list("rating_scale", flat=True).get(pk=self.pk)

    def is_rated(self) -> bool:
        """Whether any action of the plan has a rating in any period."""
        return ProgressUpdate.objects.filter(action__theme__plan=self).exclude(rating="").exists()

    def rating_options(self) -> tuple[RatingOption, ...]:
        """The ratings of the plan's scale, best first, for keys and forms."""
        return SCALE_OPTIONS[self.rating_scale]

    def actions(self) -> models.QuerySet[Action]:
        """Every action of the plan, sub-actions included, in document order."""
        return Action.objects.filter(theme__plan=self).in_document_order()

    def current_period(self, today: datetime.date | None = None) -> ReportingPeriod | None:
        """The latest period that has begun by today, or the first one if none has."""
        today = today or timezone.localdate()
        periods = list(self.periods.all())
        started = [period for period in periods if period.start_date <= today]
        if started:
            return started[-1]
        return periods[0] if periods else None


def _unique_in_plan(
    field: str, name: str, message: str, **options: object
) -> models.UniqueConstraint:
    """A value that only one row of a plan may have (`options` such as a condition)."""
    return models.UniqueConstraint(
        fields=["plan", field], name=name, violation_error_message=message, **options
    )


class Theme(models.Model):
    """A theme of a plan, with its objective and narrative, such as 1. Prevention & Response."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    number = models.CharField(
        max_length=10, blank=True, help_text="Leave empty for an unnumbered theme."
    )
    title = models.CharField(max_length=300)
    objective = models.TextField(blank=True)
    narrative = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            _unique_in_plan(
                "number",
                "theme_number_unique_in_plan",
                "Another theme of this plan has this number.",
                condition=~Q(number=""),
            ),
            _unique_in_plan(
                "title", "theme_title_unique_in_plan", "Another theme of this plan has this title."
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        """The theme as the document heads it: `1. Prevention & Response`."""
        return f"{self.number}. {self.title}" if self.number else self.title


class DueDatePrecision(models.TextChoices):
    """How precise a due date is: `30/06/2013` or `June 2012`."""

    DAY = "day", "Day"
    MONTH = "month", "Month"


class ActionStatus(models.TextChoices):
    """Where an action stands; only open actions can be overdue."""

    OPEN = "open", "Open"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ActionQuerySet(models.QuerySet["Action"]):
    """Questions about many actions at once."""

    def led_by(self, person: Person | int | OuterRef | None) -> ActionQuerySet:
        """The actions the person leads: as the lead person, a co-lead, or a member of the lead
        group. This is the one statement of who leads an action; `person` may be an OuterRef."""
        if person is None:
            return self.none()
        return self.filter(
            Q(lead_person=person) | Q(co_leads=person) | Q(lead_group__memberships__person=person)
        ).distinct()

    def in_document_order(self) -> ActionQuerySet:
        """Plan by plan (by title), in the order of each plan's document: themes, then actions
        with their sub-actions after them."""
        return self.annotate(top_order=Coalesce("parent__order", "order")).order_by(
            "theme__plan__title",
            "theme__order",
            "top_order",
            F("parent").asc(nulls_first=True),
            "order",
        )


class Action(models.Model):
    """A numbered action of a theme, or a lettered sub-action of a parent action."""

    Precision = DueDatePrecision
    Status = ActionStatus

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="actions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    reference = models.CharField(
        max_length=20,
        help_text="`1.2` for a numbered action, a letter such as `a` for a sub-action.",
    )
    description = models.TextField()
    lead_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_led"
    )
    lead_group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_led"
    )
    co_leads = models.ManyToManyField(
        Person,
        blank=True,
        related_name="actions_co_led",
        help_text="Further people who lead the action with the lead (`Name / Name` in a plan).",
    )
    due_date = models.DateField(
        null=True, blank=True, help_text="For month precision, the first day of the month."
    )
    due_date_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    due_date_note = models.CharField(
        max_length=200, blank=True, help_text="What the plan says about the date, if not a date."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(
        max_length=200, blank=True, help_text="Where the action came from, such as the OCC report."
    )
    order = models.PositiveIntegerField(default=0)
    # Raised by every saved edit, so that a form based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[co_leads])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["theme__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "reference"],
                condition=Q(parent__isnull=True),
                name="action_reference_unique_in_theme",
                violation_error_message="Another action of this theme has this reference.",
            ),
            models.UniqueConstraint(
                fields=["parent", "reference"],
                condition=Q(parent__isnull=False),
                name="action_reference_unique_in_parent",
                violation_error_message="Another sub-action of this action has this reference.",
            ),
            models.CheckConstraint(
                condition=Q(due_date_precision__in=DueDatePrecision.values),
                name="action_due_date_precision_valid",
                violation_error_message="A due date is precise to the day or to the month.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values),
                name="action_status_valid",
                violation_error_message="Select a status from the list.",
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=F("pk")),
                name="action_not_its_own_parent",
                violation_error_message="An action cannot be a sub-action of itself.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_reference} {self.description}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.due_date and self.due_date_precision == self.Precision.MONTH:
            self.due_date = self.due_date.replace(day=1)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.parent_id and self.parent.theme_id != self.theme_id:
            raise ValidationError(
                {"parent": "A sub-action must be in the same theme as its parent."}
            )
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "A sub-action cannot have sub-actions of its own."})

    @property
    def is_lettered(self) -> bool:
        """Whether the reference is a letter, shown as `a)`."""
        return bool(_LETTER_REFERENCE.match(self.reference))

    @property
    def display_reference(self) -> str:
        """The reference as the document prints it: `1.2` or `a)`."""
        return f"{self.reference})" if self.is_lettered else self.reference

    @property
    def full_reference(self) -> str:
        """The reference that names the action alone in its plan: `1.2a`, `2.4`, `a)`."""
        if self.parent_id:
            return f"{self.parent.reference}{self.reference}"
        return self.display_reference

    @property
    def main_lead_display(self) -> str:
        """The lead without co-leads: `Martin Hillier`, `CSECAG`, `Joanna Williams (WGAP)`."""
        if self.lead_person and self.lead_group:
            return f"{self.lead_person.name} ({self.lead_group.short_name})"
        if self.lead_person:
            return self.lead_person.name
        if self.lead_group:
            return self.lead_group.short_name
        return ""

    @property
    def lead_display(self) -> str:
        """The lead as the plan writes it, co-leads following in name order after ` / `."""
        names = [self.main_lead_display] if self.main_lead_display else []
        names += [person.name for person in self.co_leads.all()]
        return " / ".join(names)

    @property
    def due_date_display(self) -> str:
        """The due date at its precision: `30/06/2013` or `June 2012`."""
        if not self.due_date:
            return self.due_date_note
        if self.due_date_precision == self.Precision.MONTH:
            return f"{self.due_date:%B %Y}"
        return f"{self.due_date:%d/%m/%Y}"

    @property
    def effective_due_date(self) -> datetime.date | None:
        """The last day the action is on time: the end of the month for month precision."""
        if not self.due_date:
            return None
        if self.due_date_precision == self.Precision.MONTH:
            last_day = calendar.monthrange(self.due_date.year, self.due_date.month)[1]
            return self.due_date.replace(day=last_day)
        return self.due_date

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Past its due date and neither completed nor withdrawn."""
        due = self.effective_due_date
        if due is None or self.status != self.Status.OPEN:
            return False
        return due < (today or timezone.localdate())

    def is_parent(self) -> bool:
        """Whether the action groups sub-actions (and so carries no lead, date or rating)."""
        return self.children.exists()

    def is_led_by(self, person: Person | None) -> bool:
        """Whether the person leads the action (see `ActionQuerySet.led_by`)."""
        return Action.objects.led_by(person).filter(pk=self.pk).exists()

    def updates_by_period(self) -> list[ProgressUpdate]:
        """The action's updates in period order (uses prefetched updates when present)."""
        return sorted(self.updates.all(), key=lambda update: update.period.start_date)

    def latest_update(self) -> ProgressUpdate | None:
        """The update of the latest period the action has one for."""
        updates = self.updates_by_period()
        return updates[-1] if updates else None

    def latest_progress(self) -> str:
        """The plan's Progress column for the action (see `progress_of`)."""
        return progress_of(self.updates_by_period())


class ReportingPeriod(models.Model):
    """A plan's quarterly review period, such as `Jul 2012` (short label `J`)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    label = models.CharField(max_length=40)
    short_label = models.CharField(max_length=4)
    start_date = models.DateField()
    end_date = models.DateField()
    review_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="periods_reviewed",
    )
    is_closed = models.BooleanField(
        default=False, help_text="Only coordinators can change a closed period's ratings."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "start_date"]
        constraints = [
            _unique_in_plan(
                "label",
                "period_label_unique_in_plan",
                "Another period of this plan has this label.",
            ),
            _unique_in_plan(
                "start_date",
                "period_start_unique_in_plan",
                "Another period of this plan starts on this date.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="period_dates_in_order",
                violation_error_message="A period must end on or after the day it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def contains(self, day: datetime.date) -> bool:
        """Whether the day falls within the period."""
        return self.start_date <= day <= self.end_date

    def reported_on(self) -> datetime.date:
        """The day the period's review was reported: its review meeting's, or else the period's
        last day. The plan "as reported at" the review is the plan at the end of that day, and
        the demo plan's ratings and narratives of the review are dated on it."""
        return self.review_meeting.date if self.review_meeting_id else self.end_date


def progress_of(updates: list[ProgressUpdate]) -> str:
    """The plan's Progress column: the narrative of the latest review that has one, from an
    action's updates in review order. A review nobody wrote a narrative for shows the last one
    written, as the plan's document does."""
    for update in reversed(updates):
        if update.narrative.strip():
            return update.narrative
    return ""


def _rating_valid_for_scale() -> Q:
    condition = Q()
    for scale, options in SCALE_OPTIONS.items():
        condition |= Q(scale=scale, rating__in=["", *[option.value for option in options]])
    return condition


class ProgressUpdate(models.Model):
    """An action's rating (blank if not rated) and progress narrative for one period."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="updates")
    rating = models.CharField(max_length=2, choices=Rating.choices, blank=True)
    # The plan's scale when the rating was made, kept here so the database can check the rating.
    scale = models.CharField(max_length=4, choices=RatingScale.choices)
    narrative = models.TextField("progress", blank=True)
    # Raised by every saved edit, so that a form based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["period__start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "period"],
                name="update_unique_per_action_and_period",
                violation_error_message="This action already has an update for this period.",
            ),
            models.CheckConstraint(
                condition=_rating_valid_for_scale(),
                name="update_rating_valid_for_scale",
                violation_error_message="Select a rating from the plan's rating scale.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action.full_reference}, {self.period}: {self.rating or 'not rated'}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.scale:
            self.scale = self.action.theme.plan.rating_scale
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # A form missing either has already said so; there is nothing to compare.
        if self.period_id is None or self.action_id is None:
            return
        if self.period.plan_id != self.action.theme.plan_id:
            raise ValidationError({"period": "The period must belong to the action's plan."})

    def rating_option(self) -> RatingOption | None:
        """How the rating looks (letter, words, colour), or None when not rated."""
        return rating_option(self.scale, self.rating)


class PlanImport(models.Model):
    """A spreadsheet uploaded for import, kept between its preview and its confirmation."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        IMPORTED = "imported", "Imported"
        DISCARDED = "discarded", "Discarded"

    uploaded_by = models.ForeignKey(
        "governance.User", on_delete=models.PROTECT, related_name="plan_imports"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    filename = models.CharField(max_length=255)
    # Cleared once the import is confirmed or discarded: the plan's own tables then hold the data.
    content = models.BinaryField(blank=True)
    slug = models.SlugField(max_length=60)
    title = models.CharField(max_length=300, blank=True)
    scale = models.CharField(max_length=4, choices=RatingScale.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display().lower()})"


class Reminder(models.Model):
    """A reminder e-mail sent to a person about the actions they still have to rate in a period."""

    class Kind(models.TextChoices):
        OPENED = "opened", "When the period is open"
        BEFORE_MEETING = "before_meeting", "Before the review meeting"

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    email = models.EmailField()
    action_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "person", "kind"],
                name="reminder_once_per_period_person_and_kind",
                violation_error_message="This person has had this reminder for this period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.period}, {self.get_kind_display().lower()})"


class DataVersion(models.Model):
    """How many changes the data behind a scope's cached pages has had (actions/page_cache.py).

    A scope is one plan (`plan:ID`: its themes, periods, actions, ratings and co-leads) or the
    people and groups that every plan names (`people`). Not history: bookkeeping for the cache.
    """

    scope = models.CharField(max_length=40, unique=True)
    number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.number}"
