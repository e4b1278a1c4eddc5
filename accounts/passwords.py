"""Password rules, as the NCSC advises: length and a deny-list, no rules about character classes.

Django's own validators give the minimum length (12), similarity to the account's name and a
list of 20,000 passwords common in breaches; these add the words anyone would guess for this
service, and an upper limit that stops a megabyte "password" from costing the server a hashing
run. Pasting stays allowed (the fields set no attribute against it), so password managers work.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# Lower case, without spaces or punctuation: passwords are compared the same way.
SERVICE_WORDS = (
    "actionplan",
    "cseplan",
    "csecag",
    "safeguarding",
    "exploitation",
    "nottingham",
    "nottinghamshire",
    "partnership",
    "lscb",
    "wgap",
    "password",
    "letmein",
    "welcome",
    "cse-demo",
)
_NOT_LETTERS_OR_DIGITS = re.compile(r"[^a-z0-9]+")


def _squashed(text: str) -> str:
    return _NOT_LETTERS_OR_DIGITS.sub("", text.casefold())


# Any of the words, the longest first where they overlap: "nottinghamshire" goes whole, not as
# "nottingham" leaving "shire".
_SERVICE_WORD = re.compile(
    "|".join(re.escape(_squashed(word)) for word in sorted(SERVICE_WORDS, key=len, reverse=True))
)


class ServiceWordsValidator:
    """Refuse a password that is mostly a word tied to this service, padded with digits."""

    def validate(self, password: str, user: object = None) -> None:
        """Raise if what is left of the password, once the service's words are taken out, is
        shorter than 8 letters or digits or only digits (so "Nottingham2024!" fails, while a
        passphrase that happens to contain "partnership" among other words passes)."""
        squashed = _squashed(password)
        remainder = _SERVICE_WORD.sub("", squashed)
        if remainder != squashed and (len(remainder) < 8 or remainder.isdigit()):
            raise ValidationError(
                "Your password is too easy to guess: do not base it on the name of the service, "
                "the partnership or the word \u2018password\u2019",
                code="password_service_word",
            )

    def get_help_text(self) -> str:
        """One sentence for the hint under the new-password field."""
        return "Do not base it on the name of the service or the partnership."


class MaximumLengthValidator:
    """Refuse passwords longer than a password manager would make (and costly to hash)."""

    def __init__(self, max_length: int = 256) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: object = None) -> None:
        """Raise if the password is longer than `max_length` characters."""
        if len(password) > self.max_length:
            raise ValidationError(
                f"Your password must be {self.max_length} characters or fewer",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        """Nothing: nobody needs telling that 256 characters is the most."""
        return ""
