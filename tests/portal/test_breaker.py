"""Circuit breaker: opens after N consecutive failures, half-opens after the cool-down."""
from __future__ import annotations

import pytest

from volunteer_app.portal.breaker import BreakerOpen, BreakerState, CircuitBreaker


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_threshold_consecutive_failures():
    clock = Clock()
    b = CircuitBreaker(3, 10, clock)
    for _ in range(2):
        b.before_call()
        b.record_failure()
    assert b.state is BreakerState.CLOSED
    b.before_call()
    b.record_failure()
    assert b.state is BreakerState.OPEN
    with pytest.raises(BreakerOpen) as exc:
        b.before_call()
    assert exc.value.retry_in == pytest.approx(10)


def test_a_success_resets_the_count():
    b = CircuitBreaker(3, 10, Clock())
    b.record_failure()
    b.record_failure()
    b.record_success()
    b.record_failure()
    b.record_failure()
    assert b.state is BreakerState.CLOSED


def test_half_open_lets_one_probe_through_and_closes_on_success():
    clock = Clock()
    b = CircuitBreaker(1, 5, clock)
    b.record_failure()
    clock.now = 4.9
    with pytest.raises(BreakerOpen):
        b.before_call()
    clock.now = 5.0
    assert b.state is BreakerState.HALF_OPEN
    b.before_call()  # the probe
    with pytest.raises(BreakerOpen):
        b.before_call()  # a second caller waits for the probe's outcome
    b.record_success()
    assert b.state is BreakerState.CLOSED
    b.before_call()


def test_failed_probe_reopens_for_a_full_cooldown():
    clock = Clock()
    b = CircuitBreaker(2, 5, clock)
    b.record_failure()
    b.record_failure()
    clock.now = 6
    b.before_call()
    b.record_failure()
    assert b.state is BreakerState.OPEN
    assert b.retry_in() == pytest.approx(5)


def test_neutral_answers_neither_open_nor_close_but_free_the_probe():
    clock = Clock()
    b = CircuitBreaker(1, 5, clock)
    b.record_failure()
    clock.now = 5
    b.before_call()
    b.record_neutral()  # e.g. a 429: the portal is up, but it proves nothing
    assert b.state is BreakerState.HALF_OPEN
    b.before_call()  # the slot is free again


def test_threshold_must_be_positive():
    with pytest.raises(ValueError):
        CircuitBreaker(0, 1)
