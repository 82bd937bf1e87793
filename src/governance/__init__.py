"""Vendor governance for BPO oversight: the library behind the dashboard and the command line.

Importing this package never imports Streamlit; only ``governance.ui`` does.
"""

__version__ = "0.1.0"
