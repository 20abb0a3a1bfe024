"""Sign-in: password check with lockout, and the TOTP second factor. Shared by the web login
and the API token endpoint, so both lock out alike.

Lockout: failed passwords and one-time codes are counted over a sliding window
(LOGIN_FAILURE_WINDOW_MINUTES), and a failure stops counting once it is older than the window.
Sign-in is refused while any of three counts is at its limit:
- per user name from one address (LOGIN_MAX_FAILURES): a wrong password from address A does not
  lock the user out at address B, so a stranger cannot keep a known account locked;
- per address over all user names (LOGIN_MAX_FAILURES_PER_IP): one host spraying many names;
- per user name over all addresses (LOGIN_MAX_FAILURES_PER_ACCOUNT, much larger): guessing spread
  over many addresses. The trade-off: someone with that many addresses can still lock an account
  for a window; without the bound they could guess without end.
Attempts while locked are refused without checking the password and are not counted, so
hammering does not extend the lock."""

import datetime
import math

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import LoginFailure, TOTPDevice
from audit import log as audit
from audit.models import AuditEntry
from samtrygg.clientip import client_ip, network_key
from tenancy.models import Membership
from tenancy.roles import Role


class LoginError(Exception):
    pass


class LockedOut(LoginError):
    """Too many failures: sign-in is refused until retry_at (an aware datetime)."""

    def __init__(self, retry_at: datetime.datetime):
        self.retry_at = retry_at
        super().__init__(locked_message(retry_at))

    @property
    def retry_after_seconds(self) -> int:
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds()))


def locked_message(retry_at: datetime.datetime) -> str:
    minutes = max(1, math.ceil((retry_at - timezone.now()).total_seconds() / 60))
    clock = formats.time_format(timezone.localtime(retry_at), "H:i")
    return ngettext(
        "Inloggningen är tillfälligt låst efter för många misslyckade försök. "
        "Försök igen om %(minutes)d minut (kl. %(clock)s).",
        "Inloggningen är tillfälligt låst efter för många misslyckade försök. "
        "Försök igen om %(minutes)d minuter (kl. %(clock)s).",
        minutes,
    ) % {"minutes": minutes, "clock": clock}


def _throttle_key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _address(request) -> str:
    """The client's address (IPv6: its /64) as a keyed hash: the failure rows hold no address."""
    return salted_hmac("accounts.loginfailure", network_key(client_ip(request)), algorithm="sha256").hexdigest()


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def locked_until(username: str, ip: str, exclude: int | None = None) -> datetime.datetime | None:
    """When sign-in as this user name from this address is allowed again; None when it is now.
    A count is at its limit while its limit-th newest failure is inside the window, and the lock
    lifts when that failure leaves it."""
    key = _throttle_key(username)
    since = timezone.now() - _window()
    recent = LoginFailure.objects.filter(at__gt=since)
    if exclude is not None:
        recent = recent.exclude(pk=exclude)
    until = None
    for rows, limit in (
        (recent.filter(username=key, ip=ip), settings.LOGIN_MAX_FAILURES),
        (recent.filter(ip=ip), settings.LOGIN_MAX_FAILURES_PER_IP),
        (recent.filter(username=key), settings.LOGIN_MAX_FAILURES_PER_ACCOUNT),
    ):
        if limit <= 0:
            continue
        at = rows.order_by("-at", "-pk").values_list("at", flat=True)[limit - 1 : limit].first()
        if at is not None and (until is None or at + _window() > until):
            until = at + _window()
    return until


def is_locked(username: str, ip: str) -> bool:
    return locked_until(username, ip) is not None


def _attempt(username: str, ip: str) -> LoginFailure:
    """Count an attempt as a failure before checking it, and refuse it if the limit was already
    reached: parallel guesses see each other's rows, so they cannot outrun the limit. The row is
    deleted again if the attempt is refused or turns out right."""
    LoginFailure.objects.filter(at__lte=timezone.now() - _window()).delete()
    row = LoginFailure.objects.create(username=_throttle_key(username), ip=ip)
    until = locked_until(username, ip, exclude=row.pk)
    if until is not None:
        row.delete()
        raise LockedOut(until)
    return row


def _failed(username: str, ip: str, actor=None) -> None:
    """Audit a counted failure; raise LockedOut when it reached a limit."""
    until = locked_until(username, ip)
    audit.record(
        actor,
        AuditEntry.Action.LOCKED if until else AuditEntry.Action.LOGIN_FAILED,
        object_type="auth.user",
        object_repr=_throttle_key(username),
    )
    if until:
        raise LockedOut(until)


def clear_failures(request, username: str) -> None:
    """After a complete sign-in (password and, where required, the code): the failures of this
    user name from this address. Failures from other addresses still count."""
    LoginFailure.objects.filter(username=_throttle_key(username), ip=_address(request)).delete()


def check_password(request, username: str, password: str):
    """The user for these credentials, or LoginError (LockedOut when locked) with a message fit
    to show. Failures are only cleared by a complete sign-in, so a known password does not reset
    code guessing."""
    username = (username or "").strip()
    ip = _address(request)
    row = _attempt(username, ip)
    user = authenticate(request, username=username, password=password)
    if user is None:
        _failed(username, ip)
        raise LoginError(_("Fel användarnamn eller lösenord."))
    row.delete()
    return user


def check_code(request, user, code: str) -> None:
    """Verify a one-time code at sign-in; wrong codes count towards the lockout like passwords."""
    ip = _address(request)
    row = _attempt(user.get_username(), ip)
    if not verify_totp(user, code):
        _failed(user.get_username(), ip, actor=user)
        raise LoginError(_("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen."))
    row.delete()


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


def signed_in(request, actor) -> None:
    clear_failures(request, actor.get_username())
    audit.record(actor, AuditEntry.Action.LOGIN, actor)
