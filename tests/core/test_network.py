import pytest

from core.network import client_key


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("2001:DB8:1:2::ffff", "2001:db8:1:2::"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        ("::1", "::"),
        ("", ""),
        ("kein-host", "kein-host"),
    ],
)
def test_a_client_is_its_ipv4_address_or_its_ipv6_slash_64(address, key):
    assert client_key(address) == key
