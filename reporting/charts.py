"""Charts as inline SVG: no JavaScript, readable by screen readers, printable as they are.

Every text put into the markup is escaped (format_html), so a plan's labels cannot inject markup.
Pages give the numbers a chart draws as a table next to it as well.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from actions.ratings import SCALE_OPTIONS, RatingOption
from reporting.summaries import NOT_RATED, RatingsRow

# The drawing's own units, which are pixels at full size: two thirds of the page's content (the
# GOV.UK reading width), or all of it for a plan with many reviews; the browser scales it down on
# narrower screens (the stylesheet's .app-chart__svg).
WIDTH = 640
WIDE = 960
_WIDE_FROM = 7  # reviews
_LEFT, _RIGHT = 48, 8  # room for the counts of the axis on the left
_PLOT_HEIGHT = 260
_FONT = 18
_SWATCH = 28
_COUNT_FONT = 16  # the counts in the bars
_LABEL_MIN_HEIGHT = 18  # a segment lower than this has no room for its count
_MAX_BAR = 100
_TEXT = "#0b0c0c"
_GRID = "#b1b4b6"
# "Not rated" is white with a dashed outline, told from the ratings by its shape, not its colour.
_NOT_RATED_FILL = "#ffffff"
_NOT_RATED_STROKE = "#505a5f"


def _n(value: float) -> str:
    """A coordinate with at most one decimal place: `12`, `12.5`."""
    return f"{value:.1f}".removesuffix(".0")


def _text_width(text: str, size: int = _FONT) -> float:
    """Roughly how wide a text is in Arial: enough to decide whether a label fits."""
    return len(text) * size * 0.6


def _join(parts: list[SafeString]) -> SafeString:
    """Join markup that format_html has already escaped."""
    return mark_safe("".join(parts))  # noqa: S308 - every part is format_html output


def _step(largest: int) -> int:
    """A round step for the count axis (1, 2 or 5 times a power of ten), at most 5 steps."""
    step = 1
    while largest / step > 5:
        for factor in (2, 5, 10):
            if largest / (step * factor) <= 5 or factor == 10:
                step *= factor
                break
    return step


def _words_list(words: list[str], last: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    return f"{', '.join(words[:-1])} {last} {words[-1]}" if len(words) > 1 else "".join(words)


def _description(series: Sequence[RatingsRow], options: tuple[RatingOption, ...]) -> str:
    """One sentence that says what the chart shows and where the latest review stands."""
    if not series:
        return "There are no reviews to show yet."
    latest = series[-1]
    counts = [f"{item.count} {item.label.lower()}" for item in latest.counts if item.count]
    reviews = (
        f"the {latest.label} review"
        if len(series) == 1
        else f"each of {len(series)} reviews from {series[0].label} to {latest.label}"
    )
    rated = _words_list([option.words for option in options], "or")
    return (
        f"Stacked bars of how many actions were rated {rated}, or not rated, at {reviews}; "
        f"at {latest.label}, {_words_list(counts) or 'none'} of {latest.total} actions."
    )


def _not_rated_rect(x: float, y: float, width: float, height: float) -> SafeString:
    """The opening tag of a "not rated" box: white, with a dashed outline inside its edges."""
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="2" '
        'stroke-dasharray="6 4">',
        _n(x + 1),
        _n(y + 1),
        _n(max(width - 2, 0)),
        _n(max(height - 2, 0)),
        _NOT_RATED_FILL,
        _NOT_RATED_STROKE,
    )


def _legend(options: tuple[RatingOption, ...], width: int) -> tuple[SafeString, float]:
    """The key above the bars (a swatch with the letter, then the words), and its height."""
    parts = []
    x, y = 0.0, 0.0
    for option in [*options, None]:
        letter = option.letter if option else ""
        words = option.words if option else NOT_RATED
        swatch = max(float(_SWATCH), _text_width(letter) + 12)
        item_width = swatch + 8 + _text_width(words)
        if x and x + item_width > width:
            x, y = 0.0, y + _SWATCH + 8
        if option:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" fill="{}" text-anchor="middle" font-weight="bold">'
                    "{}</text>",
                    _n(x),
                    _n(y),
                    _n(swatch),
                    _SWATCH,
                    option.colour,
                    _n(x + swatch / 2),
                    _n(y + 20),
                    option.text_colour,
                    letter,
                )
            )
        else:
            parts.append(format_html("{}</rect>", _not_rated_rect(x, y, swatch, _SWATCH)))
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="{}">{}</text>',
                _n(x + swatch + 8),
                _n(y + 20),
                _TEXT,
                words,
            )
        )
        x += item_width + 24
    return format_html('<g class="app-chart__legend">{}</g>', _join(parts)), y + _SWATCH


def _axis(top: float, bottom: float, width: int, top_value: int, step: int) -> SafeString:
    """Horizontal grid lines with their counts, the axis title and the base line."""
    lines = []
    for value in range(0, top_value + 1, step):
        y = bottom - (bottom - top) * value / top_value
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" fill="{}" text-anchor="end">{}</text>',
                _LEFT,
                width - _RIGHT,
                _n(y),
                _n(y),
                _GRID,
                _LEFT - 8,
                _n(y + 5),
                _TEXT,
                value,
            )
        )
    lines.append(
        format_html(
            '<text x="{}" y="{}" fill="{}" font-size="14">Actions</text>',
            0,
            _n(top - 16),
            _TEXT,
        )
    )
    lines.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2"/>',
            _LEFT,
            width - _RIGHT,
            _n(bottom),
            _n(bottom),
            _TEXT,
        )
    )
    return _join(lines)


def _period_label(label: str, x: float, bottom: float, slot: float) -> SafeString:
    """The period's label under its bar, on two lines (`Apr` / `2013`) when the slot is narrow."""
    words = label.split() if _text_width(label) > slot - 8 else [label]
    lines = format_html_join(
        "",
        '<tspan x="{}" dy="{}">{}</tspan>',
        ((_n(x), 0 if index == 0 else _FONT + 2, word) for index, word in enumerate(words)),
    )
    return format_html(
        '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>',
        _n(x),
        _n(bottom + 24),
        _TEXT,
        lines,
    )


def _bar(row: RatingsRow, x: float, width: float, bottom: float, unit: float) -> SafeString:
    """One period's stacked bar, best rating at the bottom, with counts where they fit."""
    parts = []
    y = bottom
    for item in row.counts:
        if not item.count:
            continue
        height = item.count * unit
        y -= height
        if item.option:
            rect = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#ffffff">',
                _n(x),
                _n(y),
                _n(width),
                _n(height),
                item.option.colour,
            )
        else:
            rect = _not_rated_rect(x, y, width, height)
        parts.append(
            format_html(
                "{}<title>{}: {} {} ({}%)</title></rect>",
                rect,
                row.label,
                item.count,
                item.label.lower(),
                item.share,
            )
        )
        if height >= _LABEL_MIN_HEIGHT:
            # The letter as well as the count where it fits, so that a segment is not told by
            # its colour alone.
            label = f"{item.option.letter} {item.count}" if item.option else str(item.count)
            if _text_width(label, _COUNT_FONT) > width - 4:
                label = str(item.count)
            text_colour = item.option.text_colour if item.option else _TEXT
            parts.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}" text-anchor="middle" font-weight="bold" '
                    'font-size="{}">{}</text>',
                    _n(x + width / 2),
                    _n(y + height / 2 + _COUNT_FONT * 0.35),
                    text_colour,
                    _COUNT_FONT,
                    label,
                )
            )
    if row.total:
        parts.append(
            format_html(
                '<text x="{}" y="{}" fill="{}" text-anchor="middle">{}</text>',
                _n(x + width / 2),
                _n(y - 6),
                _TEXT,
                row.total,
            )
        )
    return _join(parts)


def ratings_chart_svg(
    series: Sequence[RatingsRow],
    scale: str,
    *,
    html_id: str = "ratings-chart",
    title: str = "Ratings over the reviews",
) -> SafeString:
    """A stacked bar per period of how many actions had each rating, as accessible inline SVG.

    `series` is what `summaries.ratings_over_periods` gives, `scale` the plan's rating scale;
    `html_id` names the title and description that label the image.
    """
    options = SCALE_OPTIONS[scale]
    wide = len(series) >= _WIDE_FROM
    width = WIDE if wide else WIDTH
    legend, legend_height = _legend(options, width)
    top = legend_height + 48  # room for the axis title and the totals above the bars
    bottom = top + _PLOT_HEIGHT
    height = bottom + 24 + 2 * (_FONT + 2)  # two lines of period labels
    largest = max((row.total for row in series), default=0)
    step = _step(largest)
    top_value = max(step, math.ceil(largest / step) * step)
    unit = (bottom - top) / top_value
    slot = (width - _LEFT - _RIGHT) / max(len(series), 1)
    bar_width = min(_MAX_BAR, slot * 0.6)
    bars = []
    for index, row in enumerate(series):
        centre = _LEFT + slot * index + slot / 2
        bars.append(_bar(row, centre - bar_width / 2, bar_width, bottom, unit))
        bars.append(_period_label(row.label, centre, bottom, slot))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg{}" viewBox="0 0 {} {}" '
        'width="100%" role="img" aria-labelledby="{}-title {}-desc" '
        'font-family="Arial, &quot;Liberation Sans&quot;, Helvetica, sans-serif" font-size="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}{}</svg>',
        " app-chart__svg--wide" if wide else "",
        width,
        _n(height),
        html_id,
        html_id,
        _FONT,
        html_id,
        title,
        html_id,
        _description(series, options),
        legend,
        _axis(top, bottom, width, top_value, step),
        _join(bars),
    )
