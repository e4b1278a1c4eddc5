"""The demo's history is dated as the documents tell it (fixtures/README.md): the plan as it stood
on a day of 2013 is the plan with the reviews reported by then, and only the demo loader dates
history at any moment but now."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from actions.comparison import compare
from actions.models import Plan, ProgressUpdate, ReportingPeriod
from actions.page_cache import data_version
from actions.services import record_update
from actions.snapshot import current_snapshot, snapshot_as_at
from cseplan.lib.dates import end_of_day, start_of_day
from governance.models import Group, Meeting, Person, User
from reporting.models import CommitteeReport

pytestmark = pytest.mark.django_db

PLAN_START = datetime.date(2012, 4, 1)


@pytest.fixture
def seed_plan(db: None) -> Plan:
    call_command("seed_demo", "--force", stdout=io.StringIO())
    return Plan.objects.get(slug="cse-2012-14")


def _as_at(plan: Plan, day: datetime.date):
    return snapshot_as_at(plan, end_of_day(day))


def _review(plan: Plan, label: str) -> ReportingPeriod:
    return plan.periods.select_related("review_meeting").get(label=label)


def _ratings(snapshot, reference: str) -> str:
    """An action's ratings in the snapshot, one letter a review, "-" where it has none."""
    action = next(a for a in snapshot.actions if a.full_reference == reference)
    ratings = ""
    for period in snapshot.periods:
        update = snapshot.rating(action, period)
        ratings += update.rating if update and update.rating else "-"
    return ratings


def test_the_plan_as_at_a_day_of_2013_is_the_whole_plan(seed_plan: Plan) -> None:
    then = _as_at(seed_plan, datetime.date(2013, 4, 30))
    now = current_snapshot(seed_plan)
    assert len(then.themes) == 5 and len(then.periods) == 4
    assert [a.full_reference for a in then.actions] == [a.full_reference for a in now.actions]
    assert len(then.actions) == 26


def test_the_plan_is_there_from_its_first_day_and_not_before(seed_plan: Plan) -> None:
    first = _as_at(seed_plan, PLAN_START)
    assert len(first.actions) == 26 and not any(first.updates.values())
    before = _as_at(seed_plan, PLAN_START - datetime.timedelta(days=1))
    assert (before.themes, before.periods, before.actions) == ([], [], [])


def test_its_ratings_are_those_of_the_reviews_reported_by_that_day(seed_plan: Plan) -> None:
    # 1.1 is rated R R A G at the four reviews, 2.2 unrated, then R R R (the document's J O J A).
    october = _review(seed_plan, "Oct 2012").reported_on()
    assert october == datetime.date(2012, 12, 31)  # no review meeting: the period's last day
    assert _ratings(_as_at(seed_plan, october - datetime.timedelta(days=1)), "1.1") == "R---"
    assert _ratings(_as_at(seed_plan, october), "1.1") == "RR--"
    assert _ratings(_as_at(seed_plan, october), "2.2") == "-R--"
    # Apr 2013 was reported at the CSECAG meeting of 16 April 2013.
    assert _review(seed_plan, "Apr 2013").reported_on() == datetime.date(2013, 4, 16)
    assert _ratings(_as_at(seed_plan, datetime.date(2013, 4, 15)), "1.1") == "RRA-"
    as_reported = _as_at(seed_plan, datetime.date(2013, 4, 16))
    assert _ratings(as_reported, "1.1") == "RRAG"
    # The Progress column is the narrative of Apr 2013, so it is there from that review only.
    action = next(a for a in as_reported.actions if a.full_reference == "1.1")
    assert as_reported.progress(action).startswith("Completed")
    earlier = _as_at(seed_plan, datetime.date(2013, 4, 15))
    assert earlier.progress(next(a for a in earlier.actions if a.pk == action.pk)) == ""


def test_each_row_is_dated_as_the_documents_tell_it(seed_plan: Plan) -> None:
    def days(records) -> set[datetime.date]:
        return {timezone.localtime(record.history_date).date() for record in records}

    assert days(seed_plan.history.all()) == {PLAN_START}
    for model in (ReportingPeriod, Group):
        assert days(model.history.all()) == {PLAN_START}
    assert start_of_day(PLAN_START) == seed_plan.history.get().history_date
    for period in seed_plan.periods.all():
        records = ProgressUpdate.history.filter(period_id=period.pk)
        assert days(records) == {period.reported_on()}, period.label
    for meeting in Meeting.objects.all():
        assert days(meeting.history.all()) == {meeting.date}
    report = CommitteeReport.objects.get()
    assert days(report.history.all()) == {datetime.date(2013, 5, 14)}
    # What is not of the documents, the demo accounts and who they are, is dated when loaded.
    today = timezone.localdate()
    assert days(User.history.all()) == {today}
    assert days(Person.objects.get(name="Joanna Williams").history.all()) == {PLAN_START, today}


def test_comparing_two_reviews_lists_what_the_later_one_reported(seed_plan: Plan) -> None:
    january = _review(seed_plan, "Jan 2013").reported_on()
    april = _review(seed_plan, "Apr 2013").reported_on()
    result = compare(_as_at(seed_plan, january), _as_at(seed_plan, april))
    assert not result.added and not result.removed and not result.new_periods
    assert result.ratings and {moved.period_label for moved in result.ratings} == {"Apr 2013"}
    assert {moved.before for moved in result.ratings} == {"Not rated"}
    assert len(result.ratings) == ProgressUpdate.objects.filter(period__label="Apr 2013").count()
    assert {rewritten.period_label for rewritten in result.narratives} == {"Apr 2013"}


def test_comparing_a_day_of_2013_with_today_lists_only_what_changed_since(
    seed_plan: Plan, coordinator: User
) -> None:
    then = datetime.date(2013, 4, 30)
    assert compare(_as_at(seed_plan, then), current_snapshot(seed_plan)).is_empty()
    action = seed_plan.actions().get(reference="1.3")
    april = seed_plan.periods.get(label="Apr 2013")
    update = action.updates.get(period=april)
    record_update(
        action, april, rating="G", narrative="Performances booked.", by=coordinator,
        expected_version=update.version,
    )  # fmt: skip
    # A person's change is dated when it is made, never as the demo's rows are.
    assert timezone.localtime(update.history.first().history_date).date() == timezone.localdate()
    result = compare(_as_at(seed_plan, then), current_snapshot(seed_plan))
    assert [(m.action.pk, m.before, m.after) for m in result.ratings] == [
        (action.pk, "Amber (A)", "Green (G)")
    ]
    assert not result.added and not result.removed and not result.dates


def test_loading_the_demo_raises_the_data_versions_of_the_cached_pages(seed_plan: Plan) -> None:
    plan_number, people_number = data_version(seed_plan)
    assert plan_number > 0 and people_number > 0


# Project code that dates history rows: the one place that may, and the one loader that does.
_MAY_DATE = {Path("cseplan/lib/history.py")}
_DATES_HISTORY = re.compile(r"\bbackdated\b|_history_date\b|\bdefault_date\b|\bhistory_date\s*=")


def test_only_the_demo_loader_dates_history_at_any_moment_but_now() -> None:
    root = Path(settings.BASE_DIR)
    apps = ("accounts", "actions", "cseplan", "demo", "governance", "operations", "reporting")
    found = sorted(
        path.relative_to(root)
        for app in apps
        for path in (root / app).rglob("*.py")
        if _DATES_HISTORY.search(path.read_text(encoding="utf-8"))
        and path.relative_to(root) not in _MAY_DATE
    )
    assert found == [Path("demo/loaders.py")]
