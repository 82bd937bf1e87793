"""The demo portfolio: vendors and contracts (``plans``), 18 months of facts, governance records
(``records``) and sample vendor exports (``exports``).

The front door: ``demo.load_demo(con, actor)``.
"""

from governance.demo.loader import load_demo

__all__ = ["load_demo"]
