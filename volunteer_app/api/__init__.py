"""HTTP API (FastAPI), mounted in front of Reflex."""
