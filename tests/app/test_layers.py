"""The server's layer rule (docs/architecture.md, "Server layers"), read from the source with ast:
which package of volunteer_app may import which, what the pure domain may not import at all, and
no import circle among the modules."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.servers import ROOT

PACKAGE = ROOT / "volunteer_app"
CORE = {"core", "models", "i18n", "domain"}
# Package (first part under volunteer_app) -> the packages it may import; its own always.
ALLOWED = {
    "domain": set(),
    "i18n": set(),
    "core": CORE,
    "models": CORE,
    "services": CORE,
    "api": CORE | {"services"},
    "pages": CORE | {"services", "components"},
    "components": CORE | {"services"},
    "portal": CORE | {"services"},
    "web": CORE | {"services"},
}
# Composition roots assemble the front doors, so they may import anything.
ROOTS = {"volunteer_app", "volunteer_app.volunteer_app", "volunteer_app.serve", "volunteer_app.cli",
         "volunteer_app.housekeeping"}
# The one front door that mounts another's route: the API app includes the portal's callback router.
MOUNTS = {("volunteer_app.api.main", "volunteer_app.portal.callback")}
FRAMEWORKS = ("reflex", "fastapi", "starlette")
DATABASE = ("sqlmodel", "sqlalchemy", "psycopg", "alembic", "volunteer_app.core.db", "volunteer_app.models")
NEVER = {  # what a package may never import, whatever its row in ALLOWED says
    "domain": FRAMEWORKS + DATABASE,
    "services": FRAMEWORKS,
    "core": ("reflex",),
    "models": FRAMEWORKS,
}


def module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name, is_package = module_name(path)
        found[name] = (path, is_package)
    return found


MODULES = modules()


def imports_of(name: str) -> set[str]:
    """Every module ``name`` imports (absolute names), at any depth of the file (lazy imports too)."""
    path, is_package = MODULES[name]
    here = name.split(".") if is_package else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[:len(here) - node.level + 1] + ([base] if base else []))
            submodules = {f"{base}.{alias.name}" for alias in node.names} & MODULES.keys()
            found.update(submodules)
            if len(submodules) < len(node.names):  # some names come from the module ``base`` itself
                found.add(base)
    return found


GRAPH = {name: imports_of(name) for name in MODULES}


def package_of(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def ours(target: str) -> bool:
    return target == "volunteer_app" or target.startswith("volunteer_app.")


def test_the_graph_sees_the_known_edges():
    """A guard on the reader itself: it must find relative, lazy and aliased imports."""
    assert "volunteer_app.domain.lifecycle" in GRAPH["volunteer_app.services.transition"]
    assert "volunteer_app.services.transition" in GRAPH["volunteer_app.services.review"]  # from . import
    assert "volunteer_app.pages.online.base" in GRAPH["volunteer_app.pages.online.staff"]  # from .base import
    assert "volunteer_app.services.blob_store" in GRAPH["volunteer_app.portal.bridge"]
    assert len(MODULES) > 80


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n not in ROOTS))
def test_each_module_imports_only_what_its_layer_may(name):
    package = package_of(name)
    assert package in ALLOWED, f"{name}: a new top-level package needs its row in ALLOWED and the docs"
    may = ALLOWED[package] | {package}
    wrong = sorted(t for t in GRAPH[name] if ours(t) and t != "volunteer_app" and package_of(t) not in may
                   and (name, t) not in MOUNTS)
    assert wrong == [], f"{name} ({package}) may import only {sorted(may)}; it imports {wrong}"
    banned = NEVER.get(package, ())
    bad = sorted(t for t in GRAPH[name] if any(t == b or t.startswith(b + ".") for b in banned))
    assert bad == [], f"{name} ({package}) must not import {bad}"


def test_no_import_circles_among_the_modules():
    cycles = strongly_connected({n: {t for t in GRAPH[n] if t in MODULES and t != n} for n in MODULES})
    assert [sorted(c) for c in cycles if len(c) > 1] == []


def test_only_the_transition_service_moves_a_dossier():
    """One owner of the lifecycle's writes: nothing else assigns a state or a closing time."""
    writers = set()
    for name, (path, _) in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
                if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Attribute) and leaf.attr in ("state", "closed_at"):
                        writers.add(name)
    assert writers == {"volunteer_app.services.transition"}


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (the graph is small, but recursion limits are not ours to test)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    out.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return out
