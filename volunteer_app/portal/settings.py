"""Connector settings, read from environment variables and validated.

They live here until the lead moves them into core/config.py and the README table; invalid
values raise core.config.SettingsError naming the variable, like every other setting.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from volunteer_app.core.config import SettingsError, env_float, env_int, env_str, env_url


def _url(env: dict, name: str) -> str:
    return env_url(env, name, "", ("http", "https")).rstrip("/")


@dataclass(frozen=True)
class PortalSettings:
    url: str                      # PORTAL_URL: base URL of the portal (empty: forwarding is off)
    token: str                    # PORTAL_TOKEN: bearer credential issued by the portal
    connect_timeout_s: float      # PORTAL_CONNECT_TIMEOUT_S
    read_timeout_s: float         # PORTAL_READ_TIMEOUT_S
    hedge_delay_s: float          # PORTAL_HEDGE_DELAY_S: unanswered this long, the request goes again (0: off;
                                  # default: a quarter of the read timeout)
    retries: int                  # PORTAL_RETRIES: extra tries within one send
    backoff_base_s: float         # PORTAL_BACKOFF_BASE_S
    backoff_cap_s: float          # PORTAL_BACKOFF_CAP_S
    max_attempts: int             # PORTAL_MAX_ATTEMPTS: sends per outbox row before "dead"
    breaker_threshold: int        # PORTAL_BREAKER_THRESHOLD: consecutive failures that open it
    breaker_cooldown_s: float     # PORTAL_BREAKER_COOLDOWN_S
    concurrency: int              # PORTAL_CONCURRENCY: sends in flight per worker process
    lease_s: float                # PORTAL_LEASE_S: how long a claimed row stays with its worker
    idle_poll_s: float            # PORTAL_IDLE_POLL_S: outbox re-check period when idle
    status_poll_s: float          # PORTAL_STATUS_POLL_S: remote status polling period (0: off)
    callback_url: str             # PORTAL_CALLBACK_URL: our public callback URL sent with each dossier
    callback_secret: str          # PORTAL_CALLBACK_SECRET: shared HMAC secret
    callback_tolerance_s: float   # PORTAL_CALLBACK_TOLERANCE_S: replay window

    @property
    def worst_try_s(self) -> float:
        """The longest one try can take: its hedge starts late and may wait out both timeouts."""
        return self.hedge_delay_s + self.connect_timeout_s + self.read_timeout_s


def load_portal_settings(env: dict | None = None) -> PortalSettings:
    env = dict(os.environ if env is None else env)
    secret = env_str(env, "PORTAL_CALLBACK_SECRET")
    if secret and len(secret) < 16:
        raise SettingsError("PORTAL_CALLBACK_SECRET must be at least 16 characters long")
    read_timeout_s = env_float(env, "PORTAL_READ_TIMEOUT_S", 15.0, 0.05, 600)
    settings = PortalSettings(
        url=_url(env, "PORTAL_URL"),
        token=env_str(env, "PORTAL_TOKEN"),
        connect_timeout_s=env_float(env, "PORTAL_CONNECT_TIMEOUT_S", 3.0, 0.05, 120),
        read_timeout_s=read_timeout_s,
        hedge_delay_s=env_float(env, "PORTAL_HEDGE_DELAY_S", read_timeout_s / 4, 0.0, 600),
        retries=env_int(env, "PORTAL_RETRIES", 3, 0, 20),
        backoff_base_s=env_float(env, "PORTAL_BACKOFF_BASE_S", 0.5, 0.0, 60),
        backoff_cap_s=env_float(env, "PORTAL_BACKOFF_CAP_S", 30.0, 0.0, 3600),
        max_attempts=env_int(env, "PORTAL_MAX_ATTEMPTS", 25, 1, 10_000),
        breaker_threshold=env_int(env, "PORTAL_BREAKER_THRESHOLD", 5, 1, 1000),
        breaker_cooldown_s=env_float(env, "PORTAL_BREAKER_COOLDOWN_S", 30.0, 0.0, 3600),
        concurrency=env_int(env, "PORTAL_CONCURRENCY", 4, 1, 256),
        lease_s=env_float(env, "PORTAL_LEASE_S", 120.0, 1.0, 86_400),
        idle_poll_s=env_float(env, "PORTAL_IDLE_POLL_S", 1.0, 0.01, 600),
        status_poll_s=env_float(env, "PORTAL_STATUS_POLL_S", 300.0, 0.0, 86_400),
        callback_url=_url(env, "PORTAL_CALLBACK_URL"),
        callback_secret=secret,
        callback_tolerance_s=env_float(env, "PORTAL_CALLBACK_TOLERANCE_S", 300.0, 1.0, 86_400),
    )
    if settings.hedge_delay_s >= settings.read_timeout_s:
        # A hedge that never fires before the read timeout would be a setting that does nothing.
        raise SettingsError(f"PORTAL_HEDGE_DELAY_S={settings.hedge_delay_s} must be 0 (off) or less than "
                            f"PORTAL_READ_TIMEOUT_S ({settings.read_timeout_s})")
    # A send (all its tries) must end before the lease does, or a second worker could start it.
    worst_try = settings.worst_try_s
    if settings.lease_s < 2 * worst_try:
        raise SettingsError(f"PORTAL_LEASE_S={settings.lease_s} must be at least twice "
                            f"PORTAL_HEDGE_DELAY_S + PORTAL_CONNECT_TIMEOUT_S + PORTAL_READ_TIMEOUT_S ({worst_try})")
    return settings
