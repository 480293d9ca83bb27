"""Where the bytes of attachments live: the one owner of their storage.

Two stores behind one small interface, chosen by ATTACHMENT_STORE (``auto``: the database when it
is PostgreSQL, else the folder):

- ``FolderStore``: files under UPLOAD_DIR, ``partial/<key>`` while an upload arrives and
  ``files/<key[:2]>/<key>`` once finished. The embedded default (SQLite, one machine).
- ``DatabaseStore``: rows of ``attachment_chunk`` (storage key, start, bytes), as ODK Central
  keeps its blobs in PostgreSQL, so that several app hosts behind one address serve the same
  dossiers. The chunks of an unfinished upload are the same rows it will keep once finished, so a
  PATCH that reaches host B continues an upload begun on host A; the checks on finishing
  (``uploads.finish``) read the stored rows back, never what a process remembers.

Memory stays bounded on both: a writer holds at most about ``FLUSH_BYTES`` before it writes, and a
reader holds one chunk at a time. The key is random (``Attachment.storage_key``), never a name a
client chose.

A database writer is fenced by the upload's write lock (``uploads.lock``): each chunk is inserted
under a row lock on the upload, and only while the writer's token is the upload's, so a writer
whose lease lapsed cannot add bytes after another took over.
"""
from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from sqlalchemy import delete, func, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from volunteer_app.core.config import get_settings
from volunteer_app.core.db import get_engine
from volunteer_app.models import Attachment, AttachmentChunk

from .errors import ServiceError

FLUSH_BYTES = 1 << 20  # a writer stores what it received once it holds this much (one chunk row)
READ_BYTES = 64 * 1024  # block size when streaming a file out


class LockLost(ServiceError):
    def __init__(self) -> None:
        super().__init__(423, "upload.locked")


class PartialWriter:
    """Appends one PATCH's bytes at the upload's offset. ``add`` only buffers (safe on the event
    loop); ``flush`` and ``finish`` do the I/O (run them in a thread)."""

    def __init__(self, offset: int):
        self.offset = offset  # where the buffered bytes go
        self._buffer: list[bytes] = []
        self._buffered = 0

    def add(self, data: bytes) -> bool:
        """Buffer ``data``; True when the buffer should be flushed."""
        self._buffer.append(data)
        self._buffered += len(data)
        return self._buffered >= FLUSH_BYTES

    def _take(self) -> bytes:
        data = b"".join(self._buffer)
        self._buffer, self._buffered = [], 0
        return data

    def flush(self) -> None:
        data = self._take()
        if data:
            self._write(data)
            self.offset += len(data)

    def finish(self) -> int:
        """Store what is buffered, drop anything stored beyond it; the end offset."""
        self.flush()
        self._close(keep=True)
        return self.offset

    def abandon(self) -> None:
        """Give up without storing the buffer (the PATCH failed); safe to call after ``finish``."""
        self._buffer, self._buffered = [], 0
        self._close(keep=False)

    def _write(self, data: bytes) -> None:
        raise NotImplementedError

    def _close(self, keep: bool) -> None:
        pass


class BlobStore(Protocol):
    kind: str

    def start(self, key: str) -> None:
        """An empty unfinished upload."""

    def writer(self, key: str, offset: int, upload_id: str, lock: str) -> PartialWriter:
        """A writer continuing the unfinished upload at ``offset`` (what lies beyond is dropped)."""

    def open(self, key: str, partial: bool = False) -> BinaryIO | None:
        """The stored bytes (of the unfinished upload when ``partial``) to read, or None."""

    def publish(self, key: str) -> None:
        """The unfinished upload, checked, becomes the finished file."""

    def put(self, key: str, blocks: Iterable[bytes], partial: bool = False) -> None:
        """Store a whole file (import, tests)."""

    def delete(self, key: str) -> None:
        """Remove the unfinished and the finished bytes of ``key`` (no error when absent)."""

    def keys(self, partial: bool = False) -> set[str]:
        """Every stored key (finished, or unfinished when ``partial``): for checks and tests."""


def iter_blocks(fh: BinaryIO, block: int = READ_BYTES) -> Iterator[bytes]:
    """Read ``fh`` to its end in blocks and close it (a response body, a base64 encoder)."""
    with fh:
        while chunk := fh.read(block):
            yield chunk


def read_all(store: BlobStore, key: str) -> bytes | None:
    """The whole finished file (the portal's submission body needs it as base64), or None."""
    fh = store.open(key)
    return None if fh is None else b"".join(iter_blocks(fh))


# --- the folder ---------------------------------------------------------------------------------

class _FileWriter(PartialWriter):
    def __init__(self, path: Path, offset: int):
        super().__init__(offset)
        self._fh: BinaryIO | None = open(path, "r+b")
        self._fh.seek(offset)

    def _write(self, data: bytes) -> None:
        self._fh.write(data)

    def _close(self, keep: bool) -> None:
        if self._fh is not None:
            if keep:
                self._fh.truncate(self.offset)
            self._fh.close()
            self._fh = None


class FolderStore:
    kind = "folder"

    def __init__(self, root: Path):
        self.root = root

    def _partial(self, key: str) -> Path:
        return self.root / "partial" / key

    def _final(self, key: str) -> Path:
        return self.root / "files" / key[:2] / key

    def start(self, key: str) -> None:
        path = self._partial(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()

    def writer(self, key: str, offset: int, upload_id: str, lock: str) -> PartialWriter:
        return _FileWriter(self._partial(key), offset)

    def open(self, key: str, partial: bool = False) -> BinaryIO | None:
        try:
            return open(self._partial(key) if partial else self._final(key), "rb")
        except FileNotFoundError:
            return None

    def publish(self, key: str) -> None:
        target = self._final(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._partial(key), target)

    def put(self, key: str, blocks: Iterable[bytes], partial: bool = False) -> None:
        target = self._partial(key) if partial else self._final(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as fh:
            for block in blocks:
                fh.write(block)

    def delete(self, key: str) -> None:
        self._partial(key).unlink(missing_ok=True)
        self._final(key).unlink(missing_ok=True)

    def keys(self, partial: bool = False) -> set[str]:
        base = self.root / ("partial" if partial else "files")
        return {p.name for p in base.rglob("*") if p.is_file()} if base.is_dir() else set()


# --- the database -------------------------------------------------------------------------------

class _ChunkWriter(PartialWriter):
    def __init__(self, engine: Engine, key: str, offset: int, upload_id: str, lock: str):
        super().__init__(offset)
        self.engine, self.key, self.upload_id, self.lock = engine, key, upload_id, lock
        with Session(engine) as s:  # bytes a dead writer stored beyond the recorded offset
            self._fence(s)
            s.execute(delete(AttachmentChunk).where(AttachmentChunk.storage_key == key,
                                                    AttachmentChunk.start >= offset))
            s.commit()

    def _fence(self, s: Session) -> None:
        """Hold the upload's row until commit, and only while this writer's lock is the upload's."""
        token = s.exec(select(Attachment.lock_token).where(Attachment.id == self.upload_id)
                       .with_for_update()).first()
        if token != self.lock:
            raise LockLost()

    def _write(self, data: bytes) -> None:
        with Session(self.engine) as s:
            self._fence(s)
            s.add(AttachmentChunk(storage_key=self.key, start=self.offset, data=data))
            s.commit()


class _ChunkReader(io.RawIOBase):
    """A seekable read-only file over the chunk rows of one key, one row in memory at a time; each
    row is fetched in its own short session (no connection is held between reads). A gap in the
    rows reads as the end of the file, so a size check on what was read catches it."""

    def __init__(self, engine: Engine, key: str):
        super().__init__()
        self.engine, self.key, self.pos = engine, key, 0
        self._start, self._data = 0, b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_SET:
            self.pos = offset
        elif whence == io.SEEK_CUR:
            self.pos += offset
        else:
            raise io.UnsupportedOperation("seek from the end")
        return self.pos

    def _load(self) -> bool:
        if self._start <= self.pos < self._start + len(self._data):
            return True
        with Session(self.engine) as s:
            row = s.exec(select(AttachmentChunk.start, AttachmentChunk.data)
                         .where(AttachmentChunk.storage_key == self.key, AttachmentChunk.start <= self.pos)
                         .order_by(AttachmentChunk.start.desc()).limit(1)).first()
        if row is None or self.pos >= row[0] + len(row[1]):
            return False
        self._start, self._data = row[0], bytes(row[1])
        return True

    def readinto(self, buffer) -> int:
        if not self._load():
            return 0
        at = self.pos - self._start
        n = min(len(buffer), len(self._data) - at)
        buffer[:n] = self._data[at:at + n]
        self.pos += n
        return n


class DatabaseStore:
    kind = "database"

    def __init__(self, engine: Engine | None = None):
        self._engine = engine

    @property
    def engine(self) -> Engine:
        return self._engine or get_engine()

    def start(self, key: str) -> None:
        pass  # no row until the first bytes

    def writer(self, key: str, offset: int, upload_id: str, lock: str) -> PartialWriter:
        return _ChunkWriter(self.engine, key, offset, upload_id, lock)

    def open(self, key: str, partial: bool = False) -> BinaryIO | None:
        # Unfinished and finished bytes are the same rows; a finished file of length 0 does not exist
        # (an upload has at least one byte), so "no row" is "absent".
        with Session(self.engine) as s:
            present = s.exec(select(AttachmentChunk.start).where(AttachmentChunk.storage_key == key)
                             .limit(1)).first()
        if present is None:
            return None
        return io.BufferedReader(_ChunkReader(self.engine, key), buffer_size=READ_BYTES)

    def publish(self, key: str) -> None:
        pass  # the checked rows are the file

    def put(self, key: str, blocks: Iterable[bytes], partial: bool = False) -> None:
        """One transaction; plain INSERTs, so no chunk stays in memory once sent."""
        with Session(self.engine) as s:
            s.execute(delete(AttachmentChunk).where(AttachmentChunk.storage_key == key))
            start, buffer = 0, bytearray()
            for block in blocks:
                buffer += block
                if len(buffer) >= FLUSH_BYTES:
                    s.execute(insert(AttachmentChunk).values(storage_key=key, start=start, data=bytes(buffer)))
                    start, buffer = start + len(buffer), bytearray()
            if buffer or start == 0:
                s.execute(insert(AttachmentChunk).values(storage_key=key, start=start, data=bytes(buffer)))
            s.commit()

    def delete(self, key: str) -> None:
        with Session(self.engine) as s:
            s.execute(delete(AttachmentChunk).where(AttachmentChunk.storage_key == key))
            s.commit()

    def keys(self, partial: bool = False) -> set[str]:
        """Database keys are not split by state: ask the attachment rows which are finished."""
        with Session(self.engine) as s:
            stored = select(AttachmentChunk.storage_key).group_by(AttachmentChunk.storage_key)
            finished = set(s.exec(select(Attachment.storage_key).where(Attachment.complete.is_(True))))
            keys = set(s.exec(stored))
        return keys - finished if partial else keys & finished

    def size(self, key: str) -> int:
        with Session(self.engine) as s:
            return int(s.exec(select(func.coalesce(func.sum(func.length(AttachmentChunk.data)), 0))
                              .where(AttachmentChunk.storage_key == key)).one())


def _limited(blocks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    for block in blocks:
        if limit <= 0:
            return
        yield block[:limit]
        limit -= len(block)


def import_folder(db: Session, folder: FolderStore, target: BlobStore) -> dict[str, int]:
    """Move every upload's bytes from ``folder`` into ``target`` (the database), one file at a
    time: a finished file only when the copy's SHA-256 is the upload's, an unfinished one up to its
    recorded offset. The folder's file goes once its copy is committed; run again, it resumes."""
    counts = {"moved": 0, "missing": 0, "mismatch": 0}
    rows = db.exec(select(Attachment.storage_key, Attachment.complete, Attachment.offset, Attachment.sha256)
                   .order_by(Attachment.id)).all()
    for key, complete, offset, sha in rows:
        source = folder.open(key, partial=not complete)
        if source is None:
            counts["missing"] += 1
            continue
        blocks = iter_blocks(source)
        target.put(key, blocks if complete else _limited(blocks, offset), partial=not complete)
        if complete:
            digest = hashlib.sha256()
            for block in iter_blocks(target.open(key)):
                digest.update(block)
            if digest.hexdigest() != sha:
                target.delete(key)
                counts["mismatch"] += 1
                continue
        folder.delete(key)
        counts["moved"] += 1
    return counts


def store_kind(settings=None) -> str:
    settings = settings or get_settings()
    if settings.attachment_store != "auto":
        return settings.attachment_store
    return "folder" if settings.is_sqlite else "database"


def make_store(settings=None, engine: Engine | None = None) -> BlobStore:
    """The store the settings name (ATTACHMENT_STORE, UPLOAD_DIR), on ``engine`` when given."""
    settings = settings or get_settings()
    return FolderStore(settings.upload_dir) if store_kind(settings) == "folder" else DatabaseStore(engine)


def get_store(db: Session | None = None) -> BlobStore:
    """The store of the current settings, on the engine of ``db`` when given (cheap: it holds only
    a folder or an engine)."""
    return make_store(engine=db.get_bind() if db is not None else None)
