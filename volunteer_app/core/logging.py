"""Structured logs: one JSON object per line. Callers log ids and codes, never personal data."""
from __future__ import annotations

import json
import logging
import sys
import time


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        try:
            body = json.loads(msg) if msg.startswith("{") else {"msg": msg}
        except ValueError:
            body = {"msg": msg}
        return json.dumps({"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)),
                           "level": record.levelname, "logger": record.name, **body}, ensure_ascii=False)


def setup_logging(level: str) -> None:
    logger = logging.getLogger("volunteer_app")
    if any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        return
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
