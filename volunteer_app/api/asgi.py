"""The HTTP API without the Reflex frontend: for API tests and benchmarks over real HTTP."""
from volunteer_app.api.main import create_api
from volunteer_app.core.config import get_settings
from volunteer_app.core.http import security_headers
from volunteer_app.core.logging import setup_logging
from volunteer_app.core.proxy import proxy_headers

setup_logging(get_settings().log_level)
# Outermost: the routes and the access log inside see the client behind a trusted proxy.
app = proxy_headers(security_headers(create_api()))
