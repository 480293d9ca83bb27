"""A worker's start-up heap, kept out of the garbage collector's full passes.

A worker holds about 230,000 long-lived objects once the catalog and the administrative units
are loaded. CPython's full collection walks every one of them (about 120 ms on the 2-core
machine), and every request in flight waits for it: at one client it alone was the PUT's p95.
``gc.freeze`` moves what exists at start-up to a permanent generation that collections skip;
what is made later is collected as before, and refcounting still frees anything that was frozen.
"""
from __future__ import annotations

import gc
from collections.abc import Callable


def settle(*warm: Callable[[], object]) -> None:
    """Load what every request will use (``warm``), collect the start-up garbage, then freeze."""
    for load in warm:
        load()
    gc.collect()
    gc.freeze()
