"""Imports point down the layers written in ARCHITECTURE.md (its ```layers block), never up.

Every module of the package is parsed (ast), every import counted: at module level, inside
functions, under `if TYPE_CHECKING:`; relative imports are resolved.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "reportgraph"
NOT_IN_PACKAGE = {"tests", "bench", "examples", "build", "dist", ".venv", ".ci", ".git"}


def layers() -> dict[str, int]:
    """Layer name -> floor (0 at the bottom), from ARCHITECTURE.md."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"```layers\n(.*?)```", text, re.DOTALL)
    lines = [line.split("#", 1)[0].split() for line in block.splitlines()]
    lines = [names for names in lines if names]
    return {name: floor for floor, names in enumerate(reversed(lines)) for name in names}


def modules() -> list[Path]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in NOT_IN_PACKAGE or any(p.endswith(".egg-info") for p in rel.parts):
            continue
        out.append(rel)
    return out


def layer_of_module(rel: Path) -> str:
    """`graph/store.py` -> graph, `errors.py` -> errors, `__init__.py` -> the package root."""
    if len(rel.parts) > 1:
        return rel.parts[0]
    return rel.stem


def dotted(rel: Path) -> list[str]:
    parts = [PACKAGE, *rel.with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def imported(rel: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import of the package in the module."""
    tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"), filename=str(rel))
    here = dotted(rel)
    is_package = rel.name == "__init__.py"
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_package else here[:-1]
                base = base[:len(base) - (node.level - 1)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.append((node.lineno, name))
            # `from reportgraph import graph` names the subpackage
            if name == PACKAGE:
                out += [(node.lineno, f"{PACKAGE}.{a.name}") for a in node.names
                        if (ROOT / a.name).is_dir() or (ROOT / f"{a.name}.py").exists()]
    return [(line, name) for line, name in out if name == PACKAGE or name.startswith(PACKAGE + ".")]


def layer_of_import(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None  # `import reportgraph`: the root, any layer may


def upward_imports() -> list[str]:
    order = layers()
    bad = []
    for rel in modules():
        mine = layer_of_module(rel)
        if mine == "__init__":  # the package's own __init__.py: the version, imports nothing
            continue
        for line, name in imported(rel):
            theirs = layer_of_import(name)
            if theirs is None or theirs == mine:
                continue
            if mine not in order or theirs not in order:
                bad.append(f"{rel}:{line}: {name} (layer not in ARCHITECTURE.md: "
                           f"{mine if mine not in order else theirs})")
            elif order[theirs] >= order[mine]:
                bad.append(f"{rel}:{line}: {mine} imports {name} ({theirs} is "
                           f"{'beside' if order[theirs] == order[mine] else 'above'} it)")
    return bad


def test_layers_imports_point_down() -> None:
    assert upward_imports() == []


def test_layers_every_layer_is_written_down() -> None:
    order = layers()
    folders = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()
               and p.name not in NOT_IN_PACKAGE}
    folders |= {p.parent.name for p in ROOT.glob("*/*.py") if p.parent.name not in NOT_IN_PACKAGE
                and not p.parent.name.startswith(".")}
    assert folders - set(order) == set()
    assert {"ontology", "extract", "graph", "queries", "publish", "cli", "serve"} <= set(order)
    assert order["ontology"] < order["extract"] == order["graph"] < order["queries"] < order["cli"]


def test_layers_checker_catches_an_upward_import(tmp_path) -> None:
    # the check itself: graph importing the extractor (even only for typing) is refused
    fake = tmp_path / "graph"
    fake.mkdir()
    (tmp_path / "ARCHITECTURE.md").write_text((ROOT / "ARCHITECTURE.md").read_text("utf-8"),
                                               encoding="utf-8")
    (fake / "__init__.py").write_text("", encoding="utf-8")
    (fake / "bad.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from reportgraph.extract.pipeline import ExtractedReport\n"
        "def f():\n    from ..queries import run_query\n", encoding="utf-8")
    globals()["ROOT"], old = tmp_path, ROOT
    try:
        found = upward_imports()
    finally:
        globals()["ROOT"] = old
    assert len(found) == 2 and all("graph/bad.py" in f for f in found)
    assert "beside" in found[0] and "above" in found[1]
