"""The Portfolio page for leadership (AppTest): the headline tiles, and every vendor by standing
with its status colours, worst first, the vendors without data at the end in words. Expected
figures are worked by hand in ``tests/integration/headline_scenario.py``."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from governance.scoring import presentation, standings
from governance.store import db
from governance.ui import portfolio as portfolio_ui
from tests.integration import headline_scenario as sc
from tests.integration.headline_scenario import ASTER, BIRCH, CEDAR, DALE

from .test_pages import APP

NBSP = "\u00a0"


@pytest.fixture
def scenario_db(db_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_DB", str(db_path))
    with db.connect(db_path) as con:
        sc.load(con)
    return db_path


def portfolio() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def board(at: AppTest):
    """The standings board as read: Markdown escapes and no-break spaces undone."""
    frame = at.table[0].value
    return frame.map(lambda v: re.sub(r"\\(.)", r"\1", str(v)).replace(NBSP, " "))


def fills(at: AppTest) -> dict[tuple[int, int], str]:
    """(row, column) -> the background colour the board's styles give that cell."""
    css = at.table[0].proto.arrow_data.styler.styles
    out = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        colour = re.search(r"background-color:\s*(#[0-9A-Fa-f]{6})", body)
        if not colour:
            continue
        for cell in re.findall(r"_row(\d+)_col(\d+)", selectors):
            out[(int(cell[0]), int(cell[1]))] = colour.group(1).upper()
    return out


def test_the_tiles_show_the_headline_figures_with_their_change(scenario_db):
    at = portfolio()
    tiles = {m.label: m for m in at.metric}
    assert list(tiles) == [
        "Vendors at risk",
        "Service level",
        "Service credits",
        "P1/P2 escalations",
        "Trending to breach",
    ]
    shown = {label: (m.value, m.proto.delta) for label, m in tiles.items()}
    assert shown == {
        "Vendors at risk": ("1 of 2", "-1"),  # Aster; March had Aster and Birch
        "Service level": ("76.0%", "-6.0 pp"),  # (640 + 1,640) ÷ 3,000 against 82.0 %
        "Service credits": ("EUR 5.00k", ""),  # EUR and USD: no change across currencies
        "P1/P2 escalations": ("3", "+2"),
        "Trending to breach": ("1", "+1"),  # Birch's service level
    }
    # Fewer vendors at risk is good news (green); a falling service level and more escalations
    # or trends to breach are bad news (red).
    colour = {label: m.proto.color for label, m in tiles.items()}
    assert colour["Vendors at risk"] == MetricProto.MetricColor.GREEN
    assert colour["Service level"] == MetricProto.MetricColor.RED
    assert (
        colour["P1/P2 escalations"] == colour["Trending to breach"] == MetricProto.MetricColor.RED
    )
    assert "target 83.3%" in tiles["Service level"].proto.delta_description
    assert "Aster Care" in tiles["Vendors at risk"].help
    assert list(tiles["Service level"].proto.chart_data) == pytest.approx(
        [87.75e-2, 0.885, 0.82, 0.76]
    )


def test_the_board_lists_the_worst_first_in_status_colours(scenario_db):
    at = portfolio()
    assert any(s.value == "Vendors by standing, Apr 2026" for s in at.subheader)
    table = board(at)
    columns = list(table.columns)
    # The risk tier beside the vendor's name, apart from the standing and score.
    assert columns[:5] == ["Vendor", "Risk tier", "Standing", "Score", "Recommended action"]
    assert list(table["Vendor"]) == [ASTER, BIRCH, CEDAR, DALE]
    rows = table.set_index("Vendor")
    assert rows.loc[ASTER, "Standing"] == "✖ At risk"
    at_risk = standings.DEFAULT_BANDS[-1]["action"]
    assert rows.loc[ASTER, "Recommended action"] == at_risk.split(":")[0]
    assert rows.loc[BIRCH, "Standing"] == "✔ Good, was At risk"
    assert rows.loc[BIRCH, "Score"] == "85.0 (+35.0)"
    assert rows.loc[CEDAR, "Standing"] == "No data for Apr 2026"
    assert rows.loc[DALE, "Standing"] == "No contract"
    assert rows.loc[CEDAR, "SL"] == ""  # a word in its standing, not a row of dashes
    colour = {k: s.colour.upper() for k, s in presentation.STATUS_STYLES.items()}
    cells = fills(at)
    sl, standing = columns.index("SL"), columns.index("Standing")
    assert cells[(0, standing)] == colour["default"] and cells[(0, sl)] == colour["default"]
    assert cells[(1, standing)] == colour["met"] and cells[(1, sl)] == colour["below_target"]
    assert cells[(2, standing)] == colour["no_data"]
    assert (2, sl) not in cells
    captions = " ".join(c.value for c in at.caption)
    assert "Recommended actions in full" in captions and "Escalate to L2" in captions
    assert "Risk tier, apart from performance" in captions
    # The files' own figures list only the vendors with data, and name the others.
    kpis = next(d.value for d in at.dataframe if "offered" in d.value.columns)
    assert list(kpis["vendor"]) == [ASTER, BIRCH]
    assert "No data for Apr 2026: Cedar Contact, Dale Services." in captions


def test_nothing_a_reader_sees_says_none_or_nan(scenario_db):
    at = portfolio()
    parts = [c.value for c in at.caption] + [board(at).to_csv()]
    parts += [
        f"{m.label} {m.value} {m.proto.delta} {m.proto.delta_description} {m.help}"
        for m in at.metric
    ]
    text = "\n".join(parts)
    for bad in ("None", "nan", "NaN", "-0.0"):
        assert bad not in text


def test_a_change_that_rounds_to_nothing_is_shown_without_a_minus():
    # -0.04 pp of abandonment and -0.3 s of AHT read as "+0.0 pp" and "+0 s", never with "-".
    summary = pd.DataFrame(
        {"vendor": ["Aster Care"], "abandon_rate_change": [-0.0004], "aht_change": [-0.3]}
    )
    shown = portfolio_ui.shown_summary(summary).iloc[0]
    for column in ("abandon_rate_change", "aht_change"):
        assert shown[column] == 0 and math.copysign(1.0, shown[column]) == 1.0
