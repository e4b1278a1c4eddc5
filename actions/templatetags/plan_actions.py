"""Plan actions on the pages of other apps, such as a person's or a group's in governance."""

from __future__ import annotations

from django import template

from actions.models import Action
from governance.models import Group, Person

register = template.Library()


def _listed(actions: object) -> object:
    return actions.select_related("theme__plan", "parent", "lead_group").prefetch_related(
        "co_leads"
    )


@register.simple_tag
def actions_led_by(person: Person) -> list[tuple[Action, str]]:
    """The actions the person leads (`Action.objects.led_by`), in document order, each with how:
    "Lead", "Co-lead" or "Through CSECAG"."""
    rows = []
    for action in _listed(Action.objects.led_by(person).in_document_order()):
        if action.lead_person_id == person.pk:
            how = "Lead"
        elif any(co_lead.pk == person.pk for co_lead in action.co_leads.all()):
            how = "Co-lead"
        else:
            how = f"Through {action.lead_group.short_name}"
        rows.append((action, how))
    return rows


@register.simple_tag
def actions_of_group(group: Group) -> list[tuple[Action, str]]:
    """The actions whose lead group is `group`, in document order."""
    return [(action, "") for action in _listed(group.actions_led.in_document_order())]
