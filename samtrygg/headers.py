"""Security headers on every response the app itself answers (static files are served by WhiteNoise
before this middleware and get none of them):

- Content-Security-Policy: scripts only from our own origin. The templates have no inline scripts
  (the <script type="application/json"> data blocks are not run) and static/js has no inline event
  handlers, javascript: URLs or eval, and htmx runs with allowEval off (base.html), so no nonces
  are needed. Styles may be inline: Leaflet positions the map with style attributes. Images may
  come from the map tile server (MAP_TILE_URL), data: and blob: (photo previews).
- Permissions-Policy: geolocation for our own pages ("use my position"); no camera (photos are
  taken through <input type=file capture>, which needs no permission), no microphone, payment,
  USB and the like.
- Cache-Control: no-store on every response to a signed-in user or an API token, pages and API
  alike, so personal data stays out of shared and browser caches; anonymous public pages are left
  as the view made them.

Our own middleware rather than django-csp: one fixed policy, no nonces, a handful of lines, and
one dependency fewer to follow."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY = ", ".join(
    [
        "geolocation=(self)",
        "camera=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "hid=()",
        "midi=()",
        "accelerometer=()",
        "gyroscope=()",
        "magnetometer=()",
        "display-capture=()",
        "fullscreen=(self)",
    ]
)


def tile_source(url: str) -> str:
    """The origin of an XYZ tile URL for img-src ("{s}" subdomains become a wildcard); "" if none."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    host = parts.netloc.replace("{s}", "*")
    if "{" in host:
        return ""
    return f"{parts.scheme}://{host}"


def content_security_policy() -> str:
    images = " ".join(filter(None, ["'self'", "data:", "blob:", tile_source(settings.MAP_TILE_URL)]))
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if _signed_in(request):
            add_never_cache_headers(response)
        return response
