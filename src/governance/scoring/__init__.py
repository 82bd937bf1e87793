"""Scoring vendors against their contracts: ``scorecard`` (the engine: lines, weighted scores,
breakdowns), ``rules`` (status and points of one KPI, the weighted score), ``presentation`` (status
styles, tables, headlines and explanations), ``standings`` (score bands), ``vendor_view`` (one
vendor's page data), ``health`` (leading signals), ``portfolio`` (every vendor for leadership),
``headline`` (the Portfolio's tiles) and ``charts``.

Start at ``scorecard.scorecards``.
"""
