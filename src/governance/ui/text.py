"""User text inside Markdown-rendering widgets (captions, alerts, expander labels) shown as written.

Prefer ``st.text`` or a table for user text. Where a message mixes our words with a user's
(a vendor name in a caption, a title in a "saved" note), pass it through ``plain`` first: the
characters that make inline Markdown or HTML (emphasis, code, links, images, tags, tables,
strike-through, LaTeX, emoji and icon codes) are backslash-escaped, and so is a block marker
(heading, list, quote) at the start of a line. ``**bold**``, links and ``<script>`` then show
literally, while ordinary punctuation in our own words ("#12", "knowledge-transfer") is left
alone.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<>|~$:&])")
_LINE_START = re.compile(r"(?m)^(\s*)(\d*)([#>+\-=.)])")


def plain(text: object) -> str:
    """Text escaped for Streamlit Markdown: it renders exactly as written, never as markup."""
    escaped = _INLINE.sub(r"\\\1", str(text))
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), escaped)
