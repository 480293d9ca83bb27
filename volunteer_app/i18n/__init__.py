"""The one message catalog: every ``volunteer_app/i18n/messages/*.json`` merged.

Each file is ``{"key": {"vi": "...", "en": "..."}}`` with ``{param}`` placeholders. Loading fails
loudly (``MessageCatalogError``) on a key defined in two files, a missing language, an empty or
non-NFC text. ``t(key, lang, **params)`` formats one message; ``assets/js/rules/messages.js``
``formatMessage`` formats identically in the browser.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

MESSAGES_DIR = Path(__file__).resolve().parent / "messages"
LANGS = ("vi", "en")
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class MessageCatalogError(ValueError):
    """A message file is malformed or clashes with another one."""


def _check_entry(path: Path, key: Any, entry: Any) -> dict[str, str]:
    if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9_]+(\.[a-z0-9_]+)+", key):
        raise MessageCatalogError(f"{path.name}: bad message key {key!r}")
    if not isinstance(entry, dict) or set(entry) != set(LANGS):
        raise MessageCatalogError(f"{path.name}: {key} must have exactly {LANGS}")
    for lang in LANGS:
        text = entry[lang]
        if not isinstance(text, str) or not text.strip():
            raise MessageCatalogError(f"{path.name}: {key}.{lang} is empty")
        if unicodedata.normalize("NFC", text) != text:
            raise MessageCatalogError(f"{path.name}: {key}.{lang} is not NFC")
    return {lang: entry[lang] for lang in LANGS}


@lru_cache(maxsize=8)
def load_catalog(directory: str | Path | None = None) -> dict[str, dict[str, str]]:
    """Merge every ``*.json`` in ``directory`` (default: the package's messages folder)."""
    folder = Path(directory) if directory is not None else MESSAGES_DIR
    catalog: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise MessageCatalogError(f"{path.name}: {exc}") from exc
        if not isinstance(data, dict):
            raise MessageCatalogError(f"{path.name}: must be a JSON object")
        for key, entry in data.items():
            if key in catalog:
                raise MessageCatalogError(f"duplicate message key {key!r} in {origin[key]} and {path.name}")
            catalog[key] = _check_entry(path, key, entry)
            origin[key] = path.name
    return catalog


def format_param(value: Any, lang: str = "vi") -> str:
    """Vietnamese-style numbers: ints of 5+ digits grouped ("12.000"), decimal comma in vi."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        value = int(value)  # as in JS, 2.0 prints as 2
    if isinstance(value, int):
        sep = "." if lang == "vi" else ","
        if abs(value) < 10000:
            return str(value)
        digits = f"{abs(value):,}".replace(",", sep)
        return ("-" if value < 0 else "") + digits
    if isinstance(value, float):
        text = repr(value)
        return text.replace(".", ",") if lang == "vi" else text
    if isinstance(value, (list, tuple)):
        return ", ".join(format_param(v, lang) for v in value)
    return str(value)


def format_message(template: str, params: dict[str, Any], lang: str = "vi") -> str:
    """Fill ``{name}`` placeholders; unknown placeholders are left as they are."""
    def fill(match: re.Match) -> str:
        name = match.group(1)
        return format_param(params[name], lang) if name in params else match.group(0)

    return _PLACEHOLDER.sub(fill, template)


def t(key: str, lang: str = "vi", **params: Any) -> str:
    """The message ``key`` in ``lang`` with params filled in; raises KeyError for unknown keys."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}")
    return format_message(load_catalog()[key][lang], params, lang)


def texts(key: str, **params: Any) -> dict[str, str]:
    """``{"vi": ..., "en": ...}`` of one message (the shape of every API error and label)."""
    return {lang: t(key, lang, **params) for lang in LANGS}


def vi_en(key: str, **params: Any) -> str:
    """"Tiếng Việt / English" on one line, for screens that take one plain string. An unknown key
    (say, from a service error) shows as itself rather than breaking the page."""
    try:
        return " / ".join(texts(key, **params).values())
    except KeyError:
        return key


__all__ = ["LANGS", "MESSAGES_DIR", "MessageCatalogError", "load_catalog", "format_message",
           "format_param", "t", "texts", "vi_en"]
