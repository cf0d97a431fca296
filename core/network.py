"""Who a client is, as far as limits are concerned."""

import ipaddress

# An IPv6 household or phone gets a whole /64 (often more) and picks a fresh address in it
# whenever it likes; counting single addresses would let it dodge every limit.
IPV6_CLIENT_PREFIX = 64


def client_key(address):
    """The part of a client address one client controls: an IPv4 address, an IPv6 /64.

    IPv6 networks are given as their first address ("2001:db8:1:2::"), so the key fits
    wherever an address fits. Anything that is no address comes back as it was.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:  # "::ffff:192.0.2.1" is an IPv4 client
        return str(ip.ipv4_mapped)
    return str(ipaddress.IPv6Network((ip, IPV6_CLIENT_PREFIX), strict=False).network_address)


def request_client_key(request):
    """`client_key()` of the visitor's address (REMOTE_ADDR, see ForwardedForMiddleware)."""
    return client_key(request.META.get("REMOTE_ADDR", ""))
