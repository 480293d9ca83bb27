"""Pure domain core: catalog, rules, Vietnamese text, dossier lifecycle. Never imports Reflex."""
