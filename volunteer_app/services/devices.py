"""The tablets of a centre (issue 16): registered at their first sign-in, reporting what they hold
when online, on the centre's dashboard, and revoked when lost.

- **Register.** A tablet makes its own id (UUID v4, kept in its IndexedDB) and is named by the
  volunteer who first signs in on it; it belongs to that volunteer's centre. The session of that
  sign-in, and every later one that names the tablet, is bound to it (``AuthSession.device_id``).
- **Report.** Counts only, never personal data: per volunteer (username; None for citizen mode)
  the drafts and queued dossiers it holds, how long its oldest queued dossier has waited (an age,
  so a tablet's wrong clock does not matter), the catalog and app versions, storage used and
  whether persistent storage was granted. The server keeps the last report.
- **Revoke.** Staff of the tablet's centre (or an admin) revoke it: its sessions end at once and
  it is refused from then on (410 ``device.revoked``), which tells the tablet to delete its data.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.domain.text import nfc
from volunteer_app.models import AuthSession, Device, User, utcnow

from .actors import Actor
from .errors import ServiceError

# The dashboard's two warnings.
QUEUED_TOO_LONG = timedelta(days=1)
NOT_SEEN_FOR = timedelta(days=7)


@dataclass(frozen=True)
class Waiting:
    """One volunteer's counts in a report (``username`` None: drafts filed in citizen mode)."""

    username: str | None
    drafts: int
    queued: int


@dataclass(frozen=True)
class Report:
    waiting: list[Waiting]
    oldest_queued_age_s: int | None
    app_version: str
    catalog_version: str
    storage_used: int | None
    storage_quota: int | None
    persisted: bool | None


def _revoked(device: Device) -> ServiceError:
    return ServiceError(410, "device.revoked", name=device.name)


def get(db: Session, device_id: str) -> Device | None:
    return db.get(Device, device_id)


def check_usable(db: Session, device_id: str | None) -> Device | None:
    """The tablet a sign-in names, or None when it names none or one the server does not know (it
    will register anew); a revoked tablet is refused (410), so it deletes its data."""
    if not device_id:
        return None
    device = db.get(Device, device_id)
    if device is not None and device.revoked_at is not None:
        raise _revoked(device)
    return device


def bind_session(db: Session, session: AuthSession, device: Device) -> None:
    if session.device_id != device.id:
        session.device_id = device.id
        db.add(session)


def register(db: Session, actor: Actor, session: AuthSession, device_id: str, name: str,
             now: datetime | None = None) -> Device:
    """Name the tablet the volunteer signed in on; it joins the volunteer's centre and the session is
    bound to it. Naming it again (same centre) renames it. A revoked tablet stays revoked."""
    now = now or utcnow()
    name = nfc(name).strip()
    if not name:
        raise ServiceError(422, "device.name_required")
    if actor.user is None or actor.centre_id is None:
        raise ServiceError(403, "device.no_centre")
    device = db.get(Device, device_id)
    if device is not None:
        if device.revoked_at is not None:
            raise _revoked(device)
        if device.centre_id != actor.centre_id:
            raise ServiceError(409, "device.other_centre")
        device.name = name
        action = "device_renamed"
    else:
        device = Device(id=device_id, centre_id=actor.centre_id, name=name, registered_by=actor.user_id,
                        registered_at=now, last_seen_at=now)
        action = "device_registered"
    db.add(device)
    bind_session(db, session, device)
    record(db, actor.user, actor.role, action, origin=actor.origin, detail=f"device={device_id}")
    db.commit()
    db.refresh(device)
    return device


def report(db: Session, actor: Actor | None, session: AuthSession | None, device_id: str, body: Report,
           now: datetime | None = None) -> Device:
    """Keep a tablet's report. A revoked tablet is answered 410 whoever asks (so it deletes its data
    even when nobody is signed in on it); anything else needs a session of the tablet's centre,
    and a session bound to another tablet cannot report for this one."""
    now = now or utcnow()
    device = db.get(Device, device_id)
    if device is None:
        raise ServiceError(404, "device.unknown")
    if device.revoked_at is not None:
        raise _revoked(device)
    if actor is None or actor.user is None or session is None:
        raise ServiceError(401, "auth.required")
    if session.device_id not in (None, device.id):
        raise ServiceError(403, "device.mismatch")
    if actor.centre_id != device.centre_id:
        raise ServiceError(403, "device.other_centre")
    bind_session(db, session, device)
    device.last_seen_at = now
    device.waiting = [{"username": w.username, "drafts": w.drafts, "queued": w.queued} for w in body.waiting]
    device.oldest_queued_at = (now - timedelta(seconds=body.oldest_queued_age_s)
                               if body.oldest_queued_age_s is not None else None)
    device.app_version = body.app_version
    device.catalog_version = body.catalog_version
    device.storage_used, device.storage_quota = body.storage_used, body.storage_quota
    device.persisted = body.persisted
    db.add(device)
    db.commit()
    db.refresh(device)
    return device


def mark_wiped(db: Session, device_id: str, now: datetime | None = None) -> bool:
    """A revoked tablet says it deleted its data (once; nothing for a tablet that is not revoked)."""
    device = db.get(Device, device_id)
    if device is None or device.revoked_at is None:
        return False
    if device.wiped_at is None:
        device.wiped_at = now or utcnow()
        db.add(device)
        record(db, None, "device", "device_wiped", origin="api", detail=f"device={device_id}")
        db.commit()
    return True


def _visible(db: Session, actor: Actor, device_id: str) -> Device:
    device = db.get(Device, device_id)
    if device is None or not (actor.is_role("admin") or (actor.is_role("staff") and device.centre_id == actor.centre_id)):
        raise ServiceError(404, "device.unknown")
    return device


def revoke(db: Session, actor: Actor, device_id: str, now: datetime | None = None) -> Device:
    """Revoke a lost tablet: every session bound to it ends now; audited. Staff: own centre only."""
    now = now or utcnow()
    device = _visible(db, actor, device_id)
    if device.revoked_at is None:
        device.revoked_at, device.revoked_by = now, actor.user_id
        db.add(device)
        ended = db.execute(update(AuthSession).where(AuthSession.device_id == device.id,
                                                     AuthSession.revoked_at.is_(None))
                           .values(revoked_at=now).execution_options(synchronize_session=False)).rowcount
        record(db, actor.user, actor.role, "device_revoked", origin=actor.origin,
               detail=f"device={device.id} sessions={ended or 0}")
        db.commit()
        db.refresh(device)
    return device


def warnings(device: Device, now: datetime) -> list[str]:
    """``queued_too_long``: a dossier has waited in its outbox more than a day; ``not_seen``: no
    report for a week (a revoked tablet warns of nothing)."""
    if device.revoked_at is not None:
        return []
    out = []
    if device.oldest_queued_at is not None and now - device.oldest_queued_at > QUEUED_TOO_LONG:
        out.append("queued_too_long")
    if now - (device.last_seen_at or device.registered_at) > NOT_SEEN_FOR:
        out.append("not_seen")
    return out


def dashboard(db: Session, actor: Actor, now: datetime | None = None) -> list[dict]:
    """The tablets of the staff member's centre (an admin: every centre), with what each holds and
    its warnings; most urgent first (warnings, then the longest-waiting queue)."""
    now = now or utcnow()
    if not actor.is_role("staff", "admin"):
        raise ServiceError(403, "auth.forbidden")
    query = select(Device)
    if not actor.is_role("admin"):
        query = query.where(Device.centre_id == actor.centre_id)
    devices = list(db.exec(query))
    names = {u.username: u.display_name for u in db.exec(
        select(User).where(User.centre_id.in_({d.centre_id for d in devices} or {-1})))}
    rows = []
    for d in devices:
        waiting = [{**w, "name": names.get(w["username"], w["username"]) if w["username"] else None}
                   for w in d.waiting or []]
        rows.append({
            "id": d.id, "name": d.name, "centre_id": d.centre_id, "registered_at": d.registered_at,
            "last_seen_at": d.last_seen_at, "waiting": waiting,
            "drafts": sum(w["drafts"] for w in waiting), "queued": sum(w["queued"] for w in waiting),
            "oldest_queued_at": d.oldest_queued_at,
            "oldest_queued_hours": (now - d.oldest_queued_at).total_seconds() / 3600 if d.oldest_queued_at else None,
            "app_version": d.app_version, "catalog_version": d.catalog_version,
            "storage_used": d.storage_used, "storage_quota": d.storage_quota, "persisted": d.persisted,
            "revoked_at": d.revoked_at, "wiped_at": d.wiped_at, "warnings": warnings(d, now),
        })
    rows.sort(key=lambda r: (r["revoked_at"] is not None, -len(r["warnings"]),
                             r["oldest_queued_at"] or now, r["name"]))
    return rows
