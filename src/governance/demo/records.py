"""The demo's contracts and governance records: targets and amendments, escalations with their
history, MBR / QBR / steering meetings with minutes and decisions, and action items.

Dates are relative to the last month of data, so the records fit any end month. All wording is
outcome-based: it talks about programs, sites and the vendor, never about individual vendor staff.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import duckdb
import pandas as pd

from governance import contracts
from governance.access.actors import Actor
from governance.demo.plans import MONTHS, PLANS, SL_THRESHOLD, aht_target, outage_day
from governance.kpis import periods
from governance.workflow import escalations, meetings

# --- contracts ------------------------------------------------------------------------------------

_POOL_ALLOCATIONS = (50, 30, 35, 35)  # sums to 150: a pool of 150 % available
_ALLOCATIONS = (35, 20, 25, 20)  # sums to 100: no pool
_SL_RAISE = {"kpi": "service_level", "expected": 0.85, "minimum": 0.80}


def _targets(sl, abandon, csat, qa, aht, fcr, attrition, allocations) -> list[dict]:
    """Seven targets weighted to 100: four critical service levels (credits), three key measures."""
    a_sl, a_ab, a_csat, a_qa = allocations

    def t(kpi, levels, weight, allocation=None):
        tier = "critical" if allocation is not None else "key"
        out = {"kpi": kpi, "expected": levels[0], "minimum": levels[1], "weight": weight}
        return out | {"tier": tier} | ({"allocation_pct": allocation} if allocation else {})

    return [
        t("service_level", sl, 25, a_sl),
        t("abandon_rate", abandon, 15, a_ab),
        t("csat", csat, 20, a_csat),
        t("qa_score", qa, 15, a_qa),
        t("aht", aht, 10),
        t("fcr", fcr, 10),
        t("attrition", attrition, 5),
    ]


def _with_relationship(targets: list[dict]) -> list[dict]:
    """``targets`` with the relationship score (expected 4.0, minimum 3.5) weighted 5, taken
    from FCR's weight."""
    out = [t | {"weight": t["weight"] - 5} if t["kpi"] == "fcr" else t for t in targets]
    return [*out, {"kpi": "relationship_score", "expected": 4.0, "minimum": 3.5, "weight": 5}]


def contract_specs(window: list[periods.Period]) -> list[dict]:
    """The four demo contracts as ``contracts.create_contract`` specs, amendments included."""
    start, end = window[0].start, window[-1].start
    plan = {p.name: p for p in PLANS}
    dunmore = window[plan["Dunmore Digital"].first_month].start

    def months(d: date, n: int) -> date:
        return periods.add_months(d, n)

    def sl(over="offered", **extra):
        return {"over": over, "threshold_seconds": SL_THRESHOLD, **extra}

    def programs(name):
        return list(plan[name].programs)

    raise_sl = {
        "effective_from": months(end, -8),
        "approved_by": "VMO lead",
        "reason": "Customer experience programme: service level target raised for every program",
        "targets": [_SL_RAISE],
    }
    return [
        {
            "vendor": "Northwind Contact",
            "name": "Customer care MSA",
            "start": start,
            "end": months(start, 36) - timedelta(days=1),
            "pricing": "per_productive_hour",
            "currency": "USD",
            "rates": [
                {"price": "28.50"},
                {"unit": "training_hour", "price": "22.00"},  # client-specific training
            ],
            "at_risk_pct": 10,
            "pool_pct_available": 150,
            "earn_back_windows": 3,
            "renewal_notice": months(start, 30),
            "legal_review": months(end, 4),
            "service_level": sl(),
            "programs": programs("Northwind Contact"),
            "targets": _targets(
                (0.80, 0.75),
                (0.04, 0.06),
                (0.80, 0.75),
                (0.90, 0.85),
                aht_target(plan["Northwind Contact"]),
                (0.72, 0.66),
                (0.055, 0.075),
                _POOL_ALLOCATIONS,
            ),
            "amendments": [raise_sl],
        },
        {
            "vendor": "Bluebird BPO",
            "name": "Billing and retention services agreement",
            "start": start,
            "end": months(start, 30) - timedelta(days=1),
            "pricing": "per_handled_minute",
            "currency": "USD",
            # 0.95 a minute, 0.88 beyond 1.5 million minutes a month (graduated).
            "rates": [{"price": "0.95", "bands": [["1500000", "0.88"]]}],
            "at_risk_pct": 12,
            "pool_pct_available": 150,
            "earn_back_windows": 3,
            "renewal_notice": months(start, 24),
            # Overdue: it fell due two weeks into the month before the last.
            "legal_review": months(end, -1) + timedelta(days=14),
            "service_level": sl(),
            "programs": programs("Bluebird BPO"),
            "targets": _targets(
                (0.80, 0.75),
                (0.04, 0.06),
                (0.80, 0.75),
                (0.90, 0.85),
                aht_target(plan["Bluebird BPO"]),
                (0.72, 0.66),
                (0.065, 0.085),
                _POOL_ALLOCATIONS,
            ),
            "amendments": [raise_sl],
        },
        {
            "vendor": "Crestline Services",
            "name": "Technical support and collections SOW",
            "start": months(start, -12),
            "end": months(start, 24) - timedelta(days=1),
            "pricing": "per_contact",
            "currency": "USD",
            "rates": [{"price": "4.10"}],
            "at_risk_pct": 10,
            "earn_back_windows": 2,
            # Continuous improvement: each year half the gap to its best quarter's months.
            "ratchet": {"share": 0.5, "best_months": 3, "cap": 2, "cap_seconds": 10},
            "renewal_notice": months(start, 18),
            "legal_review": months(end, 2) + timedelta(days=9),
            "service_level": sl("offered_less_short_abandons", short_abandon_seconds=5),
            "programs": programs("Crestline Services"),
            # The stakeholder survey's relationship score counts for 5 of FCR's 10.
            "targets": _with_relationship(
                _targets(
                    (0.80, 0.75),
                    (0.045, 0.065),
                    (0.80, 0.75),
                    (0.88, 0.83),
                    aht_target(plan["Crestline Services"]),
                    (0.70, 0.64),
                    (0.06, 0.08),
                    _ALLOCATIONS,
                )
            ),
            "amendments": [
                {
                    "effective_from": months(end, -10),
                    "approved_by": "Director of customer operations",
                    "reason": "Retention focus: CSAT target raised on both programs",
                    "targets": [{"kpi": "csat", "expected": 0.82, "minimum": 0.77}],
                }
            ],
        },
        {
            "vendor": "Dunmore Digital",
            "name": "Sales and collections agreement",
            "start": dunmore,
            "end": months(dunmore, 24) - timedelta(days=1),
            "pricing": "per_fte",
            "currency": "USD",
            # A minimum commitment during the ramp: at least 650,000 a month.
            "rates": [{"price": "4800", "minimum_monthly": "650000"}],
            "at_risk_pct": 11,
            "earn_back_windows": 3,
            "renewal_notice": months(dunmore, 18),
            "legal_review": months(dunmore, 6) + timedelta(days=20),
            "service_level": sl(),
            "programs": programs("Dunmore Digital"),
            # Ramp-up targets for the first months after go-live.
            "targets": _targets(
                (0.75, 0.65),
                (0.06, 0.08),
                (0.78, 0.72),
                (0.85, 0.80),
                aht_target(plan["Dunmore Digital"]),
                (0.66, 0.60),
                (0.07, 0.09),
                _ALLOCATIONS,
            ),
            "amendments": [
                {
                    "effective_from": months(end, -2),
                    "approved_by": "VMO lead",
                    "reason": "Ramp-up period ended: steady-state targets apply",
                    "targets": [
                        {"kpi": "service_level", "expected": 0.80, "minimum": 0.75},
                        {"kpi": "qa_score", "expected": 0.90, "minimum": 0.85},
                    ],
                }
            ],
        },
    ]


def load_contracts(con: duckdb.DuckDBPyConnection, actor: Actor, window) -> dict[str, int]:
    """Create the demo contracts; returns vendor name -> contract id."""
    return {s["vendor"]: contracts.create_contract(con, actor, s) for s in contract_specs(window)}


# --- escalations ----------------------------------------------------------------------------------


def _escalations(window) -> list[dict]:
    """Each escalation with its history: ``at`` is (months before the end, day, hour)."""
    outage = outage_day(window)
    outage_at = (MONTHS - 1 - _month_index(window, outage), outage.day, 9 + 40 / 60)
    billed = window[MONTHS - 6].start
    return [
        {
            "key": "outage",
            "vendor": "Northwind Contact",
            "category": "operational_incident",
            "severity": "P1",
            "site": "Leeds",
            "at": outage_at,
            "title": "Telephony outage at the Leeds site interrupted inbound voice",
            "description": "A carrier failure stopped inbound voice routing to the Leeds site for "
            "about three hours. Voice service level at Leeds fell below 50% for the day on both "
            "programs.",
            "steps": [
                (
                    "acknowledged",
                    0.33,
                    {
                        "note": "Vendor account manager confirmed the incident and "
                        "opened a bridge call."
                    },
                ),
                (
                    "escalated",
                    1.5,
                    {
                        "to_level": "L2",
                        "note": "Outage beyond one hour: moved to "
                        "management level with the vendor operations director.",
                    },
                ),
                (
                    "resolved",
                    4,
                    {
                        "root_cause": "Carrier circuit failure; automatic failover to the "
                        "secondary circuit was not configured for the Leeds site.",
                        "resolution": "Traffic rerouted to Cape Town and Manila, circuit "
                        "restored, failover configured and tested.",
                        "note": "Service restored; root-cause report due within five working days.",
                    },
                ),
                (
                    "closed",
                    9 * 24,
                    {"note": "Root-cause report and failover test evidence reviewed at the MBR."},
                ),
            ],
        },
        {
            "key": "reporting",
            "vendor": "Crestline Services",
            "category": "relationship",
            "severity": "P4",
            "at": (8, 9, 11),
            "title": "Monthly reporting pack delivered after the agreed date",
            "description": "The monthly performance pack arrived eight working days after month "
            "end for two months running, which delayed the MBR preparation.",
            "steps": [
                ("acknowledged", 71, {}),
                (
                    "resolved",
                    13 * 24 + 4,
                    {
                        "resolution": "Reporting calendar agreed: the pack is "
                        "due on the fifth working day."
                    },
                ),
                ("closed", 61 * 24, {"note": "Pack delivered on time two months in a row."}),
            ],
        },
        {
            "key": "billing",
            "vendor": "Crestline Services",
            "category": "billing",
            "severity": "P3",
            "at": (4, 6, 14),
            "title": f"Per-contact invoice for {billed:%B %Y} exceeds handled contacts",
            "description": "The invoice bills about 1.8% more contacts than the handled contacts "
            "in the KPI data for Tech support tier 1 and Collections.",
            "steps": [
                ("acknowledged", 19.5, {}),
                (
                    "resolved",
                    14 * 24 + 2,
                    {
                        "root_cause": "Contacts transferred between queues were counted twice after a "
                        "change in the vendor's reporting system.",
                        "resolution": "Credit note issued for the over-billed contacts; the vendor "
                        "added an invoice reconciliation check against the KPI data before "
                        "submission.",
                    },
                ),
            ],
        },
        {
            "key": "compliance",
            "vendor": "Dunmore Digital",
            "category": "compliance_data_security",
            "severity": "P2",
            "site": "Nairobi",
            "at": (3, 3, 10),
            "title": "Data-handling attestation missing for the Nairobi site",
            "description": "The clean-desk and data-handling attestation for the Nairobi site was "
            "due at go-live plus 90 days and has not been received.",
            "steps": [
                ("acknowledged", 23, {}),
                (
                    "escalated",
                    30 * 24,
                    {
                        "to_level": "L2",
                        "note": "Attestation still outstanding "
                        "after the agreed date; raised with the vendor operations "
                        "director.",
                    },
                ),
            ],
        },
        {
            "key": "attrition",
            "vendor": "Bluebird BPO",
            "category": "service_performance",
            "severity": "P3",
            "site": "Cebu",
            "at": (2, 12, 10),
            "title": "Attrition at the Cebu site above the contract level for three months",
            "description": "Monthly attrition at the Cebu site has risen for three months and "
            "early-tenure attrition is above one in four, putting service level on both programs "
            "at risk.",
            "steps": [
                (
                    "acknowledged",
                    47,
                    {
                        "note": "Vendor operations director to present a staffing "
                        "and retention plan for the site at the MBR."
                    },
                ),
            ],
        },
        {
            "key": "service_level",
            "vendor": "Bluebird BPO",
            "category": "service_performance",
            "severity": "P2",
            "program": "Billing care",
            "at": (0, 5, 11),
            "title": "Service level on Billing care below the contract minimum",
            "description": "Service level for Bluebird BPO fell below the 80% contract minimum "
            "last month after five months of decline; CSAT and QA are drifting down on Billing "
            "care.",
            "steps": [],
        },
    ]


def load_escalations(con: duckdb.DuckDBPyConnection, actor: Actor, window) -> dict[str, int]:
    """Raise the demo escalations and replay their history; returns key -> escalation id."""
    ids = {}
    for e in _escalations(window):
        before_end, day, hour = e["at"]
        raised = _when(window, before_end, day, hour)
        ids[e["key"]] = escalation_id = escalations.raise_escalation(
            con,
            actor,
            vendor=e["vendor"],
            category=e["category"],
            severity=e["severity"],
            title=e["title"],
            description=e["description"],
            program=e.get("program"),
            site=e.get("site"),
            raised_at=raised,
        )
        for status, hours_after, extra in e["steps"]:
            escalations.transition(
                con,
                actor,
                escalation_id,
                to_status=status,
                at=raised + timedelta(hours=hours_after),
                **extra,
            )
    return ids


# --- meetings, decisions, action items ------------------------------------------------------------

_NARRATIVE = {
    "Northwind Contact": (
        "All critical service levels met; no service credit due.",
        "Volumes on plan; the vendor shared its forecast for the coming quarter.",
    ),
    "Bluebird BPO": (
        "Service level is trending toward the contract minimum; attrition and early-tenure "
        "attrition keep rising, mostly at the Cebu site.",
        "The vendor presented first findings on attrition; the client asked for a plan with dated "
        "milestones that restores service level on Billing care.",
    ),
    "Crestline Services": (
        "Results swing from month to month; the client asked for a forecast-accuracy review to "
        "stabilise service level.",
        "Invoice reconciliation against the KPI data is now part of the monthly close.",
    ),
    "Dunmore Digital": (
        "Ramp-up continues: service level, QA and AHT improve month on month.",
        "The vendor confirmed readiness for the steady-state targets.",
    ),
}
# The service level the minutes quote: each contract's own definition.
_SL_COLUMN = {"Crestline Services": "service_level_less_short"}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _scorecard_line(k: pd.Series, sl_column: str) -> str:
    return (
        f"Service level {_pct(k[sl_column])}, abandonment {_pct(k['abandon_rate'])}, "
        f"AHT {k['aht']:.0f} s, CSAT {_pct(k['csat'])}, QA {_pct(k['qa_score'])}, "
        f"FCR {_pct(k['fcr'])}, attrition {_pct(k['attrition'])}."
    )


def load_meetings(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    window: list[periods.Period],
    monthly: dict[str, pd.DataFrame],
    escalation_ids: dict[str, int],
) -> dict[str, int]:
    """MBRs, QBRs and a steering committee with minutes, decisions and action items.

    ``monthly`` holds each vendor's KPIs by month (for the minutes). Returns counts of
    ``meetings``, ``decisions`` and ``actions``.
    """
    end = window[-1].start
    mbr: dict[tuple[str, int], int] = {}
    held_on: dict[int, datetime] = {}
    counts = {"meetings": 0, "decisions": 0, "actions": 0}

    def meeting(vendor, kind, day, title, attendees, agenda, minutes=None) -> int:
        meeting_id = meetings.create_meeting(
            con,
            actor,
            vendor=vendor,
            kind=kind,
            meeting_date=day,
            title=title,
            attendees=attendees,
            agenda=agenda,
            minutes=minutes,
        )
        held_on[meeting_id] = datetime(day.year, day.month, day.day, 17)
        counts["meetings"] += 1
        return meeting_id

    for plan in PLANS:
        am, od, sponsor = plan.contacts
        attendees = (
            f"Client: VMO lead, vendor manager. {plan.name}: account manager ({am}), "
            f"operations director ({od})."
        )
        for before in (3, 2, 1):  # the MBRs already held, each on the 8th of the next month
            month = periods.add_months(end, -before)
            k = monthly[plan.name].loc[pd.Period(month, "M")]
            minutes = (
                f"Scorecard for {month:%B %Y}: "
                f"{_scorecard_line(k, _SL_COLUMN.get(plan.name, 'service_level'))}\n"
                f"{_NARRATIVE[plan.name][0 if before > 1 else 1]}\n"
                "Open escalations and action items reviewed."
            )
            mbr[(plan.name, before)] = meeting(
                plan.name,
                "MBR",
                periods.add_months(month, 1) + timedelta(days=7),
                f"{plan.name} MBR: {month:%B %Y}",
                attendees,
                "Scorecard and SLA results; service credits; escalations; action items; "
                "volume forecast.",
                minutes,
            )
        # The MBR for the last month is still to come: an agenda, no minutes yet.
        meeting(
            plan.name,
            "MBR",
            periods.add_months(end, 1) + timedelta(days=7),
            f"{plan.name} MBR: {end:%B %Y}",
            attendees,
            "Scorecard and SLA results; service credits; escalations; action items.",
        )

    # Quarterly reviews of the established vendors: the last quarter whose QBR is already held.
    quarter = periods.quarter(periods.add_months(end, -1))
    if quarter.end >= end:
        quarter = quarter.previous()
    qbr = {}
    for plan in PLANS[:3]:
        q = monthly[plan.name].loc[pd.Period(quarter.start, "M") : pd.Period(quarter.end, "M")]
        sl = q[_SL_COLUMN.get(plan.name, "service_level")]
        qbr[plan.name] = meeting(
            plan.name,
            "QBR",
            periods.add_months(quarter.end, 1) + timedelta(days=14),
            f"{plan.name} QBR: {periods.label(quarter)}",
            f"Client: director of customer operations, VMO lead. {plan.name}: executive sponsor "
            f"({plan.contacts[2]}), account manager ({plan.contacts[0]}).",
            "Quarter trends; relationship health; improvement plans; contract changes.",
            f"Quarter {quarter.label}: service level ranged {_pct(sl.min())} to {_pct(sl.max())}; "
            f"CSAT ranged {_pct(q['csat'].min())} to {_pct(q['csat'].max())}. {_NARRATIVE[plan.name][0]}",
        )
    steering = meeting(
        "Dunmore Digital",
        "steering",
        periods.add_months(end, -3) + timedelta(days=19),
        "Dunmore Digital ramp-up steering committee",
        "Client: director of customer operations, VMO lead. Dunmore Digital: executive sponsor "
        "(Fiona Brennan), operations director (Wanjiru Kamau).",
        "Ramp-up results against plan; readiness for steady-state targets; compliance.",
        "Service level, QA and AHT improved every month since go-live. The Nairobi data-handling "
        "attestation is still outstanding.",
    )

    decisions = [
        (qbr["Northwind Contact"], "Keep the Leeds failover test on the quarterly calendar."),
        (
            qbr["Northwind Contact"],
            "The service level target of 85% (minimum 80%) in force since "
            f"{periods.add_months(end, -8):%d %B %Y} stays for the next contract year.",
        ),
        (
            qbr["Bluebird BPO"],
            "Bluebird BPO moves to fortnightly service reviews until service "
            "level is back above target for two consecutive months.",
        ),
        (
            mbr[("Bluebird BPO", 1)],
            "The service credit for the service level default applies; "
            "earn-back over the next three months as the contract provides.",
        ),
        (
            qbr["Crestline Services"],
            "Invoice reconciliation against the KPI data becomes a standing MBR item.",
        ),
        (
            steering,
            "Ramp-up period ends: steady-state targets apply from "
            f"{periods.add_months(end, -2):%d %B %Y} (amendment recorded).",
        ),
        (mbr[("Northwind Contact", 2)], "No change to the volume forecast for next quarter."),
    ]
    for meeting_id, text in decisions:
        meetings.add_decision(con, actor, meeting_id, text)
        counts["decisions"] += 1

    month_end = window[-1].end
    later = month_end + timedelta(days=30)
    # (vendor, MBR months before the end or None, escalation key, kpi, owner side, owner,
    #  due date, status, days after the meeting it was done, text)
    actions = [
        (
            "Bluebird BPO",
            1,
            "attrition",
            "service_level",
            "vendor",
            "Bluebird BPO operations director",
            month_end - timedelta(days=3),
            "open",
            None,
            "Vendor to present a staffing and retention plan that restores service level on Billing "
            "care to 85% by the end of next month.",
        ),
        (
            "Bluebird BPO",
            1,
            None,
            "qa_score",
            "vendor",
            "Bluebird BPO account manager",
            later,
            "in_progress",
            None,
            "Vendor to submit a QA remediation plan for Billing care and Sales & retention.",
        ),
        (
            "Bluebird BPO",
            1,
            None,
            None,
            "client",
            "Client knowledge team",
            month_end - timedelta(days=20),
            "done",
            6,
            "Client to deliver updated billing-dispute knowledge articles to the vendor's trainers.",
        ),
        (
            "Bluebird BPO",
            None,
            "attrition",
            "attrition",
            "vendor",
            "Bluebird BPO account manager",
            later,
            "open",
            None,
            "Vendor to report monthly attrition and early-tenure attrition per site, as aggregates, "
            "with the main reasons from exit surveys.",
        ),
        (
            "Crestline Services",
            3,
            "billing",
            "billing_accuracy",
            "vendor",
            "Crestline Services account manager",
            None,
            "done",
            10,
            "Vendor to show that the new invoice reconciliation check ran on the last two invoices.",
        ),
        (
            "Crestline Services",
            3,
            None,
            None,
            "client",
            "Client workforce planning",
            month_end - timedelta(days=10),
            "open",
            None,
            "Client to share the monthly volume forecast for Tech support tier 1 five working days "
            "before each month starts.",
        ),
        (
            "Crestline Services",
            1,
            None,
            "interval_sl_attainment",
            "vendor",
            "Crestline Services operations director",
            later,
            "open",
            None,
            "Vendor to present a forecast-accuracy and interval-coverage review for Collections.",
        ),
        (
            "Northwind Contact",
            3,
            "outage",
            None,
            "vendor",
            "Northwind Contact operations director",
            None,
            "done",
            18,
            "Vendor to provide the quarterly failover test results for the Leeds site.",
        ),
        (
            "Northwind Contact",
            1,
            None,
            None,
            "client",
            "Client workforce planning",
            later,
            "open",
            None,
            "Client to confirm next quarter's volume forecast for both programs.",
        ),
        (
            "Dunmore Digital",
            2,
            "compliance",
            None,
            "vendor",
            "Dunmore Digital operations director",
            month_end - timedelta(days=15),
            "in_progress",
            None,
            "Vendor to deliver the data-handling attestation for the Nairobi site.",
        ),
        (
            "Dunmore Digital",
            2,
            None,
            None,
            "client",
            "Client knowledge team",
            month_end - timedelta(days=25),
            "done",
            9,
            "Client to run a knowledge-transfer session on Collections payment arrangements for the "
            "vendor's trainers.",
        ),
        (
            "Dunmore Digital",
            1,
            None,
            None,
            "vendor",
            "Dunmore Digital account manager",
            later,
            "open",
            None,
            "Vendor to present the ramp-up exit report with service level, QA and AHT against the "
            "steady-state targets.",
        ),
    ]
    for vendor, before, esc, kpi, side, owner, due, status, done_after, text in actions:
        meeting_id = mbr[(vendor, before)] if before is not None else mbr[(vendor, 1)]
        created = held_on[meeting_id]
        action_id = meetings.add_action_item(
            con,
            actor,
            vendor=vendor,
            description=text,
            owner_side=side,
            owner=owner,
            due_date=due or (created + timedelta(days=done_after + 4)).date(),
            meeting_id=meeting_id if before is not None else None,
            escalation_id=escalation_ids[esc] if esc else None,
            kpi=kpi,
            created_at=created,
        )
        if status != "open":
            done_at = created + timedelta(days=done_after) if status == "done" else None
            meetings.set_action_status(con, actor, action_id, status, at=done_at)
        counts["actions"] += 1
    return counts


def _month_index(window, day: date) -> int:
    return next(i for i, p in enumerate(window) if p.start <= day <= p.end)


def _when(window, months_before_end: int, day: int, hour: float) -> datetime:
    month = window[MONTHS - 1 - months_before_end].start
    return datetime(month.year, month.month, day) + timedelta(hours=hour)
