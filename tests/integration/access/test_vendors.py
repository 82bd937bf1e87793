"""Vendor registry services: who may write, what is audited, and what is refused without a trace."""

from __future__ import annotations

import json

import pytest

from governance.access import vendors
from governance.errors import InvalidInput, NotFound, PermissionDenied, StaleRecord


def _vendor_rows(con) -> list[tuple]:
    return con.execute(
        "SELECT name, status, account_manager, operations_director, executive_sponsor, version "
        "FROM vendors ORDER BY name"
    ).fetchall()


def _audit(con) -> list[dict]:
    cur = con.execute(
        "SELECT actor, role, action, entity, entity_id, before, after FROM audit_events ORDER BY event_id"
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _id(con, name) -> int:
    return con.execute("SELECT vendor_id FROM vendors WHERE name = ?", [name]).fetchone()[0]


# --- add_vendors ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["admin", "manager"])
def test_add_vendors_registers_each_name_and_audits_it(con, request, who):
    actor = request.getfixturevalue(who)
    added = vendors.add_vendors(con, actor, ["Northwind Contact", "Acme BPO"])
    assert added == ["Northwind Contact", "Acme BPO"]
    assert [(n, s) for n, s, *_ in _vendor_rows(con)] == [
        ("Acme BPO", "active"),
        ("Northwind Contact", "active"),
    ]

    events = _audit(con)
    assert [(e["actor"], e["role"], e["action"], e["entity"]) for e in events] == [
        (actor.name, actor.role, "vendor.add", "vendor"),
        (actor.name, actor.role, "vendor.add", "vendor"),
    ]
    for event, name in zip(events, added, strict=True):
        assert event["before"] is None
        after = json.loads(event["after"])
        assert after["name"] == name
        assert after["status"] == "active"
        assert event["entity_id"] == str(_id(con, name)) == str(after["vendor_id"])


def test_add_vendors_tidies_whitespace_and_keeps_the_status_given(con, manager):
    assert vendors.add_vendors(con, manager, ["  Globex \t Services  "], status="onboarding") == [
        "Globex Services"
    ]
    assert _vendor_rows(con)[0][:2] == ("Globex Services", "onboarding")


def test_known_vendors_are_skipped_whatever_their_case(con, manager):
    vendors.add_vendors(con, manager, ["Acme BPO"])
    events_before = len(_audit(con))
    added = vendors.add_vendors(
        con, manager, ["ACME bpo", "Globex Services", "globex SERVICES", " acme  BPO "]
    )
    assert added == ["Globex Services"]
    assert [r[0] for r in _vendor_rows(con)] == ["Acme BPO", "Globex Services"]
    assert len(_audit(con)) == events_before + 1  # only the new vendor is audited


def test_adding_only_known_vendors_writes_nothing(con, manager):
    vendors.add_vendors(con, manager, ["Acme BPO"])
    rows, events = _vendor_rows(con), _audit(con)
    assert vendors.add_vendors(con, manager, ["acme bpo"]) == []
    assert _vendor_rows(con) == rows
    assert _audit(con) == events


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ([""], "empty"),
        (["   "], "empty"),
        ([None], "empty"),
        (["x" * 121], "120"),
        (["Good Vendor", ""], "empty"),  # one bad name stops the whole batch
        (["Good Vendor", "y" * 500], "120"),
        ([], "at least one"),
    ],
    ids=["empty", "blank", "none", "121 chars", "good and empty", "good and too long", "no names"],
)
def test_bad_names_are_refused_and_nothing_is_written(con, manager, names, message):
    with pytest.raises(InvalidInput, match=message):
        vendors.add_vendors(con, manager, names)
    assert _vendor_rows(con) == []
    assert _audit(con) == []


def test_a_name_of_exactly_the_maximum_length_is_accepted(con, manager):
    name = "n" * vendors.MAX_NAME
    assert vendors.add_vendors(con, manager, [name]) == [name]


def test_an_unknown_status_is_refused_with_invalid_input(con, manager):
    with pytest.raises(InvalidInput, match="dormant"):
        vendors.add_vendors(con, manager, ["Acme BPO"], status="dormant")
    assert _vendor_rows(con) == []
    assert _audit(con) == []


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_read_only_roles_cannot_add_vendors_and_leave_no_trace(con, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="vendors.write"):
        vendors.add_vendors(con, actor, ["Acme BPO"])
    assert _vendor_rows(con) == []
    assert _audit(con) == []


# --- update_contacts -----------------------------------------------------------------------


@pytest.fixture
def acme(con, admin):
    vendors.add_vendors(con, admin, ["Acme BPO"])
    return "Acme BPO"


def test_update_contacts_sets_fields_bumps_version_and_audits_before_and_after(con, manager, acme):
    after = vendors.update_contacts(
        con,
        manager,
        acme,
        account_manager="Account manager, Acme",
        executive_sponsor="COO, Acme",
        expected_version=1,
    )
    assert after["account_manager"] == "Account manager, Acme"
    assert after["executive_sponsor"] == "COO, Acme"
    assert after["operations_director"] is None  # not given: unchanged
    assert after["version"] == 2
    assert _vendor_rows(con) == [
        ("Acme BPO", "active", "Account manager, Acme", None, "COO, Acme", 2)
    ]

    event = _audit(con)[-1]
    assert (event["actor"], event["role"], event["action"], event["entity"]) == (
        manager.name,
        "vendor_manager",
        "vendor.update",
        "vendor",
    )
    assert event["entity_id"] == str(_id(con, acme))
    before, after_json = json.loads(event["before"]), json.loads(event["after"])
    assert (before["account_manager"], before["version"]) == (None, 1)
    assert (after_json["account_manager"], after_json["version"]) == ("Account manager, Acme", 2)


def test_a_stale_version_is_refused_and_changes_nothing(con, manager, acme):
    vendors.update_contacts(con, manager, acme, account_manager="First edit")  # now version 2
    rows, events = _vendor_rows(con), _audit(con)
    with pytest.raises(StaleRecord, match="Acme BPO"):
        vendors.update_contacts(
            con, manager, acme, account_manager="Second edit", expected_version=1
        )
    assert _vendor_rows(con) == rows
    assert _audit(con) == events
    # With the current version, the same edit goes through.
    assert (
        vendors.update_contacts(
            con, manager, acme, account_manager="Second edit", expected_version=2
        )["version"]
        == 3
    )


def test_a_status_change_is_recorded(con, manager, acme):
    vendors.update_contacts(con, manager, acme, status="exiting")
    event = _audit(con)[-1]
    assert json.loads(event["before"])["status"] == "active"
    assert json.loads(event["after"])["status"] == "exiting"


def test_an_unknown_status_on_update_is_refused_with_invalid_input(con, manager, acme):
    rows, events = _vendor_rows(con), _audit(con)
    with pytest.raises(InvalidInput, match="dormant"):
        vendors.update_contacts(con, manager, acme, status="dormant")
    assert _vendor_rows(con) == rows
    assert _audit(con) == events


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_read_only_roles_cannot_update_contacts(con, request, acme, who):
    actor = request.getfixturevalue(who)
    rows, events = _vendor_rows(con), _audit(con)
    with pytest.raises(PermissionDenied):
        vendors.update_contacts(con, actor, acme, account_manager="Someone")
    assert _vendor_rows(con) == rows
    assert _audit(con) == events


def test_updating_an_unknown_vendor_is_not_found_and_writes_nothing(con, manager, acme):
    events = _audit(con)
    with pytest.raises(NotFound, match="Nobody Ltd"):
        vendors.update_contacts(con, manager, "Nobody Ltd", account_manager="x")
    assert _audit(con) == events


# --- vendor_id -----------------------------------------------------------------------------


def test_vendor_id_of_a_known_vendor(con, manager):
    vendors.add_vendors(con, manager, ["Acme BPO", "Globex Services"])
    assert vendors.vendor_id(con, "Globex Services") == _id(con, "Globex Services")


@pytest.mark.parametrize(
    ("registered", "hint"),
    [
        ([], "No vendor is registered yet"),
        (["Acme BPO", "Globex Services"], "Known vendors: Acme BPO, Globex Services"),
    ],
)
def test_vendor_id_of_an_unknown_vendor_names_it_and_says_what_is_known(
    con, manager, registered, hint
):
    if registered:
        vendors.add_vendors(con, manager, registered)
    with pytest.raises(NotFound) as raised:
        vendors.vendor_id(con, "Nobody Ltd")
    assert "Nobody Ltd" in str(raised.value) and hint in str(raised.value)
