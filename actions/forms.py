"""Forms of the plan, one per user task."""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import Any

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.validators import validate_slug
from django.db.models import Q
from django.utils import timezone

from actions.history import Filters, Kind
from actions.importing import max_upload_bytes
from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod, Theme
from actions.ratings import RatingScale
from actions.snapshot import PlanSnapshot
from cseplan.lib.dates import parse_as_at
from cseplan.lib.forms import BaseForm, BaseModelForm
from governance.models import Group, Meeting, Person, User


class ImportPlanForm(BaseForm):
    """Upload a spreadsheet to import as a new plan, or as new periods of an existing one."""

    submit_label = "Upload and preview"

    file = forms.FileField(
        label="Spreadsheet",
        help_text="A CSV file or an Excel workbook (.xlsx) in the layout of the import guide, "
        "smaller than 5 MB.",
        error_messages={"required": "Select a CSV or Excel file", "empty": "The file is empty"},
    )
    slug = forms.CharField(
        label="Short name of the plan",
        max_length=60,
        validators=[validate_slug],
        help_text="Letters, numbers and hyphens, such as cse-2014-16. If a plan already has this "
        "short name, the file's new review periods are added to it.",
        error_messages={
            "required": "Enter a short name for the plan",
            "invalid": "Enter a short name using only letters, numbers and hyphens",
        },
    )
    title = forms.CharField(
        label="Title of a new plan (optional)",
        max_length=300,
        required=False,
        help_text="Leave empty to use the file name.",
    )
    scale = forms.ChoiceField(
        label="Rating scale of a new plan",
        choices=[("", "Work it out from the ratings in the file"), *RatingScale.choices],
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = max_upload_bytes() // (1024 * 1024)
        self.fields["file"].help_text = self.fields["file"].help_text.replace("5 MB", f"{limit} MB")
        self.fields["file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if PurePath(upload.name).suffix.lower() not in {".csv", ".xlsx"}:
            raise forms.ValidationError(
                "The selected file must be a CSV or an Excel workbook (.xlsx)"
            )
        if upload.size > max_upload_bytes():
            limit = max_upload_bytes() // (1024 * 1024)
            raise forms.ValidationError(f"The selected file must be smaller than {limit} MB")
        return upload


def rating_choices(plan: Plan) -> list[tuple[str, str]]:
    """The plan's ratings as radio choices, letter and words, then "Not rated"."""
    return [(o.value, f"{o.words} ({o.letter})") for o in plan.rating_options()] + [
        ("", "Not rated")
    ]


class ProgressUpdateForm(BaseModelForm):
    """Set one action's rating and progress for one review period."""

    submit_label = "Save rating and progress"

    reason = forms.CharField(
        label="Reason for changing a closed period",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This review is closed. The reason is kept in the plan's history.",
        error_messages={"required": "Give the reason for changing a rating of a closed period"},
    )

    class Meta:
        model = ProgressUpdate
        fields = ["rating", "narrative", "version"]
        widgets = {
            "rating": forms.RadioSelect,
            "narrative": forms.Textarea(attrs={"rows": 8}),
            "version": forms.HiddenInput,
        }
        help_texts = {
            "rating": "How the action stands at this review.",
            "narrative": "What has happened since the last review, and what happens next.",
        }

    def __init__(self, *args: Any, plan: Plan, period: ReportingPeriod, **kwargs: Any) -> None:
        # Only a closed period asks for a reason (set before the helper lays out the fields).
        self.asks_reason = period.is_closed
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = rating_choices(plan)
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        if self.asks_reason:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def layout_fields(self) -> list[Any]:
        return [name for name in self.fields if name != "reason" or self.asks_reason]

    def clean_narrative(self) -> str:
        return self.cleaned_data["narrative"].replace("\r\n", "\n").strip()

    def _post_clean(self) -> None:
        # The write layer checks the update (with the action and period this form leaves out).
        pass


class DueDateField(DateInputField):
    """A GOV.UK date input where the day may be left empty for a month, such as June 2013."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(require_all_fields=False, **kwargs)
        day, month, year = self.fields
        day.required = False
        month.error_messages["incomplete"] = "Enter the month of the due date"
        year.error_messages["incomplete"] = "Enter the year of the due date"
        self.error_messages["incomplete"] = "Enter the month and year of the due date"

    def compress(self, data_list: list[str]) -> tuple[int | None, int, int] | None:
        """The day (None for a month), month and year; checked as a date by the form."""
        if not data_list or not any(data_list):
            return None
        day, month, year = data_list
        try:
            return (int(day) if day else None, int(month), int(year))
        except ValueError:  # digits only, but more of them than int() converts
            raise forms.ValidationError("The due date must be a real date") from None


def due_date_from_parts(form: forms.Form, cleaned: dict[str, Any]) -> None:
    """Turn the date input's day (may be empty), month and year into a date and its precision."""
    parts = cleaned.get("due_date")
    cleaned["due_date_precision"] = Action.Precision.DAY
    if not parts:
        return
    day, month, year = parts
    try:
        cleaned["due_date"] = datetime.date(year, month, day or 1)
    except (ValueError, OverflowError):
        form.add_error("due_date", "The due date must be a real date")
        return
    if not 2000 <= year <= 2100:
        form.add_error("due_date", "The year of the due date must be a year such as 2013")
    if day is None:
        cleaned["due_date_precision"] = Action.Precision.MONTH


class DueDateChangeForm(BaseForm):
    """Revise an action's due date, giving the reason."""

    submit_label = "Save the new due date"

    due_date = DueDateField(
        label="New due date",
        required=False,
        help_text="For example, 30 9 2013. Leave the day empty for a month, such as 9 2013 for "
        "September 2013. A coordinator can remove the due date by leaving all three empty.",
    )
    reason = forms.CharField(
        label="Why is the due date changing?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Reviewers read this in the plan's history.",
        error_messages={"required": "Give the reason for changing the due date"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        due_date_from_parts(self, cleaned)
        return cleaned


class ActionEditForm(BaseModelForm):
    """Change an action's description, lead, due date and status."""

    submit_label = "Save the action"

    due_date = DueDateField(
        label="Due date",
        required=False,
        help_text="For example, 30 6 2013. Leave the day empty for a month, such as 6 2013 for "
        "June 2013. Leave all empty if there is no due date.",
    )
    reason = forms.CharField(
        label="Reason for the change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you change the due date or withdraw the action; kept in the plan's "
        "history for reviewers.",
    )

    class Meta:
        model = Action
        fields = ["description", "lead_person", "lead_group", "due_date", "status", "version"]
        labels = {"description": "Action"}
        help_texts = {"lead_group": "A person and a group together read as Joanna Williams (WGAP)."}
        error_messages = {"description": {"required": "Enter what the action is"}}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
            "version": forms.HiddenInput,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["due_date"] = due_date_parts(self.instance)
        self.fields["lead_person"].empty_label = "No person"
        self.fields["lead_group"].empty_label = "No group"
        self.fields["lead_person"].queryset = Person.objects.order_by("name")
        self.fields["lead_group"].queryset = Group.objects.order_by("short_name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        due_date_from_parts(self, cleaned)
        return cleaned

    def _post_clean(self) -> None:
        # The write layer checks the action, against the version saved now; the form's instance
        # is the page's, and stays as it was.
        pass


def due_date_parts(action: Action) -> tuple[int | None, int, int] | None:
    """The action's due date as the date input shows it: no day for a month."""
    due = action.due_date
    if due and action.due_date_precision == Action.Precision.MONTH:
        return (None, due.month, due.year)
    return (due.day, due.month, due.year) if due else None


class PlanFilterForm(forms.Form):
    """Narrow the plan page down; the filters are in the address, so a view can be shared."""

    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False, empty_label="All")
    lead = forms.ModelChoiceField(
        label="Lead person", queryset=Person.objects.none(), required=False, empty_label="All"
    )
    group = forms.ModelChoiceField(
        label="Lead group", queryset=Group.objects.none(), required=False, empty_label="All"
    )
    period = forms.ModelChoiceField(
        label="Review",
        queryset=ReportingPeriod.objects.none(),
        required=False,
        empty_label="The current review",
    )
    rating = forms.ChoiceField(label="Rating", required=False)
    status = forms.ChoiceField(choices=[("", "All"), *Action.Status.choices], required=False)
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["theme"].queryset = plan.themes.all()
        self.fields["theme"].label_from_instance = lambda theme: theme.heading
        actions = Action.objects.filter(theme__plan=plan)
        self.fields["lead"].queryset = (
            Person.objects.filter(Q(actions_led__in=actions) | Q(actions_co_led__in=actions))
            .distinct()
            .order_by("name")
        )
        self.fields["group"].queryset = Group.objects.filter(actions_led__in=actions).distinct()
        self.fields["period"].queryset = plan.periods.all()
        self.fields["rating"].choices = [
            ("", "Any rating"),
            *[(o.value, f"{o.words} ({o.letter})") for o in plan.rating_options()],
            ("none", "Not rated"),
        ]

    def is_filtering(self) -> bool:
        """Whether any filter is set."""
        return self.is_valid() and any(self.cleaned_data.values())

    def apply(self, snapshot: PlanSnapshot, *, today: datetime.date) -> list[Action]:
        """The actions that pass every filter, with the parents of matching sub-actions kept."""
        actions = snapshot.actions
        if not self.is_valid():
            return actions
        data = self.cleaned_data
        parents = snapshot.parent_ids()
        matching = [
            action
            for action in actions
            # A parent carries no rating: it shows when one of its sub-actions matches.
            if not (data["rating"] and action.pk in parents)
            and self._matches(action, snapshot, data, today)
        ]
        keep = {action.pk for action in matching} | {a.parent_id for a in matching if a.parent_id}
        return [action for action in actions if action.pk in keep]

    def _matches(
        self, action: Action, snapshot: PlanSnapshot, data: dict[str, Any], today: datetime.date
    ) -> bool:
        if data["theme"] and action.theme_id != data["theme"].pk:
            return False
        if data["lead"] and data["lead"].pk not in {
            action.lead_person_id,
            *(person.pk for person in snapshot.co_leads.get(action.pk, [])),
        }:
            return False
        if data["group"] and action.lead_group_id != data["group"].pk:
            return False
        if data["status"] and action.status != data["status"]:
            return False
        if data["overdue"] and not action.is_overdue(today):
            return False
        if data["rating"]:
            # A rating is always "in a period": the one chosen, else the current review.
            period = data["period"] or self.plan.current_period(today)
            update = snapshot.rating(action, period) if period else None
            rating = update.rating if update else ""
            if rating != ("" if data["rating"] == "none" else data["rating"]):
                return False
        return True


class ChangeLogFilterForm(forms.Form):
    """Narrow the change log: by person, dates, review, theme, action or kind of change."""

    person = forms.ModelChoiceField(
        label="Changed by", queryset=User.objects.none(), required=False, empty_label="Anyone"
    )
    since = forms.CharField(
        label="From", required=False, help_text="For example, 1/4/2013", max_length=10
    )
    until = forms.CharField(
        label="To", required=False, help_text="For example, 30/6/2013", max_length=10
    )
    period = forms.ModelChoiceField(
        label="Review", queryset=ReportingPeriod.objects.none(), required=False, empty_label="Any"
    )
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False, empty_label="All")
    action = forms.ModelChoiceField(
        queryset=Action.objects.none(), required=False, empty_label="All"
    )
    kind = forms.ChoiceField(
        label="Kind of change", choices=[("", "All"), *Kind.choices], required=False
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.order_by("first_name", "last_name")
        self.fields["person"].label_from_instance = lambda user: user.display_name
        self.fields["period"].queryset = plan.periods.all()
        self.fields["theme"].queryset = plan.themes.all()
        self.fields["theme"].label_from_instance = lambda theme: theme.heading
        self.fields["action"].queryset = plan.actions().select_related("parent")
        self.fields["action"].label_from_instance = lambda action: (
            f"{action.full_reference} {action.description[:50]}"
        )

    def _date(self, name: str) -> datetime.date | None:
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        moment = parse_as_at(text)
        if moment is None:
            self.add_error(name, "Enter a real date, such as 30/6/2013")
            return None
        return moment.date()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["since_date"] = self._date("since")
        cleaned["until_date"] = self._date("until")
        return cleaned

    def filters(self) -> Filters:
        """The filters chosen; none for an invalid form (its errors are shown)."""
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        since = until = None
        if data["since_date"]:
            since = timezone.make_aware(
                datetime.datetime.combine(data["since_date"], datetime.time.min)
            )
        if data["until_date"]:
            until = parse_as_at(data["until_date"].isoformat())
        return Filters(
            person=data["person"],
            since=since,
            until=until,
            theme=data["theme"],
            action=data["action"],
            period=data["period"],
            kind=data["kind"],
        )


class RealDateField(DateInputField):
    """A GOV.UK date input whose message for 31 2 2013 is plain English, not Python's."""

    def compress(self, data_list: list[str]) -> datetime.date | None:
        day, month, year = data_list
        if not (day and month and year):
            # A part of only spaces passes the check for empty parts, then cleans to nothing.
            if any(data_list):
                raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise forms.ValidationError("Enter a real date") from None


def _review_meetings(field: forms.ModelChoiceField) -> None:
    """The meetings a review may be held at, newest first."""
    field.queryset = Meeting.objects.select_related("group").order_by("-date")
    field.empty_label = "Not yet known"


class ReviewMeetingForm(BaseModelForm):
    """Choose the meeting at which a review period is reviewed."""

    submit_label = "Save the meeting"

    class Meta:
        model = ReportingPeriod
        fields = ["review_meeting"]
        labels = {"review_meeting": "Meeting"}
        help_texts = {"review_meeting": "The plan as reported at this review is the plan as it "
                      "stood at the end of the meeting's day."}  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _review_meetings(self.fields["review_meeting"])


class PeriodForm(BaseModelForm):
    """Open a new review period: its label, dates and review meeting."""

    submit_label = "Open the review period"

    start_date = RealDateField(label="Start date", help_text="For example, 1 7 2013")
    end_date = RealDateField(label="End date", help_text="For example, 30 9 2013")

    class Meta:
        model = ReportingPeriod
        fields = ["label", "short_label", "start_date", "end_date", "review_meeting"]
        help_texts = {
            "label": "The month of the review, such as Jul 2013.",
            "short_label": "The column heading in the plan, such as J.",
        }
        error_messages = {
            "label": {"required": "Enter a label, such as Jul 2013"},
            "short_label": {"required": "Enter a short label, such as J"},
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, instance=ReportingPeriod(plan=plan), **kwargs)
        self.plan = plan
        _review_meetings(self.fields["review_meeting"])
        for name in ("start_date", "end_date"):
            self.fields[name].error_messages["required"] = f"Enter the {name.replace('_', ' ')}"
            self.fields[name].error_messages["incomplete"] = (
                f"Enter the {name.replace('_', ' ')} in full"
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date must be on or after the start date")
        label = cleaned.get("label")
        if label and self.plan.periods.filter(label=label).exists():
            self.add_error("label", "The plan already has a review period with this label")
        if start and self.plan.periods.filter(start_date=start).exists():
            self.add_error("start_date", "Another review period of the plan starts on this date")
        return cleaned
