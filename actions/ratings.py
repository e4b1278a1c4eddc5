"""The rating scales a plan can use, and how each rating is shown.

A rating is always shown as its letter and its words as well as its colour, never by colour alone.
The text colour of each rating passes WCAG AA contrast (4.5:1) on its background.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import format_html
from django.utils.safestring import SafeString


class Rating(models.TextChoices):
    """Every rating any scale can give; the empty string means "not rated"."""

    BLUE = "B", "Blue"
    GREEN = "G", "Green"
    AMBER_GREEN = "AG", "Amber/Green"
    AMBER = "A", "Amber"
    AMBER_RED = "AR", "Amber/Red"
    RED = "R", "Red"


class RatingScale(models.TextChoices):
    """The scales a plan is rated on."""

    RAG = "RAG", "RAG: Red, Amber, Green"
    BRAG = "BRAG", "BRAG: Blue (complete), Red, Amber, Green"
    DELIVERY_CONFIDENCE = "DC", "Delivery confidence: five points from Green to Red"


@dataclass(frozen=True)
class RatingOption:
    """One rating as a scale shows it."""

    value: str
    letter: str
    words: str
    colour: str
    text_colour: str

    def html(self, period_label: str = "") -> SafeString:
        """The rating as every page shows it, never by colour alone: its colour and letter, then
        its words; or, in a table's cell under the review's short label (`period_label` given),
        the words only for screen readers, as "Jul 2012: Amber"."""
        if period_label:
            return format_html(
                '<span class="app-rating app-rating--{}"><span aria-hidden="true">{}</span>'
                '<span class="govuk-visually-hidden">{}: {}</span></span>',
                self.value, self.letter, period_label, self.words,
            )  # fmt: skip
        return format_html(
            '<span class="app-rating app-rating--{}" aria-hidden="true">{}</span> {}',
            self.value, self.letter, self.words,
        )  # fmt: skip


_BLACK = "#0b0c0c"
_WHITE = "#ffffff"
_RED = RatingOption(Rating.RED, "R", "Red", "#d4351c", _WHITE)
_AMBER = RatingOption(Rating.AMBER, "A", "Amber", "#f47738", _BLACK)
_GREEN = RatingOption(Rating.GREEN, "G", "Green", "#00703c", _WHITE)

# Best first, as a key lists them.
SCALE_OPTIONS: dict[str, tuple[RatingOption, ...]] = {
    RatingScale.RAG: (_GREEN, _AMBER, _RED),
    RatingScale.BRAG: (
        RatingOption(Rating.BLUE, "B", "Blue (complete)", "#1d70b8", _WHITE),
        _GREEN,
        _AMBER,
        _RED,
    ),
    RatingScale.DELIVERY_CONFIDENCE: (
        _GREEN,
        RatingOption(Rating.AMBER_GREEN, "A/G", "Amber/Green", "#85994b", _BLACK),
        _AMBER,
        RatingOption(Rating.AMBER_RED, "A/R", "Amber/Red", "#e2591b", _BLACK),
        _RED,
    ),
}


def allowed_ratings(scale: str) -> list[str]:
    """The rating values a scale accepts, not counting the blank "not rated"."""
    return [option.value for option in SCALE_OPTIONS[scale]]


def rating_option(scale: str, value: str) -> RatingOption | None:
    """How a rating looks on a scale, or None when it is blank or not on the scale."""
    for option in SCALE_OPTIONS.get(scale, ()):
        if option.value == value:
            return option
    return None


def rating_label(scale: str, value: str) -> str:
    """A rating as words and letter, `Amber (A)`, or `Not rated`."""
    option = rating_option(scale, value)
    return f"{option.words} ({option.letter})" if option else "Not rated"


def parse_rating(scale: str, text: str) -> str:
    """Turn a letter or word (`A`, `amber`, `A/G`, `Amber-Green`, `Complete`) into a rating.

    Raises ValueError with a readable message when the text is not a rating of the scale.
    """
    cleaned = _rating_key(text)
    if not cleaned:
        return ""
    value = _ratings_by_name(scale).get(cleaned)
    if value is not None:
        return value
    letters = ", ".join(option.letter for option in SCALE_OPTIONS[scale])
    raise ValueError(f"'{text.strip()}' is not a rating on this plan's scale ({letters})")


def nearest_rating(scale: str, colour: str) -> RatingOption:
    """The rating of the scale whose colour is nearest `colour` (`#RRGGBB`): for a sheet that
    rates by filling a cell with a colour and nothing else (Excel's own red, amber and green
    are nearest this service's)."""

    def rgb(text: str) -> tuple[int, ...]:
        return tuple(int(text.lstrip("#")[start : start + 2], 16) for start in (0, 2, 4))

    wanted = rgb(colour)
    return min(
        SCALE_OPTIONS[scale],
        key=lambda option: sum(
            (a - b) ** 2 for a, b in zip(rgb(option.colour), wanted, strict=True)
        ),
    )


def infer_scale(texts: list[str]) -> str:
    """The smallest scale that has every rating in `texts`: RAG, then BRAG, then five-point."""
    keys = {_rating_key(text) for text in texts} - {""}
    for scale in (RatingScale.RAG, RatingScale.BRAG, RatingScale.DELIVERY_CONFIDENCE):
        names = set().union(*(_rating_names(option) for option in SCALE_OPTIONS[scale]))
        if keys <= names:
            return scale
    return RatingScale.RAG


def _rating_key(text: str) -> str:
    """Lower case, one separator style: `Amber - Green` and `amber/green` read the same."""
    cleaned = re.sub(r"\s*[/\-\u2013\u2014]\s*|\s+", "/", text.strip().casefold())
    return cleaned.strip("/")


@functools.cache
def _ratings_by_name(scale: str) -> dict[str, str]:
    """Every name of every rating of the scale (`_rating_key` of it), and the rating it names."""
    return {name: option.value for option in SCALE_OPTIONS[scale] for name in _rating_names(option)}


@functools.cache
def _rating_names(option: RatingOption) -> frozenset[str]:
    words = option.words.split(" (")[0]
    names = {_rating_key(name) for name in (option.value, option.letter, words)}
    if option.value == Rating.BLUE:
        names |= {"complete", "completed"}
    return frozenset(names)
