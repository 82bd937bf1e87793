"""What the Portfolio and Vendor scorecard pages say about vendor health (the figures are a
cached read, ``data.vendor_health``)."""

from __future__ import annotations

from governance.scoring import health

CAPTION = (
    f"Leading signals over the {health.WINDOW_MONTHS} months to the month shown: attrition and "
    "early-tenure attrition rising, CSAT or QA falling, escalations rising, service level "
    "trending toward its contract minimum (with the month it would breach on its current "
    "trend). People figures for fewer than the small-cell threshold are withheld."
)
