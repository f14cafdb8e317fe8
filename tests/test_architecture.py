"""The layout holds: which package may import which, where SQL lives, the shape of a domain.

Read from the source with `ast`, so that a rule broken anywhere fails here, whatever the tests cover.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVICE = ROOT / "service"
DOMAINS = sorted(p.name for p in SERVICE.iterdir() if (p / "queries.py").exists())
DOMAIN_FILES = ("routes.py", "queries.py", "service.py", "schemas.py")
# What one domain may use of another: its rules and writes, its SQL, its data shapes.
PUBLIC_MODULES = {"service", "queries", "schemas"}
STATEMENTS = {"select", "update", "delete"}
MAX_TOP_LEVEL_MODULES = 12


def modules(folder: Path) -> Iterator[Path]:
    yield from (p for p in folder.rglob("*.py") if "migrations" not in p.parts)


def imported(path: Path) -> Iterator[tuple[str, str | None]]:
    """(module, name) for every import of a file; name is None for `import module`."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield from ((node.module, alias.name) for alias in node.names)


def targets(path: Path) -> set[str]:
    """Every module a file imports, with `from a import b` counted as `a.b` too."""
    out = set()
    for module, name in imported(path):
        out.add(module)
        if name is not None:
            out.add(f"{module}.{name}")
    return out


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("package", ["matching", "geo"])
def test_the_engine_stays_pure(package):
    """matching/ and geo/ are plain functions over plain data: no service, database or web."""
    forbidden = ("service", "seeds", "tools", "sqlmodel", "sqlalchemy", "fastapi", "starlette")
    found = [
        f"{relative(p)} imports {m}"
        for p in modules(ROOT / package)
        for m in targets(p)
        if m.split(".")[0] in forbidden
    ]
    assert found == []


def test_the_service_never_imports_seeds_or_tools():
    found = [
        f"{relative(p)} imports {m}"
        for p in modules(SERVICE)
        for m in targets(p)
        if m.split(".")[0] in ("seeds", "tools")
    ]
    assert found == []


def test_sql_statements_live_in_queries_modules():
    found = []
    for path in modules(ROOT / "service"):
        if path.name == "queries.py":
            continue
        for module, name in imported(path):
            if module.split(".")[0] in ("sqlmodel", "sqlalchemy") and name in STATEMENTS:
                found.append(f"{relative(path)} imports {name} from {module}")
    assert found == []


def test_domains_reach_each_other_only_through_their_public_modules():
    found = []
    for domain in DOMAINS:
        for path in modules(SERVICE / domain):
            for m in targets(path):
                parts = m.split(".")
                other = parts[1] if len(parts) > 1 and parts[0] == "service" else None
                if other in DOMAINS and other != domain and len(parts) > 2 and parts[2] not in PUBLIC_MODULES:
                    found.append(f"{relative(path)} imports {m}")
    assert found == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_domain_has_the_same_shape(domain):
    missing = [name for name in DOMAIN_FILES if not (SERVICE / domain / name).exists()]
    assert missing == []


def test_the_service_top_level_stays_small():
    top = sorted(p.name for p in SERVICE.glob("*.py") if p.name != "__init__.py")
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.parametrize("folder", ["matching", "geo"])
def test_engine_tests_need_no_database(folder):
    found = [
        f"{relative(p)} imports {m}"
        for p in modules(ROOT / "tests" / folder)
        for m in targets(p)
        if m.split(".")[0] in ("service", "seeds", "sqlmodel", "sqlalchemy")
    ]
    assert found == []
