"""Amounts as people type them, read exactly: ``1,234.50``, ``1.234,50``, ``1 234,50``,
``1'234.50``, ``0,95``, ``(120.00)``.

The decimal separator is the last of ``.`` and ``,`` when both appear; a lone ``,`` is a
thousands separator only where it groups digits by three after a non-zero lead (``1,000``,
``12,500,000``), else a decimal comma (``0,95``, ``12,5``); a lone ``.`` is the decimal point,
or, repeated in groups of three, a thousands separator (``1.234.567``). Anything else is refused
rather than guessed: stripping every comma read ``0,95`` as 95.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_GROUPED = {
    ",": re.compile(r"^[1-9]\d{0,2}(,\d{3})+$"),
    ".": re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$"),
}
_SPACES = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009']+(?=\d)")


def parse(value: object) -> Decimal:
    """``value`` (a number, or text as above) as an exact ``Decimal``; ``ValueError`` saying why
    when it is not an amount."""
    if isinstance(value, bool):
        raise ValueError("a yes/no is not an amount")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).strip()
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    if text and text[0] in "+-":
        negative ^= text[0] == "-"
        text = text[1:].strip()
    text = _SPACES.sub("", text)
    if not text or not re.fullmatch(r"[\d.,]+", text) or not re.search(r"\d", text):
        raise ValueError("not an amount")
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        whole, _, fraction = text.rpartition(decimal)
        if whole.count(decimal) or not (_GROUPED[group].match(whole) or whole.isdigit()):
            raise ValueError("its separators do not read as one amount")
        number = whole.replace(group, "") + "." + fraction
    elif commas:
        if _GROUPED[","].match(text):
            number = text.replace(",", "")
        elif commas == 1:
            number = text.replace(",", ".")
        else:
            raise ValueError("its commas do not read as one amount")
    elif dots > 1:
        if not _GROUPED["."].match(text):
            raise ValueError("its points do not read as one amount")
        number = text.replace(".", "")
    else:
        number = text
    try:
        amount = Decimal(number)
    except InvalidOperation:
        raise ValueError("not an amount") from None
    return -amount if negative else amount
