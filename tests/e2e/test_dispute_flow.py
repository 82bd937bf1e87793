"""A scorecard dispute end to end (issue 18): the vendor manager publishes a vendor's month, the
vendor's partner signs in and disputes one line with a reason and a file of evidence, the
manager upholds it with a new value, and the partner reads the ruling, in Debian's Chromium
against the real app and the real OpenID Connect provider of test_sso.

The expected score after the ruling is worked out here from the published lines and the scoring
rules (points 100 when met, 0 past the worse limit, linear in between; Σ weight × points ÷
Σ weight), not by the code under test. Screenshots: test-artifacts/sso/f-dispute-NN-*.png.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

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

VIEWPORT = {"width": 1440, "height": 900}
VENDOR = PARTNER_VENDOR  # the fixture's partner is scoped to this vendor
KPI = "Service level"  # whole vendor, in default in the demo's newest month
NEW_PERCENT = 82.5  # the value the manager's ruling gives the line, as typed (%)
DISPUTE_REASON = (
    "The IVR outage on 17 Nov was client-caused: calls queued while the client's telephony "
    "platform was down for three hours."
)
RULING_REASON = "Client IVR outage on 17 Nov excluded; service level measured without it."
DISPUTES_HEADER = "Line"  # a column of the disputes table only
SCORECARD_HEADER = "Worse limit"  # a column of the scorecard table only
EVIDENCE = {
    "name": "ivr-outage-note.txt",
    "mimeType": "text/plain",
    "buffer": b"Client incident INC-4711: IVR down 17 Nov 2026 09:00-12:00 UTC.\n",
}


# --- independent figures ----------------------------------------------------------------------


def newest_month(app) -> str:
    """The newest month with KPI facts, as a machine label ("2026-11")."""
    with db.connect(app.db_file, migrate_schema=False) as con:
        last = queries.fact_date_range(con)[1]
    return periods.month(last).label


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


def published_lines(app, vendor: str, period: str) -> list[dict]:
    """The whole-vendor lines of the vendor's published card for the month, as stored."""
    with db.connect(app.db_file, migrate_schema=False) as con:
        cards = published.scorecards(con, period, [vendor])
    lines = cards.lines[cards.lines["program"].isna()]
    keep = ["kpi", "kpi_name", "channel", "actual", "expected", "minimum", "direction", "points"]
    return [
        {k: (None if v != v else v) for k, v in row.items()}  # NaN → None
        for row in lines[[*keep, "weight"]].to_dict("records")
    ]


def audit_trail(app, since: int) -> list[tuple]:
    """(action, actor, role, entity, entity_id, after) of every audit event after ``since``,
    oldest first."""
    with db.connect(app.db_file, migrate_schema=False) as con:
        return con.execute(
            "SELECT action, actor, role, entity, entity_id, after FROM audit_events "
            "WHERE event_id > ? ORDER BY event_id",
            [since],
        ).fetchall()


def last_event(app) -> int:
    with db.connect(app.db_file, migrate_schema=False) as con:
        return con.execute("SELECT coalesce(max(event_id), 0) FROM audit_events").fetchone()[0]


def publications(app, vendor: str) -> list[tuple]:
    """(publication_id, period, version, published_by, published_at) of the vendor's
    publications, as stored."""
    with db.connect(app.db_file, migrate_schema=False) as con:
        return con.execute(
            "SELECT p.publication_id, p.period, p.version, p.published_by, p.published_at "
            "FROM scorecard_publications p JOIN vendors v USING (vendor_id) WHERE v.name = ? "
            "ORDER BY p.publication_id",
            [vendor],
        ).fetchall()


# --- page helpers ---------------------------------------------------------------------------


def grid_rows(page, header: str) -> list[dict[str, str]]:
    """The rows of the one table with a column ``header`` (one of its first, always drawn), as
    {column: cell text}. The grid is drawn on a canvas; the columns in view are also in the DOM
    as an accessible (hidden) table, so a wide table is scrolled sideways until every column
    has been read, then back. A table's key does not reach the page, so a column names it."""
    found = (
        page.get_by_test_id("stMain")
        .get_by_test_id("stDataFrame")
        .filter(has=page.get_by_role("columnheader", name=header, exact=True, include_hidden=True))
    )
    found.locator("table[aria-rowcount]").wait_for(state="attached", timeout=WAIT_MS)
    grid = found.element_handle()  # the same element while it scrolls ("header" may go)
    columns = grid.evaluate("g => +g.querySelector('table').getAttribute('aria-colcount')")
    cells: dict[tuple[int, int], str] = {}
    for _ in range(columns):
        cells.update({(r, c): text for r, c, text in grid.evaluate(READ_CELLS)})
        last = max(c for _, c in cells)
        if last >= columns:
            break
        grid.evaluate(SCROLL_BY, 0.5)
        page.wait_for_function(DRAWN_PAST, arg=[grid, last], timeout=WAIT_MS)
    grid.evaluate(SCROLL_BY, None)  # back to the first columns
    rows = sorted({r for r, _ in cells})
    head = [cells[(rows[0], c)] for c in range(1, columns + 1)]
    return [{name: cells[(r, c)] for c, name in enumerate(head, start=1)} for r in rows[1:]]


READ_CELLS = """g => [...g.querySelectorAll('table tr[aria-rowindex]')].flatMap(
    r => [...r.querySelectorAll('[aria-colindex]')].map(
        c => [+r.getAttribute('aria-rowindex'), +c.getAttribute('aria-colindex'), c.textContent]))"""
# Scroll the grid's scrolling box sideways by a share of its width (None: back to the start).
# Not the mouse wheel: a sideways wheel past the edge is the browser's "back" gesture.
SCROLL_BY = """(g, share) => {
    const box = [...g.querySelectorAll('*')].find(
        e => e.scrollWidth > e.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(e).overflowX));
    if (box) box.scrollLeft = share === null ? 0 : box.scrollLeft + box.clientWidth * share;
}"""
DRAWN_PAST = """([g, last]) => [...g.querySelectorAll('table th[aria-colindex]')]
    .some(c => +c.getAttribute('aria-colindex') > last)"""


def open_scorecard(page, href: str | None, month: str) -> None:
    """Open the scorecard page from the sidebar (None: reload the page, as someone who expects
    news does; the page already shown: nothing to open) and show the vendor's card for the
    month."""
    main = page.get_by_test_id("stMain")
    if href is None:
        page.reload()
    elif page.url != href:
        open_nav(page, href)
    main.get_by_role("heading", name="Vendor scorecard", exact=True).wait_for(timeout=WAIT_MS)
    settle(page)
    pick(page, main, "Vendor", VENDOR)
    pick(page, main, "Period", month)
    main.get_by_role("heading", name=f"Scorecard, {month}").wait_for(timeout=WAIT_MS)
    ready(page)


def pick(page, scope, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox ``label`` (unless it is shown already) and wait for the
    rerun. The option is typed into the open list, not scrolled to: a list draws only the
    options in view."""
    box = scope.get_by_role("combobox", name=label)
    expect(box).to_be_visible()
    if box.input_value() == option:
        return
    box.scroll_into_view_if_needed()
    box.click()
    expect(page.get_by_role("option").first).to_be_visible()  # the list is open
    box.fill(option)
    expect(page.get_by_role("option")).to_have_text([option])  # the only match left
    box.press("Enter")
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
    metric = (
        page.get_by_test_id("stMain").get_by_test_id("stMetric").filter(has_text="Weighted score")
    )
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def line_row(page) -> dict[str, str]:
    """The disputed line's row of the scorecard table."""
    [row] = [r for r in grid_rows(page, SCORECARD_HEADER) if r["KPI"] == KPI]
    return row


def toast(page, text: str) -> None:
    """Wait for the toast a write shows after its rerun (it stays a few seconds)."""
    page.get_by_test_id("stToast").filter(has_text=text).wait_for(timeout=WAIT_MS)


def show(page, heading: str) -> None:
    """Scroll the section ``heading`` to the top of the view (before a screenshot)."""
    page.get_by_test_id("stMain").get_by_role("heading", name=heading).evaluate(
        "h => h.scrollIntoView({block: 'start'})"
    )


# --- the flow ---------------------------------------------------------------------------------


def test_a_dispute_from_the_partners_sign_in_to_the_managers_ruling(sso_app, new_context):
    """Publish (manager) → dispute one line with evidence (partner) → uphold it with a new value
    (manager) → read the ruling (partner); the page's score after the ruling is the one worked
    out here, and the audit log names who did each."""
    shots = Shots("f-dispute")
    period = newest_month(sso_app)
    month = periods.label(period)  # as the pages show it: "Nov 2026"
    start = last_event(sso_app)
    manager_email = MANAGER.lower()

    # 1. The vendor manager publishes the vendor's month.
    manager = signed_in_page(new_context, sso_app, MANAGER, shots)
    manager.set_viewport_size(VIEWPORT)
    assert f"Signed in as {manager_email} (vendor manager)" in sidebar_note(manager)
    links = dict(nav_links(manager))
    open_scorecard(manager, links["Vendor scorecard"], month)
    main = manager.get_by_test_id("stMain")
    expect(main.get_by_text("Not yet published: live figures")).to_be_visible()
    assert main.get_by_role("heading", name="The vendor's response").count() == 0
    shots(manager, "manager before publishing")
    main.get_by_role("button", name=f"Publish {VENDOR}'s scorecards for {month}").click()
    toast(manager, f"by {manager_email}: {VENDOR}, {month}.")
    ready(manager)
    published_note = main.get_by_test_id("stAlertContentSuccess").filter(has_text="Published on")
    expect(published_note).to_contain_text(f"by {manager_email}.")
    expect(main.get_by_role("button", name=re.compile(r"^Publish "))).to_have_count(0)
    shots(manager, "manager published")
    score_before = score_shown(manager)

    # 2. The vendor's partner signs in (its own browser), sees the published card, and disputes
    # one line with a reason and a file of evidence.
    partner = signed_in_page(new_context, sso_app, PARTNER, shots)
    partner.set_viewport_size(VIEWPORT)
    assert f"Signed in as {PARTNER} (vendor partner for {VENDOR})" in sidebar_note(partner)
    plinks = dict(nav_links(partner))
    assert "Vendor scorecard" not in plinks, plinks  # the partner's own page instead
    open_scorecard(partner, plinks["Scorecard & credits"], month)
    pmain = partner.get_by_test_id("stMain")
    [(publication_id, stored_period, version, by, at)] = publications(sso_app, VENDOR)
    assert (stored_period, version, by) == (period, 1, manager_email)
    expect(pmain.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        f"Published on {at.day} {at:%b %Y} by {manager_email}."
    )
    assert score_shown(partner) == score_before
    expect(pmain.get_by_text("No acknowledgement or dispute yet.")).to_be_visible()
    show(partner, "The vendor's response")
    shots(partner, "partner sees the published card")
    pmain.get_by_text(f"Acknowledge or dispute {VENDOR}'s scorecard for {month}").click()
    expect(pmain.get_by_role("combobox", name="Line to dispute (whole vendor)")).to_be_visible()
    settle(partner)  # the expander has opened
    pick(partner, pmain, "Line to dispute (whole vendor)", KPI)
    type_text(partner, pmain, "Why the line is wrong", DISPUTE_REASON)
    pmain.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(EVIDENCE)
    pmain.get_by_test_id("stFileChipName").filter(has_text=EVIDENCE["name"]).wait_for()
    ready(partner)
    shots(partner, "partner dispute form")
    pmain.get_by_role("button", name="Dispute this line").click()
    toast(partner, f"Disputed {KPI} of {VENDOR}'s scorecard for {month}.")
    ready(partner)
    [raised] = grid_rows(partner, DISPUTES_HEADER)
    assert raised["#"] == "1" and raised["Line"] == f"Whole vendor · {KPI}", raised
    assert raised["Status"] == "Open" and raised["Ruling"] == "", raised
    assert raised["Vendor's reason"] == DISPUTE_REASON, raised
    expect(
        pmain.get_by_role("button", name=f"Evidence of dispute #1: {EVIDENCE['name']}")
    ).to_be_visible()
    expect(pmain.get_by_text("Rule on dispute #1")).to_have_count(0)  # the client's to rule on
    show(partner, "The vendor's response")
    shots(partner, "partner disputed a line")

    # The expected score after the ruling, from the published lines and the scoring rule.
    lines = published_lines(sso_app, VENDOR, period)
    for x in lines:  # the rule written here is the one the published points followed
        if x["actual"] is not None:
            assert x["points"] == pytest.approx(
                points(x["actual"], x["expected"], x["minimum"], x["direction"])
            ), x
    assert f"{weighted(lines):.1f}" == score_before
    [disputed] = [x for x in lines if x["kpi_name"] == KPI and x["channel"] is None]
    assert raised["Published"] == f"{disputed['actual']:.1%}", (raised, disputed)
    new_value = NEW_PERCENT / 100
    new_points = points(new_value, disputed["expected"], disputed["minimum"], disputed["direction"])
    assert new_points != disputed["points"], "pick a value that changes the line's points"
    score_after = weighted([{**x, "points": new_points} if x is disputed else x for x in lines])
    assert f"{score_after:.1f}" != score_before

    # 3. The vendor manager, back on the vendor's month, sees the open dispute and upholds it.
    open_scorecard(manager, None, month)
    [seen] = grid_rows(manager, DISPUTES_HEADER)
    assert seen == raised, (seen, raised)
    with manager.expect_download(timeout=WAIT_MS) as download:
        main.get_by_role("button", name=f"Evidence of dispute #1: {EVIDENCE['name']}").click()
    assert download.value.suggested_filename == EVIDENCE["name"]
    assert Path(download.value.path()).read_bytes() == EVIDENCE["buffer"]
    main.get_by_text(f"Rule on dispute #1: {KPI}, published {raised['Published']}").click()
    expect(main.get_by_role("radio", name="Upheld")).to_be_checked()
    value = main.get_by_role("spinbutton", name="Value the line takes (%)")
    value.fill(f"{NEW_PERCENT}")
    value.press("Enter")
    settle(manager)
    type_text(manager, main, "Reason for the ruling", RULING_REASON)
    expect(value).to_have_value(f"{NEW_PERCENT:.2f}")
    ready(manager)
    show(manager, "The vendor's response")
    shots(manager, "manager rules on the dispute")
    main.get_by_role("button", name="Record the ruling").click()
    toast(manager, "Dispute #1 upheld.")
    ready(manager)
    published_shown = f"{disputed['actual']:.1%}"
    override = f"dispute #1 upheld: {published_shown} → {new_value:.1%} ({RULING_REASON})"
    [ruled] = grid_rows(manager, DISPUTES_HEADER)
    assert ruled["Status"] == "Upheld", ruled
    assert ruled["Ruling"] == f"now {new_value:.1%}: {RULING_REASON}", ruled
    row = line_row(manager)
    assert row["Actual"] == f"{new_value:.1%}", row
    assert row["Points"] == f"{new_points:.1f}", row
    assert row["Since publication"] == override, row
    assert score_shown(manager) == f"{score_after:.1f}"
    expect(main.get_by_text("Rule on dispute #1")).to_have_count(0)  # nothing left open
    show(manager, f"Scorecard, {month}")
    shots(manager, "manager upheld the dispute")

    # 4. The partner, reloading, reads the ruling and the card as it now stands.
    open_scorecard(partner, None, month)
    [told] = grid_rows(partner, DISPUTES_HEADER)
    assert told["Status"] == "Upheld", told
    assert told["Ruling"] == f"now {new_value:.1%}: {RULING_REASON}", told
    assert line_row(partner)["Since publication"] == override
    assert score_shown(partner) == f"{score_after:.1f}"
    show(partner, "Vendor scorecard")
    shots(partner, "partner reads the new score")
    show(partner, f"Scorecard, {month}")
    shots(partner, "partner reads the ruling")

    # 5. The audit log: each act, by whom, in order.
    trail = audit_trail(sso_app, start)
    assert [t[:5] for t in trail] == [
        (
            "scorecard.publish",
            manager_email,
            "vendor_manager",
            "scorecard_publication",
            str(publication_id),
        ),
        ("dispute.raise", PARTNER, "vendor_partner", "scorecard_dispute", "1"),
        ("dispute.upheld", manager_email, "vendor_manager", "scorecard_dispute", "1"),
    ], trail
    publish_after, raise_after, upheld_after = (json.loads(t[-1]) for t in trail)
    assert (publish_after["vendor"], publish_after["period"]) == (VENDOR, period)
    assert publish_after["scores"]["whole vendor"] == pytest.approx(float(score_before), abs=0.05)
    assert raise_after["reason"] == DISPUTE_REASON
    assert raise_after["evidence_name"] == EVIDENCE["name"]
    assert raise_after["raised_by"] == PARTNER and raise_after["status"] == "open"
    assert raise_after["kpi"] == disputed["kpi"] and raise_after["program"] is None
    assert upheld_after["status"] == "upheld" and upheld_after["resolved_by"] == manager_email
    assert upheld_after["new_value"] == pytest.approx(new_value)
    assert upheld_after["resolution"] == RULING_REASON
