"""The known-labels registry: an import whose file brings programs, sites, languages or queues not
registered for its vendor is refused with the list until someone who may confirms them; labels
that look like people are never registered; labels held before the registry keep importing."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from governance.access import audit, vendors
from governance.access.actors import Actor
from governance.errors import InvalidInput, NotFound, PermissionDenied
from governance.ingest import batches, importer, labels
from governance.store import db, queries, scope

VMO = Actor("vince@client.example", "vendor_manager")
AUDITOR = Actor("audrey@client.example", "auditor")
PARTNER = Actor("pat@acme.example", "vendor_partner", vendor="Acme Care")
TODAY = date(2026, 11, 22)
HEADER = ["Report Date", "LOB", "Location", "Channel", "Calls Offered", "Calls Handled"]


def export(rows: list[tuple[str, str]], *, days: int = 2, bad_day: int | None = None) -> bytes:
    """A daily voice export: one row per (program, site) and day, with a clean volume of calls
    (a site busy enough to be a site, not one person). ``bad_day``: its rows answer more calls
    than were offered."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for day in range(1, days + 1):
        for program, site in rows:
            handled = 950 if day == bad_day else 880
            writer.writerow([f"2026-10-{day:02d}", program, site, "Voice", 900, handled])
    return out.getvalue().encode()


def run(con, content: bytes, actor=VMO, **kw) -> importer.ImportResult:
    return importer.run(
        con, actor, content, file_name="acme.csv", vendor="Acme Care", today=TODAY, **kw
    )


def registered(con) -> set[tuple[str, str, str]]:
    return {
        (r.vendor, r.dimension, r.label) for r in labels.registered(con).itertuples(index=False)
    }


def state(con) -> dict:
    """Every table's rows: equal only when nothing was written."""
    return {
        t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)  # noqa: S608
        for t in queries.table_names(con)
    }


def said(result: importer.ImportResult) -> str:
    return "\n".join(
        [result.summary(), *(e.text() for e in result.errors), str(result.to_json())]
        + [importer.errors_csv(result)]
    )


@pytest.fixture
def acme(con):
    vendors.add_vendors(con, VMO, ["Acme Care", "Bravo Contact"])
    return con


ROWS = [("Billing care", "Leeds"), ("Billing care", "Manila"), ("Collections", "Leeds")]


# --- refused without confirmation, with the list ------------------------------------------------


def test_new_labels_are_refused_with_the_list_and_nothing_is_stored(acme):
    before = state(acme)
    result = run(acme, export(ROWS))
    assert result.status == "rejected"
    (message,) = [e.text() for e in result.errors]
    assert (
        "acme.csv brings 4 label(s) not registered for their vendor: Acme Care program: "
        "'Billing care', 'Collections'; site: 'Leeds', 'Manila'." in message
    )
    assert "confirm it on the Imports page" in message and "--add-labels" in message
    assert "Vendor registry page" in message
    assert state(acme) == before


def test_a_long_list_is_cut_with_a_count(acme):
    sites = [f"Site {i:02d}" for i in range(1, 31)]
    result = run(acme, export([("Billing care", s) for s in sites], days=1))
    assert result.status == "rejected"
    message = result.errors[0].text()
    # 31 labels: the program and 30 sites; the first 12 are named, then how many more.
    assert "31 label(s)" in message
    assert "'Site 11'" in message and "'Site 12'" not in message
    assert "and 19 more" in message


def test_a_label_registered_for_another_vendor_is_still_new_for_this_one(acme):
    labels.add(acme, VMO, "Bravo Contact", "program", ["Billing care"])
    labels.add(acme, VMO, "Bravo Contact", "site", ["Leeds"])
    result = run(acme, export([("Billing care", "Leeds")]))
    assert result.status == "rejected"
    assert "Acme Care program: 'Billing care'; site: 'Leeds'" in result.errors[0].text()


# --- confirmed: registered in the transaction that writes the rows -------------------------------


def test_add_labels_registers_them_with_the_rows(acme):
    result = run(acme, export(ROWS), add_labels=True)
    assert result.status == "loaded", said(result)
    expected = [
        {"vendor": "Acme Care", "dimension": d, "label": x}
        for d, x in [
            ("program", "Billing care"),
            ("program", "Collections"),
            ("site", "Leeds"),
            ("site", "Manila"),
        ]
    ]
    assert result.new_labels == expected and result.to_json()["new_labels"] == expected
    assert "It registered 4 new label(s)" in result.summary()
    rows = labels.registered(acme, "Acme Care")
    assert set(rows["source"]) == {"import"} and set(rows["registered_by"]) == {VMO.name}
    assert registered(acme) == {(e["vendor"], e["dimension"], e["label"]) for e in expected}
    added = audit.events(acme, VMO.name, "label.add", actor=AUDITOR)
    assert len(added) == 4
    # The rows are stored: 3 (program, site) pairs x 2 days.
    assert acme.execute("SELECT count(*), sum(offered) FROM kpi_facts").fetchone() == (6, 5400.0)
    # The next file with the same labels needs no confirmation.
    again = run(acme, export(ROWS, days=3))
    assert again.status == "restated" and again.new_labels == []


def test_a_dry_run_lists_them_and_registers_nothing(acme):
    before = state(acme)
    check = run(acme, export(ROWS), add_labels=True, dry_run=True)
    assert check.status == "loaded" and len(check.new_labels) == 4
    assert "would register 4 new label(s): Acme Care program: 'Billing care'" in check.summary()
    assert state(acme) == before


def test_a_rejected_file_registers_no_label(acme):
    before = state(acme)
    result = run(acme, export(ROWS, bad_day=2), add_labels=True)
    assert result.status == "rejected" and "answered is more than offered" in said(result)
    assert state(acme) == before


def test_a_failure_while_writing_the_rows_registers_no_label(acme, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(batches, "write_slices", broken)
    before = state(acme)
    with pytest.raises(OSError, match="disk full"):
        run(acme, export(ROWS), add_labels=True)
    assert state(acme) == before


def test_new_vendors_and_their_labels_are_registered_together(acme):
    lines = "Provider,Report Date,LOB,Location,Channel,Calls Offered,Calls Handled\n"
    lines += "Coral BPO,2026-10-01,Billing care,Leeds,Voice,900,880\n"
    content = lines.encode()
    common = {"file_name": "providers.csv", "today": TODAY}
    refused = importer.run(acme, VMO, content, add_vendors=True, **common)
    assert refused.status == "rejected"
    assert "Coral BPO program: 'Billing care'; site: 'Leeds'" in refused.errors[0].text()
    assert "Coral BPO" not in queries.vendor_names(acme)  # both, or neither
    done = importer.run(acme, VMO, content, add_vendors=True, add_labels=True, **common)
    assert done.status == "loaded", said(done)
    assert registered(acme) == {
        ("Coral BPO", "program", "Billing care"),
        ("Coral BPO", "site", "Leeds"),
    }


# --- labels that look like people: never, confirmed or not --------------------------------------


@pytest.mark.parametrize(
    "person", ["Diane Smith", "SMITH, DIANE", "jdoe01", "d.smith@vendor.com", "Ext 4471"]
)
def test_a_label_that_looks_like_a_person_is_refused_even_when_confirmed(acme, person):
    before = state(acme)
    rows = [("Billing care", "Leeds"), ("Billing care", "Manila"), ("Billing care", person)]
    result = run(acme, export(rows), add_labels=True)
    assert result.status == "rejected"
    text = said(result)
    assert "'Location'" in text  # the column, to look at
    assert person.casefold() not in text.casefold()  # never the value itself
    assert state(acme) == before


def test_the_registry_refuses_people_the_agent_guard_lets_through(acme):
    """One name among real sites is too few for the guard to call the column a person column;
    the registry, judging each new label, refuses it, naming the column and the shape."""
    rows = [("Billing care", "Leeds"), ("Billing care", "Manila"), ("Billing care", "Diane Smith")]
    result = run(acme, export(rows), add_labels=True)
    assert result.status == "rejected" and result.guard_findings == []
    message = result.errors[0].text()
    assert "column 'Location' (mapped as site) holds 1 label(s) that look like a person's name" in (
        message
    )
    assert "never registered or stored" in message and "Diane" not in message


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Diane Smith", "a person's name"),
        ("SMITH, DIANE", "a person's name"),
        ("Diane S.", "a person's name"),
        ("jdoe01", "a login"),
        ("d.smith", "a login"),
        ("d.smith@vendor.com", "an e-mail address"),
        ("x@vendor", "an e-mail address"),
        ("Ext 4471", "an extension or employee number"),
        ("x4471", "an extension or employee number"),
        ("Emp# 10234", "an extension or employee number"),
        ("E12345", "an extension or employee number"),
        ("Agent 4471 Diane Smith", "an extension or employee number"),
        ("D. S.", "a person's initials"),
        ("Team Diane", "a team named after a person"),
        # Labels: towns named like people, numbered queues, words of a line of business.
        ("Florence", None),
        ("Nairobi", None),
        ("Cape Town", None),
        ("Q101", None),
        ("4471", None),
        ("Tier 2", None),
        ("Billing care", None),
        ("Agent Assist", None),
        ("Spanish", None),
    ],
)
def test_person_reason(label, kind):
    assert labels.person_reason(label) == kind


def test_labels_that_look_like_people_cannot_be_added_by_hand_either(acme):
    for person in ("Diane Smith", "SMITH, DIANE", "jdoe01", "d.smith@vendor.com", "Ext 4471"):
        with pytest.raises(InvalidInput, match="looks like"):
            labels.add(acme, VMO, "Acme Care", "queue", ["Billing disputes", person])
    vid = vendors.vendor_id(acme, "Acme Care")
    with pytest.raises(InvalidInput, match="looks like a person's name"):
        labels.register(
            acme,
            VMO,
            [
                {
                    "vendor_id": vid,
                    "vendor": "Acme Care",
                    "dimension": "queue",
                    "label": "Diane Smith",
                }
            ],
        )
    assert registered(acme) == set()


# --- labels held before the registry --------------------------------------------------------------


def test_labels_held_before_the_registry_import_without_confirmation(db_path):
    with db.connect(db_path, migrate_schema=False) as con:
        db.migrate(con, db.available_migrations()[:4])  # a database from before the registry
        vendors.add_vendors(con, VMO, ["Acme Care"])
        con.execute(
            "INSERT INTO kpi_facts (vendor_id, program, site, channel, language, date, offered) "
            "VALUES (1, 'Billing care', 'Leeds', 'voice', NULL, DATE '2026-09-01', 900), "
            "(1, 'Collections', 'Manila', 'voice', 'Tagalog', DATE '2026-09-01', 900)"
        )
    with db.connect(db_path) as con:  # migrated to the registry: the labels held are registered
        rows = labels.registered(con)
        assert set(rows["source"]) == {"existing"}
        assert registered(con) == {
            ("Acme Care", "program", "Billing care"),
            ("Acme Care", "program", "Collections"),
            ("Acme Care", "site", "Leeds"),
            ("Acme Care", "site", "Manila"),
            ("Acme Care", "language", "Tagalog"),
        }
        result = run(con, export(ROWS))
        assert result.status == "loaded" and result.new_labels == [], said(result)
        # Only what is new is asked for.
        refused = run(con, export([("Billing care", "Cebu")], days=3))
        assert refused.status == "rejected"
        assert "1 label(s) not registered for their vendor: Acme Care site: 'Cebu'." in (
            refused.errors[0].text()
        )


# --- vendor partners ------------------------------------------------------------------------------


def test_a_partner_cannot_confirm_and_is_told_to_ask_the_vmo(acme):
    before = state(acme)
    result = run(acme, export(ROWS), actor=PARTNER, add_labels=True)
    assert result.status == "rejected"
    message = result.errors[0].text()
    assert "Acme Care program: 'Billing care', 'Collections'; site: 'Leeds', 'Manila'" in message
    assert "Ask the vendor management office (VMO) to register them" in message
    assert "--add-labels" not in message
    assert state(acme) == before
    with pytest.raises(PermissionDenied):
        labels.add(acme, PARTNER, "Acme Care", "site", ["Leeds"])
    # Once the VMO registered them, the partner's file goes in.
    labels.add(acme, VMO, "Acme Care", "program", ["Billing care", "Collections"])
    labels.add(acme, VMO, "Acme Care", "site", ["Leeds", "Manila"])
    assert run(acme, export(ROWS), actor=PARTNER).status == "loaded"


def test_a_partner_sees_its_own_vendors_labels_only(acme, db_path):
    labels.add(acme, VMO, "Acme Care", "site", ["Leeds"])
    labels.add(acme, VMO, "Bravo Contact", "site", ["Bogota"])
    with db.connect(scope.Scoped(str(db_path), "Acme Care")) as mine:
        assert registered(mine) == {("Acme Care", "site", "Leeds")}
        assert mine.execute("SELECT count(*) FROM vendor_labels").fetchone() == (1,)


# --- the registry by hand -------------------------------------------------------------------------


def test_add_and_remove_by_hand_are_audited(acme):
    added = labels.add(acme, VMO, "Acme Care", "queue", ["  Billing   disputes ", "Payments"])
    assert added == ["Billing disputes", "Payments"]
    assert labels.add(acme, VMO, "Acme Care", "queue", ["Payments"]) == []  # already there
    gone = labels.remove(acme, VMO, "Acme Care", "queue", "Payments")
    assert gone["label"] == "Payments" and gone["source"] == "command"
    assert registered(acme) == {("Acme Care", "queue", "Billing disputes")}
    actions = [e for e in audit.events(acme, VMO.name, actor=AUDITOR)["action"] if "label" in e]
    assert sorted(actions) == ["label.add", "label.add", "label.remove"]
    with pytest.raises(NotFound):
        labels.remove(acme, VMO, "Acme Care", "queue", "Payments")
    with pytest.raises(PermissionDenied):
        labels.add(acme, Actor("lee@client.example", "leadership"), "Acme Care", "site", ["X"])


@pytest.mark.parametrize(
    ("dimension", "label", "why"),
    [
        ("channel", "Voice", "channels are a fixed list"),
        ("queue", "   ", "cannot be empty"),
        ("queue", "Bill\x1b[31ming", "can disguise text"),
        ("queue", "Bill\u202eing", "can disguise text"),
        ("queue", "x" * 201, "at most 200 characters"),
    ],
)
def test_bad_labels_are_refused_by_hand(acme, dimension, label, why):
    with pytest.raises(InvalidInput, match=why):
        labels.add(acme, VMO, "Acme Care", dimension, [label])
    assert registered(acme) == set()
