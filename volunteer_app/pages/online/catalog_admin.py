"""The catalog section of /quan-tri: upload a workbook (every problem listed by sheet, row and
column, nothing published), preview the procedures a version changes as the wizard will ask them,
publish, roll back. All of it through ``services.catalog_versions``."""
from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from volunteer_app.components.online import BUTTON, heading, th
from volunteer_app.domain.catalog.summary import format_money
from volunteer_app.i18n import vi_en
from volunteer_app.services import catalog_versions as svc
from volunteer_app.services.errors import ServiceError

from .base import OnlineState, run_and_reload, signed_in, vn_datetime

UPLOAD_ID = "catalog-workbook"
TEMPLATE_URL = "/api/v1/admin/catalog/template.xlsx"
EXPORT_URL = "/api/v1/admin/catalog/export.xlsx"
MAX_WORKBOOK_BYTES = 20 * 1024 * 1024


def _status(status: str) -> str:
    return vi_en(f"catalog.admin.status.{status}")


def _fee_lines(definition: dict) -> list[str]:
    lines = []
    for rate in (definition.get("fees") or {}).get("rates") or []:
        label = (rate.get("label") or {}).get("vi") or vi_en("catalog.admin.fee")
        where = "" if rate.get("province", "*") == "*" else f" · tỉnh {rate['province']}"
        channel = "" if rate.get("channel", "*") == "*" else f" · {rate['channel']}"
        amount = format_money(int(rate.get("amount") or 0)) if rate.get("amount") else vi_en("catalog.fee.free")
        lines.append(f"{label}{where}{channel}: {amount}")
    return lines


@dataclass
class PreviewItem:
    code: str = ""
    name: str = ""
    tag: str = ""
    steps: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    fees: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)


def _preview_item(item: dict) -> PreviewItem:
    definition = item.get("definition") or {}
    steps = []
    for step in definition.get("steps") or []:
        title = (step.get("title") or {}).get("vi") or step.get("id", "")
        fields = ", ".join((f.get("label") or {}).get("vi") or f["id"] for f in step.get("fields") or [])
        steps.append(f"{title}: {fields}")
    documents = [(d.get("name") or {}).get("vi") or d["id"] for d in definition.get("documents") or []]
    changes = item.get("changes") or {}
    changed = [*(f"+ {p}" for p in changes.get("fields_added") or []),
               *(f"− {p}" for p in changes.get("fields_removed") or []),
               *(f"~ {p}" for p in changes.get("fields_changed") or [])]
    if changes.get("fees_changed"):
        changed.append(vi_en("catalog.admin.fees_changed"))
    return PreviewItem(code=item["code"], name=(definition.get("name") or {}).get("vi", ""),
                       tag=vi_en("catalog.admin.added") if item.get("added") else vi_en("catalog.admin.changed"),
                       steps=steps, documents=documents, fees=_fee_lines(definition), changes=changed)


@dataclass
class ConflictItem:
    """A shipped procedure the centre edited that an app upgrade changed: both, side by side."""

    code: str = ""
    name: str = ""
    centre: PreviewItem = field(default_factory=PreviewItem)
    shipped: PreviewItem = field(default_factory=PreviewItem)


def _conflict_item(conflict: svc.Conflict) -> ConflictItem:
    from volunteer_app.domain.catalog import check_definition

    def shown(source: dict) -> PreviewItem:
        proc, _, _ = check_definition(source)
        data = proc.model_dump(mode="json", exclude_none=True) if proc else source
        return _preview_item({"code": conflict.code, "definition": data})

    return ConflictItem(code=conflict.code, name=(conflict.centre.get("name") or {}).get("vi", ""),
                        centre=shown(conflict.centre), shipped=shown(conflict.shipped))


class CatalogAdminState(OnlineState):
    current: str = ""
    conflicts: list[ConflictItem] = []
    versions: list[dict[str, str]] = []
    problems: list[dict[str, str]] = []
    error: str = ""
    notice: str = ""
    preview_number: str = ""
    preview_id: str = ""
    preview_items: list[PreviewItem] = []
    staged: bool = False

    def _reload(self, db) -> None:
        now = svc.current(db)
        self.current = vi_en("catalog.admin.current", number=now.number, count=len(now.catalog.listed))
        self.conflicts = [_conflict_item(c) for c in now.conflicts]
        self.versions = [{"id": str(v.id), "number": str(v.number), "status": v.status,
                          "status_text": _status(v.status), "name": v.source_name,
                          "when": vn_datetime(v.published_at or v.created_at),
                          "summary": (v.summary or {}).get("text", "")} for v in svc.list_versions(db, 20)]

    def _show(self, db, version_id: int) -> None:
        version = svc.get_version(db, version_id)
        self.preview_id, self.preview_number = str(version.id), str(version.number)
        self.staged = version.status == "staged"
        self.preview_items = [_preview_item(i) for i in svc.preview(db, version.id)]

    @signed_in("admin")
    def _run(self, db, actor, fn):
        def listed(exc: ServiceError) -> None:
            self.problems = [{k: str(v) for k, v in p.items()} for p in exc.extra.get("problems", [])]
        run_and_reload(self, db, actor, fn, listed)

    @rx.event
    def load(self):
        self.problems, self.notice = [], ""
        return self._run(lambda db, actor: None)

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        self.problems, self.notice, self.preview_items, self.preview_id = [], "", [], ""
        if not files:
            self.error = vi_en("catalog.admin.choose_file")
            return None
        file = files[0]
        data = await file.read()
        name = (getattr(file, "name", None) or getattr(file, "filename", None) or "workbook")[:200]
        if len(data) > MAX_WORKBOOK_BYTES:
            self.error = vi_en("catalog.admin.too_large")
            return None

        def go(db, actor):
            version = svc.stage_import(db, actor, data, name)
            self.notice = vi_en("catalog.admin.staged", number=version.number)
            self._show(db, version.id)
        return self._run(go)

    @rx.event
    def show(self, version_id: str):
        return self._run(lambda db, actor: self._show(db, int(version_id)))

    @rx.event
    def publish(self):
        version_id = int(self.preview_id or 0)

        def go(db, actor):
            version = svc.publish(db, actor, version_id)
            self.notice = vi_en("catalog.admin.published", number=version.number)
            self._show(db, version.id)
        return self._run(go)

    @rx.event
    def discard(self):
        version_id = int(self.preview_id or 0)

        def go(db, actor):
            version = svc.discard(db, actor, version_id)
            self.notice = vi_en("catalog.admin.discarded", number=version.number)
            self.preview_items, self.preview_id = [], ""
        return self._run(go)

    @rx.event
    def resolve(self, code: str, keep: str):
        def go(db, actor):
            version = svc.resolve(db, actor, code, "shipped" if keep == "shipped" else "centre")
            self.notice = vi_en("catalog.admin.published", number=version.number)
            self.preview_items, self.preview_id = [], ""
        return self._run(go)

    @rx.event
    def rollback(self):
        def go(db, actor):
            version = svc.rollback(db, actor)
            self.notice = vi_en("catalog.admin.rolled_back", number=version.number)
            self.preview_items, self.preview_id = [], ""
        return self._run(go)


def _problem_row(p) -> rx.Component:
    return rx.el.tr(rx.el.td(p["sheet"]), rx.el.td(p["row"]), rx.el.td(p["column"]),
                    rx.el.td(p["vi"], rx.el.br(), rx.el.span(p["en"], lang="en", color="#555", font_size="0.875em")),
                    class_name="problem-row")


def _lines(items, testid: str) -> rx.Component:
    return rx.el.ul(rx.foreach(items, lambda line: rx.el.li(line)), data_testid=testid)


def _preview_card(item: PreviewItem) -> rx.Component:
    return rx.box(
        rx.el.h4(item.code, " · ", item.name, " ", rx.badge(item.tag)),
        rx.cond(item.changes.length() > 0, rx.box(rx.text(vi_en("catalog.admin.changes"), weight="bold"),
                                                   _lines(item.changes, "preview-changes"))),
        rx.text(vi_en("catalog.admin.steps"), weight="bold"), _lines(item.steps, "preview-steps"),
        rx.text(vi_en("catalog.admin.documents"), weight="bold"), _lines(item.documents, "preview-documents"),
        rx.text(vi_en("catalog.admin.fees"), weight="bold"), _lines(item.fees, "preview-fees"),
        class_name="preview-card", data_code=item.code, padding="0.75rem", border="1px solid #d0d5dd",
        border_radius="8px", margin_y="0.5rem",
    )


def _side(title_key: str, item: PreviewItem, testid: str) -> rx.Component:
    return rx.box(
        rx.el.h4(vi_en(title_key)),
        rx.text(vi_en("catalog.admin.steps"), weight="bold"), _lines(item.steps, "preview-steps"),
        rx.text(vi_en("catalog.admin.documents"), weight="bold"), _lines(item.documents, "preview-documents"),
        rx.text(vi_en("catalog.admin.fees"), weight="bold"), _lines(item.fees, "preview-fees"),
        flex="1", min_width="16rem", data_testid=testid)


def _conflict_card(c: ConflictItem) -> rx.Component:
    return rx.box(
        rx.el.h3(c.code, " · ", c.name),
        rx.text(vi_en("catalog.admin.conflict_explain")),
        rx.flex(_side("catalog.admin.conflict_centre", c.centre, "conflict-centre"),
                _side("catalog.admin.conflict_shipped", c.shipped, "conflict-shipped"), gap="1rem", wrap="wrap"),
        rx.hstack(
            rx.button(vi_en("catalog.admin.keep_centre"), on_click=CatalogAdminState.resolve(c.code, "centre"),
                      **BUTTON),
            rx.button(vi_en("catalog.admin.take_shipped"), variant="outline",
                      on_click=CatalogAdminState.resolve(c.code, "shipped"), **BUTTON)),
        class_name="conflict-card", data_code=c.code, padding="0.75rem", border="1px solid #f79009",
        border_radius="8px", margin_y="0.5rem", role="group", aria_label=c.code,
    )


def _version_row(v) -> rx.Component:
    return rx.el.tr(
        rx.el.td(v["number"]), rx.el.td(v["status_text"]), rx.el.td(v["when"]), rx.el.td(v["name"]),
        rx.el.td(rx.el.pre(v["summary"], white_space="pre-wrap", margin="0", font_size="0.85em")),
        rx.el.td(rx.button(vi_en("catalog.admin.preview"), variant="soft", on_click=CatalogAdminState.show(v["id"]),
                           **BUTTON)),
        class_name="version-row", data_number=v["number"], data_status=v["status"],
    )


def catalog_section() -> rx.Component:
    s = CatalogAdminState
    return rx.el.section(
        heading("catalog.admin.title", level="h2", size="5"),
        rx.text(s.current, data_testid="catalog-current"),
        rx.cond(s.conflicts.length() > 0, rx.box(
            rx.callout(vi_en("catalog.admin.conflicts"), color_scheme="orange", role="status"),
            rx.foreach(s.conflicts, _conflict_card), data_testid="catalog-conflicts")),
        rx.hstack(
            rx.link(vi_en("catalog.admin.template"), href=TEMPLATE_URL, download="mau-thu-tuc.xlsx"),
            rx.link(vi_en("catalog.admin.export"), href=EXPORT_URL, download="thu-tuc.xlsx"),
            spacing="4", margin_y="0.5rem"),
        # Inside a <label>: the dropzone's file input (which rx.upload gives no props) takes the
        # visible text as its name, for screen readers and scripts alike.
        rx.el.label(rx.upload(
            rx.vstack(rx.text(vi_en("catalog.admin.drop")),
                      rx.foreach(rx.selected_files(UPLOAD_ID), lambda f: rx.text(f, data_testid="chosen-file"))),
            id=UPLOAD_ID, max_files=1, multiple=False, border="1px dashed #98a2b3", padding="1rem",
            accept={"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
                    "application/zip": [".zip"]},
        ), display="block"),
        rx.button(vi_en("catalog.admin.upload"), on_click=s.upload(rx.upload_files(upload_id=UPLOAD_ID)),
                  margin_top="0.5rem", **BUTTON),
        rx.cond(s.error != "", rx.callout(s.error, color_scheme="red", role="alert", data_testid="catalog-error",
                                          margin_top="0.5rem")),
        rx.cond(s.notice != "", rx.callout(s.notice, color_scheme="green", role="status",
                                           data_testid="catalog-notice", margin_top="0.5rem")),
        rx.cond(s.problems.length() > 0, rx.box(rx.el.table(
            rx.el.caption(vi_en("catalog.admin.problems")),
            rx.el.thead(rx.el.tr(th("catalog.admin.sheet"), th("catalog.admin.row"), th("catalog.admin.column"),
                                 th("catalog.admin.problem"))),
            rx.el.tbody(rx.foreach(s.problems, _problem_row)),
            class_name="online-table", data_testid="import-problems"), class_name="table-scroll", tab_index=0,
            role="region", aria_label=vi_en("catalog.admin.problems"))),
        rx.cond(s.preview_id != "", rx.box(
            rx.el.h3(vi_en("catalog.admin.preview_of"), " ", s.preview_number),
            rx.foreach(s.preview_items, _preview_card),
            rx.cond(s.staged, rx.hstack(
                rx.button(vi_en("catalog.admin.publish"), on_click=s.publish, color_scheme="green", **BUTTON),
                rx.button(vi_en("catalog.admin.discard"), on_click=s.discard, variant="outline", **BUTTON))),
            data_testid="catalog-preview", margin_y="0.75rem")),
        rx.el.h3(vi_en("catalog.admin.versions"), margin_top="1rem"),
        rx.box(rx.el.table(
            rx.el.thead(rx.el.tr(th("catalog.admin.number"), th("staff.admin.status"), th("catalog.admin.when"),
                                 th("catalog.admin.file"), th("catalog.admin.summary"), th("staff.admin.actions"))),
            rx.el.tbody(rx.foreach(s.versions, _version_row)),
            class_name="online-table", data_testid="versions-table"), class_name="table-scroll", tab_index=0,
            role="region", aria_label=vi_en("catalog.admin.versions")),
        rx.button(vi_en("catalog.admin.rollback"), on_click=s.rollback, variant="outline", color_scheme="red",
                  margin_top="0.5rem", **BUTTON),
        margin_top="1.5rem",
    )
