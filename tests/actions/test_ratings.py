"""The rating scales: every rating readable by its letter, its words and a contrasting colour."""

from __future__ import annotations

import pytest

from actions.ratings import SCALE_OPTIONS, RatingScale, infer_scale, parse_rating


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize(
    ("scale", "option"), [(s, o) for s, options in SCALE_OPTIONS.items() for o in options]
)
def test_each_ratings_text_passes_wcag_aa_contrast_on_its_colour(scale: str, option) -> None:
    light, dark = sorted([_luminance(option.colour), _luminance(option.text_colour)], reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5, (scale, option.words)
    assert option.letter and option.words  # never colour alone


def test_the_three_scales_have_the_ratings_the_design_names() -> None:
    words = {scale: [o.words for o in options] for scale, options in SCALE_OPTIONS.items()}
    assert words[RatingScale.RAG] == ["Green", "Amber", "Red"]
    assert words[RatingScale.BRAG] == ["Blue (complete)", "Green", "Amber", "Red"]
    assert words[RatingScale.DELIVERY_CONFIDENCE] == [
        "Green",
        "Amber/Green",
        "Amber",
        "Amber/Red",
        "Red",
    ]


def test_ratings_are_read_as_letters_or_words() -> None:
    assert parse_rating(RatingScale.DELIVERY_CONFIDENCE, "amber - green") == "AG"
    assert parse_rating(RatingScale.BRAG, "Complete") == "B"
    assert infer_scale(["G", "Blue"]) == RatingScale.BRAG
    with pytest.raises(ValueError, match="not a rating on this plan's scale"):
        parse_rating(RatingScale.RAG, "Blue")
