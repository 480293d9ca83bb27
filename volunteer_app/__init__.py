"""Tiếp Sức: offline-first filing of online public services."""

__version__ = "0.1.0"
