"""The sign-in ``next`` target on the server (volunteer_app.core.next_url), against the vectors the
browser's own URL parser produced (tests/vectors/next_url.json, also run by tests/js/next_url.test.mjs)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from volunteer_app.core.next_url import same_origin_path

CASES = json.loads((Path(__file__).parents[1] / "vectors" / "next_url.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['origin']} {c['next']!r}")
def test_resolves_as_the_browser_does(case):
    assert same_origin_path(case["next"], case["origin"]) == case["path"]


@pytest.mark.parametrize("next_value", [
    "//2130706433:4102/tnv",  # 127.0.0.1 written as one number: the browser's own host
    "//0x7f.0.0.1:4102/tnv",
    "http://user@127.0.0.1:4102/tnv",  # a user name in the authority
    "//127.0.0.1:04102/tnv",  # the port with a leading zero
])
def test_refuses_where_the_parsers_could_disagree(next_value):
    # The browser would stay on the site with these; refusing them only means the role's home.
    assert same_origin_path(next_value, "http://127.0.0.1:4102") is None


@pytest.mark.parametrize("origin", ["http://127.0.0.1:4102", "https://app.example", "http://[::1]:3000"])
def test_a_result_is_always_a_path_of_the_origin(origin):
    for case in CASES:
        path = same_origin_path(case["next"], origin)
        if path is not None:
            assert path.startswith("/") and not path.startswith(("//", "/\\"))
            assert urlsplit(path).netloc == ""


def test_none_and_empty_have_no_target():
    assert same_origin_path(None, "http://127.0.0.1:4102") is None
    assert same_origin_path("", "http://127.0.0.1:4102") is None
