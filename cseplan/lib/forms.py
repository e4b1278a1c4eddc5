"""The base of every form: the crispy-forms-gds helper and one submit button.

Pages render `{% error_summary form %}` above the heading, then `{% crispy form %}`.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Input
from django.http import HttpRequest, QueryDict

# Inputs that GOV.UK does not draw as a text box, so that have no red error border.
_NOT_TEXT_LIKE = {"checkbox", "radio", "file", "hidden", "submit"}


class FormHelperMixin:
    """Builds `self.helper`: the form's fields in order, then a submit button."""

    # What the button says: the action the user takes, such as "Sign in" or "Save rating".
    submit_label: str = "Continue"

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Set up the form, then its helper."""
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            *self.layout_fields(),
            # GOV.UK Frontend stops a second click from sending the form twice.
            Button.primary("submit", self.submit_label, data_prevent_double_click="true"),
        )

    def full_clean(self) -> None:
        """Validate, then mark every text-like input that has an error with GOV.UK's red border."""
        super().full_clean()
        # crispy-forms-gds adds govuk-input--error only to widgets of exactly the class TextInput,
        # so a password, e-mail or number input with an error would otherwise keep a black border.
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if (
                isinstance(widget, Input)
                and type(widget).__name__ != "TextInput"
                and widget.input_type not in _NOT_TEXT_LIKE
            ):
                classes = widget.attrs.get("class", "").split()
                if "govuk-input--error" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "govuk-input--error"])

    def layout_fields(self) -> list[Any]:
        """The questions in page order; override to use crispy-forms-gds layout objects."""
        # For example: [Field.radios("rating", inline=True), Field.textarea("narrative", rows=8)]
        return list(self.fields)


class BaseForm(FormHelperMixin, forms.Form):
    """A GOV.UK form for one user task."""


class BaseModelForm(FormHelperMixin, forms.ModelForm):
    """A GOV.UK form that edits a model instance."""


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id larger than a database integer as an invalid value.

    Django checks the ids with one `__in` query, which SQLite cannot run with an integer past
    64 bits: it raises OverflowError (Django guards `exact` lookups against that, not `__in`).
    """

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # not a number: Django refuses it itself
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


def posted(request: HttpRequest) -> QueryDict | None:
    """A form's data on a POST (even an empty one, which the form then refuses with its
    messages), else None for an unbound form."""
    return request.POST if request.method == "POST" else None
