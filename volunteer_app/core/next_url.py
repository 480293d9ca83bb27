"""Where to go after sign-in: a ``next`` target, only when it stays on this site.

The server's mirror of assets/online/next-url.js; both pass tests/vectors/next_url.json. The
browser resolves ``next`` with the WHATWG URL parser, which differs from Python's urllib where it
matters here: it drops tab, CR and LF anywhere ("/\\t/evil.example" is "//evil.example"), strips
leading and trailing control characters and spaces, reads "\\" as "/" in http(s) URLs, and reads
any run of slashes after a scheme-less "//" as the start of a host ("///evil" is host "evil").
So the text is brought into that shape first and only then resolved against the origin.

Where the two parsers could still disagree (IPv4 written as one number, IDNA, user names in the
authority, ports with leading zeros), this side refuses: a refused target only means the role's
home page instead of ``next``.
"""
from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

SPECIAL_SCHEMES = ("http", "https", "ws", "wss", "ftp", "file")
DEFAULT_PORTS = {"http": "80", "https": "443"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
# What the WHATWG path and query percent-encode sets add to the ASCII printables we keep as is.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~[]|^"
_QUERY_SAFE = _PATH_SAFE.replace("'", "") + "?{}`"
_FRAGMENT_SAFE = _PATH_SAFE + "?{}#"


def _authority(scheme: str, netloc: str) -> str:
    netloc = netloc.lower()
    host, sep, port = netloc.rpartition(":")
    if sep and "]" not in port and port == DEFAULT_PORTS.get(scheme):
        return host
    return netloc


def same_origin_path(next_value: str | None, origin: str) -> str | None:
    """The path (with query and fragment) that ``next_value`` names on ``origin``
    (``scheme://host[:port]``), or None when it is empty or names anything else. Leading
    slashes of the result are folded into one, so it can only ever be read as a path."""
    if not next_value:
        return None
    base = urlsplit(origin)
    scheme, authority = base.scheme.lower(), _authority(base.scheme, base.netloc)
    text = _TAB_NEWLINE.sub("", next_value.strip("".join(map(chr, range(0x21)))))
    match = _SCHEME.match(text)
    if match:
        given = match.group(1).lower()
        if given != scheme or given not in SPECIAL_SCHEMES:
            return None  # another scheme is another origin (javascript:, data:, https: from http)
        text = text[match.end():]  # "http:x" on an http page is the relative "x"
    text = text.replace("\\", "/")  # http(s) URLs read a backslash as a slash
    if text.startswith("//"):  # an authority, after any number of slashes
        rest = text.lstrip("/")
        end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
        if "@" in rest[:end] or _authority(scheme, rest[:end]) != authority:
            return None
        text = rest[end:] or "/"
    resolved = urlsplit(urljoin(f"{scheme}://{authority}/", text))
    path = "/" + resolved.path.lstrip("/")
    query = f"?{quote(resolved.query, safe=_QUERY_SAFE)}" if resolved.query else ""
    fragment = f"#{quote(resolved.fragment, safe=_FRAGMENT_SAFE)}" if resolved.fragment else ""
    return quote(path, safe=_PATH_SAFE) + query + fragment
