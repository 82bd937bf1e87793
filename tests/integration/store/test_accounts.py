"""The rows behind access: users, vendors and sites, and the audit log's one writer."""

from __future__ import annotations

from datetime import datetime

from governance.store import accounts

T0 = datetime(2026, 1, 5, 9, 30)


def _vendor(con, name: str) -> dict:
    return dict(
        zip(
            ("vendor_id", "account_manager", "operations_director", "status", "version"),
            con.execute(
                "SELECT vendor_id, account_manager, operations_director, status, version "
                "FROM vendors WHERE name = ?",
                [name],
            ).fetchone(),
            strict=True,
        )
    )


def test_users_round_trip_with_their_vendor_name(con):
    accounts.insert_vendor(con, "Acme Care", "active", T0)
    vid = _vendor(con, "Acme Care")["vendor_id"]
    accounts.insert_user(con, "pia@acme.example", "vendor_partner", vid, T0)
    accounts.insert_user(con, "ada@client.example", "admin", None, T0)

    assert accounts.user(con, "pia@acme.example") == {
        "email": "pia@acme.example",
        "role": "vendor_partner",
        "vendor": "Acme Care",
        "created_at": T0,
        "version": 1,
    }
    assert accounts.user(con, "PIA@acme.example") is None  # exact match: the service lower-cases
    assert list(accounts.users(con)["email"]) == ["ada@client.example", "pia@acme.example"]
    assert accounts.admin_count(con) == 1

    accounts.update_user_role(con, "pia@acme.example", "admin", None)
    assert accounts.user(con, "pia@acme.example")["vendor"] is None
    assert accounts.user(con, "pia@acme.example")["version"] == 2
    assert accounts.admin_count(con) == 2

    accounts.delete_user(con, "pia@acme.example")
    assert accounts.user(con, "pia@acme.example") is None
    assert accounts.admin_count(con) == 1


def test_update_vendor_sets_only_what_is_given(con):
    accounts.insert_vendor(con, "Acme Care", "onboarding", T0)
    before = _vendor(con, "Acme Care")
    assert accounts.vendor_count(con) == 1

    accounts.update_vendor(con, before["vendor_id"])  # nothing given: nothing written
    assert _vendor(con, "Acme Care") == before

    accounts.update_vendor(con, before["vendor_id"], account_manager="Lead", status="active")
    after = _vendor(con, "Acme Care")
    assert after == {
        **before,
        "account_manager": "Lead",
        "status": "active",
        "version": before["version"] + 1,
    }

    # A value containing SQL is stored as text, never run.
    accounts.update_vendor(con, before["vendor_id"], operations_director="x'; DROP TABLE users;--")
    assert _vendor(con, "Acme Care")["operations_director"] == "x'; DROP TABLE users;--"
    assert con.execute("SELECT count(*) FROM users").fetchone()[0] == 0


def test_sites_are_per_vendor(con):
    accounts.insert_vendor(con, "Acme Care", "active", T0)
    accounts.insert_vendor(con, "Beacon", "active", T0)
    acme, beacon = _vendor(con, "Acme Care")["vendor_id"], _vendor(con, "Beacon")["vendor_id"]
    accounts.insert_site(con, acme, "Leeds", "United Kingdom")
    assert accounts.site_exists(con, acme, "Leeds")
    assert not accounts.site_exists(con, acme, "leeds")
    assert not accounts.site_exists(con, beacon, "Leeds")


def test_insert_audit_event_appends_the_given_row(con):
    accounts.insert_audit_event(
        con,
        occurred_at=T0,
        actor="ada@client.example",
        role="admin",
        action="vendor.add",
        entity="vendor",
        entity_id="7",
        before=None,
        after='{"name": "Acme Care"}',
    )
    assert con.execute(
        "SELECT occurred_at, actor, role, action, entity, entity_id, before, after "
        "FROM audit_events"
    ).fetchall() == [
        (
            T0,
            "ada@client.example",
            "admin",
            "vendor.add",
            "vendor",
            "7",
            None,
            '{"name": "Acme Care"}',
        )
    ]
