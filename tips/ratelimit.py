"""Rate limits for the public tip form and API, without third-party services: counters in the
cache (Redis in production, locmem in tests and development), per address and per network.

Limits: 5 tips an hour from one address, 20 an hour from one network (/24 for IPv4, /64 for IPv6:
one household, office or school shares a network, and 20 leaves room for a class sending tips
together while a script on one network is stopped). The address is REMOTE_ADDR, or behind a proxy
the address the trusted proxies saw (samtrygg/clientip.py); no address is stored
anywhere else, and the cache keys hold only a hash of it."""

import hashlib
import ipaddress

from django.core.cache import cache

from samtrygg.clientip import client_ip

WINDOW_SECONDS = 60 * 60
PER_ADDRESS = 5
PER_NETWORK = 20


def _keys(address: str) -> tuple[str, str]:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        ip = ipaddress.ip_address("0.0.0.0")
    prefix = 24 if ip.version == 4 else 64
    network = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)

    def h(value: str) -> str:
        return hashlib.sha256(value.encode()).hexdigest()[:32]

    return f"tips:rl:a:{h(str(ip))}", f"tips:rl:n:{h(str(network))}"


def client_address(request) -> str:
    """REMOTE_ADDR, or behind trusted proxies the address they saw (samtrygg.clientip)."""
    return client_ip(request)


def allow(address: str) -> bool:
    """Count one submission from this address; False when it is over either limit (not counted then)."""
    address_key, network_key = _keys(address)
    counts = cache.get_many([address_key, network_key])
    if counts.get(address_key, 0) >= PER_ADDRESS or counts.get(network_key, 0) >= PER_NETWORK:
        return False
    for key in (address_key, network_key):
        # add() starts the window on the first submission; incr() keeps its expiry
        if not cache.add(key, 1, WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, WINDOW_SECONDS)
    return True
