"""The layering a newcomer can hold: schemas <- store <- dashboard; only dashboard/app.py, views/ and ui/ import
streamlit, so everything else is tested without it; and no module imports another that imports it back."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("i18n", "schemas", "store", "dashboard")
MAY_IMPORT_STREAMLIT = ("dashboard/app.py", "dashboard/views/", "dashboard/ui/")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}


def imported(path: Path) -> set[str]:
    """Every module an import statement names, at the top or inside a function, type-checking imports included."""
    names = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names.add(base)
            names |= {f"{base}.{alias.name}" for alias in node.names}  # `from pkg import module`
    return names


def project_imports(path: Path) -> set[str]:
    return {name for name in imported(path) if name in MODULES and name != module_name(path)}


def test_only_the_app_views_and_ui_import_streamlit():
    offenders = sorted(
        str(path.relative_to(ROOT)) for path in MODULES.values()
        if any(n == "streamlit" or n.startswith("streamlit.") for n in imported(path))
        and not str(path.relative_to(ROOT)).startswith(MAY_IMPORT_STREAMLIT)
    )
    assert offenders == []


@pytest.mark.parametrize(("lower", "higher"), [("i18n", "schemas"), ("i18n", "store"), ("i18n", "dashboard"), ("schemas", "store"),
                                                  ("schemas", "dashboard"), ("store", "dashboard")])
def test_imports_run_one_way(lower, higher):
    upward = sorted(f"{name} -> {target}" for name, path in MODULES.items() if name.split(".")[0] == lower
                    for target in project_imports(path) if target.split(".")[0] == higher)
    assert upward == []


def test_no_import_cycle():
    graph = {name: project_imports(path) for name, path in MODULES.items()}
    # A package's __init__ re-exporting its modules is not a cycle with them: a module importing its own package is.
    graph = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in graph.items()}
    cycles, state = [], {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                cycles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []
