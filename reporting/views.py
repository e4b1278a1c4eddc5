"""The dashboard: where a plan stands at a review, what is overdue, mine, and recently changed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from actions.layout import current_snapshot, snapshot_as_at
from actions.models import Plan, ReportingPeriod
from actions.permissions import get_plan_for_user, plans_for_user
from cseplan.lib.dates import parse_as_at
from reporting import summaries
from reporting.charts import ratings_chart_svg


def _chosen_period(
    plan: Plan, periods: list[ReportingPeriod], raw: str | None
) -> ReportingPeriod | None:
    """The period asked for with `?period=<pk>` (404 unless it is the plan's), or the current."""
    if raw is None:
        return plan.current_period()
    for period in periods:
        if str(period.pk) == raw:
            return period
    raise Http404("No such review in this plan.")


@login_required
@require_GET
def dashboard(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """A plan at one review: ratings by theme and over time, overdue, my actions, changes."""
    plans = plans_for_user(request.user)
    slug = slug or summaries.current_plan_slug()
    if slug is None:
        return render(request, "reporting/dashboard_no_plan.html")
    plan = get_plan_for_user(request.user, slug)
    # Fetched once for the page: the summaries and Plan.current_period() read them from here.
    prefetch_related_objects([plan], "periods")
    periods = list(plan.periods.all())
    period = _chosen_period(plan, periods, request.GET.get("period"))
    as_at = parse_as_at(request.GET.get("as_at", ""))
    snapshot = snapshot_as_at(plan, as_at) if as_at else current_snapshot(plan)
    if as_at:
        periods = snapshot.periods
        if period is not None and period.pk not in {p.pk for p in periods}:
            period = periods[-1] if periods else None
    today = as_at.date() if as_at else timezone.localdate()
    over_periods = summaries.ratings_over_periods(snapshot)
    has_person = summaries.person_of(request.user) is not None
    context = {
        "plan": plan,
        "plans": plans,
        "periods": periods,
        "period": period,
        "by_theme": summaries.ratings_by_theme(snapshot, period) if period else None,
        "over_periods": over_periods,
        "chart": ratings_chart_svg(over_periods, plan.rating_scale) if periods else "",
        "overdue": summaries.overdue_actions(snapshot, today),
        "my_actions": (
            [
                (action, summaries.rating_in(snapshot, action, period) if period else None)
                for action in summaries.actions_led_by(request.user, snapshot)
            ]
            if has_person
            else None
        ),
        "changes": summaries.recent_changes(plan, until=as_at),
        "today": today,
        "as_at": as_at,
    }
    return render(request, "reporting/dashboard.html", context)
