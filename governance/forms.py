"""The forms that manage the governance structure, one per task, in the GOV.UK voice."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from cseplan.lib.forms import BaseForm, ModelMultipleChoiceField
from governance.models import Group, Meeting, Membership, Organisation, Person


class GroupForm(BaseForm):
    """Add or change a group: its names, kind, host, reporting line and terms of reference."""

    submit_label = "Save the group"

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the group's name"}
    )
    short_name = forms.CharField(
        label="Short name",
        max_length=40,
        help_text="As the plan writes it, such as CSECAG or WGAP.",
        error_messages={"required": "Enter the group's short name"},
    )
    kind = forms.ChoiceField(
        label="Kind of group",
        choices=Group.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of group"},
    )
    organisation = forms.ModelChoiceField(
        label="Host organisation (optional)",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Cross-agency: no host",
    )
    reports_to = ModelMultipleChoiceField(
        label="Reports to",
        queryset=Group.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select every group it reports to. A board usually reports to none.",
    )
    terms_of_reference = forms.CharField(
        label="Terms of reference (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args: Any, group: Group | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if group is not None:
            self.fields["reports_to"].queryset = Group.objects.exclude(pk=group.pk)

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.text("short_name", field_width=10),
            Field.radios("kind", legend_size=Size.SMALL),
            "organisation",
            Field.checkboxes("reports_to", legend_size=Size.SMALL, small=True),
            Field.textarea("terms_of_reference", rows=6),
        ]

    @staticmethod
    def initial_for(group: Group) -> dict[str, Any]:
        """The form's starting values for a group."""
        return {
            "name": group.name,
            "short_name": group.short_name,
            "kind": group.kind,
            "organisation": group.organisation,
            "reports_to": list(group.reports_to.all()),
            "terms_of_reference": group.terms_of_reference,
        }


class PersonForm(BaseForm):
    """Add or change a person: name, job title, organisation and contact details."""

    submit_label = "Save the person"

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label="Organisation (optional)",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="None recorded",
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.text("job_title"),
            "organisation",
            Field.text("email", spellcheck=False),
            Field.text("phone", field_width=20),
        ]

    @staticmethod
    def initial_for(person: Person) -> dict[str, Any]:
        """The form's starting values for a person."""
        fields = ("name", "job_title", "organisation", "email", "phone")
        return {name: getattr(person, name) for name in fields}


class OrganisationForm(BaseForm):
    """Add or change an organisation of the partnership."""

    submit_label = "Save the organisation"

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the organisation's name"}
    )
    short_name = forms.CharField(label="Short name (optional)", max_length=40, required=False)
    kind = forms.ChoiceField(
        label="Kind of organisation",
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of organisation"},
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a website address, like https://www.example.org"},
    )

    def layout_fields(self) -> list[Any]:
        return [
            Field.text("name"),
            Field.text("short_name", field_width=10),
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("website"),
        ]

    @staticmethod
    def initial_for(organisation: Organisation) -> dict[str, Any]:
        """The form's starting values for an organisation."""
        return {
            name: getattr(organisation, name) for name in ("name", "short_name", "kind", "website")
        }


class MembershipForm(BaseForm):
    """Add a person to a group with their role there."""

    submit_label = "Add the member"

    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.all(),
        empty_label="Select a person",
        error_messages={"required": "Select the person to add"},
    )
    role = forms.ChoiceField(
        label="Role in the group",
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's role in the group"},
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["person"].queryset = Person.objects.exclude(memberships__group=group)

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


class MeetingForm(BaseForm):
    """Add or change a group's meeting: when and where, who attended, the minutes and decisions."""

    submit_label = "Save the meeting"

    date = MeetingDateField(label="Date of the meeting", help_text="For example, 25 2 2013")
    title = forms.CharField(
        label="Title (optional)",
        max_length=200,
        required=False,
        help_text="Such as CSECAG quarterly meeting.",
    )
    location = forms.CharField(label="Location (optional)", max_length=200, required=False)
    members = ModelMultipleChoiceField(
        label="Members who attended",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others = ModelMultipleChoiceField(
        label="Others who attended",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People who are not members of the group, such as officers presenting a report.",
    )
    minutes = forms.CharField(
        label="Minutes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    decisions = forms.CharField(
        label="Decisions (optional)", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Person.objects.filter(memberships__group=group)
        self.fields["others"].queryset = Person.objects.exclude(memberships__group=group)
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
        ]

    def attendees(self) -> list[Person]:
        """Everyone ticked, members and others alike."""
        return [*self.cleaned_data["members"], *self.cleaned_data["others"]]

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        """The form's starting values for a meeting."""
        attendees = list(meeting.attendees.all())
        return {
            "date": meeting.date,
            "title": meeting.title,
            "location": meeting.location,
            "members": attendees,
            "others": attendees,
            "minutes": meeting.minutes,
            "decisions": meeting.decisions,
        }
