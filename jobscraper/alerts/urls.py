"""Channel URLs: checked with Apprise, shown masked, and held to the URL policy when they come over HTTP.

- :func:`check_channel_url`: Apprise must know the URL (its scheme and shape), else
  :class:`~jobscraper.errors.InputError` — whose message never repeats the URL: it holds a secret.
- :func:`mask_url`: what every answer shows instead of the URL: the scheme, ``***`` for the
  user/password, the host (unless it is itself a token, as for Slack or Telegram) and the path with
  long segments (webhook tokens) and the query left out — ``ntfy://***@ntfy.sh/topic``.
- :func:`destinations`: the hosts a send would connect to that the URL chooses (a plain webhook's
  host, a self-hosted ntfy/Matrix/Gotify server, an email's SMTP server). A channel added over the
  API has each of them pass :class:`~jobscraper.urlpolicy.UrlPolicy` (no loopback, private or
  metadata addresses unless ``scraping.allow_private_urls``), so a channel cannot turn the server
  into a proxy onto its own network. Services whose URL names only tokens (Slack, Discord,
  Telegram, …) send to their public API, and have nothing to check.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from jobscraper.errors import InputError
from jobscraper.urlpolicy import UrlPolicy

__all__ = ["channel_name", "check_channel_url", "destinations", "mask_url", "policy_check"]

_SECRET_SEGMENT = re.compile(r"^[^/]{16,}$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{0,31}$")


def _plugin(url: str) -> Any:
    """Apprise's plugin for ``url``, or None when Apprise does not know it."""
    import apprise  # seconds to import: only where a URL is checked

    try:
        return apprise.Apprise.instantiate(url, suppress_exceptions=True)
    except Exception:  # a plugin's own parser may raise anything on odd input
        return None


def check_channel_url(url: str) -> str:
    """``url`` stripped, when Apprise can send to it; :class:`InputError` saying why not (no URL in it)."""
    url = url.strip()
    scheme, sep, _rest = url.partition("://")
    if not sep or not _SCHEME.match(scheme.lower()):
        raise InputError(
            "not an alert URL: give an Apprise URL such as ntfy://ntfy.sh/TOPIC, json://HOST/PATH "
            "or mailtos://USER:PASSWORD@HOST (see https://github.com/caronc/apprise/wiki)"
        )
    if any(ord(c) < 32 or c == " " for c in url):
        raise InputError("an alert URL must not contain spaces or control characters")
    if _plugin(url) is None:
        raise InputError(
            f"Apprise cannot send to this {scheme.lower()}:// URL: unknown service, or a part is "
            "missing or malformed (see https://github.com/caronc/apprise/wiki)"
        )
    return url


def _token_host(plugin: Any) -> bool:
    """True when the URL's host part is a token (Slack, Discord, Telegram), not a server's name."""
    return plugin is not None and not any("{host}" in t for t in getattr(plugin, "templates", ()))


def mask_url(url: str) -> str:
    """``url`` with every secret left out: safe to show, log and send back."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return url.partition("://")[0] + "://***"
    scheme = parts.scheme.lower()
    if _token_host(_plugin(url)):
        return f"{scheme}://***"
    user = "***@" if "@" in parts.netloc else ""
    where = host + (f":{port}" if port else "")
    path = "/".join("***" if _SECRET_SEGMENT.match(s) else s for s in parts.path.split("/"))
    return f"{scheme}://{user}{where}{path}"


def channel_name(url: str) -> str:
    """A default name for a channel: its service and host (``ntfy ntfy.sh``), never a secret."""
    masked = mask_url(url)
    scheme, _, rest = masked.partition("://")
    host = rest.removeprefix("***@").split("/")[0]
    return f"{scheme} {host}".strip() if host and host != "***" else scheme


def destinations(url: str) -> list[str]:
    """The hosts (``host`` or ``host:port``) a send to ``url`` connects to that the URL chooses."""
    plugin = _plugin(url)
    if plugin is None or _token_host(plugin):
        return []
    out = []
    host = str(getattr(plugin, "host", "") or "")
    port = getattr(plugin, "port", None)
    if host:
        out.append(f"{host}:{port}" if port else host)
    smtp = str(getattr(plugin, "smtp_host", "") or "")
    if smtp and smtp != host:
        out.append(smtp)
    return out


async def policy_check(policy: UrlPolicy, url: str) -> None:
    """Refuse a channel whose destinations ``policy`` forbids (:class:`~jobscraper.urlpolicy.UrlRefused`,
    naming the host only)."""
    for where in destinations(url):
        await policy.check(f"http://{where}/")
