"""Who is acting: a signed-in user, or a device holding a dossier token, or both."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from volunteer_app.models import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Actor:
    user: User | None = None
    device_token: str | None = None  # the X-Dossier-Token header, if sent
    origin: str = "api"
    address: str = ""  # the client's network address (behind a trusted proxy: the real client's)
    session_id: str | None = None  # the sign-in session the request came with, if any

    @property
    def role(self) -> str:
        return self.user.role.value if self.user is not None else "citizen"

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user is not None else None

    @property
    def centre_id(self) -> int | None:
        return self.user.centre_id if self.user is not None else None

    @cached_property
    def token_hash(self) -> str | None:  # read several times per request: hashed once
        return hash_token(self.device_token) if self.device_token else None

    def is_role(self, *roles: str) -> bool:
        return self.user is not None and self.role in roles


SYSTEM = Actor(origin="system")
