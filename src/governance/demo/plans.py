"""The demo's numbers: four vendor plans, their stories month by month, and daily KPI facts
generated from them with every component of the catalogue, internally consistent.

Pure functions of a seed and an end month (numpy's ``default_rng``): nothing here touches the
database. ``governance.demo.loader`` loads what ``generate`` returns.

The stories (``end`` is the last month of data):

- **Northwind Contact**: steady; meets every critical level every month.
- **Bluebird BPO**: declining. From six months before ``end`` attrition and early-tenure attrition
  rise (mostly at its Cebu site), CSAT and QA drift down and service level slides; it misses its
  expected level from ``end``-3 and falls below its contract minimum (a default) in the last two
  months only.
- **Crestline Services**: volatile month to month, below its expected service level in three
  months; one month over-billed.
- **Dunmore Digital**: new, live from six months before ``end``; weak first months improving to
  target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from governance.kpis import periods
from governance.kpis.catalogue import COMPONENT_NAMES

MONTHS = 18
CHANNELS = ("voice", "chat", "email")
SL_THRESHOLD = 20
CLIENT = "Harbour Telecom"  # the fictional client whose VMO governs the vendors

PROGRAMS = {
    "Billing care": "Bills, payments, refunds and billing disputes",
    "Tech support tier 1": "First-line technical support for broadband and mobile",
    "Sales & retention": "Upgrades, renewals and saves of customers about to leave",
    "Collections": "Early-stage collections and payment arrangements",
}
# Weekly-average daily voice contacts per program and site, and voice AHT in seconds.
_VOICE_VOLUME = {
    "Billing care": 1560,
    "Tech support tier 1": 1280,
    "Sales & retention": 1040,
    "Collections": 1120,
}
_VOICE_AHT = {
    "Billing care": 395,
    "Tech support tier 1": 545,
    "Sales & retention": 455,
    "Collections": 335,
}
_CHANNEL_VOLUME = {"voice": 1.0, "chat": 0.42, "email": 0.26}
_CHANNEL_AHT = {"voice": 1.0, "chat": 1.5, "email": 0.85}
_CHANNEL_ABANDON = {"voice": 1.0, "chat": 0.85, "email": 0.15}
_CSAT_RESPONSE_RATE = {"voice": 0.10, "chat": 0.20, "email": 0.07}
# Monday .. Sunday; chat and email fall further than voice at the weekend.
_WEEKDAY = {
    "voice": np.array([1.22, 1.08, 1.02, 0.98, 0.95, 0.55, 0.38]),
    "chat": np.array([1.15, 1.05, 1.00, 1.00, 0.95, 0.48, 0.33]),
    "email": np.array([1.25, 1.10, 1.00, 0.98, 0.90, 0.25, 0.15]),
}
_WEEKDAY = {k: v / v.mean() for k, v in _WEEKDAY.items()}
_PRODUCTIVE_HOURS_PER_FTE = 130 * 0.75  # monthly paid hours × occupancy (many work part time)


@dataclass(frozen=True)
class Site:
    name: str
    country: str
    volume: float  # share of the vendor's volume per program (1.0 = the program's base)
    attrition: float  # monthly attrition the site runs at when all is well
    decline: float = 1.0  # how strongly the vendor's decline shows at this site


@dataclass(frozen=True)
class VendorPlan:
    name: str
    contacts: tuple[str, str, str]  # account manager, operations director, executive sponsor
    programs: tuple[str, str]
    sites: tuple[Site, ...]
    first_month: int  # index into the 18 months of the first month with data
    pricing: str
    rate: float


PLANS = (
    VendorPlan(
        "Northwind Contact",
        ("Hannah Okafor", "Marcus Lindqvist", "Elena Duarte"),
        ("Billing care", "Tech support tier 1"),
        (
            Site("Leeds", "United Kingdom", 1.2, 0.035),
            Site("Cape Town", "South Africa", 1.0, 0.045),
            Site("Manila", "Philippines", 0.9, 0.055),
        ),
        0,
        "per_productive_hour",
        26.5,
    ),
    VendorPlan(
        "Bluebird BPO",
        ("Rafael Moreno", "Grace Tan", "Anil Mehta"),
        ("Billing care", "Sales & retention"),
        (Site("Cebu", "Philippines", 1.0, 0.055, 1.4), Site("Bogota", "Colombia", 1.0, 0.055, 0.6)),
        0,
        "per_handled_minute",
        0.55,
    ),
    VendorPlan(
        "Crestline Services",
        ("Sofia Novak", "Daniel Reyes", "Claire Whitfield"),
        ("Tech support tier 1", "Collections"),
        (
            Site("Tampa", "United States", 1.0, 0.045),
            Site("Monterrey", "Mexico", 1.0, 0.06),
            Site("Krakow", "Poland", 0.8, 0.045),
        ),
        0,
        "per_contact",
        4.10,
    ),
    VendorPlan(
        "Dunmore Digital",
        ("Liam Gallagher", "Wanjiru Kamau", "Fiona Brennan"),
        ("Sales & retention", "Collections"),
        (Site("Belfast", "United Kingdom", 0.35, 0.04), Site("Nairobi", "Kenya", 0.6, 0.055)),
        MONTHS - 7,
        "per_fte",
        3900.0,
    ),
)


def default_end_month(today: date | None = None) -> date:
    """The last complete month before ``today``: its first day."""
    return periods.add_months((today or date.today()).replace(day=1), -1)


@dataclass(frozen=True)
class DemoData:
    """The generated demo numbers, before anything is written."""

    window: list[periods.Period]  # the 18 months, oldest first
    facts: dict[str, pd.DataFrame]  # vendor name -> daily rows (date, dims, every component)
    contacts: pd.DataFrame  # the contact-level rows behind one slice (see ``simulate_contacts``)


def generate(*, seed: int = 2026, end_month: date | None = None) -> DemoData:
    """The demo's facts for the 18 months ending with ``end_month``; same inputs, same numbers."""
    end = (end_month or default_end_month()).replace(day=1)
    window = periods.months_back(end, MONTHS)
    rng = np.random.default_rng(seed)
    frames = {plan.name: vendor_facts(plan, window, rng) for plan in PLANS}
    contacts = simulate_contacts(frames["Dunmore Digital"], window[-1], rng)
    return DemoData(window, frames, contacts)


# --- the stories, month by month ----------------------------------------------------------------


def _profile(plan: VendorPlan, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Monthly levels for one vendor over the 18 months (index 0 = oldest)."""
    m = np.arange(MONTHS)
    k = m - (MONTHS - 1)  # months before the end: 0 is the last month
    flat = np.ones(MONTHS)
    p = {
        "sl": 0.885 * flat,
        "abandon": 0.022 * flat,
        "aht": flat.copy(),
        "fcr": 0.77 * flat,
        "csat": 0.87 * flat,
        "qa": 0.935 * flat,
        "attrition": 0.0 * flat,
        "early": 0.18 * flat,
        "training": 0.96 * flat,
        "volume": 1 + 0.004 * m,
    }
    z = rng.standard_normal((8, MONTHS)).clip(-2.3, 2.3)
    if plan.name == "Northwind Contact":
        p["sl"] = 0.885 + 0.004 * z[0]
        p["abandon"] = 0.022 + 0.002 * z[1]
        p["csat"] = 0.87 + 0.006 * z[2]
        p["qa"] = 0.935 + 0.004 * z[3]
        p["aht"] = 1.0 + 0.01 * z[4]
    elif plan.name == "Bluebird BPO":
        # The decline starts six months before the end and deepens to the last month.
        d = np.interp(k, [-7, -6, -5, -4, -3, -2, -1, 0], [0, 0.08, 0.18, 0.32, 0.5, 0.68, 0.85, 1])
        p["sl"] = np.where(k < -5, 0.866 + 0.002 * z[0], 0.0)
        p["sl"][k >= -5] = [0.862, 0.857, 0.843, 0.826, 0.789, 0.768]
        p["abandon"] = 0.030 + 0.022 * d
        p["aht"] = 1.0 + 0.07 * d
        p["fcr"] = 0.745 - 0.045 * d
        p["csat"] = 0.845 - 0.075 * d + 0.004 * z[2] * (d == 0)
        p["qa"] = 0.922 - 0.05 * d
        p["attrition"] = 0.045 * d
        p["early"] = 0.20 + 0.16 * d
        p["training"] = 0.95 - 0.09 * d
        p["volume"] = flat.copy()
    elif plan.name == "Crestline Services":
        # Swings follow a fixed month-to-month pattern (so the story holds for any seed) plus
        # noise; service level misses its expected level in three of the months.
        swing = np.array(
            [
                0.6,
                -0.3,
                0.9,
                -1.4,
                0.2,
                1.1,
                -0.5,
                0.4,
                -1.3,
                0.8,
                0.0,
                0.3,
                -0.2,
                1.0,
                -1.5,
                0.5,
                -0.4,
                0.7,
            ]
        )
        p["sl"] = 0.825 + 0.035 * swing + 0.004 * z[0]
        p["abandon"] = (0.036 - 0.3 * (p["sl"] - 0.825) + 0.003 * z[1]).clip(0.015, 0.08)
        p["csat"] = 0.83 + 0.018 * np.roll(swing, 4) + 0.004 * z[2]
        p["qa"] = 0.905 + 0.012 * np.roll(swing, 7) + 0.003 * z[3]
        p["fcr"] = 0.72 + 0.02 * z[4]
        p["aht"] = 1.0 + 0.04 * z[5]
        p["attrition"] = (0.012 * z[6]).clip(-0.02, None)
        p["early"] = 0.22 * flat
        p["training"] = 0.92 + 0.03 * z[7].clip(-1.5, 1.3)
        p["volume"] = 1 + 0.08 * z[5].clip(-1.5, 1.5)
    elif plan.name == "Dunmore Digital":
        r = m - plan.first_month  # months since go-live
        ramp = {
            "sl": [0.69, 0.735, 0.765, 0.79, 0.815, 0.83, 0.845],
            "abandon": [0.07, 0.058, 0.05, 0.044, 0.038, 0.034, 0.031],
            "aht": [1.2, 1.14, 1.09, 1.05, 1.02, 1.0, 0.99],
            "qa": [0.84, 0.86, 0.88, 0.895, 0.91, 0.918, 0.922],
            "csat": [0.76, 0.78, 0.80, 0.815, 0.83, 0.84, 0.845],
            "fcr": [0.64, 0.67, 0.69, 0.71, 0.725, 0.735, 0.74],
            "attrition": [0.03, 0.025, 0.018, 0.012, 0.006, 0.003, 0.0],
            "early": [0.32, 0.30, 0.27, 0.24, 0.22, 0.20, 0.19],
            "training": [0.78, 0.85, 0.90, 0.93, 0.95, 0.96, 0.97],
            "volume": [0.55, 0.70, 0.85, 0.95, 1.0, 1.0, 1.0],
        }
        live = r >= 0
        for key, values in ramp.items():
            p[key] = np.full(MONTHS, np.nan)
            p[key][live] = values[: int(live.sum())]
    return p


# --- daily facts ---------------------------------------------------------------------------------


def vendor_facts(plan: VendorPlan, window: list[periods.Period], rng) -> pd.DataFrame:
    """Daily rows per program × site × channel with every component of the catalogue."""
    prof = _profile(plan, rng)
    first = window[plan.first_month].start
    days = pd.date_range(first, window[-1].end, freq="D")
    n_days = len(days)
    month_of = np.array(
        [(d.year - window[0].start.year) * 12 + d.month - window[0].start.month for d in days]
    )
    dow = days.day_of_week.to_numpy()
    cal_month = days.month.to_numpy()
    days_in_month = days.days_in_month.to_numpy()
    season = 1 + 0.06 * np.cos(2 * np.pi * (cal_month - 1) / 12)

    places = [(prog, site, ch) for prog in plan.programs for site in plan.sites for ch in CHANNELS]
    n = len(places)

    def per_place(fn) -> np.ndarray:
        return np.array([fn(prog, site, ch) for prog, site, ch in places], dtype=float)[:, None]

    vol_base = per_place(lambda p, s, c: _VOICE_VOLUME[p] * s.volume * _CHANNEL_VOLUME[c])
    aht_base = per_place(lambda p, s, c: _VOICE_AHT[p] * _CHANNEL_AHT[c])
    ab_mult = per_place(lambda p, s, c: _CHANNEL_ABANDON[c])
    resp_rate = per_place(lambda p, s, c: _CSAT_RESPONSE_RATE[c])
    decline = per_place(lambda p, s, c: s.decline)
    weekday = np.stack([_WEEKDAY[c][dow] for _, _, c in places])
    at = {key: values[month_of][None, :] for key, values in prof.items()}
    shape = (n, n_days)

    def noise(sd):
        return rng.normal(0.0, sd, shape)

    # Service level and abandonment for the day; a site carries more or less of a decline.
    sl = at["sl"] + (at["sl"] - _baseline(prof["sl"])) * (decline - 1)
    sl = (sl + noise(0.018)).clip(0.3, 0.985)
    ab = (at["abandon"] * ab_mult * np.exp(noise(0.2)) / np.exp(0.02)).clip(0.0005, 0.3)
    if plan.name == "Northwind Contact":
        # A half-day telephony outage at Leeds, eleven months before the end (escalation P1).
        hit = np.array([s.name == "Leeds" and c == "voice" for _, s, c in places])[:, None]
        hit = hit & (days == pd.Timestamp(outage_day(window)))[None, :]
        sl = np.where(hit, 0.41, sl)
        ab = np.where(hit, 0.16, ab)

    offered = rng.poisson(vol_base * weekday * season[None, :] * at["volume"] * np.exp(noise(0.06)))
    abandoned = rng.binomial(offered, ab)
    answered = offered - abandoned
    short_abandoned = rng.binomial(abandoned, 0.35)
    within = rng.binomial(answered, np.minimum(sl / (1 - ab), 0.995))
    asa = 6 + (1 - sl) * 150
    wait = np.round(answered * asa * np.exp(noise(0.08)))
    handle = np.round(answered * aht_base * at["aht"] * np.exp(noise(0.04)))
    fcr_eligible = rng.binomial(answered, 0.92)
    resolved = rng.binomial(fcr_eligible, (at["fcr"] + noise(0.02)).clip(0.3, 0.98))
    csat_p = (at["csat"] + noise(0.02)).clip(0.4, 0.98)
    csat_responses = rng.binomial(answered, resp_rate)
    csat_satisfied = rng.binomial(csat_responses, csat_p)
    nps_responses = rng.binomial(answered, 0.05)
    promoter_p = (csat_p - 0.31).clip(0.05, 0.9)
    nps_promoters = rng.binomial(nps_responses, promoter_p)
    detractor_p = ((1 - csat_p) * 0.95 / (1 - promoter_p)).clip(0, 1)
    nps_detractors = rng.binomial(nps_responses - nps_promoters, detractor_p)
    evaluations = rng.poisson(answered * 0.012 + 0.3)
    qa_possible = evaluations * 100
    qa_points = rng.binomial(qa_possible, (at["qa"] + noise(0.01)).clip(0.5, 0.995))
    intervals = np.full(shape, 48)
    interval_p = 1 / (1 + np.exp(-(sl - 0.78) * 30))
    intervals_meeting = rng.binomial(intervals, interval_p)

    headcount, hires, leavers, early = _people(
        plan, prof, places, vol_base, aht_base, season, month_of, dow, rng
    )
    assigned = np.zeros(shape)
    first_day = np.r_[True, month_of[1:] != month_of[:-1]]
    assigned[:, first_day] = headcount[:, first_day]
    trained = rng.binomial(assigned.astype(int), (at["training"] + noise(0.02)).clip(0.3, 1.0))

    if plan.pricing == "per_productive_hour":
        billed = np.round(handle / 3600 / 0.84, 2)
    elif plan.pricing == "per_handled_minute":
        billed = np.round(handle / 60, 1)
    elif plan.pricing == "per_contact":
        # Five months before the end, contacts moved between queues were billed twice (~1.8 %).
        over = (month_of == MONTHS - 6)[None, :]
        billed = answered + np.where(over, rng.binomial(answered, 0.018), 0)
    else:  # per_fte: an FTE-month is billed a day at a time
        billed = np.round(headcount / days_in_month[None, :], 4)
    invoiced = np.round(billed * plan.rate, 2)

    columns = {
        "offered": offered,
        "answered": answered,
        "abandoned": abandoned,
        "short_abandoned": short_abandoned,
        "answered_within_sl": within,
        "wait_time_sec": wait,
        "handle_time_sec": handle,
        "resolved_first_contact": resolved,
        "fcr_eligible": fcr_eligible,
        "csat_satisfied": csat_satisfied,
        "csat_responses": csat_responses,
        "nps_promoters": nps_promoters,
        "nps_detractors": nps_detractors,
        "nps_responses": nps_responses,
        "qa_points": qa_points,
        "qa_possible": qa_possible,
        "intervals": intervals,
        "intervals_meeting_sl": intervals_meeting,
        "headcount": headcount,
        "leavers": leavers,
        "early_leavers": early,
        "new_hires": hires,
        "trained": trained,
        "training_assigned": assigned,
        "invoiced_amount": invoiced,
        "billed_units": billed,
    }
    missing = set(COMPONENT_NAMES) - set(columns)
    if missing:  # the catalogue grew: the demo must learn to fill the new components
        raise RuntimeError(f"the demo does not generate {', '.join(sorted(missing))}")
    frame = pd.DataFrame(
        {
            "date": np.tile(days.date, n),
            "program": np.repeat([p for p, _, _ in places], n_days),
            "site": np.repeat([s.name for _, s, _ in places], n_days),
            "channel": np.repeat([c for _, _, c in places], n_days),
        }
    )
    for name in COMPONENT_NAMES:
        frame[name] = columns[name].astype("float64").reshape(-1)
    return frame


def _baseline(sl: np.ndarray) -> float:
    """The level a vendor ran at before any decline (its first months)."""
    return float(np.nanmean(sl[: MONTHS - 6])) if np.isfinite(sl[: MONTHS - 6]).any() else 0.0


def _people(plan, prof, places, vol_base, aht_base, season, month_of, dow, rng):
    """Headcount (a stock that moves with hires and leavers), new hires, leavers, early leavers."""
    n, n_days = len(places), len(month_of)
    site_attr = np.array([s.attrition for _, s, _ in places])
    decline = np.array([s.decline for _, s, _ in places])
    months = np.unique(month_of)
    # Staff needed each month: the month's expected handle hours over productive hours per FTE.
    need = np.empty((n, len(months) + 1))
    for i, mo in enumerate(months):
        s = season[month_of == mo].mean()
        hours = (
            vol_base[:, 0] * s * prof["volume"][mo] * aht_base[:, 0] * prof["aht"][mo] * 30.4 / 3600
        )
        need[:, i] = hours / _PRODUCTIVE_HOURS_PER_FTE
    need[:, -1] = need[:, -2]
    current = np.round(need[:, 0]).clip(3, None)
    headcount = np.zeros((n, n_days))
    hires = np.zeros((n, n_days))
    leavers = np.zeros((n, n_days))
    early = np.zeros((n, n_days))
    day_weight = np.where(dow < 5, 1.0, 0.15)
    for i, mo in enumerate(months):
        idx = np.flatnonzero(month_of == mo)
        w = day_weight[idx] / day_weight[idx].sum()
        rate = (site_attr + prof["attrition"][mo] * decline).clip(0.005, None)
        expected_leave = rate * current
        # Replace leavers and close half the gap to next month's need; never stop hiring entirely.
        hire_plan = np.maximum(
            0.4 * expected_leave, expected_leave + 0.5 * (need[:, i + 1] - current)
        )
        # Totals per vendor vary modestly month to month; places share them unevenly.
        h = _split(_around(hire_plan.sum(), 0.08, rng), hire_plan, rng)
        e = _split(_around(h.sum() * prof["early"][mo], 0.10, rng), h, rng)
        regular = max(_around(expected_leave.sum(), 0.06, rng) - int(e.sum()), 0)
        r = _split(regular, expected_leave, rng)
        for p in range(n):
            hires[p, idx] = rng.multinomial(h[p], w)
            early[p, idx] = rng.multinomial(e[p], w)
            leavers[p, idx] = early[p, idx] + rng.multinomial(r[p], w)
        flow = np.cumsum(hires[:, idx] - leavers[:, idx], axis=1)
        headcount[:, idx] = (current[:, None] + flow).clip(1, None)
        current = headcount[:, idx[-1]]
    return headcount, hires, leavers, early


def _around(mean: float, spread: float, rng) -> int:
    """A whole number near ``mean`` (relative normal noise of ``spread``), never negative."""
    return max(int(round(mean * (1 + rng.normal(0.0, spread)))), 0)


def _split(total: int, weights: np.ndarray, rng) -> np.ndarray:
    """``total`` shared among places in proportion to ``weights`` (a multinomial draw)."""
    weights = np.asarray(weights, dtype=float)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=int)
    return rng.multinomial(total, weights / weights.sum())


def aht_target(plan: VendorPlan) -> tuple[float, float]:
    """Expected and minimum AHT from the vendor's mix of programs and channels (rounded to 5 s)."""
    weight = total = 0.0
    for prog in plan.programs:
        for site in plan.sites:
            for ch in CHANNELS:
                v = _VOICE_VOLUME[prog] * site.volume * _CHANNEL_VOLUME[ch]
                weight += v
                total += v * _VOICE_AHT[prog] * _CHANNEL_AHT[ch]
    mix = total / weight
    return 5 * round(mix * 1.04 / 5), 5 * round(mix * 1.12 / 5)


def outage_day(window) -> date:
    """The first Tuesday on or after the 10th, eleven months before the end."""
    d = window[MONTHS - 12].start + timedelta(days=9)
    return d + timedelta(days=(1 - d.weekday()) % 7)


def simulate_contacts(frame: pd.DataFrame, month: periods.Period, rng) -> pd.DataFrame:
    """One row per voice contact for Dunmore Digital, Collections, Belfast, in the last month.

    The slice's daily facts are then set from these contacts (wait and handle time are the sums of
    the contacts' seconds), so the contact-level export and the loaded facts agree exactly.
    """
    mask = (
        (frame["program"] == "Collections")
        & (frame["site"] == "Belfast")
        & (frame["channel"] == "voice")
        & (frame["date"] >= month.start)
        & (frame["date"] <= month.end)
    )
    rows = []
    for i in np.flatnonzero(mask.to_numpy()):
        r = frame.iloc[i]
        offered, answered = int(r["offered"]), int(r["answered"])
        within, short = int(r["answered_within_sl"]), int(r["short_abandoned"])
        responses, satisfied = int(r["csat_responses"]), int(r["csat_satisfied"])
        aht = r["handle_time_sec"] / answered if answered else 300.0
        wait = np.concatenate(
            [
                rng.integers(0, SL_THRESHOLD + 1, within),
                SL_THRESHOLD + 1 + np.floor(rng.exponential(35, answered - within)),
                rng.integers(0, 5, short),
                5 + np.floor(rng.exponential(40, offered - answered - short)),
            ]
        ).astype(int)
        talk = np.maximum(30, np.round(aht * rng.lognormal(-0.1, 0.45, answered))).astype(int)
        score = np.full(offered, -1)
        surveyed = rng.permutation(answered)[:responses]
        score[surveyed[:satisfied]] = rng.choice([4, 5], satisfied, p=[0.45, 0.55])
        score[surveyed[satisfied:]] = rng.choice(
            [1, 2, 3], responses - satisfied, p=[0.2, 0.3, 0.5]
        )
        day = pd.DataFrame(
            {
                "date": r["date"],
                "answered": np.arange(offered) < answered,
                "wait": wait,
                "talk": np.r_[talk, np.zeros(offered - answered, dtype=int)],
                "score": score,
            }
        ).iloc[rng.permutation(offered)]
        frame.loc[frame.index[i], "wait_time_sec"] = float(wait[:answered].sum())
        frame.loc[frame.index[i], "handle_time_sec"] = float(talk.sum())
        rows.append(day)
    out = pd.concat(rows, ignore_index=True)
    out.insert(1, "program", "Collections")
    out.insert(2, "site", "Belfast")
    out.insert(3, "channel", "voice")
    return out


def monthly_kpis(frame: pd.DataFrame) -> pd.DataFrame:
    """Vendor-level KPIs by month (a ``Period`` index), ratios of sums over the generated rows."""
    f = frame.assign(month=pd.to_datetime(frame["date"]).dt.to_period("M"))
    g = f.groupby("month").sum(numeric_only=True)
    days = f.groupby("month")["date"].nunique()
    out = pd.DataFrame(index=g.index)
    out["service_level"] = g["answered_within_sl"] / g["offered"]
    out["service_level_less_short"] = g["answered_within_sl"] / (
        g["offered"] - g["short_abandoned"]
    )
    out["abandon_rate"] = g["abandoned"] / g["offered"]
    out["aht"] = g["handle_time_sec"] / g["answered"]
    out["csat"] = g["csat_satisfied"] / g["csat_responses"]
    out["qa_score"] = g["qa_points"] / g["qa_possible"]
    out["fcr"] = g["resolved_first_contact"] / g["fcr_eligible"]
    out["attrition"] = g["leavers"] / (g["headcount"] / days)
    out["early_attrition"] = g["early_leavers"] / g["new_hires"]
    out["offered"] = g["offered"]
    out["invoiced_amount"] = g["invoiced_amount"]
    return out
