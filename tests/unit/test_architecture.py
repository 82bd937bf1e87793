"""Fences around the architecture: the library stays free of Streamlit, pages free of SQL."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

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
        "wording",
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


# --- SQL stays in the store (and the import's staging engine), with its values bound -----------

# Where SQL text may be written: the store, and the staging engine (DuckDB parsing an uploaded
# file in memory before anything is stored).
SQL_HOMES = (
    "store/",
    "ingest/staging.py",
    "ingest/cells.py",
    "ingest/column_stats.py",
    "ingest/sql.py",
    "ingest/agent_guard.py",
    "ingest/readers/",
)
SQL_TEXT = re.compile(
    r"\b(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP|TABLE|VIEW|OR)"
    r"|DROP\s+(TABLE|VIEW)|ALTER\s+TABLE|COPY\s|ATTACH\s)"
)
SQL_WORDS = re.compile(r"\b(SELECT|FROM|WHERE|INSERT|UPDATE|DELETE|CREATE|VALUES|JOIN|SET|LIMIT)\b")
RUNS_SQL = {"execute", "executemany", "sql", "query"}


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, kinds)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }


def sql_sites(source: str) -> list[int]:
    """Lines holding SQL text (a string that is not a docstring) or running SQL (``.execute``…)."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docs
            and SQL_TEXT.search(node.value)
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RUNS_SQL
        ):
            lines.append(node.lineno)
    return sorted(set(lines))


def _sql_template(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(SQL_WORDS.search(node.value))
    )


def spliced_values(source: str) -> list[int]:
    """Lines where SQL text is built by quoting a value into it: ``'{value}'`` or ``{value!r}`` in
    an f-string of SQL, ``.format`` or ``%`` on SQL text, or a hand-rolled quote-doubling."""
    tree = ast.parse(source)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = node.values
            text = "".join(v.value for v in parts if isinstance(v, ast.Constant))
            if not SQL_WORDS.search(text):
                continue
            for i, v in enumerate(parts):
                if not isinstance(v, ast.FormattedValue):
                    continue
                before = parts[i - 1].value if i and isinstance(parts[i - 1], ast.Constant) else ""
                after = (
                    parts[i + 1].value
                    if i + 1 < len(parts) and isinstance(parts[i + 1], ast.Constant)
                    else ""
                )
                if (before.endswith("'") and after.startswith("'")) or v.conversion == ord("r"):
                    lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _sql_template(node.func.value)
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and _sql_template(node.left)
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "replace"
            and [getattr(a, "value", None) for a in node.args] in (["'", "''"], ['"', '""'])
        ):
            lines.append(node.lineno)
    return sorted(set(lines))


def _library_sources():
    for p in sorted(LIBRARY.rglob("*.py")):
        yield p.relative_to(LIBRARY).as_posix(), p.read_text(encoding="utf-8")


def test_sql_lives_only_in_the_store_and_the_staging_engine():
    offenders = {
        rel: sql_sites(text)
        for rel, text in _library_sources()
        if not rel.startswith(SQL_HOMES) and sql_sites(text)
    }
    assert offenders == {}, f"SQL outside store/ and the staging engine: {offenders}"


def test_no_sql_text_is_built_by_quoting_a_value():
    offenders = {
        rel: spliced_values(text)
        for rel, text in _library_sources()
        if rel != "store/quoting.py" and spliced_values(text)
    }
    assert offenders == {}, (
        f"values spliced into SQL (bind them; names go through quote_ident): {offenders}"
    )


def test_the_sql_is_not_duckdb_only_where_the_standard_serves():
    offenders = [rel for rel, text in _library_sources() if re.search(r"GROUP\s+BY\s+ALL", text)]
    assert offenders == []


@pytest.mark.parametrize(
    ("source", "finds"),
    [
        ('con.execute("SELECT 1")', "sql_sites"),
        ('q = "INSERT INTO t VALUES (1)"', "sql_sites"),
        ('def f():\n    """SELECT is fine in a docstring."""\n', None),
        ("x = f\"SELECT * FROM t WHERE name = '{name}'\"", "spliced_values"),
        ('x = f"SELECT * FROM t WHERE name = {name!r}"', "spliced_values"),
        ('x = "SELECT * FROM t WHERE id = {}".format(i)', "spliced_values"),
        ('x = "DELETE FROM t WHERE id = %s" % i', "spliced_values"),
        ('y = name.replace("\'", "\'\'")', "spliced_values"),
        ('x = f"SELECT {quote_ident(c)} FROM t WHERE id = ?"', "sql_sites"),
    ],
)
def test_the_sql_fences_catch_what_they_are_for(source, finds):
    found = {"sql_sites": bool(sql_sites(source)), "spliced_values": bool(spliced_values(source))}
    if finds is None:
        assert found == {"sql_sites": False, "spliced_values": False}
    else:
        assert found[finds], source
    if "quote_ident" in source:
        assert not found["spliced_values"]


def test_imports_inside_functions_say_which_cycle_they_break():
    offenders = []
    for rel, text in _library_sources():
        lines = text.splitlines()
        for fn in ast.walk(ast.parse(text)):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(fn):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        above = lines[node.lineno - 2].strip()
                        if not above.startswith("#"):
                            offenders.append(f"{rel}:{node.lineno}")
    assert offenders == [], offenders
