"""Forwarding accepted dossiers to the one-stop / national portal system (issue 7).

    outbox.py    enqueue() in the accept transaction; claim/finish rows with a lease
    worker.py    `python -m volunteer_app.portal.worker`: sends from the outbox, polls statuses
    client.py    httpx connector: timeouts, retries with backoff + jitter, idempotency key
    breaker.py   circuit breaker that pauses forwarding while the remote side is down
    callback.py  signed status callback endpoint (FastAPI `router`)
    bridge.py    the two touch points with the dossier service (payload, mark forwarded)
    standin/     a stand-in portal for development, demos and tests only

The HTTP contract is docs/portal-contract.md (OpenAPI: docs/portal-openapi.yaml).
"""
