"""Print the code a demo account's authenticator app would show now, for trying the service
without a phone. Refuses when DEBUG is off: in production, codes come from people's phones."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of an account's authenticator app (the one set up, "
        "or being set up). Only with DEBUG on, for the demo."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, username: str, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("DEBUG is off: codes come from the authenticator app only.")
        device = (
            TOTPDevice.objects.filter(user__username=username).order_by("-confirmed", "-id").first()
        )
        if device is None:
            raise CommandError(
                f"{username} has no authenticator app: sign in as {username} first, and the "
                "set-up page creates one."
            )
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
