"""Every page on a PostgreSQL server (issue 17): the demo portfolio loaded into a database on a
real server, served to the pages through ``GOVERNANCE_DB=postgresql://…``; each page runs, and
the Portfolio's board is the one the same demo gives in a file."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from governance import demo
from governance.access.actors import Actor
from governance.store import db, server

from .. import postgres
from .test_pages import APP, PAGES

END = date(2026, 10, 1)


@pytest.fixture(scope="module")
def demo_stores(tmp_path_factory, pg_server):
    root = tmp_path_factory.mktemp("server_pages")
    url = postgres.new_database(pg_server)
    file = root / "governance.duckdb"
    for target in (url, file):
        with db.connect(target) as con:
            demo.load_demo(con, Actor("demo", "admin"), end_month=END, exports_dir=root / "x")
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
