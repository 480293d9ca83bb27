"""Load and validate every procedure file; expand generic procedures; content-hash ETags."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from .checks import cross_check
from .generic import expand_generic
from .schema import Procedure
from .summary import ProcedureSummary, summarize

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "catalog" / "procedures"


class CatalogError(ValueError):
    """A procedure file is invalid; every line names the file and the JSON path."""

    def __init__(self, file: str, problems: list[tuple[str, str]]):
        self.file = file
        self.problems = problems
        super().__init__("\n".join(f"{file}: {path}: {msg}" for path, msg in problems))


def format_loc(loc: Iterable[object]) -> str:
    """('steps', 2, 'fields', 0, 'type') -> 'steps[2].fields[0].type'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(root)"


def canonical_json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _problems(exc: ValidationError) -> list[tuple[str, str]]:
    return [(format_loc(e["loc"]), e["msg"]) for e in exc.errors()]


def check_definition(raw: bytes | str | dict) -> tuple[Procedure | None, dict | None, list[tuple[str, str]]]:
    """Validate one authored definition: (expanded procedure, canonical source, problems).

    The source is the definition as written (what the workbook exports); the procedure is what
    the wizard runs: a generic procedure comes back expanded into steps (``generic.py``).
    Problems are ``(json path of the source, message)``; with any, the procedure is None.
    """
    try:
        if isinstance(raw, dict):
            src = Procedure.model_validate(raw)
        else:
            src = Procedure.model_validate_json(raw)
    except ValidationError as exc:
        return None, None, _problems(exc)
    source = src.model_dump(mode="json", exclude_none=True)
    proc = src
    if src.kind == "generic":
        for key in ("steps", "rules", "computed"):  # always empty: the form is built, not written
            source.pop(key)
        try:
            proc = Procedure.model_validate(expand_generic(source), context={"expanded": True})
        except ValidationError as exc:  # a listed document the standard form cannot take
            return None, source, _problems(exc)
    problems = cross_check(proc)
    if src.kind == "generic":
        problems = _generic_paths(problems, proc, source)
    return (None if problems else proc), source, problems


def _generic_paths(problems: list[tuple[str, str]], proc: Procedure, source: dict) -> list[tuple[str, str]]:
    """Point problems of an expanded generic procedure at what its author wrote."""
    written = {d["id"]: i for i, d in enumerate(source.get("documents") or [])}
    out: list[tuple[str, str]] = []
    for path, message in problems:
        head = path.split(".")[0]
        if head.startswith("documents["):
            doc_id = proc.documents[int(head[len("documents["):-1])].id
            path = f"documents[{written[doc_id]}]" + path[len(head):] if doc_id in written else "documents"
        elif head.startswith("steps"):
            if any(m == message for _, m in problems if not _.startswith("steps")):
                continue  # the generated upload slot repeats its document's problem
            path = "documents"
        if (path, message) not in out:
            out.append((path, message))
    return out


def parse_procedure(raw: bytes | str, file: str) -> Procedure:
    """Validate one file's content; raise CatalogError naming file and path."""
    return parse_entry(raw, file).procedure


def parse_entry(raw: bytes | str | dict, file: str) -> "Entry":
    proc, source, problems = check_definition(raw)
    code = (source or {}).get("code")
    if code and file != f"{code}.json":
        problems = [*problems, ("code", f"file must be named {code}.json")]
    if problems or proc is None:
        raise CatalogError(file, problems)
    return make_entry(proc, source)


def make_entry(proc: Procedure, source: dict) -> "Entry":
    data = proc.model_dump(mode="json", exclude_none=True)
    etag = hashlib.sha256(canonical_json(data)).hexdigest()[:16]
    return Entry(proc, data, etag, summarize(proc), source)


@dataclass(frozen=True)
class Entry:
    procedure: Procedure  # expanded: what the wizard, the server and staff use
    data: dict  # JSON-ready expanded definition (what the API serves)
    etag: str
    summary: ProcedureSummary
    source: dict  # the definition as authored (what the workbook exports), canonical JSON

    @property
    def withdrawn(self) -> bool:
        return self.procedure.withdrawn


@dataclass
class Catalog:
    entries: dict[str, Entry] = field(default_factory=dict)

    def __contains__(self, code: str) -> bool:
        return code in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, code: str) -> Procedure | None:
        entry = self.entries.get(code)
        return entry.procedure if entry else None

    def entry(self, code: str) -> Entry | None:
        return self.entries.get(code)

    @property
    def procedures(self) -> list[Procedure]:
        """Every procedure, withdrawn ones too (their drafts and dossiers keep working)."""
        return [e.procedure for e in self.entries.values()]

    @property
    def listed(self) -> list[Procedure]:
        """What search and the catalog list show: the procedures not withdrawn."""
        return [e.procedure for e in self.entries.values() if not e.withdrawn]

    def summaries(self) -> list[ProcedureSummary]:
        return [e.summary for e in self.entries.values() if not e.withdrawn]

    @property
    def version(self) -> str:
        """Whole-catalog content version: changes when any procedure changes."""
        digest = hashlib.sha256()
        for code, entry in sorted(self.entries.items()):
            digest.update(f"{code}={entry.etag};".encode())
        return digest.hexdigest()[:16]


def load_catalog(dir: str | Path | None = None) -> Catalog:
    """Load every `<code>.json` under dir (default: the shipped catalogue)."""
    directory = Path(dir) if dir is not None else DEFAULT_DIR
    catalog = Catalog()
    for path in sorted(directory.glob("*.json")):
        entry = parse_entry(path.read_bytes(), path.name)
        catalog.entries[entry.procedure.code] = entry
    return catalog
