"""Who sees what in the app: a signed-in user's role comes from the users table, navigation holds
only the pages that role may use, someone without a role sees the no-access page and nothing
else, and without single sign-on the app serves only a loopback address."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from governance.access import users
from governance.access.actors import Actor
from governance.store import db

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
FIXTURE_ADMIN = Actor("fixture", "admin")
DATA_PAGES = [
    "app_pages/portfolio.py",
    "app_pages/vendors.py",
    "app_pages/scorecard.py",
    "app_pages/contracts.py",
]


def give(db_path, email: str, role: str, vendor: str | None = None) -> None:
    with db.connect(db_path) as con:
        users.add(con, FIXTURE_ADMIN, email, role, vendor)


def signed_in(email: str, page: str | None = None, **claims) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.user = {"is_logged_in": True, "email": email, **claims}
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def shown_text(at: AppTest) -> str:
    parts = []
    for kind in ("title", "markdown", "caption", "info", "warning", "error", "success", "text"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [str(e.value) for e in at.sidebar.caption]
    return "\n".join(parts)


def can_open(at: AppTest, page: str) -> bool:
    try:
        at.switch_page(page)
    except ValueError:  # not in this role's navigation
        return False
    at.run()
    assert not at.exception, at.exception
    return True


def test_a_signed_in_user_with_a_role_sees_the_portfolio(small_db):
    give(small_db, "vince@client.example", "vendor_manager")
    at = signed_in("Vince@Client.example")  # any case: e-mails are matched lower-case
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Portfolio"]
    kpis = next(d.value for d in at.dataframe if "offered" in d.value.columns)
    assert list(kpis["vendor"]) == ["Alpha Care", "Beacon Support"]
    note = " ".join(c.value for c in at.sidebar.caption)
    assert "vince@client.example" in note and "single sign-on" in note
    assert "local admin" not in note


def test_a_signed_in_user_without_a_role_sees_only_the_no_access_page(small_db):
    at = signed_in("stranger@elsewhere.example")
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["No access"]
    text = shown_text(at)
    assert "no role" in text and "stranger@elsewhere.example" in text
    for vendor in ("Alpha Care", "Beacon Support"):
        assert vendor not in text
    assert not at.dataframe and not at.sidebar.selectbox  # no data, no vendor filter
    for page in DATA_PAGES + [
        "app_pages/imports.py",
        "app_pages/audit.py",
        "app_pages/admin_users.py",
    ]:
        assert not can_open(at, page), f"{page} is reachable without a role"


@pytest.mark.parametrize("flag", [False, "false"])
def test_an_email_the_provider_calls_unverified_is_never_looked_up(small_db, flag):
    """Whoever can set an unverified address at the provider must not get that person's role."""
    give(small_db, "vince@client.example", "vendor_manager")
    at = signed_in("vince@client.example", email_verified=flag)
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["No access"]
    assert "not verified" in shown_text(at)
    assert not at.dataframe and not at.sidebar.selectbox
    assert not can_open(at, "app_pages/portfolio.py")
    assert [b.label for b in at.button] == ["Sign out"]
    verified = signed_in("vince@client.example", "app_pages/portfolio.py", email_verified=True)
    assert not verified.exception and "vendor manager" in shown_text(verified)


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (
            "leadership",
            DATA_PAGES + ["app_pages/packs.py"],
            ["app_pages/imports.py", "app_pages/audit.py", "app_pages/admin_users.py"],
        ),
        (
            "auditor",
            DATA_PAGES + ["app_pages/audit.py"],
            ["app_pages/imports.py", "app_pages/admin_users.py"],
        ),
        (
            "vendor_manager",
            DATA_PAGES + ["app_pages/imports.py"],
            ["app_pages/audit.py", "app_pages/admin_users.py"],
        ),
        (
            "admin",
            DATA_PAGES + ["app_pages/imports.py", "app_pages/audit.py", "app_pages/admin_users.py"],
            [],
        ),
    ],
)
def test_navigation_holds_only_the_pages_a_role_may_use(small_db, role, visible, hidden):
    give(small_db, "someone@client.example", role)
    at = signed_in("someone@client.example")
    for page in hidden:
        assert not can_open(at, page), f"{role} can open {page}"
    for page in visible:
        assert can_open(at, page), f"{role} cannot open {page}"


def test_leadership_sees_no_write_form_on_the_vendor_registry(small_db):
    give(small_db, "lee@client.example", "leadership")
    at = signed_in("lee@client.example", "app_pages/vendors.py")
    assert not at.exception, at.exception
    # The register and contacts forms are hidden: the main area has no button and no text box.
    assert not at.main.button and not at.main.text_input
    assert [b.label for b in at.sidebar.button] == ["Sign out"]


def test_a_vendor_partner_sees_its_own_vendor_only(small_db):
    give(small_db, "pat@alpha.example", "vendor_partner", "Alpha Care")
    at = signed_in("pat@alpha.example")
    assert not at.exception, at.exception
    text = shown_text(at)
    assert "Alpha Care" in text and "Beacon Support" not in text
    vendors = [
        str(o)
        for b in at.sidebar.selectbox
        for o in b.options
        if "Care" in str(o) or "Support" in str(o)
    ]
    assert vendors == ["Alpha Care"]
    for page in (
        "app_pages/portfolio.py",
        "app_pages/vendors.py",
        "app_pages/audit.py",
        "app_pages/admin_users.py",
    ):
        assert not can_open(at, page), f"a vendor partner can open {page}"
    for page in (
        "app_pages/scorecard.py",
        "app_pages/escalations.py",
        "app_pages/packs.py",
        "app_pages/imports.py",
    ):
        assert can_open(at, page), f"a vendor partner cannot open {page}"
        assert "Beacon Support" not in shown_text(at)


def test_the_users_page_adds_a_user(small_db):
    give(small_db, "ada@client.example", "admin")
    at = signed_in("ada@client.example", "app_pages/admin_users.py")
    assert not at.exception, at.exception
    at.text_input(key="new_user_email").input("Pat@Alpha.example")
    at.selectbox(key="new_user_role").set_value("vendor_partner")
    at.selectbox(key="new_user_vendor").set_value("Alpha Care")
    at.button(key="FormSubmitter:add_user-Add user").click().run()
    assert not at.exception, at.exception
    assert any("Added pat@alpha.example as vendor partner" in s.value for s in at.success)
    table = at.dataframe[0].value.set_index("email")
    assert table.loc["pat@alpha.example", "vendor"] == "Alpha Care"
    with db.connect(small_db) as con:
        assert users.lookup(con, "pat@alpha.example") == Actor(
            "pat@alpha.example", "vendor_partner", "Alpha Care"
        )


def test_the_users_page_refuses_a_partner_without_a_vendor(small_db):
    give(small_db, "ada@client.example", "admin")
    at = signed_in("ada@client.example", "app_pages/admin_users.py")
    at.text_input(key="new_user_email").input("pat@alpha.example")
    at.selectbox(key="new_user_role").set_value("vendor_partner")
    at.button(key="FormSubmitter:add_user-Add user").click().run()
    assert not at.exception, at.exception
    assert any("must be tied to a vendor" in e.value for e in at.error)
    assert at.text_input(key="new_user_email").value == "pat@alpha.example"  # input kept


def test_the_users_page_has_no_default_role(small_db):
    give(small_db, "ada@client.example", "admin")
    at = signed_in("ada@client.example", "app_pages/admin_users.py")
    assert at.selectbox(key="new_user_role").value is None
    at.text_input(key="new_user_email").input("sam@client.example")
    at.button(key="FormSubmitter:add_user-Add user").click().run()
    assert not at.exception, at.exception
    assert any("Choose the user's role" in e.value for e in at.error)
    assert at.text_input(key="new_user_email").value == "sam@client.example"  # input kept
    with db.connect(small_db) as con:
        assert users.lookup(con, "sam@client.example") is None


def test_with_single_sign_on_configured_nobody_signed_in_is_asked_to_sign_in(small_db):
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback"}
    at.user = {}
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert "Alpha Care" not in shown_text(at) and not at.dataframe


@pytest.fixture
def server_address():
    before = st_config.get_option("server.address")

    def bind(address: str | None) -> None:
        st_config.set_option("server.address", address)

    yield bind
    st_config.set_option("server.address", before)


@pytest.mark.parametrize(
    "address",
    # "" and no address at all: Streamlit binds every interface
    ["0.0.0.0", "192.168.1.20", "", None, "::", "[::]", "example.invalid"],
)
def test_without_single_sign_on_a_network_address_is_refused(small_db, server_address, address):
    server_address(address)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    text = shown_text(at)
    assert "without single sign-on" in text and "127.0.0.1" in text and "[auth]" in text
    assert "Alpha Care" not in text and not at.dataframe
    assert not can_open(at, "app_pages/portfolio.py")


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_without_single_sign_on_a_loopback_address_is_the_local_admin(
    small_db, server_address, address
):
    server_address(address)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Portfolio"]
    assert "local admin" in " ".join(c.value for c in at.sidebar.caption)
