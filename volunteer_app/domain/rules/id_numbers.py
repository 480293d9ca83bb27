"""Vietnamese identity numbers: 12-digit số định danh cá nhân (PPP G YY RRRRRR) and 9-digit CMND.

There is no public check digit, so only the structure is checked (notes §3.1): the province
prefix (the 63 pre-2025 codes stay valid after the merger), the century/sex digit G and YY
against the date of birth.
"""
from __future__ import annotations

# Birth-registration province codes, Phụ lục TT 59/2021/TT-BCA (= GSO code with a leading 0).
PROVINCE_CODES = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
})

SEXES = ("nam", "nu")  # values of a sex field; G is even for nam, odd for nữ


def century_digit(year: int, sex: str | None) -> int | None:
    """Expected G for a birth year (1900–2399) and sex; with sex None, the even (male) digit."""
    if not 1900 <= year <= 2399:
        return None
    base = 2 * (year // 100 - 19)
    return base + (1 if sex == "nu" else 0)


def id_problems(number: str, birth: tuple[int, int, int] | None, sex: str | None) -> list[str]:
    """Structural problems of a 12-digit number, as message-key suffixes, in a fixed order."""
    problems = []
    if number[:3] not in PROVINCE_CODES:
        problems.append("province")
    g = int(number[3])
    if birth is not None:
        expected = century_digit(birth[0], sex)
        if expected is None or g // 2 != expected // 2:
            problems.append("century")
        elif sex is not None and g % 2 != expected % 2:
            problems.append("sex")
        if number[4:6] != f"{birth[0] % 100:02d}":
            problems.append("birth_year")
    elif sex is not None and g % 2 != (1 if sex == "nu" else 0):
        problems.append("sex")
    return problems
