"""The message catalog is one (volunteer_app/i18n), served in two parts: the first visit's file,
and the messages of a screen loaded on demand (the ID card scanner) in a file of their own,
precached after the first visit (build_plugin.ON_DEMAND_MESSAGES)."""
from __future__ import annotations

import json

from volunteer_app.i18n import load_catalog
from volunteer_app.web.build_plugin import ON_DEMAND_MESSAGES, SERVER_ONLY_MESSAGES, _messages_body


def test_the_two_parts_hold_the_devices_catalog_once():
    """Every message the device shows, in exactly one of the two parts (the server's own stay out)."""
    first = json.loads(_messages_body())
    scan = json.loads(_messages_body("messages_scan"))
    assert ON_DEMAND_MESSAGES == {"messages_scan": "scan."}
    assert scan and all(k.startswith("scan.") for k in scan)
    assert not [k for k in first if k.startswith("scan.")]
    device = {k: v for k, v in load_catalog().items() if not k.startswith(SERVER_ONLY_MESSAGES)}
    assert {**first, **scan} == device and not set(first) & set(scan)
    # What the first visit shows of the scan: the button, named per person.
    assert first["scan_button.label"]["vi"] == "Quét CCCD {who}" and "scan_button.role.applicant" in first
