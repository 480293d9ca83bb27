"""Start-up tasks for the run command: check settings, load the catalog, create accounts.

    python -m volunteer_app.cli check-config
    python -m volunteer_app.cli bootstrap [--demo]
    python -m volunteer_app.cli catalog import <file.xlsx|file.zip|folder> [--dry-run] [--out DIR]
    python -m volunteer_app.cli catalog import <file.xlsx|file.zip|folder> --stage|--publish [--user NAME]
    python -m volunteer_app.cli catalog rollback [--user NAME]
    python -m volunteer_app.cli catalog export <file.xlsx|folder> [--code 1.001193 ...]
    python -m volunteer_app.cli catalog template <file.xlsx>
    python -m volunteer_app.cli blobs import-folder [--from DIR]
"""
from __future__ import annotations

import argparse
import sys

from sqlmodel import Session, select

DEMO_CENTRE = ("TTPVHCC-DEMO", "Trung tâm Phục vụ hành chính công (demo)")
DEMO_ACCOUNTS = (
    ("tnv.demo", "Phạm Minh Tâm", "volunteer", "tiepsuc-tnv-demo"),
    ("canbo.demo", "Cán bộ Một cửa Demo", "staff", "tiepsuc-canbo-demo"),
)


def check_config() -> int:
    from volunteer_app.core.config import SettingsError, load_settings

    from volunteer_app.portal.settings import load_portal_settings

    try:
        load_settings()
        load_portal_settings()
    except SettingsError as exc:
        print(f"Cấu hình không hợp lệ / invalid setting: {exc}", file=sys.stderr)
        return 2
    return 0


def load_catalog_or_fail() -> int:
    from volunteer_app.domain.catalog import load_catalog

    catalog = load_catalog()
    print(f"  Danh mục thủ tục / catalog: {len(catalog.procedures)} thủ tục, phiên bản {catalog.version}")
    return len(catalog.procedures)


def ensure_admin(db: Session) -> str | None:
    """Create the first admin with a one-time password; return it (printed once) or None."""
    from volunteer_app.core import security
    from volunteer_app.core.audit import record
    from volunteer_app.models import Role, User

    if db.exec(select(User).where(User.role == Role.admin)).first():
        return None
    password = security.generate_password()
    admin = User(username="admin", display_name="Quản trị viên", role=Role.admin,
                 password_hash=security.hash_password(password), must_change_password=True)
    db.add(admin)
    record(db, None, "system", "admin_created", origin="bootstrap")
    db.commit()
    return password


def seed_demo(db: Session) -> bool:
    from volunteer_app.core import security
    from volunteer_app.models import Centre, Role, User

    if db.exec(select(Centre).where(Centre.code == DEMO_CENTRE[0])).first():
        return False
    centre = Centre(code=DEMO_CENTRE[0], name=DEMO_CENTRE[1])
    db.add(centre)
    db.flush()
    for username, name, role, password in DEMO_ACCOUNTS:
        db.add(User(username=username, display_name=name, role=Role(role), centre_id=centre.id,
                    password_hash=security.hash_password(password)))
    db.commit()
    return True


def bootstrap(demo: bool) -> int:
    from volunteer_app.core.db import get_engine

    load_catalog_or_fail()
    with Session(get_engine()) as db:
        password = ensure_admin(db)
        if password:
            print("\n  Tài khoản quản trị / admin account created (shown only once):")
            print("    tên đăng nhập / username: admin")
            print(f"    mật khẩu dùng một lần / one-time password: {password}")
            print("    Đổi mật khẩu ở lần đăng nhập đầu tiên / change it at first sign-in.\n")
        if demo and seed_demo(db):
            print("  Trung tâm demo và tài khoản demo / demo centre and accounts:")
            for username, _, role, pw in DEMO_ACCOUNTS:
                print(f"    {role:9} {username} / {pw}")
    return 0


def catalog_to_database(args: argparse.Namespace) -> int:
    """Stage or publish a workbook (or roll back) in this install's database: the same service as
    the admin screen, recorded under ``--user`` (default: the first admin)."""
    from pathlib import Path

    from volunteer_app.core.db import get_engine
    from volunteer_app.models import Role, User
    from volunteer_app.services import catalog_versions
    from volunteer_app.services.actors import Actor
    from volunteer_app.services.errors import ServiceError

    with Session(get_engine()) as db:
        query = select(User).where(User.username == args.user) if args.user else \
            select(User).where(User.role == Role.admin).order_by(User.id)
        user = db.exec(query).first()
        actor = Actor(user=user, origin="cli")
        try:
            if args.action == "rollback":
                version = catalog_versions.rollback(db, actor)
                print(f"Đã quay lại, bỏ phiên bản {version.number} / rolled back version {version.number}")
                return 0
            path = Path(args.path)
            version = catalog_versions.stage_import(db, actor, path, path.name, publish_now=args.publish)
        except ServiceError as exc:
            for problem in exc.extra.get("problems", []):
                print(f"{problem['sheet']}, dòng {problem['row']}, cột {problem['column']}: "
                      f"{problem['vi']} / {problem['en']}", file=sys.stderr)
            from volunteer_app.i18n import texts

            print(texts(exc.key, **exc.params)["vi"], file=sys.stderr)
            return 1
        print(version.summary.get("text") or "Không có thay đổi / no change")
        state = "đã xuất bản / published" if version.status == "published" else "chờ xuất bản / staged"
        print(f"Phiên bản {version.number}: {state}")
    return 0


def catalog_command(args: argparse.Namespace) -> int:
    """Workbook authoring from the command line: into the database (--stage/--publish, rollback),
    or into a folder of procedure files (the shipped catalog by default)."""
    if args.action == "rollback" or (args.action == "import" and (args.stage or args.publish)):
        return catalog_to_database(args)
    import json
    from pathlib import Path

    from volunteer_app.domain.catalog import load_catalog
    from volunteer_app.domain.catalog.loader import DEFAULT_DIR
    from volunteer_app.domain.catalog.workbook import (
        diff, export_sheets, import_workbook, template_workbook, write_csv_folder, write_xlsx,
    )

    if args.action == "template":
        template_workbook(args.path)
        print(f"Đã ghi mẫu / template written: {args.path}")
        return 0
    catalog = load_catalog(args.out) if args.action == "import" and args.out else load_catalog()
    if args.action == "export":
        entries = [catalog.entry(c) for c in args.code] if args.code else list(catalog.entries.values())
        missing = [c for c, e in zip(args.code or [], entries) if e is None]
        if missing:
            print(f"Không có thủ tục / no such procedure: {', '.join(missing)}", file=sys.stderr)
            return 1
        sheets = export_sheets([e.source for e in entries])
        if args.path.lower().endswith(".xlsx"):
            write_xlsx(sheets, args.path)
        else:
            write_csv_folder(sheets, args.path)
        print(f"Đã xuất {len(entries)} thủ tục / exported {len(entries)} procedures: {args.path}")
        return 0
    result = import_workbook(Path(args.path))
    for problem in result.errors:
        print(problem, file=sys.stderr)
    if not result.ok:
        print(f"{len(result.errors)} lỗi, không nhập thủ tục nào / {len(result.errors)} errors, nothing imported",
              file=sys.stderr)
        return 1
    summary = diff({c: e.source for c, e in catalog.entries.items()}, result.procedures)
    print(summary["text"] or "Không có thay đổi / no change")
    if args.dry_run:
        return 0
    out = Path(args.out) if args.out else DEFAULT_DIR
    for code, definition in result.procedures.items():
        (out / f"{code}.json").write_text(json.dumps(definition, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"Đã ghi {len(result.procedures)} thủ tục / wrote {len(result.procedures)} procedures to {out}")
    return 0


def blobs_command(args) -> int:
    """Move the attachments of UPLOAD_DIR (or --from) into the database store."""
    import json
    from pathlib import Path

    from volunteer_app.core.config import get_settings
    from volunteer_app.core.db import get_engine
    from volunteer_app.services.blob_store import FolderStore, import_folder, make_store

    settings = get_settings()
    target = make_store(settings)
    if target.kind != "database":
        print("ATTACHMENT_STORE phải là database (hoặc auto với PostgreSQL) / ATTACHMENT_STORE must choose "
              "the database (or auto with PostgreSQL)", file=sys.stderr)
        return 2
    folder = FolderStore(Path(args.source).resolve() if args.source else settings.upload_dir)
    with Session(get_engine()) as db:
        counts = import_folder(db, folder, target)
    print(json.dumps({"event": "blobs_import_folder", **counts}))
    return 0 if counts["mismatch"] == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="volunteer_app.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check-config")
    boot = sub.add_parser("bootstrap")
    boot.add_argument("--demo", action="store_true", help="seed a demo centre with demo accounts")
    catalog = sub.add_parser("catalog", help="import, export or get the template of the procedure workbook")
    catalog.add_argument("action", choices=["import", "export", "template", "rollback"])
    catalog.add_argument("path", nargs="?", default="", help="workbook (.xlsx), .zip of CSVs or folder of CSVs")
    catalog.add_argument("--stage", action="store_true", help="import: a new version in the database, to publish")
    catalog.add_argument("--publish", action="store_true", help="import: a new version in the database, published")
    catalog.add_argument("--user", help="--stage/--publish/rollback: the admin recorded (default: the first)")
    catalog.add_argument("--dry-run", action="store_true", help="import: validate and show the changes only")
    catalog.add_argument("--out", help="import: folder of <code>.json to update (default: the shipped catalog)")
    catalog.add_argument("--code", action="append", help="export: only this procedure (repeatable)")
    blobs = sub.add_parser("blobs", help="attachment storage: move a folder's files into the database")
    blobs.add_argument("action", choices=["import-folder"])
    blobs.add_argument("--from", dest="source", help="folder to read (default: UPLOAD_DIR)")
    args = parser.parse_args(argv)
    if args.command == "blobs":
        return blobs_command(args)
    if args.command == "check-config":
        return check_config()
    if args.command == "catalog":
        if args.action != "rollback" and not args.path:
            parser.error("catalog import/export/template: the path is required")
        return catalog_command(args)
    return bootstrap(args.demo)


if __name__ == "__main__":
    sys.exit(main())
