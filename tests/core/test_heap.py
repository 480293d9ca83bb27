"""A worker's start-up heap is frozen out of the garbage collector's full passes (core/heap.py),
the catalog and the administrative units included: a full collection then walks only what
requests made since, not the quarter of a million objects every worker holds."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.support.servers import ROOT, base_env

PROBE = """
import gc, json
from volunteer_app.api.asgi import app
frozen, tracked = gc.get_freeze_count(), len(gc.get_objects())
from volunteer_app.services import catalog
catalog.warm()  # loaded before the freeze: nothing new to track
gc.collect()
print(json.dumps({"frozen": frozen, "tracked": tracked, "after_warm": len(gc.get_objects())}))
"""


def test_the_api_worker_freezes_its_start_up_heap_with_the_catalog_in_it(tmp_path):
    env = base_env(DATA_DIR=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'heap.db'}")
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=120)
    heap = json.loads(out.stdout.strip().splitlines()[-1])
    assert heap["frozen"] > 100_000  # the catalog alone is about 80,000 objects
    assert heap["tracked"] < 1_000 and heap["after_warm"] < 1_000
