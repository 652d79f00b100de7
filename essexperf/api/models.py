import hashlib
import secrets

from django.db import models
from django.utils import timezone

# The prefix is stored in clear so a token can be found by it and named in logs;
# only a hash of the whole token is kept, so a stolen database yields no usable token.
PREFIX_LENGTH = 8
SECRET_BYTES = 32


def hash_token(token):
    # Tokens are long random strings, so a fast hash is enough: there is nothing to guess.
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A revocable credential of one system that reads, or also writes, through the API."""

    name = models.CharField(max_length=100, unique=True, help_text="The system that holds it.")
    # Unique, so indexed: authentication looks a presented token up by its prefix.
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    can_write = models.BooleanField(
        default=False, help_text="May create and update observations (data feeds)."
    )
    can_read_drafts = models.BooleanField(
        default=False,
        help_text="May read draft and in-review periods, as office staff do: only for the "
        "office's own systems.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    # Approvers read the audit trail but may not manage tokens: it records neither the
    # prefix (which narrows a guess to one token) nor the hash (which can be attacked
    # offline). Neither is a change anyone needs to read; they change only with the secret.
    unrecorded_fields = ("prefix", "key_hash")

    class Meta:
        ordering = ["name"]
        verbose_name = "API token"

    def __str__(self):
        # No prefix: the name is unique, and this text is what the audit trail names the
        # token by (see unrecorded_fields).
        return f"{self.name} ({'revoked' if self.revoked_at else self.access})"

    @property
    def access(self):
        """What the token may do, in words, such as "read and write, drafts too"."""
        access = "read and write" if self.can_write else "read"
        return f"{access}, drafts too" if self.can_read_drafts else access

    @classmethod
    def issue(cls, name, can_write=False, can_read_drafts=False):
        """Create a token; return it with its secret, which is shown this once and never kept."""
        token = cls(name=name, can_write=can_write, can_read_drafts=can_read_drafts)
        secret = token.set_new_secret()
        token.save()
        return token, secret

    def set_new_secret(self):
        """Give this unsaved token a fresh secret: keep its hash and return the secret itself."""
        self.prefix = secrets.token_hex(PREFIX_LENGTH // 2)
        secret = f"{self.prefix}.{secrets.token_urlsafe(SECRET_BYTES)}"
        self.key_hash = hash_token(secret)
        return secret

    @classmethod
    def find(cls, token):
        """The active token matching a presented secret, or None."""
        prefix, _, _ = token.partition(".")
        candidate = cls.objects.active().filter(prefix=prefix).first()
        if candidate and secrets.compare_digest(candidate.key_hash, hash_token(token)):
            return candidate
        return None

    @property
    def is_active(self):
        return self.revoked_at is None

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
