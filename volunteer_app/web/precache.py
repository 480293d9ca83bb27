"""The service worker's two precache lists, from the production build (run by the build plugin).

- ``install``: what the offline routes need, fetched before the worker activates: the pages of
  those routes and the SPA fallback, every script and stylesheet those pages load (the
  ``/assets/`` URLs they name and the chunks those import statically), the icons they show, the
  web manifest, Workbox's files (``/workbox-v*/``, the worker's library), and the offline data
  (``/offline-data/``) but the procedures' definitions, the catalog's summaries and the card
  scan's pre-2025 units table and messages (loaded on first need);
- ``later``: everything else the build serves (the online pages and their code, the other icons,
  code that is only ever imported on demand, the procedures' definitions, the summaries, the
  pre-2025 units table), fetched after the first visit (``sw.js``); at install the worker adds the
  definition of the procedure an open page shows (``?ma=``), so the wizard being filled works
  offline from the first visit, and the build's summaries only when the page kept no device
  catalog (``/api/v1/catalog/device``, which carries every summary: fetching both sent the
  summaries twice, 17 KB of a first visit).

A page is listed under its route's own URL (``/thu-tuc``, which the server answers without a
redirect: ``clean_urls``), each entry once. Content-hashed files (Vite's ``assets/``, the offline
data's hashed names, Workbox's files under their version's folder) carry no revision; every other file is revisioned by its MD5, so an update
refetches only what changed.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

EXTENSIONS = {".html", ".js", ".css", ".json", ".png", ".svg", ".ico", ".webmanifest", ".woff", ".woff2"}
# The browser modules' sources (Vite bundled them into assets/), the worker itself, the 404 page.
SKIPPED = ("offline/", "js/", "online/", "404/")
NOT_LISTED = {"sw.js", "404.html"}
FALLBACK = "__spa-fallback.html"
# Content-addressed: Vite's hashed names, the offline data's, and Workbox's files in the folder of
# their pinned version (core/http.py serves all three immutable).
HASHED = re.compile(r"^(assets/.+|workbox-v[0-9][\w.-]*/.+|offline-data/.+\.[0-9a-f]{12}\.json)$")
NAMED_BY_PAGE = re.compile(r"""["'(](/(?:assets|icons)/[^"'()\s]+)""")
PROCEDURE_PREFIX = "/offline-data/procedure-"
LEGACY_UNITS_PREFIX = "/offline-data/admin-units-legacy."  # the card scan's (build_plugin.write_offline_data)
MESSAGES_SCAN_PREFIX = "/offline-data/messages-scan."  # the card scanner's messages (build_plugin.ON_DEMAND_MESSAGES)
SUMMARIES_PREFIX = "/offline-data/summaries."  # the device catalog carries them (sw.js adds these only without it)
LATER_DATA = (PROCEDURE_PREFIX, LEGACY_UNITS_PREFIX, MESSAGES_SCAN_PREFIX, SUMMARIES_PREFIX)
WORKBOX_PREFIX = "/workbox-v"  # the worker's own library (build_plugin.copy_workbox)
STATIC_IMPORT = re.compile(r"""(?:\bfrom|\bimport)\s*["'](\./[^"']+\.js)["']""")  # not import("./x.js")


def url_of(rel: str) -> str | None:
    """The URL a build file is precached under; None for a duplicate page (``x/index.html`` is
    the same page as ``x.html``)."""
    if rel == "index.html":
        return "/"
    if rel == FALLBACK:
        return "/" + rel
    if rel.endswith(".html"):
        return None if rel.endswith("/index.html") else "/" + rel[: -len(".html")]
    return "/" + rel


def entries(static_dir: Path) -> dict[str, str | None]:
    """URL -> revision (None for a content-hashed name) of every file the worker may cache."""
    out = {}
    for path in sorted(static_dir.rglob("*")):
        rel = path.relative_to(static_dir).as_posix()
        if not path.is_file() or path.suffix not in EXTENSIONS or rel in NOT_LISTED or rel.startswith(SKIPPED):
            continue
        url = url_of(rel)
        if url is not None:
            out[url] = None if HASHED.match(rel) else hashlib.md5(path.read_bytes()).hexdigest()
    return out


def page_file(static_dir: Path, route: str) -> Path:
    if route in ("/", ""):
        return static_dir / "index.html"
    rel = route.strip("/")
    if rel.endswith(".html"):
        return static_dir / rel
    flat = static_dir / f"{rel}.html"
    return flat if flat.exists() else static_dir / rel / "index.html"


def install_urls(static_dir: Path, offline_routes: list[str]) -> set[str]:
    """The offline routes' pages, what they load (with the static import closure of their
    scripts), the web manifest and the offline data."""
    pages = [*offline_routes, "/" + FALLBACK]
    wanted = set(pages) | {"/manifest.webmanifest"}
    files = [page_file(static_dir, route) for route in pages]
    # An unknown route renders the 404 route's module (its page is 404/index.html at this point).
    files += [f for f in (static_dir / "404.html", static_dir / "404" / "index.html") if f.exists()]
    for file in files:
        wanted.update(NAMED_BY_PAGE.findall(file.read_text(encoding="utf-8")))
    todo = [u for u in wanted if u.startswith("/assets/") and u.endswith(".js")]
    while todo:
        script = todo.pop()
        path = static_dir / script.lstrip("/")
        if not path.exists():
            continue
        folder = script.rsplit("/", 1)[0]
        for rel in STATIC_IMPORT.findall(path.read_text(encoding="utf-8")):
            url = f"{folder}/{rel[2:]}"
            if url not in wanted:
                wanted.add(url)
                todo.append(url)
    return wanted


def precache_lists(static_dir: Path, offline_routes: list[str]) -> dict[str, list[dict]]:
    every = entries(static_dir)
    needed = install_urls(static_dir, offline_routes)
    # The data, except the procedures' definitions (one file each, a catalog of hundreds: the
    # worker adds at install the definition an open page shows, ?ma=), the pre-2025 units table
    # and the scanner's messages, which only a card scan needs, and the summaries, which the
    # device catalog the page keeps carries (the worker adds the build's copy at install only
    # when the page kept none): they come later.
    first = {url for url in every if url in needed or url.startswith(WORKBOX_PREFIX)
             or url.startswith("/offline-data/") and not url.startswith(LATER_DATA)}
    as_list = lambda urls: [{"url": url, "revision": every[url]} for url in sorted(urls)]  # noqa: E731
    return {"install": as_list(first), "later": as_list(set(every) - first)}
