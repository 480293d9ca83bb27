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


# What the screen needs first, asked while the page's scripts are still on their way: an inline
# script runs as the parser reaches it, the modules only once all have arrived (issue 17: on 3G the
# catalog came 0.5 s after the last script, and the definition on screen after that):
# - the device catalog (assets/offline/data.js `device()`): same URL and options as data.js (the
#   query names the one centre the device knows);
# - the offline data's manifest (preloaded in the head) and, for a new draft or a procedure's page
#   (`?ma=` without `ho-so=`), the build's copy of that definition, which data.js uses when the
#   device catalog names its etag.
# data.js takes each answer once, when it is the one it would ask for. A client-side navigation
# renders the script without running it. Failures (offline) are marked handled: an unhandled
# rejection would queue a Reflex event (shared notes §1).
EARLY_DATA = (
    "try{var q=new URLSearchParams(location.search),k=q.get('ma'),h=function(p){p.catch(function(){});return p},"
    "c=JSON.parse(localStorage.getItem('tiepsuc.centres')||'[]'),"
    "u='/api/v1/catalog/device'+(Array.isArray(c)&&c.length===1&&c[0]&&typeof c[0].code==='string'"
    "&&typeof c[0].name==='string'?'?centre='+encodeURIComponent(c[0].code):''),"
    "j=function(r){if(!r.ok)throw Error(r.status);return r.json()},"
    "m=h(fetch('/offline-data/manifest.json',{credentials:'same-origin'}).then(j)),"
    "e={device:{url:u,response:h(fetch(u,{cache:'no-cache',credentials:'same-origin'}))},manifest:m,procedure:null};"
    "if(k&&!q.get('ho-so'))e.procedure={code:k,copy:h(m.then(function(x){var v=x&&x.procedures&&x.procedures[k];"
    "return v?{url:v,body:h(fetch(v,{credentials:'same-origin'}).then(j))}:null}))};"
    "window.__tiepsucEarly=e}catch(x){}"
)


def early_data() -> rx.Component:
    return rx.el.script(custom_attrs={"dangerouslySetInnerHTML": {"__html": EARLY_DATA}})


def make_page(screen: str):
    def page() -> rx.Component:
        return rx.fragment(early_data(), page_frame(offline_screen(screen)))

    page.__name__ = f"offline_{screen}"
    return page
