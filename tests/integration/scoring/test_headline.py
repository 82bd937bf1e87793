"""The Portfolio's headline figures and standings board on a real DuckDB file, against the
figures worked by hand in ``tests/integration/headline_scenario.py`` (and recomputed here in
plain Python over its fact rows where that is clearer)."""

from __future__ import annotations

from datetime import date

import pytest

from governance.kpis import periods, privacy
from governance.scoring import headline, portfolio, standings
from governance.store import db
from tests.integration import headline_scenario as sc
from tests.integration.contract_builders import add_facts, add_vendors, contract, create, target
from tests.integration.headline_scenario import APRIL, ASTER, BIRCH, CEDAR, DALE

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    path = tmp_path_factory.mktemp("headline") / "governance.duckdb"
    with db.connect(path) as con:
        sc.load(con)
    return path


@pytest.fixture
def scon(scenario):
    with db.connect(scenario, migrate_schema=False) as con:
        yield con


def tile(h: headline.Headline, key: str) -> headline.Tile:
    return next(t for t in headline.tiles(h) if t.key == key)


def portfolio_sl(month: str) -> tuple[float, float]:
    """Σ answered within ÷ Σ offered and Σ offered × expected ÷ Σ offered, over the fact rows."""
    rows = [(v, f[month]) for v, f in sc.FACTS.items() if month in f]
    offered = sum(r[0] for _, r in rows)
    within = sum(r[1] for _, r in rows)
    expected = sum(r[0] * sc.EXPECTED_SL[v] for v, r in rows)
    return within / offered, expected / offered


def test_the_series_is_the_twelve_months_to_the_month(scon):
    h = headline.headline(scon, APRIL)
    assert h.months == tuple(periods.add_months(date(2025, 5, 1), i) for i in range(12))
    assert h.months[-1] == APRIL


def test_vendors_at_risk_per_month_and_who(scon):
    h = headline.headline(scon, APRIL)
    assert h.at_risk[JAN] == h.at_risk[FEB] == ()
    assert h.at_risk[MAR] == (ASTER, BIRCH)  # Aster 0, Birch 50: both below 60
    assert h.at_risk[APRIL] == (ASTER,)  # Birch 85.0 (Good); Cedar has no April data
    assert h.scored[APRIL] == (ASTER, BIRCH)
    t = tile(h, "at_risk")
    assert (t.value, t.delta, t.change, t.worse) == ("1 of 2", "-1", -1.0, "up")
    assert t.series == (0.0, 0.0, 2.0, 1.0)  # the months with a score, oldest first
    assert "At risk: Aster Care." in t.help
    assert standings.DEFAULT_BANDS[-1]["action"] in t.help


def test_the_portfolio_service_level_sums_the_vendors_counts(scon):
    h = headline.headline(scon, APRIL)
    got = {r.period: r for r in h.service_level.itertuples()}
    for month, start in zip(sc.MONTHS, (JAN, FEB, MAR, APRIL), strict=True):
        value, target = portfolio_sl(month)
        assert got[start].value == pytest.approx(value)
        assert got[start].target == pytest.approx(target)
    assert got[APRIL].value == pytest.approx(0.76)  # (640 + 1,640) ÷ 3,000
    assert got[APRIL].target == pytest.approx(2500 / 3000)
    assert got[APRIL].vendors == 2
    assert h.sl_definitions == ("answered within 20 s ÷ offered",)
    t = tile(h, "service_level")
    assert (t.value, t.delta, t.change, t.worse) == ("76.0%", "-6.0 pp", -6.0, "down")
    assert t.note == "target 83.3%"
    assert t.series == pytest.approx((0.8775, 0.885, 0.82, 0.76))
    assert "do not define service level alike" not in t.help


def test_credits_per_month_and_year_to_date_are_never_added_across_currencies(scon):
    h = headline.headline(scon, APRIL)
    credits = {(r.period, r.currency): r.total for r in h.credits.itertuples()}
    assert credits[(MAR, "EUR")] == 5000.0 and credits[(APRIL, "EUR")] == 5000.0
    assert credits[(MAR, "USD")] == 3000.0 and credits[(APRIL, "USD")] == 0.0
    assert not any(c is None for _, c in credits)  # Cedar has no invoice: not valued, no row
    assert dict(zip(h.ytd["currency"], h.ytd["total"], strict=True)) == {
        "EUR": 10_000.0,
        "USD": 3_000.0,
    }
    t = tile(h, "credits")
    assert t.value == "EUR 5.00k"  # USD's April total is nothing
    assert t.note == "YTD EUR 10.0k · USD 3.00k"
    assert (t.delta, t.change, t.series) == (None, None, ())  # no change across two currencies
    assert "Credits in Apr 2026: EUR 5,000.00;" in t.help
    assert "January to Apr 2026: EUR 10,000.00 and USD 3,000.00." in t.help
    assert "never added" in t.help


def test_credits_of_one_currency_have_their_change_and_series(scon):
    t = tile(headline.headline(scon, APRIL, [BIRCH]), "credits")
    assert (t.value, t.delta, t.change) == ("USD 0", "-USD 3.00k", -3000.0)
    assert t.series == (0.0, 0.0, 3000.0, 0.0)  # January to April, the months invoiced
    t = tile(headline.headline(scon, APRIL, [ASTER]), "credits")
    assert (t.value, t.delta, t.change, t.note) == ("EUR 5.00k", "±0", 0.0, "YTD EUR 10.0k")


def test_open_p1_p2_escalations_at_each_months_end(scon):
    h = headline.headline(scon, APRIL)
    e = h.escalations
    counts = {d: int(e.loc[e["period"] == d, "open"].sum()) for d in (JAN, FEB, MAR, APRIL)}
    assert counts == {JAN: 0, FEB: 0, MAR: 1, APRIL: 3}
    april = e[e["period"] == APRIL]
    assert sorted(zip(april["vendor"], april["severity"], strict=True)) == [
        (ASTER, "P2"),
        (BIRCH, "P2"),  # resolved in February, reopened in April
        (CEDAR, "P1"),  # raised at 23:30 on the last day
    ]
    t = tile(h, "escalations")
    assert (t.value, t.delta, t.change) == ("3", "+2", 2.0)
    assert "Aster Care: 1 P2; Birch Support: 1 P2; Cedar Contact: 1 P1." in t.help
    assert t.series[-3:] == (0.0, 1.0, 3.0)
    only = headline.headline(scon, APRIL, [BIRCH]).escalations
    assert list(only["vendor"].unique()) == [BIRCH]


def test_a_kpi_moving_toward_its_limit_is_trending_to_breach(scon):
    h = headline.headline(scon, APRIL)
    assert h.trending[MAR] == () and h.trending[APRIL] == (BIRCH,)
    (row,) = h.trends.to_dict("records")
    assert (row["vendor"], row["kpi"]) == (BIRCH, "service_level")
    assert row["slope"] == pytest.approx(-0.04)  # 90, 86, 82 %
    # 7 pp of room at 4 pp a month: past it in the second month after April.
    assert row["breach"] == date(2026, 6, 1)
    t = tile(h, "trending")
    assert (t.value, t.delta, t.change) == ("1", "+1", 1.0)
    assert (
        "Birch Support: Service level at 82.0% would pass its worse limit of 75.0% by Jun 2026"
        in t.help
    )


def test_the_board_lists_the_worst_first_and_the_vendors_without_data_at_the_end(scon):
    board = portfolio.leadership(scon, APRIL).board
    table = board.table.set_index("Vendor")
    assert list(table.index) == [ASTER, BIRCH, CEDAR, DALE]
    assert table.loc[ASTER, "Standing"] == "✖ At risk"
    assert table.loc[ASTER, "Score"] == "0.0 (±0.0)"
    assert table.loc[ASTER, "SL"] == "✖ 64.0%"
    assert table.loc[ASTER, "Abandon"] == ""  # no such target in its contract
    at_risk = standings.DEFAULT_BANDS[-1]["action"]
    assert table.loc[ASTER, "Recommended action"] == at_risk.split(":")[0]
    assert board.actions["At risk"] == at_risk
    assert table.loc[BIRCH, "Standing"] == "✔ Good, was At risk"
    assert table.loc[BIRCH, "Score"] == "85.0 (+35.0)"
    assert (table.loc[BIRCH, "SL"], table.loc[BIRCH, "Abandon"]) == ("▼ 82.0%", "✔ 3.0%")
    assert table.loc[CEDAR, "Standing"] == "No data for Apr 2026"
    assert table.loc[DALE, "Standing"] == "No contract"
    for vendor in (CEDAR, DALE):
        assert table.loc[vendor, ["Score", "SL", "Abandon"]].tolist() == ["", "", ""]
    colours = board.statuses.set_index(board.table["Vendor"])
    assert colours.loc[ASTER, "Standing"] == "default" and colours.loc[ASTER, "SL"] == "default"
    assert colours.loc[BIRCH, "Standing"] == "met"
    assert colours.loc[BIRCH, "SL"] == "below_target"
    assert colours.loc[CEDAR, "Standing"] == colours.loc[DALE, "Standing"] == "no_data"
    assert colours.loc[ASTER, "Abandon"] is None
    text = board.table.to_csv()
    for bad in ("None", "nan", "-0.0"):
        assert bad not in text


def test_one_vendors_headline_and_board(scon):
    h = headline.headline(scon, APRIL, [CEDAR])
    t = tile(h, "at_risk")
    assert (t.value, t.delta, t.change) == ("none scored", None, None)  # no April data
    assert tile(h, "service_level").value == "no data"
    board = portfolio.leadership(scon, APRIL, [CEDAR]).board
    assert list(board.table["Vendor"]) == [CEDAR]


@pytest.mark.parametrize(
    ("value", "currency", "signed", "shown"),
    [
        (118_036.32, "USD", False, "USD 118k"),
        (48_398.78, "USD", True, "+USD 48.4k"),
        (-3_000.0, "EUR", True, "-EUR 3.00k"),
        (950.0, None, False, "950"),
        (1_250_000.0, "GBP", False, "GBP 1.25M"),
        (-0.4, "EUR", True, "EUR 0"),
    ],
)
def test_money_on_a_tile_reads_in_three_figures_with_its_currency(value, currency, signed, shown):
    assert headline.short_money(value, currency, signed=signed) == shown


def test_the_board_withholds_a_small_people_figure_and_names_channel_targets(con):
    # One vendor, March 2026: 2 leavers of a headcount of 4 (a small cell under any k of 3 or
    # more: the figure is withheld), service level per channel: voice 80 of 100, chat 45 of 50.
    add_vendors(con, "Elm Care")
    day = date(2026, 3, 31)
    add_facts(
        con,
        "Elm Care",
        [
            {"date": day, "channel": "voice", "offered": 100, "answered_within_sl": 80},
            {"date": day, "channel": "chat", "offered": 50, "answered_within_sl": 45},
            {"date": day, "channel": "voice", "headcount": 4, "leavers": 2},
        ],
    )
    create(
        con,
        contract(
            "Elm Care",
            [
                target("service_level", 0.85, 0.75, 40, channel="voice"),
                target("service_level", 0.85, 0.75, 40, channel="chat"),
                target("attrition", 0.05, 0.08, 20),
            ],
        ),
    )
    board = portfolio.leadership(con, MAR).board
    row = board.table.iloc[0]
    assert list(board.table.columns[4:]) == ["SL voice", "SL chat", "Attrition"]
    assert (row["SL voice"], row["SL chat"]) == ("▼ 80.0%", "✔ 90.0%")
    assert row["Attrition"] == privacy.label()
    assert board.statuses.iloc[0]["Attrition"] is None  # neither the figure nor its colour
    assert board.kpis["SL chat"].startswith("Service level (chat only): as each vendor's")
