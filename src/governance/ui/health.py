"""Cached vendor-health reads for the Portfolio and Vendor scorecard pages."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from governance.kpis import privacy
from governance.scoring import health
from governance.store import db
from governance.ui.data import TTL


def vendor_health(path: str, month: date, vendor: str | None) -> pd.DataFrame:
    """``health.table`` of ``health.assess`` for ``month`` (one vendor, or all when None)."""
    return _vendor_health(path, month, vendor, privacy.threshold())


@st.cache_data(ttl=TTL, show_spinner="Assessing vendor health…")
def _vendor_health(path: str, month: date, vendor: str | None, k: int) -> pd.DataFrame:
    # k is part of the cache key: the reasons withhold figures under the small-cell threshold.
    with db.connect(path, migrate_schema=False) as con:
        return health.table(health.assess(con, month, [vendor] if vendor else None))


CAPTION = (
    f"Leading signals over the {health.WINDOW_MONTHS} months to the month shown: attrition and "
    "early-tenure attrition rising, CSAT or QA falling, escalations rising, service level "
    "trending toward its contract minimum (with the month it would breach on its current "
    "trend). People figures for fewer than the small-cell threshold are withheld."
)
