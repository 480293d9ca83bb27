"""Business logic of dossiers, uploads, review, lookup, reports and admin.

Plain Python on a SQLModel ``Session``: no FastAPI or Reflex imports, so the API routes and the
Reflex pages call the same functions. Failures raise ``ServiceError`` (status + message key).
"""
from .errors import ServiceError

__all__ = ["ServiceError"]
