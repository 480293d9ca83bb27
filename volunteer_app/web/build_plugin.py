"""After the production build: offline data, the service worker, and the CSP hashes.

1. The data the browser needs offline is written as content-hashed JSON under
   ``/offline-data/`` (the merged message catalog, catalog summaries, every procedure's
   definition, the administrative units) with ``/offline-data/manifest.json`` naming the files.
2. ``sw.js`` (the worker beside this module) is written with its two precache lists
   (``precache.py``): at install what the offline routes need, the rest after the first visit.
   It runs on Workbox's modules, copied from node_modules to ``/workbox-v<version>/`` (this
   origin, never a CDN; precached at install).
3. The prerendered pages' inline scripts are hashed for the CSP, page by page (each page's
   response names only its own). This runs last, after every step that could touch HTML, so the
   hashes always match what is served; the server also learns from this file which routes have
   a page of their own (``clean_urls`` in volunteer_app/core/http.py).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

from reflex.plugins import Plugin

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
HASHES_FILE = "csp-script-hashes.json"
DATA_DIR = "offline-data"
SW_TEMPLATE = Path(__file__).with_name("sw.js")
WORKBOX_VERSION = "7.4.1"  # the service worker's library (sw.js), dev dependencies: copied, not bundled
WORKBOX_MODULES = ("sw", "core", "strategies", "routing", "precaching")
WORKBOX_PACKAGES = (f"workbox-sw@{WORKBOX_VERSION}", f"workbox-precaching@{WORKBOX_VERSION}")
TUS = "tus-js-client@4.3.1"  # resumable uploads of the outbox (assets/offline/upload.js)
DEXIE = "dexie@4.4.7"  # the device store (assets/offline/db.js); the one pin of it
ZXING = "@zxing/library@0.23.0"  # the card QR's decoder where the browser has no BarcodeDetector (on demand)
# The device's encryption at rest (assets/offline/crypto/): the synchronous AES-GCM of the pagehide
# stash, and scrypt, the slow memory-hard derivation of the tablet PIN's key.
NOBLE_CIPHERS = "@noble/ciphers@2.4.0"
NOBLE_HASHES = "@noble/hashes@2.4.0"
# npm packages the browser modules import, for rxconfig's ``frontend_packages``: installed and
# tree-shaken like any import (a plugin's get_frontend_dependencies would be imported whole).
FRONTEND_PACKAGES = (DEXIE, TUS, ZXING, NOBLE_CIPHERS, NOBLE_HASHES)
PACKAGE = Path(__file__).resolve().parents[1]
ADMIN_UNITS = PACKAGE / "catalog" / "admin_units.json"


def inline_script_hashes(static_dir: Path) -> dict[str, list[str]]:
    """Each prerendered document (its path under the build) and the hashes of its inline
    scripts: the server sends each page only its own (volunteer_app/core/http.py)."""
    documents = {}
    for html in sorted(static_dir.rglob("*.html")):
        hashes = set()
        for body in INLINE_SCRIPT.findall(html.read_text(encoding="utf-8")):
            if body:
                digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                hashes.add(f"sha256-{digest}")
        documents[html.relative_to(static_dir).as_posix()] = sorted(hashes)
    return documents


def hashes_path(web_dir: Path) -> Path:
    return web_dir / HASHES_FILE


def _dump(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _hashed_url(stem: str, body: bytes) -> str:
    return f"/{DATA_DIR}/{stem}.{hashlib.sha256(body).hexdigest()[:12]}.json"


def _write_hashed(folder: Path, stem: str, body: bytes) -> str:
    url = _hashed_url(stem, body)
    (folder / url.rsplit("/", 1)[1]).write_bytes(body)
    return url


# Messages only a screen loaded on demand shows (manifest key -> key prefix): served in a file of
# their own, fetched with that screen's code and precached after the first visit. The catalog
# itself stays one (volunteer_app/i18n); the first visit's file holds every other message but
# those only the server or the staff screens show (those screens render on the server).
ON_DEMAND_MESSAGES = {"messages_scan": "scan."}  # the ID card scanner (assets/offline/scan/card-scan.jsx)
# Not on the device at all (20 KB gzip of every first visit with them, 12 without).
SERVER_ONLY_MESSAGES = ("staff.", "audit.", "lifecycle.", "portal.", "catalog.admin.", "admin.", "review.",
                        "lookup.", "report.", "auth.", "http.", "request.", "server.", "health.", "home.")
# The address widget needs each commune's code, province and name; the search key and the type
# (the name says it) stay on the server (/api/v1/admin-units): 44 KB gzip with them, 31 without.
DEVICE_COMMUNE_FIELDS = ("code", "province", "name")


def _messages_body(part: str | None = None) -> bytes:
    from volunteer_app.i18n import load_catalog

    catalog = load_catalog()
    if part is not None:
        return _dump({k: v for k, v in catalog.items() if k.startswith(ON_DEMAND_MESSAGES[part])})
    left_out = (*ON_DEMAND_MESSAGES.values(), *SERVER_ONLY_MESSAGES)
    return _dump({k: v for k, v in catalog.items() if not k.startswith(left_out)})


def _admin_units_body() -> bytes:
    payload = json.loads(ADMIN_UNITS.read_text(encoding="utf-8"))
    columns = [payload["commune_fields"].index(name) for name in DEVICE_COMMUNE_FIELDS]
    payload["commune_fields"] = list(DEVICE_COMMUNE_FIELDS)
    payload["communes"] = [[row[i] for i in columns] for row in payload["communes"]]
    return _dump(payload)


def _legacy_units() -> dict:
    import gzip

    from volunteer_app.domain.admin_units import LEGACY_FILE
    from volunteer_app.domain.card_address import legacy_table

    with gzip.open(LEGACY_FILE, "rb") as fh:
        return legacy_table(json.loads(fh.read()))


def preloaded_data() -> list[str]:
    """The data every page needs first (the header's bar shows messages): the manifest and the
    message catalog, for <link rel="preload"> in every page's head, so that on a slow link they
    arrive with the scripts instead of two round trips after them."""
    return [f"/{DATA_DIR}/manifest.json", _hashed_url("messages", _messages_body())]


def write_offline_data(static_dir: Path) -> dict:
    """Write the offline data files; return the manifest (also written as manifest.json).

    Definitions are the expanded ones the server validates against (a generic procedure gets its
    form); withdrawn procedures keep their definition (for their drafts) but leave the list.
    """
    from volunteer_app.domain.catalog import load_catalog as load_procedures
    from volunteer_app.domain.catalog.summary import list_item

    folder = static_dir / DATA_DIR
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    procedures = {}
    summaries = []
    for code, entry in sorted(load_procedures().entries.items()):
        # Named by the definition's etag (its content hash, as _hashed_url would name it): the
        # wizard tells from the device catalog's etags whether this copy is the current version.
        procedures[code] = url = f"/{DATA_DIR}/procedure-{code}.{entry.etag[:12]}.json"
        (folder / url.rsplit("/", 1)[1]).write_bytes(_dump(entry.data))
        if not entry.withdrawn:
            summaries.append(list_item(entry.data))
    manifest = {
        "messages": _write_hashed(folder, "messages", _messages_body()),
        **{part: _write_hashed(folder, part.replace("_", "-"), _messages_body(part)) for part in ON_DEMAND_MESSAGES},
        "summaries": _write_hashed(folder, "summaries", _dump(summaries)),
        "admin_units": _write_hashed(folder, "admin-units", _admin_units_body()),
        # The card scan's pre-2025 units (domain/card_address.py), precached after the first visit.
        "admin_units_legacy": _write_hashed(folder, "admin-units-legacy", _dump(_legacy_units())),
        "procedures": procedures,
    }
    manifest["version"] = hashlib.sha256(_dump(manifest)).hexdigest()[:12]
    (folder / "manifest.json").write_bytes(_dump(manifest))
    return manifest


def copy_workbox(static_dir: Path, node_modules: Path) -> str:
    """Copy Workbox's production files (workbox-sw loads the others by name) to this origin."""
    folder = static_dir / f"workbox-v{WORKBOX_VERSION}"
    folder.mkdir(exist_ok=True)
    for module in WORKBOX_MODULES:
        name = f"workbox-{module}.js" if module == "sw" else f"workbox-{module}.prod.js"
        shutil.copyfile(node_modules / f"workbox-{module}" / "build" / name, folder / name)
    return f"/{folder.name}"


def generate_service_worker(static_dir: Path, offline_routes: list[str], workbox: str) -> dict:
    """Write /sw.js: the worker (sw.js beside this module) with the two precache lists and the
    folder of Workbox's files."""
    from volunteer_app.web.precache import precache_lists

    lists = precache_lists(static_dir, offline_routes)
    template = SW_TEMPLATE.read_text(encoding="utf-8")
    placeholder = "const PRECACHE = { install: [], later: [] };"
    if placeholder not in template or "const WORKBOX = '/workbox-v7';" not in template:
        raise RuntimeError(f"{SW_TEMPLATE}: the precache or Workbox placeholder is missing")
    body = json.dumps(lists, separators=(",", ":"))
    worker = template.replace(placeholder, f"const PRECACHE = {body};").replace("const WORKBOX = '/workbox-v7';", f"const WORKBOX = '{workbox}';")
    (static_dir / "sw.js").write_text(worker, encoding="utf-8")
    print(f"service worker: {len(lists['install'])} files precached at install, {len(lists['later'])} after the first visit")
    return lists


class BuildPlugin(Plugin):
    def __init__(self, offline_routes: list[str] | tuple[str, ...] = ("/",)):
        self.offline_routes = list(offline_routes)

    def get_frontend_development_dependencies(self, **context) -> list[str]:
        return list(WORKBOX_PACKAGES)

    def post_build(self, **context) -> None:
        static_dir = Path(context["static_dir"]).resolve()
        # static_dir is .web/build/client; the hashes live in .web, outside what is served.
        web_dir = static_dir.parents[1]
        write_offline_data(static_dir)
        workbox = copy_workbox(static_dir, web_dir / "node_modules")
        generate_service_worker(static_dir, self.offline_routes, workbox)
        hashes_path(web_dir).write_text(json.dumps({"documents": inline_script_hashes(static_dir)}, indent=0))
