from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import HttpBearer, django_auth

from accounts import services
from accounts.models import ApiToken
from audit import log as audit
from audit.models import AuditEntry
from samtrygg.openapi import DetailOut
from tenancy.models import Membership, PoliceArea

router = Router(tags=["auth"])


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.hash(token), expires_at__gt=timezone.now())
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        request.user = row.user
        return row.user


# Bearer tokens for integrations; the session for the app's own pages.
API_AUTH = [BearerAuth(), django_auth]


class TokenIn(Schema):
    username: str
    password: str
    otp: str | None = None


class TokenOut(Schema):
    token: str
    expires_in_days: int


def _locked(response: HttpResponse, error: services.LockedOut):
    """429 with Retry-After (seconds) and the Swedish message saying when to try again."""
    response["Retry-After"] = str(error.retry_after_seconds)
    return Status(429, {"detail": str(error)})


@router.post(
    "/auth/token", auth=None, response={200: TokenOut, 401: DetailOut, 429: DetailOut}, summary="Get an API token"
)
def token(request, payload: TokenIn, response: HttpResponse):
    try:
        user = services.check_password(request, payload.username, payload.password)
    except services.LockedOut as e:
        return _locked(response, e)
    except services.LoginError as e:
        return Status(401, {"detail": str(e)})
    if services.requires_second_factor(user):
        if not services.has_totp(user):
            return Status(
                401, {"detail": _("Kontot måste ha tvåfaktorsinloggning. Logga in i webben och aktivera den först.")}
            )
        try:
            services.check_code(request, user, payload.otp or "")
        except services.LockedOut as e:
            return _locked(response, e)
        except services.LoginError as e:
            return Status(401, {"detail": str(e)})
    services.clear_failures(request, user.get_username())
    token = ApiToken.issue(user)
    audit.record(user, AuditEntry.Action.CREATE, object_type="accounts.apitoken", object_repr=user.get_username())
    return Status(200, {"token": token, "expires_in_days": _days()})


def _days() -> int:
    from django.conf import settings

    return settings.API_TOKEN_DAYS


class MembershipOut(Schema):
    municipality: str
    municipality_name: str
    role: str
    police_area: str | None = None


class MeOut(Schema):
    username: str
    memberships: list[MembershipOut]


@router.get("/me", auth=API_AUTH, response=MeOut, summary="The signed-in user and their memberships")
def me(request):
    memberships = []
    for m in Membership.objects.filter(user=request.user).select_related("municipality", "police_area"):
        if m.municipality_id:
            memberships.append(
                {"municipality": m.municipality.code, "municipality_name": m.municipality.name, "role": m.role}
            )
        else:
            area: PoliceArea = m.police_area
            for municipality in area.municipalities.all():
                memberships.append(
                    {
                        "municipality": municipality.code,
                        "municipality_name": municipality.name,
                        "role": m.role,
                        "police_area": area.name,
                    }
                )
    return {"username": request.user.get_username(), "memberships": memberships}
