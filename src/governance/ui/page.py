"""The prologue every record page shares, and the one way a page saves.

``start`` draws the title and caption, shows the message a previous save left, and returns who
is acting, the sidebar's vendor and today. ``Page.save`` runs one service call in a connection:
on success the cached reads are dropped, the form's inputs cleared and the message shown on a
fresh run (so every table includes the change); on a refusal the reason is shown and nothing the
user typed is lost::

    page = ui_page.start("Meetings & actions", "What was decided…", flash="meetings_flash")
    if st.button("Save"):
        page.save(lambda con: meetings.add_decision(con, page.who, ...), "Decision recorded.",
                  clear=("dc_text",))
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import streamlit as st

from governance.access.actors import Actor
from governance.errors import GovernanceError
from governance.ui import feedback, filters, session
from governance.ui.editing import Edit
from governance.ui.text import plain


@dataclass(frozen=True)
class Page:
    """What a record page knows about its run."""

    who: Actor
    vendor: str | None  # the sidebar's vendor; None for all vendors
    today: date
    flash: str

    def vendor_index(self, names: Sequence[str]) -> int:
        """The position of the sidebar's vendor in ``names`` (a picker's default), else 0."""
        return list(names).index(self.vendor) if self.vendor in names else 0

    def save(
        self,
        write: Callable[[duckdb.DuckDBPyConnection], Any],
        message: str | Callable[[Any], str],
        *,
        clear: Sequence[str] = (),
        edit: Edit | None = None,
    ) -> None:
        """Run ``write`` (one service call); on success show ``message`` (or ``message(result)``)
        after a fresh run with the keys in ``clear`` emptied and ``edit`` forgotten; on a refusal
        show why (through ``edit`` when there is one, so a stale save can be reloaded)."""
        try:
            with session.connection() as con:
                result = write(con)
        except GovernanceError as exc:
            if edit is not None:
                edit.refused(exc)
            else:
                st.error(plain(str(exc)))
            return
        if edit is not None:
            edit.forget()
        text = message(result) if callable(message) else message
        feedback.saved(self.flash, text, tuple(clear))


def start(title: str, caption: str, *, flash: str) -> Page:
    """Draw the page's title and caption and the last save's message; return its ``Page``."""
    st.title(title)
    st.caption(caption)
    feedback.show_saved(flash)
    return Page(
        who=session.actor(), vendor=filters.current().vendor, today=date.today(), flash=flash
    )
