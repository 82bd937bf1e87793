"""The escalation clock and its targets: pure functions, table-driven at the boundaries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from governance.workflow import escalations as E
from governance.workflow.escalations import TargetsError

T0 = datetime(2026, 3, 2, 9, 0)
SECOND = timedelta(seconds=1)
H, D = timedelta(hours=1), timedelta(days=1)

# domain.md defaults: severity -> (response, resolution)
DEFAULTS = {
    "P1": (4 * H, 2 * D),
    "P2": (1 * D, 5 * D),
    "P3": (3 * D, 15 * D),
    "P4": (5 * D, 30 * D),
}


def run(severity="P1", level="L1", status="open", now=T0, **kw) -> E.Clock:
    return E.clock(severity=severity, level=level, status=status, raised_at=T0, now=now, **kw)


@pytest.mark.parametrize("level", E.LEVELS)
@pytest.mark.parametrize("severity", E.SEVERITIES)
def test_default_targets_are_those_of_the_domain_at_every_level(severity, level):
    target = E.default_targets().target(severity, level)
    assert (target.response, target.resolution) == DEFAULTS[severity]


# (severity, offset from raising, response breached?, resolution breached?)
BOUNDARIES = [
    case
    for sev, (resp, reso) in DEFAULTS.items()
    for case in [
        (sev, timedelta(0), False, False),
        (sev, resp, False, False),  # exactly at the response target: not breached
        (sev, resp + SECOND, True, False),  # one second after: breached
        (sev, reso, True, False),  # exactly at the resolution target
        (sev, reso + SECOND, True, True),
    ]
]


@pytest.mark.parametrize(("severity", "offset", "response", "resolution"), BOUNDARIES)
def test_unacknowledged_escalation_breaches_one_second_after_each_target(
    severity, offset, response, resolution
):
    c = run(severity, now=T0 + offset)
    assert (c.response_breached, c.resolution_breached) == (response, resolution)
    assert c.age == offset


@pytest.mark.parametrize(
    ("severity", "acknowledged_after", "breached"),
    [(s, DEFAULTS[s][0], False) for s in DEFAULTS]
    + [(s, DEFAULTS[s][0] + SECOND, True) for s in DEFAULTS],
)
def test_response_is_judged_by_when_it_was_acknowledged(severity, acknowledged_after, breached):
    now = T0 + 30 * D + timedelta(days=5)  # long after: only the acknowledgement time counts
    c = run(severity, status="acknowledged", now=now, acknowledged_at=T0 + acknowledged_after)
    assert c.response_breached is breached


@pytest.mark.parametrize(
    ("severity", "resolved_after", "breached"),
    [(s, DEFAULTS[s][1], False) for s in DEFAULTS]
    + [(s, DEFAULTS[s][1] + SECOND, True) for s in DEFAULTS],
)
def test_resolution_is_judged_by_when_it_was_resolved(severity, resolved_after, breached):
    c = run(
        severity,
        status="closed",
        now=T0 + 100 * D,
        acknowledged_at=T0,
        resolved_at=T0 + resolved_after,
    )
    assert c.resolution_breached is breached
    assert c.response_breached is False
    assert c.suggestion is None  # nothing to suggest once resolved
    assert c.age == resolved_after  # the age stops when it is resolved


def test_resolving_counts_as_the_response():
    c = run("P1", status="resolved", now=T0 + 10 * D, resolved_at=T0 + 3 * H)
    assert not c.response_breached and not c.resolution_breached


def test_a_resolved_at_left_on_a_reopened_escalation_does_not_stop_the_clock():
    c = run("P1", status="open", now=T0 + 3 * D, resolved_at=T0 + H, acknowledged_at=T0)
    assert c.resolution_breached


@pytest.mark.parametrize(
    ("level", "suggestion"),
    [("L1", "escalate to L2 management"), ("L2", "escalate to L3 executive"), ("L3", None)],
)
def test_breached_resolution_suggests_the_next_level_and_none_at_l3(level, suggestion):
    at_target = run("P2", level=level, now=T0 + 5 * D)
    assert at_target.suggestion is None
    c = run("P2", level=level, now=T0 + 5 * D + SECOND)
    if suggestion is None:
        assert c.suggestion is None
    else:
        assert suggestion in c.suggestion and "5 d" in c.suggestion


def test_each_level_runs_its_own_clock_from_when_it_was_reached():
    reached = T0 + 3 * D  # L1's P1 resolution target (2 d) was long breached at L1
    c = run(
        "P1",
        level="L2",
        status="escalated",
        now=reached + 4 * H,
        level_since=reached,
        acknowledged_at=T0 + H,
    )
    # The L1 acknowledgement does not answer for L2: L2 has 4 h, exactly used up.
    assert c.response_due == reached + 4 * H and not c.response_breached
    assert c.resolution_due == reached + 2 * D and not c.resolution_breached
    assert c.age == 3 * D + 4 * H  # the age counts from raising
    later = run(
        "P1",
        level="L2",
        status="escalated",
        now=reached + 4 * H + SECOND,
        level_since=reached,
        acknowledged_at=T0 + H,
    )
    assert later.response_breached


def test_a_level_override_applies_at_that_level_only(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text(_DEFAULTS_TOML + '[levels.L3.P1]\nresponse = "90m"\n', encoding="utf-8")
    targets = E.load_targets(path)
    assert targets.target("P1", "L3") == E.Target(timedelta(minutes=90), 2 * D)
    assert targets.target("P1", "L2") == E.Target(4 * H, 2 * D)
    c = E.clock(
        severity="P1",
        level="L3",
        status="escalated",
        raised_at=T0,
        now=T0 + 90 * timedelta(minutes=1) + SECOND,
        targets=targets,
    )
    assert c.response_breached


_DEFAULTS_TOML = """
version = 1
[defaults.P1]
response = "4h"
resolution = "2d"
[defaults.P2]
response = "1d"
resolution = "5d"
[defaults.P3]
response = "3d"
resolution = "15d"
[defaults.P4]
response = "5d"
resolution = "30d"
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_DEFAULTS_TOML.replace('response = "4h"', 'response = "4x"'), "'4x' is not a duration"),
        (_DEFAULTS_TOML.replace('response = "4h"', 'response = "0h"'), "'0h' is not a duration"),
        (
            _DEFAULTS_TOML.replace('response = "4h"', 'response = "3d"'),
            "longer than the resolution",
        ),
        (_DEFAULTS_TOML.replace("[defaults.P4]", "[defaults.P5]"), "no default target for P4"),
        (_DEFAULTS_TOML + "[levels.L4.P1]\nresponse = '1h'\n", "[levels.L4] is not a level"),
        (_DEFAULTS_TOML + "[levels.L2.P9]\nresponse = '1h'\n", "'P9' is not a severity"),
        (_DEFAULTS_TOML + "[levels.L2.P1]\nrespond = '1h'\n", "unknown key(s) respond"),
        (_DEFAULTS_TOML + "colour = 'red'\n", "unknown key(s) colour"),
        (_DEFAULTS_TOML.replace('resolution = "2d"\n', "", 1), "both response and resolution"),
        ("version = [", "not valid TOML"),
    ],
)
def test_a_bad_targets_file_is_refused_naming_the_entry(tmp_path, text, message):
    path = tmp_path / "targets.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetsError) as info:
        E.load_targets(path)
    assert message in str(info.value)


def test_the_packaged_targets_file_loads():
    assert E.load_targets().defaults == E.default_targets().defaults


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4h", 4 * H), ("2d", 2 * D), ("90m", timedelta(minutes=90)), (" 1.5 d ", 36 * H)],
)
def test_parse_duration(text, expected):
    assert E.parse_duration(text) == expected


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (4 * H, "4 h"),
        (2 * D, "2 d"),
        (3 * D + 4 * H, "3 d 4 h"),
        (timedelta(minutes=45), "45 min"),
        (timedelta(0), "0 min"),
        (H + timedelta(minutes=5), "1 h 5 min"),
    ],
)
def test_describe(delta, text):
    assert E.describe(delta) == text


@pytest.mark.parametrize(
    ("status", "level", "actions"),
    [
        ("open", "L1", ["acknowledge", "escalate", "resolve"]),
        ("acknowledged", "L2", ["escalate", "resolve"]),
        ("escalated", "L2", ["acknowledge", "escalate", "resolve"]),
        ("escalated", "L3", ["acknowledge", "resolve"]),  # nowhere above L3
        ("resolved", "L1", ["close", "reopen"]),
        ("closed", "L1", []),
    ],
)
def test_next_actions_follow_the_transition_table(status, level, actions):
    assert E.next_actions(status, level) == actions
