"""Every page on a PostgreSQL server (issue 17): the demo portfolio loaded into a database on a
real server, served to the pages through ``GOVERNANCE_DB=postgresql://…``; each page runs, and
the Portfolio's board is the one the same demo gives in a file."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from governance import demo
from governance.access import users
from governance.access.actors import Actor
from governance.store import db, server, transfer
from governance.store.scope import Scoped

from .. import postgres
from .test_pages import APP, PAGES
from .test_partner_pages import everything_shown, signed_in

END = date(2026, 10, 1)
PARTNER = "pat@bluebird.example"
VENDOR = "Bluebird BPO"


@pytest.fixture(scope="module")
def demo_stores(tmp_path_factory, pg_server):
    root = tmp_path_factory.mktemp("server_pages")
    url = postgres.new_database(pg_server)
    file = root / "governance.duckdb"
    with db.connect(file) as con:
        demo.load_demo(con, Actor("demo", "admin"), end_month=END, exports_dir=root / "x")
        users.add(con, Actor("fixture", "admin"), PARTNER, "vendor_partner", VENDOR)
    transfer.copy(str(file), url)  # the same rows, to the microsecond, on both stores
    yield url, file
    server.close_pools(url)
    postgres.drop_database(pg_server, url)


def opened(monkeypatch, target, page: str) -> AppTest:
    monkeypatch.setenv("GOVERNANCE_DB", str(target))
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(page)
    at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_a_server(demo_stores, monkeypatch, page):
    at = opened(monkeypatch, demo_stores[0], page)
    assert not at.exception, at.exception


def test_the_portfolio_board_on_a_server_is_the_file_s(demo_stores, monkeypatch):
    boards = []
    for target in demo_stores:
        at = opened(monkeypatch, target, "app_pages/portfolio.py")
        assert not at.exception, at.exception
        board = at.table[0].value
        boards.append(board.data if hasattr(board, "data") else board)
    assert boards[0].equals(boards[1])
    assert len(boards[0]) == 4  # the demo's four vendors


@pytest.fixture(scope="module")
def partner_stores(demo_stores):
    """The demo on both stores, with a partner account for Bluebird BPO (added before the copy)."""
    return demo_stores


def test_a_partner_s_view_of_a_server_holds_the_rows_of_its_file_view(partner_stores):
    """Every table a partner's connection reads holds, on a server, exactly what it holds on a
    file: that vendor's rows by the same rules (``scope.RULES``), and no other vendor's, value
    for value (no value passes through a float or a pandas timestamp on its way)."""
    seen = []
    for target in partner_stores:
        with db.connect(Scoped(str(target), VENDOR), migrate_schema=False) as con:
            tables = [
                t
                for (t,) in con.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'main' ORDER BY table_name"
                ).fetchall()
            ]
            seen.append(
                {
                    t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
                    for t in tables
                }
            )
            assert con.execute("SELECT DISTINCT name FROM vendors").fetchall() == [(VENDOR,)]
    server_view, file_view = seen
    assert server_view.keys() == file_view.keys()
    for table in file_view:
        if table == "schema_version":  # applied when each store was made: versions only
            assert [r[:2] for r in server_view[table]] == [r[:2] for r in file_view[table]]
        else:
            assert server_view[table] == file_view[table], table
    assert server_view["kpi_facts"] and server_view["contracts"]


@pytest.mark.parametrize(
    "page",
    [
        "app_pages/scorecard.py",
        "app_pages/escalations.py",
        "app_pages/packs.py",
        "app_pages/imports.py",
    ],
)
def test_a_partner_on_a_server_sees_no_other_vendor(partner_stores, monkeypatch, page):
    monkeypatch.setenv("GOVERNANCE_DB", str(partner_stores[0]))
    at = signed_in(page)
    text = everything_shown(at)
    assert VENDOR in text
    for other in ("Northwind Contact", "Crestline Services", "Dunmore Digital"):
        assert other not in text, f"{other} appears on {page}"
