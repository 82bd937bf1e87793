"""A scorecard dispute end to end (issue 18): the vendor manager publishes a vendor's month, the
vendor's partner signs in and disputes one line with a reason and a file of evidence, the
manager upholds it with a new value, and the partner reads the ruling, in Debian's Chromium
against the real app and the real OpenID Connect provider of test_sso.

The expected score after the ruling is worked out here from the published lines and the scoring
rules (points 100 when met, 0 past the worse limit, linear in between; Σ weight × points ÷
Σ weight), not by the code under test. Screenshots: test-artifacts/sso/f-dispute-NN-*.png.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from governance.kpis import periods
from governance.scoring import published
from governance.store import db, queries
from tests.e2e import test_sso as sso
from tests.e2e.test_sso import (
    MANAGER,
    PARTNER,
    PARTNER_VENDOR,
    WAIT_MS,
    Shots,
    choose,
    nav_links,
    open_nav,
    ready,
    settle,
    sidebar_note,
    signed_in_page,
)

pytestmark = pytest.mark.e2e

# The module-scoped app (its own demo database, provider and server) and the browser contexts
# of test_sso, used here as they are there.
sso_app = sso.sso_app
new_context = sso.new_context

VENDOR = PARTNER_VENDOR  # the fixture's partner is scoped to this vendor
KPI = "Service level"  # whole vendor, in default in the demo's newest month
NEW_PERCENT = 82.5  # the value the manager's ruling gives the line, as typed (%)
DISPUTE_REASON = (
    "The IVR outage on 17 Nov was client-caused: calls queued while the client's telephony "
    "platform was down for three hours."
)
RULING_REASON = "Client IVR outage on 17 Nov excluded; service level measured without it."
EVIDENCE = {
    "name": "ivr-outage-note.txt",
    "mimeType": "text/plain",
    "buffer": b"Client incident INC-4711: IVR down 17 Nov 2026 09:00-12:00 UTC.\n",
}


# --- independent figures ----------------------------------------------------------------------


def newest_month(app) -> str:
    """The newest month with KPI facts, as the period selectbox shows it ("Nov 2026")."""
    with db.connect(app.db_file, migrate_schema=False) as con:
        last = queries.fact_date_range(con)[1]
    return periods.label(last)


def points(actual: float, expected: float, minimum: float, direction: str) -> float:
    """The scoring rule, written out: 100 at or better than expected, 0 past the worse limit,
    linear in between."""
    if direction == "target":  # close to 1: compare distances from 1, smaller is better
        actual, expected, minimum, direction = (
            abs(actual - 1),
            abs(expected - 1),
            abs(minimum - 1),
            "lower",
        )
    if direction == "lower":
        actual, expected, minimum = -actual, -expected, -minimum
    if actual >= expected:
        return 100.0
    if actual < minimum:
        return 0.0
    return 100.0 * (actual - minimum) / (expected - minimum)


def weighted(lines: list[dict]) -> float:
    scored = [x for x in lines if x["points"] is not None]
    return sum(x["weight"] * x["points"] for x in scored) / sum(x["weight"] for x in scored)


def published_lines(app, vendor: str, month: date) -> list[dict]:
    """The whole-vendor lines of the vendor's published card for the month, as stored."""
    with db.connect(app.db_file, migrate_schema=False) as con:
        cards = published.scorecards(con, periods.month(month), [vendor])
    lines = cards.lines[cards.lines["program"].isna()]
    keep = ["kpi_name", "channel", "actual", "expected", "minimum", "direction", "points"]
    return [
        {k: (None if v != v else v) for k, v in row.items()}  # NaN → None
        for row in lines[[*keep, "weight"]].to_dict("records")
    ]


def audit_trail(app, since: int) -> list[tuple]:
    with db.connect(app.db_file, migrate_schema=False) as con:
        return con.execute(
            "SELECT action, actor, role, entity, entity_id FROM audit_events "
            "WHERE event_id > ? ORDER BY event_id",
            [since],
        ).fetchall()


def last_event(app) -> int:
    with db.connect(app.db_file, migrate_schema=False) as con:
        return con.execute("SELECT coalesce(max(event_id), 0) FROM audit_events").fetchone()[0]


# --- page helpers ---------------------------------------------------------------------------


def grid_text(page, key: str) -> str:
    """The text of the table ``key`` (its cells are in the DOM once drawn)."""
    grid = page.locator(f".st-key-{key} [data-testid=stDataFrame]")
    grid.locator("[aria-rowcount]").wait_for(timeout=WAIT_MS)
    return grid.inner_text() + grid.inner_html()


def open_scorecard(page, href: str, month: str) -> None:
    main = page.get_by_test_id("stMain")
    open_nav(page, href)
    main.get_by_role("heading", name=re.compile(r"^(Vendor scorecard)")).first.wait_for()
    choose(page, main, "Vendor", VENDOR)
    choose(page, main, "Period", month)
    main.get_by_role("heading", name=f"Scorecard, {month}").wait_for(timeout=WAIT_MS)
    ready(page)


def pick(page, scope, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox ``label`` by typing it (a list draws only the options in
    view) and wait for the rerun."""
    box = scope.get_by_role("combobox", name=label)
    box.scroll_into_view_if_needed()
    box.click()
    page.keyboard.type(option)
    expect(page.get_by_role("option")).to_have_text([option])  # the only match left
    page.keyboard.press("Enter")
    expect(box).to_have_value(option)
    settle(page)


def type_text(page, scope, label: str, text: str) -> None:
    """Fill the text field ``label`` and leave it, so Streamlit takes the value (a text area
    applies on blur or Ctrl+Enter), then wait for the rerun."""
    field = scope.get_by_role("textbox", name=label)
    field.fill(text)
    field.blur()
    settle(page)
    expect(field).to_have_value(text)


def score_shown(page) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text="Weighted score")
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


# --- the flow ---------------------------------------------------------------------------------


def test_a_dispute_from_the_partners_sign_in_to_the_managers_ruling(sso_app, new_context):
    shots = Shots("f-dispute")
    month = newest_month(sso_app)
    start = last_event(sso_app)

    # 1. The vendor manager publishes the vendor's month.
    manager = signed_in_page(new_context, sso_app, MANAGER, shots)
    manager.set_viewport_size({"width": 1440, "height": 900})
    assert f"Signed in as {MANAGER.lower()} (vendor manager)" in sidebar_note(manager)
    links = dict(nav_links(manager))
    open_scorecard(manager, links["Vendor scorecard"], month)
    main = manager.get_by_test_id("stMain")
    expect(main.get_by_text("Not yet published")).to_be_visible()
    shots(manager, "manager before publishing")
    main.get_by_role("button", name=f"Publish {VENDOR}'s scorecards for {month}").click()
    main.get_by_test_id("stAlertContentSuccess").filter(has_text="Published on").wait_for(
        timeout=WAIT_MS
    )
    ready(manager)
    shots(manager, "manager published")

    # 2. The vendor's partner signs in, sees the published card, and disputes one line.
    partner = signed_in_page(new_context, sso_app, PARTNER, shots)
    partner.set_viewport_size({"width": 1440, "height": 900})
    assert f"Signed in as {PARTNER} (vendor partner for {VENDOR})" in sidebar_note(partner)
    plinks = dict(nav_links(partner))
    open_scorecard(partner, plinks["Scorecard & credits"], month)
    pmain = partner.get_by_test_id("stMain")
    expect(
        pmain.get_by_test_id("stAlertContentSuccess").filter(has_text="Published on")
    ).to_be_visible()
    section = pmain.get_by_role("heading", name="The vendor's response")
    section.scroll_into_view_if_needed()
    shots(partner, "partner sees the published card")
    pmain.get_by_text(f"Acknowledge or dispute {VENDOR}'s scorecard for {month}").click()
    pick(partner, pmain, "Line to dispute (whole vendor)", KPI)
    type_text(partner, pmain, "Why the line is wrong", DISPUTE_REASON)
    pmain.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(EVIDENCE)
    settle(partner)
    shots(partner, "partner dispute form")
    pmain.get_by_role("button", name="Dispute this line").click()
    partner.wait_for_timeout(3000)
    shots(partner, "debug after click")
    disputed = f"Disputed {KPI} of {VENDOR}'s scorecard for {month}."
    partner.get_by_test_id("stToast").filter(has_text=disputed).wait_for(timeout=WAIT_MS)
    ready(partner)
    thread = grid_text(partner, "scorecard_disputes")
    assert f"Whole vendor · {KPI}" in thread and "Open" in thread, thread
    assert DISPUTE_REASON in thread
    evidence = pmain.get_by_role("button", name=f"Evidence of dispute #1: {EVIDENCE['name']}")
    expect(evidence).to_be_visible()
    section.scroll_into_view_if_needed()
    shots(partner, "partner disputed a line")
