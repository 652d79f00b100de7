"""Create or reset the local demo superuser, with a fresh random password it prints."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse


class Command(BaseCommand):
    help = (
        "Create a superuser for trying the site locally, or give it a new random password "
        "if it exists, and print the password. Refuses to run unless DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default="demo", help="The user to create or reset (default: demo)."
        )

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "createdemouser makes a login for local use only, and DEBUG is off: "
                "create real accounts with createsuperuser."
            )
        password = secrets.token_urlsafe(12)
        users = get_user_model().objects
        user = users.filter(username=username).first()
        if user is None:
            users.create_superuser(username=username, email="", password=password)
            done = f'Created superuser "{username}".'
        else:
            user.is_active = user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            done = f'User "{username}" exists: its password is reset.'
        self.stdout.write(
            self.style.SUCCESS(f"{done} Sign in at {reverse('login')} with password: {password}")
        )
