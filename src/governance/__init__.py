"""Vendor governance for BPO oversight: the library behind the dashboard and the command line.

Where to start, by role (each subpackage has one front door):

- ``store``: ``store.db.connect`` opens a migrated connection for one unit of work; every SQL
  statement on the stored data lives here (``store.queries`` for reads, a module of statements
  per service family), ``store.quoting.quote_ident``, ``store.backups``, ``store.scope``.
- ``access``: ``access.actors.Actor`` (who acts, with which role), ``users``, the vendor
  registry ``vendors``, the ``audit`` trail every write leaves, versioned ``records``.
- ``ingest``: ``ingest.importer.run`` validates and loads one vendor export.
- ``kpis``: ``kpis.rollup`` computes every KPI at any allowed level; the ``catalogue``,
  ``periods`` and small-cell ``privacy``.
- ``scoring``: ``scoring.scorecard.scorecards`` (its ``rules`` and ``presentation``),
  ``credits``, ``health``, ``portfolio``.
- ``contracts``: terms, targets in force and amendments (``contracts.create_contract``); the
  file format in ``contracts.spec``.
- ``workflow``: escalations, meetings, training, compliance, due dates, the ``wording`` check.
- ``packs``: ``packs.gather`` then ``packs.workbook.to_bytes``.
- ``demo``: ``demo.load_demo``.  ``commands`` and ``cli``: the command line.
- ``ui``: the only part that imports Streamlit; ``ui.page`` and ``ui.editing`` are what every
  record page is built from.

The names below are re-exported lazily, so ``import governance`` stays cheap and never imports
Streamlit: ``governance.connect``, ``governance.Actor``, ``governance.rollup`` …
"""

from __future__ import annotations

import importlib

from governance.config import VERSION as __version__

_FRONT_DOORS = {
    "connect": "governance.store.db",
    "transaction": "governance.store.db",
    "Actor": "governance.access.actors",
    "rollup": "governance.kpis.engine",
    "scorecards": "governance.scoring.scorecard",
    "run_import": "governance.ingest.importer",
    "load_demo": "governance.demo.loader",
}
_RENAMED = {"run_import": "run"}

__all__ = ["__version__", *_FRONT_DOORS]


def __getattr__(name: str):
    if name not in _FRONT_DOORS:
        raise AttributeError(f"module 'governance' has no attribute {name!r}")
    module = importlib.import_module(_FRONT_DOORS[name])
    return getattr(module, _RENAMED.get(name, name))
