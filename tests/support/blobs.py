"""What the attachment store of a test server holds, read through the store itself (services/
blob_store.py): files under UPLOAD_DIR, or chunk rows in the database, as ATTACHMENT_STORE and the
database URL of ``env`` choose."""
from __future__ import annotations

from sqlmodel import create_engine

from volunteer_app.core.config import load_settings
from volunteer_app.services.blob_store import BlobStore, make_store, read_all


class StoredBlobs:
    def __init__(self, env: dict):
        self.engine = create_engine(env["DATABASE_URL"])
        self.store: BlobStore = make_store(load_settings(env), self.engine)

    @property
    def kind(self) -> str:
        return self.store.kind

    def partials(self) -> set[str]:
        """Keys of unfinished uploads that hold bytes (or, in the folder, an empty file)."""
        return self.store.keys(partial=True)

    def finished(self) -> set[str]:
        return self.store.keys()

    def everything(self) -> set[str]:
        return self.partials() | self.finished()

    def read(self, key: str) -> bytes | None:
        return read_all(self.store, key)

    def finished_bytes(self) -> list[bytes]:
        return [self.read(key) for key in sorted(self.finished())]

    def close(self) -> None:
        self.engine.dispose()
