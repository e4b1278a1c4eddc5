"""Reading the "as at" date that several pages and exports take."""

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
    if day is None:
        return None
    end = datetime.datetime.combine(day, datetime.time.max)
    return timezone.make_aware(end)
