"""Shared facts of the portal HTTP contract (docs/portal-contract.md): paths, headers, statuses."""
from __future__ import annotations

import re
from enum import StrEnum

SUBMIT_PATH = "/api/v1/dossiers"
STATUS_PATH = "/api/v1/dossiers/{official_code}"
IDEMPOTENCY_HEADER = "Idempotency-Key"
TIMESTAMP_HEADER = "X-Portal-Timestamp"
SIGNATURE_HEADER = "X-Portal-Signature"
EVENT_ID_HEADER = "X-Portal-Event-Id"


class RemoteStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    SUPPLEMENT_REQUESTED = "supplement_requested"
    RESULT_READY = "result_ready"
    RETURNED = "returned"


# No further change is expected for this dossier version: polling stops. A supplement request
# ends the version too (the resubmission is a new version with a new idempotency key).
FINAL_REMOTE_STATUSES = frozenset({RemoteStatus.RETURNED, RemoteStatus.SUPPLEMENT_REQUESTED})

# Loose check only (TT 01/2018 Điều 19 shape; TT 03/2025 may change it): the code is stored
# as an opaque string exactly as the portal displays it.
OFFICIAL_CODE_RE = re.compile(r"^[0-9A-Z.]{3,40}-\d{6}-\d{4,6}$")

# Idempotency keys are "<client uuid>:v<version>", fixed when the job is queued
# (services.forwarding.idempotency_key).
IDEMPOTENCY_KEY_RE = re.compile(r"^[0-9a-fA-F-]{8,36}:v\d{1,6}$")
