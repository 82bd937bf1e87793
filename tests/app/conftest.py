"""Fixtures for page tests: a small real database the pages read through $GOVERNANCE_DB."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit import config as st_config

from governance.access import vendors
from governance.access.actors import Actor
from governance.ingest import labels
from governance.store import db

VENDORS = ("Alpha Care", "Beacon Support")


@pytest.fixture(autouse=True)
def _served_on_loopback():
    """Page tests run as `make run` serves: on 127.0.0.1 (Streamlit's own default binds every
    interface, which is refused without single sign-on). Tests of other addresses set their own."""
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "127.0.0.1")
    yield
    st_config.set_option("server.address", before)


@pytest.fixture
def small_db(db_path, monkeypatch):
    """Two vendors, two months of daily voice data each (Sep and Oct 2026)."""
    monkeypatch.setenv("GOVERNANCE_DB", str(db_path))
    with db.connect(db_path) as con:
        vendors.add_vendors(con, Actor("fixture", "admin"), VENDORS)
        rows = []
        day = date(2026, 9, 1)
        while day <= date(2026, 10, 31):
            for vid, offered, within in ((1, 100.0, 85.0), (2, 200.0, 140.0)):
                rows.append(
                    (
                        vid,
                        "Billing care",
                        "Site A",
                        "voice",
                        day,
                        offered,
                        offered - 3,
                        3.0,
                        within,
                        300.0 * (offered - 3),
                        30.0,
                        40.0,
                    )
                )
            day += timedelta(days=1)
        con.executemany(
            "INSERT INTO kpi_facts (vendor_id, program, site, channel, date, offered, answered, "
            "abandoned, answered_within_sl, handle_time_sec, csat_satisfied, csat_responses) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        for vendor in VENDORS:  # their known labels: the program and sites their files name
            labels.add(con, Actor("fixture", "admin"), vendor, "program", ["Billing care"])
            labels.add(con, Actor("fixture", "admin"), vendor, "site", ["Site A", "Leeds"])
    return db_path
