"""Which webhook URLs may be called: the SSRF guard (server-side request forgery).

A partner names a URL and our servers call it: without a guard, a partner could make
them call what only they can reach (a metadata service on 169.254.169.254, a database
on 10.0.0.5, the process itself on 127.0.0.1). Every address the host resolves to must
be a public one, unless ``OUTREACH_WEBHOOKS_ALLOW_PRIVATE`` is set (tests, a private
deployment). The URL is checked when registered and again before every attempt, as DNS
may change in between. Pure but for the resolver, which is passed in.
"""

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Iterable[str]]
"""host, port -> the addresses it resolves to (raises OSError when it does not)."""
SCHEMES = {"https": 443, "http": 80}
MAX_URL_LENGTH = 2000


class UrlRefusedError(ValueError):
    """The URL may not be called; the message says why, in words a partner can act on."""


def refusal(address: IpAddress) -> str | None:
    """Why calling ``address`` would reach something private; None for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return refusal(address.ipv4_mapped)  # ::ffff:127.0.0.1 is 127.0.0.1
    for kind, test in _KINDS:
        if test(address):
            return f"{address} is a {kind} address"
    return None


_KINDS: tuple[tuple[str, Callable[[IpAddress], bool]], ...] = (
    ("loopback", lambda a: a.is_loopback),
    ("link-local", lambda a: a.is_link_local),
    ("unspecified", lambda a: a.is_unspecified),
    ("multicast", lambda a: a.is_multicast),
    # is_private covers 10/8, 172.16/12, 192.168/16, fc00::/7, 100.64/10 (shared), and
    # the documentation and benchmarking ranges; is_global excludes what is left over.
    ("private", lambda a: a.is_private or a.is_reserved or not a.is_global),
)


def check_url(url: str, allow_private: bool, resolve: Resolver) -> list[str]:
    """The addresses ``url`` may be called at; raises ``UrlRefusedError`` saying why not."""
    host, port = _host_and_port(url)
    try:
        addresses = sorted(set(resolve(host, port)))
    except OSError as error:
        raise UrlRefusedError(
            f"its host {host!r} does not resolve ({error.strerror or error})"
        ) from None
    if not addresses:
        raise UrlRefusedError(f"its host {host!r} does not resolve")
    if not allow_private:
        for text in addresses:
            why = refusal(ipaddress.ip_address(text.split("%", 1)[0]))
            if why:
                raise UrlRefusedError(
                    f"its host {host!r} resolves to {why}; webhooks call public addresses only"
                )
    return addresses


def system_resolver(host: str, port: int) -> list[str]:
    """The operating system's resolver (getaddrinfo), as the HTTP client will use it."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _host_and_port(url: str) -> tuple[str, int]:
    if len(url) > MAX_URL_LENGTH:
        raise UrlRefusedError(f"is longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UrlRefusedError(f"is not a URL ({error})") from None
    if parts.scheme not in SCHEMES:
        raise UrlRefusedError("must start with https:// (or http://)")
    if not parts.hostname:
        raise UrlRefusedError("has no host")
    if parts.username is not None or parts.password is not None:
        raise UrlRefusedError("must not hold credentials: authenticate the signature instead")
    if parts.fragment:
        raise UrlRefusedError("must not have a #fragment")
    return parts.hostname, port or SCHEMES[parts.scheme]
