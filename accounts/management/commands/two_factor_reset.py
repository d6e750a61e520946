"""Reset the two-factor authentication of an account whose owner lost their
phone and their recovery codes: ``manage.py two_factor_reset <email>``.

The devices and recovery codes are deleted, the change is recorded and the
owner told by email; a manager or administrator enrols again at their next
password sign-in.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.selectors import normalise_email
from accounts.two_factor.services import two_factor_reset


class Command(BaseCommand):
    help = "Remove the two-factor devices and recovery codes of an account."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's email address.")

    def handle(self, *args, email: str, **options):
        user_model = get_user_model()
        try:
            user = user_model.objects.get(email__iexact=normalise_email(email))
        except user_model.DoesNotExist as error:
            raise CommandError(f"No account uses {email}.") from error
        except user_model.MultipleObjectsReturned as error:
            raise CommandError(f"Several accounts use {email}.") from error
        if two_factor_reset(user=user):
            self.stdout.write(f"Two-factor authentication reset for {user.email}.")
        else:
            self.stdout.write(f"{user.email} had no two-factor device.")
