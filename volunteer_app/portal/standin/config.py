"""Stand-in settings: environment variables (STANDIN_*), overridable by CLI flags."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields

FAULT_KINDS = ("error", "error_after", "timeout", "drop", "ratelimit")


@dataclass(frozen=True)
class StandinConfig:
    db: str = "data/portal-standin.db"   # STANDIN_DB: its own SQLite state (survives restarts)
    unit_code: str = "000.00.12.H26"     # STANDIN_UNIT_CODE: receiving unit (QCVN 102:2016 shape)
    step_s: float = 5.0                  # STANDIN_STEP_S: seconds per status step; 0 = only /_admin/advance
    supplement_rate: float = 0.1         # STANDIN_SUPPLEMENT_RATE: share of dossiers asked for a supplement
    fault_rate: float = 0.0              # STANDIN_FAULT_RATE: share of API requests that fail
    faults: str = ",".join(FAULT_KINDS)  # STANDIN_FAULTS: which kinds, comma-separated
    seed: int = 7                        # STANDIN_SEED: fault and path draws are reproducible
    latency_ms: float = 0.0              # STANDIN_LATENCY_MS: extra uniform(0, N) ms on every API request
    hang_s: float = 30.0                 # STANDIN_HANG_S: how long a "timeout" request hangs
    retry_after_s: int = 1               # STANDIN_RETRY_AFTER_S: Retry-After of a 429
    token: str = ""                      # STANDIN_TOKEN: required bearer token (empty: none)
    callback_secret: str = ""            # STANDIN_CALLBACK_SECRET: signs callbacks (empty: no callbacks)
    callback_url: str = ""               # STANDIN_CALLBACK_URL: overrides the submission's callback_url

    def fault_kinds(self) -> tuple[str, ...]:
        kinds = tuple(k.strip() for k in self.faults.split(",") if k.strip())
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"STANDIN_FAULTS: unknown kinds {sorted(unknown)}; known: {FAULT_KINDS}")
        return kinds

    @classmethod
    def from_env(cls, env: dict | None = None) -> "StandinConfig":
        env = os.environ if env is None else env
        values = {}
        for f in fields(cls):
            raw = env.get(f"STANDIN_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            try:
                values[f.name] = kind(raw)
            except ValueError:
                raise ValueError(f"STANDIN_{f.name.upper()}={raw!r} is not a {kind.__name__}") from None
        config = cls(**values)
        config.fault_kinds()
        if not 0 <= config.fault_rate <= 1 or not 0 <= config.supplement_rate <= 1:
            raise ValueError("STANDIN_FAULT_RATE and STANDIN_SUPPLEMENT_RATE must be between 0 and 1")
        return config

    def to_env(self) -> dict[str, str]:
        return {f"STANDIN_{f.name.upper()}": str(getattr(self, f.name)) for f in fields(self)}
