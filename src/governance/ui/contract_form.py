"""The Contracts page's new-contract form.

The terms of the contract, then its KPI lines: KPIs picked by name, each line's levels typed in
the KPI's own unit (85 for 85 %, 480 for 480 s) under labels that follow its direction (the
level past which a lower-is-better KPI is in default is its "worse limit (default above)"), a
running total of the weights and credit allocations per scorecard, and "Start from a template",
which fills the form from a starter contract. Each line is for all programs or one program in
scope, and all channels or one; "+" on a KPI's line adds another line of that KPI for another
program or channel, "×" removes it. Every widget is keyed and drawn on every run, so a refused
save keeps what was typed. The library checks and converts (``contracts.form``); nothing here
computes a level.
"""

from __future__ import annotations

import streamlit as st

from governance import contracts
from governance.contracts import form, lines
from governance.errors import InvalidInput
from governance.kpis.catalogue import SCORED_KPIS
from governance.ui.page import Page
from governance.ui.text import plain

PREFIX = "cn_"
KPIS_KEY = "cn_kpis"
MORE_KEY = "cn_more"  # the further lines of the picked KPIs: [KPI name, line number] as added
TEMPLATE_KEY = "cn_template"
PICK_KEY = "contracts_pick"  # the contract to open on the next run (after a save)
# form term -> widget key
TERMS = {
    "name": "cn_name",
    "start": "cn_start",
    "end": "cn_end",
    "pricing": "cn_pricing",
    "currency": "cn_currency",
    "monthly_fee_basis": "cn_fee",
    "at_risk_pct": "cn_at_risk",
    "pool_pct_available": "cn_pool",
    "earn_back_windows": "cn_earn_back",
    "repeated_miss_count": "cn_repeated",
    "renewal_notice": "cn_renewal",
    "legal_review": "cn_legal",
    "sl_over": "cn_sl_over",
    "sl_threshold_seconds": "cn_sl_threshold",
    "short_abandon_seconds": "cn_short_abandon",
    "programs": "cn_programs",
}
_CODES = {k.name: k.code for k in SCORED_KPIS}


def line_key(kpi_name: str, field: str, number: int = 0) -> str:
    """The widget key of one field of a line of the KPI named ``kpi_name``: its first line
    (``number`` 0, the line picking the KPI makes) or a further one (1, 2, … as added)."""
    if number == 0:
        return f"{PREFIX}{_CODES[kpi_name]}_{field}"
    return f"{PREFIX}{_CODES[kpi_name]}_{number}_{field}"


def _line_ids() -> list[tuple[str, int]]:
    """Every line on the form as (KPI name, line number): each picked KPI's first line, then
    its further lines in the order added."""
    picked = st.session_state.get(KPIS_KEY) or []
    more = st.session_state.get(MORE_KEY) or []
    return [
        (name, number)
        for kpi in picked
        for name, number in [(kpi, 0), *((n, i) for n, i in more if n == kpi)]
    ]


def _line_values(name: str, number: int) -> dict:
    line = {"kpi": name}
    for field in (*form.LINE_FIELDS[1:], *form.SCOPE_FIELDS):
        line[field] = st.session_state.get(line_key(name, field, number))
    return line


def _programs_in_scope() -> list[str]:
    try:
        return form.program_list(st.session_state.get(TERMS["programs"]))
    except InvalidInput:  # said by the check on save; the picker offers none meanwhile
        return []


def _defaults() -> dict:
    return {
        "name": "",
        "start": contracts.default_effective_date(),
        "end": None,
        "pricing": None,
        "currency": "USD",
        "monthly_fee_basis": None,
        "at_risk_pct": 10.0,
        "pool_pct_available": None,
        "earn_back_windows": 3,
        "repeated_miss_count": 4,
        "renewal_notice": None,
        "legal_review": None,
        "sl_over": "offered",
        "sl_threshold_seconds": 20,
        "short_abandon_seconds": None,
        "programs": "",
    }


def _widget_value(term: str, value):
    if term == "programs":
        return ", ".join(value) if isinstance(value, list | tuple) else (value or "")
    if term in ("at_risk_pct", "pool_pct_available", "monthly_fee_basis") and value is not None:
        return float(value)
    if term in ("earn_back_windows", "repeated_miss_count", "sl_threshold_seconds"):
        return int(value)
    if term == "short_abandon_seconds" and value is not None:
        return int(value)
    return value


def _set_line(line: dict, number: int = 0) -> None:
    for field in (*form.LINE_FIELDS[1:], *form.SCOPE_FIELDS):
        value = line.get(field)
        if field in ("expected", "limit", "weight", "allocation_pct", "category_pct"):
            value = None if value is None else float(value)
        if field in form.SCOPE_FIELDS:
            value = value or ""  # "" is the picker's "All programs" / "All channels"
        st.session_state[line_key(line["kpi"], field, number)] = value


def add_line(name: str, number: int) -> None:
    """Add a further line of the KPI ``name``, copied from its line ``number`` for the next
    program in scope without one (a button's callback: runs before the widgets)."""
    lines = [_line_values(n, i) for n, i in _line_ids()]
    new = form.another_line(_line_values(name, number), lines, _programs_in_scope())
    more = list(st.session_state.get(MORE_KEY) or [])
    added = 1 + max((i for n, i in more if n == name), default=0)
    st.session_state[MORE_KEY] = [*more, [name, added]]
    _set_line(new, added)


def remove_line(name: str, number: int) -> None:
    """Remove the further line ``number`` of the KPI ``name`` (a button's callback)."""
    st.session_state[MORE_KEY] = [
        [n, i] for n, i in st.session_state.get(MORE_KEY) or [] if (n, i) != (name, number)
    ]
    for field in (*form.LINE_FIELDS[1:], *form.SCOPE_FIELDS):
        st.session_state.pop(line_key(name, field, number), None)


def form_keys() -> list[str]:
    """Every widget key of the form now in the session (to clear after a save)."""
    return [k for k in st.session_state if isinstance(k, str) and k.startswith(PREFIX)]


def apply_template(kind: str) -> None:
    """Fill the form from the starter of ``kind`` (a button's callback: runs before the widgets)."""
    terms, form_lines = contracts.form_from_spec(contracts.starter(kind))
    for key in form_keys():
        if key != TEMPLATE_KEY:
            del st.session_state[key]
    for term, key in TERMS.items():
        st.session_state[key] = _widget_value(term, terms[term])
    st.session_state[KPIS_KEY] = list(dict.fromkeys(line["kpi"] for line in form_lines))
    more, count = [], {}
    for line in form_lines:  # a KPI's first line is its line 0, any other a further line
        number = count.get(line["kpi"], 0)
        count[line["kpi"]] = number + 1
        if number:
            more.append([line["kpi"], number])
        _set_line(line, number)
    st.session_state[MORE_KEY] = more


def _ensure_defaults() -> None:
    state = st.session_state
    for term, value in _defaults().items():
        if TERMS[term] not in state:
            state[TERMS[term]] = _widget_value(term, value)
    if KPIS_KEY not in state:
        state[KPIS_KEY] = []
    # A KPI taken out of the picker takes its further lines with it.
    state[MORE_KEY] = [[n, i] for n, i in state.get(MORE_KEY) or [] if n in state[KPIS_KEY]]
    for name, number in _line_ids():
        if line_key(name, "weight", number) not in state:
            _set_line(form.typical_line(name), number)


def _terms_widgets(vendor: str) -> dict:
    left, middle, right = st.columns(3)
    left.text_input(
        "Contract name",
        key=TERMS["name"],
        help="Unique for this vendor, e.g. 'Inbound voice SOW 2027'.",
    )
    middle.date_input("Starts on", key=TERMS["start"], format="YYYY-MM-DD")
    right.date_input(
        "Ends on (optional)",
        key=TERMS["end"],
        format="YYYY-MM-DD",
        help="Leave empty for an open-ended contract.",
    )
    left.selectbox(
        "How the vendor is paid",
        list(form.PRICING_LABELS),
        key=TERMS["pricing"],
        format_func=form.PRICING_LABELS.get,
        index=None,
        placeholder="Pick the pricing model",
    )
    middle.selectbox(
        "Currency",
        list(form.CURRENCIES),
        key=TERMS["currency"],
        accept_new_options=True,
        help="The currency of the invoice and fees (ISO code; type another if it is not listed).",
    )
    right.number_input(
        "Expected monthly fee (optional)",
        min_value=0.0,
        step=1000.0,
        key=TERMS["monthly_fee_basis"],
        help="For reference only; credits are computed from the invoices loaded each month.",
    )

    st.markdown("**Service credits**")
    left, middle, right, last = st.columns(4)
    left.number_input(
        "At risk (% of the monthly invoice)",
        min_value=0.0,
        max_value=100.0,
        step=0.5,
        key=TERMS["at_risk_pct"],
        help="The most service credits can take in a month; typically 10–12 %.",
    )
    middle.number_input(
        "Credit pool (%, optional)",
        min_value=0.0,
        max_value=1000.0,
        step=10.0,
        key=TERMS["pool_pct_available"],
        help="What the critical KPIs' credit allocations may add up to, e.g. 150. "
        "Empty: at most 100 %.",
    )
    right.number_input(
        "Earn-back after (windows met)",
        min_value=0,
        step=1,
        key=TERMS["earn_back_windows"],
        help="A credit is given back when its KPI meets the expected level in this many "
        "following windows; 0: credits are final at once.",
    )
    last.number_input(
        "Repeated misses that count as a default",
        min_value=1,
        step=1,
        key=TERMS["repeated_miss_count"],
        help="Missing the expected level (but not the worse limit) this many times in twelve "
        "months counts as a default.",
    )

    st.markdown("**Service level and scope**")
    left, middle, right = st.columns(3)
    over = left.selectbox(
        "Service level is counted as",
        list(form.SL_OVER_LABELS),
        key=TERMS["sl_over"],
        format_func=form.SL_OVER_LABELS.get,
    )
    middle.number_input(
        "Threshold (seconds)",
        min_value=1,
        step=1,
        key=TERMS["sl_threshold_seconds"],
        help="'Answered within' this many seconds: 20 for voice, 60 for chat, 86400 (a day) for "
        "email.",
    )
    if over == "offered_less_short_abandons":
        right.number_input(
            "Short abandon (seconds)",
            min_value=0,
            step=1,
            key=TERMS["short_abandon_seconds"],
            help="An abandon within this many seconds is not counted as offered.",
        )
    st.text_input(
        "Programs in scope (optional)",
        key=TERMS["programs"],
        help="Lines of business, separated by commas; each gets its own scorecard.",
    )
    with st.expander("Dates for the calendar (optional)"):
        left, right = st.columns(2)
        left.date_input("Renewal notice by", key=TERMS["renewal_notice"], format="YYYY-MM-DD")
        right.date_input("Next legal review", key=TERMS["legal_review"], format="YYYY-MM-DD")
    terms = {term: st.session_state.get(key) for term, key in TERMS.items()}
    terms["vendor"] = vendor
    return terms


_WIDTHS = [320, 74, 66, 58, 145, 66, 76, 90, 40]  # relative; about pixels at 1440 wide
_GAP = "xxsmall"
_HEADERS = [
    (
        "KPI and scope",
        "Which way is better and the unit its levels are typed in; below, the program and the "
        "channel the line is for. A line for one program replaces, in that program's scorecard, "
        "the line for all programs of the same KPI and channel; a line for one channel is "
        "measured over that channel only.",
    ),
    ("Expected", lines.EXPECTED_HELP),
    ("Worse limit", lines.LIMIT_HELP),
    (
        "Weight",
        "The KPI's share of its scorecard's weighted score; each scorecard's weights total 100.",
    ),
    ("Tier", "Critical: a default can earn a service credit. Key: scored and reported, no credit."),
    (
        "Credit %",
        "Critical KPIs: the credit allocation, the share of the at-risk amount a default costs.",
    ),
    (
        "Category %",
        "Optional: a further share; credit = category % × allocation % × at risk.",
    ),
    ("Window", "Assessed per month, or per quarter (in its last month)."),
    ("", ""),
]


def _line_header() -> None:
    for column, (title, text) in zip(st.columns(_WIDTHS, gap=_GAP), _HEADERS, strict=True):
        if title:
            column.markdown(f"**{title}**", help=text)


def _line_widgets(name: str, number: int, currency: str | None, programs: list[str]) -> dict:
    code = _CODES[name]
    unit = lines.entry_unit(code)
    symbol = f"{currency} per contact" if unit.symbol == "per contact" and currency else unit.symbol
    step = 0.5 if unit.symbol == "%" else 0.001 if unit.symbol == "ratio" else 1.0
    fmt = "%.3f" if unit.symbol == "ratio" else "%g"
    head, exp, lim, weight, tier, alloc, category, window, act = st.columns(
        _WIDTHS, gap=_GAP, vertical_alignment="bottom"
    )
    if number == 0:
        head.markdown(f"**{name}** · {symbol}  \n{lines.better(code)}; {lines.limit_phrase(code)}")
    else:
        head.markdown(f"**{name}** · {symbol}  \nanother line of {name.lower()}")
    program, channel = head.columns(2, gap=_GAP)
    hidden = {"label_visibility": "collapsed"}

    def key(field: str) -> str:
        return line_key(name, field, number)

    chosen_program = st.session_state.get(key("program")) or ""
    program.selectbox(
        f"{name}: program",
        # A program taken out of the programs in scope stays offered on its line, so the check
        # on save names it rather than the line silently changing scope.
        ["", *programs, *([chosen_program] if chosen_program not in ["", *programs] else [])],
        format_func=lambda p: p or form.ALL_PROGRAMS,
        key=key("program"),
        **hidden,
    )
    channel.selectbox(
        f"{name}: channel",
        ["", *form.CHANNEL_LABELS],
        format_func=lambda c: form.CHANNEL_LABELS.get(c, form.ALL_CHANNELS),
        key=key("channel"),
        **hidden,
    )
    exp.number_input(
        f"{name}: expected ({symbol})", step=step, format=fmt, key=key("expected"), **hidden
    )
    lim.number_input(
        f"{name}: {lines.limit_label(code).lower()} ({symbol})",
        step=step,
        format=fmt,
        key=key("limit"),
        **hidden,
    )
    weight.number_input(
        f"{name}: weight",
        min_value=0.0,
        max_value=100.0,
        step=5.0,
        format="%g",
        key=key("weight"),
        **hidden,
    )
    chosen = tier.selectbox(
        f"{name}: tier",
        list(form.TIER_LABELS),
        format_func=form.TIER_LABELS.get,
        key=key("tier"),
        **hidden,
    )
    key_tier = chosen != "critical"
    alloc.number_input(
        f"{name}: credit allocation %",
        min_value=0.0,
        max_value=1000.0,
        step=5.0,
        format="%g",
        key=key("allocation_pct"),
        disabled=key_tier,
        **hidden,
    )
    category.number_input(
        f"{name}: category share %",
        min_value=0.0,
        max_value=100.0,
        step=5.0,
        format="%g",
        key=key("category_pct"),
        disabled=key_tier,
        **hidden,
    )
    window.selectbox(
        f"{name}: window",
        list(form.WINDOW_LABELS),
        format_func=form.WINDOW_LABELS.get,
        key=key("window"),
        **hidden,
    )
    if number == 0:
        act.button(
            ":material/add:",
            key=key("add"),
            help=f"Add a line of {name.lower()} for another program or channel.",
            on_click=add_line,
            args=(name, number),
        )
    else:
        act.button(
            ":material/close:",
            key=key("remove"),
            help="Remove this line.",
            on_click=remove_line,
            args=(name, number),
        )
    return _line_values(name, number)


def _totals(form_lines: list[dict], pool) -> None:
    limit = 100.0 if pool is None else float(pool)
    cards = form.scorecard_totals(form_lines) or [{"program": None, "weight": 0, "allocated": 0}]
    by_program = len(cards) > 1 or cards[0]["program"] is not None
    parts = []
    for card in cards:
        weight, allocated = card["weight"], card["allocated"]
        whose = (
            f"{plain(card['program'] or form.ALL_PROGRAMS)}: weights" if by_program else "Weights"
        )
        weight_text = f"{whose} total **{weight:g}** of 100"
        weight_text = (
            f":green[{weight_text} ✔]" if abs(weight - 100) < 1e-6 else f":red[{weight_text} ✖]"
        )
        alloc_text = (
            f"credit allocations of the critical KPIs total **{allocated:g} %** of {limit:g} %"
        )
        alloc_text = f":red[{alloc_text} ✖]" if allocated > limit + 1e-6 else alloc_text
        parts.append(f"{weight_text} · {alloc_text}")
    st.markdown("  \n".join(parts))


def new_contract(page: Page, vendor: str) -> None:
    """The new-contract form for ``vendor``: template picker, terms, KPI lines, create button."""
    _ensure_defaults()
    left, right, _ = st.columns([1.2, 1.4, 2.4], vertical_alignment="bottom")
    kind = left.selectbox(
        "Start from a template",
        list(contracts.KINDS),
        format_func=contracts.KINDS.get,
        key=TEMPLATE_KEY,
        help="Typical targets for the kind of work; every value can be changed below.",
    )
    right.button(
        f"Fill the form from the {contracts.KINDS[kind].lower()} template",
        key="cn_apply_template",
        on_click=apply_template,
        args=(kind,),
    )
    terms = _terms_widgets(vendor)

    st.markdown("**KPI lines**")
    st.multiselect(
        "KPIs the contract measures",
        list(lines.KPI_NAMES),
        key=KPIS_KEY,
        placeholder="Pick KPIs by name",
        help="Each KPI added starts with typical levels; change them to the contract's.",
    )
    _ensure_defaults()  # typical levels for a KPI just picked
    st.caption(
        "Type each level in the KPI's own unit: 85 for 85 %, 480 for 480 seconds. The expected "
        "level is 'met'; past the worse limit the KPI is in default — below it when higher is "
        "better, above it when lower is better. Weights are each KPI's share of the weighted "
        "score and must total 100. A critical KPI in default earns a service credit: its credit "
        "allocation % of the at-risk amount."
    )
    st.caption(
        "A line is for all programs and channels unless you pick one; + adds another line of "
        "the KPI, e.g. a different service level for one program. A program's line replaces the "
        "line for all programs of the same KPI and channel in that program's scorecard, so each "
        "scorecard's weights total 100: the lines for all programs (the vendor's scorecard), and "
        "each program's own lines with the lines for all programs they do not replace. A line "
        "for one channel is measured over that channel only and counts with the others."
    )
    currency = terms.get("currency")
    programs = _programs_in_scope()
    ids = _line_ids()
    if ids:
        _line_header()
    form_lines = [_line_widgets(name, number, currency, programs) for name, number in ids]
    _totals(form_lines, terms.get("pool_pct_available"))

    def created(contract_id: int) -> str:
        st.session_state[PICK_KEY] = contract_id
        return (
            f"Created the contract '{terms['name'].strip()}' for {vendor} with "
            f"{len(form_lines)} KPI lines."
        )

    if st.button("Create the contract", key="cn_create", type="primary"):
        page.save(
            lambda con: contracts.create_from_form(con, page.who, terms, form_lines),
            created,
            clear=tuple(form_keys()),
        )


def no_contract_note(vendor: str, may_write: bool) -> str:
    """What the page says about a vendor without a contract."""
    text = f"**{plain(vendor)}** has no contract yet, so it has no targets and no scorecard."
    if may_write:
        text += " Make one below: start from a template, or fill in the form."
    return text
