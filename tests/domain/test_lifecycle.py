"""Dossier state machine: exhaustive triple check, properties, messages."""
from __future__ import annotations

import itertools
import json
import string
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from volunteer_app.domain.lifecycle import (
    Action,
    IllegalTransition,
    Role,
    State,
    action_label_key,
    allowed_actions,
    is_open,
    is_overdue,
    is_terminal,
    role_label_key,
    state_label_key,
    transition,
)

MESSAGES_PATH = (
    Path(__file__).resolve().parents[2] / "volunteer_app" / "i18n" / "messages" / "lifecycle.json"
)

# Independent oracle, written out by hand from the spec (plain strings, not the module's
# tables) so a mistake in lifecycle.TRANSITIONS / ACTION_ROLES cannot hide itself.
REVIEWERS = ("staff", "admin")
APPLICANTS = ("volunteer", "citizen")
LEGAL: dict[tuple[str, str, str], str] = {}
for _role in REVIEWERS:
    LEGAL[("submitted", "start_review", _role)] = "in_review"
    LEGAL[("resubmitted", "start_review", _role)] = "in_review"
    LEGAL[("in_review", "request_supplement", _role)] = "needs_supplement"
    LEGAL[("in_review", "accept", _role)] = "accepted"
    LEGAL[("in_review", "refuse", _role)] = "refused"
for _role in APPLICANTS:
    LEGAL[("needs_supplement", "resubmit", _role)] = "resubmitted"
    for _open in ("submitted", "in_review", "needs_supplement", "resubmitted"):
        LEGAL[(_open, "withdraw", _role)] = "withdrawn"
LEGAL[("accepted", "forward", "system")] = "forwarded"

ALL_STATES = [
    "submitted", "in_review", "needs_supplement", "resubmitted",
    "accepted", "refused", "forwarded", "withdrawn",
]
ALL_ACTIONS = [
    "start_review", "request_supplement", "resubmit", "accept", "refuse", "forward", "withdraw",
]
ALL_ROLES = ["volunteer", "citizen", "staff", "admin", "system"]
ALL_TRIPLES = list(itertools.product(ALL_STATES, ALL_ACTIONS, ALL_ROLES))


def test_enums_match_spec():
    assert sorted(s.value for s in State) == sorted(ALL_STATES)
    assert sorted(a.value for a in Action) == sorted(ALL_ACTIONS)
    assert sorted(r.value for r in Role) == sorted(ALL_ROLES)


def test_oracle_size():
    # 5 review actions x 2 roles + 2 resubmit + 8 withdraw + 1 forward
    assert len(LEGAL) == 21
    assert len(ALL_TRIPLES) == 8 * 7 * 5


@pytest.mark.parametrize(("state", "action", "role"), ALL_TRIPLES)
def test_every_triple(state, action, role):
    expected = LEGAL.get((state, action, role))
    if expected is None:
        with pytest.raises(IllegalTransition) as excinfo:
            transition(state, action, role)
        err = excinfo.value
        assert isinstance(err, ValueError)
        assert err.params == {"action": action, "state": state, "role": role}
        # State-impossible actions are reported as such before any role check.
        if any((state, action, r) in LEGAL for r in ALL_ROLES):
            assert err.key == "lifecycle.error.role_not_allowed"
        else:
            assert err.key == "lifecycle.error.action_not_allowed_in_state"
        assert state in str(err) and action in str(err)
    else:
        assert transition(state, action, role) == expected
        # Enum members are accepted as well as raw strings.
        assert transition(State(state), Action(action), Role(role)) is State(expected)


@pytest.mark.parametrize(("state", "role"), list(itertools.product(ALL_STATES, ALL_ROLES)))
def test_allowed_actions_matches_oracle(state, role):
    expected = {a for (s, a, r) in LEGAL if s == state and r == role}
    assert {a.value for a in allowed_actions(state, role)} == expected


def test_open_and_terminal_sets():
    assert {s for s in ALL_STATES if is_open(s)} == {
        "submitted", "in_review", "needs_supplement", "resubmitted",
    }
    assert {s for s in ALL_STATES if is_terminal(s)} == {"refused", "forwarded", "withdrawn"}
    # accepted waits for forwarding: neither open (no withdrawal) nor terminal.
    assert not is_open("accepted") and not is_terminal("accepted")


@pytest.mark.parametrize("state", ALL_STATES)
def test_terminal_means_no_outgoing_transitions(state):
    has_exit = any(s == state for (s, _, _) in LEGAL)
    assert is_terminal(state) == (not has_exit)


@pytest.mark.parametrize(
    ("state", "action", "role", "kind", "value"),
    [
        ("draft", "accept", "staff", "state", "draft"),
        ("in_review", "approve", "staff", "action", "approve"),
        ("in_review", "accept", "clerk", "role", "clerk"),
    ],
)
def test_unknown_values_raise(state, action, role, kind, value):
    with pytest.raises(IllegalTransition) as excinfo:
        transition(state, action, role)
    assert excinfo.value.key == "lifecycle.error.unknown_value"
    assert excinfo.value.params == {"kind": kind, "value": value}


def test_unknown_state_in_queries_raises():
    for fn in (is_open, is_terminal):
        with pytest.raises(IllegalTransition):
            fn("overdue")  # overdue is a flag, never a state
    with pytest.raises(IllegalTransition):
        allowed_actions("overdue", "staff")


# --- random walks -------------------------------------------------------------------

steps = st.lists(
    st.tuples(st.sampled_from(ALL_ACTIONS), st.sampled_from(ALL_ROLES)), max_size=60
)


@given(steps)
def test_random_sequences_stay_in_defined_states(sequence):
    state = "submitted"
    for action, role in sequence:
        expected = LEGAL.get((state, action, role))
        try:
            new_state = transition(state, action, role)
        except IllegalTransition:
            assert expected is None
            continue  # a refused action leaves the dossier where it was
        assert expected == new_state
        assert isinstance(new_state, State) and new_state.value in ALL_STATES
        assert state not in ("refused", "forwarded", "withdrawn")  # terminal never moves
        state = new_state.value
    assert state in ALL_STATES
    if is_terminal(state):
        assert all(not allowed_actions(state, r) for r in ALL_ROLES)


@given(st.text(alphabet=string.ascii_lowercase + "_", max_size=20))
def test_arbitrary_strings_never_produce_a_state(junk):
    # Any input is either a defined transition or an IllegalTransition, never a new state.
    for state in ALL_STATES:
        try:
            result = transition(state, junk, "staff")
        except IllegalTransition:
            continue
        assert result.value in ALL_STATES


# --- overdue flag -------------------------------------------------------------------

DUE = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)  # 17:00 ICT
LATE = DUE + timedelta(minutes=1)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("submitted", True),
        ("in_review", True),
        ("resubmitted", True),
        ("accepted", True),  # still at the counter until forwarded
        ("needs_supplement", False),  # clock paused while the applicant completes it
        ("refused", False),
        ("forwarded", False),
        ("withdrawn", False),
    ],
)
def test_overdue_by_state(state, expected):
    assert is_overdue(state, DUE, LATE) is expected


def test_overdue_boundary_is_strict():
    assert not is_overdue("in_review", DUE, DUE)
    assert is_overdue("in_review", DUE, DUE + timedelta(microseconds=1))
    assert not is_overdue("in_review", DUE, DUE - timedelta(days=1))


def test_overdue_compares_instants_across_zones():
    from zoneinfo import ZoneInfo

    hcm = ZoneInfo("Asia/Ho_Chi_Minh")
    now_local = datetime(2026, 12, 1, 17, 0, 1, tzinfo=hcm)  # 1 s after DUE
    assert is_overdue("submitted", DUE, now_local)


def test_overdue_without_due_date_is_false():
    assert not is_overdue("in_review", None, LATE)


def test_overdue_rejects_naive_datetimes():
    with pytest.raises(ValueError):
        is_overdue("in_review", DUE.replace(tzinfo=None), LATE)
    with pytest.raises(ValueError):
        is_overdue("in_review", DUE, LATE.replace(tzinfo=None))


# --- messages -----------------------------------------------------------------------

def _messages() -> dict:
    return json.loads(MESSAGES_PATH.read_text(encoding="utf-8"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_vietnamese_state_labels():
    msgs = _messages()
    assert {s: msgs[state_label_key(s)]["vi"] for s in ALL_STATES} == {
        "submitted": "Đã nộp",
        "in_review": "Đang xem xét",
        "needs_supplement": "Cần bổ sung",
        "resubmitted": "Đã nộp bổ sung",
        "accepted": "Đã tiếp nhận",
        "refused": "Từ chối",
        "forwarded": "Đã chuyển",
        "withdrawn": "Đã rút",
    }


def test_every_label_key_exists_in_both_languages():
    msgs = _messages()
    keys = (
        [state_label_key(s) for s in ALL_STATES]
        + [action_label_key(a) for a in ALL_ACTIONS]
        + [role_label_key(r) for r in ALL_ROLES]
    )
    for key in keys:
        assert msgs[key]["vi"].strip() and msgs[key]["en"].strip()


def test_all_messages_are_bilingual_nfc_with_matching_placeholders():
    import unicodedata

    for key, text in _messages().items():
        assert set(text) == {"vi", "en"}, key
        assert unicodedata.is_normalized("NFC", text["vi"]), key
        assert _placeholders(text["vi"]) == _placeholders(text["en"]), key


@pytest.mark.parametrize(
    ("state", "action", "role"),
    [("forwarded", "withdraw", "citizen"), ("in_review", "accept", "volunteer"), ("x", "accept", "staff")],
)
def test_error_messages_render_with_their_params(state, action, role):
    with pytest.raises(IllegalTransition) as excinfo:
        transition(state, action, role)
    err = excinfo.value
    template = _messages()[err.key]
    for lang in ("vi", "en"):
        assert _placeholders(template[lang]) <= set(err.params)
        template[lang].format(**err.params)  # must not raise
