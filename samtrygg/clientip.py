"""The client's network address: the one home for it (sign-in lockout, the tip form's rate limits).

Without a proxy it is REMOTE_ADDR. Behind reverse proxies that append to X-Forwarded-For, set
TRUSTED_PROXY_COUNT (env SAMTRYGG_TRUSTED_PROXY_COUNT) to the number of proxies in front of
Samtrygg: the address is then the entry that many places from the right of the header, the one
the outermost trusted proxy saw. Entries further left are whatever the client chose to send and
are never used, and without the setting the header is ignored, since anyone can send it."""

import ipaddress

from django.conf import settings


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "") or "0.0.0.0"
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    # Only the header set (the older setting): one proxy.
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0) or (1 if header else 0)
    if proxies <= 0:
        return remote
    entries = [entry for entry in request.META.get(header or "HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if not entries:
        return remote
    # Fewer entries than proxies: the leftmost one is still the farthest address a proxy saw.
    return _valid(entries[-min(proxies, len(entries))]) or remote


def network_key(address: str) -> str:
    """An IPv4 address as it is; an IPv6 address as its /64, which one host or household holds
    in full, so stepping through it does not give fresh addresses."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
