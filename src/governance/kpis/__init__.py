"""KPIs: the catalogue (KPIs as data), periods, the engine that rolls components up into KPIs at
any allowed level, and small-cell privacy.

The front door is the engine: ``from governance import kpis; kpis.rollup(...)``.
"""

from governance.kpis.engine import resolve, rollup

__all__ = ["resolve", "rollup"]
