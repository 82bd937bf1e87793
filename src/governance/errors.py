"""Named errors raised by the library; the shells (pages, CLI) turn them into plain-language messages."""


class GovernanceError(Exception):
    """Base class: anything the user can act on; its message is shown as is."""


class InvalidInput(GovernanceError):
    """An argument or value given by the user is not acceptable."""


class NotFound(GovernanceError):
    """A named record (vendor, contract, …) does not exist."""


class PermissionDenied(GovernanceError):
    """The acting user's role may not do this."""


class DatabaseLocked(GovernanceError):
    """Another process holds the database file for longer than we wait."""


class SchemaError(GovernanceError):
    """The database schema is newer than this code, or a migration broke a rule."""


class StaleRecord(GovernanceError):
    """The record changed since it was read; the save is refused so nothing is overwritten."""


class WordingNotAcknowledged(InvalidInput):
    """Free text directs or evaluates individual vendor staff (co-employment risk) and the caller
    did not acknowledge these findings; the message names each finding and how to acknowledge."""
