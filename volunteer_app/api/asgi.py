"""The HTTP API without the Reflex frontend: for API tests and benchmarks over real HTTP."""
from volunteer_app.api.fast_put import fast_put
from volunteer_app.api.main import create_api
from volunteer_app.core import heap
from volunteer_app.core.config import get_settings
from volunteer_app.core.edge import outermost
from volunteer_app.core.http import security_headers
from volunteer_app.core.logging import setup_logging
from volunteer_app.services import catalog

setup_logging(get_settings().log_level)
# The same outer layers as the whole app (proxy headers, HSTS, origin policy), then the headers.
app = outermost(security_headers(fast_put(create_api())))
heap.settle(catalog.warm)
