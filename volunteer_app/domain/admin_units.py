"""Administrative units (34 provinces, 3,321 communes since 01/07/2025): lookup, picker search,
and conversion of pre-2025 addresses. Data: volunteer_app/catalog/admin_units*.json (see
scripts/build_admin_units.py)."""
from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import words

DATA_DIR = Path(__file__).resolve().parents[1] / "catalog"
CURRENT_FILE = DATA_DIR / "admin_units.json"
LEGACY_FILE = DATA_DIR / "admin_units_legacy.json.gz"

# Unit-type words people type before a name (folded); two-word ones are joined with a space.
_PREFIXES = {
    "xa", "phuong", "dac khu", "tinh", "thanh pho", "tp", "thi tran", "tt",
    "quan", "huyen", "thi xa", "tx", "q", "h", "p", "x",
}


@dataclass(frozen=True)
class Province:
    code: str
    name: str
    type: str
    key: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Commune:
    code: str
    province_code: str
    name: str
    type: str
    key: str


def strip_unit_prefixes(query: str) -> list[str]:
    """Folded query words without a leading unit-type word ("Phường", "TP."), kept if alone."""
    tokens = words(query)
    pair = " ".join(tokens[:2])
    size = 2 if pair in _PREFIXES else (1 if tokens and tokens[0] in _PREFIXES else 0)
    return tokens[size:] if size and len(tokens) > size else tokens


def _soft(tokens: list[str]) -> set[int]:
    """Positions of unit-type words inside a query ("... tp hcm"): they may match nothing."""
    soft = set()
    for i, token in enumerate(tokens):
        if token in _PREFIXES:
            soft.add(i)
        if " ".join(tokens[i : i + 2]) in _PREFIXES:
            soft |= {i, i + 1}
    return soft


def _matches(token: str, key_words: list[str]) -> bool:
    return any(k.startswith(token) for k in key_words)


@dataclass
class AdminUnits:
    version: str
    source: str
    decree: str
    provinces: list[Province]
    communes: list[Commune]
    raw: bytes = field(repr=False)
    _province_by_code: dict[str, Province] = field(default_factory=dict, repr=False)
    _commune_by_code: dict[str, Commune] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._province_by_code = {p.code: p for p in self.provinces}
        self._commune_by_code = {c.code: c for c in self.communes}
        places = {p.code: " " + " ".join([p.key, *p.aliases]) for p in self.provinces}
        # Pre-split once: the picker scans all 3,321 communes per keystroke. A word-prefix test
        # is then a substring test for " " + token in " " + words.
        self._rows = [(c, c.key.split(), " " + c.key, places[c.province_code]) for c in self.communes]

    @property
    def etag(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()[:16]

    def province(self, code: str) -> Province | None:
        return self._province_by_code.get(code)

    def commune(self, code: str) -> Commune | None:
        return self._commune_by_code.get(code)

    def communes_of(self, province_code: str) -> list[Commune]:
        return [c for c in self.communes if c.province_code == province_code]

    def search_provinces(self, query: str, limit: int = 10) -> list[Province]:
        tokens = strip_unit_prefixes(query)
        found = [p for p in self.provinces
                 if all(_matches(t, p.key.split()) for t in tokens) or " ".join(tokens) in p.aliases]
        return found[:limit]

    def search(self, query: str, province_code: str | None = None, limit: int = 20) -> list[Commune]:
        """Picker search. Words must start words of the commune's name (from its first word, like
        typing it) or of its province; best: the name typed in full, then the rest of the query
        naming the province, then collation order. "thu dau mot" -> Phường Thủ Dầu Một (TP HCM)."""
        tokens = strip_unit_prefixes(query)
        if not tokens:
            return []
        soft = _soft(tokens)
        ranked = []
        needles = [" " + t for t in tokens]
        for order, (commune, name_words, name, place) in enumerate(self._rows):
            if province_code and commune.province_code != province_code:
                continue
            if needles[0] not in name and needles[0] not in place and 0 not in soft:
                continue  # cheap reject before the full check
            lead = 0  # how many leading query words spell the start of the name
            while lead < min(len(tokens), len(name_words)) and name_words[lead].startswith(tokens[lead]):
                lead += 1
            rest = range(lead, len(tokens))
            if any(needles[i] not in place and needles[i] not in name and i not in soft for i in rest):
                continue
            if not lead and not any(needles[i] in name for i in rest if i not in soft):
                continue  # a commune picker: something must name the commune itself
            rank = (
                lead == 0,
                " ".join(tokens[:lead]) != commune.key,  # the whole name typed
                not all(needles[i] in place or i in soft for i in rest),  # the rest names the province
                -lead,
                order,
            )
            ranked.append((rank, commune))
        ranked.sort(key=lambda r: r[0])
        return [c for _, c in ranked[:limit]]

    def exists(self, province: str, commune: str | None = None) -> bool:
        """The `units` callable of rules.validate: is the province (and the commune in it) real?"""
        if province not in self._province_by_code:
            return False
        if commune is None:
            return True
        found = self._commune_by_code.get(commune)
        return found is not None and found.province_code == province

    def label(self, commune_code: str) -> str | None:
        """"Phường Thủ Dầu Một, Thành phố Hồ Chí Minh"."""
        commune = self.commune(commune_code)
        if commune is None:
            return None
        return f"{commune.name}, {self._province_by_code[commune.province_code].name}"


def parse_admin_units(raw: bytes) -> AdminUnits:
    data = json.loads(raw)
    return AdminUnits(
        version=data["version"],
        source=data["source"],
        decree=data["decree"],
        provinces=[Province(c, n, t, k, tuple(a)) for c, n, t, k, a in data["provinces"]],
        communes=[Commune(*row) for row in data["communes"]],
        raw=raw,
    )


@lru_cache(maxsize=4)
def load_admin_units(path: str | Path | None = None) -> AdminUnits:
    return parse_admin_units(Path(path or CURRENT_FILE).read_bytes())


# --- pre-2025 addresses -------------------------------------------------------------------


@dataclass(frozen=True)
class LegacyConversion:
    old_ward_code: str | None
    old_ward: str | None
    old_district: str
    old_province: str
    commune: Commune | None  # the most likely new commune
    province: Province
    alternatives: tuple[Commune, ...]  # other new communes when the old ward was split

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives)


@lru_cache(maxsize=1)
def _legacy() -> dict:
    with gzip.open(LEGACY_FILE, "rb") as fh:
        return json.loads(fh.read())


def _name_key(name: str) -> str:
    return " ".join(strip_unit_prefixes(name))


def _pick(items: dict[str, list], wanted: str | None, parent_index: int | None, parent: set[str] | None) -> set[str]:
    if not wanted:
        return set()
    key = _name_key(wanted)
    return {code for code, row in items.items()
            if _name_key(row[0]) == key and (parent is None or row[parent_index] in parent)}


def convert_old_address(
    province: str | None = None,
    district: str | None = None,
    ward: str | None = None,
    *,
    ward_code: str | None = None,
) -> LegacyConversion | None:
    """Map an address written with pre-01/07/2025 units (as on old CCCD or birth certificates)
    to the current commune. Names may carry or omit prefixes and diacritics; returns None when
    the old unit cannot be identified unambiguously."""
    legacy = _legacy()
    units = load_admin_units()
    if ward_code is None:
        provinces = _pick(legacy["provinces"], province, None, None) if province else None
        if province and not provinces:
            return None
        districts = _pick(legacy["districts"], district, 1, provinces) if district else None
        if district and not districts:
            return None
        if ward:
            matches = _pick(legacy["wards"], ward, 1, districts) if districts else {
                code for code in _pick(legacy["wards"], ward, None, None)
                if provinces is None or legacy["districts"][legacy["wards"][code][1]][1] in provinces}
            if len(matches) != 1:
                return None
            ward_code = matches.pop()
        elif districts and len(districts) == 1:
            d_code = next(iter(districts))
            d_name, p_code, island = legacy["districts"][d_code]
            if not island:
                return None  # a mainland district maps to many communes
            return LegacyConversion(None, None, d_name, legacy["provinces"][p_code][0], units.commune(island),
                                    units.province(legacy["provinces"][p_code][1]), ())
        else:
            return None
    row = legacy["wards"].get(ward_code)
    if row is None:
        return None
    w_name, d_code, candidates = row
    d_name, p_code, _ = legacy["districts"][d_code]
    p_name, new_p = legacy["provinces"][p_code]
    communes = [units.commune(c) for c in candidates]
    return LegacyConversion(ward_code, w_name, d_name, p_name, communes[0] if communes else None,
                            units.province(new_p), tuple(communes[1:]))
