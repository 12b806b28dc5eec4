"""Which address a request comes from, for the rate limit and the sign-in lock-out alike.

A forwarded-address header is only as honest as whoever set it: it is believed only on
a connection from a configured proxy (``TRUSTED_PROXY_IPS``), which overwrites any value
the client sent. Anyone else who reaches the application server directly is known by
the connection's own address, whatever headers they send.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

# Connections whose origin cannot be told share one count rather than none.
UNKNOWN = "0.0.0.0"  # noqa: S104 - an address to count by, not one to listen on


@lru_cache(maxsize=8)
def _networks(entries):
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_trusted_proxy(remote_addr):
    """Whether the connection comes from the proxy in front of the site.

    A connection without an IP address (a Unix socket) can only come from this machine,
    where the proxy runs.
    """
    address = _address(remote_addr)
    if address is None:
        return True
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXY_IPS)))


def client_ip(request):
    """The client's address: the proxy's word for it, or the connection's own address."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    header = settings.CLIENT_IP_META_KEY
    if header != "REMOTE_ADDR" and is_trusted_proxy(remote_addr):
        # X-Forwarded-For lists every hop: the last one is what our own proxy saw.
        forwarded = _address(request.META.get(header, "").rsplit(",", 1)[-1])
        if forwarded is not None:
            return str(forwarded)
    address = _address(remote_addr)
    return str(address) if address is not None else UNKNOWN
