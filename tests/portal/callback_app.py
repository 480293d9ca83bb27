"""A bare ASGI app serving only the portal callback router, for the callback end-to-end test
(the lead registers the router in the real API; this keeps the test independent of that)."""
from fastapi import FastAPI

from volunteer_app.portal.callback import router

app = FastAPI()
app.include_router(router)


@app.get("/api/v1/health")
def health():
    return {"status": "ok"}
