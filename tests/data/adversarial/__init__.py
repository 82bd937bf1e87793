"""The adversarial import corpus: agent-level exports in disguise, and legitimate aggregates."""
