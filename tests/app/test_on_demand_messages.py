"""The message catalog is one (volunteer_app/i18n), served in two parts: the first visit's file,
and the messages of a screen loaded on demand (the ID card scanner) in a file of their own,
precached after the first visit (build_plugin.ON_DEMAND_MESSAGES)."""
from __future__ import annotations

import json

from volunteer_app.i18n import load_catalog
from volunteer_app.web.build_plugin import ON_DEMAND_MESSAGES, _messages_body


def test_the_two_parts_hold_the_whole_catalog_once():
    first = json.loads(_messages_body())
    scan = json.loads(_messages_body("messages_scan"))
    assert ON_DEMAND_MESSAGES == {"messages_scan": "scan."}
    assert scan and all(k.startswith("scan.") for k in scan)
    assert not [k for k in first if k.startswith("scan.")]
    assert {**first, **scan} == load_catalog() and not set(first) & set(scan)
    # What the first visit shows of the scan: the button, named per person.
    assert first["scan_button.label"]["vi"] == "Quét CCCD {who}" and "scan_button.role.applicant" in first
