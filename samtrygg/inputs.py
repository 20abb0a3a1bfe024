"""The one input boundary: what text may enter Samtrygg at all.

Every request passes `InputBoundaryMiddleware` before any view, form or API operation sees it.
It answers a Swedish 400 (JSON `{"detail": …}` under /api/, a small HTML page elsewhere) when
the path, the query string, a form field, an uploaded file's *name*, a JSON body or the
Authorization header holds a character no stored text may hold (a cookie holding one is dropped):

- NUL and the other C0 control characters except tab, line feed and carriage return
  (PostgreSQL refuses NUL in text; XML, so Word and Excel files, refuses the others),
- lone surrogates (a JSON `\\ud800` escape decodes to one; UTF-8 cannot encode them),
- the non-characters U+FFFE and U+FFFF (not allowed in XML either).

File *contents* are never looked at: an uploaded CSV or GeoJSON is the importer's business.

The rest of the boundary lives next to the data: `check_text` for code that takes text from
elsewhere (imports), `coordinate` for latitude/longitude (range and finiteness), `parse_id` for
ids (ASCII digits only), and the exporters' `samtrygg.exporters.cell_text` for text that was
stored before this boundary existed.
"""

import json
import math
import re

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.html import escape
from django.utils.translation import gettext as _

# C0 controls except \t \n \r, lone surrogates, U+FFFE/U+FFFF.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The same in a raw UTF-8 body: controls, and U+FFFE/U+FFFF's encodings (surrogates cannot be
# encoded in valid UTF-8; a JSON body can only carry them as \u escapes, see below).
FORBIDDEN_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def forbidden(text: str) -> bool:
    """True if `text` holds a character that no stored text may hold."""
    return FORBIDDEN.search(text) is not None


def message() -> str:
    return _("Texten innehåller otillåtna tecken (till exempel styrtecken). Ta bort dem och försök igen.")


def check_text(text: str, *, max_length: int | None = None, multiline: bool = True) -> str:
    """`text` unchanged, or ValidationError with a Swedish message: forbidden characters, a CR or
    line break in single-line text, longer than `max_length` (the column's)."""
    if forbidden(text) or (not multiline and ("\n" in text or "\r" in text)):
        raise ValidationError(message(), code="forbidden_characters")
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            _("Texten får vara högst %(max)d tecken (den har %(length)d).") % {"max": max_length, "length": len(text)},
            code="max_length",
        )
    return text


def coordinate(value, *, kind: str) -> float:
    """A latitude (kind="lat") or longitude (kind="lon") as a finite float within its range, or
    ValidationError with a Swedish message. The one check the API, the forms and the duplicate
    check share."""
    limit = 90.0 if kind == "lat" else 180.0
    label = _("Latitud") if kind == "lat" else _("Longitud")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(_("%(label)s måste vara ett tal.") % {"label": label}, code="invalid") from None
    if not math.isfinite(number) or not -limit <= number <= limit:
        raise ValidationError(
            _("%(label)s måste vara ett tal mellan −%(limit)d och %(limit)d.") % {"label": label, "limit": limit},
            code="out_of_range",
        )
    return number


def valid_position(lat, lon) -> bool:
    """True if both coordinates pass `coordinate`."""
    try:
        coordinate(lat, kind="lat")
        coordinate(lon, kind="lon")
    except ValidationError:
        return False
    return True


ASCII_ID = re.compile(r"[0-9]{1,10}")
MAX_ID = 2**31 - 1  # fits every id column, an AutoField's integer too: a larger one matches no row


def parse_id(value) -> int | None:
    """An id from a query string or form: ASCII digits only (int() and str.isdigit() also take
    '١٢' or '²', int() ' 12 ' and '1_2'), at most MAX_ID (PostgreSQL answers 500 on an integer
    out of range); None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and ASCII_ID.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 <= number <= MAX_ID else None


def _json_has_forbidden(data) -> bool:
    """Walks a decoded JSON document (keys and string values) without recursion."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if FORBIDDEN.search(item):
                return True
        elif isinstance(item, dict):
            for key, value in item.items():
                if FORBIDDEN.search(key):
                    return True
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return False


def request_has_forbidden(request) -> bool:
    """True if the path, query string, Authorization header, form fields, uploaded file names or
    JSON body of `request` hold a forbidden character. Cheap for ordinary requests: one regex
    per value, and a JSON body is only decoded when it holds a \\u escape."""
    if forbidden(request.path_info):
        return True
    for key, values in request.GET.lists():
        if forbidden(key) or any(forbidden(value) for value in values):
            return True
    if forbidden(request.META.get("HTTP_AUTHORIZATION", "")):
        return True
    if request.method not in BODY_METHODS:
        return False
    content_type = request.content_type or ""
    try:
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, values in request.POST.lists():
                if forbidden(key) or any(forbidden(value) for value in values):
                    return True
            for key, files in request.FILES.lists():
                if forbidden(key) or any(forbidden(file.name or "") for file in files):
                    return True
        elif content_type == "application/json" or content_type.endswith("+json"):
            body = request.body
            if FORBIDDEN_BYTES.search(body):
                return True
            if b"\\u" in body:
                try:
                    return _json_has_forbidden(json.loads(body))
                except (ValueError, RecursionError):
                    return False  # not JSON: the API answers that itself
    except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
        return False  # Django's own limits answer these where the data is read
    return False


def drop_forbidden_cookies(request) -> None:
    """A cookie with a forbidden character (a session id with a NUL made PostgreSQL answer 500)
    is dropped rather than refused: the browser would send it again with every request, and a
    session or CSRF cookie that does not match simply starts over."""
    cookies = request.COOKIES
    for name in [name for name, value in cookies.items() if forbidden(name) or forbidden(value)]:
        del cookies[name]


def refusal(request) -> HttpResponse:
    """The Swedish 400: JSON under /api/, a plain page elsewhere (no base template: nothing of
    the request is echoed)."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message()}, status=400)
    title = escape(_("Ogiltig förfrågan"))
    body = escape(message())
    home = escape(_("Till startsidan"))
    html = (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>'
        f'<body><main><h1>{title}</h1><p>{body}</p><p><a href="/">{home}</a></p></main></body></html>'
    )
    return HttpResponse(html, status=400, content_type="text/html; charset=utf-8")


class InputBoundaryMiddleware:
    """Refuses requests with forbidden characters before any view runs (see the module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_forbidden(request):
            return refusal(request)
        drop_forbidden_cookies(request)
        return self.get_response(request)
