import ipaddress

import pytest

from outreach_webhooks.addresses import UrlRefusedError, check_url, refusal


def resolving(*addresses: str):  # type: ignore[no-untyped-def]
    def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


def unresolvable(host: str, port: int) -> list[str]:
    raise OSError(-2, "Name or service not known")


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),  # carrier-grade NAT
        ("fd00::1", "private"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("192.0.2.10", "private"),  # documentation range
    ],
)
def test_non_public_addresses_are_refused_by_kind(address: str, kind: str) -> None:
    why = refusal(ipaddress.ip_address(address))
    assert why is not None
    assert kind in why


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::1111", "8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_a_host_with_one_private_address_among_public_ones_is_refused() -> None:
    with pytest.raises(UrlRefusedError, match=r"10\.1\.2\.3 is a private address"):
        check_url("https://hooks.example/x", False, resolving("8.8.8.8", "10.1.2.3"))


def test_the_setting_allows_private_addresses() -> None:
    url = "http://127.0.0.1:9999/hook"
    assert check_url(url, True, resolving("127.0.0.1")) == ["127.0.0.1"]
    with pytest.raises(UrlRefusedError, match="loopback"):
        check_url(url, False, resolving("127.0.0.1"))


def test_the_port_resolved_is_the_urls_or_the_schemes() -> None:
    seen: list[tuple[str, int]] = []

    def resolve(host: str, port: int) -> list[str]:
        seen.append((host, port))
        return ["8.8.8.8"]

    check_url("https://hooks.example/x", False, resolve)
    check_url("http://hooks.example:8080/x", False, resolve)
    assert seen == [("hooks.example", 443), ("hooks.example", 8080)]


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://hooks.example/x", "https://"),
        ("hooks.example/x", "https://"),
        ("https:///x", "no host"),
        ("https://user:pw@hooks.example/x", "credentials"),
        ("https://hooks.example:99999/x", "not a URL"),
        ("https://hooks.example/x#frag", "fragment"),
        ("https://hooks.example/" + "x" * 2000, "longer than"),
    ],
)
def test_malformed_urls_are_refused_before_any_lookup(url: str, why: str) -> None:
    with pytest.raises(UrlRefusedError, match=why):
        check_url(url, True, unresolvable)


def test_a_host_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(UrlRefusedError, match="does not resolve"):
        check_url("https://nowhere.invalid/x", True, unresolvable)
