"""`{% rating option %}`: a rating as every page shows it (see `RatingOption.html`)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from actions.ratings import RatingOption

register = template.Library()


@register.simple_tag
def rating(option: RatingOption | None, period_label: str = "") -> SafeString:
    """The rating's colour, letter and words; "Not rated" (for screen readers only in a table's
    cell, under the review's `period_label`) when there is none."""
    if option:  # a template's missing value is an empty string
        return option.html(period_label)
    if period_label:
        return format_html('<span class="govuk-visually-hidden">{}: not rated</span>', period_label)
    return SafeString("Not rated")
