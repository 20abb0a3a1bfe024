import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class LoginFailure(models.Model):
    """One failed sign-in (wrong password or one-time code). Rows are counted over a sliding window
    per user name and address, per address and per user name (accounts.services); older rows no
    longer count and are deleted as new failures come in."""

    username = models.CharField(max_length=150)
    # A keyed SHA-256 of the client's address (IPv6: its /64 network), not the address itself.
    ip = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"], name="loginfailure_user_at"),
            models.Index(fields=["ip", "at"], name="loginfailure_ip_at"),
        ]


class TOTPDevice(models.Model):
    """A time-based one-time password (RFC 6238) authenticator app of a user."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp")
    secret = models.CharField(max_length=64)
    confirmed = models.BooleanField(default=False)
    last_used_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)


class ApiToken(models.Model):
    """A bearer token for /api/v1/. Only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user) -> str:
        raw = secrets.token_urlsafe(32)
        cls.objects.create(
            user=user,
            digest=cls.hash(raw),
            expires_at=timezone.now() + timezone.timedelta(days=settings.API_TOKEN_DAYS),
        )
        return raw
