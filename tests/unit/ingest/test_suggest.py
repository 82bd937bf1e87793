"""Mapping suggestions (``governance.ingest.suggest``, ``importer.suggest_mapping``): headers read
as words in four languages, with prefixes, suffixes, units and thresholds; values that confirm or
change a header's reading; the time and its grain; reasons and confidences.

The variants of the real files (``tests/data/real/``, unchanged) are derived here: their headers
renamed into Spanish, Portuguese and French, given prefixes and suffixes, their columns shuffled.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from governance.ingest import importer, profiles, suggest

REAL = Path(__file__).resolve().parents[2] / "data" / "real"


def suggest_csv(header: list[str], rows: list[list], *, delimiter: str = ","):
    """``importer.suggest_mapping`` over a CSV written from ``header`` and ``rows``."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    con = duckdb.connect(":memory:")
    try:
        return importer.suggest_mapping(con, out.getvalue().encode(), file_name="export.csv")
    finally:
        con.close()


def source(p: profiles.Profile, key: str):
    """The header (or time headers) the profile loads ``key`` from."""
    if key == "time":
        return tuple(p.time_sources)
    if key in p.columns:
        return p.columns[key]
    if key in p.averages:
        return p.averages[key].column
    c = p.contact
    if c is not None:
        return {
            "answered": c.answered.column if c.answered else None,
            "answered_within_sl": c.wait_seconds,
            "handle_time_sec": c.handle_seconds,
        }.get(key)
    return None


# --- headers as words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "concepts", "threshold"),
    [
        ("Nhs1 Number Calls Offered SUM", {"offered", "object", "total"}, None),
        ("Nhs1 Answered 60sec SUM", {"answered", "total"}, 60),
        ("Service Level (20 Seconds)", {"service", "level"}, 20),
        ("Ans < 20s", {"answered"}, 20),
        ("Ans <= 30 sec", {"answered"}, 30),
        ("calls_answered_60s", {"answered", "object"}, 60),
        ("SL 80/20", {"sl"}, 20),
        ("Answered in 2 min", {"answered"}, 120),
        ("Atendidas en 20 seg", {"answered"}, 20),
        ("Leavers within 45 days", {"leavers", "within", "date"}, None),
        ("CallsOffered", {"offered", "object"}, None),
        ("AverageSpeedofAnswer", {"average", "speed", "answered"}, None),
        ("Periodname", {"period", "name"}, None),
        ("Talk Duration (AVG)", {"handle", "duration", "average"}, None),
        ("AHT (sec)", {"aht", "seconds"}, None),
        ("Llamadas ofrecidas", {"object", "offered"}, None),
        ("Chamadas atendidas", {"object", "answered"}, None),
        ("Appels abandonnés", {"object", "abandoned"}, None),
        ("Nível de Serviço (%)", {"level", "service", "rate"}, None),
        ("Fecha", {"date"}, None),
        ("Proveedor", {"vendor"}, None),
    ],
)
def test_a_header_is_read_as_concepts_and_a_threshold(header, concepts, threshold):
    words = suggest.read_header(header)
    assert set(words.concepts) == concepts
    assert words.threshold == threshold


@pytest.mark.parametrize(
    "headers, expected_columns, expected_averages, threshold",
    [
        (
            [
                "Report Date",
                "LOB",
                "Location",
                "Calls Offered",
                "Calls Handled",
                "Abandons",
                "Ans < 20s",
                "AHT",
            ],
            {
                "date": "Report Date",
                "program": "LOB",
                "site": "Location",
                "offered": "Calls Offered",
                "answered": "Calls Handled",
                "abandoned": "Abandons",
                "answered_within_sl": "Ans < 20s",
            },
            {"handle_time_sec": ("AHT", "answered")},
            20,
        ),
        (
            ["Date", "Offered", "Answered", "Ans <= 30 sec", "Talk Duration (AVG)"],
            {
                "date": "Date",
                "offered": "Offered",
                "answered": "Answered",
                "answered_within_sl": "Ans <= 30 sec",
            },
            {"handle_time_sec": ("Talk Duration (AVG)", "answered")},
            30,
        ),
        (
            ["Week Starting", "Inbound", "Abandoned Calls", "Handle Time", "Contacts Received"],
            {
                "week": "Week Starting",
                "offered": "Inbound",
                "abandoned": "Abandoned Calls",
                "handle_time_sec": "Handle Time",
            },
            {},
            20,
        ),
    ],
)
def test_headers_alone_place_by_synonym(headers, expected_columns, expected_averages, threshold):
    p, _unplaced = suggest.from_headers(headers)
    assert p.columns == expected_columns
    assert {k: (a.column, a.over) for k, a in p.averages.items()} == expected_averages
    assert p.sl_threshold_seconds == threshold


def test_headers_alone_keep_counts_over_their_rates_and_derive_answered():
    p, unplaced = suggest.from_headers(
        [
            "Month",
            "Inbound Calls",
            "Average Speed of Answer in Secs",
            "Abandoned Calls",
            "Call Abandonment Rate",
            "In-person visits",
        ]
    )
    assert p.columns == {
        "month": "Month",
        "offered": "Inbound Calls",
        "abandoned": "Abandoned Calls",
    }
    assert p.averages["wait_time_sec"] == profiles.Average(
        "Average Speed of Answer in Secs", "answered"
    )
    assert p.derived["answered"] == profiles.Derived("offered", ("abandoned",))
    assert p.ignore == ("Call Abandonment Rate",)
    assert unplaced == ["In-person visits"]


# Headers of one layout in four languages and two disguises: the role each must take.
LAYOUTS = {
    "english, prefixed and suffixed (NHS 111 monthly)": {
        "Periodname": "month",
        "Provider Name": "vendor",
        "Nhs1 Number Calls Offered SUM": "offered",
        "Nhs1 Answered Calls SUM": "answered",
        "Nhs1 Abandoned Calls SUM": "abandoned",
        "Nhs1 Answered 60sec SUM": "answered_within_sl",
    },
    "spanish": {
        "Fecha": "date",
        "Proveedor": "vendor",
        "Cola": "queue",
        "Llamadas ofrecidas": "offered",
        "Llamadas atendidas": "answered",
        "Llamadas abandonadas": "abandoned",
        "Atendidas en 20 seg": "answered_within_sl",
        "TMO": "handle_time_sec (average)",
    },
    "portuguese": {
        "Data": "date",
        "Fornecedor": "vendor",
        "Fila": "queue",
        "Chamadas oferecidas": "offered",
        "Chamadas atendidas": "answered",
        "Chamadas abandonadas": "abandoned",
        "Nível de serviço (%)": "answered_within_sl (average)",
        "TMA": "handle_time_sec (average)",
    },
    "french": {
        "Date": "date",
        "Prestataire": "vendor",
        "File d'attente": "queue",
        "Appels présentés": "offered",
        "Appels traités": "answered",
        "Appels abandonnés": "abandoned",
        "Taux de service": "answered_within_sl (average)",
        "DMT (sec)": "handle_time_sec (average)",
    },
    "camel case and underscores": {
        "ReportDate": "date",
        "VendorName": "vendor",
        "calls_offered": "offered",
        "CallsHandled": "answered",
        "calls_abandoned": "abandoned",
        "AvgHandleTime": "handle_time_sec (average)",
        "pct_service_level": "answered_within_sl (average)",
    },
}


def roles_of(p: profiles.Profile) -> dict[str, str]:
    roles = {src: canon for canon, src in p.columns.items()}
    roles |= {a.column: f"{comp} (average)" for comp, a in p.averages.items()}
    return roles


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_headers_in_four_languages_and_disguises_take_their_roles(layout):
    expected = LAYOUTS[layout]
    headers = list(expected)
    random.Random(layout).shuffle(headers)
    p, unplaced = suggest.from_headers(headers)
    assert roles_of(p) == expected
    assert unplaced == []


# --- variants of the real files -----------------------------------------------------------------

# Per real CSV file: its delimiter, its key columns (key -> header, or the time's headers) and
# its headers renamed in each variant. A rename keeps the values: only the words change.
REAL_KEYS = {
    "van311_daily.csv": {
        "delimiter": ";",
        "keys": {
            "time": ("Date",),
            "offered": "CallsOffered",
            "answered": "CallsHandled",
            "abandoned": "CallsAbandoned",
            "answered_within_sl": "ServiceLevel",
        },
        "spanish": {
            "Date": "Fecha",
            "CallsOffered": "Llamadas ofrecidas",
            "CallsHandled": "Llamadas atendidas",
            "CallsAbandoned": "Llamadas abandonadas",
            "AverageSpeedofAnswer": "Velocidad media de respuesta (seg)",
            "ServiceLevel": "Nivel de servicio",
            "BI_ID": "ID",
        },
        "portuguese": {
            "Date": "Data",
            "CallsOffered": "Chamadas oferecidas",
            "CallsHandled": "Chamadas atendidas",
            "CallsAbandoned": "Chamadas abandonadas",
            "AverageSpeedofAnswer": "Tempo médio de espera",
            "ServiceLevel": "Nível de serviço",
            "BI_ID": "Código",
        },
        "french": {
            "Date": "Jour",
            "CallsOffered": "Appels présentés",
            "CallsHandled": "Appels traités",
            "CallsAbandoned": "Appels abandonnés",
            "AverageSpeedofAnswer": "Temps moyen d'attente (s)",
            "ServiceLevel": "Qualité de service",
            "BI_ID": "Identifiant",
        },
        "prefixed": {
            "Date": "Rpt_Date",
            "CallsOffered": "Q1 Calls Offered SUM",
            "CallsHandled": "Q1 Calls Handled SUM",
            "CallsAbandoned": "Q1 Aband Calls SUM",
            "AverageSpeedofAnswer": "Q1 ASA (sec) AVG",
            "ServiceLevel": "Q1 Service Level (AVG)",
            "BI_ID": "Row Key",
        },
    },
    "nhs111_iuc_daily_provider.csv": {
        "delimiter": ",",
        "keys": {
            "time": ("date",),
            "vendor": "contract_name",
            "offered": "calls_received",
            "answered": "calls_answered",
            "abandoned": "calls_abandoned",
            "answered_within_sl": "calls_answered_60s",
        },
        "spanish": {
            "date": "fecha",
            "region_code": "region",
            "contract_code": "codigo_proveedor",
            "contract_name": "proveedor",
            "calls_received": "llamadas_recibidas",
            "calls_answered": "llamadas_atendidas",
            "calls_answered_60s": "atendidas_60s",
            "calls_abandoned": "llamadas_abandonadas",
            "calls_triaged": "llamadas_clasificadas",
            "week_ending": "semana_fin",
            "pct_answered_60s": "pct_atendidas_60s",
            "pct_abandoned": "tasa_abandono",
            "meets_60s_target": "cumple_objetivo_60s",
        },
        "portuguese": {
            "date": "data",
            "region_code": "regiao",
            "contract_code": "codigo_fornecedor",
            "contract_name": "fornecedor",
            "calls_received": "chamadas_recebidas",
            "calls_answered": "chamadas_atendidas",
            "calls_answered_60s": "atendidas_em_60s",
            "calls_abandoned": "chamadas_abandonadas",
            "calls_triaged": "chamadas_triadas",
            "week_ending": "fim_da_semana",
            "pct_answered_60s": "pct_atendidas_60s",
            "pct_abandoned": "taxa_abandono",
            "meets_60s_target": "meta_60s",
        },
        "french": {
            "date": "Date",
            "region_code": "Région",
            "contract_code": "Code prestataire",
            "contract_name": "Prestataire",
            "calls_received": "Appels reçus",
            "calls_answered": "Appels décrochés",
            "calls_answered_60s": "Décrochés en 60 s",
            "calls_abandoned": "Appels perdus",
            "calls_triaged": "Appels orientés",
            "week_ending": "Fin de semaine",
            "pct_answered_60s": "% décrochés en 60 s",
            "pct_abandoned": "Taux d'abandon",
            "meets_60s_target": "Objectif 60 s atteint",
        },
        "prefixed": {
            "date": "Nhs1 Report Date",
            "region_code": "Nhs1 Region Name",
            "contract_code": "Nhs1 Provider Code",
            "contract_name": "Nhs1 Provider Name",
            "calls_received": "Nhs1 Calls Received SUM",
            "calls_answered": "Nhs1 Answered Calls SUM",
            "calls_answered_60s": "Nhs1 Answered 60sec SUM",
            "calls_abandoned": "Nhs1 Abandoned Calls SUM",
            "calls_triaged": "Nhs1 Calls Triaged SUM",
            "week_ending": "Nhs1 Week Ending",
            "pct_answered_60s": "Nhs1 Answered 60sec PCT",
            "pct_abandoned": "Nhs1 Abandoned PCT",
            "meets_60s_target": "Nhs1 Meets 60sec Target",
        },
    },
    "wfm_interval_15min_synth.csv": {
        "delimiter": ";",
        "keys": {
            "time": ("Date", "Time"),
            "offered": "Offered",
            "answered": "Handled",
            "handle_time_sec": "AHT",
        },
        "spanish": {
            "Queue": "Cola",
            "Date": "Fecha",
            "Time": "Hora",
            "Offered": "Recibidas",
            "Handled": "Atendidas",
            "AHT": "TMO (seg)",
            "Channel": "Canal",
        },
        "portuguese": {
            "Queue": "Fila",
            "Date": "Data",
            "Time": "Intervalo",
            "Offered": "Recebidas",
            "Handled": "Atendidas",
            "AHT": "TMA",
            "Channel": "Canal",
        },
        "french": {
            "Queue": "File",
            "Date": "Date",
            "Time": "Tranche horaire",
            "Offered": "Appels entrants",
            "Handled": "Appels traités",
            "AHT": "DMT",
            "Channel": "Canal",
        },
        "prefixed": {
            "Queue": "ACD Skill",
            "Date": "Interval Date",
            "Time": "Interval (hh:mm)",
            "Offered": "Nbr Calls Offered SUM",
            "Handled": "Nbr Calls Handled SUM",
            "AHT": "Handle Time (AVG)",
            "Channel": "Media Type",
        },
    },
    "sf_hss_call_center_monthly.csv": {
        "delimiter": ",",
        "keys": {"time": ("Month",), "offered": "Inbound Calls", "abandoned": "Abandoned Calls"},
        "spanish": {
            "Month": "Mes",
            "Inbound Calls": "Llamadas entrantes",
            "Average Speed of Answer in Secs": "Tiempo medio de espera (seg)",
            "Abandoned Calls": "Llamadas abandonadas",
            "Call Abandonment Rate": "Tasa de abandono",
            "In-person visits": "Visitas presenciales",
        },
        "portuguese": {
            "Month": "Mês",
            "Inbound Calls": "Chamadas recebidas",
            "Average Speed of Answer in Secs": "TME (seg)",
            "Abandoned Calls": "Chamadas abandonadas",
            "Call Abandonment Rate": "Taxa de abandono (%)",
            "In-person visits": "Visitas presenciais",
        },
        "french": {
            "Month": "Mois",
            "Inbound Calls": "Appels entrants",
            "Average Speed of Answer in Secs": "Délai moyen d'attente (s)",
            "Abandoned Calls": "Appels abandonnés",
            "Call Abandonment Rate": "Taux d'abandon",
            "In-person visits": "Visites au guichet",
        },
        "prefixed": {
            "Month": "HSS Period",
            "Inbound Calls": "HSS Inbound Calls SUM",
            "Average Speed of Answer in Secs": "HSS ASA (sec) AVG",
            "Abandoned Calls": "HSS Abandoned Calls SUM",
            "Call Abandonment Rate": "HSS Abandon Rate PCT",
            "In-person visits": "HSS In-person Visits SUM",
        },
    },
    "callcenter_daily_es_synth.csv": {
        "delimiter": ",",
        "keys": {
            "time": ("fecha",),
            "offered": "llamadas",
            "answered_within_sl": "nivel_servicio",
            "handle_time_sec": "tmo",
        },
        "english": {
            "fecha": "Date",
            "llamadas": "Calls",
            "tmo": "AHT (min)",
            "nivel_servicio": "Service Level %",
            "ocupacion": "Occupancy",
            "ausentismo": "Absenteeism",
            "agentes_programados": "Scheduled Agents",
            "agentes_efectivos": "Actual Agents",
        },
        "portuguese": {
            "fecha": "data",
            "llamadas": "chamadas",
            "tmo": "tma",
            "nivel_servicio": "nivel_de_servico",
            "ocupacion": "ocupacao",
            "ausentismo": "absenteismo",
            "agentes_programados": "agentes_escalados",
            "agentes_efectivos": "agentes_presentes",
        },
        "french": {
            "fecha": "Jour",
            "llamadas": "Appels",
            "tmo": "DMT (min)",
            "nivel_servicio": "Niveau de service",
            "ocupacion": "Occupation",
            "ausentismo": "Absentéisme",
            "agentes_programados": "Conseillers planifiés",
            "agentes_efectivos": "Conseillers présents",
        },
    },
}
VARIANTS = [
    (name, variant)
    for name, spec in REAL_KEYS.items()
    for variant in spec
    if variant not in ("delimiter", "keys")
]


def real_rows(name: str, delimiter: str) -> tuple[list[str], list[list[str]]]:
    with (REAL / name).open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=delimiter))
    return rows[0], rows[1:]


@pytest.mark.parametrize(("name", "variant"), VARIANTS)
def test_variants_of_the_real_files_are_mapped_right(name, variant):
    spec = REAL_KEYS[name]
    header, rows = real_rows(name, spec["delimiter"])
    renames = spec[variant]
    order = list(range(len(header)))
    random.Random(f"{name}/{variant}").shuffle(order)  # the columns shuffled
    new_header = [renames.get(header[i], header[i]) for i in order]
    new_rows = [[row[i] for i in order] for row in rows]
    found = suggest_csv(new_header, new_rows, delimiter=spec["delimiter"])
    got = {key: source(found.profile, key) for key in spec["keys"]}
    want = {
        key: tuple(renames.get(h, h) for h in value) if key == "time" else renames.get(value, value)
        for key, value in spec["keys"].items()
    }
    assert got == want
    for key in want:  # each key column says why, with a confidence
        for h in want[key] if key == "time" else (want[key],):
            reason = found.reasons[h]
            assert reason.why and 0 < reason.confidence <= 1


# --- layouts written here -------------------------------------------------------------------------

PROVIDERS = [("RYE", "Alpha Ambulance Trust"), ("RX9", "Bravo Health"), ("NWV", "Charlie Care")]


def nhs_monthly_rows() -> list[list]:
    """NHS 111 monthly provider statistics, as the issue describes them: "Apr-15" periods and
    Nhs1 … SUM columns, three providers a month."""
    rows = []
    for m in range(14):
        period = date(2015 + (m + 3) // 12, (m + 3) % 12 + 1, 1).strftime("%b-%y")
        for i, (code, name) in enumerate(PROVIDERS):
            offered = 20000 + 1000 * i + 37 * m
            abandoned = 600 + 11 * m + i
            answered = offered - abandoned
            rows.append([period, code, name, offered, answered, abandoned, int(answered * 0.9)])
    return rows


NHS_MONTHLY = [
    "Periodname",
    "Provider Code",
    "Provider Name",
    "Nhs1 Number Calls Offered SUM",
    "Nhs1 Answered Calls SUM",
    "Nhs1 Abandoned Calls SUM",
    "Nhs1 Answered 60sec SUM",
]


def test_nhs_monthly_provider_statistics():
    found = suggest_csv(NHS_MONTHLY, nhs_monthly_rows())
    p = found.profile
    assert p.columns == {
        "month": "Periodname",
        "vendor": "Provider Name",
        "offered": "Nhs1 Number Calls Offered SUM",
        "answered": "Nhs1 Answered Calls SUM",
        "abandoned": "Nhs1 Abandoned Calls SUM",
        "answered_within_sl": "Nhs1 Answered 60sec SUM",
    }
    assert p.sl_threshold_seconds == 60
    assert p.ignore == ("Provider Code",)  # a code for each provider name
    assert found.grain == "month" and found.unplaced == ()
    offered = found.reasons["Nhs1 Number Calls Offered SUM"]
    assert offered.role == "offered" and offered.confidence >= 0.9
    assert "header tokens: calls, offered" in offered.why
    assert "offered = answered + abandoned on 100% of rows" in offered.why
    assert "threshold 60 s" in found.reasons["Nhs1 Answered 60sec SUM"].why


def daily_queue_rows(days: int = 60) -> list[list]:
    """A daily queue export: rates as "85%", averages as clock text."""
    rows = []
    for d in range(days):
        day = date(2021, 1, 1) + timedelta(days=d)
        incoming = 200 + (d * 37) % 90
        abandoned = 5 + d % 9
        answered = incoming - abandoned
        rows.append(
            [
                d + 1,
                day.strftime("%m/%d/%Y"),
                incoming,
                answered,
                f"{answered / incoming:.1%}",
                abandoned,
                f"0:00:{10 + d % 40:02d}",
                f"0:0{2 + d % 5}:{14 + d % 40:02d}",
                f"0:00:{20 + d % 30:02d}",
                f"{78 + d % 12}%",
            ]
        )
    return rows


DAILY_QUEUE = [
    "Index",
    "Date",
    "Incoming Calls",
    "Answered Calls",
    "Answer Rate",
    "Abandoned Calls",
    "Answer Speed (AVG)",
    "Talk Duration (AVG)",
    "Waiting Time (AVG)",
    "Service Level (20 Seconds)",
]


def test_a_daily_queue_export_with_rates_and_clock_averages():
    found = suggest_csv(DAILY_QUEUE, daily_queue_rows())
    p = found.profile
    assert p.columns == {
        "date": "Date",
        "offered": "Incoming Calls",
        "answered": "Answered Calls",
        "abandoned": "Abandoned Calls",
    }
    assert {k: (a.column, a.over) for k, a in p.averages.items()} == {
        "answered_within_sl": ("Service Level (20 Seconds)", "offered"),
        "wait_time_sec": ("Answer Speed (AVG)", "answered"),
        "handle_time_sec": ("Talk Duration (AVG)", "answered"),
    }
    assert p.sl_threshold_seconds == 20 and p.formats.date == "%m/%d/%Y"
    assert "Index" in p.ignore  # one value per row: a row key
    sl = found.reasons["Service Level (20 Seconds)"]
    assert sl.role == "answered_within_sl as a rate over offered (service level %)"
    assert 'values with "%"' in sl.why
    # A ratio of the counts, written "95.6%", and a second average wait: not loaded, ignored
    # (text an import would otherwise refuse as an unmapped label).
    assert {"Answer Rate", "Waiting Time (AVG)"} <= set(p.ignore)
    assert "a rate the file's counts already give" in found.reasons["Answer Rate"].why
    assert found.unplaced == ()


def interval_rows(times: list[str], days: int = 3) -> list[list]:
    rows = []
    for d in range(days):
        for i, t in enumerate(times):
            offered = 10 + (d * 7 + i * 3) % 20
            rows.append([f"2026-03-{d + 2:02d}", t, "Billing", offered, offered - 1, 1, 300])
    return rows


@pytest.mark.parametrize(
    ("times", "step"),
    [
        ([f"{h:02d}:{m:02d}" for h in range(8, 12) for m in (0, 30)], 30),
        (
            [
                f"{h:02d}:{m:02d} - {h + (m + 30) // 60:02d}:{(m + 30) % 60:02d}"
                for h in range(8, 12)
                for m in (0, 30)
            ],
            30,
        ),
        (
            [
                f"{(h - 1) % 12 + 1}:{m:02d} {'AM' if h < 12 else 'PM'}"
                for h in range(8, 14)
                for m in (0, 15, 30, 45)
            ],
            15,
        ),
    ],
    ids=["times", "ranges", "am-pm"],
)
def test_a_date_and_an_interval_column_are_one_interval_start(times, step):
    header = ["Date", "Interval", "Queue", "Offered", "Answered", "Abandoned", "Handle Time"]
    found = suggest_csv(header, interval_rows(times))
    p = found.profile
    assert (p.columns["date"], p.columns["interval_start"]) == ("Date", "Interval")
    assert p.split_time and p.time_sources == ("Date", "Interval") and p.grain == "day"
    assert found.grain == "interval"
    assert f"grain: interval ({step} minutes; summed to days)" in found.reasons["Interval"].why
    assert found.reasons["Date"].role == "date"
    assert found.reasons["Interval"].role == "interval_start"


@pytest.mark.parametrize(
    ("values", "header", "key", "grain"),
    [
        ([f"2026-W{w:02d}" for w in range(1, 9)], "Period", "week", "week"),
        ([f"{m:02d}/2025" for m in range(1, 13)], "Period", "month", "month"),
        (["Apr-15", "May-15", "Jun-15", "Jul-15"], "Periodname", "month", "month"),
        (["Apr 2024", "May 2024", "Jun 2024"], "Reporting Month", "month", "month"),
        ([str(46000 + d) for d in range(20)], "Date", "date", "day"),
        (
            [(date(2026, 1, 5) + timedelta(weeks=w)).isoformat() for w in range(8)],
            "Week",
            "week",
            "week",
        ),
        ([date(2025, m, 1).isoformat() for m in range(1, 13)], "Date", "month", "month"),
        (
            [
                (datetime(2026, 1, 5, 8) + timedelta(minutes=30 * i)).strftime("%Y-%m-%d %H:%M")
                for i in range(20)
            ],
            "Start",
            "interval_start",
            "interval",
        ),
    ],
    ids=[
        "iso-weeks",
        "mm-yyyy",
        "mmm-yy",
        "mmm-yyyy",
        "excel-serials",
        "mondays",
        "firsts",
        "timestamps",
    ],
)
def test_the_time_column_and_its_grain_come_from_the_values(values, header, key, grain):
    rows = [[v, 100 + i, 90 + i] for i, v in enumerate(values)]
    found = suggest_csv([header, "Offered", "Answered"], rows)
    assert found.profile.columns[key] == header
    assert found.grain == grain
    assert f"grain: {grain}" in found.reasons[header].why


def test_offered_answered_and_abandoned_are_found_by_their_sums():
    rows = []
    for d in range(40):
        answered, abandoned = 300 + (d * 53) % 200, 4 + (d * 7) % 30
        rows.append(
            [
                f"2026-01-{d % 28 + 1:02d}" if d < 28 else f"2026-02-{d - 27:02d}",
                answered + abandoned,
                answered,
                abandoned,
            ]
        )
    found = suggest_csv(["Day", "Volume In", "Done", "Gone"], rows)
    p = found.profile
    assert (p.columns["offered"], p.columns["answered"], p.columns["abandoned"]) == (
        "Volume In",
        "Done",
        "Gone",
    )
    assert "offered = answered + abandoned on 100% of rows" in found.reasons["Done"].why
    assert "(answered the larger of the two)" in found.reasons["Done"].why


def test_channels_languages_and_companies_are_recognised_by_their_labels():
    rows = []
    vendors = ["Acme Care Ltd", "Bluebird BPO", "Crestline Services Inc"]
    for d in range(12):
        for i, (channel, language) in enumerate(
            [("Voice", "English"), ("Chat", "Spanish"), ("Email", "French")]
        ):
            rows.append([f"2026-01-{d + 1:02d}", vendors[i], channel, language, 100 + d, 90 + d])
    found = suggest_csv(["Day", "Who", "Kind", "Tongue", "Offered", "Answered"], rows)
    p = found.profile
    assert (p.columns["vendor"], p.columns["channel"], p.columns["language"]) == (
        "Who",
        "Kind",
        "Tongue",
    )
    assert found.reasons["Kind"].why == "values are channels (voice, chat, email …)"


def test_a_service_level_that_would_exceed_the_answered_count_is_over_answered():
    rows = []
    for d in range(30):
        offered, answered = 1000 + d * 10, 900 + d * 5
        rows.append(
            [
                f"2026-01-{d + 1:02d}",
                offered,
                answered,
                offered - answered,
                round(0.93 + (d % 5) / 100, 3),
            ]
        )
    found = suggest_csv(["Date", "Offered", "Answered", "Abandoned", "Service Level"], rows)
    avg = found.profile.averages["answered_within_sl"]
    assert (avg.column, avg.over) == ("Service Level", "answered")
    assert "exceed 'Answered'" in found.reasons["Service Level"].why


def test_duration_totals_grow_with_answered_and_averages_do_not():
    rows = []
    for d in range(40):
        answered = 20 + (d * 17) % 60
        rows.append(
            [
                f"2026-01-{d % 28 + 1:02d} {8 + d // 28:02d}:00",
                answered + 2,
                answered,
                2,
                answered * (300 + d % 7),
                280 + (d * 13) % 90,
            ]
        )
    found = suggest_csv(
        ["Interval Start", "Offered", "Answered", "Abandoned", "Talk Time", "Wait Time"], rows
    )
    p = found.profile
    assert p.columns["handle_time_sec"] == "Talk Time"
    assert (p.averages["wait_time_sec"].column, p.averages["wait_time_sec"].over) == (
        "Wait Time",
        "answered",
    )
    assert "grows with 'Answered'" in found.reasons["Talk Time"].why


def test_a_handle_time_of_a_few_units_with_decimals_is_in_minutes():
    rows = [[f"2026-01-{d + 1:02d}", 800 + d, round(4 + (d % 10) / 7, 2)] for d in range(28)]
    found = suggest_csv(["fecha", "llamadas", "tmo"], rows)
    p = found.profile
    assert p.formats.duration == "minutes"
    assert (p.averages["handle_time_sec"].column, p.averages["handle_time_sec"].over) == (
        "tmo",
        "offered",
    )
    assert "(in minutes)" in found.reasons["tmo"].why


def test_a_contact_level_file_is_suggested_as_contacts():
    rows = []
    for i in range(60):
        answered = i % 6 != 0
        rows.append(
            [
                f"T2026-{i:06d}",
                f"2026-02-{i % 20 + 1:02d} 0{8 + i % 2}:{i % 60:02d}:00",
                "Billing" if i % 2 else "Tech",
                "Y" if answered else "N",
                12 + i % 50 if answered else "",
                180 + i * 3 if answered else "",
                (i % 5) + 1 if answered else "",
            ]
        )
    header = [
        "Ticket Id",
        "Started At",
        "Topic",
        "Answered (Y/N)",
        "Wait Seconds",
        "Talk Seconds",
        "Satisfaction (1-5)",
    ]
    found = suggest_csv(header, rows)
    p = found.profile
    assert p.shape == "contact"
    assert p.columns == {"interval_start": "Started At", "queue": "Topic"}
    assert p.contact.answered.column == "Answered (Y/N)" and p.contact.answered.true == ("Y",)
    assert (p.contact.wait_seconds, p.contact.handle_seconds) == ("Wait Seconds", "Talk Seconds")
    assert (p.contact.satisfaction.column, p.contact.satisfaction.scale) == (
        "Satisfaction (1-5)",
        5,
    )
    assert p.ignore == ("Ticket Id",)


def test_people_are_never_proposed_whatever_their_header():
    names = ["Maria Garcia", "John Smith", "Priya Patel", "Diane Jones", "Ana Souza", "Luc Martin"]
    rows = []
    for d in range(10):
        for i, name in enumerate(names):
            rows.append([f"2026-01-{d + 1:02d}", name, f"E{10234 + i}", "Billing", 40 + i, 38 + i])
    found = suggest_csv(["Date", "Split", "Emp ID", "Program", "Offered", "Answered"], rows)
    p = found.profile
    for person in ("Split", "Emp ID"):
        assert person not in p.source_columns() and person not in p.ignore
        assert person not in found.unplaced and person not in found.reasons
    assert p.people_dropped >= 1
    assert p.columns["program"] == "Program"


def test_a_large_file_is_suggested_from_its_first_rows():
    rows = [[f"2026-01-{i % 28 + 1:02d} {i % 24:02d}:00", "Voice", 10, 9, 1] for i in range(30000)]
    found = suggest_csv(["Interval", "Channel", "Offered", "Answered", "Abandoned"], rows)
    assert found.read.rows == importer.SUGGEST_SAMPLE_ROWS
    assert found.profile.columns["interval_start"] == "Interval"


def acd_rows(seed: int, interval: bool) -> list[tuple[str, str, int, int, int]]:
    """(date, time, offered, answered, abandoned) rows, consistent, half-hourly or daily."""
    rng = random.Random(seed)
    out = []
    for d in range(3 if interval else 20):
        for i in range(16 if interval else 1):
            abandoned = rng.randint(0, 5)
            answered = rng.randint(20, 80)
            time = f"{8 + i // 2:02d}:{30 * (i % 2):02d}"
            out.append((f"2026-03-{d + 1:02d}", time, answered + abandoned, answered, abandoned))
    return out


def test_a_genesys_style_queue_export():
    rows = [
        [
            f"{day} {t}",
            f"{day} {t}",
            "Sales",
            "voice",
            off,
            ans,
            ab,
            f"{ab / off:.1%}",
            12,
            300,
            "80%",
        ]
        for day, t, off, ans, ab in acd_rows(1, True)
    ]
    header = ["Interval Start", "Interval End", "Queue", "Media Type", "Offer", "Answer"]
    header += ["Abandon", "Abandon %", "ASA", "AHT", "Service Level Target %"]
    found = suggest_csv(header, rows)
    p = found.profile
    assert p.columns == {
        "interval_start": "Interval Start",
        "queue": "Queue",
        "channel": "Media Type",
        "offered": "Offer",
        "answered": "Answer",
        "abandoned": "Abandon",
    }
    assert set(p.averages) == {"wait_time_sec", "handle_time_sec"}
    assert {"Interval End", "Abandon %"} <= set(p.ignore)
    assert "a target" in found.reasons["Service Level Target %"].why
    assert found.grain == "interval"


def test_an_avaya_style_split_report():
    rows = [
        [
            day,
            f"{t}-{t[:3]}59",
            "Billing",
            off,
            ans,
            "0:04:10",
            "0:00:40",
            ab,
            "0:00:35",
            95,
            "0:00:21",
            80,
            "0:02:10",
        ]
        for day, t, off, ans, ab in acd_rows(2, True)
    ]
    header = ["Date", "Time", "Split/Skill", "Calls Offered", "ACD Calls", "Avg ACD Time"]
    header += ["Avg ACW Time", "Aban Calls", "Avg Aban Time", "% Ans Calls", "Avg Speed Ans"]
    header += ["% Within Service Level", "Max Delay"]
    found = suggest_csv(header, rows)
    p = found.profile
    assert p.time_sources == ("Date", "Time") and found.grain == "interval"
    assert (p.columns["offered"], p.columns["answered"], p.columns["abandoned"]) == (
        "Calls Offered",
        "ACD Calls",
        "Aban Calls",
    )
    assert p.averages["handle_time_sec"].column == "Avg ACD Time"
    assert p.averages["wait_time_sec"].column == "Avg Speed Ans"
    assert p.averages["answered_within_sl"].column == "% Within Service Level"
    for not_loaded in ("Avg ACW Time", "Avg Aban Time", "Max Delay"):
        assert not_loaded in p.ignore  # clock text: ignored, so the file still imports
