"""After the production build: hash the prerendered pages' inline scripts for the CSP.

The prerendered HTML carries React Router's inline hydration scripts. Allowing exactly those
by hash keeps `script-src` free of 'unsafe-inline'. The hashes go next to the build (not
into the public folder); the HTTP middleware reads them at start-up.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from reflex.plugins import Plugin

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)
HASHES_FILE = "csp-script-hashes.json"


def inline_script_hashes(static_dir: Path) -> list[str]:
    hashes = set()
    for html in static_dir.rglob("*.html"):
        for body in INLINE_SCRIPT.findall(html.read_text(encoding="utf-8")):
            if body:
                digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
                hashes.add(f"sha256-{digest}")
    return sorted(hashes)


def hashes_path(web_dir: Path) -> Path:
    return web_dir / HASHES_FILE


class BuildPlugin(Plugin):
    def post_build(self, **context) -> None:
        static_dir = Path(context["static_dir"]).resolve()
        # static_dir is .web/build/client; the hashes live in .web, outside what is served.
        web_dir = static_dir.parents[1]
        hashes_path(web_dir).write_text(json.dumps(inline_script_hashes(static_dir), indent=0))
