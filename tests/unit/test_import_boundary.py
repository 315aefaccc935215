"""The core must never import Slack libraries or the Slack adapter (SPEC section 1)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "src" / "assay"
FORBIDDEN = ("slack_bolt", "slack_sdk", "bot")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_imports_slack_or_the_adapter() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(_imports(path) & set(FORBIDDEN))
        for path in CORE.rglob("*.py")
        if _imports(path) & set(FORBIDDEN)
    }
    assert offenders == {}


def test_importing_the_whole_core_loads_no_slack_module() -> None:
    code = (
        "import sys, pkgutil, importlib, assay\n"
        "for m in pkgutil.walk_packages(assay.__path__, 'assay.'):\n"
        "    if not m.name.endswith(('__main__', '_worker')):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('slack_bolt', 'slack_sdk', 'bot'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
