"""The offline data files the build writes (volunteer_app/web/build_plugin.write_offline_data): what
a first visit loads is only what the device uses (issue 17)."""
from __future__ import annotations

import json

import pytest

from volunteer_app.domain.catalog import load_catalog
from volunteer_app.i18n import load_catalog as load_messages
from volunteer_app.web.build_plugin import (ADMIN_UNITS, ON_DEMAND_MESSAGES, SERVER_ONLY_MESSAGES,
                                           write_offline_data)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    static = tmp_path_factory.mktemp("client")
    manifest = write_offline_data(static)
    read = lambda url: json.loads((static / url.lstrip("/")).read_text(encoding="utf-8"))  # noqa: E731
    return manifest, read


def test_each_definition_is_named_by_its_etag(written):
    # The wizard uses the build's copy when the device catalog names that etag (assets/offline/data.js).
    manifest, read = written
    for code, entry in load_catalog().entries.items():
        assert manifest["procedures"][code].endswith(f".{entry.etag[:12]}.json")
    code = "2.000635"
    assert read(manifest["procedures"][code]) == load_catalog().entries[code].data


def test_the_device_messages_leave_out_the_staff_screens(written):
    manifest, read = written
    messages, every = read(manifest["messages"]), load_messages()
    assert {"ui.nav.next", "sync.sent.title", "personal_id.length", "catalog.rule.child_age", "upload.too_large"} <= set(messages)
    assert not [k for k in messages if k.startswith(("staff.", "audit.", "catalog.admin.", "portal."))]
    assert all(messages[k] == every[k] for k in messages)
    # Left out: exactly the server's own messages and those loaded on demand (the scanner's).
    left_out = (*SERVER_ONLY_MESSAGES, *ON_DEMAND_MESSAGES.values())
    assert set(every) - set(messages) == {k for k in every if k.startswith(left_out)}


def test_the_device_admin_units_keep_what_the_address_widget_shows(written):
    manifest, read = written
    units, full = read(manifest["admin_units"]), json.loads(ADMIN_UNITS.read_text(encoding="utf-8"))
    assert units["commune_fields"] == ["code", "province", "name"]
    assert units["provinces"] == full["provinces"]
    column = {name: full["commune_fields"].index(name) for name in units["commune_fields"]}
    assert units["communes"] == [[row[column[n]] for n in units["commune_fields"]] for row in full["communes"]]
