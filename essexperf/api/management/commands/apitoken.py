"""Issue, revoke and list the tokens other systems use to reach the API."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from essexperf.api.models import ApiToken

# Every request reads its token from the database (essexperf.api.authentication).
REFUSED_WITHIN = "running servers refuse it from its next request"


class Command(BaseCommand):
    help = (
        "Manage API tokens: create one for a system (its secret is printed once and only its "
        "hash is kept), revoke one, or list them all."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = actions.add_parser("create", help="Issue a token and print its secret once.")
        create.add_argument("name", help="The system that will hold the token.")
        create.add_argument("--write", action="store_true", help="Also allow writing (data feeds).")
        create.add_argument(
            "--read-drafts",
            action="store_true",
            help="Also read draft and in-review periods, as office staff do: only for the "
            "office's own systems.",
        )
        revoke = actions.add_parser("revoke", help=f"Revoke a token: {REFUSED_WITHIN}.")
        revoke.add_argument("name", help="The token's name.")
        revoke.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Revoke without asking for confirmation.",
        )
        actions.add_parser("list", help="List the tokens, active and revoked.")

    def handle(self, *args, action, **options):
        if action == "create":
            self.create(options["name"], options["write"], options["read_drafts"])
        elif action == "revoke":
            self.revoke(options["name"], options["interactive"])
        else:
            self.list_tokens()

    def create(self, name, can_write, can_read_drafts):
        name = name.strip()
        if ApiToken.objects.filter(name=name).exists():
            raise CommandError(f'A token named "{name}" exists already: choose another name.')
        token = ApiToken(name=name, can_write=can_write, can_read_drafts=can_read_drafts)
        secret = token.set_new_secret()
        try:
            token.full_clean()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        token.save()
        self.stdout.write(self.style.SUCCESS(f'Created the token "{token.name}" ({token.access}).'))
        self.stdout.write("Copy its secret now: it is not kept and will not be shown again.")
        self.stdout.write(secret)

    def revoke(self, name, interactive):
        token = ApiToken.objects.filter(name=name).first()
        if token is None:
            raise CommandError(f'There is no token named "{name}".')
        if not token.is_active:
            revoked_on = timezone.localtime(token.revoked_at)
            self.stdout.write(f'"{name}" was already revoked on {revoked_on:%Y-%m-%d}.')
            return
        if interactive and not self.confirmed(name):
            raise CommandError("Revocation cancelled.")
        token.revoke()
        self.stdout.write(self.style.SUCCESS(f'Revoked "{name}": {REFUSED_WITHIN}.'))

    def confirmed(self, name):
        answer = input(f'Revoke "{name}"? The system holding it loses access. Type "yes": ')
        return answer.strip().lower() == "yes"

    def list_tokens(self):
        tokens = ApiToken.objects.all()
        if not tokens:
            self.stdout.write("No tokens.")
            return
        rows = [("NAME", "PREFIX", "ACCESS", "DRAFTS", "CREATED", "LAST USED", "REVOKED")]
        rows += [token_row(token) for token in tokens]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())


def token_row(token):
    def day(moment):
        return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "-"

    access = "read/write" if token.can_write else "read"
    return (
        token.name,
        token.prefix,
        access,
        "yes" if token.can_read_drafts else "no",
        day(token.created_at),
        day(token.last_used_at),
        day(token.revoked_at),
    )
