"""The offline screens as local JSX components (assets/offline/screens.jsx, the entry module).

Reflex processes no events while its websocket is down, so these screens keep all their state
in the browser (React + IndexedDB) and never call a backend event. See docs/architecture.md.
Their npm packages (dexie, tus-js-client) are pinned once, in volunteer_app/web/build_plugin.py
(``FRONTEND_PACKAGES``, rxconfig's ``frontend_packages``).
"""
from __future__ import annotations

import reflex as rx

SCREENS_JSX = "$/public/offline/screens.jsx"  # == rx.asset("offline/screens.jsx").importable_path


class OfflineScreen(rx.Component):
    """<OfflineScreen screen="catalog|detail|wizard|drafts" />."""

    library = SCREENS_JSX
    tag = "OfflineScreen"
    screen: rx.Var[str]


class ConnectionBar(rx.Component):
    """Online / offline / syncing N, the language switch and the "new version" banner."""

    library = SCREENS_JSX
    tag = "ConnectionBar"


def offline_screen(screen: str) -> rx.Component:
    return OfflineScreen.create(screen=screen)


def connection_bar() -> rx.Component:
    return ConnectionBar.create()
