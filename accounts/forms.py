"""The account's forms, in the GOV.UK voice: signing in, changing a password, two-factor codes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.html import escape

from cseplan.lib.forms import BaseForm


def _without_autofocus(form: BaseForm) -> None:
    """Drop Django's autofocus: GOV.UK advises against it, as it disorients screen reader users."""
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)


class LoginForm(BaseForm, auth_forms.AuthenticationForm):
    """Sign in with a username and password."""

    submit_label = "Sign in"

    # One message for a wrong username, a wrong password and a disabled account alike, so that
    # the page tells nobody which accounts exist.
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "Enter a correct username and password",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Set the labels and the messages for empty fields."""
        super().__init__(*args, **kwargs)
        _without_autofocus(self)
        self.fields["username"].label = "Username"
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["username"].widget.attrs["spellcheck"] = "false"
        self.fields["password"].label = "Password"
        self.fields["password"].error_messages["required"] = "Enter your password"


class PasswordChangeForm(BaseForm, auth_forms.PasswordChangeForm):
    """Change one's own password, giving the current one first."""

    submit_label = "Change password"

    error_messages = {
        "password_incorrect": "The current password is not correct",
        "password_mismatch": "The new passwords do not match",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Set the labels, the hint and the messages for empty fields."""
        super().__init__(*args, **kwargs)
        _without_autofocus(self)
        old, new, confirm = (self.fields[name] for name in self.field_order)
        old.label = "Current password"
        old.error_messages["required"] = "Enter your current password"
        new.label = "New password"
        new.error_messages["required"] = "Enter a new password"
        # Django's hint is an HTML list; a GOV.UK hint is a sentence or two of plain text. It is
        # built from the validators in settings, so it cannot drift from the rules it describes.
        # crispy-forms-gds marks hints safe, so escape them here.
        new.help_text = escape(" ".join(password_validation.password_validators_help_texts()))
        confirm.label = "Confirm new password"
        confirm.help_text = ""
        confirm.error_messages["required"] = "Confirm your new password"


class TwoFactorCodeForm(BaseForm):
    """Give a code from the authenticator app (or, when signing in, a recovery code)."""

    submit_label = "Continue"

    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
    )

    # The page asked for before this step, to go on to after it.
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, hint: str = "", next_page: str = "", **kwargs: Any) -> None:
        """Set the hint, which says which codes this page takes, and the page to go on to."""
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = escape(hint)
        self.fields["next"].initial = next_page
