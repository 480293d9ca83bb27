"""rules/plan.py: a procedure's form read once. The checks' results are validate.py's (the shared
vectors and test_check_is_validate_and_resolve_in_one_pass assert it); here, what the plan keeps."""
from __future__ import annotations

import copy

from volunteer_app.domain.rules import plan as plan_module
from volunteer_app.domain.rules.plan import plan, plan_of
from volunteer_app.domain.rules.validate import check

PROCEDURE = {
    "documents": [{"id": "cccd", "required": True}, {"id": "cccd", "required": False}],
    "steps": [
        {"id": "a", "fields": [
            {"id": "ho_ten", "type": "full_name", "required": True},
            {"id": "so_dinh_danh", "type": "personal_id"},
            {"id": "ban_sao", "type": "document", "document": "cccd"},
        ]},
        {"id": "b", "visible_if": "ho_ten != ''", "fields": [
            {"id": "nguoi_nhan", "type": "full_name", "same_as": {"field": "ho_ten", "when": "true"}},
            {"id": "con", "type": "group", "fields": [
                {"id": "ten", "type": "full_name"},
                {"id": "ten_goi", "type": "text", "derive": "ten"},
            ]},
            {"id": "dong_y", "type": "consent", "visible_if": None},
        ]},
    ],
    "rules": [{"fields": ["ho_ten"], "check": "ho_ten != so_dinh_danh", "message": "x"},
              {"fields": ["ho_ten"], "check": "((", "message": "y"}],
}


def test_the_plan_keeps_what_a_check_looks_up():
    form = plan(PROCEDURE)
    assert [f.id for f in form.fields] == ["ho_ten", "so_dinh_danh", "ban_sao", "nguoi_nhan", "con", "dong_y"]
    assert form.by_id["con"].by_id["ten_goi"].derive == "ten"
    # Only what has a link is linked: a copied field, and a group with a derived sub-field.
    assert [f.id for f in form.to_link] == ["nguoi_nhan", "con"]
    # A document slot finds the first document with its id, as a scan of the list does.
    assert form.by_id["ban_sao"].document is PROCEDURE["documents"][0]
    # A visible_if that is present but null is still a condition (an error: visible).
    assert form.by_id["dong_y"].visible_if is None and form.steps[0].visible_if is not None
    # A rule whose check does not parse reads nothing and is skipped.
    assert form.rules[0].attached == ["ho_ten"] and form.rules[1].reads is None


def test_first_answer_is_the_first_top_level_field_of_the_type_with_an_answer():
    form = plan(PROCEDURE)
    answers = {"ho_ten": "", "nguoi_nhan": "Trần Thị Bích", "con": [{"ten": "Trần Văn Con"}]}
    assert form.first_answer(answers, "full_name") == "Trần Thị Bích"
    assert form.first_answer(answers, "personal_id") is None


def test_plan_of_is_kept_per_definition_object():
    same = plan_of(PROCEDURE)
    assert plan_of(PROCEDURE) is same
    twin = copy.deepcopy(PROCEDURE)
    assert plan_of(twin) is not same and plan_of(twin).procedure is twin


def test_a_full_cache_starts_again_and_answers_stay_right(monkeypatch):
    monkeypatch.setattr(plan_module, "_MAX", 3)
    monkeypatch.setattr(plan_module, "_plans", {})
    answers = {"ho_ten": "Lê Văn Tám", "so_dinh_danh": "001099012345", "dong_y": True,
               "ban_sao": [{"sha256": "a" * 64, "size": 1, "mime": "image/png", "name": "cccd.png"}]}
    copies = [copy.deepcopy(PROCEDURE) for _ in range(7)]
    results = [check(p, answers, "2026-12-01") for p in copies]
    assert len(plan_module._plans) <= 3
    assert all(r == results[0] for r in results)
    assert results[0][0] == [] and results[0][1]["nguoi_nhan"] == "Lê Văn Tám"
