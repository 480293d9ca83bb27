"""Load and validate every procedure file; content-hash ETags for caching."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from .checks import cross_check
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


def parse_procedure(raw: bytes | str, file: str) -> Procedure:
    """Validate one file's content; raise CatalogError naming file and path."""
    try:
        proc = Procedure.model_validate_json(raw)
    except ValidationError as exc:
        raise CatalogError(file, [(format_loc(e["loc"]), e["msg"]) for e in exc.errors()]) from None
    problems = cross_check(proc)
    if file != f"{proc.code}.json":
        problems.append(("code", f"file must be named {proc.code}.json"))
    if problems:
        raise CatalogError(file, problems)
    return proc


@dataclass(frozen=True)
class Entry:
    procedure: Procedure
    data: dict  # JSON-ready definition (what the API serves)
    etag: str
    summary: ProcedureSummary


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
        return [e.procedure for e in self.entries.values()]

    def summaries(self) -> list[ProcedureSummary]:
        return [e.summary for e in self.entries.values()]

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
        proc = parse_procedure(path.read_bytes(), path.name)
        data = proc.model_dump(mode="json", exclude_none=True)
        etag = hashlib.sha256(canonical_json(data)).hexdigest()[:16]
        catalog.entries[proc.code] = Entry(proc, data, etag, summarize(proc))
    return catalog
