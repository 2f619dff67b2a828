"""The layout's rules, checked on the source (issue 19): no import cycle, compute never words.

"Compute" packages return facts; ``mlpm/explain`` writes the sentences, and the front ends
(``present``, ``charts``, ``ui``, ``cli``, pages) put them together. An import in the wrong
direction, even one inside a function, is how a sentence creeps back into a result, so both
rules read every import statement, top-level or not.
"""

from __future__ import annotations

import ast
from pathlib import Path

from radon.complexity import cc_rank, cc_visit

MLPM = Path(__file__).resolve().parents[2] / "mlpm"
COMPUTE = ("data", "decide", "model", "evaluate", "lifecycle", "project", "scale", "errors",
           "progress")
WORDS = ("explain", "charts", "present", "ui", "cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(MLPM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(source: str, name: str, package: str, modules: set[str]) -> set[str]:
    """The mlpm modules a module imports (``from a import b`` counts ``a.b`` when it is one)."""
    found: set[str] = set()
    tree = ast.parse(source)
    for block in ast.walk(tree):  # imports for type hints only never run: not dependencies
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {m for m in found if m in modules and m != name}


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in MLPM.rglob("*.py")}
    return {name: _imports(path.read_text(), name,
                           name if path.name == "__init__.py" else name.rpartition(".")[0],
                           set(paths))
            for name, path in paths.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle() -> None:
    assert _cycles(_graph()) == []


def test_compute_never_imports_the_words_layers() -> None:
    wrong = sorted(
        f"{name} imports {target}"
        for name, targets in _graph().items()
        if name.partition(".")[2].split(".")[0] in COMPUTE
        for target in targets
        if target.partition(".")[2].split(".")[0] in WORDS)
    assert wrong == []


def test_the_checks_see_a_cycle_and_an_import_inside_a_function() -> None:
    """The rules above on made-up modules: they can fail."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    modules = {"mlpm.explain", "mlpm.explain.safe", "mlpm.data", "mlpm.data.kinds"}
    source = ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import mlpm.data\n"
              "def f():\n    from mlpm.explain import safe\n    from . import kinds\n")
    assert _imports(source, "mlpm.data.x", "mlpm.data", modules) == {
        "mlpm.explain.safe", "mlpm.data.kinds"}


def _complex_functions() -> list[str]:
    """Functions radon rates D or worse without a ``# radon: …`` line saying why."""
    found = []
    for path in sorted([*MLPM.rglob("*.py"), *(MLPM.parent / "pages").glob("*.py")]):
        source = path.read_text()
        lines = source.splitlines()
        blocks = cc_visit(source)
        for block in [*blocks, *(m for b in blocks for m in getattr(b, "methods", []))]:
            if hasattr(block, "methods") or cc_rank(block.complexity) not in "DEF":
                continue
            above = lines[max(0, block.lineno - 4):block.lineno - 1]
            if not any("# radon:" in line for line in above):
                found.append(f"{path.relative_to(MLPM.parent)}:{block.lineno} {block.name} "
                             f"{cc_rank(block.complexity)} ({block.complexity})")
    return found


def test_no_function_too_complex_to_read_without_a_reason() -> None:
    """Radon's D or worse (more than 20 paths through one function): split it, or say why not
    in a ``# radon: …`` comment just above it."""
    assert _complex_functions() == []
