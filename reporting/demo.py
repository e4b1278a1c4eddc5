"""The demo's committee report, loaded by `seed_demo` from fixtures/ (see fixtures/README.md)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from actions.models import Plan
from cseplan.lib.history import create_tracked
from governance.models import User
from reporting.models import CommitteeReport, ReportImplication
from reporting.services import TEXT_FIELDS, ReportText, create_report

# Sections the fixture writes as a list of paragraphs.
_SECTIONS = (
    "purpose", "information", "other_options", "reasons", "statutory", "constitutional_comments",
    "financial_comments",
)  # fmt: skip


def report_text(data: dict[str, Any]) -> ReportText:
    """A report's text from the fixture's: lists of paragraphs joined, dates read."""
    values = {name: data[name] for name in TEXT_FIELDS if name in data}
    for name in ("meeting_date", "financial_date"):
        if values.get(name):
            values[name] = datetime.date.fromisoformat(values[name])
    values["recommendations"] = "\n".join(data.get("recommendations", []))
    values["background_papers"] = "\n".join(
        f"{title} | {url}" if url else title for title, url in data.get("background_papers", [])
    )
    for name in _SECTIONS:
        if isinstance(values.get(name), list):
            values[name] = "\n\n".join(values[name])
    return ReportText(**values)


@transaction.atomic
def load_report(plan: Plan, data: dict[str, Any], *, by: User, reason: str) -> CommitteeReport:
    """Create a draft report from structured data, with its implication sub-headings."""
    report = create_report(
        plan, report_text(data), period=plan.periods.get(label=data["period"]), by=by, reason=reason
    )
    for order, (heading, text) in enumerate(data.get("implications", []), start=1):
        create_tracked(
            ReportImplication, by=by, reason=reason, report=report, heading=heading, text=text,
            order=order,
        )  # fmt: skip
    return report
