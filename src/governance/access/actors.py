"""Who is acting, and what each role may do. Authentication comes from the deployment; this is
authorization, the product's own."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass

from governance.errors import PermissionDenied

ROLES = ("admin", "vendor_manager", "leadership", "auditor", "vendor_partner")
# The client's own staff; a vendor partner works for one vendor and sees only that vendor.
STAFF_ROLES = ("admin", "vendor_manager", "leadership", "auditor")

# Permission -> roles allowed. Declared once; services check against it.
PERMISSIONS: dict[str, frozenset[str]] = {
    "vendors.write": frozenset({"admin", "vendor_manager"}),
    # Rolling back imports and writing facts directly: the client's staff.
    "facts.write": frozenset({"admin", "vendor_manager"}),
    # Uploading a vendor's export through the import (and saving its mapping). A vendor partner
    # may, for its own vendor only (see require_vendor).
    "facts.upload": frozenset({"admin", "vendor_manager", "vendor_partner"}),
    "contracts.write": frozenset({"admin", "vendor_manager"}),
    "governance.write": frozenset({"admin", "vendor_manager"}),
    # Publishing a vendor's scorecard for a period (a frozen record the vendor may answer).
    "scorecards.publish": frozenset({"admin", "vendor_manager"}),
    # Answering a published scorecard (acknowledge, dispute): its vendor's partners (their own
    # vendor only, see require_vendor), or the client's staff recording it on their behalf.
    "scorecards.respond": frozenset({"admin", "vendor_manager", "vendor_partner"}),
    # Invoices: recording a vendor's invoice and moving it through review (commercial terms).
    "commercial.write": frozenset({"admin", "vendor_manager"}),
    "demo.load": frozenset({"admin"}),
    "audit.read": frozenset({"admin", "auditor"}),
    "users.write": frozenset({"admin"}),
    # Reads across the whole portfolio. Not for a vendor partner: its reads are scoped to its
    # own vendor (see Actor.vendor) and only pages scoped that way may be shown to it.
    "data.read": frozenset(STAFF_ROLES),
}


@dataclass(frozen=True)
class Actor:
    """The acting user: a name (e-mail when signed in), a role, and for a vendor partner the
    vendor it works for (its reads are scoped to it)."""

    name: str
    role: str
    vendor: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise PermissionDenied(f"'{self.role}' is not a role; roles are {', '.join(ROLES)}.")
        if not self.name or not self.name.strip():
            raise PermissionDenied("An action needs a named user.")
        if self.role == "vendor_partner" and not self.vendor:
            raise PermissionDenied(f"{self.name} is a vendor partner but is tied to no vendor.")
        if self.role != "vendor_partner" and self.vendor is not None:
            raise PermissionDenied(f"Only a vendor partner is tied to a vendor, not a {self.role}.")

    def may(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]


LOCAL_ADMIN = Actor("local admin", "admin")


def require(actor: Actor, permission: str) -> None:
    """Raise ``PermissionDenied`` unless the actor's role has ``permission``."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if not actor.may(permission):
        raise PermissionDenied(
            f"{actor.name} ({actor.role.replace('_', ' ')}) may not do this: "
            f"it needs the {permission} permission, held by "
            f"{', '.join(sorted(r.replace('_', ' ') for r in PERMISSIONS[permission]))}."
        )


def require_vendor(actor: Actor, vendor: str | None) -> None:
    """Raise ``PermissionDenied`` when a vendor partner would act for any vendor but its own."""
    if actor.role == "vendor_partner" and vendor != actor.vendor:
        raise PermissionDenied(
            f"{actor.name} is a vendor partner of {actor.vendor} and may act for it only, "
            "not for another vendor."
        )


def loopback_only(address: str | None) -> bool:
    """True when a server bound to ``address`` can be reached from this machine only: a
    loopback address (127.0.0.0/8, ::1, bracketed or not) or a host name every address of which
    is loopback ("localhost"). An empty or missing address (Streamlit then binds every
    interface), a wildcard (0.0.0.0, ::), a network address or a name that does not resolve is
    not: only a loopback-only server may act as the local admin without single sign-on."""
    host = str(address or "").strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass  # a host name: every address it resolves to must be loopback
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(ipaddress.ip_address(a.split("%", 1)[0]).is_loopback for a in found)
