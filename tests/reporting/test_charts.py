"""The ratings chart: an accessible inline SVG that escapes what it is given."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from actions.ratings import SCALE_OPTIONS, RatingScale
from reporting.charts import ratings_chart_svg
from reporting.summaries import RatingCount, RatingsRow

SVG = "{http://www.w3.org/2000/svg}"


def _row(label: str, scale: str = RatingScale.RAG, **counts: int) -> RatingsRow:
    """A period's counts by letter (`not_rated` for none), as ratings_over_periods gives them."""
    options = SCALE_OPTIONS[scale]
    numbers = [counts.get(option.value, 0) for option in options] + [counts.get("not_rated", 0)]
    total = sum(numbers)
    items = tuple(
        RatingCount(option, count, round(100 * count / total) if total else 0)
        for option, count in zip([*options, None], numbers, strict=True)
    )
    return RatingsRow(label=label, counts=items, total=total)


SERIES = [_row("Jul 2012", G=5, A=10, R=6, not_rated=2), _row("Apr 2013", G=8, A=12, R=3)]


def _parse(svg: str) -> ET.Element:
    """The chart as XML: parsing it checks that it is well-formed."""
    return ET.fromstring(svg)  # noqa: S314 - our own markup, not data from outside


def _texts(svg: str) -> list[str]:
    root = _parse(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_the_chart_is_an_image_named_by_its_title_and_description() -> None:
    svg = ratings_chart_svg(SERIES, RatingScale.RAG)
    root = _parse(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "ratings-chart-title ratings-chart-desc"
    assert root.find(f"{SVG}title").get("id") == "ratings-chart-title"
    assert root.find(f"{SVG}title").text == "Ratings over the reviews"
    description = root.find(f"{SVG}desc")
    assert description.get("id") == "ratings-chart-desc"
    assert description.text == (
        "Stacked bars of how many actions were rated Green, Amber or Red, or not rated, at each "
        "of 2 reviews from Jul 2012 to Apr 2013; at Apr 2013, 8 green, 12 amber and 3 red of 23 "
        "actions."
    )
    assert "<script" not in svg and "onload" not in svg


def test_the_chart_scales_down_from_its_drawing_size() -> None:
    root = _parse(ratings_chart_svg(SERIES, RatingScale.RAG))
    assert root.get("width") == "100%"
    assert root.get("viewBox").startswith("0 0 640 ")
    many = [_row(f"Review {number}", G=1) for number in range(8)]
    wide = _parse(ratings_chart_svg(many, RatingScale.RAG))
    assert wide.get("viewBox").startswith("0 0 960 ")
    assert "app-chart__svg--wide" in wide.get("class")


def test_each_period_has_its_label_and_each_segment_its_letter_and_count() -> None:
    texts = _texts(ratings_chart_svg(SERIES, RatingScale.RAG))
    assert "Jul 2012" in texts and "Apr 2013" in texts
    for label in ("G 5", "A 10", "R 6", "2", "G 8", "A 12", "R 3", "23"):
        assert label in texts
    # The key: every rating's letter and words, and "Not rated".
    for label in ("G", "Green", "A", "Amber", "R", "Red", "Not rated"):
        assert label in texts


def test_the_segments_have_the_colours_of_the_scale() -> None:
    root = _parse(ratings_chart_svg(SERIES, RatingScale.RAG))
    fills = {rect.get("fill") for rect in root.iter(f"{SVG}rect")}
    assert {"#00703c", "#f47738", "#d4351c"} <= fills
    tips = ["".join(node.itertext()) for node in root.iter(f"{SVG}title")]
    assert "Apr 2013: 12 amber (52%)" in tips


def test_a_segment_too_low_for_its_count_has_none_but_keeps_its_tooltip() -> None:
    svg = ratings_chart_svg([_row("Jul 2012", G=40, R=1)], RatingScale.RAG)
    texts = _texts(svg)
    assert "G 40" in texts
    assert "R 1" not in texts and "1" not in texts
    assert "Jul 2012: 1 red (2%)" in svg


def test_the_five_point_scale_has_its_own_key() -> None:
    series = [_row("Q1", RatingScale.DELIVERY_CONFIDENCE, AG=3, AR=2, G=1)]
    texts = _texts(ratings_chart_svg(series, RatingScale.DELIVERY_CONFIDENCE))
    for label in ("A/G", "Amber/Green", "A/R", "Amber/Red", "A/G 3"):
        assert label in texts


def test_every_text_is_escaped() -> None:
    hostile = '<script>alert("x")</script> & "Jan"'
    svg = ratings_chart_svg(
        [_row(hostile, G=3)], RatingScale.RAG, html_id='x" onload="alert(1)', title="<b>Ratings</b>"
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Jan&quot;" in svg
    root = _parse(svg)  # still well-formed
    assert root.get("aria-labelledby") == 'x" onload="alert(1)-title x" onload="alert(1)-desc'
    assert root.get("onload") is None
    assert hostile in _texts(svg)


def test_a_plan_without_reviews_gets_an_empty_chart_that_says_so() -> None:
    root = _parse(ratings_chart_svg([], RatingScale.RAG))
    assert root.find(f"{SVG}desc").text == "There are no reviews to show yet."
