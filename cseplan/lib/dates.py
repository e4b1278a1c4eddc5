"""Reading the "as at" date that several pages and exports take, and the moments a day spans."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone


def parse_as_at(text: str) -> datetime.datetime | None:
    """The end of the day named `2013-04-30` or `30/04/2013`, local time; None if not a date.

    "As at 30 April 2013" means everything saved on that day counts.
    """
    text = text.strip()
    day: datetime.date | None = None
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            day = datetime.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
        elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            day = datetime.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None
    return end_of_day(day) if day else None


def start_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment of `day`, local time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The last moment of `day`, local time: the plan "as at" a day includes all of it."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))
