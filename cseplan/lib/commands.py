"""Helpers for management commands that act on behalf of a person."""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management.base import CommandError, CommandParser


def add_user_argument(parser: CommandParser) -> None:
    """Add `--user USERNAME`, the account the command acts as (default: $CSEPLAN_USER)."""
    parser.add_argument(
        "--user",
        default=os.environ.get("CSEPLAN_USER", ""),
        help="Username of the account to act as, recorded in the history "
        "(default: the CSEPLAN_USER environment variable).",
    )


def acting_user(username: str) -> AbstractBaseUser:
    """The active account named `username`; a CommandError that says what to do otherwise."""
    if not username:
        raise CommandError("Name the account to act as with --user USERNAME (or set CSEPLAN_USER).")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active account has the username {username}.")
    return user
