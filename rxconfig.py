"""Reflex configuration. Values come from volunteer_app.core.config (environment variables)."""
import os

# Bun cannot be downloaded here; Reflex only skips the bun download when this is set.
os.environ.setdefault("REFLEX_USE_NPM", "1")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

import reflex as rx  # noqa: E402

from volunteer_app.core.config import get_settings  # noqa: E402
from volunteer_app.web.build_plugin import BuildPlugin  # noqa: E402

settings = get_settings()

config = rx.Config(
    app_name="volunteer_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url or None,
    backend_port=settings.port,
    frontend_port=settings.port,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(), BuildPlugin()],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
