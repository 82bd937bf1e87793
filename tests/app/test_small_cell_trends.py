"""The Vendor scorecard page withholds a month against its quarter: the scorecard table reads
"< 5", the trend chart draws no point for a withheld month (a gap) and says which months are
withheld and why. The data is ``tests/integration/kpis/test_small_cells_across_time``'s: the
vendor's July has 2 early leavers, so July and its complement (September, 8 early leavers: the
fewest of the other months) are withheld for early-tenure attrition; so are July's and August's
new hires (Billing care's July new hires are withheld against its quarter with no other
program's July beside them to hide with, so the vendor's July goes, and August with it)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.app.test_pages import APP
from tests.app.test_scorecard_pages import values
from tests.integration.kpis.test_small_cells_across_time import MONTHLY, VENDOR, build


def test_a_withheld_month_is_a_gap_the_chart_names(tmp_path, monkeypatch):
    path = tmp_path / "g.duckdb"
    build(path)
    monkeypatch.setenv("GOVERNANCE_DB", str(path))
    monkeypatch.setenv("GOVERNANCE_SMALL_CELL_K", "5")
    # The case, from the inserted counts: the vendor's early leavers by month, July to September.
    assert [sum(p["early_leavers"][i] for p in MONTHLY.values()) for i in (5, 6, 7)] == [2, 10, 8]
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/scorecard.py")
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="scorecard_vendor").value == VENDOR
    assert at.selectbox(key="scorecard_period").value == "2026-09"
    card = at.dataframe[0].value.set_index("KPI")
    assert card.loc["Early-tenure attrition", "Actual"] == "< 5"  # September, a complement
    leavers = sum(p["leavers"][7] for p in MONTHLY.values())
    people = sum(p["headcount"][7] for p in MONTHLY.values())
    assert card.loc["Attrition", "Actual"] == f"{leavers / people:.1%}"  # no small cell: shown

    at.session_state["scorecard_trend_kpi"] = "Early-tenure attrition"  # only the open tab is drawn
    at.run()
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    early = next(
        s for s in specs if s["layout"]["title"]["text"].startswith("Early-tenure attrition of")
    )
    title = early["layout"]["title"]["text"]
    assert "Withheld (fewer than 5 people" in title
    assert "Jul 2026, Aug 2026, Sep 2026; no point is drawn" in title
    actual = next(t for t in early["data"] if t["name"] == "Actual")
    points = [None if p is None or p != p else p for p in values(actual["y"])]
    # 13 months to September 2026: no data before February, then February to June, then the
    # three withheld months, drawn as nothing.
    shown = [
        sum(p["early_leavers"][i] for p in MONTHLY.values())
        / sum(p["new_hires"][i] for p in MONTHLY.values())
        for i in range(5)
    ]
    assert points == [None] * 5 + shown + [None] * 3
