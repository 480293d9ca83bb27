"""Generated test vectors: every structured procedure filled with valid answers passes the
server's own checks (unknown keys, then the shared rules with the admin-unit table); the JS
validator checks the same vectors in tests/js/catalog_answers.test.mjs. Cheap: ~60 procedures,
a few ms each."""
import json
from pathlib import Path

import pytest

from volunteer_app.domain.catalog import load_catalog
from volunteer_app.domain.rules.validate import validate
from volunteer_app.services import catalog as cat
from volunteer_app.services import submission_checks as checks
from tests.support.catalog_answers import TODAY, VECTORS, valid_answers, vectors

ROOT = Path(__file__).resolve().parents[3]
CATALOG = load_catalog()
STORED = json.loads((ROOT / VECTORS).read_text(encoding="utf-8"))
CASES = {c["code"]: c["answers"] for c in STORED["cases"]}


def test_vectors_are_current():
    """Regenerate with: python -m tests.support.catalog_answers"""
    assert STORED == vectors(CATALOG)


def test_every_structured_procedure_has_a_vector():
    assert set(CASES) == {p.code for p in CATALOG.procedures if p.kind == "structured"}


@pytest.mark.parametrize("code", sorted(CASES))
def test_server_checks_accept_the_vector(code):
    procedure = cat.procedure_data(code)
    answers = CASES[code]
    assert checks.unknown_keys(procedure, answers) == []
    assert validate(procedure, answers, TODAY, units=cat.units_check) == []


def test_generic_procedures_are_fillable_too():
    """The generic wizard (applicant, declaration form, documents, consent) accepts answers as well."""
    generic = [e.data for e in CATALOG.entries.values() if e.data["kind"] == "generic"]
    assert generic
    for data in generic:
        assert validate(data, valid_answers(data, TODAY), TODAY, units=cat.units_check) == [], data["code"]
