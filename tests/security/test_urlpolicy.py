"""Item 7 of issue 13 (the policy itself): URLs that come in over HTTP may not point the scrapers
at this machine or its network, however the address is spelled or wherever a name resolves."""

from __future__ import annotations

import asyncio

import pytest

from jobscraper.errors import Blocked
from jobscraper.urlpolicy import UrlPolicy, UrlRefused

ODD_SPELLINGS = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8265/api/jobs/",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://0177.0.0.1/",
    "http://127.1/",
    "http://0/",
    "http://0.0.0.0:8000/",
    "http://[::1]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[0:0:0:0:0:0:0:1]:8000/",
    "http://[fe80::1%25eth0]/",
    "http://169.254.169.254/latest/meta-data/",
    "http://0xa9fea9fe/latest/meta-data/",
    "http://[fd00:ec2::254]/",
    "http://100.100.100.200/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 wrapping 169.254.169.254
    "http://localhost:8000/",
    "http://LocalHost./",
    "http://db.localhost/",
    "https://metadata.google.internal/computeMetadata/v1/",
]


def _check(policy: UrlPolicy, url: str) -> None:
    asyncio.run(policy.check(url))


@pytest.mark.parametrize("url", ODD_SPELLINGS)
def test_loopback_private_link_local_and_metadata_addresses_are_refused_however_spelled(url: str) -> None:
    with pytest.raises(UrlRefused) as refused:
        _check(UrlPolicy(), url)
    assert isinstance(refused.value, Blocked)  # a scrape does not retry it
    assert "allow_private_urls" in str(refused.value) and "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://ftp.example/", "gopher://a.example/", "javascript:alert(1)"]
)
def test_only_http_and_https_are_accepted(url: str) -> None:
    with pytest.raises(UrlRefused, match="only http:// and https://"):
        _check(UrlPolicy(allow_private=True), url)  # not even with the opt-in


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "::1", "169.254.169.254", "fd00:ec2::254"])
def test_a_name_that_resolves_to_a_forbidden_address_is_refused(address: str) -> None:
    async def resolve(host: str) -> list[str]:
        return ["93.184.216.34", address]  # one bad address is enough

    with pytest.raises(UrlRefused, match="allow_private_urls"):
        _check(UrlPolicy(resolve=resolve), "https://jobs.rebind.example/careers")


def test_public_addresses_and_names_pass_and_nothing_is_fetched() -> None:
    asked: list[str] = []

    async def resolve(host: str) -> list[str]:
        asked.append(host)
        return ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]

    policy = UrlPolicy(resolve=resolve)
    for url in ("https://boards.greenhouse.io/acme", "http://8.8.8.8/", "http://[2606:4700::1111]/jobs"):
        _check(policy, url)
    assert asked == ["boards.greenhouse.io"]  # literal addresses are judged as they are


def test_a_name_that_does_not_resolve_now_is_left_to_the_scrape_to_check() -> None:
    async def resolve(host: str) -> list[str]:
        raise OSError("no such host")

    _check(UrlPolicy(resolve=resolve), "https://careers.nowhere.example/")


def test_the_opt_in_lets_private_addresses_through() -> None:
    for url in ODD_SPELLINGS:
        _check(UrlPolicy(allow_private=True), url)
