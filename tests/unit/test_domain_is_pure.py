"""console/domain imports nothing outside the standard library (and itself)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "console" / "domain"


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_domain_imports_only_the_standard_library():
    offenders = {}
    for path in DOMAIN.rglob("*.py"):
        outside = {
            root
            for root in imported_roots(path)
            if root not in sys.stdlib_module_names and root not in ("console", "__future__")
        }
        inside_non_domain = {
            line
            for line in path.read_text().splitlines()
            if "console." in line and "import" in line and "console.domain" not in line
        }
        if outside or inside_non_domain:
            offenders[path.name] = sorted(outside | inside_non_domain)
    assert offenders == {}
    assert any(DOMAIN.glob("*.py"))
