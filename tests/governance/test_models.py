"""Governance models: constraints, and what each role may do."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance.models import Group, Membership, User
from tests.conftest import make_group, make_person, make_user

pytestmark = pytest.mark.django_db


def test_a_group_short_name_is_unique() -> None:
    make_group(short_name="CSECAG")
    duplicate = Group(short_name="CSECAG", name="Another")
    with pytest.raises(ValidationError, match="A group with this short name already exists"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_person_is_a_member_of_a_group_once() -> None:
    person, group = make_person(), make_group()
    Membership.objects.create(person=person, group=group)
    duplicate = Membership(person=person, group=group, role=Membership.Role.CHAIR)
    with pytest.raises(ValidationError, match="already a member of this group"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_group_may_report_to_several_boards() -> None:
    city, county = make_group(short_name="City LSCB"), make_group(short_name="NSCB")
    csecag = make_group(short_name="CSECAG")
    csecag.reports_to.set([city, county])
    assert list(city.reporting_groups.all()) == [csecag]
    assert {g.short_name for g in csecag.reports_to.all()} == {"City LSCB", "NSCB"}


# role: update own actions, edit plans, draft reports, issue reports, manage governance
ROLE_TABLE = {
    User.Role.REVIEWER: (False, False, False, False, False),
    User.Role.MEMBER: (True, False, False, False, False),
    User.Role.COORDINATOR: (True, True, True, False, False),
    User.Role.CHAIR: (True, True, True, True, False),
    User.Role.ADMINISTRATOR: (True, True, True, True, True),
}


@pytest.mark.parametrize(("role", "expected"), ROLE_TABLE.items())
def test_each_role_may_do_what_the_design_table_says(role: str, expected: tuple) -> None:
    user = make_user(role)
    assert (
        user.can_update_own_actions(),
        user.can_edit_plans(),
        user.can_draft_reports(),
        user.can_issue_reports(),
        user.can_manage_governance(),
    ) == expected


def test_a_deactivated_account_may_do_nothing() -> None:
    user = make_user(User.Role.ADMINISTRATOR, is_active=False)
    assert not (
        user.can_update_own_actions() or user.can_edit_plans() or user.can_manage_governance()
    )


def test_account_history_never_keeps_the_password() -> None:
    user = make_user()
    user.set_password("another long passphrase")
    user.save()
    assert not hasattr(user.history.first(), "password")
