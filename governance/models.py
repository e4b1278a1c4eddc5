"""The governance structure around a plan: agencies, groups, people, meetings and accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class AccountRole(models.TextChoices):
    """What an account may do; see the roles table in docs/development.md."""

    REVIEWER = "reviewer", "Reviewer"
    MEMBER = "member", "Member"
    COORDINATOR = "coordinator", "Coordinator"
    CHAIR = "chair", "Chair"
    ADMINISTRATOR = "administrator", "Administrator"


class AccountManager(UserManager["User"]):
    """Django's user manager, whose superusers are administrators (and so use two-factor
    authentication): `manage.py createsuperuser` makes the first administrator."""

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **fields: Any
    ) -> User:
        fields.setdefault("role", AccountRole.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **fields)


class User(AbstractUser):
    """An account of the service, with one role that decides what it may do."""

    Role = AccountRole

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.REVIEWER)

    objects = AccountManager()

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=AccountRole.values),
                name="user_role_valid",
                violation_error_message="Select a role from the list.",
            ),
        ]

    @property
    def display_name(self) -> str:
        """The person's name where known, the username otherwise."""
        return self.get_full_name() or self.username

    def can_update_own_actions(self) -> bool:
        """Whether the account may rate and update the actions it leads."""
        return self.is_active and self.role != self.Role.REVIEWER

    def can_edit_plans(self) -> bool:
        """Whether the account may edit any action, theme or period, and import plans."""
        return self.is_active and self.role in {
            self.Role.COORDINATOR,
            self.Role.CHAIR,
            self.Role.ADMINISTRATOR,
        }

    def can_draft_reports(self) -> bool:
        """Whether the account may write committee reports (coordinators draft only)."""
        return self.can_edit_plans()

    def can_issue_reports(self) -> bool:
        """Whether the account may issue committee reports."""
        return self.is_active and self.role in {self.Role.CHAIR, self.Role.ADMINISTRATOR}

    def can_manage_governance(self) -> bool:
        """Whether the account may manage people, groups and accounts."""
        return self.is_active and self.role == self.Role.ADMINISTRATOR


class OrganisationKind(models.TextChoices):
    """The kinds of agency in a partnership."""

    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health"
    CHARITY = "charity", "Charity"
    OTHER = "other", "Other"


class Organisation(models.Model):
    """An agency of the partnership: a police force, a council, an NHS trust, a charity."""

    Kind = OrganisationKind

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(blank=True)
    # Raised by every saved edit, so that a form based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                name="organisation_name_unique",
                violation_error_message="An organisation with this name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values),
                name="organisation_kind_valid",
                violation_error_message="Select a kind of organisation from the list.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class GroupKind(models.TextChoices):
    """The kinds of body in the governance structure."""

    BOARD = "board", "Board"
    COMMITTEE = "committee", "Committee"
    GROUP = "group", "Group"
    WORKING_GROUP = "working_group", "Working group"
    EXECUTIVE = "executive", "Executive"


class Group(models.Model):
    """A body of the governance structure: a board, the cross-authority group, a working group."""

    Kind = GroupKind

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, help_text="As used in the plan, such as CSECAG.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GROUP)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="groups",
        help_text="The organisation that hosts the group, if it is not cross-agency.",
    )
    # A cross-authority group reports to more than one board, so this is many-to-many.
    reports_to = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="reporting_groups"
    )
    terms_of_reference = models.TextField(blank=True)
    # Raised by every saved edit, so that a form based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[reports_to])

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["short_name"],
                name="group_short_name_unique",
                violation_error_message="A group with this short name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=GroupKind.values),
                name="group_kind_valid",
                violation_error_message="Select a kind of group from the list.",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name

    def chair(self) -> Person | None:
        """The person who chairs the group, if one is recorded."""
        membership = self.memberships.filter(role=Membership.Role.CHAIR).select_related("person")
        first = membership.first()
        return first.person if first else None


class Person(models.Model):
    """A named officer of an agency, who may lead actions and may have an account."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    groups = models.ManyToManyField(Group, through="Membership", related_name="people")
    # Raised by every saved edit, so that a form based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    """A person's role within a group."""

    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"
    SECRETARY = "secretary", "Secretary"


class Membership(models.Model):
    """A person's place in a group, and their role there."""

    Role = MembershipRole

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group__short_name", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "group"],
                name="membership_unique",
                violation_error_message="This person is already a member of this group.",
            ),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values),
                name="membership_role_valid",
                violation_error_message="Select a role in the group from the list.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.group}, {self.get_role_display().lower()})"


class Meeting(models.Model):
    """A group's meeting on a date, with who attended, the minutes and the decisions."""

    group = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    attendees = models.ManyToManyField(Person, blank=True, related_name="meetings_attended")
    minutes = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    # Raised by every saved edit, so that a form based on an older version is refused.
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(m2m_fields=[attendees])

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.group} meeting, {self.date.day} {self.date:%B %Y}"
