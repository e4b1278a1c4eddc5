"""A generator of large, realistic plans in the spreadsheet layout, for benchmarks.

The text is neutral placeholder prose about partnership work: never case or victim data.
"""

from __future__ import annotations

import csv
import datetime
import io
import random

_VERBS = ["Establish", "Review", "Agree", "Map", "Develop", "Commission", "Identify", "Deliver"]
_OBJECTS = [
    "a training programme for professionals",
    "the data collection process across agencies",
    "terms of reference for the working group",
    "a pathway to support for the County",
    "joint media statements with the Police",
    "awareness sessions in schools",
]
_PROGRESS = (
    "The working group met and agreed the next steps. A report will be submitted to the "
    "cross-authority group for approval at its next meeting, and the due date has been "
    "reviewed accordingly."
)


def period_labels(count: int, first: datetime.date = datetime.date(2012, 7, 1)) -> list[str]:
    """Quarterly review labels: Jul 2012, Oct 2012, …"""
    labels = []
    for index in range(count):
        month = first.month - 1 + 3 * index
        day = datetime.date(first.year + month // 12, month % 12 + 1, 1)
        labels.append(f"{day:%b %Y}")
    return labels


def large_plan_rows(
    actions: int = 500, periods: int = 12, themes: int = 12, seed: int = 1
) -> list[list[str]]:
    """Rows (header first) of a plan with `actions` actions in `themes` themes over `periods`."""
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    labels = period_labels(periods)
    header = ["Theme", "Objective", "Narrative", "Ref", "Action", "Lead", "Due date", "Status"]
    header += ["Source", "Progress", *labels]
    rows = [header]
    per_theme = -(-actions // themes)
    made = 0
    for theme_number in range(1, themes + 1):
        theme = f"{theme_number}. Theme {theme_number}"
        for action_number in range(1, per_theme + 1):
            if made == actions:
                break
            made += 1
            due = datetime.date(2013, 1, 1) + datetime.timedelta(days=rng.randrange(900))
            rows.append(
                [
                    theme,
                    f"Objective of theme {theme_number}",
                    f"Narrative of theme {theme_number}.",
                    f"{theme_number}.{action_number}",
                    f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)}",
                    f"Lead {rng.randrange(40)} (WG{rng.randrange(6)})",
                    f"{due:%d/%m/%Y}",
                    "Open",
                    "",
                    _PROGRESS,
                    *(rng.choice("RAGG") for _ in labels),
                ]
            )
    return rows


def as_csv(rows: list[list[str]]) -> bytes:
    """Rows as CSV bytes, as a spreadsheet program would save them."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")
