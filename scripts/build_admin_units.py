"""Build the shipped administrative-unit JSON from the MIT `vietnamadminunits` package.

Regenerate (after `pip install vietnamadminunits==<version>`):

    .venv/bin/python scripts/build_admin_units.py

Writes
  volunteer_app/catalog/admin_units.json         34 provinces + 3,321 communes (2025 two-level units)
  volunteer_app/catalog/admin_units_legacy.json.gz  pre-2025 province/district/ward -> new commune

Only the package's data is used (its SQLite `admin_units` / `admin_units_legacy` tables and
`converter_2025.json`), never its code, so the MIT licence notice below is all we owe.
"""
from __future__ import annotations

import gzip
import json
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

import vietnamadminunits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from volunteer_app.domain.text import fold, sort_key  # noqa: E402

OUT_DIR = ROOT / "volunteer_app" / "catalog"
PKG_DIR = Path(vietnamadminunits.__file__).parent
DECREE = "NQ 202/2025/QH15 (34 tỉnh, thành phố); QĐ 19/2025/QĐ-TTg (danh mục, mã số ĐVHC, hiệu lực 01/07/2025)"
UNIT_TYPES = {"Tỉnh": "tinh", "Thành phố": "thanh_pho", "Xã": "xa", "Phường": "phuong", "Đặc khu": "dac_khu",
              "Thị trấn": "thi_tran", "Quận": "quan", "Huyện": "huyen", "Thị xã": "thi_xa"}


def unit_type(full: str, short: str) -> str:
    prefix = full[: len(full) - len(short)].strip()
    return UNIT_TYPES[prefix]


def dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def build_current(db: sqlite3.Connection, version: str) -> tuple[dict, dict]:
    rows = db.execute(
        "select provinceCode, province, provinceShort, provinceKey, wardCode, ward, wardShort, wardType, wardKey, "
        "provinceAlias from admin_units"
    ).fetchall()
    provinces: dict[str, list] = {}
    communes = []
    ward_code_by_key: dict[tuple[str, str], str] = {}
    province_code_by_key: dict[str, str] = {}
    for p_code, p_name, p_short, p_key, w_code, w_name, w_short, w_type, w_key, p_alias in rows:
        aliases = sorted({fold(a) for a in json.loads(p_alias or "[]")})
        provinces[p_code] = [p_code, p_name, unit_type(p_name, p_short), fold(p_short), aliases]
        communes.append([w_code, p_code, w_name, UNIT_TYPES[w_type], fold(w_short)])
        ward_code_by_key[(p_key, w_key)] = w_code
        province_code_by_key[p_key] = p_code
    province_short = {r[0]: r[2] for r in rows}
    province_list = sorted(provinces.values(), key=lambda p: (sort_key(province_short[p[0]]), p[0]))
    commune_short = {r[4]: r[6] for r in rows}
    communes.sort(key=lambda c: (sort_key(commune_short[c[0]]), sort_key(province_short[c[1]]), c[0]))
    data = {
        "version": version,
        "source": f"vietnamadminunits {metadata.version('vietnamadminunits')} (MIT, https://github.com/tranngocminhhieu/vietnamadminunits), table admin_units",
        "decree": DECREE,
        "generated_by": "scripts/build_admin_units.py",
        "province_fields": ["code", "name", "type", "key", "aliases"],
        "commune_fields": ["code", "province", "name", "type", "key"],
        "provinces": province_list,
        "communes": communes,
    }
    return data, {"ward": ward_code_by_key, "province": province_code_by_key}


def build_legacy(db: sqlite3.Connection, version: str, codes: dict) -> dict:
    conv = json.loads((PKG_DIR / "data" / "converter_2025.json").read_text(encoding="utf-8"))
    new_province_of = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
    undivided = {}
    for new_p, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, olds in wards.items():
            for old in olds:
                undivided[old] = (new_p, new_w)
    rows = db.execute(
        "select provinceCode, province, provinceKey, districtCode, district, districtKey, wardCode, ward, wardKey "
        "from admin_units_legacy"
    ).fetchall()
    provinces, districts, wards = {}, {}, {}
    unmapped = 0
    for p_code, p_name, p_key, d_code, d_name, d_key, w_code, w_name, w_key in rows:
        new_p = new_province_of[p_key]
        provinces[p_code] = [p_name, codes["province"][new_p]]
        districts.setdefault(d_code, [d_name, p_code, None])
        old_key = f"{p_key}_{d_key}_{w_key or ''}"
        candidates: list[str] = []
        if old_key in undivided:
            candidates = [codes["ward"][undivided[old_key]]]
        else:
            split = conv["DICT_PROVINCE_WARD_DIVIDED"].get(new_p, {}).get(old_key, [])
            # default first, so candidates[0] is the package's best single answer
            split = sorted(split, key=lambda w: not w["isDefaultNewWard"])
            candidates = [codes["ward"][(new_p, w["newWardKey"])] for w in split]
        if not candidates:
            unmapped += 1
        if w_code is None:  # island districts without wards became one đặc khu
            districts[d_code][2] = candidates[0] if candidates else None
        else:
            wards[w_code] = [w_name, d_code, candidates]
    return {
        "version": version,
        "source": f"vietnamadminunits {metadata.version('vietnamadminunits')} (MIT), tables admin_units_legacy + converter_2025.json",
        "generated_by": "scripts/build_admin_units.py",
        "note": "wards: old ward code -> [name, old district code, [new commune codes, most likely first]]; "
                "districts: code -> [name, old province code, new commune code for island districts without wards]",
        "provinces": provinces,
        "districts": districts,
        "wards": wards,
        "unmapped": unmapped,
    }


def main() -> None:
    db = sqlite3.connect(PKG_DIR / "data" / "dataset.db")
    version = f"2025-07-01+vietnamadminunits-{metadata.version('vietnamadminunits')}"
    current, codes = build_current(db, version)
    assert len(current["provinces"]) == 34 and len(current["communes"]) == 3321, "unexpected unit counts"
    (OUT_DIR / "admin_units.json").write_text(dump(current) + "\n", encoding="utf-8")
    legacy = build_legacy(db, version, codes)
    # mtime=0 keeps the gzip bytes reproducible
    with gzip.GzipFile(OUT_DIR / "admin_units_legacy.json.gz", "wb", mtime=0) as fh:
        fh.write(dump(legacy).encode("utf-8"))
    print(f"{len(current['provinces'])} provinces, {len(current['communes'])} communes; "
          f"{len(legacy['wards'])} legacy wards ({legacy['unmapped']} unmapped)")


if __name__ == "__main__":
    main()
