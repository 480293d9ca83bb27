"""Procedure search: folding, word prefixes, ranking; vectors shared with assets/js/catalog/search.js."""
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from volunteer_app.domain.catalog import load_catalog
from volunteer_app.domain.search import build_index, search

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
INDEX = build_index(load_catalog().procedures)


@pytest.fixture(scope="module")
def index():
    return build_index(load_catalog().procedures)


@pytest.mark.parametrize("query, code", [
    ("dang ky khai sinh", "1.001193"),
    ("làm giấy khai sinh", "1.001193"),
    ("ket hon", "1.000894"),
    ("dang ky tam tru", "1.004194"),  # "tam tru" alone: Gia hạn / Đăng ký / Xóa đăng ký tạm trú tie on the name
    ("gia han tam tru", "1.002755"),
    ("trich luc", "2.000635"),
])
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_required_queries_rank_first(index, query, code, form):
    assert search(index, unicodedata.normalize(form, query))[0] == code
    with_marks = {"dang ky khai sinh": "Đăng ký khai sinh", "ket hon": "Kết hôn", "dang ky tam tru": "đăng ký tạm trú",
                  "trich luc": "TRÍCH LỤC"}.get(query, query)
    assert search(index, unicodedata.normalize(form, with_marks))[0] == code


def test_fixture_vectors():
    data = json.loads((VECTORS / "search_fixture.json").read_text())
    idx = build_index(data["procedures"])
    for case in data["cases"]:
        assert search(idx, case["query"]) == case["expect"], case["query"]


def test_catalog_vectors(index):
    for case in json.loads((VECTORS / "search_catalog.json").read_text())["cases"]:
        got = search(index, case["query"])
        assert (got[0] if got else None) == case["first"], case["query"]


def test_every_word_must_match(index):
    assert search(index, "khai sinh xyzzy") == []


def test_prefix_matches_at_word_start_only(index):
    assert "1.004194" in search(index, "tam")
    assert "1.004194" not in search(index, "am tru")  # "am" is inside "tạm", not at a word start


def test_name_hits_rank_above_code_and_keyword_hits():
    procs = [
        {"code": "1.000001", "name": {"vi": "Thủ tục khác", "en": "Other"}, "keywords": ["sinh"]},
        {"code": "1.000002", "name": {"vi": "Đăng ký sinh", "en": "Birth"}, "keywords": []},
        {"code": "2.000003", "name": {"vi": "Thủ tục", "en": "Procedure"}, "keywords": []},
        {"code": "1.000004", "name": {"vi": "Một", "en": "One"}, "keywords": ["2 bản"]},
    ]
    idx = build_index(procs)
    assert search(idx, "sinh") == ["1.000002", "1.000001"]  # name hit beats keyword hit
    assert search(idx, "2") == ["2.000003", "1.000004"]  # code hit beats keyword hit
    assert search(idx, "2.000003") == ["2.000003"]


def test_empty_query_lists_everything_in_vietnamese_order(index):
    codes = search(index, "")
    assert len(codes) == len(load_catalog().listed)
    assert codes[0] == "2.000635"  # "Cấp bản sao ..." sorts first
    assert search(index, "", limit=3) == codes[:3]


@settings(max_examples=60)
@given(st.sampled_from(["Đăng ký khai sinh", "kết hôn", "tạm trú", "trích lục", "Thường trú", "lý lịch tư pháp"]),
       st.sampled_from(["NFC", "NFD"]), st.sampled_from([str.lower, str.upper, str.title]))
def test_nfc_nfd_and_case_give_the_same_results(query, form, case):
    idx = INDEX
    assert search(idx, unicodedata.normalize(form, case(query))) == search(idx, query)


def test_index_ranks_exactly_like_scoring_every_procedure_at_2000():
    """The index is an optimisation only: same codes, same order as the plain scan, at scale."""
    import random

    from tests.support.search_reference import reference_index, reference_search
    from tests.support.synthetic_catalog import procedures

    catalog = procedures(2000)
    index, reference = build_index(catalog), reference_index(catalog)
    rng = random.Random(5)
    vocabulary = sorted({w for p in catalog for w in (p["name"]["vi"] + " " + p["name"]["en"]).split()})
    queries = ["", "d", "dang ky", "dang ky khai sinh", "cap lai giay", "1.0", "2", "ho kinh", "xin cap", "zzz",
               "giay to", "ket hon co yeu to", "Hộ tịch", "birth"]
    queries += [" ".join(w[: rng.randint(1, len(w))] for w in rng.sample(vocabulary, rng.randint(1, 3)))
                for _ in range(60)]
    for query in queries:
        assert search(index, query) == reference_search(reference, query), query
        assert search(index, query, limit=5) == reference_search(reference, query, limit=5), query


def test_browser_search_matches_python_at_2000(tmp_path):
    """assets/js/catalog/search.js gives the same lists as Python over the synthetic catalog."""
    import subprocess

    from tests.support.synthetic_catalog import procedures
    from volunteer_app.domain.catalog.summary import list_item

    catalog = procedures(2000)
    queries = ["", "d", "dang ky", "dang ky khai sinh", "cap lai giay", "1.0", "ho kinh", "xin cap", "tam tru",
               "giay phep xay", "birth", "trợ cấp xã hội", "2.000635"]
    path = tmp_path / "input.json"
    path.write_text(json.dumps({"procedures": [list_item(p) for p in catalog], "queries": queries, "results": True},
                               ensure_ascii=False), encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    node = root / ".venv" / "bin" / "node"
    run = subprocess.run([str(node if node.exists() else "node"), str(root / "bench" / "search_bench.mjs"), str(path)],
                         capture_output=True, text=True, check=True)
    index = build_index(catalog)
    assert json.loads(run.stdout)["results"] == [search(index, q) for q in queries]
