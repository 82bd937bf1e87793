"""No page shows "None", "nan" or "-0.0", nor a period in a machine's form ("2026-11", "2026Q3")
where people read "Nov 2026" and "Q3 2026" (issue 16): every page of the app, opened by the
local admin on the demo portfolio, is read the way a person reads it — headings, text, captions,
notices, metrics and table cells — and none of those appears."""

from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from governance import demo
from governance.access.actors import Actor
from governance.store import db

from .test_pages import APP, PAGES

# a whole word: "None" but not "Nonetheless"; "nan" but not "financial"; "-0.0" and "-0 "
BLANK = re.compile(r"(?<![\w.])(None|nan|NaN|-0\.0+|-0)(?![\w.])")
# a month or quarter as keys and files write it; a whole date (2026-11-30) is not one
MACHINE_PERIOD = re.compile(r"(?<![\w-])(20\d\d-(0[1-9]|1[0-2])(?![\d-])|20\d\dQ[1-4])")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("no_blanks") / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=path.parent / "x"
        )
    return path


def _texts(at: AppTest) -> list[str]:
    """What a person reads outside tables."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "text", "code"):
        out += [str(e.value) for e in at.get(kind)]
    for kind in ("info", "warning", "error", "success"):
        out += [str(e.value) for e in at.get(kind)]
    for m in at.metric:
        out += [str(m.label), str(m.value), str(m.proto.delta or "")]
    for kind in ("selectbox", "radio", "multiselect"):
        for w in at.get(kind):
            out += [str(o) for o in (w.options or [])]
    for e in at.get("expander"):
        out.append(str(e.label))
    return out


def _negative_zero(v) -> bool:
    """A number that shows as -0.0 (or -0) in a one-decimal (or whole) format."""
    return isinstance(v, float) and not math.isnan(v) and v < 0 and round(v, 1) == 0


def _cells(at: AppTest) -> list[str]:
    """Table cells as they show: a missing value shows "None" unless the table has a
    placeholder; a negative number that rounds to nothing shows "-0.0"."""
    out: list[str] = []
    for d in [*at.dataframe, *at.get("table")]:
        frame = d.value
        if isinstance(frame, pd.io.formats.style.Styler):
            frame = frame.data
        placeholder = getattr(d.proto, "placeholder", "")
        shown = list(getattr(d.proto, "column_order", None) or frame.columns)
        for col in [c for c in frame.columns if c in shown]:
            for v in frame[col].tolist():
                if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NaT:
                    if not placeholder:
                        out.append(f"{col}: None (no placeholder)")
                elif _negative_zero(v):
                    out.append(f"{col}: -0.0")
                else:
                    out.append(f"{col}: {v}")
    return out


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_none_nan_minus_zero_or_a_machine_period(demo_file, monkeypatch, page):
    monkeypatch.setenv("GOVERNANCE_DB", str(demo_file))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    found = [t for t in _texts(at) + _cells(at) if BLANK.search(t) or MACHINE_PERIOD.search(t)]
    assert not found, f"{page} shows: {found[:10]}"
