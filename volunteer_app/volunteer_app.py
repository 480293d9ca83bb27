"""Reflex entry point: pages, the FastAPI routes and the HTTP middleware in one app."""
from functools import partial

import reflex as rx
from reflex.utils import prerequisites

from volunteer_app.api.fast_put import fast_put
from volunteer_app.api.main import create_api
from volunteer_app.core import heap
from volunteer_app.core.config import get_settings
from volunteer_app.core.edge import outermost
from volunteer_app.core.http import clean_urls, security_headers
from volunteer_app.core.logging import setup_logging
from volunteer_app.i18n import t
from volunteer_app.pages.home import home
from volunteer_app.pages.offline import ROUTES, make_page
from volunteer_app.pages.online import register as register_online_pages
from volunteer_app.services import catalog
from volunteer_app.web.build_plugin import hashes_path, preloaded_data

setup_logging(get_settings().log_level)

# The CSP allows the prerendered pages' inline scripts by the hashes the build recorded; the same
# file names the routes whose page is served at their own URL (no redirect to a trailing slash).
documents = hashes_path(prerequisites.get_web_dir().resolve())
headers = partial(security_headers, hashes_file=documents)


class App(rx.App):
    """Reflex's app, wrapped outside everything Reflex builds (core/edge.py): the proxy headers,
    HSTS and the origin policy. Outside, because Reflex adds a CORS layer that allows any origin
    with credentials around the api_transformer layers too, and answers preflights in it."""

    def __call__(self):
        served = outermost(super().__call__())
        heap.settle(catalog.warm)  # the backend is set up: what it holds now lives as long as it does
        return served


app = App(
    # Applied in order: the routes, then Reflex inside them, the dossier PUT's fast path around
    # both (api/fast_put.py), then the headers layer; clean_urls rewrites the path before the
    # headers layer sees it, so its page gets its own CSP.
    api_transformer=[create_api(), fast_put, headers, partial(clean_urls, hashes_file=documents)],
    head_components=[
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
        # The header's icon: without it every first visit also asks for /favicon.ico (a 404 page).
        rx.el.link(rel="icon", type="image/png", href="/icons/icon-192.png"),
        rx.el.meta(name="theme-color", content="#0b5c8e"),
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        # Fetched by the browser modules with credentials 'same-origin', which crossorigin="anonymous" matches.
        *(rx.el.link(rel="preload", href=url, cross_origin="anonymous", custom_attrs={"as": "fetch"})
          for url in preloaded_data()),
    ],
    # Replace Reflex's connection pulser + error toast (shared notes §4): the ConnectionBar in the
    # header shows online / offline / syncing N, and being offline is not an error.
    extra_app_wraps={(5, "Overlay"): lambda stateful: rx.fragment()},
    # No page shows a toast, and sonner's provider was 10 KB of every first visit; a backend
    # exception's toast falls back to an alert (fallback_to_alert in Reflex's default handler).
    toaster=None,
)
app.add_page(home, route="/", title=t("app.name"), description=t("app.tagline"))
for route, (screen, title) in ROUTES.items():
    app.add_page(make_page(screen), route=route, title=t(title))
register_online_pages(app)
