"""One exception for every refused request: an HTTP-like status, a message key and params."""
from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    def __init__(self, status: int, key: str, extra: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None, **params: Any):
        super().__init__(key)
        self.status = status
        self.key = key
        self.params = params
        self.extra = extra or {}  # more fields for the error body, e.g. per-field errors
        self.headers = headers
