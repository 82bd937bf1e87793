"""Users and roles: who may do what (every role x every permission), the users services on a
real database (checked, audited, versioned) and the ``users`` commands."""

from __future__ import annotations

import json

import pytest

from governance import cli
from governance.access import audit, users, vendors
from governance.access.actors import PERMISSIONS, ROLES, Actor, require
from governance.errors import InvalidInput, NotFound, PermissionDenied, StaleRecord
from governance.store import db

# Role -> the permissions it holds; every other permission is refused. Written out by hand so
# that a change to actors.PERMISSIONS has to be made here too, on purpose.
ALLOWED = {
    "admin": {
        "vendors.write",
        "facts.write",
        "facts.upload",
        "contracts.write",
        "governance.write",
        "demo.load",
        "audit.read",
        "users.write",
        "data.read",
        "scorecards.publish",
        "scorecards.respond",
        "commercial.write",
    },
    "vendor_manager": {
        "vendors.write",
        "facts.write",
        "facts.upload",
        "contracts.write",
        "governance.write",
        "data.read",
        "scorecards.publish",
        "scorecards.respond",
        "commercial.write",
    },
    "leadership": {"data.read"},
    "auditor": {"audit.read", "data.read"},
    # Uploads for its own vendor only (actors.require_vendor); its reads are its vendor's rows
    # only (scope.restrict), so it holds no portfolio-wide data.read.
    # It answers its own vendor's published scorecards (acknowledge, dispute).
    "vendor_partner": {"facts.upload", "scorecards.respond"},
}
MATRIX = [(role, perm, perm in ALLOWED[role]) for role in ROLES for perm in sorted(PERMISSIONS)]


def make(role: str) -> Actor:
    return Actor(f"{role}@client.example", role, "Alpha Care" if role == "vendor_partner" else None)


def test_the_table_covers_every_role_and_permission():
    assert set(ALLOWED) == set(ROLES)
    assert set().union(*ALLOWED.values()) <= set(PERMISSIONS)


@pytest.mark.parametrize(("role", "permission", "allowed"), MATRIX)
def test_role_permission_matrix(role, permission, allowed):
    actor = make(role)
    assert actor.may(permission) is allowed
    if allowed:
        require(actor, permission)
    else:
        with pytest.raises(PermissionDenied, match=permission):
            require(actor, permission)


@pytest.mark.parametrize("role", ROLES)
def test_only_an_admin_may_add_users(con, role):
    vendors.add_vendors(con, Actor("fixture", "admin"), ["Alpha Care"])
    if ALLOWED[role] >= {"users.write"}:
        assert users.add(con, make(role), "new@client.example", "auditor")["role"] == "auditor"
    else:
        with pytest.raises(PermissionDenied):
            users.add(con, make(role), "new@client.example", "auditor")
        assert users.list(con).empty


def test_a_vendor_partner_must_be_tied_to_a_vendor():
    with pytest.raises(PermissionDenied, match="no vendor"):
        Actor("pat@alpha.example", "vendor_partner")
    with pytest.raises(PermissionDenied, match="Only a vendor partner"):
        Actor("lee@client.example", "leadership", "Alpha Care")


@pytest.fixture
def registered(con, admin):
    vendors.add_vendors(con, admin, ["Alpha Care", "Beacon Support"])
    return con


def test_add_stores_the_email_lower_case_and_lookup_finds_it_in_any_case(registered, admin):
    user = users.add(registered, admin, "  Lee@Client.Example ", "leadership")
    assert (user["email"], user["role"], user["vendor"], user["version"]) == (
        "lee@client.example",
        "leadership",
        None,
        1,
    )
    assert users.lookup(registered, "LEE@client.example") == Actor(
        "lee@client.example", "leadership"
    )
    assert users.lookup(registered, "nobody@client.example") is None
    assert users.lookup(registered, "") is None


def test_a_vendor_partner_is_looked_up_with_its_vendor(registered, admin):
    users.add(registered, admin, "pat@alpha.example", "vendor_partner", "Alpha Care")
    assert users.lookup(registered, "pat@alpha.example") == Actor(
        "pat@alpha.example", "vendor_partner", "Alpha Care"
    )


@pytest.mark.parametrize(
    ("email", "role", "vendor", "error", "message"),
    [
        ("not-an-email", "auditor", None, InvalidInput, "not an e-mail"),
        ("", "auditor", None, InvalidInput, "e-mail address is needed"),
        ("a b@x.com", "auditor", None, InvalidInput, "not an e-mail"),
        ("x" * 250 + "@x.com", "auditor", None, InvalidInput, "at most 254"),
        ("ok@x.com", "superuser", None, InvalidInput, "not a role"),
        ("ok@x.com", "vendor_partner", None, InvalidInput, "must be tied to a vendor"),
        ("ok@x.com", "vendor_partner", "Nowhere Ltd", NotFound, "Known vendors: Alpha Care"),
        ("ok@x.com", "auditor", "Alpha Care", InvalidInput, "Only a vendor partner"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    registered, admin, email, role, vendor, error, message
):
    with pytest.raises(error, match=message):
        users.add(registered, admin, email, role, vendor)
    assert users.list(registered).empty


def test_an_email_is_added_once(registered, admin):
    users.add(registered, admin, "lee@client.example", "leadership")
    with pytest.raises(InvalidInput, match="already a user"):
        users.add(registered, admin, "LEE@client.example", "auditor")


def test_set_role_changes_the_role_bumps_the_version_and_refuses_a_stale_save(registered, admin):
    users.add(registered, admin, "lee@client.example", "leadership")
    after = users.set_role(
        registered,
        admin,
        "lee@client.example",
        "vendor_partner",
        "Beacon Support",
        expected_version=1,
    )
    assert (after["role"], after["vendor"], after["version"]) == (
        "vendor_partner",
        "Beacon Support",
        2,
    )
    with pytest.raises(StaleRecord, match="changed by someone else"):
        users.set_role(registered, admin, "lee@client.example", "auditor", expected_version=1)
    assert users.lookup(registered, "lee@client.example").role == "vendor_partner"
    with pytest.raises(NotFound):
        users.set_role(registered, admin, "ghost@client.example", "auditor")


def test_remove_takes_the_role_away_and_keeps_the_last_admin(registered, admin):
    users.add(registered, admin, "ada@client.example", "admin")
    users.add(registered, admin, "lee@client.example", "leadership")
    with pytest.raises(InvalidInput, match="only admin"):
        users.remove(registered, admin, "ada@client.example")
    with pytest.raises(InvalidInput, match="only admin"):
        users.set_role(registered, admin, "ada@client.example", "auditor")
    with pytest.raises(StaleRecord):
        users.remove(registered, admin, "lee@client.example", expected_version=7)
    users.remove(registered, admin, "lee@client.example", expected_version=1)
    assert users.lookup(registered, "lee@client.example") is None
    assert list(users.list(registered)["email"]) == ["ada@client.example"]


def test_every_user_change_is_audited_with_before_and_after(registered, admin):
    users.add(registered, admin, "lee@client.example", "leadership")
    users.set_role(registered, admin, "lee@client.example", "auditor")
    users.remove(registered, admin, "lee@client.example")
    events = audit.events(registered, entity="user", actor=admin).sort_values("occurred_at")
    assert list(events["action"]) == ["user.add", "user.set_role", "user.remove"]
    assert set(events["actor"]) == {admin.name}
    assert set(events["entity_id"]) == {"lee@client.example"}
    change = events.iloc[1]
    assert json.loads(change["before"])["role"] == "leadership"
    assert json.loads(change["after"])["role"] == "auditor"
    assert json.loads(events.iloc[2]["before"])["role"] == "auditor"


def test_a_refused_write_leaves_no_trace(registered, leader, admin):
    with pytest.raises(PermissionDenied, match="users.write"):
        users.add(registered, leader, "x@client.example", "admin")
    assert users.list(registered).empty
    assert audit.events(registered, entity="user", actor=admin).empty


# --- the command line -----------------------------------------------------------------------


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_adds_and_lists_users(db_path, capsys):
    assert run(capsys, "vendors", "add", "Alpha Care", "--db", str(db_path))[0] == 0
    code, out, _ = run(
        capsys, "users", "add", "Lee@Client.example", "--role", "leadership", "--db", str(db_path)
    )
    assert code == 0 and "added: lee@client.example as leadership" in out
    code, out, _ = run(
        capsys,
        "users",
        "add",
        "pat@alpha.example",
        "--role",
        "vendor_partner",
        "--vendor",
        "Alpha Care",
        "--db",
        str(db_path),
    )
    assert code == 0 and "for Alpha Care" in out
    code, out, _ = run(capsys, "users", "list", "--format", "json", "--db", str(db_path))
    listed = {u["email"]: u for u in json.loads(out)}
    assert listed["lee@client.example"]["role"] == "leadership"
    assert listed["pat@alpha.example"]["vendor"] == "Alpha Care"
    code, out, _ = run(capsys, "users", "list", "--format", "csv", "--db", str(db_path))
    assert out.splitlines()[0] == "email,role,vendor,created_at,version"
    code, out, _ = run(capsys, "users", "list", "--db", str(db_path))
    assert "pat@alpha.example" in out and "vendor_partner" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["users", "add", "nope", "--role", "auditor"], "not an e-mail"),
        (["users", "add", "a@x.com", "--role", "boss"], "invalid choice"),
        (["users", "add", "a@x.com"], "--role"),
        (["users", "add", "a@x.com", "--role", "vendor_partner"], "--vendor"),
        (["users", "add", "a@x.com", "--role", "vendor_partner", "--vendor", "Zed"], "No vendor"),
        (["users"], "name an action"),
    ],
)
def test_cli_rejects_bad_input_with_exit_2(db_path, capsys, argv, message):
    try:  # argparse refuses some before the command runs, by exiting 2
        code = cli.main([*argv, "--db", str(db_path)] if len(argv) > 1 else argv)
    except SystemExit as exc:
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err
    with db.connect(db_path) as con:
        assert users.list(con).empty


@pytest.mark.parametrize("argv", [["users"], ["users", "add"], ["users", "list"]])
def test_cli_users_commands_have_help(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        cli.main([*argv, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "usage:" in out and len(out.split()) > 20
