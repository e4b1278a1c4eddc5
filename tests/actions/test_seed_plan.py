"""The seed plan in fixtures/ matches the published document, row for row."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from actions.models import Action, Plan
from governance.models import Group, Person

# Read off ../shared/seeds/cse-action-plan-2012-14.txt: reference, lead, due date as the plan
# prints it, its precision, and the four ratings J O J A ("-" where the quarter was not rated).
DOCUMENT_ROWS = [
    ("a)", "CSECAG", "June 2012", "month", "GGGG"),
    ("b)", "CSECAG", "June 2012", "month", "GGGG"),
    ("c)", "CSECAG", "July 2012", "month", "GGGG"),
    ("1.1", "Martin Hillier", "30/06/2013", "day", "RRAG"),
    ("1.2", "", "", "", "----"),
    ("1.2a", "Joanna Williams (WGAP)", "30/06/2013", "day", "AAAA"),
    ("1.2b", "Joanna Williams (WGAP)", "30/06/2013", "day", "AAAA"),
    ("1.2c", "Joanna Williams (WGAP)", "30/06/2013", "day", "AAAA"),
    ("1.2d", "Joanna Williams (WGAP)", "30/06/2013", "day", "AAAA"),
    ("1.3", "Sharon Sipple (WGAC)", "31/08/2013", "day", "RAAA"),
    ("1.4", "Sam Flint (WGLAC)", "30/09/2013", "day", "-RRA"),
    ("1.5", "", "", "", "RRRR"),
    ("2.1", "", "", "", "----"),
    ("2.1a", "Caroline Riley", "01/04/2013", "day", "AAAG"),
    ("2.1b", "Caroline Riley", "16/07/2013", "day", "RRRA"),
    ("2.1c", "Caroline Riley", "01/04/2013", "day", "AAAG"),
    ("2.2", "CSECAG", "", "", "-RRR"),
    ("2.3", "", "", "", "----"),
    ("2.3a", "Terri Johnson", "31/12/2013", "day", "AAAA"),
    ("2.3b", "Terri Johnson", "31/12/2013", "day", "AAAA"),
    ("2.3c", "Terri Johnson", "31/12/2013", "day", "AAAA"),
    ("2.4", "Jenny Spencer", "12/09/2013", "day", "RRRR"),
    ("3.1", "Martin Hillier", "01/02/2013", "day", "RRGG"),
    ("3.2", "Caroline Riley", "30/06/2013", "day", "AAAA"),
    ("4.1", "Liz Tinsley", "15/11/2013", "day", "GGGA"),
    ("4.2", "Kim Pocock", "June 2012", "month", "GGGG"),
]

EXTRACTION_NOISE = set("ΔΑĀ٩^")


@pytest.fixture
def seed_plan(db: None) -> Plan:
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Plan.objects.get(slug="cse-2012-14")


def _row(action: Action, periods: list) -> tuple[str, str, str, str, str]:
    ratings = {update.period_id: update.rating for update in action.updates.all()}
    return (
        action.full_reference,
        action.lead_display,
        action.due_date_display,
        action.due_date_precision if action.due_date else "",
        "".join(ratings.get(period.pk) or "-" for period in periods),
    )


def test_every_row_of_the_document_is_in_the_plan(seed_plan: Plan) -> None:
    periods = list(seed_plan.periods.all())
    actions = seed_plan.actions().select_related("parent", "lead_person", "lead_group")
    rows = [_row(action, periods) for action in actions.prefetch_related("updates")]
    assert rows == DOCUMENT_ROWS


def test_the_periods_are_the_four_quarterly_reviews(seed_plan: Plan) -> None:
    periods = [(p.label, p.short_label, p.is_closed) for p in seed_plan.periods.all()]
    assert periods == [
        ("Jul 2012", "J", True),
        ("Oct 2012", "O", True),
        ("Jan 2013", "J", True),
        ("Apr 2013", "A", False),
    ]
    april = seed_plan.periods.get(label="Apr 2013")
    assert april.review_meeting.group.short_name == "CSECAG"
    assert str(april.review_meeting.date) == "2013-04-16"


def test_the_themes_have_their_objectives_and_narratives(seed_plan: Plan) -> None:
    themes = list(seed_plan.themes.all())
    assert [theme.heading for theme in themes] == [
        "Overarching Strategy and Governance",
        "1. Prevention & Response",
        "2. Safeguarding and Protection",
        "3. Bringing Offenders to Justice",
        "4. Public Confidence",
    ]
    assert themes[1].objective == (
        "Promote awareness to improve early identification of child sexual exploitation"
    )
    assert themes[3].narrative.startswith("The overall strategy, approach and response")
    assert all(theme.narrative for theme in themes)


def test_leads_are_people_groups_or_people_in_groups(seed_plan: Plan) -> None:
    by_ref = {action.full_reference: action for action in seed_plan.actions()}
    assert by_ref["1.2a"].lead_person.name == "Joanna Williams"
    assert by_ref["1.2a"].lead_group.short_name == "WGAP"
    assert by_ref["a)"].lead_person is None
    assert by_ref["a)"].lead_group.short_name == "CSECAG"
    assert by_ref["1.1"].lead_group is None
    assert by_ref["1.5"].lead_person is None and by_ref["1.5"].lead_group is None


def test_the_progress_is_as_written_without_extraction_noise(seed_plan: Plan) -> None:
    by_ref = {a.full_reference: a for a in seed_plan.actions().prefetch_related("updates__period")}
    assert (
        by_ref["1.1"]
        .latest_progress()
        .startswith("Completed – the communication channels between LSCB and partner agencies")
    )
    assert by_ref["2.1b"].latest_progress() == "To be identified following above conclusion."
    assert (
        by_ref["1.2c"]
        .latest_progress()
        .endswith("The due date has been put back to accommodate the above.")
    )
    assert by_ref["1.2"].latest_progress() == ""
    texts = [seed_plan.title, seed_plan.subtitle]
    for theme in seed_plan.themes.all():
        texts += [theme.title, theme.objective, theme.narrative]
    for action in by_ref.values():
        texts += [action.description, action.latest_progress()]
    assert not [text for text in texts if EXTRACTION_NOISE & set(text)]


def test_completed_actions_are_marked_completed(seed_plan: Plan) -> None:
    completed = [
        a.full_reference for a in seed_plan.actions().filter(status=Action.Status.COMPLETED)
    ]
    assert completed == ["a)", "b)", "c)", "1.1", "3.1", "4.2"]


def test_the_governance_structure_of_the_documents_is_loaded(seed_plan: Plan) -> None:
    short_names = set(Group.objects.values_list("short_name", flat=True))
    assert {
        "CSECAG",
        "City LSCB",
        "NSCB",
        "WGAP",
        "WGAC",
        "WGLAC",
        "City OMG",
        "County Executive",
    } <= short_names
    csecag = Group.objects.get(short_name="CSECAG")
    assert {g.short_name for g in csecag.reports_to.all()} == {"City LSCB", "NSCB"}
    assert {g.short_name for g in csecag.reporting_groups.all()} == {"WGAP", "WGAC", "WGLAC"}
    assert seed_plan.owning_group == csecag
    assert Group.objects.get(short_name="WGLAC").chair().name == "Sam Flint"
    terri = Person.objects.get(name="Terri Johnson")
    assert terri.organisation.name == "Nottinghamshire County Council"
    assert terri.email == "terri.johnson@nottscc.gov.uk"
