"""Settings from environment variables, validated once at start-up.

Every setting is listed in README.md's configuration table. An invalid value stops
the app with a message that names the variable (see `SettingsError`).
"""
from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


class SettingsError(ValueError):
    """A setting has an invalid value; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    redis_url: str
    upload_dir: Path
    attachment_store: str  # ATTACHMENT_STORE: auto (database on PostgreSQL, else folder) | folder | database
    secret_key: str
    port: int
    portal_url: str
    log_level: str
    session_hours: int
    max_upload_mb: int
    housekeeping_interval_s: int
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]
    allowed_origins: tuple[str, ...]  # ALLOWED_ORIGINS: other web origins that may use the app (core/origins.py)
    # Load limits (issue 12): what one request, one client and one stalled database may cost
    # (defaults in _load_limits).
    worker_threads: int           # WORKER_THREADS: request threads per worker; the pool matches it
    db_lock_timeout_s: float      # DB_LOCK_TIMEOUT_S: SQLite busy timeout / PostgreSQL lock_timeout
    db_pool_timeout_s: float      # DB_POOL_TIMEOUT_S: wait for a pooled connection (< lock timeout)
    max_body_kb: int              # MAX_BODY_KB: any request body but a tus chunk
    upload_chunk_max_mb: int      # UPLOAD_CHUNK_MAX_MB: one tus PATCH
    rate_window_s: int            # RATE_WINDOW_S: the window of the per-client limits below
    rate_put_per_token: int       # RATE_PUT_PER_TOKEN: dossier PUTs per device token
    rate_put_per_session: int     # RATE_PUT_PER_SESSION: dossier PUTs per signed-in session
    rate_put_per_address: int     # RATE_PUT_PER_ADDRESS: dossier PUTs per client address
    rate_upload_per_token: int    # RATE_UPLOAD_PER_TOKEN: upload writes (POST, PATCH) per token
    rate_upload_per_address: int  # RATE_UPLOAD_PER_ADDRESS: upload writes per client address
    unused_upload_hours: int      # UNUSED_UPLOAD_HOURS: finished uploads no dossier uses are purged after
    max_image_megapixels: int     # MAX_IMAGE_MEGAPIXELS: larger images are refused
    # Sign-in and look-up (issue 12, items 4 and 5).
    rate_signin_per_address: int  # RATE_SIGNIN_PER_ADDRESS: sign-in attempts per client address per window
    password_hash_slots: int      # PASSWORD_HASH_SLOTS: password hashes running at once per worker process
    password_hash_queue: int      # PASSWORD_HASH_QUEUE: sign-ins that may wait for a slot (more: 503)
    password_hash_wait_s: float   # PASSWORD_HASH_WAIT_S: how long one waits for a slot (then 503)
    lookup_window_s: int          # LOOKUP_WINDOW_S: the window of the two look-up limits below
    lookup_misses_per_address: int  # LOOKUP_MISSES_PER_ADDRESS: wrong look-ups per address, any codes
    lookup_misses_per_code: int   # LOOKUP_MISSES_PER_CODE: wrong look-ups per address and dossier code
    # Returning citizens (issue 15): what the centre keeps with the citizen's consent, and how long.
    kept_data_months: int         # KEPT_DATA_MONTHS: kept identity details and documents expire after
    returning_misses_per_id: int  # RETURNING_MISSES_PER_ID: wrong returning-citizen PINs per ID number
    returning_misses_per_address: int  # RETURNING_MISSES_PER_ADDRESS: wrong ones per client address
    # Shared tablets (issue 16): drafts handed between volunteers wait on the server sealed with
    # this key (AES-256-GCM); HANDOVER_KEY is 32 bytes, base64url; default: derived from SECRET_KEY.
    handover_key: bytes = b""
    handover_max_mb: int = 5      # HANDOVER_MAX_MB: a handed draft's files, in all

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def env_str(env: dict, name: str, default: str = "") -> str:
    value = (env.get(name) or "").strip()
    return value or default


def _number(env: dict, name: str, default, lo, hi, cast, kind: str):
    raw = env_str(env, name, str(default))
    try:
        value = cast(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not {kind}") from None
    if not lo <= value <= hi:
        raise SettingsError(f"{name}={value} must be between {lo} and {hi}")
    return value


def env_int(env: dict, name: str, default: int, lo: int, hi: int) -> int:
    return _number(env, name, default, lo, hi, int, "a whole number")


def env_float(env: dict, name: str, default: float, lo: float, hi: float) -> float:
    return _number(env, name, default, lo, hi, float, "a number")


def env_url(env: dict, name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = env_str(env, name, default)
    if not value:
        return value
    scheme = urlparse(value).scheme
    if scheme not in schemes:
        raise SettingsError(f"{name} must start with one of {', '.join(s + '://' for s in schemes)}; got {scheme or 'no scheme'}")
    return value


def env_networks(env: dict, name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated IP addresses or CIDR ranges; empty gives an empty tuple."""
    nets = []
    for part in env_str(env, name).split(","):
        if part.strip():
            try:
                nets.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise SettingsError(f"{name}: {part.strip()!r} is not an IP address or CIDR range") from None
    return tuple(nets)


def env_origins(env: dict, name: str) -> tuple[str, ...]:
    """Comma-separated web origins (``https://host[:port]``), normalised as browsers send them."""
    from volunteer_app.core.origins import normalise_origin

    origins = []
    for part in env_str(env, name).split(","):
        if part.strip() == "*":
            raise SettingsError(f"{name}: '*' is not allowed; list each origin (https://host[:port])")
        if part.strip():
            try:
                origins.append(normalise_origin(part))
            except ValueError as exc:
                raise SettingsError(f"{name}: {exc}") from None
    return tuple(dict.fromkeys(origins))


def _secret_key(env: dict, data_dir: Path) -> str:
    """Use SECRET_KEY, or generate one once and keep it in data/ so sessions survive restarts."""
    given = env_str(env, "SECRET_KEY", "")
    if given:
        if len(given) < 32:
            raise SettingsError("SECRET_KEY must be at least 32 characters long")
        return given
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def load_settings(env: dict | None = None) -> Settings:
    """Read and validate every setting; raise SettingsError naming the bad one."""
    env = dict(os.environ if env is None else env)
    data_dir = Path(env_str(env, "DATA_DIR", str(PROJECT_ROOT / "data"))).resolve()
    secret_key = _secret_key(env, data_dir)
    default_db = f"sqlite:///{data_dir / 'tiepsuc.db'}"
    database_url = env_url(env, "DATABASE_URL", default_db, ("sqlite", "postgresql", "postgresql+psycopg"))
    redis_url = env_url(env, "REDIS_URL", "", ("redis", "rediss", "unix"))
    log_level = env_str(env, "LOG_LEVEL", "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}; got {log_level!r}")
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        redis_url=redis_url,
        upload_dir=Path(env_str(env, "UPLOAD_DIR", str(data_dir / "uploads"))).resolve(),
        attachment_store=_attachment_store(env),
        secret_key=secret_key,
        port=env_int(env, "PORT", 3000, 1, 65535),
        portal_url=env_url(env, "PORTAL_URL", "", ("http", "https")),
        log_level=log_level,
        session_hours=env_int(env, "SESSION_HOURS", 12, 1, 24 * 30),
        max_upload_mb=env_int(env, "MAX_UPLOAD_MB", 20, 1, 512),
        housekeeping_interval_s=env_int(env, "HOUSEKEEPING_INTERVAL", 3600, 1, 7 * 24 * 3600),
        trusted_proxies=env_networks(env, "TRUSTED_PROXIES"),
        allowed_origins=env_origins(env, "ALLOWED_ORIGINS"),
        **_load_limits(env),
        **_handover(env, secret_key),
    )


def _handover(env: dict, secret_key: str) -> dict:
    """The key that seals handed-over drafts on the server, and how large their files may be."""
    import base64
    import hashlib
    import hmac

    given = env_str(env, "HANDOVER_KEY", "")
    if given:
        try:
            key = base64.urlsafe_b64decode(given + "=" * (-len(given) % 4))
        except ValueError:
            raise SettingsError("HANDOVER_KEY must be 32 bytes in base64url") from None
        if len(key) != 32:
            raise SettingsError("HANDOVER_KEY must be 32 bytes in base64url")
    else:  # a key of its own, derived one way from the secret (HMAC as the KDF, domain-separated)
        key = hmac.new(secret_key.encode(), b"tiepsuc/handover-key/v1", hashlib.sha256).digest()
    return dict(handover_key=key, handover_max_mb=env_int(env, "HANDOVER_MAX_MB", 5, 1, 64))


ATTACHMENT_STORES = ("auto", "folder", "database")


def _attachment_store(env: dict) -> str:
    store = env_str(env, "ATTACHMENT_STORE", "auto").lower()
    if store not in ATTACHMENT_STORES:
        raise SettingsError(f"ATTACHMENT_STORE must be one of {', '.join(ATTACHMENT_STORES)}; got {store!r}")
    return store


def _load_limits(env: dict) -> dict:
    lock = env_float(env, "DB_LOCK_TIMEOUT_S", 10.0, 0.1, 600)
    pool = env_float(env, "DB_POOL_TIMEOUT_S", min(5.0, lock / 2), 0.05, 600)
    if pool >= lock:
        # A request must give up waiting for a connection before the holder gives up waiting for
        # the lock; otherwise a stall turns into pool time-outs all round.
        raise SettingsError(f"DB_POOL_TIMEOUT_S={pool} must be below DB_LOCK_TIMEOUT_S={lock}")
    threads = env_int(env, "WORKER_THREADS", 40, 1, 1000)
    return dict(
        worker_threads=threads,
        db_lock_timeout_s=lock,
        db_pool_timeout_s=pool,
        max_body_kb=env_int(env, "MAX_BODY_KB", 1024, 16, 1024 * 1024),
        upload_chunk_max_mb=env_int(env, "UPLOAD_CHUNK_MAX_MB", 8, 1, 512),
        rate_window_s=env_int(env, "RATE_WINDOW_S", 60, 1, 24 * 3600),
        rate_put_per_token=env_int(env, "RATE_PUT_PER_TOKEN", 20, 1, 10**6),
        rate_put_per_session=env_int(env, "RATE_PUT_PER_SESSION", 120, 1, 10**6),
        rate_put_per_address=env_int(env, "RATE_PUT_PER_ADDRESS", 600, 1, 10**7),
        rate_upload_per_token=env_int(env, "RATE_UPLOAD_PER_TOKEN", 1200, 1, 10**7),
        rate_upload_per_address=env_int(env, "RATE_UPLOAD_PER_ADDRESS", 12000, 1, 10**8),
        unused_upload_hours=env_int(env, "UNUSED_UPLOAD_HOURS", 168, 1, 24 * 365),
        max_image_megapixels=env_int(env, "MAX_IMAGE_MEGAPIXELS", 50, 1, 10_000),
        rate_signin_per_address=env_int(env, "RATE_SIGNIN_PER_ADDRESS", 60, 1, 10**6),
        **_password_hashing(env, threads),
        lookup_window_s=env_int(env, "LOOKUP_WINDOW_S", 900, 1, 24 * 3600),
        lookup_misses_per_address=env_int(env, "LOOKUP_MISSES_PER_ADDRESS", 30, 1, 10**6),
        lookup_misses_per_code=env_int(env, "LOOKUP_MISSES_PER_CODE", 10, 1, 10**6),
        kept_data_months=env_int(env, "KEPT_DATA_MONTHS", 12, 1, 120),
        returning_misses_per_id=env_int(env, "RETURNING_MISSES_PER_ID", 5, 1, 10**6),
        returning_misses_per_address=env_int(env, "RETURNING_MISSES_PER_ADDRESS", 30, 1, 10**6),
    )


def _password_hashing(env: dict, threads: int) -> dict:
    """How many password hashes (argon2: CPU and 64 MiB each) a worker runs at once, and how many
    sign-ins may wait for one. Together they hold at most half the request threads, so a flood of
    sign-ins never leaves none for the other requests (the health check among them)."""
    half = max(1, threads // 2)
    slots = env_int(env, "PASSWORD_HASH_SLOTS", max(1, min((os.cpu_count() or 2) // 2, half)), 1, 256)
    queue = env_int(env, "PASSWORD_HASH_QUEUE", max(0, min(8, half - slots)), 0, 1000)
    if slots + queue > half:
        raise SettingsError(f"PASSWORD_HASH_SLOTS={slots} + PASSWORD_HASH_QUEUE={queue} must be at most half of "
                            f"WORKER_THREADS={threads} ({half}), so that other requests always find a thread")
    return dict(password_hash_slots=slots, password_hash_queue=queue,
                password_hash_wait_s=env_float(env, "PASSWORD_HASH_WAIT_S", 2.0, 0.05, 60))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
