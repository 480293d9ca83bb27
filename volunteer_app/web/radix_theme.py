"""Radix Themes with only what the pages use: no namespace import, only the colour palettes used.

Reflex's own Radix Themes plugin costs every first visit two things the app does not use:

- it declares ``@radix-ui/themes`` as a plugin frontend dependency, and the generated
  ``root.jsx`` imports every such dependency as a namespace (``import * as``) to fill
  ``window.__reflex`` for dynamic components (the app has none). That defeats tree-shaking: the
  whole library (≈ 72 KB gzip) rides along. The package is still installed, because the
  components import it (Reflex infers the npm packages from the pages' imports);
- its stylesheet is the whole ``styles.css``, whose tokens hold 31 colour palettes (≈ 35 KB gzip)
  of which the pages use a handful. Radix publishes the same CSS in parts (``tokens/base.css``,
  ``tokens/colors/<palette>.css``, ``components.css``, ``utilities.css``), so the sheet here is
  those parts with the palettes in ``PALETTES``.

A page that asks for a colour outside ``PALETTES`` stops the build (``enter_component``), so a
new colour cannot silently render without its tokens.

``components.css`` itself holds the rules of every Radix component (≈ 31 KB gzip) while the pages
import about a dozen: the PostCSS plugin ``radix_unused.js`` (beside this module, written to
``.web`` and added to its ``postcss.config.js``) drops the rules that name only components no
compiled page imports (issue 17: the first visit's CSS).
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from reflex_components_radix.plugin import RadixThemesPlugin
from reflex_components_radix.themes.base import RadixThemesComponent

# blue: the theme's accent; slate: the grey Radix pairs with blue (gray_color "auto"); gray: the
# plain grey scale; amber, orange, green, red: the pages' color_scheme values (warnings, the catalog
# admin's conflicts, success, errors).
PALETTES = ("gray", "slate", "blue", "amber", "orange", "green", "red")
COLOUR_PROPS = ("color_scheme", "accent_color")
UNUSED_RULES_PLUGIN = Path(__file__).with_name("radix_unused.js")
POSTCSS_CONFIG = "postcss.config.js"
# Reflex's postcss.config.js names two plugins ("postcss-import", autoprefixer, the latter off when
# REFLEX_NO_AUTOPREFIXER is set); the same config in array form, radixUnused last.
POSTCSS_CONFIG_JS = """// Written by volunteer_app/web/radix_theme.py: Reflex's plugins, then radixUnused.
import postcssImport from "postcss-import";
import autoprefixer from "autoprefixer";
import radixUnused from "./radix-unused.js";

const noVendorPrefix = /^(1|true|y|yes)$/i.test(process.env.REFLEX_NO_AUTOPREFIXER ?? "");

export default {
  plugins: [postcssImport(), ...(noVendorPrefix ? [] : [autoprefixer()]), radixUnused()],
};
"""
# Reflex 0.10's own postcss.config.js (whitespace aside): replaced only when it is this one.
REFLEX_POSTCSS_CONFIG_JS = """const noVendorPrefix = /^(1|true|y|yes)$/i.test(
  process.env.REFLEX_NO_AUTOPREFIXER ?? "",
);

export default {
  plugins: {
    "postcss-import": {},
    autoprefixer: noVendorPrefix ? false : {},
  },
};
"""


def with_unused_rules_dropped(config: str) -> str:
    """Our ``postcss.config.js`` in place of Reflex's, once it is checked to be the one we know."""
    if config == POSTCSS_CONFIG_JS:
        return config
    if "".join(config.split()) != "".join(REFLEX_POSTCSS_CONFIG_JS.split()):
        raise RuntimeError(f"{POSTCSS_CONFIG}: not the one Reflex 0.10 writes; update POSTCSS_CONFIG_JS in {__name__}")
    return POSTCSS_CONFIG_JS


class UnknownPaletteError(ValueError):
    pass


def stylesheets(palettes: tuple[str, ...] = PALETTES) -> tuple[str, ...]:
    """Radix's own split of ``styles.css``, in its order: colours, base tokens, components, utilities."""
    return (
        *(f"@radix-ui/themes/tokens/colors/{name}.css" for name in palettes),
        "@radix-ui/themes/tokens/base.css",
        "@radix-ui/themes/components.css",
        "@radix-ui/themes/utilities.css",
    )


def _literal(var: Any) -> str | None:
    """The string a colour prop holds when it is a plain literal (``color_scheme="red"``)."""
    value = getattr(var, "_var_value", None)
    return value if isinstance(value, str) else None


@dataclasses.dataclass
class LeanRadixThemesPlugin(RadixThemesPlugin):
    palettes: tuple[str, ...] = PALETTES

    def get_frontend_dependencies(self, **context: Any) -> tuple[str, ...]:
        return ()  # see the module docstring: no namespace import of the whole library

    def get_stylesheet_paths(self, **context: Any) -> tuple[str, ...]:
        return stylesheets(self.palettes) if self.enabled else ()

    def get_static_assets(self, **context: Any):
        return [("radix-unused.js", UNUSED_RULES_PLUGIN.read_text(encoding="utf-8"))] if self.enabled else []

    def pre_compile(self, **context: Any) -> None:
        super().pre_compile(**context)
        if self.enabled:
            context["add_modify_task"](POSTCSS_CONFIG, with_unused_rules_dropped)

    def enter_component(self, comp, /, *, page_context, compile_context, in_prop_tree: bool = False) -> None:
        super().enter_component(comp, page_context=page_context, compile_context=compile_context,
                                in_prop_tree=in_prop_tree)
        if not isinstance(comp, RadixThemesComponent):
            return
        for prop in COLOUR_PROPS:
            colour = _literal(getattr(comp, prop, None))
            if colour and colour not in self.palettes:
                raise UnknownPaletteError(
                    f"{type(comp).__name__} uses the Radix colour {colour!r}, whose tokens are not in the "
                    f"stylesheet: add it to PALETTES in {__name__}")
