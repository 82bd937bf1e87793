"""Benchmarks for the governance library: fixed generated workloads, timed steps, one table.

Run ``python -m bench --help`` from the repository root; see bench/README.md.
"""
