"""Errors as JSON with a message key plus Vietnamese and English text."""
from __future__ import annotations

from fastapi import HTTPException

from volunteer_app.i18n import texts


def message(key: str, **params) -> dict:
    return {"key": key, **texts(key, **params)}


def api_error(status: int, key: str, headers: dict | None = None, **params) -> HTTPException:
    return HTTPException(status_code=status, detail=message(key, **params), headers=headers)
