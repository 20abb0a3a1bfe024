import time

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import CodeForm, LoginForm
from audit import log as audit
from audit.models import AuditEntry

PENDING = "pending_user_id"
PENDING_AT = "pending_at"
NEXT = "pending_next"
PENDING_SECONDS = 300  # the password step is good for five minutes


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _finish(request: HttpRequest, user, target: str) -> HttpResponse:
    for key in (PENDING, PENDING_AT, NEXT):
        request.session.pop(key, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    services.signed_in(request, user)
    return redirect(target)


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    error = ""
    retry_after = None
    if request.method == "POST" and form.is_valid():
        try:
            user = services.check_password(request, form.cleaned_data["username"], form.cleaned_data["password"])
        except services.LockedOut as e:
            error, retry_after = str(e), e.retry_after_seconds
        except services.LoginError as e:
            error = str(e)
        else:
            if not services.requires_second_factor(user):
                return _finish(request, user, _safe_next(request))
            request.session.cycle_key()
            request.session[PENDING] = user.pk
            request.session[PENDING_AT] = time.time()
            request.session[NEXT] = _safe_next(request)
            return redirect("accounts:second_factor")
    response = render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": request.GET.get("next", "")},
        status=429 if retry_after else 401 if error else 200,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@never_cache  # the enrolment page shows the new secret
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """Step two: the TOTP code, or (for an admin without an app yet) enrolment."""
    user = get_user_model().objects.filter(pk=request.session.get(PENDING), is_active=True).first()
    if user is None or time.time() - request.session.get(PENDING_AT, 0) > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        return redirect("accounts:login")
    enrolling = not services.has_totp(user)
    device = services.start_totp_enrolment(user) if enrolling else None
    form = CodeForm(request.POST or None)
    error = ""
    retry_after = None
    if request.method == "POST" and form.is_valid():
        try:
            services.check_code(request, user, form.cleaned_data["code"])
        except services.LockedOut as e:
            error, retry_after = str(e), e.retry_after_seconds
            request.session.pop(PENDING, None)
        except services.LoginError as e:
            error = str(e)
        else:
            if enrolling:
                audit.record(user, AuditEntry.Action.UPDATE, user, changes={"totp": [False, True]})
            return _finish(request, user, request.session.get(NEXT) or "/")
    context = {"form": form, "error": error, "enrolling": enrolling}
    if enrolling:
        context.update(_enrolment(device))
    response = render(
        request, "accounts/second_factor.html", context, status=429 if retry_after else 401 if error else 200
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _enrolment(device) -> dict:
    uri = services.provisioning_uri(device)
    svg = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage).to_string(encoding="unicode")
    return {"secret": device.secret, "qr_svg": svg}


@login_required
@require_http_methods(["GET", "POST"])
def totp_settings(request: HttpRequest) -> HttpResponse:
    """Any user can turn on the second factor; admins cannot turn it off."""
    user = request.user
    active = services.has_totp(user)
    required = services.is_admin(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if active and "disable" in request.POST and not required:
            if form.is_valid() and services.verify_totp(user, form.cleaned_data["code"]):
                services.disable_totp(user)
                messages.success(request, _("Tvåfaktorsinloggningen är avstängd."))
                return redirect("accounts:totp")
            form.add_error("code", _("Ange en giltig kod från appen för att stänga av."))
        elif not active and form.is_valid():
            if services.verify_totp(user, form.cleaned_data["code"]):
                audit.record(user, AuditEntry.Action.UPDATE, user, changes={"totp": [False, True]})
                messages.success(request, _("Tvåfaktorsinloggningen är på."))
                return redirect("accounts:totp")
            form.add_error("code", _("Koden stämmer inte. Kontrollera klockan i telefonen och försök igen."))
    context = {"active": active, "required": required, "form": form}
    if not active:
        context.update(_enrolment(services.start_totp_enrolment(user)))
    return render(request, "accounts/totp.html", context, status=422 if form.errors else 200)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        audit.record(user, AuditEntry.Action.UPDATE, user, changes={"password": ["…", "…"]})
        messages.success(request, _("Lösenordet är bytt."))
        return redirect("home")
    return render(request, "accounts/password.html", {"form": form}, status=422 if form.errors else 200)
