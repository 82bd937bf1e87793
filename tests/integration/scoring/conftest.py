"""Fixtures of the scoring tests."""

from __future__ import annotations

import pytest

from tests.integration.scoring.publication_scenario import load_two_vendors


@pytest.fixture
def two_vendors(con):
    """Acme Care (service level 90 %: met) and Zenith BPO (76 %: below target, 20 points) in
    January 2026, each with a contract whose only target is service level."""
    return load_two_vendors(con)
