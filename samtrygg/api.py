from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.errors import ValidationError

from accounts.api import router as accounts_router
from actionplans.api import router as actionplans_router
from agreements.api import router as agreements_router
from focusareas.api import router as focusareas_router
from forums.api import router as forums_router
from incidents.api import router as incidents_router
from lagesbild.api import router as lagesbild_router
from majorevents.api import router as majorevents_router
from policedata.api import router as policedata_router
from policedata.counts_api import router as counts_router
from policedata.fetch_api import router as feed_router
from privacy.api import router as privacy_router
from promises.api import router as promises_router
from reports.api import router as reports_router
from samtrygg.openapi import DocumentedAPI
from statusreports.api import router as statusreports_router
from tips.api import public_router as public_tips_router
from tips.api import router as tips_router
from walks.api import router as walks_router
from yearcycle.api import router as yearcycle_router

api = DocumentedAPI(
    title="Samtrygg API",
    version="1",
    urls_namespace="api",
    description="Samtrygg: händelserapportering (EST) och brottsförebyggande samverkan.",
)
api.add_router("", accounts_router)
api.add_router("", incidents_router)
api.add_router("", policedata_router)
api.add_router("", counts_router)
api.add_router("", feed_router)
api.add_router("", lagesbild_router)
for router in (
    focusareas_router,
    agreements_router,
    promises_router,
    forums_router,
    statusreports_router,
    yearcycle_router,
    actionplans_router,
    reports_router,
    privacy_router,
    walks_router,
    tips_router,
    public_tips_router,
    majorevents_router,
):
    api.add_router("", router)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": _("Din roll ger inte behörighet till detta.")}, status=403)


@api.exception_handler(ValidationError)
def validation_errors(request, exc: ValidationError):
    """Type errors in a request body answer like form errors: 422, a Swedish message per field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload", "query", "filters")]
        field = ".".join(loc) or "__all__"
        if error.get("type") == "missing":
            message = _("Fältet måste fyllas i.")
        elif error.get("type") in ("literal_error", "enum") and "expected" in error.get("ctx", {}):
            # pydantic lists the valid values as "'a', 'b' or 'c'"
            valid = str(error["ctx"]["expected"]).replace(" or ", " " + _("eller") + " ")
            message = _("Ogiltigt värde. Giltiga värden: %(valid)s.") % {"valid": valid}
        else:
            message = _("Ogiltigt värde.")
        errors.setdefault(field, []).append(message)
    return api.create_response(request, {"errors": errors}, status=422)
