"""Text folding and Vietnamese collation (shared vectors keep JS identical)."""
import json
import unicodedata
from pathlib import Path

from hypothesis import given, settings, strategies as st

from volunteer_app.domain.text import fold, json_text_is_nfc, nfc, nfc_deep, sort_key, words

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
VI_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
TONES = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]


@st.composite
def vietnamese(draw) -> str:
    """Syllable soup with tones, mixed NFC/NFD and separators."""
    parts = draw(st.lists(st.tuples(st.text(VI_LETTERS, min_size=1, max_size=6), st.sampled_from(TONES)), max_size=5))
    text = " ".join(unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), w + t) for w, t in parts)
    return text + draw(st.sampled_from(["", " ", "-", "’", "  "]))


def test_fold_vectors():
    for case in json.loads((VECTORS / "text_fold.json").read_text())["cases"]:
        assert fold(case["input"]) == case["fold"]
        assert words(case["input"]) == case["words"]


def test_sort_vectors():
    data = json.loads((VECTORS / "text_sort.json").read_text())
    for case in data["lists"]:
        assert sorted(case["input"], key=sort_key) == case["sorted"]
    for a, b in data["equal"]:
        assert sort_key(a) == sort_key(b)
    for case in data["keys"]:
        assert sort_key(case["input"]) == case["key"]


def test_fold_examples():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("Hoà") == fold("Hòa") == "hoa"
    assert fold("Thuỷ") == fold("Thủy") == "thuy"
    assert fold("Ea H’leo") == fold("Ea H'leo") == "ea h leo"


def test_collation_letter_order():
    ordered = ["a", "ă", "â", "b", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "v"]
    assert sorted(reversed(ordered), key=sort_key) == ordered
    # tones are secondary: base letters decide first, tone order level<grave<hook<tilde<acute<dot
    assert sorted(["bá", "ba", "ạ", "bà"], key=sort_key) == ["ạ", "ba", "bà", "bá"]
    assert sort_key("an") < sort_key("ăn") < sort_key("ân")


def test_tone_placement_variants_collate_equal():
    assert sort_key("Hoà Bình") == sort_key("Hòa Bình")
    assert sort_key("Thuỷ") == sort_key("Thủy")


@given(vietnamese())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(vietnamese())
def test_nfc_and_nfd_input_fold_and_store_alike(text):
    nfd = unicodedata.normalize("NFD", text)
    assert nfc(nfd) == nfc(text)  # same stored value
    assert fold(nfd) == fold(text)
    assert sort_key(nfd) == sort_key(text)


@given(vietnamese(), vietnamese())
def test_sort_key_is_a_total_order_consistent_with_equality(a, b):
    ka, kb = sort_key(a), sort_key(b)
    assert (ka == kb) == (sort_key(nfc(a)) == sort_key(nfc(b)))
    assert (ka < kb) or (ka > kb) or (ka == kb)


def _node() -> str | None:
    import shutil

    venv_node = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "node"
    return str(venv_node) if venv_node.exists() else shutil.which("node")


def test_js_gives_identical_results_on_random_text(tmp_path):
    """Beyond the fixed vectors: 400 random strings through text.js must equal Python."""
    import random
    import subprocess

    node = _node()
    if node is None:
        import pytest

        pytest.skip("node not installed")
    rng = random.Random(1234)
    alphabet = VI_LETTERS + " -’'.,0123456789" + "".join(TONES) + "\u0306\u0302\u031b\u0327ßİøñ"
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))) for _ in range(400)]
    samples = [unicodedata.normalize(rng.choice(["NFC", "NFD"]), s) for s in samples]
    (tmp_path / "in.json").write_text(json.dumps(samples))
    module = (Path(__file__).resolve().parents[2] / "assets" / "js" / "catalog" / "text.js").as_uri()
    script = (f"import {{fold, words, sortKey}} from '{module}';"
              "import {readFileSync} from 'node:fs';"
              "const xs = JSON.parse(readFileSync(process.argv[1], 'utf8'));"
              "process.stdout.write(JSON.stringify(xs.map(s => [fold(s), words(s), sortKey(s)])));")
    out = subprocess.run([node, "--input-type=module", "-e", script, str(tmp_path / "in.json")],
                         capture_output=True, text=True, check=True, timeout=60)
    for sample, (js_fold, js_words, js_key) in zip(samples, json.loads(out.stdout)):
        assert (js_fold, js_words, js_key) == (fold(sample), words(sample), sort_key(sample)), repr(sample)


# json_text_is_nfc: the dossier PUT's check that a body is NFC without walking it. Characters that
# compose, reorder or decompose under NFC, beside the ones json.dumps escapes.
_TRICKY = "aenoAN\"\\\n\t\x01/\u0301\u0303\u0323\u0302\u0306\u031b\u1100\u1161\u11a8\u212bđĐễ"
_JSON_TEXT = st.text(_TRICKY, max_size=8)
_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | _JSON_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_JSON_TEXT, inner, max_size=4),
    max_leaves=12)


def _dumped(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


@settings(max_examples=1500, deadline=None)
@given(_JSON_VALUE)
def test_json_text_is_nfc_never_passes_a_value_that_nfc_would_change(value):
    if json_text_is_nfc(_dumped(value)):
        assert nfc_deep(value) == value
    # A value that is NFC throughout may still be walked (an escape's letter beside a mark), but
    # its NFC form always passes unless such an escape is in it.
    normal = _dumped(nfc_deep(value))
    if "\\" not in normal:
        assert json_text_is_nfc(normal)


def test_json_text_is_nfc_examples():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    assert json_text_is_nfc(_dumped({"ho_ten": "Nguyễn Thị Ánh", "ghi_chú": ["Đức"]}))
    assert not json_text_is_nfc(_dumped({"ho_ten": nfd}))
    assert not json_text_is_nfc(_dumped({unicodedata.normalize("NFD", "ghi_chú"): 1}))  # a key
    assert not json_text_is_nfc(_dumped(["\u212b"]))  # Å as the ångström sign
    assert not json_text_is_nfc(_dumped(["a\u0301\u0323"]))  # marks out of canonical order
