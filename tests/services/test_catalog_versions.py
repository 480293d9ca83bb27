"""Catalog versions on SQLite and PostgreSQL: a workbook import staged then published, the shipped
procedures as the base, conflicts after an app upgrade, roll back, drafts pinned to a version."""
from __future__ import annotations

import copy
import json
from datetime import timedelta

import pytest
from sqlmodel import Session, SQLModel, create_engine, select

from volunteer_app.domain.catalog.workbook import export_workbook
from volunteer_app.models import (
    AuditEvent, CatalogVersion, Centre, ProcedureRevision, Role, User, utcnow,
)
from volunteer_app.services import catalog_versions as cv
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

from tests.support import services
from tests.support.catalog_samples import GENERIC

BIRTH = "1.001193"


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path):
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'cv.db'}"
    else:
        url, drop = services.create_postgres_database(services.postgres_admin_url())
    engine = create_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()
    if drop:
        drop()


@pytest.fixture
def admin(db) -> Actor:
    user = User(username="admin", display_name="Admin", role=Role.admin, password_hash="x")
    db.add(user)
    db.commit()
    db.refresh(user)
    return Actor(user=user, origin="test")


def shipped_source(code: str) -> dict:
    return copy.deepcopy(cv.shipped().entry(code).source)


def new_generic() -> dict:
    proc = copy.deepcopy(GENERIC)
    proc["code"] = "1.777777"
    proc["documents"] = [{"id": "to_khai", "name": {"vi": "Tờ khai", "en": "Declaration"}, "form": "original",
                          "count": 1, "required": True, "accept": ["image/jpeg"], "max_size_mb": 5}]
    return proc


def with_fee(source: dict, amount: int) -> dict:
    source = copy.deepcopy(source)
    source["fees"]["rates"][1]["amount"] = amount
    return source


def workbook(*definitions: dict) -> bytes:
    return export_workbook(list(definitions))


def test_import_is_staged_with_a_readable_summary_then_published(db, admin):
    version = cv.stage_import(db, admin, workbook(new_generic(), with_fee(shipped_source(BIRTH), 10000)), "moi.xlsx")
    assert (version.number, version.status, version.created_by) == (1, "staged", admin.user_id)
    assert version.summary["added"] == ["1.777777"]
    assert version.summary["changed"][BIRTH]["fees_changed"] is True
    assert "Thêm / added: 1.777777" in version.summary["text"] and "đổi lệ phí" in version.summary["text"]
    assert "1.777777" not in cv.current(db).catalog  # staged: nothing in effect yet
    preview = {p["code"]: p for p in cv.preview(db, version.id)}
    assert preview["1.777777"]["added"] and preview["1.777777"]["definition"]["steps"]  # expanded, as the wizard runs
    assert preview[BIRTH]["definition"]["fees"]["rates"][1]["amount"] == 10000
    assert preview[BIRTH]["current"]["fees"]["rates"][1]["amount"] == 8000

    cv.publish(db, admin, version.id)
    now = cv.current(db)
    assert now.number == 1 and "1.777777" in now.catalog and now.overridden == {"1.777777", BIRTH}
    assert now.catalog.entry(BIRTH).data["fees"]["rates"][1]["amount"] == 10000
    actions = [e.action for e in db.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["catalog_staged", "catalog_published"]
    with pytest.raises(ServiceError) as exc:
        cv.publish(db, admin, version.id)
    assert exc.value.status == 409


def test_a_workbook_with_any_error_stores_nothing(db, admin):
    bad = new_generic()
    bad["name"] = {"vi": "", "en": "No Vietnamese"}
    with pytest.raises(ServiceError) as exc:
        cv.stage_import(db, admin, workbook(new_generic() | {"code": "1.666666"}, bad))
    assert exc.value.status == 422 and exc.value.key == "catalog.import_invalid"
    problem = exc.value.extra["problems"][0]
    assert problem["sheet"] == "procedure" and problem["row"] == 3 and problem["column"] == "name::vi"
    assert db.exec(select(CatalogVersion)).all() == []


def test_roll_back_restores_the_previous_version(db, admin):
    first = cv.stage_import(db, admin, workbook(with_fee(shipped_source(BIRTH), 9000)), publish_now=True)
    second = cv.stage_import(db, admin, workbook(with_fee(shipped_source(BIRTH), 12000)), publish_now=True)
    assert cv.current(db).catalog.entry(BIRTH).data["fees"]["rates"][1]["amount"] == 12000
    undone = cv.rollback(db, admin)
    assert (undone.id, undone.status) == (second.id, "rolled_back")
    assert cv.current(db).number == first.number
    assert cv.current(db).catalog.entry(BIRTH).data["fees"]["rates"][1]["amount"] == 9000
    cv.rollback(db, admin)
    assert cv.current(db).catalog.entry(BIRTH).etag == cv.shipped().entry(BIRTH).etag  # the shipped one again
    with pytest.raises(ServiceError) as exc:
        cv.rollback(db, admin)
    assert exc.value.key == "catalog.nothing_to_roll_back"


def test_an_upgrade_of_a_shipped_procedure_the_centre_edited_shows_both(db, admin, monkeypatch):
    cv.stage_import(db, admin, workbook(with_fee(shipped_source(BIRTH), 9000)), publish_now=True)
    assert cv.current(db).conflicts == ()
    # The app is upgraded: it now ships another definition of the birth registration.
    base = cv.shipped()
    upgraded_source = with_fee(shipped_source(BIRTH), 7000)
    from volunteer_app.domain.catalog import check_definition
    from volunteer_app.domain.catalog.loader import Catalog, make_entry

    proc, source, _ = check_definition(upgraded_source)
    upgraded = Catalog(entries={**base.entries, BIRTH: make_entry(proc, source)})
    monkeypatch.setattr(cv.assembled, "shipped", lambda: upgraded)  # what every part of the service reads
    cv.forget_cache()
    now = cv.current(db)
    assert now.catalog.entry(BIRTH).data["fees"]["rates"][1]["amount"] == 9000  # not overwritten
    (conflict,) = now.conflicts
    assert conflict.code == BIRTH
    assert conflict.centre["fees"]["rates"][1]["amount"] == 9000
    assert conflict.shipped["fees"]["rates"][1]["amount"] == 7000
    from volunteer_app.pages.online.catalog_admin import _conflict_item

    shown = _conflict_item(conflict)  # what the admin screen puts side by side
    assert "Bản sao trích lục: 9.000 đ" in shown.centre.fees and "Bản sao trích lục: 7.000 đ" in shown.shipped.fees
    cv.resolve(db, admin, BIRTH, "shipped")
    now = cv.current(db)
    assert now.conflicts == () and now.catalog.entry(BIRTH).data["fees"]["rates"][1]["amount"] == 7000
    cv.forget_cache()


def test_a_pinned_draft_is_validated_against_its_version_within_the_grace_days(db, admin):
    centre = Centre(code="C1", name="Centre", draft_grace_days=30)
    db.add(centre)
    db.commit()
    old_etag = cv.current(db).catalog.entry(BIRTH).etag
    cv.stage_import(db, admin, workbook(with_fee(shipped_source(BIRTH), 10000)), publish_now=True)
    new_etag = cv.current(db).catalog.entry(BIRTH).etag
    assert new_etag != old_etag
    revision = db.exec(select(ProcedureRevision).where(ProcedureRevision.etag == old_etag)).one()
    assert revision.superseded_at is not None
    pinned = cv.procedure_for(db, BIRTH, old_etag, "C1")
    assert pinned["fees"]["rates"][1]["amount"] == 8000  # the version the draft started on
    assert cv.procedure_for(db, BIRTH, new_etag)["fees"]["rates"][1]["amount"] == 10000
    assert cv.procedure_for(db, BIRTH, "2026-11-28")["fees"]["rates"][1]["amount"] == 10000  # unknown: current
    later = utcnow() + timedelta(days=31)
    assert cv.procedure_for(db, BIRTH, old_etag, "C1", now=later)["fees"]["rates"][1]["amount"] == 10000
    centre.draft_grace_days = 60
    db.add(centre)
    db.commit()
    assert cv.procedure_for(db, BIRTH, old_etag, "C1", now=later)["fees"]["rates"][1]["amount"] == 8000
    label = cv.version_label(db, BIRTH, old_etag)
    assert label["current"] is False and label["superseded_at"] is not None
    assert cv.version_label(db, BIRTH, new_etag)["current"] is True


def test_the_device_bundle_names_the_old_versions_drafts_may_still_be_filed_on(db, admin):
    """A device moves a draft to the current version when its pin is neither current nor in
    ``pins``: the same line the server draws in ``procedure_for``."""
    centre = Centre(code="C1", name="Centre", draft_grace_days=30, offered=[BIRTH])
    db.add(centre)
    db.commit()
    old_etag = cv.current(db).catalog.entry(BIRTH).etag
    assert json.loads(cv.device_bundle(db, centre)[1])["pins"] == {}
    cv.stage_import(db, admin, workbook(with_fee(shipped_source(BIRTH), 10000)), publish_now=True)
    assert json.loads(cv.device_bundle(db, centre)[1])["pins"] == {BIRTH: [old_etag]}
    later = utcnow() + timedelta(days=31)
    assert cv.accepted_pins(db, "C1", now=later) == {}  # past the grace days: moved on opening
    assert cv.procedure_for(db, BIRTH, old_etag, "C1", now=later)["fees"]["rates"][1]["amount"] == 10000
    centre.draft_grace_days = 60
    db.add(centre)
    db.commit()
    assert cv.accepted_pins(db, "C1", now=later) == {BIRTH: [old_etag]}


def test_centre_settings_refuse_an_unknown_province_code_or_grace_days_out_of_range(db, admin):
    centre = Centre(code="C1", name="Centre", province_code="01", draft_grace_days=30)
    db.add(centre)
    db.commit()
    for kwargs, key in (({"province_code": "99"}, "catalog.admin_unit_not_found"),
                        ({"draft_grace_days": cv.MAX_GRACE_DAYS + 1}, "catalog.admin.grace_range"),
                        ({"offered": [BIRTH, "9.999999"]}, "catalog.not_found")):
        with pytest.raises(ServiceError) as caught:
            cv.set_centre_catalog(db, admin, centre.id, **kwargs)
        assert caught.value.key == key
        db.rollback()
    db.refresh(centre)
    assert (centre.province_code, centre.draft_grace_days, centre.offered) == ("01", 30, [])
    saved = cv.set_centre_catalog(db, admin, centre.id, province_code="79", offered=[BIRTH], draft_grace_days=0)
    assert (saved.province_code, saved.draft_grace_days, saved.offered) == ("79", 0, [BIRTH])


def test_device_bundle_holds_every_summary_and_the_centres_definitions(db, admin):
    centre = Centre(code="C1", name="Centre", province_code="01", offered=[BIRTH])
    db.add(centre)
    db.commit()
    etag, raw = cv.device_bundle(db, centre)
    body = json.loads(raw)
    assert len(body["summaries"]) == len(cv.shipped().listed) and list(body["definitions"]) == [BIRTH]
    assert body["province_code"] == "01" and body["etags"][BIRTH] == cv.shipped().entry(BIRTH).etag
    cv.stage_import(db, admin, workbook(new_generic()), publish_now=True)
    etag2, raw2 = cv.device_bundle(db, centre)
    assert etag2 != etag and "1.777777" in {s["code"] for s in json.loads(raw2)["summaries"]}
    assert cv.device_bundle(db, centre)[0] == etag2  # stable while nothing changes
    # The centre's own import rides along (no static file holds it); shipped definitions that no
    # one offers stay out, so a first visit does not carry the whole catalog.
    assert list(json.loads(raw2)["definitions"]) == [BIRTH, "1.777777"]
    unnamed = json.loads(cv.device_bundle(db, None)[1])
    assert list(unnamed["definitions"]) == ["1.777777"] and len(unnamed["summaries"]) > 200



def test_command_line_stages_publishes_and_rolls_back_through_the_same_service(tmp_path):
    """`catalog import --stage|--publish` and `catalog rollback` on a migrated database, as an
    operator's script runs them (the migration itself is exercised here too)."""
    import subprocess
    import sys

    from tests.support.accounts import bootstrap
    from tests.support.servers import ROOT, base_env, migrate

    env = base_env(DATA_DIR=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}")
    migrate(env)
    bootstrap(env, demo=False)
    book = tmp_path / "moi.xlsx"
    book.write_bytes(workbook(new_generic()))

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "volunteer_app.cli", "catalog", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True)

    staged = cli("import", str(book), "--stage")
    assert staged.returncode == 0, staged.stderr
    assert "Thêm / added: 1.777777" in staged.stdout and "Phiên bản 1: chờ xuất bản" in staged.stdout
    published = cli("import", str(book), "--publish")
    assert published.returncode == 0 and "Phiên bản 2: đã xuất bản" in published.stdout
    engine = create_engine(env["DATABASE_URL"])
    with Session(engine) as db:
        assert "1.777777" in cv.current(db).catalog
        version = db.exec(select(CatalogVersion).where(CatalogVersion.number == 2)).one()
        admin = db.exec(select(User).where(User.username == "admin")).one()
        assert version.created_by == admin.id == version.published_by
    rolled = cli("rollback")
    assert rolled.returncode == 0 and "rolled back version 2" in rolled.stdout
    with Session(engine) as db:
        assert "1.777777" not in cv.current(db).catalog
    engine.dispose()
    bad = new_generic()
    bad["name"] = {"vi": "", "en": "x"}
    book.write_bytes(workbook(bad))
    refused = cli("import", str(book), "--publish")
    assert refused.returncode == 1 and "procedure, dòng 2, cột name::vi" in refused.stderr
