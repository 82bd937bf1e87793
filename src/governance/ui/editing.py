"""One versioned-edit state for every record page.

A page that edits a stored record opens it once: the record's values go into the edit widgets
and the version it was read at is remembered for as long as the user works on it. A save sends
that remembered version, so when someone else saved in between, the service refuses
(``StaleRecord``) instead of overwriting their change. The refusal stays on screen with a way to
take the saved version; until the user chooses that, what they typed stays in the form::

    edit = editing.Edit("me", meeting_id, ("title", "minutes"))
    version = edit.open(record)                 # first render: widgets loaded, version kept
    title = st.text_input("Title", key=edit.key("title"))
    if st.button("Save"):
        page.save(lambda con: meetings.update_meeting(con, who, meeting_id,
                                                      expected_version=version, ...),
                  "Saved.", edit=edit)
    edit.stale_notice()

A form that shows a record without loading it into widgets (a status change, a role) uses
``Edit(prefix, record_id).open(record)`` the same way: the version is kept from the first render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
import streamlit as st

from governance.errors import GovernanceError, StaleRecord
from governance.ui.text import plain


def widget_value(value):
    """A stored value as an edit widget takes it: dates as dates, a missing date (``NaT``) as
    None (an empty date input), any other missing value as empty text."""
    if value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.date()
    if value is None or (not isinstance(value, str | date) and pd.isna(value)):
        return ""
    return value


@dataclass(frozen=True)
class Edit:
    """The edit state of record ``record_id`` in the form ``prefix`` (widget keys derive from both)."""

    prefix: str
    record_id: object
    fields: tuple[str, ...] = ()

    def key(self, name: str) -> str:
        """The widget key of field ``name``."""
        return f"{self.prefix}_{name}_{self.record_id}"

    @property
    def _version_key(self) -> str:
        return f"{self.prefix}_version_{self.record_id}"

    @property
    def _stale_key(self) -> str:
        return f"{self.prefix}_stale_{self.record_id}"

    def open(self, record: dict) -> int:
        """Load ``record`` into the widgets on first sight and keep its version; later renders
        leave the widgets (the user's text) alone. Returns the version the form was opened at."""
        state = st.session_state
        if self._version_key not in state:
            state[self._version_key] = int(record["version"])
            for name in self.fields:
                value = widget_value(record[name])
                state[self.key(name)] = value
                state[self.key(name) + "__loaded"] = value
        return state[self._version_key]

    @property
    def version(self) -> int | None:
        """The version the form was opened at (None before ``open``)."""
        return st.session_state.get(self._version_key)

    def loaded(self, name: str):
        """The value field ``name`` was loaded with."""
        return st.session_state.get(self.key(name) + "__loaded")

    def changed(self, *names: str) -> bool:
        """True when any of ``names`` (default: every field) differs from what was loaded."""
        return any(
            st.session_state.get(self.key(n)) != self.loaded(n) for n in names or self.fields
        )

    def forget(self) -> None:
        """Drop the state (after a save, or to take the saved version): the next render opens
        the record afresh."""
        for key in (self._version_key, self._stale_key):
            st.session_state.pop(key, None)
        for name in self.fields:
            st.session_state.pop(self.key(name), None)
            st.session_state.pop(self.key(name) + "__loaded", None)

    def notice_drift(self, stored_version: int, what: str) -> None:
        """When the record is now at ``stored_version`` but the form opened another, say so
        (before the user saves: a save now would be refused)."""
        opened = self.version
        if opened is not None and opened != int(stored_version):
            st.session_state.setdefault(
                self._stale_key,
                f"Someone else changed {what} since you opened it; a save now would be refused. "
                "Reload it to see their change.",
            )

    def refused(self, exc: GovernanceError) -> None:
        """Show why a save was refused; a stale record's reason stays until the user reloads."""
        if isinstance(exc, StaleRecord):
            st.session_state[self._stale_key] = str(exc)
        else:
            st.error(plain(str(exc)))

    def stale_notice(self) -> None:
        """After a refused save: the reason and a button to take the saved version (which drops
        the user's edits: until they press it, their text stays on screen)."""
        message = st.session_state.get(self._stale_key)
        if message:
            st.error(plain(message))
            kept = "discards your edits" if self.fields else "your text stays in the form"
            if st.button(
                f"Reload the saved version ({kept})", key=f"{self.prefix}_reload_{self.record_id}"
            ):
                self.forget()
                st.rerun()
