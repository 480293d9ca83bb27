"""tus 1.0.0 (core + creation + termination) for attachments (docs/sync-protocol.md §1).

Implemented here rather than with ``tuspyserver``: that package keeps upload state in JSON files
beside the data and names files itself, while we need the state in the database (any worker can
resume an upload), the dossier token on every request and our checks (SHA-256, sniffed type,
document size limit) before a file counts as received.
"""
from __future__ import annotations

import base64
import binascii
import time
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session
from starlette.requests import ClientDisconnect

from volunteer_app.api.common import TokenActor, errors, http_error
from volunteer_app.api.deps import DbSession
from volunteer_app.core.config import get_settings
from volunteer_app.core.db import get_engine
from volunteer_app.models import Attachment
from volunteer_app.services import throttle
from volunteer_app.services import uploads as svc
from volunteer_app.services.errors import ServiceError

router = APIRouter(prefix="/api/v1/uploads", tags=["uploads"])

TUS_VERSION = "1.0.0"
TUS_HEADERS = {"Tus-Resumable": TUS_VERSION}
OFFSET_TYPE = "application/offset+octet-stream"
UploadId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="Upload id from the Location header")]


def tus_error(exc: ServiceError):
    exc.headers = {**TUS_HEADERS, **(exc.headers or {})}
    return http_error(exc)


def require_tus(tus_resumable: Annotated[str | None, Header(alias="Tus-Resumable", include_in_schema=False)] = None
                ) -> None:
    """tus requires the header on every request but OPTIONS; missing or another version is 412
    (as tusd answers), so it is read here and declared by hand (TUS_REQUEST) as required."""
    if tus_resumable != TUS_VERSION:
        error = ServiceError(412, "upload.tus_version", headers={"Tus-Version": TUS_VERSION})
        raise tus_error(error)


Tus = Depends(require_tus)


def _header(description: str, schema: dict | None = None, required: bool = True) -> dict:
    return {"description": description, "required": required, "schema": schema or {"type": "string"}}


OFFSET_HEADER = _header("Bytes the server holds", {"type": "integer", "minimum": 0})
TUS_RESUMABLE = _header("The tus version", {"type": "string", "enum": [TUS_VERSION]})
TUS_REQUEST = {"parameters": [{
    "name": "Tus-Resumable", "in": "header", "required": True, "schema": {"type": "string", "enum": [TUS_VERSION]},
    "description": "The tus version: missing or another one gets 412 with Tus-Version"}]}


def tus_responses(success: dict[int, dict], *statuses: int) -> dict[int | str, dict]:
    """A tus route's answers. Its own answers carry Tus-Resumable; 412 names the version spoken.
    An answer from before the route runs (FastAPI's 422 of a malformed header, the 413 of the
    body limit, a 503 stall) may not, so there the header is optional."""
    out: dict[int | str, dict] = {}
    for status, spec in {**success, **errors(412, *statuses)}.items():
        tus = TUS_RESUMABLE if status in success or status == 412 else {**TUS_RESUMABLE, "required": False}
        out[status] = {**spec, "headers": {"Tus-Resumable": tus, **spec.get("headers", {})}}
    out[412]["headers"]["Tus-Version"] = _header("The tus versions this server speaks")
    return out


def parse_metadata(raw: str | None) -> dict[str, str]:
    """``key base64value,key2 base64value2`` (tus Upload-Metadata)."""
    meta: dict[str, str] = {}
    for pair in (raw or "").split(","):
        pair = pair.strip()
        if not pair:
            continue
        key, _, value = pair.partition(" ")
        try:
            meta[key] = base64.b64decode(value, validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise tus_error(ServiceError(422, "upload.bad_metadata", field=key[:40])) from None
    return meta


@router.options("", status_code=204, response_class=Response, responses={204: {
    "description": "What this tus server supports (no Tus-Resumable needed)", "headers": {
        "Allow": _header("The methods of this path"), "Tus-Resumable": TUS_RESUMABLE,
        "Tus-Version": _header("The tus versions this server speaks"),
        "Tus-Extension": _header("The tus extensions this server supports"),
        "Tus-Max-Size": _header("The largest upload, in bytes", {"type": "integer", "minimum": 0})}}})
def options() -> Response:
    return Response(status_code=204, headers={
        **TUS_HEADERS, "Allow": "OPTIONS, POST", "Tus-Version": TUS_VERSION, "Tus-Extension": "creation,termination",
        "Tus-Max-Size": str(get_settings().max_upload_mb * 1024 * 1024)})


@router.post("", status_code=201, response_class=Response, dependencies=[Tus], openapi_extra=TUS_REQUEST,
             responses=tus_responses({201: {"description": "Created; Location names the upload", "headers": {
                 "Location": _header("The upload's address"), "Upload-Offset": OFFSET_HEADER}}},
                 401, 403, 413, 422, 429, 503))
def create_upload(db: DbSession, actor: TokenActor,
                  upload_length: Annotated[int, Header(alias="Upload-Length", ge=0, le=2**40)],
                  upload_metadata: Annotated[str, Header(alias="Upload-Metadata", max_length=4000, description=(
                      "tus metadata: dossier_uuid, sha256, mime, document_id, procedure_code and filename, "
                      "each as `key base64value`, comma-separated; what the catalogue's document does not "
                      "accept gets 422"))]) -> Response:
    try:
        throttle.charge(db, "upload", actor)
        att, _ = svc.create(db, parse_metadata(upload_metadata), upload_length, actor)
    except ServiceError as exc:
        raise tus_error(exc) from None
    return Response(status_code=201, headers={**TUS_HEADERS, "Location": f"/api/v1/uploads/{att.id}",
                                              "Upload-Offset": str(att.offset)})


@router.head("/{upload_id}", status_code=200, response_class=Response, dependencies=[Tus], openapi_extra=TUS_REQUEST,
             responses=tus_responses({200: {"description": "Where to resume", "headers": {
                 "Upload-Offset": OFFSET_HEADER,
                 "Upload-Length": _header("The upload's whole length", {"type": "integer", "minimum": 0}),
                 "Cache-Control": _header("no-store")}}}, 401, 404, 423, 503))
def upload_offset(upload_id: UploadId, db: DbSession, actor: TokenActor) -> Response:
    try:
        att = svc.readable(svc.get(db, upload_id, actor))  # 423 while a PATCH (or a dead one) holds it
    except ServiceError as exc:
        raise tus_error(exc) from None
    return Response(status_code=200, headers={**TUS_HEADERS, "Upload-Offset": str(att.offset),
                                              "Upload-Length": str(att.length), "Cache-Control": "no-store"})


PATCH_BODY = {"requestBody": {"required": True, "content": {
    OFFSET_TYPE: {"schema": {"type": "string", "format": "binary"}}}}}


@router.patch("/{upload_id}", status_code=204, response_class=Response, dependencies=[Tus],
              openapi_extra={**TUS_REQUEST, **PATCH_BODY},
              responses=tus_responses({204: {"description": "Chunk stored; Upload-Offset is the new offset",
                                             "headers": {"Upload-Offset": OFFSET_HEADER}}},
                                      401, 404, 409, 413, 415, 422, 423, 429, 503))
async def upload_chunk(upload_id: UploadId, request: Request, actor: TokenActor,
                       upload_offset: Annotated[int, Header(alias="Upload-Offset", ge=0, le=2**40, description=(
                           "Where this chunk starts; another offset than the server holds gets 409"))] = None,
                       content_type: Annotated[str | None, Header(alias="Content-Type", include_in_schema=False)]
                       = None) -> Response:
    """One chunk at ``Upload-Offset``. While another PATCH writes this upload the answer is 423
    (locked, as tusd answers): the device retries after ``Retry-After`` from the offset HEAD gives."""
    # No connection may be held across an await here: the body trickles in from slow phones,
    # and a connection held while waiting for a worker thread starves the pool (threads wait
    # for connections, connections wait for threads). So there is no request-wide session:
    # each database step opens its own short session inside one thread call.
    try:
        if (content_type or "").split(";")[0].strip().lower() != OFFSET_TYPE:
            raise ServiceError(415, "upload.content_type")
        length_header = request.headers.get("content-length")
        content_length = int(length_header) if length_header and length_header.isdigit() else None
        att, lock = await run_in_threadpool(_before_chunk, upload_id, actor, upload_offset, content_length)
        if lock is None:  # already complete: this chunk was received before
            return Response(status_code=204, headers={**TUS_HEADERS, "Upload-Offset": str(att.offset)})
        try:
            new_offset = await _receive(request, att, lock)
            await run_in_threadpool(_after_chunk, att.id, lock, new_offset)
        except BaseException:
            with anyio.CancelScope(shield=True):  # whatever went wrong, the next PATCH must not wait
                await run_in_threadpool(_release, att.id, lock)
            raise
    except ServiceError as exc:
        await _drain(request)
        raise tus_error(exc) from None
    return Response(status_code=204, headers={**TUS_HEADERS, "Upload-Offset": str(new_offset)})


def _before_chunk(upload_id: str, actor, offset: int | None, content_length: int | None
                  ) -> tuple[Attachment, str | None]:
    """The upload and its write lock (None for a complete upload: nothing to write)."""
    with Session(get_engine()) as s:
        throttle.charge(s, "upload", actor)
        att = svc.get(s, upload_id, actor)
        lock = None
        if not att.complete:
            lock = svc.lock(s, att)  # 423 while another PATCH writes; the offset is re-read under it
        try:
            svc.check_patch(s, att, offset, content_length)
        except ServiceError:
            if lock is not None and s.get(Attachment, upload_id) is not None:
                svc.release(s, upload_id, lock)
            raise
        s.expunge(att)  # plain data from here on
        return att, lock


def _after_chunk(upload_id: str, lock: str, new_offset: int | None) -> None:
    with Session(get_engine()) as s:
        att = svc.held(s, upload_id, lock)
        if new_offset is None:
            raise svc.reject(s, att, "upload.exceeds_length", 413, length=att.length)
        if new_offset == att.length:
            svc.finish(s, att)  # checks, stores, marks complete and releases, or drops the upload
        else:
            svc.save_offset(s, att, new_offset)  # releases the lock in the same commit


def _release(upload_id: str, lock: str) -> None:
    with Session(get_engine()) as s:
        svc.release(s, upload_id, lock)


def _renew(upload_id: str, lock: str) -> bool:
    with Session(get_engine()) as s:
        return svc.renew(s, upload_id, lock)


async def _receive(request: Request, att, lock: str) -> int | None:
    """Append the body at the stored offset. Bytes that arrived before a disconnect are kept,
    so the device resumes from them (tus); bytes beyond the declared length give None. The lock's
    lease is renewed while bytes keep coming. The store's writer buffers on the event loop and
    writes in a thread (a file, or a chunk row)."""
    writer = await run_in_threadpool(svc.writer, att, lock)
    written = att.offset
    renewed = time.monotonic()
    try:
        try:
            async for chunk in request.stream():
                if written + len(chunk) > att.length:
                    return None
                written += len(chunk)
                if writer.add(chunk):
                    await run_in_threadpool(writer.flush)
                if time.monotonic() - renewed > svc.LOCK_RENEW_S:
                    renewed = time.monotonic()
                    if not await run_in_threadpool(_renew, att.id, lock):
                        raise ServiceError(423, "upload.locked")  # lapsed and taken: stop writing
        except ClientDisconnect:
            pass
        return await run_in_threadpool(writer.finish)
    finally:
        with anyio.CancelScope(shield=True):
            await run_in_threadpool(writer.abandon)


async def _drain(request: Request, limit: int = 64 * 1024 * 1024) -> None:
    """Read what is left of a refused body: answering while the client still sends makes some
    HTTP stacks drop the connection, and the device would see a network error, not our reason."""
    seen = 0
    try:
        async for chunk in request.stream():
            seen += len(chunk)
            if seen > limit:
                break
    except (ClientDisconnect, RuntimeError):  # RuntimeError: the body was already read
        pass


@router.delete("/{upload_id}", status_code=204, response_class=Response, dependencies=[Tus],
               openapi_extra=TUS_REQUEST,
               responses=tus_responses({204: {"description": "The upload and its bytes are gone"}},
                                       401, 404, 409, 423, 503))
def delete_upload(upload_id: UploadId, db: DbSession, actor: TokenActor) -> Response:
    try:
        svc.terminate(db, svc.get(db, upload_id, actor))
    except ServiceError as exc:
        raise tus_error(exc) from None
    return Response(status_code=204, headers=TUS_HEADERS)
