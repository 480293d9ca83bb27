"""Every parity vector passes in Python (tests/js/rules.test.mjs runs the same files in JS)."""
import pytest

from vector_runner import load_cases, run, strict_equal

CASES = load_cases()


def test_enough_vectors_cover_every_kind_and_field_type():
    from volunteer_app.domain.rules.fields import FIELD_TYPES

    assert len(CASES) >= 320
    kinds = {c["kind"] for c in CASES}
    assert {"expr", "references", "normalize", "field", "format", "validate", "compute", "resolve", "message",
            "initial", "initial_item", "rate", "fee_quote"} <= kinds
    checked = {c["field"]["type"] for c in CASES if c["kind"] == "field"}
    normalized = {c["field"]["type"] for c in CASES if c["kind"] == "normalize"}
    assert set(FIELD_TYPES) <= checked
    assert set(FIELD_TYPES) <= normalized
    assert len({c["id"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_vector(case):
    actual = run(case)
    assert strict_equal(actual, case["expect"]), f"{case['id']}: got {actual!r}, want {case['expect']!r}"


def test_json_vectors_match_the_generator_tables():
    """The committed JSON is what gen_vectors.py writes (edit the tables, then regenerate)."""
    import json

    from gen_vectors import MODULES
    from vector_runner import VECTORS

    expected: dict[str, list] = {}
    for module in MODULES:
        for stem, case in module.cases():
            expected.setdefault(stem, []).append(case)
    for stem, cases in expected.items():
        on_disk = json.loads((VECTORS / f"{stem}.json").read_text(encoding="utf-8"))
        assert json.loads(json.dumps(cases)) == on_disk, f"{stem}.json is stale: run gen_vectors.py"


def test_check_is_validate_and_resolve_in_one_pass():
    """The dossier PUT's ``check`` answers exactly what ``validate`` and ``resolve`` answer, on
    every validate and resolve vector (the form is worked out once instead of twice)."""
    from vector_runner import units_lookup

    from volunteer_app.domain.rules.validate import check, resolve, validate

    cases = [c for c in CASES if c["kind"] in ("validate", "resolve")]
    assert len(cases) >= 40
    for case in cases:
        units = units_lookup(case.get("units"))
        errors, answers = check(case["procedure"], case["answers"], case["today"], units=units)
        assert errors == validate(case["procedure"], case["answers"], case["today"], units=units), case["id"]
        assert answers == resolve(case["procedure"], case["answers"], case["today"])["answers"], case["id"]
