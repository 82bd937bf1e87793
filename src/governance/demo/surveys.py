"""The demo's stakeholder survey: four quarters of answers per vendor, by role.

Each vendor's relationship has its own story, as its figures do: Northwind is rated well and
steady, Bluebird slips quarter by quarter (its service level does too), Crestline holds near its
contract's 4.0, and Dunmore, live for a few months, had only two answers in its first quarter
(withheld) and improves after. Comments are outcome-based, as the wording check requires.
"""

from __future__ import annotations

import duckdb
import numpy as np

from governance.access.actors import Actor
from governance.kpis import periods
from governance.scoring import survey

ROLES = ("Operations", "Finance", "Quality assurance", "Workforce planning", "Customer insight")
# Vendor -> the mean rating of each of its last four quarters (oldest first) and respondents;
# a mean of None: not surveyed that quarter.
STORIES = {
    "Northwind Contact": ((4.3, 5), (4.2, 5), (4.4, 4), (4.3, 5)),
    "Bluebird BPO": ((4.0, 5), (3.7, 4), (3.4, 5), (3.1, 4)),
    "Crestline Services": ((3.9, 4), (4.0, 5), (3.8, 4), (4.1, 5)),
    "Dunmore Digital": ((None, 0), (None, 0), (3.2, 2), (3.6, 4)),
}
# The dimension each vendor is weakest on (its ratings there sit half a point lower).
WEAKEST = {
    "Northwind Contact": "proactivity",
    "Bluebird BPO": "responsiveness",
    "Crestline Services": "reporting",
    "Dunmore Digital": "reporting",
}
COMMENTS = {
    "Northwind Contact": [
        "Monthly reports arrive complete and on time",
        "Brought two process improvement ideas to the last QBR",
    ],
    "Bluebird BPO": [
        "Escalations take several days to get a first answer",
        "Root-cause analysis for the billing backlog is still outstanding",
        "Account team is open in meetings but slow to follow through",
    ],
    "Crestline Services": [
        "Reporting pack needs the program split we asked for",
        "Good partnership on the collections peak",
    ],
    "Dunmore Digital": [
        "Ramp-up went better than planned after the first month",
        "Dashboards still missing the channel view",
    ],
}


def answers(window: list[periods.Period], seed: int) -> list[dict]:
    """The demo's answers as ``survey.load`` rows: the four quarters ending with the window's
    last month's quarter."""
    rng = np.random.default_rng(seed + 18)
    last = periods.quarter(window[-1].start)
    quarters = [periods.shift(last, i - 3) for i in range(4)]
    rows = []
    for vendor, story in STORIES.items():
        said = iter(COMMENTS[vendor])
        for q, (mean, n) in zip(quarters, story, strict=True):
            if mean is None:
                continue
            for i in range(n):
                ratings = {}
                for d in survey.DIMENSIONS:
                    centre = mean - (0.5 if d == WEAKEST[vendor] else 0.0)
                    ratings[d] = int(np.clip(round(rng.normal(centre, 0.6)), 1, 5))
                rows.append(
                    {
                        "row": len(rows) + 2,
                        "vendor": vendor,
                        "quarter": q.label,
                        "role": ROLES[i % len(ROLES)],
                        "ratings": ratings,
                        "comment": next(said, None) if q == quarters[-1] or i == 0 else None,
                    }
                )
    return rows


def load_surveys(
    con: duckdb.DuckDBPyConnection, actor: Actor, window: list[periods.Period], seed: int
) -> int:
    """Load the demo's answers; returns how many."""
    done = survey.load(
        con,
        actor,
        answers(window, seed),
        source="demo: stakeholder survey",
        today=window[-1].end,
    )
    return done["responses"]
