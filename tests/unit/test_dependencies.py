"""pyproject.toml declares what mlpm imports, and nothing it does not (issue 19).

The imports are read from the source (every ``import``, also inside functions), mapped to the
installed distributions that provide them (``importlib.metadata.packages_distributions``), and
compared with ``[project.dependencies]`` (mlpm/, app.py, pages/) and the ``test`` extra (tests/).
An undeclared import works on a developer's machine only by luck (another package pulled it in);
a declared package nothing imports is a download every install pays for.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_SOURCES = ("mlpm", "app.py", "pages")

# Declared yet never imported by name: each is loaded by another package at run time.
NOT_IMPORTED_BY_NAME = {
    "psycopg": "SQLAlchemy loads it for postgresql+psycopg:// URLs (run store, scale sources)",
    "httptools": "uvicorn uses its C HTTP parser when it is installed (`mlpm serve`)",
}
TEST_TOOLS = {
    "pytest-xdist": "scripts/test runs pytest -n 2",
    "ruff": "scripts/test lints first",
    "mypy": "tests/unit/test_types.py runs it (the ratchet)",
    "pandas-stubs": "the pandas types mypy checks mlpm against",
}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return _norm(re.match(r"[A-Za-z0-9._-]+", requirement).group(0))


@cache
def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _declared(extra: str | None = None) -> set[str]:
    project = _project()
    requirements = project["optional-dependencies"][extra] if extra else project["dependencies"]
    return {_requirement_name(r) for r in requirements}


def _python_files(sources: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for source in sources:
        path = ROOT / source
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def top_level_imports(files: list[Path]) -> dict[str, Path]:
    """Absolute import names (first component) -> one file importing it, stdlib left out.

    ``pytest.importorskip("x")`` counts as an import of ``x``.
    """
    found: dict[str, Path] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "importorskip" and node.args
                  and isinstance(node.args[0], ast.Constant)):
                names = [node.args[0].value]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "__future__":
                    found.setdefault(top, path)
    return found


@cache
def _providers() -> dict[str, list[str]]:
    return dict(packages_distributions())


def undeclared(imports: dict[str, Path], declared: set[str], local: set[str]) -> list[str]:
    """One line per imported name that no declared distribution provides."""
    providers = _providers()
    problems = []
    for name, path in sorted(imports.items()):
        if name in local:
            continue
        dists = {_norm(d) for d in providers.get(name, [])}
        if not dists:
            problems.append(f"{name} (imported in {path.relative_to(ROOT)}) is not installed")
        elif not dists & declared:
            problems.append(f"{name} (imported in {path.relative_to(ROOT)}) comes from "
                            f"{', '.join(sorted(dists))}, which pyproject.toml does not declare")
    return problems


def _imported_distributions(imports: dict[str, Path]) -> set[str]:
    providers = _providers()
    return {_norm(d) for name in imports for d in providers.get(name, [])}


def _test_local_names() -> set[str]:
    """Modules that live in tests/ itself (fixtures, pg_server, ...), found via pythonpath."""
    tests = ROOT / "tests"
    return {p.stem for p in tests.rglob("*.py")} | {p.name for p in tests.rglob("*") if p.is_dir()}


def test_every_app_import_is_a_declared_dependency():
    imports = top_level_imports(_python_files(APP_SOURCES))
    assert "sklearn" in imports  # the walk sees the code
    assert undeclared(imports, _declared(), {"mlpm"}) == []


def test_every_test_import_is_declared_for_tests():
    imports = top_level_imports(_python_files(("tests",)))
    declared = _declared() | _declared("test")
    assert undeclared(imports, declared, {"mlpm"} | _test_local_names()) == []


def test_nothing_declared_that_nothing_imports():
    used = _imported_distributions(top_level_imports(_python_files(APP_SOURCES)))
    unused = _declared() - used - set(NOT_IMPORTED_BY_NAME)
    assert unused == set(), f"declared in [project.dependencies] but never imported: {unused}"
    test_used = _imported_distributions(top_level_imports(_python_files(("tests",))))
    unused_test = _declared("test") - test_used - set(TEST_TOOLS)
    assert unused_test == set(), f"declared in the test extra but never imported: {unused_test}"


def test_an_undeclared_import_is_caught():
    """The check itself: scipy imported by a file while the declarations lack it."""
    imports = {"scipy": ROOT / "mlpm" / "drift.py"}
    assert len(undeclared(imports, {"numpy"}, set())) == 1
    assert undeclared(imports, {"scipy"}, set()) == []
