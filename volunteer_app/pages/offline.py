"""The offline-first routes. Stable paths with no dynamic segments, so the service worker
precaches each one; the procedure code and the draft id travel in the query string.

    /thu-tuc                    catalog + search as you type
    /thu-tuc/chi-tiet?ma=CODE   what to prepare, fees, time limit, "Bắt đầu"
    /nop-ho-so?ma=CODE&ho-so=ID the wizard (ID = the draft's client UUID)
    /ho-so                      "Hồ sơ trên máy này"
"""
from __future__ import annotations

import reflex as rx

from volunteer_app.components.layout import page_frame
from volunteer_app.components.offline import offline_screen

ROUTES = {
    "/thu-tuc": ("catalog", "ui.page.catalog"),
    "/thu-tuc/chi-tiet": ("detail", "ui.page.detail"),
    "/nop-ho-so": ("wizard", "ui.page.wizard"),
    "/ho-so": ("drafts", "ui.page.drafts"),
}


# The device catalog (assets/offline/data.js `device()`), asked while the page's scripts are still
# on their way: an inline script runs as the parser reaches it, the modules only once all have
# arrived (issue 17: on 3G the catalog then came 0.5 s after the last script). Same URL and options
# as data.js (the query names the one centre the device knows); data.js takes the answer when the
# URL is the one it would ask. A client-side navigation renders it without running it. Its failure
# (offline) is marked handled: an unhandled rejection would queue a Reflex event (shared notes §1).
EARLY_DEVICE_CATALOG = (
    "try{var c=JSON.parse(localStorage.getItem('tiepsuc.centres')||'[]'),"
    "r,u='/api/v1/catalog/device'+(Array.isArray(c)&&c.length===1&&c[0]&&typeof c[0].code==='string'"
    "&&typeof c[0].name==='string'?'?centre='+encodeURIComponent(c[0].code):'');"
    "r=fetch(u,{cache:'no-cache',credentials:'same-origin'});r.catch(function(){});"
    "window.__tiepsucDevice={url:u,response:r};}catch(e){}"
)


def early_device_catalog() -> rx.Component:
    return rx.el.script(custom_attrs={"dangerouslySetInnerHTML": {"__html": EARLY_DEVICE_CATALOG}})


def make_page(screen: str):
    def page() -> rx.Component:
        return rx.fragment(early_device_catalog(), page_frame(offline_screen(screen)))

    page.__name__ = f"offline_{screen}"
    return page
