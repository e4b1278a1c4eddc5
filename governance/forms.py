"""The forms that manage the governance structure, one per task, in the GOV.UK voice.

Each edits a model, so labels, lengths and choices come from the model; Meta says only where the
page words a question differently. The forms do not save: the views pass `cleaned_data` to
`governance/services.py`, which validates the row and writes it with its history.
"""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from cseplan.lib.forms import BaseModelForm, ModelMultipleChoiceField
from governance.models import Group, Meeting, Membership, Organisation, Person, User


class _EditForm(BaseModelForm):
    """A form on a model that the write layer, not the form, checks and saves. A `version`
    field carries the version the page was opened at (0 for a new row)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.initial["version"] = self.instance.version if self.instance.pk else 0

    def clean_version(self) -> int:
        # Nobody else can have saved a row that is being added.
        return self.cleaned_data["version"] if self.instance.pk else 0

    def _post_clean(self) -> None:
        # The write layer validates the row as it will be saved; the form's instance is the
        # page's, and stays as it was.
        pass


class HttpsURLField(forms.URLField):
    """A web address, taken to be https:// when typed without a scheme."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(assume_scheme="https", **kwargs)


class GroupForm(_EditForm):
    """Add or change a group: its names, kind, host, reporting line and terms of reference."""

    submit_label = "Save the group"

    class Meta:
        model = Group
        fields = [
            "name",
            "short_name",
            "kind",
            "organisation",
            "reports_to",
            "terms_of_reference",
            "version",
        ]
        field_classes = {"reports_to": ModelMultipleChoiceField}
        widgets = {
            "kind": forms.RadioSelect,
            "reports_to": forms.CheckboxSelectMultiple,
            "terms_of_reference": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "kind": "Kind of group",
            "organisation": "Host organisation (optional)",
            "terms_of_reference": "Terms of reference (optional)",
        }
        help_texts = {
            "short_name": "As the plan writes it, such as CSECAG or WGAP.",
            "organisation": "",
            "reports_to": "Select every group it reports to. A board usually reports to none.",
        }
        error_messages = {
            "name": {"required": "Enter the group's name"},
            "short_name": {"required": "Enter the group's short name"},
            "kind": {"required": "Select the kind of group"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].empty_label = "Cross-agency: no host"
        if self.instance.pk is not None:
            self.fields["reports_to"].queryset = Group.objects.exclude(pk=self.instance.pk)

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.text("short_name", field_width=10),
            Field.radios("kind", legend_size=Size.SMALL),
            "organisation",
            Field.checkboxes("reports_to", legend_size=Size.SMALL, small=True),
            Field.textarea("terms_of_reference", rows=6),
            "version",
        ]


class PersonForm(_EditForm):
    """Add or change a person: name, job title, organisation and contact details."""

    submit_label = "Save the person"

    class Meta:
        model = Person
        fields = ["name", "job_title", "organisation", "email", "phone", "user", "version"]
        labels = {
            "user": "Sign-in account (optional)",
            "job_title": "Job title (optional)",
            "organisation": "Organisation (optional)",
            "email": "Email address (optional)",
            "phone": "Phone number (optional)",
        }
        error_messages = {
            "name": {"required": "Enter the person's name"},
            "email": {
                "invalid": "Enter an email address in the correct format, like name@example.com"
            },
        }
        help_texts = {
            "user": "The account that signs in as this person, and so may rate and update the "
            "actions they lead"
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].empty_label = "None recorded"
        account = self.fields["user"]
        account.empty_label = "None"
        account.queryset = User.objects.filter(is_active=True).order_by("username")
        account.label_from_instance = lambda user: f"{user.display_name} ({user.username})"

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.text("job_title"),
            "organisation",
            Field.text("email", spellcheck=False),
            Field.text("phone", field_width=20),
            "user",
            "version",
        ]


class OrganisationForm(_EditForm):
    """Add or change an organisation of the partnership."""

    submit_label = "Save the organisation"

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "website", "version"]
        field_classes = {"website": HttpsURLField}
        widgets = {"kind": forms.RadioSelect}
        labels = {
            "short_name": "Short name (optional)",
            "kind": "Kind of organisation",
            "website": "Website (optional)",
        }
        error_messages = {
            "name": {"required": "Enter the organisation's name"},
            "kind": {"required": "Select the kind of organisation"},
            "website": {"invalid": "Enter a website address, like https://www.example.org"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new organisation's kind is asked, not assumed (the model's default is "Other").
            self.initial["kind"] = None

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.text("short_name", field_width=10),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("website"),
            "version",
        ]


class MembershipForm(_EditForm):
    """Add a person to a group (the form's instance is the new membership) with their role."""

    submit_label = "Add the member"

    class Meta:
        model = Membership
        fields = ["person", "role"]
        widgets = {"role": forms.RadioSelect}
        labels = {"role": "Role in the group"}
        error_messages = {
            "person": {"required": "Select the person to add"},
            "role": {"required": "Select the person's role in the group"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].empty_label = "Select a person"
        self.fields["person"].queryset = Person.objects.exclude(
            memberships__group=self.instance.group
        )

    def layout_fields(self) -> list[Any]:
        return ["person", Field.radios("role", legend_size=Size.SMALL)]


class MeetingDateField(DateInputField):
    """A GOV.UK date input for a meeting's date, refusing impossible dates in plain words."""

    def __init__(self, **kwargs: Any) -> None:
        # Not all required together, so that a missing part is named rather than the whole date.
        super().__init__(require_all_fields=False, **kwargs)
        self.error_messages["required"] = "Enter the date of the meeting"
        self.error_messages["incomplete"] = "Enter the date of the meeting"
        day, month, year = self.fields
        day.error_messages["incomplete"] = "The date of the meeting must include a day"
        month.error_messages["incomplete"] = "The date of the meeting must include a month"
        year.error_messages["incomplete"] = "The date of the meeting must include a year"

    def compress(self, data_list: list[str]) -> datetime.date | None:
        if not data_list or not all(data_list):
            return None
        try:
            day, month, year = (int(part) for part in data_list)
        except ValueError:  # digits only, but more of them than int() converts
            raise ValidationError("The date of the meeting must be a real date") from None
        if year < 1000:
            raise ValidationError("The year of the meeting must be a year such as 2013")
        try:
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):
            raise ValidationError("The date of the meeting must be a real date") from None


class MeetingForm(_EditForm):
    """Add or change a group's meeting (the form's instance has its group): when and where, who
    attended, the minutes and decisions."""

    submit_label = "Save the meeting"

    date = MeetingDateField(label="Date of the meeting", help_text="For example, 25 2 2013")
    # Attendees, in two lists: the group's members, and everyone else.
    members = ModelMultipleChoiceField(
        queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    others = ModelMultipleChoiceField(
        label="Others who attended",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People who are not members of the group, such as officers presenting a report.",
    )

    class Meta:
        model = Meeting
        fields = [
            "date",
            "title",
            "location",
            "members",
            "others",
            "minutes",
            "decisions",
            "version",
        ]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {
            "title": "Title (optional)",
            "location": "Location (optional)",
            "minutes": "Minutes (optional)",
            "decisions": "Decisions (optional)",
        }
        help_texts = {"title": "Such as CSECAG quarterly meeting."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = self.instance.group
        self.fields["members"].queryset = Person.objects.filter(memberships__group=group)
        self.fields["others"].queryset = Person.objects.exclude(memberships__group=group)
        if self.instance.pk is not None:
            attendees = list(self.instance.attendees.all())
            self.initial.setdefault("members", attendees)
            self.initial.setdefault("others", attendees)
        # crispy-forms-gds marks labels and hints safe, so the group's name is escaped here.
        self.fields["members"].label = format_html("Members of {} who attended", group.short_name)
        if not self.fields["members"].queryset.exists():
            self.fields["members"].help_text = format_html(
                "{} has no members recorded yet.", group.short_name
            )

    def layout_fields(self) -> list[Any]:
        return [
            "date",
            Field.text("title"),
            Field.text("location"),
            Field.checkboxes("members", legend_size=Size.SMALL, small=True),
            Field.checkboxes("others", legend_size=Size.SMALL, small=True),
            Field.textarea("minutes", rows=8),
            Field.textarea("decisions", rows=5),
            "version",
        ]

    def clean(self) -> dict[str, Any]:
        """Add `attendees`: everyone ticked, members and others alike."""
        cleaned = super().clean()
        cleaned["attendees"] = [*cleaned.get("members", []), *cleaned.get("others", [])]
        return cleaned
