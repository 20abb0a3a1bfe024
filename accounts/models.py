import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class LoginThrottle(models.Model):
    """Failed sign-ins per user name; too many in a row locks the name for a while."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


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
