"""Forms of committee reports, one per task: writing a draft, its sub-headings, its appendices."""

from __future__ import annotations

import datetime
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import HTML, Field, Fieldset
from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import format_html, format_html_join

from actions.models import ReportingPeriod
from cseplan.lib.forms import BaseForm, BaseModelForm
from reporting.models import GENERATED, CommitteeReport, ReportAppendix, ReportImplication
from reporting.services import TEXT_FIELDS, ImplicationRow, ReportText, implications_version

PARAGRAPHS_HELP = "Paragraphs are separated by a blank line; they are numbered for you."


def generated_help() -> str:
    """What the information field's help says about generated material."""
    keys = ", ".join(GENERATED)
    return (
        f"{PARAGRAPHS_HELP} A paragraph that is only one of {keys} is replaced by generated "
        "material (see below)."
    )


def generated_details() -> str:
    """A GOV.UK details component that explains each piece of generated material."""
    rows = format_html_join(
        "",
        '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">'
        '<code class="app-code">{}</code></dt><dd class="govuk-summary-list__value">{}</dd></div>',
        GENERATED.items(),
    )
    return format_html(
        '<details class="govuk-details app-generated-help">'
        '<summary class="govuk-details__summary"><span class="govuk-details__summary-text">'
        "Generated tables and the chart</span></summary>"
        '<div class="govuk-details__text">'
        '<p class="govuk-body">Write one of these alone as a paragraph of any section, between '
        "blank lines, and the report shows the generated material in its place. It is not "
        "numbered. It follows the plan's ratings until the report is issued, and is then frozen "
        "with the report.</p>"
        '<dl class="govuk-summary-list govuk-!-margin-bottom-0">{}</dl></div></details>',
        rows,
    )


class ReportDateField(DateInputField):
    """An optional GOV.UK date input whose messages name the date, never in Python's words."""

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        super().__init__(require_all_fields=False, required=False, **kwargs)
        self.what = what
        for part, name in zip(self.fields, ("day", "month", "year"), strict=True):
            part.error_messages["incomplete"] = f"The {what} must include a {name}"
            part.validators = [RegexValidator(r"^[0-9]+$", f"The {what} must be a real date")]

    def compress(self, data_list: list[str]) -> datetime.date | None:
        """The date; one that does not exist, such as 31 February, is refused in plain words."""
        if not data_list or not any(data_list):
            return None
        day, month, year = data_list
        try:
            value = datetime.date(int(year), int(month), int(day))
        except (TypeError, ValueError, OverflowError):
            raise forms.ValidationError(f"The {self.what} must be a real date") from None
        if not 2000 <= value.year <= 2100:
            raise forms.ValidationError(f"The year of the {self.what} must be a year such as 2013")
        return value


def _heading(text: str) -> HTML:
    return HTML(format_html('<h2 class="govuk-heading-m app-form-heading">{}</h2>', text))


def _area(form: forms.Form, name: str) -> Field:
    """A textarea at the height its widget asks for (crispy-forms-gds would make it 10 rows)."""
    return Field.textarea(name, rows=form.fields[name].widget.attrs.get("rows", 5))


def _normalise(text: str) -> str:
    """A textarea's text with the browser's line endings made plain, as the report stores it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


# Rows of each textarea of the report, in the page's order.
_AREAS = {
    "purpose": 4, "information": 14, "other_options": 3, "reasons": 3, "statutory": 5,
    "recommendations": 3, "constitutional_comments": 3, "financial_comments": 3,
    "background_papers": 6, "background_note": 3, "electoral_divisions": 2,
}  # fmt: skip


def _shown(name: str, value: Any) -> str:
    """A field's value as the conflict panel shows it."""
    if value is None or value == "":
        return ""
    if isinstance(value, ReportingPeriod):
        return value.label
    if name in {"meeting_date", "financial_date"}:
        return dateformat.format(value, "j F Y")
    return str(value)


class ReportForm(BaseModelForm):
    """Write a draft report: its heading, sections, signatory, comments and papers."""

    submit_label = "Save the draft"

    meeting_date = ReportDateField(
        what="meeting date", label="Meeting date", help_text="For example, 15 7 2013."
    )
    financial_date = ReportDateField(
        what="date of the financial comments",
        label="Date of the financial comments",
        help_text="For example, 14 6 2013.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = CommitteeReport
        # The page's order: the review follows the meeting date.
        fields = [*TEXT_FIELDS[:4], "period", *TEXT_FIELDS[4:], "version"]
        # The page's words where they are not the model's.
        labels = {
            "period": "Review",
            "recommendations": "Recommendations",
            "signatory_name": "Signatory's name",
            "signatory_title": "Signatory's job title",
            "contact_name": "Contact officer's name",
            "contact_title": "Contact officer's job title",
            "contact_phone": "Contact officer's phone number",
            "contact_email": "Contact officer's email address",
            "financial_initials": "Initials of the finance officer",
            "background_papers": "Background papers and published documents",
            "background_note": "Note under the background papers",
        }
        help_texts = {
            "report_of": "Such as Service Director, Children's Social Care. The report reads "
            "“Report of the …”.",
            "period": "The review the report is about. Appendix 1 shows the plan at this review.",
            **dict.fromkeys(_AREAS, PARAGRAPHS_HELP),
            "information": generated_help(),
            "statutory": f"{PARAGRAPHS_HELP} Sub-headings such as Equalities Implications follow "
            "these paragraphs; they have a page of their own.",
            "recommendations": "One recommendation a line. They follow “That:” and are numbered "
            "1), 2) for you.",
            "financial_initials": "Shown after the heading with the date, such as (KLA 14/06/13).",
            "background_papers": "One paper a line: its title, then optionally “ | ” and its web "
            "address, such as Safeguarding children and young people from sexual exploitation | "
            "https://www.gov.uk/",
            "background_note": "Such as where the papers can be read.",
            "electoral_divisions": "Such as All.",
        }
        widgets = {name: forms.Textarea(attrs={"rows": rows}) for name, rows in _AREAS.items()}
        error_messages = {
            "title": {"required": "Enter the title of the report"},
            "report_of": {"required": "Enter whose report it is"},
            "committee": {"required": "Enter the committee the report goes to"},
            "period": {
                "required": "Select the review the report is about",
                "invalid_choice": "Select a review of this plan",
            },
            "contact_email": {
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "The email address must be 254 characters or fewer",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = self.instance.plan.periods.all()
        self.fields["period"].empty_label = None
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages.setdefault(
                    "max_length", f"{field.label} must be {field.max_length} characters or fewer"
                )
        # The browser's own check of the email address would show its words, not GOV.UK's.
        self.helper.attrs["novalidate"] = ""

    def layout_fields(self) -> list[Any]:
        implications_url = reverse("reporting:report_implications", args=[self.instance.pk])
        return [
            _heading("Heading"),
            Field.text("title"),
            Field.text("report_of"),
            Field.text("committee"),
            "meeting_date",
            Field.select("period"),
            _heading("Sections"),
            _area(self, "purpose"),
            _area(self, "information"),
            HTML(generated_details()),
            _area(self, "other_options"),
            _area(self, "reasons"),
            _area(self, "statutory"),
            HTML(
                format_html(
                    '<p class="govuk-body"><a class="govuk-link" href="{}">Change the '
                    "sub-headings of the statutory and policy implications</a></p>",
                    implications_url,
                )
            ),
            _area(self, "recommendations"),
            _heading("Signatory and contact officer"),
            Field.text("signatory_name"),
            Field.text("signatory_title"),
            Field.text("contact_name"),
            Field.text("contact_title"),
            Field.text("contact_phone", field_width=20),
            Field.text("contact_email", spellcheck="false"),
            _heading("Comments"),
            _area(self, "constitutional_comments"),
            _area(self, "financial_comments"),
            Field.text("financial_initials", field_width=5),
            "financial_date",
            _heading("Background papers and divisions"),
            _area(self, "background_papers"),
            _area(self, "background_note"),
            _area(self, "electoral_divisions"),
            "version",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Textarea) and isinstance(cleaned.get(name), str):
                cleaned[name] = _normalise(cleaned[name])
        return cleaned

    def clean_background_papers(self) -> str:
        text = self.cleaned_data["background_papers"]
        for line in text.splitlines():
            _title, bar, url = line.partition("|")
            url = url.strip()
            if bar and url and not url.lower().startswith(("https://", "http://")):
                raise forms.ValidationError(
                    "Each web address of the background papers must start with https:// or http://"
                )
        return text

    def report_text(self) -> ReportText:
        """The text that `update_report` writes."""
        return ReportText(**{name: self.cleaned_data[name] for name in TEXT_FIELDS})

    def versions(
        self, current: CommitteeReport, cleaned: dict[str, Any]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Both versions for the conflict panel: the title, and every field where they differ."""
        rows = []
        for name in ["title", *TEXT_FIELDS[1:], "period"]:
            theirs, yours = _shown(name, getattr(current, name)), _shown(name, cleaned[name])
            if name == "title" or theirs != yours:
                rows.append((str(self.fields[name].label), theirs, yours))
        return [(label, theirs) for label, theirs, _ in rows], [(label, y) for label, _, y in rows]


class ImplicationsForm(BaseForm):
    """Change the sub-headings of Statutory and Policy Implications, such as Equalities."""

    submit_label = "Save the sub-headings"

    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self, data: Any = None, *, implications: list[ReportImplication], **kwargs: Any
    ) -> None:
        self.implications = implications
        # One empty row more than there are sub-headings, for adding one.
        self.row_count = len(implications) + 1
        max_length = ReportImplication._meta.get_field("heading").max_length
        fields: dict[str, forms.Field] = {}
        for number in range(1, self.row_count + 1):
            fields[f"heading_{number}"] = forms.CharField(
                label="Sub-heading",
                required=False,
                max_length=max_length,
                error_messages={
                    "max_length": f"The sub-heading must be {max_length} characters or fewer"
                },
            )
            fields[f"text_{number}"] = forms.CharField(
                label="Text",
                required=False,
                help_text=PARAGRAPHS_HELP,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        # Django copies `base_fields` into the form's fields: these rows join the class's own.
        self.base_fields = {**fields, **type(self).base_fields}
        # The starting values: each sub-heading in order, and their fingerprint.
        initial: dict[str, Any] = {"version": implications_version(implications)}
        for number, item in enumerate(implications, start=1):
            initial[f"heading_{number}"] = item.heading
            initial[f"text_{number}"] = item.text
        super().__init__(data, initial=initial, **kwargs)

    def layout_fields(self) -> list[Any]:
        rows = []
        for number in range(1, self.row_count + 1):
            is_new = number > len(self.implications)
            legend = "Add a sub-heading (optional)" if is_new else f"Sub-heading {number}"
            rows.append(
                Fieldset(
                    Field.text(f"heading_{number}"),
                    _area(self, f"text_{number}"),
                    legend=legend,
                    legend_size="m",
                    legend_tag="h2",
                )
            )
        return [*rows, "version"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        rows = []
        for number in range(1, self.row_count + 1):
            heading = cleaned.get(f"heading_{number}", "")
            text = _normalise(cleaned.get(f"text_{number}", ""))
            if heading is None or (not heading and not text):
                continue  # both empty: the sub-heading is removed (or no new one added)
            if not heading:
                self.add_error(
                    f"heading_{number}", "Enter the sub-heading, such as Equalities Implications"
                )
            elif not text:
                self.add_error(f"text_{number}", f"Enter the text under {heading}")
            existing = self.implications[number - 1] if number <= len(self.implications) else None
            rows.append(ImplicationRow(existing.pk if existing else None, heading, text))
        cleaned["rows"] = rows
        return cleaned

    def versions(
        self, current: ReportImplication | None, cleaned: dict[str, Any]
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Both versions for the conflict panel: each sub-heading with its text."""
        theirs = [(item.heading, item.text) for item in self.implications]
        yours = [(row.heading, row.text) for row in cleaned["rows"]]
        return theirs or [("Sub-headings", "")], yours or [("Sub-headings", "")]


class AppendixForm(BaseModelForm):
    """Add an appendix of text to a draft, such as the strategy the plan comes from."""

    submit_label = "Add the appendix"

    class Meta:
        model = ReportAppendix
        fields = ["title", "text"]
        help_texts = {"text": "Paragraphs are separated by a blank line."}
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}
        error_messages = {
            "title": {"required": "Enter the appendix's title"},
            "text": {"required": "Enter the appendix's text"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The model lets an appendix be a file without text; one added here is text.
        self.fields["text"].required = True
