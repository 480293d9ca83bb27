"""The merged message catalog: loading rules, formatting, and coverage of validator keys."""
import json
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from volunteer_app.i18n import LANGS, MessageCatalogError, format_message, load_catalog, t
from volunteer_app.domain.rules.fields import MESSAGE_KEYS

ROOT = Path(__file__).resolve().parents[2]
RULE_SOURCES = [ROOT / "volunteer_app/domain/rules/checks.py", ROOT / "volunteer_app/domain/rules/fields.py",
                ROOT / "assets/js/rules/fields.js"]
DECLARATION = re.compile(r"MESSAGE_KEYS = frozenset\(\{.*?\}\)", re.S)
KEY_LITERAL = re.compile(r"""['"`]([a-z_]+\.[a-z_]+)['"`]""")


def write(folder: Path, name: str, data) -> None:
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_every_message_has_nfc_vi_and_en():
    catalog = load_catalog()
    assert catalog
    for key, entry in catalog.items():
        assert set(entry) == set(LANGS), key
        for text in entry.values():
            assert text.strip() and unicodedata.is_normalized("NFC", text), key


def test_every_key_the_validators_can_emit_is_in_the_catalog():
    catalog = load_catalog()
    missing = sorted(k for k in MESSAGE_KEYS if k not in catalog)
    assert not missing


def test_message_keys_list_matches_the_sources():
    # Literal keys in the Python and JS checks, plus the ones built from a prefix.
    found = set()
    for source in RULE_SOURCES:
        text = DECLARATION.sub("", source.read_text(encoding="utf-8"))  # not the list under test
        found |= {k for k in KEY_LITERAL.findall(text)
                  if k.split(".")[0] in {k2.split(".")[0] for k2 in MESSAGE_KEYS}}
    found |= {f"personal_id.{p}" for p in ("province", "century", "sex", "birth_year")}
    found |= {f"{p}.{b}" for p in ("number", "money") for b in ("min", "max")}
    found |= {f"{p}.{b}" for p in ("checkbox", "group") for b in ("min_items", "max_items")}
    assert found == MESSAGE_KEYS


def test_keys_emitted_by_the_vectors_are_declared():
    sys.path.insert(0, str(ROOT / "tests/domain/rules"))
    from vector_runner import load_cases, run

    emitted = set()
    for case in load_cases():
        if case["kind"] == "field":
            emitted |= set(run(case)["keys"])
        if case["kind"] == "validate":
            emitted |= {e["key"] for e in run({**case, "expect": {"errors": []}})["errors"]}
    emitted = {k for k in emitted if not k.startswith("rule.")}
    assert emitted <= MESSAGE_KEYS
    assert len(emitted) >= 40


def test_validation_messages_say_how_to_fix_the_problem():
    data = json.loads((ROOT / "volunteer_app/i18n/messages/validation.json").read_text(encoding="utf-8"))
    imperative = re.compile(r"\b(Enter|Choose|Check|Type|Upload|Read|Use|Add|Press|Delete|Shorten|Untick|Remove|Take)\b")
    for key, entry in data.items():
        assert "Hãy" in entry["vi"], key
        assert imperative.search(entry["en"]), key


def test_placeholders_match_between_languages():
    for key, entry in load_catalog().items():
        assert set(re.findall(r"\{(\w+)\}", entry["vi"])) == set(re.findall(r"\{(\w+)\}", entry["en"])), key


def test_t_formats_params_vietnamese_style():
    assert t("personal_id.length", count=9) == (
        "Số định danh cá nhân phải có 12 chữ số; bạn đã nhập 9. Hãy đối chiếu lại với thẻ căn cước.")
    assert "12.000" in t("group.min_items", "vi", min=12000, count=0)
    assert "12,000" in t("group.min_items", "en", min=12000, count=0)
    assert format_message("{a} {b}", {"a": 2.5}, "vi") == "2,5 {b}"


def test_unknown_key_and_language_fail_loudly():
    with pytest.raises(KeyError):
        t("no.such_key")
    with pytest.raises(ValueError):
        t("field.required", "fr")


def test_duplicate_key_across_files_is_an_error(tmp_path):
    write(tmp_path, "a.json", {"x.one": {"vi": "Một. Hãy", "en": "One"}})
    write(tmp_path, "b.json", {"x.one": {"vi": "Hai", "en": "Two"}})
    with pytest.raises(MessageCatalogError, match="duplicate.*a.json.*b.json"):
        load_catalog(tmp_path)


def test_files_are_merged(tmp_path):
    write(tmp_path, "a.json", {"x.one": {"vi": "Một", "en": "One"}})
    write(tmp_path, "b.json", {"x.two": {"vi": "Hai", "en": "Two"}})
    assert set(load_catalog(tmp_path)) == {"x.one", "x.two"}


@pytest.mark.parametrize("entry", [
    {"vi": "Một"}, {"vi": "Một", "en": "One", "fr": "Un"}, {"vi": "", "en": "One"},
    {"vi": unicodedata.normalize("NFD", "Nguyễn"), "en": "x"}, {"vi": 1, "en": "x"}, "text"])
def test_malformed_entries_are_errors(tmp_path, entry):
    write(tmp_path, "a.json", {"x.one": entry})
    with pytest.raises(MessageCatalogError):
        load_catalog(tmp_path)


def test_bad_json_and_bad_keys_are_errors(tmp_path):
    (tmp_path / "a.json").write_text("{", encoding="utf-8")
    with pytest.raises(MessageCatalogError):
        load_catalog(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    write(other, "a.json", {"NoDot": {"vi": "a", "en": "b"}})
    with pytest.raises(MessageCatalogError):
        load_catalog(other)
