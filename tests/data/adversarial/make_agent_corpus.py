"""An adversarial corpus of vendor exports for the import's people guard, made reproducibly.

    python tests/data/adversarial/make_agent_corpus.py OUT_DIR

writes into OUT_DIR (created if needed):

- **agent-level files** (``a01_…`` …): one row per agent and day, interval, week or month, or one
  row per contact with an agent column, each hiding the person another way: headers in seven
  languages, job titles and identifiers (``Emp#``, ``Handle``, ``Ext``, ``Station ID``…),
  look-alike letters and invisible characters inside "Agent", agent columns headed as dimensions
  (``Split``, ``Account``, ``Reason``, ``Location``, ``Team``, ``Skill``, ``Queue``), names written
  every way (``SMITH, DIANE``, ``Diane S.``, ``D. Smith``, ``Team Diane``, lower case; Filipino,
  Indian, Latin American, Arabic-in-Latin, European names), logins, e-mail addresses, extensions,
  employee numbers, and anonymised ids whose only sign is the grain; CSV with every delimiter and
  encoding the reader takes, or .xlsx;
- **wide files** (``w01_…`` …): one column per agent beside the queue's own totals, each agent's
  column holding a number (calls handled, handle time, login minutes), headed by the person:
  ``Diane Smith``, ``SMITH, Diane``, ``SMITH DIANE``, logins, e-mail addresses, ``Agent 4471``,
  employee numbers, given names alone; Western, Filipino, Spanish-speaking and Indian names,
  among a few legitimate headers;
- **legitimate aggregates** (``n01_…`` …): program, site, queue, channel or language level, some
  with labels that are given names (sites "Victoria", "Florence", "Chelsea") or measures that
  count staff ("Agents Staffed", "FTE", NHS-style "Nhs1 Time Clinical Staff SUM"); they must import;
- ``manifest.json``: per file its kind, disguise, shape, vendor, the mapping profile its vendor
  would use (person columns ignored; TOML), a hostile profile (the person column mapped to a
  dimension, asking to aggregate), the person columns and **every person value written** (what no
  table may hold after any import of the file), and the totals an import must store per period
  and dimensions, computed here in plain Python from the values written.

Seeded (``SEED``): the same bytes every time, no network. The files are small (a few hundred rows
at most) so a test can import every one of them several ways in well under a minute.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import math
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import tomli_w

SEED = 20261206
VENDOR = "Harbour Voice Services"
MANIFEST = "manifest.json"
DIMS = ("program", "site", "channel", "language", "queue")
SL_SECONDS = 20  # a contact answered within this wait counts toward service level

# --- people: (given names, family name) per pool, written "Given/Family" ------------------------

_POOL_TEXT = {
    "western": (
        "Diane/Smith, Greg/Walker, Karen/Holt, Brian/Foster, Linda/Chavez, Kevin/Doyle, "
        "Amy/Turner, Scott/Reid, Megan/Price, Paul/Hughes, Laura/Bennett, Mark/Ellis, "
        "Jessica/Ward, Ryan/Cole, Nicole/Grant"
    ),
    "filipino": (
        "Maricel/Santos, Jomar/Reyes, Rizalyn/Dela Cruz, Jhunrey/Bautista, "
        "Mary Grace/Villanueva, Arnel/Mendoza, Lovely Joy/Garcia, Rowena/Castillo, "
        "Jerome/Aquino, Kristine Mae/Ramos, Mark Anthony/Flores, Divina/Pascual, "
        "Rhea Mae/Navarro, Jayson/Manalo, Cherry Ann/Ocampo"
    ),
    "indian": (
        "Priyanka/Venkataraman, Karthik/Subramanian, Sneha/Kulkarni, Rohit/Chaturvedi, "
        "Ananya/Iyer, Venkatesh/Raghunathan, Divya/Menon, Harpreet/Kaur, Saurabh/Deshpande, "
        "Lakshmi/Narayanan, Aishwarya/Pillai, Gurpreet/Sandhu, Nikhil/Bhattacharya, "
        "Swati/Joshi, Mahesh/Gowda"
    ),
    "latam": (
        "María José/Hernández, Juan Pablo/Gutiérrez, Luz Marina/Restrepo, "
        "Jhon Fredy/Quintero, Yuliana/Cárdenas, Wilmer/Rojas, Daniela/Castaño, "
        "Andrés Felipe/Ospina, Leidy Johana/Muñoz, Carlos Eduardo/Peña, Valentina/Zapata, "
        "Brayan Stiven/Vargas, Paola Andrea/Giraldo, Jorge Iván/Salazar, Natalia/Ríos"
    ),
    "brazil": (
        "João Pedro/Oliveira, Ana Beatriz/Souza, Thiago/Nascimento, Larissa/Carvalho, "
        "Gabriel/Rodrigues, Fernanda/Lima, Lucas/Almeida, Juliana/Ferreira, "
        "Rafael/Gonçalves, Camila/Ribeiro, Matheus/Araújo, Bruna/Martins"
    ),
    "french": (
        "Élodie/Martin, Thomas/Lefebvre, Camille/Dubois, Julien/Moreau, Manon/Laurent, "
        "Nicolas/Girard, Chloé/Fournier, Maxime/Bonnet, Léa/Mercier, Antoine/Rousseau, "
        "Sarah/Blanc, Hugo/Faure"
    ),
    "german": (
        "Jürgen/Schäfer, Anja/Becker, Stefan/Wagner, Katrin/Hoffmann, Tobias/Schulz, "
        "Sabine/Koch, Markus/Richter, Julia/Klein, Florian/Wolf, Nadine/Schröder, "
        "Dirk/Neumann, Melanie/Braun"
    ),
    "italian": (
        "Giuseppe/Russo, Francesca/Romano, Alessandro/Colombo, Chiara/Ricci, Matteo/Marino, "
        "Giulia/Greco, Lorenzo/Bruno, Sara/Gallo, Davide/Conti, Elena/De Luca, "
        "Marco/Mancini, Valentina/Costa"
    ),
    "polish": (
        "Łukasz/Wiśniewski, Agnieszka/Wójcik, Paweł/Kowalczyk, Katarzyna/Kamińska, "
        "Tomasz/Lewandowski, Magdalena/Zielińska, Krzysztof/Szymański, Joanna/Woźniak, "
        "Michał/Dąbrowski, Aleksandra/Kozłowska, Piotr/Jankowski, Monika/Mazur"
    ),
    "arabic": (
        "Mohammed/Al-Rashid, Fatima/Abdelrahman, Youssef/El Amrani, Khadija/Benali, "
        "Omar/Haddad, Layla/Mansour, Hassan/Farouk, Nour/Saleh, Amina/Bouazza, "
        "Tariq/Qureshi, Samira/Khalil, Karim/Ben Youssef"
    ),
}
POOLS: dict[str, list[tuple[str, str]]] = {
    pool: [tuple(name.strip().split("/")) for name in text.split(",")]
    for pool, text in _POOL_TEXT.items()
}


def _ascii(text: str) -> str:
    """Letters a login is made of: accents dropped, spaces and hyphens removed, lower case."""
    text = text.replace("ł", "l").replace("Ł", "L")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum()).lower()


def person_value(style: str, person: tuple[str, str], i: int) -> str:
    """How the ``i``-th person of a file is written in its person column."""
    if style in _NAMELESS:
        return {
            "ext": str(4000 + 37 * i + 11),
            "empno": f"E{10234 + 7 * i}",
            "empnum": str(10234 + 7 * i),
            "station": f"MNL-WS-{412 + 3 * i:04d}",
            "seat": f"S{114 + 2 * i}",
            "badge": str(104233 + 13 * i),
            "anon": f"A{i + 1:03d}",
            "numeric_id": str(7001 + i),
            "code": f"AG-{i + 1:03d}",
            "agent_no": f"Agent {4471 + i}",
            "emp_hash": f"Emp# {10234 + 7 * i}",
        }[style]
    first, last = person
    given = first.split()[0]
    values = {
        "full": f"{first} {last}",
        "last_first": f"{last.upper()}, {first.upper()}",
        "first_initial": f"{first} {last[0]}.",
        "initial_last": f"{first[0]}. {last}",
        "team": f"Team {given}",
        "lower": f"{first} {last}".lower(),
        "first": given,
        "first_lower": given.lower(),
        "login": f"{_ascii(first)[0]}{_ascii(last)}{i + 1:02d}",
        "dotted": f"{_ascii(given)[0]}.{_ascii(last)}",
        "email": f"{_ascii(given)[0]}.{_ascii(last)}@vendor.com",
        "handle": f"{_ascii(given)}_{_ascii(last)[0]}",
        "last_comma_first": f"{last.upper()}, {first}",
        "last_first_space": f"{last.upper()} {first.upper()}",
    }
    return values[style]


# Styles that do not need a name: the pool is only used for the named styles.
_NAMELESS = {
    *("ext", "empno", "empnum", "station", "seat", "badge", "anon", "numeric_id", "code"),
    "agent_no",
    "emp_hash",
}

# --- the other columns ---------------------------------------------------------------------------

LABELS = {
    "program": ["Billing care", "Retention", "Tech support"],
    "site": {
        "en": ["Manila", "Cebu"],
        "es": ["Bogotá", "Monterrey"],
        "pt": ["Recife", "Campinas"],
        "fr": ["Casablanca", "Tunis"],
        "de": ["Leipzig", "Bochum"],
        "it": ["Napoli", "Bari"],
        "pl": ["Kraków", "Gdańsk"],
    },
    "channel": ["Voice", "Chat", "Email"],
    "language": ["English", "Spanish"],
    "queue": ["Billing", "Disputes", "Upgrades"],
}
CHANNEL = {"Voice": "voice", "Phone": "voice", "Chat": "chat", "Email": "email"}
YES = {"es": "S", "pt": "S"}  # how an answered contact is flagged, where not "Y"

HEADERS = {
    "en": {
        "date": "Date",
        "interval_start": "Interval Start",
        "week": "Week Beginning",
        "month": "Month",
        "contact_date": "Call Date",
        "program": "Program",
        "site": "Site",
        "channel": "Channel",
        "language": "Language",
        "queue": "Queue",
        "offered": "Offered",
        "answered": "Answered",
        "abandoned": "Abandoned",
        "answered_within_sl": "Answered within SL",
        "handle_time_sec": "Handle Time",
        "aht": "AHT",
        "sl": "Service Level %",
        "qa_points": "QA Points",
        "qa_possible": "QA Possible",
        "csat_responses": "Survey Responses",
        "csat_satisfied": "Top 2 Box",
        "headcount": "Headcount",
        "leavers": "Leavers",
        "new_hires": "New Hires",
        "flag": "Answered (Y/N)",
        "wait": "Wait Seconds",
        "talk": "Talk Seconds",
        "score": "CSAT (1-5)",
    },
    "es": {
        "date": "Fecha",
        "interval_start": "Intervalo",
        "week": "Semana",
        "month": "Mes",
        "contact_date": "Fecha de llamada",
        "program": "Programa",
        "site": "Sede",
        "channel": "Canal",
        "language": "Idioma",
        "queue": "Cola",
        "offered": "Recibidas",
        "answered": "Atendidas",
        "abandoned": "Abandonadas",
        "answered_within_sl": "Atendidas en SL",
        "handle_time_sec": "Tiempo de gestión",
        "aht": "TMO",
        "sl": "Nivel de servicio %",
        "qa_points": "Puntos de calidad",
        "qa_possible": "Puntos posibles",
        "csat_responses": "Encuestas",
        "csat_satisfied": "Satisfechos",
        "flag": "Atendida (S/N)",
        "wait": "Espera (s)",
        "talk": "Conversación (s)",
        "score": "CSAT (1-5)",
    },
    "pt": {
        "date": "Data",
        "interval_start": "Intervalo",
        "week": "Semana",
        "month": "Mês",
        "contact_date": "Data da chamada",
        "program": "Programa",
        "site": "Site",
        "channel": "Canal",
        "language": "Idioma",
        "queue": "Fila",
        "offered": "Recebidas",
        "answered": "Atendidas",
        "abandoned": "Abandonadas",
        "answered_within_sl": "Atendidas no NS",
        "handle_time_sec": "Tempo de atendimento",
        "aht": "TMA",
        "sl": "Nível de serviço %",
        "qa_points": "Pontos de qualidade",
        "qa_possible": "Pontos possíveis",
        "csat_responses": "Pesquisas",
        "csat_satisfied": "Satisfeitos",
        "flag": "Atendida (S/N)",
        "wait": "Espera (s)",
        "talk": "Conversa (s)",
        "score": "CSAT (1-5)",
    },
    "fr": {
        "date": "Date",
        "interval_start": "Intervalle",
        "week": "Semaine du",
        "month": "Mois",
        "contact_date": "Date d'appel",
        "program": "Programme",
        "site": "Site",
        "channel": "Canal",
        "language": "Langue",
        "queue": "File",
        "offered": "Appels reçus",
        "answered": "Appels traités",
        "abandoned": "Abandons",
        "answered_within_sl": "Traités dans le SL",
        "handle_time_sec": "Durée de traitement",
        "aht": "DMT",
        "sl": "Niveau de service %",
        "qa_points": "Points qualité",
        "qa_possible": "Points possibles",
        "csat_responses": "Enquêtes",
        "csat_satisfied": "Satisfaits",
    },
    "de": {
        "date": "Datum",
        "interval_start": "Intervall",
        "week": "Woche ab",
        "month": "Monat",
        "contact_date": "Anrufdatum",
        "program": "Programm",
        "site": "Standort",
        "channel": "Kanal",
        "language": "Sprache",
        "queue": "Warteschlange",
        "offered": "Angeboten",
        "answered": "Angenommen",
        "abandoned": "Aufgelegt",
        "answered_within_sl": "Angenommen im SL",
        "handle_time_sec": "Bearbeitungszeit",
        "aht": "Mittlere Bearbeitungszeit",
        "sl": "Servicelevel %",
        "qa_points": "QS-Punkte",
        "qa_possible": "QS-Punkte möglich",
        "csat_responses": "Umfragen",
        "csat_satisfied": "Zufrieden",
    },
    "it": {
        "date": "Data",
        "interval_start": "Intervallo",
        "week": "Settimana",
        "month": "Mese",
        "contact_date": "Data chiamata",
        "program": "Programma",
        "site": "Sede",
        "channel": "Canale",
        "language": "Lingua",
        "queue": "Coda",
        "offered": "Offerte",
        "answered": "Gestite",
        "abandoned": "Abbandonate",
        "answered_within_sl": "Gestite entro SL",
        "handle_time_sec": "Tempo di gestione",
        "aht": "TMG",
        "sl": "Livello di servizio %",
        "qa_points": "Punti qualità",
        "qa_possible": "Punti possibili",
        "csat_responses": "Sondaggi",
        "csat_satisfied": "Soddisfatti",
    },
    "pl": {
        "date": "Data",
        "interval_start": "Interwał",
        "week": "Tydzień od",
        "month": "Miesiąc",
        "contact_date": "Data połączenia",
        "program": "Program",
        "site": "Lokalizacja",
        "channel": "Kanał",
        "language": "Język",
        "queue": "Kolejka",
        "offered": "Oferowane",
        "answered": "Odebrane",
        "abandoned": "Porzucone",
        "answered_within_sl": "Odebrane w SL",
        "handle_time_sec": "Czas obsługi",
        "aht": "Średni czas obsługi",
        "sl": "Poziom obsługi %",
        "qa_points": "Punkty jakości",
        "qa_possible": "Punkty możliwe",
        "csat_responses": "Ankiety",
        "csat_satisfied": "Zadowoleni",
    },
}

MEASURES = {
    "calls": ("offered", "answered", "abandoned", "answered_within_sl", "handle_time_sec"),
    "calls_avg": ("offered", "answered", "abandoned", "aht", "sl"),
    "quality": (
        "offered",
        "answered",
        "qa_points",
        "qa_possible",
        "csat_responses",
        "csat_satisfied",
    ),
    "people": ("offered", "answered", "headcount", "leavers", "new_hires"),
}
# Volume of one row (offered) by shape, for agent-level rows; aggregates are ten times larger.
VOLUME = {
    "daily": (20, 60),
    "interval": (1, 8),
    "weekly": (100, 250),
    "monthly": (400, 900),
    "contact": (4, 9),
}


@dataclass
class Spec:
    """One file of the corpus: what it hides (if anything) and how it is written."""

    id: str
    disguise: str
    person: str | None = None  # the person column's header as written (None: an aggregate)
    style: str = "full"  # how a person is written (see ``person_value``)
    pool: str = "western"
    shape: str = "daily"  # daily | interval | contact | weekly | monthly
    hostile: str = "queue"  # the dimension a hostile profile maps the person column to
    fmt: str = "csv"  # csv | xlsx
    delimiter: str = ","
    encoding: str = "utf-8"
    decimal: str = "."
    lang: str = "en"
    dims: tuple[str, ...] = ("program", "site", "channel")
    constants: dict[str, str] = field(default_factory=dict)
    units: int = 10  # agents (an aggregate has one unit per combination of its labels)
    lead: tuple[str, str] | None = None  # a second person column: (header, style)
    title: bool = False  # a title block above the header
    measures: str = "calls"
    time_style: str = "iso"  # iso | dmy | dmy_dot | mdy
    extras: tuple[str, ...] = ()  # columns of staff counts and the like, not loaded
    labels: dict[str, list[str]] = field(default_factory=dict)
    dim_headers: dict[str, str] = field(default_factory=dict)
    periods: int | None = None  # days, weeks or months (interval: days)
    slots: int = 8  # half hours per day of an interval file
    volume: tuple[int, int] | None = None
    # A wide file: one column per agent, headed by the person (``style``), holding this measure
    # of theirs (calls | aht | minutes); ``person`` is unused. ``interleave``: the agents' columns
    # sit between the file's own measures rather than after them.
    wide: str | None = None
    interleave: bool = False

    @property
    def kind(self) -> str:
        return "agent" if self.person is not None or self.wide else "negative"


AGENT_FILES = [
    # Headers in other languages.
    Spec(
        "a01",
        "Spanish header 'Nombre del Agente', Spanish columns, ';' and Windows-1252, rates",
        "Nombre del Agente",
        pool="latam",
        lang="es",
        delimiter=";",
        encoding="cp1252",
        decimal=",",
        measures="calls_avg",
        time_style="dmy",
    ),
    Spec(
        "a02",
        "Portuguese header 'Atendente', decimal comma, rates",
        "Atendente",
        pool="brazil",
        lang="pt",
        delimiter=";",
        decimal=",",
        measures="calls_avg",
        hostile="site",
        time_style="dmy",
    ),
    Spec(
        "a03",
        "French header 'Conseiller', UTF-8 with BOM",
        "Conseiller",
        pool="french",
        lang="fr",
        delimiter=";",
        encoding="utf-8-sig",
        time_style="dmy",
    ),
    Spec(
        "a04",
        "German header 'Mitarbeiter' written 'SCHÄFER, JÜRGEN', Windows-1252",
        "Mitarbeiter",
        style="last_first",
        pool="german",
        lang="de",
        delimiter=";",
        encoding="cp1252",
        hostile="site",
        time_style="dmy_dot",
    ),
    Spec("a05", "Italian header 'Operatore'", "Operatore", pool="italian", lang="it"),
    Spec(
        "a06",
        "Polish header 'Konsultant', tab-separated",
        "Konsultant",
        pool="polish",
        lang="pl",
        delimiter="\t",
        hostile="site",
        time_style="dmy_dot",
    ),
    Spec("a07", "Tagalog header 'Ahente', Filipino names", "Ahente", pool="filipino"),
    Spec(
        "a08",
        "Spanish header 'Agente', interval rows",
        "Agente",
        pool="latam",
        shape="interval",
        lang="es",
        hostile="site",
    ),
    Spec(
        "a09",
        "Portuguese header 'Colaborador', one row per contact, .xlsx",
        "Colaborador",
        pool="brazil",
        shape="contact",
        fmt="xlsx",
        lang="pt",
        hostile="site",
    ),
    Spec(
        "a10",
        "French header 'Nom du conseiller' written 'É. Martin', weekly, .xlsx with a title block",
        "Nom du conseiller",
        style="initial_last",
        pool="french",
        shape="weekly",
        fmt="xlsx",
        lang="fr",
        title=True,
        measures="quality",
    ),
    Spec(
        "a11",
        "German header 'Sachbearbeiter', monthly quality",
        "Sachbearbeiter",
        pool="german",
        shape="monthly",
        lang="de",
        measures="quality",
        hostile="site",
    ),
    Spec(
        "a12",
        "Italian header 'Nome operatore' holding dotted logins (g.russo)",
        "Nome operatore",
        style="dotted",
        pool="italian",
        lang="it",
    ),
    Spec(
        "a13",
        "Spanish header 'Asesor' written 'HERNÁNDEZ, MARÍA JOSÉ', Windows-1252",
        "Asesor",
        style="last_first",
        pool="latam",
        lang="es",
        encoding="cp1252",
        hostile="site",
    ),
    Spec(
        "a14",
        "Tagalog header 'Pangalan ng Ahente', Filipino given names only",
        "Pangalan ng Ahente",
        style="first",
        pool="filipino",
    ),
    Spec(
        "a15",
        "Polish header 'Pracownik' holding employee numbers (E10234)",
        "Pracownik",
        style="empno",
        pool="polish",
        lang="pl",
        hostile="site",
    ),
    # Job titles and identifiers.
    Spec("a16", "'Emp#' holding employee numbers, all digits", "Emp#", style="empnum"),
    Spec(
        "a17",
        "'Handle': chat handles (maricel_s), one row per chat",
        "Handle",
        style="handle",
        pool="filipino",
        shape="contact",
        dims=("program", "site"),
        constants={"channel": "chat"},
    ),
    Spec(
        "a18",
        "'Ext': 4-digit phone extensions, interval rows",
        "Ext",
        style="ext",
        shape="interval",
    ),
    Spec(
        "a19",
        "'Station ID': workstation codes (MNL-WS-0412)",
        "Station ID",
        style="station",
        hostile="site",
    ),
    Spec(
        "a20",
        "'Analyst': Indian names, back office",
        "Analyst",
        pool="indian",
        dims=("program", "site"),
        constants={"channel": "back office"},
    ),
    Spec(
        "a21",
        "'Associate': Filipino names, .xlsx",
        "Associate",
        pool="filipino",
        fmt="xlsx",
        hostile="site",
    ),
    Spec("a22", "'CSR' written 'Diane S.'", "CSR", style="first_initial"),
    Spec(
        "a23",
        "'Seat': seat numbers (S114), interval rows",
        "Seat",
        style="seat",
        shape="interval",
        hostile="site",
    ),
    Spec("a24", "'Resource' written 'D. Smith'", "Resource", style="initial_last"),
    Spec(
        "a25",
        "'Specialist': Arabic names in Latin letters",
        "Specialist",
        pool="arabic",
        hostile="site",
    ),
    Spec(
        "a26",
        "'Consultant': Indian names, weekly quality",
        "Consultant",
        pool="indian",
        shape="weekly",
        measures="quality",
    ),
    Spec("a27", "'Team Member' in lower case", "Team Member", style="lower", hostile="site"),
    Spec(
        "a28",
        "'Owner': e-mail addresses (d.smith@vendor.com), one row per ticket",
        "Owner",
        style="email",
        shape="contact",
        dims=("program", "site"),
        constants={"channel": "email"},
    ),
    Spec(
        "a29",
        "'Assigned To': logins (psubramanian01), one row per contact",
        "Assigned To",
        style="login",
        pool="indian",
        shape="contact",
        hostile="site",
    ),
    Spec(
        "a30",
        "'Handled By' written 'SMITH, DIANE', one row per contact, .xlsx",
        "Handled By",
        style="last_first",
        shape="contact",
        fmt="xlsx",
    ),
    Spec(
        "a31",
        "'Login': logins (msantos01), interval rows",
        "Login",
        style="login",
        pool="filipino",
        shape="interval",
        hostile="site",
    ),
    Spec("a32", "'User': e-mail addresses", "User", style="email", pool="latam"),
    Spec(
        "a33",
        "'Payroll ID': employee numbers, monthly quality",
        "Payroll ID",
        style="empno",
        shape="monthly",
        measures="quality",
        hostile="site",
    ),
    Spec("a34", "'Badge' numbers, weekly", "Badge", style="badge", shape="weekly"),
    # "Agent", disguised.
    Spec("a35", "'Agent' with a zero-width space inside", "Ag\u200bent"),
    Spec(
        "a36",
        "'Agent' with a Cyrillic А",
        "\u0410gent",
        pool="filipino",
        hostile="site",
    ),
    Spec(
        "a37",
        "'Agent Name' with a Cyrillic е, .xlsx",
        "Ag\u0435nt Name",
        pool="indian",
        fmt="xlsx",
    ),
    Spec(
        "a38",
        "'Agent ID' with a Greek Alpha, logins",
        "\u0391gent ID",
        style="login",
        hostile="site",
    ),
    Spec("a39", "'A g e n t' letter-spaced", "A g e n t", pool="arabic"),
    Spec(
        "a40",
        "'AGENT_NAME' written 'SMITH, DIANE', '|' delimited",
        "AGENT_NAME",
        style="last_first",
        delimiter="|",
        hostile="site",
    ),
    Spec(
        "a41",
        "'Agent Name' with a no-break space, UTF-16, tab-separated",
        "Agent\u00a0Name",
        pool="latam",
        encoding="utf-16",
        delimiter="\t",
    ),
    Spec(
        "a42",
        "'Agent-Name' with a non-breaking hyphen, lower-case names",
        "Agent\u2011Name",
        style="lower",
        pool="filipino",
        hostile="site",
    ),
    # Agent columns headed as dimensions: the suggested profile maps them.
    Spec("a43", "names under 'Split' (a queue synonym)", "Split"),
    Spec(
        "a44",
        "dotted logins under 'Account' (a program synonym)",
        "Account",
        style="dotted",
        dims=("site", "channel"),
        constants={"program": "Billing care"},
        hostile="site",
    ),
    Spec("a45", "'Team Diane' under 'Reason' (a queue synonym)", "Reason", style="team"),
    Spec(
        "a46",
        "Filipino names under 'Location' (a site synonym)",
        "Location",
        pool="filipino",
        dims=("program", "channel"),
        constants={"site": "Manila"},
        hostile="site",
    ),
    Spec("a47", "names under 'Team', weekly", "Team", shape="weekly"),
    Spec(
        "a48",
        "Indian names under 'Skill' (a queue synonym), interval rows",
        "Skill",
        pool="indian",
        shape="interval",
    ),
    Spec(
        "a49",
        "Latin American names under 'Queue', one row per contact",
        "Queue",
        pool="latam",
        shape="contact",
    ),
    Spec("a50", "employee numbers under 'Skill', .xlsx", "Skill", style="empno", fmt="xlsx"),
    Spec("a51", "e-mail addresses under 'Queue'", "Queue", style="email", pool="filipino"),
    Spec(
        "a52",
        "lower-case given names under 'Split', interval rows",
        "Split",
        style="first_lower",
        pool="filipino",
        shape="interval",
    ),
    Spec(
        "a53",
        "Arabic names under 'Reason', monthly quality",
        "Reason",
        pool="arabic",
        shape="monthly",
        measures="quality",
    ),
    Spec(
        "a54",
        "'D. Smith' under 'Account', weekly, .xlsx",
        "Account",
        style="initial_last",
        shape="weekly",
        fmt="xlsx",
        dims=("site", "channel"),
        constants={"program": "Retention"},
        hostile="site",
    ),
    Spec(
        "a55",
        "extensions under 'Location'",
        "Location",
        style="ext",
        dims=("program", "channel"),
        constants={"site": "Cebu"},
        hostile="site",
    ),
    # Only the grain tells: anonymised ids with an agent's volume each.
    Spec(
        "a56",
        "anonymised ids A001…A250 as 'Queue', a few dozen contacts each per day",
        "Queue",
        style="anon",
        units=250,
        periods=2,
        dims=("program", "channel"),
        volume=(15, 45),
    ),
    Spec(
        "a57",
        "anonymised ids A001…A080 as 'Queue', interval rows",
        "Queue",
        style="anon",
        shape="interval",
        units=80,
        periods=1,
        slots=6,
        dims=("program", "channel"),
        volume=(1, 6),
    ),
    Spec(
        "a58",
        "numeric ids 7001…7200 as 'Skill', a few dozen contacts each per day",
        "Skill",
        style="numeric_id",
        units=200,
        periods=2,
        dims=("program", "site"),
        constants={"channel": "voice"},
        volume=(20, 50),
    ),
    Spec(
        "a59",
        "ids AG-001…AG-100 as 'Split', weekly",
        "Split",
        style="code",
        shape="weekly",
        units=100,
        periods=3,
        dims=("program", "channel"),
        volume=(90, 200),
    ),
    Spec(
        "a60",
        "anonymised ids A001…A150 as 'Queue', one row per contact",
        "Queue",
        style="anon",
        shape="contact",
        units=150,
        periods=1,
        dims=("program", "channel"),
        volume=(2, 3),
    ),
    # Names in neutral columns; two person columns.
    Spec("a61", "'Team Diane' under 'Group'", "Group", style="team"),
    Spec("a62", "'Diane S.' under a blank header", "", style="first_initial", hostile="site"),
    Spec("a63", "logins under 'ID'", "ID", style="login"),
    Spec(
        "a64",
        "a 'Team Lead' column beside 'Agent', .xlsx with a title block",
        "Agent",
        pool="filipino",
        lead=("Team Lead", "full"),
        fmt="xlsx",
        title=True,
        hostile="site",
    ),
    Spec(
        "a65",
        "'Rep Name' under a CSV title block, '|' delimited",
        "Rep Name",
        title=True,
        delimiter="|",
    ),
    Spec(
        "a66",
        "'Employee ID' and a 'Supervisor' written 'SMITH, DIANE'",
        "Employee ID",
        style="empno",
        lead=("Supervisor", "last_first"),
    ),
]

# One column per agent: every header below the person columns' is a legitimate one.
WIDE_FILES = [
    Spec(
        "w01",
        "one column per agent headed 'Diane Smith', calls handled, queue level",
        wide="calls",
        dims=("queue",),
        constants={"channel": "voice"},
        hostile="answered",
    ),
    Spec(
        "w02",
        "Spanish file, columns headed 'HERNÁNDEZ, María José' (SURNAME, Given), ';' and Windows-1252",
        wide="calls",
        style="last_comma_first",
        pool="latam",
        lang="es",
        delimiter=";",
        encoding="cp1252",
        decimal=",",
        time_style="dmy",
        dims=("queue", "channel"),
        hostile="offered",
    ),
    Spec(
        "w03",
        "interval rows, columns headed by logins (msantos01), calls handled",
        wide="calls",
        style="login",
        pool="filipino",
        shape="interval",
        dims=("queue",),
        constants={"channel": "voice"},
        volume=(40, 80),
        hostile="answered",
    ),
    Spec(
        "w04",
        "columns headed by e-mail addresses, handle time per agent",
        wide="aht",
        style="email",
        dims=("program", "site"),
        constants={"channel": "email"},
        hostile="handle_time_sec",
    ),
    Spec(
        "w05",
        "interval rows, columns headed 'Agent 4471', 'Agent 4472', …",
        wide="calls",
        style="agent_no",
        shape="interval",
        dims=("queue",),
        constants={"channel": "voice"},
        volume=(40, 80),
        hostile="answered",
    ),
    Spec(
        "w06",
        "Filipino names ('Maricel Santos') as columns, .xlsx, login minutes",
        wide="minutes",
        pool="filipino",
        fmt="xlsx",
        dims=("site", "channel"),
        hostile="offered",
    ),
    Spec(
        "w07",
        "Indian names ('Karthik Subramanian') as columns, weekly, calls handled",
        wide="calls",
        pool="indian",
        shape="weekly",
        dims=("program",),
        constants={"channel": "voice"},
        hostile="answered",
    ),
    Spec(
        "w08",
        "columns headed 'SMITH DIANE' (surname first, capitals), Spanish headers 'Fecha', 'Cola'",
        wide="calls",
        style="last_first_space",
        lang="es",
        time_style="dmy",
        dims=("queue",),
        constants={"channel": "voice"},
        hostile="answered",
    ),
    Spec(
        "w09",
        "columns headed by employee numbers ('Emp# 10234'), monthly, handle time",
        wide="aht",
        style="emp_hash",
        shape="monthly",
        dims=("site",),
        constants={"channel": "voice"},
        hostile="handle_time_sec",
    ),
    Spec(
        "w10",
        "columns headed by given names alone ('Diane', 'Greg', …)",
        wide="calls",
        style="first",
        units=8,
        dims=("queue",),
        constants={"channel": "chat"},
        hostile="answered",
    ),
    Spec(
        "w11",
        "columns headed by dotted logins (g.russo) between the file's own measures",
        wide="calls",
        style="dotted",
        pool="italian",
        interleave=True,
        dims=("queue", "channel"),
        hostile="offered",
    ),
    Spec(
        "w12",
        "Filipino names as 'DELA CRUZ, Rizalyn', UTF-16 and tab-separated, login minutes",
        wide="minutes",
        style="last_comma_first",
        pool="filipino",
        encoding="utf-16",
        delimiter="\t",
        dims=("site",),
        constants={"channel": "voice"},
        hostile="answered",
    ),
]

NEGATIVE_FILES = [
    Spec(
        "n01",
        "sites named Victoria, Florence and Chelsea",
        labels={"site": ["Victoria", "Florence", "Chelsea"]},
    ),
    Spec(
        "n02",
        "sites that are given names (Austin, Tyler, Eugene, Victoria, Charlotte, Florence, Madison)",
        dims=("site", "channel"),
        labels={
            "site": ["Austin", "Tyler", "Eugene", "Victoria", "Charlotte", "Florence", "Madison"]
        },
    ),
    Spec(
        "n03",
        "programs named like people (Grace, Jordan, Ruby, Sophia)",
        dims=("program",),
        constants={"channel": "voice"},
        labels={"program": ["Grace", "Jordan", "Ruby", "Sophia"]},
    ),
    Spec(
        "n04",
        "queue level intervals with 'Agents Staffed' and '# Agents' (not loaded)",
        shape="interval",
        dims=("queue", "channel"),
        extras=("Agents Staffed", "# Agents"),
    ),
    Spec(
        "n05",
        "NHS-style numeric columns 'Nhs1 Time Clinical Staff SUM', 'Nhs1 Calls Answered By Staff SUM'",
        dims=("site",),
        constants={"channel": "voice"},
        labels={"site": ["Leeds", "Wakefield", "Bradford"]},
        extras=("Nhs1 Time Clinical Staff SUM", "Nhs1 Calls Answered By Staff SUM"),
    ),
    Spec(
        "n06", "channel level, .xlsx with a title block", dims=("channel",), fmt="xlsx", title=True
    ),
    Spec(
        "n07",
        "language level, ';' and decimal comma, rates",
        dims=("language", "channel"),
        delimiter=";",
        decimal=",",
        measures="calls_avg",
        time_style="dmy",
    ),
    Spec(
        "n08",
        "monthly site level: headcount, leavers, new hires; 'FTE' not loaded",
        shape="monthly",
        measures="people",
        dims=("site",),
        constants={"channel": "voice"},
        extras=("FTE",),
    ),
    Spec(
        "n09",
        "one row per contact, no agent column",
        shape="contact",
        dims=("program", "site"),
        constants={"channel": "voice"},
    ),
    Spec(
        "n10",
        "30 coded queues Q101…Q130, hundreds of calls each per day",
        dims=("queue",),
        constants={"channel": "voice"},
        labels={"queue": [f"Q{101 + i}" for i in range(30)]},
        periods=2,
        volume=(150, 400),
    ),
    Spec(
        "n11",
        "UTF-16, tab-separated, Philippine sites",
        encoding="utf-16",
        delimiter="\t",
        dims=("site", "channel"),
        labels={"site": ["Manila", "Cebu", "Davao", "Iloilo"]},
    ),
    Spec(
        "n12",
        "WFM measures 'Agent Occupancy %' and 'Avg Agents Logged In' (not loaded)",
        shape="interval",
        dims=("queue",),
        constants={"channel": "voice"},
        extras=("Agent Occupancy %", "Avg Agents Logged In"),
    ),
    Spec(
        "n13",
        "'Team' holding team functions (Retention, Billing care, Tech support), weekly",
        shape="weekly",
        dims=("program", "channel"),
        dim_headers={"program": "Team"},
    ),
    Spec(
        "n14",
        "WFM 'Staff Required' and 'Staff Scheduled' (not loaded), interval",
        shape="interval",
        dims=("queue",),
        constants={"channel": "voice"},
        extras=("Staff Required", "Staff Scheduled"),
    ),
    Spec(
        "n15",
        "queue names mentioning agents ('Live Agent Chat', 'Agent Assist')",
        dims=("queue", "channel"),
        labels={"queue": ["Live Agent Chat", "Agent Assist", "Billing"]},
    ),
    Spec(
        "n16",
        "Philippine sites that read like names (San Fernando, Santa Rosa, Angeles, Lucena)",
        dims=("site", "channel"),
        labels={"site": ["San Fernando", "Santa Rosa", "Angeles", "Lucena"]},
    ),
    Spec(
        "n17",
        "weekly program level with headcount; 'Supervisors (FTE)' not loaded",
        shape="weekly",
        measures="people",
        dims=("program",),
        constants={"channel": "voice"},
        extras=("Supervisors (FTE)",),
    ),
    Spec(
        "n18",
        "program × site × language, .xlsx; 'Agents Available' not loaded",
        fmt="xlsx",
        dims=("program", "site", "language"),
        constants={"channel": "voice"},
        extras=("Agents Available",),
    ),
]

# --- building a file ---------------------------------------------------------------------------


def tidy(header: str) -> str:
    """A header as the reader names the column: surrounding spaces gone, runs made one space."""
    return " ".join(header.split())


def _times(spec: Spec) -> list:
    start = date(2026, 9, 7)  # a Monday
    if spec.shape == "daily":
        return [start + timedelta(days=i) for i in range(spec.periods or 5)]
    if spec.shape == "interval":
        days = [start + timedelta(days=1 + i) for i in range(spec.periods or 2)]
        return [
            datetime(d.year, d.month, d.day, 8) + timedelta(minutes=30 * k)
            for d in days
            for k in range(spec.slots)
        ]
    if spec.shape == "contact":
        return [start + timedelta(days=1 + i) for i in range(spec.periods or 2)]
    if spec.shape == "weekly":
        return [start + timedelta(weeks=i) for i in range(spec.periods or 4)]
    return [date(2026, 6 + i, 1) for i in range(spec.periods or 4)]  # monthly: June on


def _period(t) -> date:
    """The stored period of a row's time: its day (interval, contact), Monday or first of month."""
    return t.date() if isinstance(t, datetime) else t


def _labels(spec: Spec, dim: str) -> list[str]:
    if dim in spec.labels:
        return spec.labels[dim]
    pool = LABELS[dim]
    return pool[spec.lang] if isinstance(pool, dict) else pool


def _stored(dim: str, label: str) -> str:
    return CHANNEL.get(label, label) if dim == "channel" else label


def _constant(dim: str, value: str) -> str:
    if dim != "channel":
        return value
    return {"back office": "back_office"}.get(value, CHANNEL.get(value.title(), value))


def _units(spec: Spec, rng: random.Random) -> list[dict]:
    """The rows' owners: agents sharing a few label sets, or one per combination of labels."""
    combos = [{}]
    for dim in spec.dims:
        combos = [{**c, dim: label} for c in combos for label in _labels(spec, dim)]
    if spec.person is None:
        return combos
    teams = rng.sample(combos, k=max(1, min(len(combos), spec.units // 3)))
    units = []
    if spec.style in _NAMELESS:
        people = [("", "")] * spec.units
    else:
        people = rng.sample(POOLS[spec.pool], k=spec.units)
    leads = (
        rng.sample([p for p in POOLS[spec.pool] if p not in people], k=max(1, len(teams)))
        if spec.lead
        else []
    )
    for i, who in enumerate(people):
        team = i % len(teams)
        unit = dict(teams[team])
        unit["_person"] = person_value(spec.style, who, i)
        if spec.lead:
            unit["_lead"] = person_value(spec.lead[1], leads[team % len(leads)], team)
        units.append(unit)
    return units


def _pct(part: int, whole: int) -> float:
    """A percentage with one decimal, rounded down (so it never makes a part exceed its whole)."""
    return math.floor(part * 1000 / whole) / 10 if whole else 0.0


def _measures(spec: Spec, rng: random.Random) -> dict:
    lo, hi = spec.volume or VOLUME[spec.shape]
    if spec.person is None and spec.volume is None:
        lo, hi = lo * 10, hi * 10
    offered = rng.randint(lo, hi)
    abandoned = rng.randint(0, offered // 8)
    answered = offered - abandoned
    within = rng.randint(int(answered * 0.7), answered)
    aht = rng.randint(180, 540)
    evaluations = rng.randint(1, 4)
    responses = rng.randint(0, answered // 5)
    headcount = rng.randint(20, 80)
    hires = rng.randint(0, 6)
    return {
        "offered": offered,
        "answered": answered,
        "abandoned": abandoned,
        "answered_within_sl": within,
        "handle_time_sec": answered * aht,
        "aht": aht,
        "sl": _pct(within, offered),
        "qa_possible": 100 * evaluations,
        "qa_points": rng.randint(60 * evaluations, 100 * evaluations),
        "csat_responses": responses,
        "csat_satisfied": rng.randint(0, responses),
        "headcount": headcount,
        "leavers": rng.randint(0, 5),
        "new_hires": hires,
    }


def _loaded(measures: dict, names: tuple[str, ...]) -> dict[str, float]:
    """What an import loads from one aggregated row: totals as written, rates × their base."""
    out: dict[str, float] = {}
    for name in names:
        if name == "aht":
            out["handle_time_sec"] = measures["aht"] * measures["answered"]
        elif name == "sl":
            out["answered_within_sl"] = measures["sl"] / 100 * measures["offered"]
        else:
            out[name] = measures[name]
    return out


def _write_time(spec: Spec, t) -> object:
    if spec.fmt == "xlsx":
        return t
    if spec.shape == "weekly":
        return t.strftime("%d-%b-%Y")
    if spec.shape == "monthly":
        return t.strftime("%b %Y")
    pattern = {"iso": "%Y-%m-%d", "dmy": "%d/%m/%Y", "dmy_dot": "%d.%m.%Y", "mdy": "%m/%d/%Y"}
    text = t.strftime(pattern[spec.time_style])
    return text + t.strftime(" %H:%M") if isinstance(t, datetime) else text


def _date_format(spec: Spec) -> str | None:
    if spec.fmt == "xlsx":
        return None
    if spec.shape == "weekly":
        return "%d-%b-%Y"
    if spec.shape == "monthly":
        return "%b %Y"
    pattern = {"iso": None, "dmy": "%d/%m/%Y", "dmy_dot": "%d.%m.%Y", "mdy": "%m/%d/%Y"}
    base = pattern[spec.time_style]
    if base and spec.shape == "interval":
        return base + " %H:%M"
    return base


def _number(spec: Spec, value: float) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if spec.decimal == "," else text


def _extra(header: str, rng: random.Random):
    if "%" in header:
        return f"{rng.randint(700, 950) / 10:g}%"
    if "Time" in header:
        return rng.randint(3600, 36000)
    return rng.randint(2, 40)


@dataclass
class Built:
    headers: list[str]
    rows: list[list]
    profile: dict
    person_columns: list[str]
    person_values: list[str]
    expected: dict[tuple, dict[str, float]]
    components: list[str]


def build_wide(spec: Spec, rng: random.Random) -> Built:
    """A file with one column per agent: rows per period and labels holding the labels' own
    totals, then (or among them) one column per agent, headed by the person, holding a number of
    theirs on the rows of their labels (blank elsewhere). What an import may store is the
    labels' totals; the agents' columns are what no table may hold, headers and all."""
    words = {**HEADERS["en"], **HEADERS[spec.lang]}
    time_key = {"daily": "date", "interval": "interval_start", "weekly": "week", "monthly": "month"}
    measure_keys = ("offered", "answered", "abandoned", "handle_time_sec")
    combos = _units(dataclasses.replace(spec, person=None, wide=None), rng)
    if spec.style in _NAMELESS:
        people = [("", "")] * spec.units
    else:
        people = rng.sample(POOLS[spec.pool], k=spec.units)
    agents = [person_value(spec.style, who, i) for i, who in enumerate(people)]
    assert len(set(agents)) == len(agents), spec.id
    own = [words[time_key[spec.shape]], *(words[d] for d in spec.dims)]
    measures = [words[m] for m in measure_keys]
    if spec.interleave:
        half = len(agents) // 2
        headers = [*own, measures[0], *agents[:half], *measures[1:], *agents[half:]]
    else:
        headers = [*own, *measures, *agents]
    team = {a: combos[i % len(combos)] for i, a in enumerate(agents)}
    rows: list[list] = []
    expected: dict[tuple, dict[str, float]] = {}
    for t in _times(spec):
        for combo in combos:
            m = _measures(spec, rng)
            cells = {words[d]: combo[d] for d in spec.dims}
            cells[own[0]] = _write_time(spec, t)
            for key, header in zip(measure_keys, measures, strict=True):
                cells[header] = m[key] if spec.fmt == "xlsx" else _number(spec, m[key])
            theirs = [a for a in agents if team[a] is combo]
            left = m["answered"]
            for n, agent in enumerate(theirs):
                if spec.wide == "calls":  # the combination's answered contacts, shared out
                    value = left if n == len(theirs) - 1 else rng.randint(0, left)
                    left -= value
                elif spec.wide == "aht":
                    value = rng.randint(180, 540)
                else:
                    value = rng.randint(200, 480)
                cells[agent] = value if spec.fmt == "xlsx" else _number(spec, value)
            rows.append([cells.get(h, "") for h in headers])
            key = [_period(t).isoformat()]
            for dim in DIMS:
                if dim in spec.dims:
                    key.append(_stored(dim, combo[dim]))
                elif dim in spec.constants:
                    key.append(_constant(dim, spec.constants[dim]))
                else:
                    key.append(None)
            sums = expected.setdefault(tuple(key), {})
            for name in measure_keys:
                sums[name] = sums.get(name, 0) + m[name]
    names = [tidy(h) for h in headers]
    person_names = [tidy(a) for a in agents]
    profile = _profile(spec, names, words, measure_keys, person_names)
    components = sorted(measure_keys)
    return Built(names, rows, profile, person_names, sorted(person_names), expected, components)


def build_file(spec: Spec, rng: random.Random) -> Built:
    """The header, rows, mapping profile and expected totals of one file."""
    if spec.wide:
        return build_wide(spec, rng)
    words = {**HEADERS["en"], **HEADERS[spec.lang]}
    units = _units(spec, rng)
    time_key = {
        "daily": "date",
        "interval": "interval_start",
        "contact": "contact_date",
        "weekly": "week",
        "monthly": "month",
    }[spec.shape]
    headers: list[str] = [words[time_key]]
    dim_header = {d: spec.dim_headers.get(d, words[d]) for d in spec.dims}
    headers += [dim_header[d] for d in spec.dims]
    person_cols: list[str] = []
    if spec.person is not None:
        headers.append(spec.person)
        person_cols.append(spec.person)
        if spec.lead:
            headers.append(spec.lead[0])
            person_cols.append(spec.lead[0])
    if spec.shape == "contact":
        measure_keys = ("flag", "wait", "talk", "score")
    else:
        measure_keys = MEASURES[spec.measures]
    headers += [words[m] for m in measure_keys]
    headers += list(spec.extras)

    rows: list[list] = []
    expected: dict[tuple, dict[str, float]] = {}

    def add(t, unit: dict, loaded: dict[str, float]) -> None:
        key = [_period(t).isoformat()]
        for dim in DIMS:
            if dim in spec.dims:
                key.append(_stored(dim, unit[dim]))
            elif dim in spec.constants:
                key.append(_constant(dim, spec.constants[dim]))
            else:
                key.append(None)
        sums = expected.setdefault(tuple(key), {})
        for name, value in loaded.items():
            sums[name] = sums.get(name, 0) + value

    def start(t, unit: dict) -> list:
        row: list = [_write_time(spec, t), *(unit[d] for d in spec.dims)]
        if spec.person is not None:
            row.append(unit["_person"])
            if spec.lead:
                row.append(unit["_lead"])
        return row

    for t in _times(spec):
        for unit in units:
            if spec.shape == "contact":
                lo, hi = spec.volume or VOLUME["contact"]
                if spec.person is None:
                    lo, hi = lo * 3, hi * 3
                for _ in range(rng.randint(lo, hi)):
                    answered = rng.random() < 0.88
                    wait = rng.randint(0, 45)
                    talk = rng.randint(60, 900) if answered else 0
                    score = rng.randint(1, 5) if answered and rng.random() < 0.3 else None
                    row = start(t, unit)
                    if spec.person is not None and not answered:
                        row[len(spec.dims) + 1] = ""  # nobody took an abandoned call
                        if spec.lead:
                            row[len(spec.dims) + 2] = ""
                    flag = YES.get(spec.lang, "Y") if answered else "N"
                    row += [flag, wait, talk if answered else "", score]
                    row += [_extra(h, rng) for h in spec.extras]
                    rows.append(row)
                    add(
                        t,
                        unit,
                        {
                            "offered": 1,
                            "answered": int(answered),
                            "abandoned": int(not answered),
                            "wait_time_sec": wait if answered else 0,
                            "answered_within_sl": int(answered and wait <= SL_SECONDS),
                            "handle_time_sec": talk if answered else 0,
                            "csat_responses": int(score is not None),
                            "csat_satisfied": int(score is not None and score >= 4),
                        },
                    )
                continue
            m = _measures(spec, rng)
            row = start(t, unit)
            for key in measure_keys:
                if key == "sl":
                    row.append(_number(spec, m["sl"]) + "%")
                elif spec.fmt == "xlsx":
                    row.append(m[key])
                else:
                    row.append(_number(spec, m[key]))
            row += [_extra(h, rng) for h in spec.extras]
            rows.append(row)
            add(t, unit, _loaded(m, measure_keys))

    # Shuffle rows within the file so that one agent's rows are not together (as exports are).
    rng.shuffle(rows)
    rows.sort(key=lambda r: str(r[0]) if not isinstance(r[0], date) else r[0].isoformat())

    names = [tidy(h) if h.strip() else f"Unnamed {i + 1}" for i, h in enumerate(headers)]
    person_names = [names[headers.index(h)] for h in person_cols]
    profile = _profile(spec, names, words, measure_keys, person_names)
    values = sorted(
        {str(r[headers.index(h)]) for r in rows for h in person_cols} - {""},
    )
    components = sorted({c for sums in expected.values() for c in sums})
    return Built(names, rows, profile, person_names, values, expected, components)


def _profile(spec: Spec, names: list[str], words: dict, measure_keys, person_names) -> dict:
    """The profile the vendor's account manager would write: every column placed, people ignored."""
    time_canon = {
        "daily": "date",
        "interval": "interval_start",
        "contact": "date",
        "weekly": "week",
        "monthly": "month",
    }[spec.shape]
    columns = {time_canon: names[0]}
    for i, dim in enumerate(spec.dims):
        columns[dim] = names[1 + i]
    prof: dict = {"vendor": VENDOR}
    if spec.fmt == "xlsx":
        prof["sheet"] = "Report"
    formats: dict = {"decimal": spec.decimal}
    fmt = _date_format(spec)
    if fmt:
        formats["date"] = fmt
    averages: dict = {}
    if spec.shape == "contact":
        prof["shape"] = "contact"
        prof["sl_threshold_seconds"] = SL_SECONDS
        prof["contact"] = {
            "answered": {"column": tidy(words["flag"]), "true": [YES.get(spec.lang, "Y")]},
            "wait_seconds": tidy(words["wait"]),
            "handle_seconds": tidy(words["talk"]),
            "satisfaction": {"column": tidy(words["score"]), "scale": 5, "top_box": 2},
        }
        formats["duration"] = "seconds"
    else:
        for key in measure_keys:
            if key == "aht":
                averages["handle_time_sec"] = {"column": tidy(words["aht"]), "over": "answered"}
            elif key == "sl":
                averages["answered_within_sl"] = {"column": tidy(words["sl"]), "over": "offered"}
            else:
                columns[key] = tidy(words[key])
        formats["duration"] = "seconds"
        formats["percent"] = "points"
    prof["columns"] = columns
    if averages:
        prof["averages"] = averages
    if spec.constants:
        prof["constants"] = dict(spec.constants)
    ignore = [*person_names, *(tidy(h) for h in spec.extras)]
    if ignore:
        prof["ignore"] = ignore
    prof["formats"] = formats
    return prof


def hostile_profile(spec: Spec, profile: dict, person_names: list[str]) -> dict:
    """The person column mapped to a dimension (its real column ignored), asking to aggregate."""
    prof = json.loads(json.dumps(profile))
    person = person_names[0]
    columns = prof["columns"]
    ignore = [h for h in prof.get("ignore", []) if h != person]
    if spec.hostile in columns:
        ignore.append(columns[spec.hostile])
    prof.get("constants", {}).pop(spec.hostile, None)
    if "constants" in prof and not prof["constants"]:
        del prof["constants"]
    columns[spec.hostile] = person
    prof["ignore"] = ignore
    if not ignore:
        del prof["ignore"]
    prof["on_agent_data"] = "aggregate"
    return prof


# --- writing -----------------------------------------------------------------------------------


def _title() -> list[list]:
    return [
        [f"{VENDOR}: performance report"],
        ["Generated 12 Oct 2026, confidential"],
        [],
    ]


def write_csv(path: Path, spec: Spec, headers_as_written: list[str], rows: list[list]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=spec.delimiter, lineterminator="\r\n")
    if spec.title:
        for line in _title():
            writer.writerow(line)
    writer.writerow(headers_as_written)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    path.write_bytes(out.getvalue().encode(spec.encoding))


def write_xlsx(path: Path, spec: Spec, headers_as_written: list[str], rows: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Report"
    if spec.title:
        for line in _title():
            sheet.append(line or [None])
    sheet.append(headers_as_written)
    for row in rows:
        sheet.append([None if v == "" else v for v in row])
    book.properties.creator = "corpus"
    book.properties.created = datetime(2026, 10, 12)
    book.properties.modified = datetime(2026, 10, 12)
    out = io.BytesIO()
    book.save(out)
    # The same bytes every time: each member re-stored with a fixed time (openpyxl stamps now).
    with zipfile.ZipFile(out) as made, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as fixed:
        for member in made.infolist():
            data = made.read(member.filename)
            if member.filename == "docProps/core.xml":
                data = re.sub(rb"<dcterms:modified([^>]*)>[^<]*<", _MODIFIED, data)
            info = zipfile.ZipInfo(member.filename, date_time=(2026, 10, 12, 0, 0, 0))
            fixed.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)


_MODIFIED = rb"<dcterms:modified\1>2026-10-12T00:00:00Z<"


def _file_name(spec: Spec) -> str:
    """A neutral name (it is stored with the batch): id and shape, nothing that tells its kind."""
    return f"{spec.id}_{spec.shape}.{'xlsx' if spec.fmt == 'xlsx' else 'csv'}"


def build(out_dir: Path, *, seed: int = SEED) -> dict:
    """Write every file and ``manifest.json`` into ``out_dir``; return the manifest."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest: dict = {"seed": seed, "vendor": VENDOR, "files": []}
    for spec in [*AGENT_FILES, *WIDE_FILES, *NEGATIVE_FILES]:
        rng = random.Random(f"{seed}:{spec.id}")
        built = build_file(spec, rng)
        written = _as_written(spec, built)
        name = _file_name(spec)
        if spec.fmt == "xlsx":
            write_xlsx(out_dir / name, spec, written, built.rows)
        else:
            write_csv(out_dir / name, spec, written, built.rows)
        entry = {
            "file": name,
            "id": spec.id,
            "kind": spec.kind,
            "disguise": spec.disguise,
            "shape": spec.shape,
            "format": spec.fmt,
            "vendor": VENDOR,
            "rows": len(built.rows),
            "person_columns": built.person_columns,
            "person_values": built.person_values,
            "profile": tomli_w.dumps(built.profile),
            "components": built.components,
            "expected": [
                {"key": list(key), "sums": sums} for key, sums in sorted(built.expected.items())
            ],
        }
        if spec.kind == "agent":
            entry["hostile_dimension"] = spec.hostile
            entry["hostile_profile"] = tomli_w.dumps(
                hostile_profile(spec, built.profile, built.person_columns)
            )
        manifest["files"].append(entry)
    _check(manifest)
    (out_dir / MANIFEST).write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return manifest


def _as_written(spec: Spec, built: Built) -> list[str]:
    """The header row as the file writes it (invisible characters, blank header and all)."""
    written = list(built.headers)
    if spec.person is not None and not spec.wide:
        written[built.headers.index(built.person_columns[0])] = spec.person
    return written


def _check(manifest: dict) -> None:
    """The corpus is what it claims: enough files, every agent file names its people."""
    agents = [f for f in manifest["files"] if f["kind"] == "agent"]
    negatives = [f for f in manifest["files"] if f["kind"] == "negative"]
    assert len(agents) >= 60 and len(negatives) >= 15, (len(agents), len(negatives))
    wide = [f for f in agents if f["id"].startswith("w")]
    assert len(wide) >= 10, len(wide)
    for f in agents:
        assert f["person_values"], f["file"]
        assert all(len(v) >= 3 for v in f["person_values"]), f["file"]
    for f in negatives:
        assert not f["person_values"], f["file"]


def load(out_dir: Path) -> dict:
    """The manifest ``build`` wrote into ``out_dir``."""
    return json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="where to write the files and manifest.json")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    manifest = build(args.out_dir, seed=args.seed)
    kinds = [f["kind"] for f in manifest["files"]]
    print(
        f"{kinds.count('agent')} agent-level and {kinds.count('negative')} aggregate files "
        f"written to {args.out_dir}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
