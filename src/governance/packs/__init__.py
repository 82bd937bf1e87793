"""MBR, QBR and portfolio packs: ``data`` gathers a period's figures, ``workbook`` lays them out
as an Excel workbook whose sheets are slides.

The front door: ``packs.gather(...)`` then ``packs.workbook.to_bytes(data)``.
"""

from governance.packs.data import (
    SHEETS,
    PackData,
    Tile,
    gather,
    pack_name,
    portfolio_table,
    sheets,
    standing_note,
    tile_text,
    tiles,
)

__all__ = [
    "SHEETS",
    "PackData",
    "Tile",
    "gather",
    "pack_name",
    "portfolio_table",
    "sheets",
    "standing_note",
    "tile_text",
    "tiles",
]
