"""Scoring vendors against their contracts: ``scorecard`` (lines, weighted scores, breakdowns),
``standings`` (score bands), ``vendor_view`` (one vendor's page data), ``health`` (leading
signals), ``portfolio`` (every vendor for leadership) and ``charts``.

Start at ``scorecard.scorecards``.
"""
