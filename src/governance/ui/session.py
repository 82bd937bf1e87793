"""Per-process and per-session plumbing for the app: database readiness, identity, connections."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import streamlit as st

from governance import config
from governance.access import users
from governance.access.actors import LOCAL_ADMIN, Actor, loopback_only
from governance.store import db
from governance.store.scope import Scoped
from governance.ui import data, filters
from governance.ui.text import plain


def file_path() -> str:
    """The database file this app serves (``$GOVERNANCE_DB`` or the default)."""
    return str(config.db_path())


def db_path() -> str | Scoped:
    """What this session reads: the database file, or for a vendor partner the file as its
    vendor's partners see it (``scope.Scoped``: every table holds that vendor's rows only).
    Pages pass it to the cached reads, so a partner's results are cached apart from staff's."""
    who = identity().actor
    if who is not None and who.vendor:
        return Scoped(file_path(), who.vendor)
    return file_path()


@st.cache_resource(show_spinner=False)
def _migrated(path: str) -> int:
    with db.connect(path) as con:
        return db.schema_version(con)


def ensure_ready() -> int:
    """Migrate the database once per process (migrations run on start); returns the schema version."""
    return _migrated(file_path())


@contextmanager
def connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for one unit of work (a page's reads, one service's write), closed promptly.

    A vendor partner's is restricted to its vendor and read-only: a partner's writes (its
    uploads) go through ``write_connection``."""
    with db.connect(db_path(), migrate_schema=False) as con:
        yield con


@contextmanager
def write_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """The unrestricted connection a vendor partner's write needs (an import writes batches and
    facts). The service checks the actor: a partner may write for its own vendor only."""
    with db.connect(file_path(), migrate_schema=False) as con:
        yield con


def data_changed() -> None:
    """Call after a write: cached reads are dropped so every page shows the new state, and the
    Portfolio's are computed again in the background for the month and vendor the sidebar shows
    (``data.after_write``)."""
    chosen = filters.current()
    data.after_write(file_path(), db_path(), chosen.month, chosen.vendor, warm=served())


def served() -> bool:
    """True when a Streamlit server runs this script. AppTest runs it with a stand-in runtime (a
    mock of Streamlit's ``Runtime``): no server, and nobody to keep warmed reads for."""
    return st.runtime.exists() and type(st.runtime.get_instance()) is st.runtime.Runtime


SECRETS_EXAMPLE = ".streamlit/secrets.toml.example"


@dataclass(frozen=True)
class Identity:
    """Who is at the keyboard and how we know.

    ``mode`` is "sso" (signed in; ``actor`` None when that e-mail has no role, ``email`` None
    too when the provider shared none, ``verified`` False when the provider says the e-mail is
    not verified: an unverified address is never looked up), "signed_out"
    (single sign-on configured, nobody signed in yet), "local" (no single sign-on, served on a
    loopback address: the local admin) or "refused" (no single sign-on, served on a network
    address: nobody may use it).
    """

    mode: str
    actor: Actor | None
    email: str | None = None
    verified: bool = True


def _signed_in_email() -> str | None:
    try:
        if st.user.is_logged_in:
            return str(st.user.email or "").strip() or None
    except (AttributeError, KeyError):  # no [auth] configured: st.user has no is_logged_in
        return None
    return None


def _email_unverified() -> bool:
    """True only when the provider says outright that the e-mail is not verified
    (``email_verified`` false). Providers that send no such claim are trusted for the address."""
    try:
        flag = st.user.get("email_verified")
    except (AttributeError, KeyError):
        return False
    return flag is False or str(flag).strip().lower() == "false"


def _signed_in() -> bool:
    """Signed in through single sign-on, whether or not the provider shared an e-mail."""
    try:
        return bool(st.user.is_logged_in)
    except (AttributeError, KeyError):  # no [auth] configured
        return False


def auth_configured() -> bool:
    """True when ``[auth]`` (single sign-on) is in the app's secrets."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def server_address() -> str:
    return str(st.get_option("server.address") or "").strip()


@st.cache_data(ttl=30, show_spinner=False)
def _lookup(path: str, email: str) -> Actor | None:
    with db.connect(path, migrate_schema=False) as con:
        return users.lookup(con, email)


def identity() -> Identity:
    """Who is acting: a signed-in user's role from the users table, else (without single sign-on)
    the local admin, but only when the app is served on a loopback address."""
    email = _signed_in_email()
    if email and _email_unverified():  # anyone could have typed it: never look it up
        return Identity("sso", None, email, verified=False)
    if email:
        return Identity("sso", _lookup(file_path(), email.lower()), email)
    if _signed_in():  # the provider shared no e-mail: no role can be found, but not signed out
        return Identity("sso", None)
    if auth_configured():
        return Identity("signed_out", None)
    if loopback_only(server_address()):
        return Identity("local", LOCAL_ADMIN)
    return Identity("refused", None)


def actor() -> Actor:
    """The acting user. app.py runs a page only when there is one (see ``identity``)."""
    who = identity().actor
    if who is None:
        raise RuntimeError("No acting user: app.py shows the no-access page instead.")
    return who


def refusal() -> str:
    """Why the app refuses to serve without single sign-on on a network address, and the fix."""
    return (
        f"This app is served on {server_address() or 'every network interface'} without single "
        "sign-on, so anyone who can "
        "reach it would act as an admin. It shows nothing until either: single sign-on is "
        f"configured (an [auth] section in .streamlit/secrets.toml, see {SECRETS_EXAMPLE}), or "
        "it is bound to this machine only (streamlit run app.py --server.address 127.0.0.1)."
    )


def identity_note() -> str:
    """One line for the sidebar about who is acting and how."""
    ident = identity()
    who = ident.actor
    if ident.mode == "sso" and who is not None:
        tied = f" for {plain(who.vendor)}" if who.vendor else ""
        return (
            f"Signed in as **{plain(who.name)}** ({who.role.replace('_', ' ')}{tied}) "
            "through single sign-on."
        )
    if ident.mode == "sso" and not ident.verified:
        return (
            f"Signed in as **{plain(ident.email)}**, an e-mail not verified: no role in this tool."
        )
    if ident.mode == "sso" and ident.email is None:
        return "Signed in, but the sign-in shared no e-mail address: no role in this tool."
    if ident.mode == "sso":
        return f"Signed in as **{plain(ident.email)}**, with no role in this tool."
    if who is not None:
        return (
            f"Local mode: acting as **{who.name}** ({who.role.replace('_', ' ')}); "
            "no single sign-on configured."
        )
    if ident.mode == "refused":
        return "No single sign-on on a network address: nobody may act."
    return "Not signed in."
