"""Circuit breaker: stop calling the portal while it is down, probe it again after a cool-down.

    closed ──N consecutive failures──▶ open ──cool-down──▶ half_open
    half_open ──probe succeeds──▶ closed        half_open ──probe fails──▶ open

One breaker per worker process (each process learns on its own; no shared state needed).
Only failures that say "the remote side is unwell" count: timeouts, connection errors and 5xx.
A 4xx (including 429) proves the portal is up, so it neither opens nor closes the breaker.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class BreakerOpen(RuntimeError):
    """No call was made: the breaker is open. ``retry_in`` seconds until the next probe."""

    def __init__(self, retry_in: float):
        super().__init__(f"circuit open; next probe in {retry_in:.1f}s")
        self.retry_in = retry_in


class CircuitBreaker:
    def __init__(self, threshold: int, cooldown_s: float, clock: Callable[[], float] = time.monotonic):
        if threshold < 1:
            raise ValueError("threshold must be at least 1")
        self.threshold, self.cooldown_s, self._clock = threshold, cooldown_s, clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probe_in_flight = False

    @property
    def state(self) -> BreakerState:
        if self._state is BreakerState.OPEN and self._clock() - self._opened_at >= self.cooldown_s:
            self._state = BreakerState.HALF_OPEN
            self._probe_in_flight = False
        return self._state

    @property
    def consecutive_failures(self) -> int:
        return self._failures

    def retry_in(self) -> float:
        if self.state is BreakerState.OPEN:
            return max(0.0, self.cooldown_s - (self._clock() - self._opened_at))
        return 0.0

    def before_call(self) -> None:
        """Raise BreakerOpen unless a call may go out now. Half-open lets one probe through."""
        state = self.state
        if state is BreakerState.CLOSED:
            return
        if state is BreakerState.HALF_OPEN and not self._probe_in_flight:
            self._probe_in_flight = True
            return
        raise BreakerOpen(self.retry_in() if state is BreakerState.OPEN else self.cooldown_s / 2 or 0.1)

    def record_success(self) -> None:
        self._state, self._failures, self._probe_in_flight = BreakerState.CLOSED, 0, False

    def record_failure(self) -> None:
        self._failures += 1
        if self._state is BreakerState.HALF_OPEN or self._failures >= self.threshold:
            self._state, self._opened_at, self._probe_in_flight = BreakerState.OPEN, self._clock(), False

    def record_neutral(self) -> None:
        """The portal answered (e.g. 4xx/429): it is up, but this says nothing about health.
        A half-open probe that got such an answer frees the probe slot."""
        self._probe_in_flight = False
