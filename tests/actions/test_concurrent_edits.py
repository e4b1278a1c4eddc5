"""No lost updates: editors saving the same version at once, on PostgreSQL, one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from actions.models import Action, ProgressUpdate, ReportingPeriod
from actions.services import record_update
from cseplan.lib.edits import StaleEditError
from governance.models import User
from tests.conftest import make_action, make_period, make_plan, make_theme, make_update, make_user

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


def _race(
    editors: int, action: Action, period: ReportingPeriod, user: User, version: int
) -> list[str]:
    outcomes: list[str] = []
    start = threading.Barrier(editors)

    def edit(number: int) -> None:
        try:
            start.wait()
            record_update(
                action, period, rating="G", narrative=f"Editor {number}", by=user,
                expected_version=version,
            )  # fmt: skip
            outcomes.append("saved")
        except StaleEditError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(editors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("editors", [2, 5, 20])
def test_of_many_editors_of_one_version_exactly_one_saves(editors: int) -> None:
    plan = make_plan()
    period = make_period(plan)
    action = make_action(make_theme(plan))
    make_update(action, period, rating="A", narrative="Before", version=1)
    user = make_user(User.Role.COORDINATOR)
    outcomes = _race(editors, action, period, user, version=1)
    assert sorted(outcomes) == ["conflict"] * (editors - 1) + ["saved"]
    update = ProgressUpdate.objects.get()
    assert update.version == 2 and update.narrative.startswith("Editor ")
    assert ProgressUpdate.history.filter(version=2).count() == 1  # one history row for the one save


@pytest.mark.parametrize("editors", [2, 10])
def test_of_many_first_ratings_at_once_exactly_one_saves(editors: int) -> None:
    plan = make_plan()
    period = make_period(plan)
    action = make_action(make_theme(plan))
    user = make_user(User.Role.COORDINATOR)
    outcomes = _race(editors, action, period, user, version=0)
    assert sorted(outcomes) == ["conflict"] * (editors - 1) + ["saved"]
    assert ProgressUpdate.objects.count() == 1 and ProgressUpdate.history.count() == 1
