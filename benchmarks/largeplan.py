"""A generator of large, realistic plans, for benchmarks.

`large_plan_rows` writes a plan in the spreadsheet layout. `build_plan` puts a plan into the
database as the service would hold it after three years of use: imported after its first four
reviews, then rated, corrected and closed review by review in the service, with due dates revised
on the way, so that each action has about 20 history entries, each with its user, date and
reason; one action can be given thousands more.

The text is neutral placeholder prose about partnership work: never case or victim data.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import random
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.db import transaction
from django.utils import timezone

from actions.importing import read_plan_file
from actions.models import Action, Plan, ProgressUpdate, ReportingPeriod
from actions.services import import_plan, open_period, revise_due_date, set_period_closed
from governance.models import User

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
_NEXT_STEPS = [
    "The lead officer circulated a draft to partner agencies for comment.",
    "Sessions were held with staff of the partner agencies and feedback was collected.",
    "The group agreed the actions still to complete before the next review.",
    "A progress report went to the board, which asked for an update next quarter.",
    "Partners confirmed their contacts and the timetable for the remaining work.",
]
_REVISION_REASONS = [
    "The working group agreed a later date at its meeting.",
    "The consultation took longer than planned.",
    "Waiting for the board's approval of the report.",
]


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


IMPORTED_REVIEWS = 4  # reviews already held when the plan was imported
EDITORS = 6  # member accounts that rate and update the actions


@contextmanager
def clock(moment: datetime.datetime) -> Iterator[None]:
    """Run the write layer as if at `moment`: it dates every history row with the time now."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def editors() -> tuple[User, list[User]]:
    """The coordinator and the member accounts that write a generated plan's history."""
    coordinator, _ = User.objects.get_or_create(
        username="bench-coordinator",
        defaults={"role": User.Role.COORDINATOR, "first_name": "Plan", "last_name": "Coordinator"},
    )
    members = [
        User.objects.get_or_create(
            username=f"bench-member-{number}",
            defaults={"role": User.Role.MEMBER, "first_name": "Member", "last_name": str(number)},
        )[0]
        for number in range(1, EDITORS + 1)
    ]
    return coordinator, members


def _moment(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time in office hours on `day`."""
    at = datetime.time(rng.randrange(9, 17), rng.randrange(60), rng.randrange(60))
    return timezone.make_aware(datetime.datetime.combine(day, at))


def _quarter(index: int) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the `index`th quarterly review period from July 2012."""
    month = 6 + 3 * index
    start = datetime.date(2012 + month // 12, month % 12 + 1, 1)
    end_month = month + 2
    year, month_of_year = 2012 + end_month // 12, end_month % 12 + 1
    end = datetime.date(year, month_of_year, calendar.monthrange(year, month_of_year)[1])
    return start, end


def build_plan(
    slug: str,
    *,
    actions: int = 500,
    themes: int = 12,
    reviews: int = 12,
    heavy_entries: int = 0,
    seed: int = 1,
) -> Plan:
    """A plan of `actions` actions in `themes` themes over `reviews` quarterly reviews.

    Imported (through the importer) after its first four reviews; each later review opened,
    rated by the members (a rating and a narrative per action), corrected once, and closed
    after the next one opens (through the write layer); one action in four has its due date
    revised with a reason. The ratings and corrections of the later reviews, thousands of
    rows, are written in bulk: the rows and their history rows as `record_update` writes them,
    with the user, date and version each save would have had. With `heavy_entries`, the first
    action's progress is corrected again and again until it has about that many entries.
    """
    rng = random.Random(seed)  # noqa: S311 - repeatable test data, not secrets
    coordinator, members = editors()
    rows = large_plan_rows(actions=actions, periods=IMPORTED_REVIEWS, themes=themes, seed=seed)
    imported_at = _moment(_quarter(IMPORTED_REVIEWS)[0] + datetime.timedelta(days=4), rng)
    with clock(imported_at):
        plan = import_plan(read_plan_file(f"{slug}.csv", as_csv(rows), slug=slug), by=coordinator)
    plan_actions = list(plan.actions())
    periods = list(plan.periods.all())
    with clock(imported_at + datetime.timedelta(hours=1)):
        for period in periods[:-1]:
            set_period_closed(period, by=coordinator, closed=True)
    labels = period_labels(reviews)
    for index in range(IMPORTED_REVIEWS, reviews):
        start, end = _quarter(index)
        with clock(_moment(start - datetime.timedelta(days=7), rng)):
            period = open_period(
                plan, by=coordinator, label=labels[index], short_label=labels[index][0],
                start_date=start, end_date=end,
            )  # fmt: skip
        with clock(_moment(start + datetime.timedelta(days=20), rng)):
            set_period_closed(periods[-1], by=coordinator, closed=True)
        periods.append(period)
        heavy = heavy_entries // (reviews - IMPORTED_REVIEWS) if heavy_entries else 0
        _rate(plan, period, plan_actions, members, coordinator, rng, heavy=heavy)
    _revise_due_dates(plan_actions, coordinator, rng, reviews)
    return plan


@transaction.atomic
def _rate(
    plan: Plan,
    period: ReportingPeriod,
    plan_actions: list[Action],
    members: list[User],
    coordinator: User,
    rng: random.Random,
    *,
    heavy: int,
) -> None:
    """Every action rated for `period` by a member, then corrected once, as record_update would."""
    history = ProgressUpdate.history
    live, created, corrected = [], [], []
    for position, action in enumerate(plan_actions):
        by = members[position % len(members)]
        first = _moment(period.start_date + datetime.timedelta(days=rng.randrange(40, 70)), rng)
        saves = [(first, by, rng.choice("RAGG"), f"{_PROGRESS} {rng.choice(_NEXT_STEPS)}", "")]
        # At the review meeting the coordinator corrects a rating, or the lead the narrative.
        later = first + datetime.timedelta(days=rng.randrange(3, 15), minutes=rng.randrange(600))
        if rng.random() < 0.3:
            saves.append((later, coordinator, rng.choice("RAG"), saves[0][3], ""))
        else:
            saves.append((later, by, saves[0][2], f"{saves[0][3]} {rng.choice(_NEXT_STEPS)}", ""))
        if position == 0 and heavy:
            for number in range(heavy - len(saves)):
                when = saves[-1][0] + datetime.timedelta(minutes=rng.randrange(5, 60))
                text = f"{_PROGRESS} Correction {number + 1}: {rng.choice(_NEXT_STEPS)}"
                saves.append((when, by, saves[-1][2], text, ""))
        update = ProgressUpdate(
            action=action, period=period, scale=plan.rating_scale,
            rating=saves[-1][2], narrative=saves[-1][3], version=len(saves),
        )  # fmt: skip
        live.append((update, saves))
    ProgressUpdate.objects.bulk_create([update for update, _saves in live], batch_size=500)
    for update, saves in live:
        for version, (when, by, rating, narrative, reason) in enumerate(saves, start=1):
            state = ProgressUpdate(
                id=update.pk, action_id=update.action_id, period_id=update.period_id,
                scale=update.scale, rating=rating, narrative=narrative, version=version,
            )  # fmt: skip
            state._history_date, state._history_user, state._change_reason = when, by, reason
            (created if version == 1 else corrected).append(state)
    history.bulk_history_create(created, batch_size=500)
    history.bulk_history_create(corrected, batch_size=500, update=True)


def _revise_due_dates(
    plan_actions: list[Action], coordinator: User, rng: random.Random, reviews: int
) -> None:
    """One action in four has its due date put back, through the write layer, with a reason."""
    for action in plan_actions[::4]:
        start, _end = _quarter(rng.randrange(IMPORTED_REVIEWS, reviews))
        when = _moment(start + datetime.timedelta(days=rng.randrange(10, 80)), rng)
        new_date = (action.due_date or start) + datetime.timedelta(days=rng.randrange(30, 200))
        with clock(when):
            revise_due_date(
                action, by=coordinator, expected_version=action.version, due_date=new_date,
                due_date_precision=Action.Precision.DAY, reason=rng.choice(_REVISION_REASONS),
            )  # fmt: skip
