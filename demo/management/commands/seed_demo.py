"""Load the seed plan, its governance structure and one demo account per role."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from actions.models import Action, Plan, ProgressUpdate
from cseplan.lib.history import save_tracked
from demo.loaders import load_governance, load_plan, load_report
from governance.models import Person, User

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
PLAN_FILE = FIXTURES / "cse-2012-14.json"
GOVERNANCE_FILE = FIXTURES / "governance.json"
REPORT_FILE = FIXTURES / "committee-report-2013.json"
DEMO_PASSWORD = "cse-demo-2012-14"  # noqa: S105 - a published demo password, refused in production
REASON = "Loaded from the seed plan"

# username, role, first name, last name, the person of the plan the account belongs to
DEMO_ACCOUNTS = [
    ("admin", User.Role.ADMINISTRATOR, "Demo", "Administrator", None),
    ("reviewer", User.Role.REVIEWER, "Demo", "Reviewer", None),
    ("member", User.Role.MEMBER, "Joanna", "Williams", "Joanna Williams"),
    ("coordinator", User.Role.COORDINATOR, "Demo", "Coordinator", None),
    ("chair", User.Role.CHAIR, "Demo", "Chair", None),
]


class Command(BaseCommand):
    help = (
        "Load the seed plan (cse-2012-14), its governance structure and one demo account per "
        "role. Running it again changes nothing. Refuses to run when DEBUG is off unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even when DEBUG is off (the demo accounts have a published password).",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off, so this looks like a production database. seed_demo creates "
                "accounts with a published password; run it with --force if you mean it."
            )
        with transaction.atomic():
            accounts = _ensure_accounts()
            admin = accounts[0][0]
            plan_data = _read(PLAN_FILE)
            # The governance structure was in place when the plan began.
            start = datetime.date.fromisoformat(plan_data["start_date"])
            load_governance(_read(GOVERNANCE_FILE), by=admin, reason=REASON, entered_on=start)
            _link_people(accounts, by=admin)
            plan = Plan.objects.filter(slug=plan_data["slug"]).first()
            if plan is None:
                plan = load_plan(plan_data, by=admin, reason=REASON)
                load_report(plan, _read(REPORT_FILE), by=admin, reason=REASON)
                self.stdout.write(f"Loaded the plan {plan.slug}: {_summary(plan)}.")
                self.stdout.write("Loaded the committee report of 2013 on it, as a draft.")
            else:
                self.stdout.write(f"The plan {plan.slug} is already loaded: {_summary(plan)}.")
        self._print_accounts(accounts)

    def _print_accounts(self, accounts: list[tuple[User, bool]]) -> None:
        self.stdout.write("\nDemo accounts:")
        self.stdout.write(f"  {'username':<12} {'role':<14} {'name':<20} password")
        for user, created in accounts:
            if created or user.check_password(DEMO_PASSWORD):
                password = DEMO_PASSWORD
            else:
                password = "(changed since it was created)"  # noqa: S105 - not a password
            self.stdout.write(
                f"  {user.username:<12} {user.get_role_display():<14} "
                f"{user.get_full_name():<20} {password}"
            )
        if settings.TWO_FACTOR_REQUIRED_ROLES:
            roles = ", ".join(settings.TWO_FACTOR_REQUIRED_ROLES)
            self.stdout.write(
                "\nAccounts of these roles set up two-factor authentication when they first "
                f"sign in: {roles}.\nNo authenticator app to hand? "
                "`make demo-code ACCOUNT=chair` prints the code the app would show."
            )


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read {path}: {error}") from error


def _ensure_accounts() -> list[tuple[User, bool]]:
    accounts = []
    admin: User | None = None
    for username, role, first_name, last_name, _person in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username, role=role, first_name=first_name, last_name=last_name)
            user.is_staff = user.is_superuser = role == User.Role.ADMINISTRATOR
            user.set_password(DEMO_PASSWORD)
            # The first account has nobody to attribute its creation to but itself-to-be.
            save_tracked(user, by=admin, reason=REASON)  # type: ignore[arg-type]
        admin = admin or user
        accounts.append((user, created))
    return accounts


def _link_people(accounts: list[tuple[User, bool]], *, by: User) -> None:
    for (user, _created), (*_rest, person_name) in zip(accounts, DEMO_ACCOUNTS, strict=True):
        if person_name is None:
            continue
        person = Person.objects.get(name=person_name)
        if person.user_id is None and not hasattr(user, "person"):
            person.user = user
            save_tracked(person, by=by, reason=REASON, update_fields=["user"])


def _summary(plan: Plan) -> str:
    actions = Action.objects.filter(theme__plan=plan).count()
    updates = ProgressUpdate.objects.filter(action__theme__plan=plan).count()
    return (
        f"{plan.themes.count()} themes, {actions} actions, {plan.periods.count()} periods, "
        f"{updates} progress updates"
    )
