"""Parity cases of what a new draft starts with (start_answers: defaults, a required choice with
one option, the fee's count at 1) and of which documents apply and are required for the answers
(document_status). Expectations are written by hand; gen_vectors.py writes them to
tests/vectors/validate_start.json and both languages run them."""
from gen_vectors_validate import T, TODAY, f, proc

ONE = [{"value": "online", "label": T}]
TWO = [{"value": "a", "label": T}, {"value": "b", "label": T}]


def _with_fees(p, quantity_field):
    return {**p, "fees": {"rates": [{"province": "*", "channel": "*", "amount": 8000, "per": "copy"}],
                          "quantity_field": quantity_field}}


START = [
    ("one_option_required", proc([f("pay", "radio", required=True, options=ONE),
                                  f("kind", "select", required=True, options=ONE)]), {"pay": "online", "kind": "online"}),
    ("one_option_optional_not_chosen", proc([f("pay", "radio", options=ONE)]), {}),
    ("two_options_not_chosen", proc([f("pay", "radio", required=True, options=TWO)]), {}),
    ("default_wins", proc([f("pay", "radio", required=True, options=ONE, default="online"),
                           f("copies", "number", default="3")]), {"pay": "online", "copies": "3"}),
    ("count_starts_at_one", _with_fees(proc([f("copies", "number", required=True, integer=True, min=1, max=20)]),
                                       "copies"), {"copies": "1"}),
    ("count_from_zero_starts_at_one", _with_fees(proc([f("copies", "number", integer=True, min=0)]), "copies"),
     {"copies": "1"}),
    ("count_above_one_left_empty", _with_fees(proc([f("copies", "number", min=2)]), "copies"), {}),
    ("other_number_left_empty", _with_fees(proc([f("copies", "number"), f("pages", "number")]), "copies"),
     {"copies": "1"}),
    ("derived_never_started", proc([f("dob", "date"), f("age", "number", derive="age(dob)")]), {}),
]

DOCS = [
    {"id": "always", "name": T, "form": "copy", "count": 1, "required": True},
    {"id": "authorisation", "name": T, "form": "copy", "count": 1, "required": False,
     "required_if": "relation == 'authorised'"},
    {"id": "proof", "name": T, "form": "copy", "count": 1, "required": False},
    {"id": "loose", "name": T, "form": "copy", "count": 1, "required": False},
    {"id": "broken", "name": T, "form": "copy", "count": 1, "required": False, "required_if": "1 / 0"},
]
RELATION = f("relation", "select", required=True, options=[{"value": "self", "label": T},
                                                           {"value": "authorised", "label": T}])
DOC_PROC = proc([RELATION, f("exempt", "yes_no")],
                [f("up_always", "document", document="always"),
                 f("up_auth", "document", document="authorisation", visible_if="relation == 'authorised'"),
                 f("up_proof", "document", document="proof", visible_if="exempt == true"),
                 f("up_broken", "document", document="broken")],
                documents=DOCS)


def _status(always=(True, True), auth=(False, False), proof=(False, False), loose=(False, True),
            broken=(False, True)):
    return [{"id": i, "required": r, "applies": a} for i, (r, a) in
            zip(("always", "authorisation", "proof", "loose", "broken"), (always, auth, proof, loose, broken))]


DOCUMENTS = [
    ("nothing_answered", {}, _status()),
    ("authorised_makes_required", {"relation": "authorised"}, _status(auth=(True, True))),
    ("self_does_not_apply", {"relation": "self", "exempt": False}, _status()),
    ("visible_slot_applies", {"relation": "self", "exempt": True}, _status(proof=(False, True))),
]


def cases():
    for name, procedure, values in START:
        yield "validate_start", {"id": f"start.{name}", "kind": "start", "procedure": procedure,
                                 "expect": {"value": values}}
    for name, answers, status in DOCUMENTS:
        yield "validate_start", {"id": f"documents.{name}", "kind": "documents", "procedure": DOC_PROC,
                                 "answers": answers, "today": TODAY, "expect": {"value": status}}
