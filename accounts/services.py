"""What happens to an account's sessions when the account changes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.utils import timezone


def end_sessions_of_inactive(
    sender: type[AbstractBaseUser], instance: AbstractBaseUser, **kwargs: Any
) -> None:
    """When an account is deactivated, delete its sessions there and then (connected to
    `post_save` of the user model in accounts.apps). Django would refuse them at the next request
    anyway; this leaves nothing behind that a later reactivation could revive."""
    if instance.is_active:
        return
    user_id = str(instance.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=ended).delete()
