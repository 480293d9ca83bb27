"""Reflex configuration. Values come from volunteer_app.core.config (environment variables)."""
import os

# Bun cannot be downloaded here; Reflex only skips the bun download when this is set.
os.environ.setdefault("REFLEX_USE_NPM", "1")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

import reflex as rx  # noqa: E402

from volunteer_app.core.config import get_settings  # noqa: E402
from volunteer_app.pages.offline import ROUTES as OFFLINE_ROUTES  # noqa: E402
from volunteer_app.web.build_plugin import FRONTEND_PACKAGES, BuildPlugin  # noqa: E402
from volunteer_app.web.radix_theme import LeanRadixThemesPlugin  # noqa: E402

settings = get_settings()

config = rx.Config(
    app_name="volunteer_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url or None,
    backend_port=settings.port,
    frontend_port=settings.port,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # Declared as packages, not plugin dependencies: Reflex imports a plugin's dependencies whole
    # (`import * as`) into every page, which defeats tree-shaking (volunteer_app/web/radix_theme.py).
    frontend_packages=list(FRONTEND_PACKAGES),
    # The service worker precaches what the offline routes (and home) need before it activates.
    plugins=[LeanRadixThemesPlugin(), BuildPlugin(offline_routes=["/", *OFFLINE_ROUTES])],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
