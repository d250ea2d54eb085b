"""console/domain is pure: it imports only the domain itself and a pure subset of the standard
library (no I/O, no network, no processes, no clock of its own)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "console" / "domain"

PURE_STDLIB = {
    "__future__",
    "bisect",
    "collections",
    "dataclasses",
    "datetime",  # types and arithmetic only: the time of day comes in as an argument
    "decimal",
    "difflib",
    "enum",
    "functools",
    "itertools",
    "math",
    "operator",
    "re",
    "string",
    "types",
    "typing",
    "zoneinfo",
}


def imported_modules(source: str, package: str) -> set[str]:
    """Every module a source imports, relative imports resolved against `package`."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                modules.add(".".join([*base, node.module] if node.module else base))
            else:
                modules.add(node.module)
    return modules


def impurities(source: str, package: str = "console.domain") -> set[str]:
    """The imports of a source that a domain module may not have."""
    return {
        module
        for module in imported_modules(source, package)
        if not (module == "console.domain" or module.startswith("console.domain."))
        and module.split(".")[0] not in PURE_STDLIB
    }


def test_every_domain_module_imports_only_the_domain_and_pure_standard_library():
    offenders = {
        path.name: sorted(impurities(path.read_text()))
        for path in DOMAIN.rglob("*.py")
        if impurities(path.read_text())
    }
    assert offenders == {}
    assert len(list(DOMAIN.glob("*.py"))) > 5


@pytest.mark.parametrize(
    "line",
    [
        "import socket",
        "import os.path",
        "from datetime import datetime\nimport time",
        "from ..services import errors",
        "from .. import clock",
        "from console.errors import Conflict",
        "import console.models",
        "import sqlmodel",
    ],
)
def test_the_check_rejects_io_clocks_and_the_rest_of_the_app(line):
    assert impurities(f"from __future__ import annotations\n{line}\n")


@pytest.mark.parametrize(
    "line",
    ["from .criteria import Score", "from console.domain.queue import LeadStatus", "import re"],
)
def test_the_check_accepts_the_domain_and_pure_modules(line):
    assert impurities(line) == set()
