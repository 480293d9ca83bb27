"""Dossier lifecycle: one explicit state machine, no I/O, no framework imports.

States follow the one-stop reception flow (NĐ 118/2025, Mẫu 01–05 of TT 03/2025/TT-VPCP):

    submitted ──start_review──▶ in_review ──accept──▶ accepted ──forward──▶ forwarded
                                   │  ▲
              request_supplement   │  │ start_review
                                   ▼  │
                     needs_supplement ──resubmit──▶ resubmitted
                                   in_review ──refuse──▶ refused
    any OPEN state ──withdraw──▶ withdrawn

Who may act:
    staff, admin         start_review, request_supplement, accept, refuse
    volunteer, citizen   resubmit, withdraw (their own dossier: ownership is checked by
                         the caller, which knows who owns what; this module only knows roles)
    system               forward (the hand-over to the competent unit is automated)

"Overdue" is deliberately not a state: lateness is a property of the deadline
(see ``is_overdue``), so a dossier can be "in review and overdue" at the same time.

Errors carry a message key and params; the Vietnamese/English texts live in
``volunteer_app/i18n/messages/lifecycle.json`` (``{"key": {"vi": ..., "en": ...}}``).
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Mapping

__all__ = [
    "State",
    "Action",
    "Role",
    "IllegalTransition",
    "OPEN_STATES",
    "TERMINAL_STATES",
    "OVERDUE_TRACKED_STATES",
    "TRANSITIONS",
    "ACTION_ROLES",
    "transition",
    "allowed_actions",
    "is_open",
    "is_terminal",
    "is_overdue",
    "state_label_key",
    "action_label_key",
    "role_label_key",
]


class State(StrEnum):
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    NEEDS_SUPPLEMENT = "needs_supplement"
    RESUBMITTED = "resubmitted"
    ACCEPTED = "accepted"
    REFUSED = "refused"
    FORWARDED = "forwarded"
    WITHDRAWN = "withdrawn"


class Action(StrEnum):
    START_REVIEW = "start_review"
    REQUEST_SUPPLEMENT = "request_supplement"
    RESUBMIT = "resubmit"
    ACCEPT = "accept"
    REFUSE = "refuse"
    FORWARD = "forward"
    WITHDRAW = "withdraw"


class Role(StrEnum):
    VOLUNTEER = "volunteer"
    CITIZEN = "citizen"
    STAFF = "staff"
    ADMIN = "admin"
    SYSTEM = "system"


# Still being handled at the counter: the applicant may withdraw.
OPEN_STATES: frozenset[State] = frozenset(
    {State.SUBMITTED, State.IN_REVIEW, State.NEEDS_SUPPLEMENT, State.RESUBMITTED}
)
# No outgoing transitions. ACCEPTED is neither open nor terminal: it waits for FORWARD.
TERMINAL_STATES: frozenset[State] = frozenset({State.REFUSED, State.FORWARDED, State.WITHDRAWN})

# States in which the office still owes the next step, so the due date can be missed.
# - NEEDS_SUPPLEMENT is excluded: the clock is paused while the applicant completes the
#   dossier (the office's time does not run during supplementation); the caller recomputes
#   the due date on RESUBMITTED.
# - ACCEPTED is included: the dossier is still at the counter until it is forwarded.
# - FORWARDED / REFUSED / WITHDRAWN are closed here; whether a closed dossier was late is a
#   historical fact to record at closing time, not a live flag.
OVERDUE_TRACKED_STATES: frozenset[State] = frozenset(
    {State.SUBMITTED, State.IN_REVIEW, State.RESUBMITTED, State.ACCEPTED}
)

_REVIEWERS = frozenset({Role.STAFF, Role.ADMIN})
_APPLICANTS = frozenset({Role.VOLUNTEER, Role.CITIZEN})

# Which roles may perform each action (independent of the state).
ACTION_ROLES: Mapping[Action, frozenset[Role]] = MappingProxyType(
    {
        Action.START_REVIEW: _REVIEWERS,
        Action.REQUEST_SUPPLEMENT: _REVIEWERS,
        Action.ACCEPT: _REVIEWERS,
        Action.REFUSE: _REVIEWERS,
        Action.RESUBMIT: _APPLICANTS,
        Action.WITHDRAW: _APPLICANTS,
        Action.FORWARD: frozenset({Role.SYSTEM}),
    }
)

# (state, action) -> next state. Anything absent is illegal.
TRANSITIONS: Mapping[tuple[State, Action], State] = MappingProxyType(
    {
        (State.SUBMITTED, Action.START_REVIEW): State.IN_REVIEW,
        (State.RESUBMITTED, Action.START_REVIEW): State.IN_REVIEW,
        (State.IN_REVIEW, Action.REQUEST_SUPPLEMENT): State.NEEDS_SUPPLEMENT,
        (State.IN_REVIEW, Action.ACCEPT): State.ACCEPTED,
        (State.IN_REVIEW, Action.REFUSE): State.REFUSED,
        (State.NEEDS_SUPPLEMENT, Action.RESUBMIT): State.RESUBMITTED,
        (State.ACCEPTED, Action.FORWARD): State.FORWARDED,
        **{(s, Action.WITHDRAW): State.WITHDRAWN for s in OPEN_STATES},
    }
)

# Message keys (texts in volunteer_app/i18n/messages/lifecycle.json).
KEY_UNKNOWN_VALUE = "lifecycle.error.unknown_value"
KEY_ACTION_NOT_ALLOWED_IN_STATE = "lifecycle.error.action_not_allowed_in_state"
KEY_ROLE_NOT_ALLOWED = "lifecycle.error.role_not_allowed"


def state_label_key(state: State | str) -> str:
    return f"lifecycle.state.{State(state).value}"


def action_label_key(action: Action | str) -> str:
    return f"lifecycle.action.{Action(action).value}"


def role_label_key(role: Role | str) -> str:
    return f"lifecycle.role.{Role(role).value}"


class IllegalTransition(ValueError):
    """An action that is not allowed for this state and role.

    ``key`` and ``params`` let the UI render the reason in Vietnamese or English;
    params hold raw enum values (e.g. ``"in_review"``), which the UI turns into labels
    with ``state_label_key`` / ``action_label_key`` / ``role_label_key``.
    """

    def __init__(self, message: str, key: str, params: Mapping[str, str]):
        super().__init__(message)
        self.key = key
        self.params: dict[str, str] = dict(params)


def _coerce(enum_cls: type[StrEnum], value: object, kind: str) -> StrEnum:
    try:
        return enum_cls(value)  # type: ignore[call-arg]
    except ValueError:
        raise IllegalTransition(
            f"Unknown {kind} {value!r}.",
            KEY_UNKNOWN_VALUE,
            {"kind": kind, "value": str(value)},
        ) from None


def transition(state: State | str, action: Action | str, role: Role | str) -> State:
    """Return the state reached when ``role`` performs ``action`` on a dossier in ``state``.

    Raises IllegalTransition (a ValueError) when the values are unknown, the action is not
    possible from this state, or the role may not perform it.
    """
    s = _coerce(State, state, "state")
    a = _coerce(Action, action, "action")
    r = _coerce(Role, role, "role")
    target = TRANSITIONS.get((s, a))  # type: ignore[call-overload]
    if target is None:
        raise IllegalTransition(
            f"Action '{a}' is not possible when the dossier is '{s}'.",
            KEY_ACTION_NOT_ALLOWED_IN_STATE,
            {"action": a.value, "state": s.value, "role": r.value},
        )
    if r not in ACTION_ROLES[a]:  # type: ignore[index]
        raise IllegalTransition(
            f"Role '{r}' may not perform action '{a}' (dossier is '{s}').",
            KEY_ROLE_NOT_ALLOWED,
            {"action": a.value, "state": s.value, "role": r.value},
        )
    return target


def allowed_actions(state: State | str, role: Role | str) -> frozenset[Action]:
    """Actions ``role`` may perform now; empty for terminal states."""
    s = _coerce(State, state, "state")
    r = _coerce(Role, role, "role")
    return frozenset(a for (st, a) in TRANSITIONS if st == s and r in ACTION_ROLES[a])


def is_open(state: State | str) -> bool:
    return _coerce(State, state, "state") in OPEN_STATES


def is_terminal(state: State | str) -> bool:
    return _coerce(State, state, "state") in TERMINAL_STATES


def is_overdue(state: State | str, due_at: datetime | None, now: datetime) -> bool:
    """True when the office still owes a step (``OVERDUE_TRACKED_STATES``) and ``now`` is
    strictly past ``due_at``. Both datetimes must be timezone-aware; no due date → False.
    """
    s = _coerce(State, state, "state")
    if due_at is None:
        return False
    if due_at.tzinfo is None or due_at.utcoffset() is None:
        raise ValueError("due_at must be timezone-aware")
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return s in OVERDUE_TRACKED_STATES and now > due_at
