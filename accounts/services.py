"""Sign-in: password check with lockout, and the TOTP second factor. Shared by the web login
and the API token endpoint, so both lock out alike."""

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import LoginThrottle, TOTPDevice
from audit import log as audit
from audit.models import AuditEntry
from tenancy.models import Membership
from tenancy.roles import Role


class LoginError(Exception):
    pass


LOCKED_MESSAGE = gettext_lazy(
    "Kontot är tillfälligt låst efter för många misslyckade inloggningar. Försök igen om en stund."
)


def _throttle_key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def is_locked(username: str) -> bool:
    throttle = LoginThrottle.objects.filter(username=_throttle_key(username)).first()
    return bool(throttle and throttle.is_locked())


def register_failure(username: str, actor=None) -> bool:
    """Count a failed password or one-time code; True when this failure locked the account.
    The row is locked while counting, so parallel guesses cannot outrun the limit."""
    key = _throttle_key(username)
    with transaction.atomic():
        LoginThrottle.objects.get_or_create(username=key)
        throttle = LoginThrottle.objects.select_for_update().get(username=key)
        throttle.failures += 1
        locked = throttle.failures >= settings.LOGIN_MAX_FAILURES
        if locked:
            throttle.locked_until = timezone.now() + timezone.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            throttle.failures = 0
        throttle.save()
    audit.record(
        actor,
        AuditEntry.Action.LOCKED if locked else AuditEntry.Action.LOGIN_FAILED,
        object_type="auth.user",
        object_repr=key,
    )
    return locked


def clear_failures(username: str) -> None:
    """After a complete sign-in (password and, where required, the code)."""
    LoginThrottle.objects.filter(username=_throttle_key(username), failures__gt=0).update(failures=0)


def check_password(request, username: str, password: str):
    """The user for these credentials, or LoginError with a message fit to show. Failures are
    only cleared by a complete sign-in, so a known password does not reset code guessing."""
    username = (username or "").strip()
    if is_locked(username):
        raise LoginError(str(LOCKED_MESSAGE))
    user = authenticate(request, username=username, password=password)
    if user is None:
        if register_failure(username):
            raise LoginError(str(LOCKED_MESSAGE))
        raise LoginError(_("Fel användarnamn eller lösenord."))
    return user


def check_code(user, code: str) -> None:
    """Verify a one-time code at sign-in; wrong codes count towards the lockout."""
    if is_locked(user.get_username()):
        raise LoginError(str(LOCKED_MESSAGE))
    if not verify_totp(user, code):
        if register_failure(user.get_username(), actor=user):
            raise LoginError(str(LOCKED_MESSAGE))
        raise LoginError(_("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen."))


def requires_second_factor(user) -> bool:
    """Admins must use TOTP; anyone who has set it up uses it."""
    return has_totp(user) or is_admin(user)


def is_admin(user) -> bool:
    return Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def disable_totp(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    audit.record(user, AuditEntry.Action.UPDATE, user, changes={"totp": [True, False]})


def has_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def verify_totp(user, code: str) -> bool:
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        return False
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    totp = pyotp.TOTP(device.secret)
    now = timezone.now().timestamp()
    for offset in (-1, 0, 1):
        step = int(now // 30) + offset
        if totp.at(step * 30) == code and step > device.last_used_step:
            # A code is good once: replaying it is refused.
            device.last_used_step = step
            device.confirmed = True
            device.save(update_fields=["last_used_step", "confirmed"])
            return True
    return False


def start_totp_enrolment(user) -> TOTPDevice:
    return TOTPDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})[0]


def provisioning_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.get_username(), issuer_name="Samtrygg")


def signed_in(actor) -> None:
    clear_failures(actor.get_username())
    audit.record(actor, AuditEntry.Action.LOGIN, actor)
