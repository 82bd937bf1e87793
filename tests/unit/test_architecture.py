"""Fences around the architecture: the library stays free of Streamlit, pages free of SQL."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "src" / "governance"


def test_importing_the_library_does_not_import_streamlit():
    modules = sorted(
        "governance." + ".".join(p.relative_to(LIBRARY).with_suffix("").parts)
        for p in LIBRARY.rglob("*.py")
        if "ui" not in p.relative_to(LIBRARY).parts and p.name not in ("__init__.py", "__main__.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "leaked = [m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.')]\n"
        "print(','.join(leaked))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"governance imports streamlit: {out.stdout.strip()[:200]}"


def test_only_governance_ui_mentions_streamlit():
    offenders = [
        str(p.relative_to(ROOT))
        for p in LIBRARY.rglob("*.py")
        if "ui" not in p.relative_to(LIBRARY).parts
        and re.search(r"^\s*(import streamlit|from streamlit)", p.read_text(), re.M)
    ]
    assert offenders == []


def test_pages_hold_no_sql():
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b\s")
    offenders = [
        str(p.relative_to(ROOT))
        for p in [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py")]
        if sql.search(p.read_text())
    ]
    assert offenders == []


def test_the_top_of_the_library_stays_small():
    top = sorted(p.name for p in LIBRARY.glob("*.py"))
    assert len(top) <= 12, top
    packages = sorted(p.name for p in LIBRARY.iterdir() if (p / "__init__.py").exists())
    assert packages == [
        "access",
        "commands",
        "contracts",
        "demo",
        "ingest",
        "kpis",
        "packs",
        "scoring",
        "store",
        "ui",
        "workflow",
    ]


def test_the_front_doors_resolve_without_importing_the_world():
    code = (
        "import sys, governance\n"
        "heavy = [m for m in ('pandas', 'duckdb', 'streamlit') if m in sys.modules]\n"
        "missing = [n for n in governance.__all__ if not hasattr(governance, n)]\n"
        "print(heavy, missing)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[] []"


def test_no_test_reads_outside_the_repository():
    outside = re.compile(r"""parents?\b[^\n]*["']shared["']|\.\./shared""")
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "tests").rglob("*.py")
        if outside.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
