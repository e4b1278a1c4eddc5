"""The base form and the crispy-forms-gds templates the project overrides (templates/gds/)."""

from __future__ import annotations

import re
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field
from django import forms
from django.template import Context, Template

from cseplan.lib.forms import BaseForm


class _RatingForm(BaseForm):
    """A form with each kind of question whose error link crispy-forms-gds gets wrong."""

    submit_label = "Save rating"

    rating = forms.ChoiceField(
        label="Rating",
        choices=[("R", "Red"), ("A", "Amber"), ("G", "Green")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a rating"},
    )
    due = DateInputField(label="Due date")
    agencies = forms.MultipleChoiceField(
        label="Agencies",
        choices=[("police", "Police"), ("council", "Council")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one agency"},
    )
    narrative = forms.CharField(label="Progress", error_messages={"required": "Enter the progress"})

    def layout_fields(self) -> list[Any]:
        return [
            Field.radios("rating", inline=True),
            "due",
            Field.checkboxes("agencies"),
            "narrative",
        ]

    def clean(self) -> dict[str, Any]:
        raise forms.ValidationError("Something about the whole form")


def _render(form: forms.Form) -> str:
    return Template(
        "{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}"
    ).render(Context({"form": form, "csrf_token": "token-for-tests"}))


def _summary_targets(html: str) -> list[str]:
    summary = html.split('<div class="govuk-error-summary"')[1].split("</ul>")[0]
    return re.findall(r'href="#([^"]+)"', summary)


def test_the_base_form_ends_with_the_submit_button_its_subclass_names() -> None:
    html = _render(_RatingForm())
    assert re.search(r'<button[^>]*class="govuk-button"[^>]*>Save rating</button>', html)
    assert 'data-prevent-double-click="true"' in html
    assert 'data-module="govuk-button"' in html


def test_inline_radios_keep_their_base_class_and_checkboxes_get_their_module() -> None:
    html = _render(_RatingForm())
    assert 'class="govuk-radios govuk-radios--inline" data-module="govuk-radios"' in html
    assert 'class="govuk-checkboxes" data-module="govuk-checkboxes"' in html


def test_every_error_summary_link_points_at_an_input_on_the_page() -> None:
    form = _RatingForm(data={})
    html = _render(form)
    targets = _summary_targets(html)
    # The form-wide error goes to the first question; radios and checkboxes to their first
    # option; a date to its day.
    assert targets == ["id_rating_1", "id_rating_1", "id_due_0", "id_agencies_1", "id_narrative"]
    for target in targets:
        assert re.search(rf'<input[^>]*id="{target}"', html), target


def test_field_errors_are_gov_uk_error_messages() -> None:
    html = _render(_RatingForm(data={}))
    assert '<p id="id_narrative_1_error" class="govuk-error-message">' in html
    assert 'aria-describedby="id_narrative_1_error"' in html


def test_a_valid_form_shows_no_error_summary() -> None:
    class _NameForm(BaseForm):
        name = forms.CharField()

    html = _render(_NameForm(data={"name": "Joanna"}))
    assert "govuk-error-summary" not in html


def test_a_password_input_with_an_error_gets_the_red_border() -> None:
    class _PasswordForm(BaseForm):
        secret = forms.CharField(widget=forms.PasswordInput)

    html = _render(_PasswordForm(data={}))
    assert re.search(r'<input[^>]*type="password"[^>]*class="govuk-input govuk-input--error"', html)


def test_a_text_input_with_an_error_gets_the_red_border_once() -> None:
    html = _render(_RatingForm(data={}))
    assert 'class="govuk-input govuk-input--error"' in html
    assert "govuk-input--error govuk-input--error" not in html
