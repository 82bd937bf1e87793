"""Mapping suggestions: a profile guessed from a file's headers and values, each column's
placement with a confidence (0–1) and a plain reason.

**Headers** are read as words (``read_header``): folded (accents, look-alike letters), split at
case changes ("CallsOffered"), separators and run-together words ("Periodname", "speedof"),
stripped of codes and prefixes ("Nhs1") and of aggregate suffixes ("SUM", "(AVG)", "(sec)"),
which are kept as markers (a total, an average, a rate, a unit); a threshold ("Answered 60sec",
"Service Level (20 Seconds)", "Ans < 20s", "SL 80/20") is read as seconds. Each word maps to a
concept in English, Spanish, Portuguese or French ("Llamadas ofrecidas", "Chamadas atendidas",
"Appels abandonnés", "Fecha", "Proveedor"); a role matches when its concepts are among the
header's, less a little for each word it leaves unexplained.

**Values** (``column_stats``: SQL over the first rows of the staged file) confirm or change what
a header says: counts are whole numbers, rates lie within 0–1 or 0–100 or carry "%", durations
are clock text or seconds (or minutes, or Excel day fractions), a time column reads as dates and
its spacing gives the grain (interval, day, week or month), a date column beside a time-of-day
column ("08:00", "08:00 - 08:30") makes one interval start, channels and languages are
recognised by their labels and companies by theirs, a column with one value per row is an
identifier (and a file of such rows is contact-level), and among the counts, offered = answered
+ abandoned and answered ≤ offered row by row.

A column about individual staff (``profiles.is_person_header``) is never placed, ignored by name
or given a reason; the importer then runs the agent guard over the staged file and takes out
whatever it finds (``importer._unsuggest``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import duckdb

from governance.errors import InvalidInput
from governance.ingest import cells, column_stats, people, profiles
from governance.ingest.column_stats import ColumnStats, Relations
from governance.ingest.profiles import Profile
from governance.ingest.staging import CHANNEL_SYNONYMS
from governance.store.db import fold_text

# --- the result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """Why a column got its role: the role (as the mapping grid names it: a canonical name, an
    average's label from ``profiles.AVERAGE_ROLES``, ``(ignore)``, ``(not loaded)`` or a contact
    field such as ``[contact] answered``), a confidence from 0 to 1 and a plain sentence."""

    role: str
    confidence: float
    why: str


@dataclass(frozen=True)
class Suggestion:
    """A suggested profile, the headers it could not place, a reason per header (people columns
    aside) and the grain of the file's rows: interval, day, week or month (None: no time)."""

    profile: Profile
    unplaced: tuple[str, ...]
    reasons: dict[str, Reason]
    grain: str | None = None


# --- reading a header -------------------------------------------------------------------------

# concept -> the words (folded, lower case) that say it, in English, Spanish, Portuguese, French
# (and a few German and Italian ones). A word may end in "s" beyond what is listed.
_CONCEPTS = {
    # time
    "date": "date day daily fecha dia jour journee datum giorno data dt",
    "month": "month monthly mes mensual mensal mois mensuel monat mese mth mnth",
    "week": "week weekly semana semanal semaine hebdo woche kw settimana wk",
    "interval": (
        "interval intervalo intervalle intervall slot halfhour quarterhour franja tramo tranche "
        "creneau"
    ),
    "time": "time hora heure zeit ora orario horario hour hr",
    "timestamp": "timestamp datetime",
    "start": "start starting begin beginning commencing inicio debut beginn",
    "end": "end ending fin finalizando",
    "period": "period periodo periode",
    "year": "year yr ano anio annee jahr",
    # dimensions
    "vendor": (
        "vendor provider supplier bpo partner outsourcer contractor proveedor fornecedor "
        "prestador fournisseur prestataire soustraitant lieferant anbieter dienstleister "
        "fornitore dostawca"
    ),
    "contract": "contract contrato contrat vertrag",
    "company": "company companie organisation organization org empresa entreprise societe firma",
    "program": (
        "program programme programa campaign campana campanha campagne lob account client "
        "cliente project proyecto projet projeto"
    ),
    "line": "line",
    "business": "business",
    "site": (
        "site location center centre centro sede facility city ciudad cidade ville stadt office "
        "oficina building hub"
    ),
    "region": "region area zone zona country pais pays land",
    "channel": "channel canal canale kanal media medium mediatype",
    "type": "type tipo typ",
    "language": "language lang idioma lingua langue sprache",
    "queue": (
        "queue cola fila file skill skillset split vdn csq gate topic tema sujet motif reason "
        "motivo category categoria routing"
    ),
    # components
    "offered": (
        "offered offer ofrecida ofrecido ofertada ofertado oferecida oferecido offert offerte "
        "presented presentada presentado presente presentee received recibida recibido recebida "
        "recebido recue recu incoming entrante entrant inbound arrived arrival volume volumen "
        "entered nco"
    ),
    "answered": (
        "answered answer ans atendida atendido contestada contestado respondida respondido "
        "repondu repondue decroche decrochee handled gestionada gestionado tratada tratado "
        "traite traitee accepted connected served aceptada beantwortet"
    ),
    "abandoned": (
        "abandoned abandon abandonment aban aband abn abnd abdn abandonada abandonado abandonne "
        "abandonnee abandono lost perdida perdido perdue perdu dropped"
    ),
    "short": "short corto corta court courte kurz",
    "acd": "acd",  # calls answered through the ACD; "ACD time" is talk time
    "service": "service servicio servico servizio",
    "level": "level nivel niveau livello",
    "sl": "sl sla gos tsf",
    "within": "within dentro threshold umbral",
    "wait": (
        "wait waiting waited espera attente wartezeit attesa hunt hunting delay delai ring ringing"
    ),
    "speed": "speed velocidad velocidade vitesse",
    "asa": "asa tme awt",
    "handle": (
        "handle handling talk talking talked conversation conversacion conversa communication "
        "comunicacion hablado manejo tratamiento operacion atendimento traitement bearbeitung"
    ),
    "aht": "aht tmo tma dmt dmc att",
    "csat": "csat satisfaction satisfaccion satisfacao rating",
    "satisfied": "satisfied satisfecho satisfeito satisfait",
    "top": "top",
    "box": "box",
    "survey": "survey encuesta pesquisa enquete response respuesta resposta reponse",
    "fcr": "fcr resolved resolution resolucion resolucao resolu resuelto resolvido",
    "first": "first primer primera primeiro premier",
    "eligible": "eligible elegible",
    "nps": "nps",
    "promoters": "promoter promotor",
    "detractors": "detractor",
    "qa": "qa quality calidad qualidade qualite",
    "points": "point punto ponto",
    "possible": "possible posible",
    "intervals": "intervals",
    "meeting": "meeting meets",
    "headcount": "headcount hc fte",
    "leavers": "leaver attrition termination exit baja",
    "early": "early",
    "hires": "hire hired joiner",
    "trained": "trained",
    "training": "training",
    "assigned": "assigned",
    "invoice": "invoice invoiced billing factura facturado",
    "billed": "billed billable",
    # markers: what kind of number, of what
    "average": "avg average mean promedio medio media moyen moyenne durchschnitt mittel",
    "rate": "pct percent percentage rate ratio tasa taxa taux porcentaje porcentagem pourcentage prozent share",
    "total": "total sum suma soma somme summe count cnt number num nb nbr nr qty quantity cantidad quantidade qtd numero",
    "seconds": "sec second seg segundo seconde sek sekunde",
    "minutes": "min minute minuto minuti",
    "extreme": "max maximum longest peak highest lowest minimum oldest",
    "after": "after despues apos apres beyond",
    "target": (
        "target goal objective objetivo meta cible ziel forecast forecasted predicted "
        "prediction budget plan planned required requerido scheduled"
    ),
    "id": "id key code codigo cod ref reference uuid guid identifier index idx",
    "name": "name nombre nome nom bezeichnung label",
    "object": (
        "call llamada chamada appel anruf chiamata contact contacto contato interaction "
        "interaccion chat email ticket case caso"
    ),
    "duration": "duration duracion duracao duree dauer durata",
}
_VOCAB: dict[str, str] = {}
for _concept, _words in _CONCEPTS.items():
    for _word in _words.split():
        _VOCAB.setdefault(_word, _concept)
# Words that carry no meaning of their own here.
_FILLERS = frozenset(
    """
    of the a an de del da do dos das des du la el le les los las in en em per by por par y e et
    and und to at on di della al au aux from reporting report all overall grand this
    """.split()
)
# Words for people ("Agents", "Agentes", "Conseillers"): a header counting them is not a count of
# contacts ("agentes_presentes" is not "presented").
_PEOPLE = (people.PERSON_NOUNS | people.PERSON_PLURALS) - set(_VOCAB) - {"person"}  # in-person
# Small words found run together with others ("Speedof", "NivelDeServicio").
_JOINERS = frozenset("of de the and in per by".split())
# Concepts that describe a number or what is counted rather than which number it is: a header's
# extra words of these kinds cost a role nothing.
_NEUTRAL = frozenset(
    {"average", "rate", "total", "seconds", "minutes", "object", "name", "time", "duration"}
)
_TIME = frozenset({"date", "month", "week", "interval", "time", "timestamp", "period", "year"})
_MEASURES = frozenset(
    {
        "offered",
        "answered",
        "abandoned",
        "short",
        "sl",
        "wait",
        "speed",
        "asa",
        "handle",
        "aht",
        "csat",
        "satisfied",
        "survey",
        "fcr",
        "headcount",
        "leavers",
        "hires",
        "invoice",
        "billed",
        "qa",
        "target",
        "acd",
        "extreme",
    }
)
# "60sec", "20 Seconds", "< 20s", "within 30", "in 20 seg": a threshold in seconds (or minutes).
_SECONDS_UNIT = r"s|sec|secs|second|seconds|seg|segs|segundo|segundos|seconde|secondes|sek|sekunden"
_MINUTES_UNIT = r"m|min|mins|minute|minutes|minuto|minutos"
_THRESHOLD_UNIT = re.compile(
    rf"(?<![a-z0-9])(\d{{1,3}})\s*({_SECONDS_UNIT}|{_MINUTES_UNIT})(?![a-z])"
)
_THRESHOLD_AFTER = re.compile(
    r"(?:<=|<|≤|within|under|dentro de|dentro|en menos de|em ate|moins de|en|em|in|sous|unter)"
    r"\s*(\d{1,3})(?!\s*(?:d|day|days|dias|jours|h|hr|hour|hours|%|\d))(?![\d.])"
)
_SL_SPLIT = re.compile(r"(?<!\d)([5-9]\d)\s*/\s*(\d{1,3})(?!\d)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


@dataclass(frozen=True)
class HeaderWords:
    """A header read as words: ``concepts`` (concept -> the words that said it), the words no
    concept explains, markers, and a threshold in seconds when it names one."""

    header: str
    words: tuple[str, ...]
    concepts: dict[str, tuple[str, ...]]
    unknown: tuple[str, ...]
    threshold: int | None
    flag_hint: bool  # "(Y/N)"

    def has(self, *concepts: str) -> bool:
        return all(c in self.concepts for c in concepts)

    @property
    def meaningful(self) -> set[str]:
        return set(self.concepts) - _NEUTRAL

    @property
    def not_a_result(self) -> bool:
        """A target, a forecast, a maximum or a count of staff: not contacts that happened."""
        return bool(set(self.concepts) & {"target", "extreme", "people"})


def _lookup(word: str) -> str | None:
    if word in _PEOPLE:
        return "people"
    for form in (
        word,
        word[:-1] if word.endswith("s") else None,
        word[:-2] if word.endswith("es") else None,
    ):
        if form and form in _VOCAB:
            return _VOCAB[form]
    return None


def _segment(word: str) -> list[str] | None:
    """A run-together word as known words ("periodname" → period, name), fewest parts first."""
    n = len(word)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, n + 1):
            part = word[i:j]
            if _lookup(part) or part in _JOINERS:
                candidate = [*best[i], part]
                if best[j] is None or len(candidate) < len(best[j]):
                    best[j] = candidate
    found = best[n]
    return found if found and len(found) > 1 else None


def read_header(header: str) -> HeaderWords:
    """``header`` as words and concepts (see the module docstring)."""
    text = _CAMEL.sub(" ", fold_text(header)).lower().replace("_", " ")
    threshold = None
    for pattern in (_THRESHOLD_UNIT, _THRESHOLD_AFTER, _SL_SPLIT):
        m = pattern.search(text)
        if m is None:
            continue
        if pattern is _SL_SPLIT:
            value = int(m.group(2))
        else:
            value = int(m.group(1))
            unit = m.group(2) if pattern is _THRESHOLD_UNIT else None
            if unit and re.fullmatch(_MINUTES_UNIT, unit):
                value *= 60
        if 0 < value <= 900:
            threshold = value
            text = text[: m.start()] + " " + text[m.end() :]
        break
    raw = re.findall(r"[a-z]+|%|#", text)
    flag_hint = "y" in raw and "n" in raw
    concepts: dict[str, list[str]] = {}
    unknown: list[str] = []
    words: list[str] = []
    for word in raw:
        if word == "%":
            concepts.setdefault("rate", []).append(word)
            continue
        if word == "#":
            concepts.setdefault("total", []).append(word)
            continue
        if word == "s" or len(word) == 1:
            if word == "s":
                concepts.setdefault("seconds", []).append(word)
            continue
        parts = [word] if (_lookup(word) or word in _FILLERS) else (_segment(word) or [word])
        for part in parts:
            words.append(part)
            concept = _lookup(part)
            if concept:
                concepts.setdefault(concept, []).append(part)
            elif part not in _FILLERS:
                unknown.append(part)
    # "Intervals" counts intervals; "Interval" is a time.
    if "intervals" in concepts and "interval" in concepts:
        concepts.pop("interval")
    return HeaderWords(
        header,
        tuple(words),
        {k: tuple(v) for k, v in concepts.items()},
        tuple(unknown),
        threshold,
        flag_hint,
    )


# meaning -> [(concepts it needs, score when a header has exactly those)]
_PATTERNS: dict[str, list[tuple[frozenset[str], float]]] = {
    "vendor": [
        (frozenset({"vendor"}), 0.9),
        (frozenset({"contract"}), 0.6),
        (frozenset({"company"}), 0.5),
    ],
    "program": [(frozenset({"program"}), 0.85), (frozenset({"line", "business"}), 0.85)],
    "site": [(frozenset({"site"}), 0.85), (frozenset({"region"}), 0.55)],
    "channel": [
        (frozenset({"channel"}), 0.9),
        (frozenset({"object", "type"}), 0.7),
        (frozenset({"type"}), 0.45),
    ],
    "language": [(frozenset({"language"}), 0.9)],
    "queue": [(frozenset({"queue"}), 0.85)],
    "offered": [(frozenset({"offered"}), 0.9), (frozenset({"object"}), 0.5)],
    "answered": [(frozenset({"answered"}), 0.9), (frozenset({"acd"}), 0.85)],
    "abandoned": [(frozenset({"abandoned"}), 0.9)],
    "short_abandoned": [(frozenset({"short", "abandoned"}), 0.95)],
    "sl": [
        (frozenset({"service", "level"}), 0.9),
        (frozenset({"sl"}), 0.85),
        (frozenset({"answered", "within"}), 0.9),
        (frozenset({"within", "sl"}), 0.95),
        (frozenset({"qa", "service"}), 0.85),  # "Qualité de service": the French service level
        (frozenset({"rate", "service"}), 0.8),  # "Taux de service"
        (frozenset({"answered", "within", "sl"}), 0.95),
    ],
    "asa": [
        (frozenset({"asa"}), 0.95),
        (frozenset({"speed", "answered"}), 0.95),
        (frozenset({"time", "answered"}), 0.93),  # "Time to answer", "Average time to answer"
    ],
    "wait": [(frozenset({"wait"}), 0.85)],
    "aht": [(frozenset({"aht"}), 0.95)],
    "handle": [(frozenset({"handle"}), 0.85), (frozenset({"acd", "time"}), 0.9)],
    "duration": [(frozenset({"duration"}), 0.5)],
    "csat": [(frozenset({"csat"}), 0.85)],
    "csat_satisfied": [(frozenset({"satisfied"}), 0.85), (frozenset({"top", "box"}), 0.85)],
    "csat_responses": [(frozenset({"survey"}), 0.8), (frozenset({"csat", "survey"}), 0.9)],
    "fcr": [(frozenset({"fcr"}), 0.85), (frozenset({"fcr", "first"}), 0.9)],
    "fcr_eligible": [(frozenset({"fcr", "eligible"}), 0.95), (frozenset({"eligible"}), 0.6)],
    "nps_promoters": [(frozenset({"promoters"}), 0.9)],
    "nps_detractors": [(frozenset({"detractors"}), 0.9)],
    "nps_responses": [(frozenset({"nps", "survey"}), 0.9)],
    "qa": [(frozenset({"qa"}), 0.75)],
    "qa_points": [(frozenset({"qa", "points"}), 0.9)],
    "qa_possible": [
        (frozenset({"qa", "possible"}), 0.95),
        (frozenset({"points", "possible"}), 0.9),
    ],
    "intervals": [(frozenset({"intervals"}), 0.85)],
    "intervals_meeting_sl": [(frozenset({"intervals", "meeting"}), 0.9)],
    "headcount": [(frozenset({"headcount"}), 0.9)],
    "leavers": [(frozenset({"leavers"}), 0.9)],
    "early_leavers": [
        (frozenset({"early", "leavers"}), 0.95),
        (frozenset({"leavers", "within"}), 0.9),
    ],
    "new_hires": [(frozenset({"hires"}), 0.9)],
    "trained": [(frozenset({"trained"}), 0.85)],
    "training_assigned": [(frozenset({"training", "assigned"}), 0.9)],
    "invoiced_amount": [(frozenset({"invoice"}), 0.85)],
    "billed_units": [(frozenset({"billed"}), 0.85)],
}
DIMENSIONS = ("vendor", "program", "site", "channel", "language", "queue")
# Meanings whose number is a count (or a total) of a component, by component.
_COUNTS = {
    "offered": "offered",
    "answered": "answered",
    "abandoned": "abandoned",
    "short_abandoned": "short_abandoned",
    "csat_satisfied": "csat_satisfied",
    "csat_responses": "csat_responses",
    "fcr_eligible": "fcr_eligible",
    "nps_promoters": "nps_promoters",
    "nps_detractors": "nps_detractors",
    "nps_responses": "nps_responses",
    "qa_points": "qa_points",
    "qa_possible": "qa_possible",
    "intervals": "intervals",
    "intervals_meeting_sl": "intervals_meeting_sl",
    "headcount": "headcount",
    "leavers": "leavers",
    "early_leavers": "early_leavers",
    "new_hires": "new_hires",
    "trained": "trained",
    "training_assigned": "training_assigned",
    "invoiced_amount": "invoiced_amount",
    "billed_units": "billed_units",
}
# Meanings given as a rate: component, and the component it is a rate of.
_RATES = {
    "sl": ("answered_within_sl", "offered"),
    "abandoned": ("abandoned", "offered"),
    "csat": ("csat_satisfied", "csat_responses"),
    "fcr": ("resolved_first_contact", "fcr_eligible"),
    "qa": ("qa_points", "qa_possible"),
}
# Meanings of a duration: component (a total, or an average over answered).
_DURATIONS = {"asa": "wait_time_sec", "wait": "wait_time_sec", "aht": "handle_time_sec"}
_DURATIONS |= {"handle": "handle_time_sec", "duration": "handle_time_sec"}
_AVERAGE_ONLY = {"asa", "aht"}


def header_meanings(h: HeaderWords) -> list[tuple[str, float, tuple[str, ...]]]:
    """The meanings a header may have, best first: (meaning, score, the words that say it)."""
    found: dict[str, tuple[float, tuple[str, ...]]] = {}
    meaningful = h.meaningful
    for meaning, patterns in _PATTERNS.items():
        for needs, base in patterns:
            if not needs <= set(h.concepts):
                continue
            extra = meaningful - needs
            score = base - 0.12 * len(extra) - 0.04 * min(len(h.unknown), 3)
            if h.not_a_result and meaning not in DIMENSIONS:
                continue  # a target, a forecast, a maximum or a count of staff
            if meaning == "offered" and needs == {"object"} and (h.unknown or extra):
                continue  # "Calls" alone is a volume; "Calls Triaged" is something else
            said = tuple(
                w for c in sorted(needs | (set(h.concepts) & {"object"})) for w in h.concepts[c]
            )
            if score > found.get(meaning, (0.0,))[0]:
                found[meaning] = (round(score, 2), said)
    # "Answered 60sec", "Ans < 20s": answered within a threshold is the service level's count.
    if h.threshold and "answered" in h.concepts and not h.not_a_result:
        if not set(h.concepts) & {"speed", "after"}:
            extra = meaningful - {"answered", "within", "sl"}
            score = 0.92 - 0.12 * len(extra) - 0.04 * min(len(h.unknown), 3)
            found["sl"] = (round(score, 2), h.concepts["answered"])
        found.pop("answered", None)
    if "sl" in found or "asa" in found:
        found.pop("answered", None)
    if "short_abandoned" in found:
        found.pop("abandoned", None)
    if h.threshold and "abandoned" in h.concepts:
        # "Abandoned < 5s" are short abandons; "Abandoned after 30 s" are not, nor all of them.
        score, said = found.pop("abandoned", (0.0, ()))
        if score and "after" not in h.concepts:
            found["short_abandoned"] = (score, said)
    return sorted(((m, s, w) for m, (s, w) in found.items() if s > 0.2), key=lambda x: -x[1])


def time_score(h: HeaderWords) -> tuple[float, tuple[str, ...]]:
    """How strongly a header says "a time": 0 to 0.9, and the words that say it."""
    said = tuple(w for c in _TIME | {"start", "end"} if c in h.concepts for w in h.concepts[c])
    if not said:
        return 0.0, ()
    strong = set(h.concepts) & {"date", "month", "week", "interval", "timestamp", "period"}
    score = 0.9 if strong else (0.75 if set(h.concepts) & {"start", "end"} else 0.6)
    if "end" in h.concepts and "week" not in h.concepts:
        score -= 0.1  # an interval's end: its start is the one to map
    if set(h.concepts) & (_MEASURES | {"duration", "intervals"}):
        score -= 0.35
    if set(h.concepts) & {"id", "name"} and not strong:
        score -= 0.2
    return max(round(score, 2), 0.0), said


# --- values -----------------------------------------------------------------------------------

_COMPANY_WORDS = frozenset(
    """
    ltd limited inc llc plc gmbh ag sa sas sarl srl spa bv nv corp corporation co company group
    bpo outsourcing partners holdings teleservices ltda lda slu trust
    """.split()
)
_LANGUAGES = frozenset(
    """
    english spanish french portuguese german italian dutch polish arabic hindi tagalog filipino
    chinese mandarin cantonese japanese korean russian turkish vietnamese thai malay indonesian
    en es fr pt de it nl pl ar hi tl zh ja ko ru tr vi th ms id espanol ingles frances portugues
    aleman italiano anglais espagnol francais allemand ingles portugues
    """.split()
)
_CHANNEL_WORDS = {w for words in CHANNEL_SYNONYMS.values() for w in words}


def _channel_share(values: list[str]) -> float:
    known = [v for v in values if v.strip().lower() in _CHANNEL_WORDS]
    return len(known) / len(values) if values else 0.0


def _language_share(values: list[str]) -> float:
    def is_language(v: str) -> bool:
        text = fold_text(v).lower().strip()
        head = re.split(r"[-_ ]", text)[0]
        return text in _LANGUAGES or (head in _LANGUAGES and len(text) <= 6)

    return sum(is_language(v) for v in values) / len(values) if values else 0.0


def _company_share(values: list[str]) -> float:
    def is_company(v: str) -> bool:
        words = re.findall(r"[a-z]+", fold_text(v).lower())
        return len(words) >= 2 and any(w in _COMPANY_WORDS for w in words)

    return sum(is_company(v) for v in values) / len(values) if values else 0.0


def _kind(s: ColumnStats) -> str:
    """What a column's sample mostly holds: empty, flag, date, range, clock, number or text."""
    if s.cells == 0:
        return "empty"
    if s.share(s.flags) >= 0.9:
        return "flag"
    if s.share(s.ranges) >= 0.9:
        return "range"
    if s.share(s.clocks) >= 0.9 or s.share(s.times_of_day) >= 0.9:
        return "clock"  # durations and times of day ("0:02:14", "8:30 AM")
    if s.numeric:
        return "number"
    if s.share(s.dates) >= 0.9:
        return "date"
    return "text"


def _rate_like(s: ColumnStats) -> bool:
    """Numbers written as a rate: with "%", or fractions within 0–1 or 0–100."""
    if not s.numeric or s.low is None or s.low < 0:
        return False
    if s.percents >= 0.5 * s.numbers:
        return True
    return not s.whole and s.high <= 100.0


def _binary(s: ColumnStats) -> bool:
    return s.numeric and s.whole and s.low is not None and s.low >= 0 and s.high <= 1


# --- suggesting -------------------------------------------------------------------------------


@dataclass
class _Draft:
    """A profile being built, with a reason per header."""

    columns: dict[str, str] = field(default_factory=dict)
    averages: dict[str, dict] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)
    contact: dict[str, object] = field(default_factory=dict)
    reasons: dict[str, Reason] = field(default_factory=dict)
    threshold: int = 20
    formats: dict[str, str] = field(default_factory=dict)
    grain: str | None = None
    shape: str = "aggregated"
    # Durations placed as totals whose values may show them to be averages (see _settle).
    pending: list[tuple[str, str, float, str]] = field(default_factory=list)

    def taken(self, header: str) -> bool:
        return header in self.reasons and self.reasons[header].role not in (profiles.NOT_LOADED,)

    def place(self, header: str, canonical: str, confidence: float, why: str) -> None:
        self.columns[canonical] = header
        self.reasons[header] = Reason(canonical, _conf(confidence), why)

    def average(self, header: str, comp: str, over: str, confidence: float, why: str) -> None:
        self.averages[comp] = {"column": header, "over": over}
        self.reasons[header] = Reason(_average_label(comp, over), _conf(confidence), why)

    def skip(self, header: str, confidence: float, why: str) -> None:
        self.ignore.append(header)
        self.reasons[header] = Reason(profiles.IGNORED, _conf(confidence), why)

    def to_contact(self, header: str, key: str, value, confidence: float, why: str) -> None:
        self.contact[key] = value
        self.reasons[header] = Reason(f"[contact] {key}", _conf(confidence), why)

    def component_source(self, comp: str) -> str | None:
        if comp in self.columns:
            return self.columns[comp]
        if comp in self.averages:
            return self.averages[comp]["column"]
        return None


def _conf(x: float) -> float:
    return round(min(max(x, 0.05), 0.99), 2)


def _average_label(comp: str, over: str) -> str:
    for label, pair in profiles.AVERAGE_ROLES.items():
        if pair == (comp, over):
            return label
    return f"{comp} as an average over {over}"


def _tokens(words: tuple[str, ...]) -> str:
    seen = list(dict.fromkeys(words))
    return f"header tokens: {', '.join(seen)}" if seen else "header"


def from_headers(
    headers: list[str],
    *,
    vendor: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> tuple[Profile, list[str]]:
    """A profile guessed from the headers alone (no values: the header decides rates, averages
    and the time key), and the headers it could not place. People columns are left out
    altogether (counted in ``people_dropped``)."""
    found = _suggest(None, headers, sheet=sheet, header_row=header_row)
    prof = found.profile.with_changes(vendor=vendor) if vendor else found.profile
    return prof, list(found.unplaced)


def from_values(
    con: duckdb.DuckDBPyConnection,
    table: str,
    headers: list[str],
    *,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Suggestion:
    """A suggestion from the headers and the values of the staged ``table`` (its first
    ``column_stats.SAMPLE_ROWS`` rows)."""
    rows = column_stats.sample(con, table)
    try:
        return _suggest(con, headers, rows=rows, sheet=sheet, header_row=header_row)
    finally:
        column_stats.drop(con)


def _suggest(
    con: duckdb.DuckDBPyConnection | None,
    headers: list[str],
    *,
    rows: int = 0,
    sheet: str | None,
    header_row: int | None,
) -> Suggestion:
    """The suggestion (over ``staging_sample``, ``rows`` rows, when ``con`` is given; else from
    the headers alone)."""
    people = [h for h in headers if profiles.is_person_header(h)]
    usable = [h for h in headers if h not in people]
    words = {h: read_header(h) for h in usable}
    draft = _Draft()
    stats: dict[str, ColumnStats] = {}
    labels: dict[str, list[str]] = {}
    decimal = "."
    if con is not None:
        decimal = column_stats.decimal_mark(con, usable)
        stats = column_stats.describe(con, usable, decimal)
        text = [h for h in usable if _kind(stats[h]) in ("text", "flag")]
        labels = column_stats.labels(con, text)

    for h in usable:
        if h in stats and stats[h].cells == 0:
            draft.skip(h, 0.8, "blank in every row read")
    _place_time(con, usable, words, stats, rows, draft)
    identifiers = _identifiers(usable, words, stats, rows, draft)
    contact = con is not None and _is_contact(usable, words, stats, identifiers, draft)
    if contact:
        draft.shape = "contact"
        _place_contact(usable, words, stats, labels, draft)
    _place_by_header(usable, words, stats, labels, draft, contact=contact)
    _place_by_values(con, usable, stats, labels, draft)
    if con is not None and not contact:
        _check_counts(con, usable, words, stats, draft, decimal)
        _settle_durations(con, stats, draft, decimal)
        _settle_service_level(con, stats, draft, decimal)
    _tidy(draft, contact=contact)
    if decimal != ".":
        draft.formats["decimal"] = decimal

    unplaced = []
    for h in usable:
        if h not in draft.reasons:
            draft.reasons[h] = Reason(
                profiles.NOT_LOADED, 0.3, _unplaced_why(words[h], stats.get(h))
            )
        reason = draft.reasons[h]
        if reason.role != profiles.NOT_LOADED:
            continue
        if h in stats and _measure_text(stats[h]):
            # Clock times or "85%" read as text on import, and an unmapped text column refuses
            # the file: ignored instead, so that the rest loads.
            draft.skip(h, 0.6, f"{reason.why.split(' (')[0]}; its values are times or rates")
        else:
            unplaced.append(h)
    prof = _build(draft, sheet=sheet, header_row=header_row)
    prof = dataclasses.replace(prof, people_dropped=len(people))
    return Suggestion(prof, tuple(unplaced), dict(draft.reasons), draft.grain)


def _measure_text(s: ColumnStats) -> bool:
    """Values that are measures written as text: clock times, ranges, percentages with "%"."""
    return s.cells > 0 and (_kind(s) in ("clock", "range") or s.percents >= 0.5 * s.cells)


def _unplaced_why(w: HeaderWords, s: ColumnStats | None) -> str:
    if not w.words:
        return "no words in the header to go by"
    if w.not_a_result:
        why = f"{_tokens(w.words)}: a target, a forecast, a maximum or a count of staff"
    elif "rate" in w.concepts and header_meanings(w):
        why = f"{_tokens(w.words)}: a rate the file's counts already give"
    else:
        why = f"{_tokens(w.words)}: no role recognised"
    if s is not None and s.numeric:
        why += " (numbers: not loaded unless mapped)"
    elif s is not None and s.cells and not _measure_text(s):
        why += " (text: map it to a dimension or ignore it)"
    return why


# --- time ---------------------------------------------------------------------------------------


def _place_time(con, headers, words, stats, rows: int, draft: _Draft) -> None:
    """The time column(s): the finest-grained column that reads as dates (the header's word
    breaking ties, then the column order), with a time-of-day column beside a day column read as
    one interval start; the other time columns ignored."""
    candidates = []  # (grain rank, -confidence, column order, header, key, fmt, why)
    clocks = []  # (-confidence, column order, header, words, kind)
    rank = {"interval": 0, "day": 1, "week": 2, "month": 3}
    for order, h in enumerate(headers):
        if draft.taken(h):
            continue
        score, said = time_score(words[h])
        if con is None:
            if score >= 0.6:
                key = _time_key_from_header(words[h])
                candidates.append(
                    (rank[_GRAIN_OF[key]], -score, order, h, key, None, _tokens(said))
                )
            continue
        s = stats[h]
        kind = _kind(s)
        if _clock_column(s, kind, score, rows):
            clocks.append((-max(score, 0.5), order, h, said, kind))
            continue
        if kind in ("clock", "range", "flag", "empty"):
            continue
        if score < 0.5 and not (kind == "date" and s.distinct > 1):
            continue
        if kind == "number" and not _serials(s):
            continue  # a year, a week number, a count: not a date
        try:
            found = cells.detect_date_format(con, column_stats.SAMPLE, h)
            ambiguous = False
        except InvalidInput as exc:
            if "more than one way" not in str(exc):
                continue
            found = cells.DateFormat(None, "day", None)  # ambiguous: the import asks
            ambiguous = True
        read = column_stats.time_spread(con, h, found.fmt)
        if read.values == 0 and not ambiguous:
            continue
        grain = "day" if ambiguous else _grain(found, read, words[h])
        why = _tokens(said) if said else "values read as dates"
        why += f"; {_describe_grain(grain, read)}"
        if found.fmt:
            why += f" (read as {found.fmt})"
        if ambiguous:
            why += "; day and month could be either way round: set formats.date"
        conf = max(score, 0.7 if kind == "date" else 0.5) * (0.85 if ambiguous else 1.0)
        key = {"interval": "interval_start", "day": "date", "week": "week", "month": "month"}[grain]
        candidates.append((rank[grain], -conf, order, h, key, found.fmt, why))
    if not candidates:
        return
    candidates.sort()
    _r, neg, _o, h, key, fmt, why = candidates[0]
    draft.place(h, key, -neg, why)
    draft.grain = _GRAIN_OF[key]
    if fmt:
        draft.formats["date"] = fmt
    if key == "date" and clocks:
        clocks.sort()
        neg_score, _o, clock, said, kind = clocks[0]
        spread = column_stats.time_spread(con, h, fmt, clock=clock)
        if spread.with_time:
            what = {
                "range": "time ranges, read as their start",
                "number": "hours of the day" if stats[clock].whole else "Excel times of day",
            }.get(kind, "times of day")
            draft.place(
                clock,
                "interval_start",
                max(-neg_score, 0.8),
                f"{_tokens(said) if said else 'values'}: {what}, read with '{h}' as each "
                f"interval's start; {_describe_grain('interval', spread)}",
            )
            old = draft.reasons[h]
            day = old.why.replace("grain: day", f"the day of each interval (its time in '{clock}')")
            draft.reasons[h] = Reason("date", old.confidence, day)
            draft.grain = "interval"
    for *_rest, other, _k, _f, _w in candidates[1:]:
        if not draft.taken(other):
            draft.skip(other, 0.7, f"a second time column (the time is '{h}')")


def _clock_column(s: ColumnStats, kind: str, score: float, rows: int) -> bool:
    """A time of day in every row (to read beside a date): clock text or a range, or under a
    time header an Excel time (0 ≤ x < 1) or a whole hour (0–23)."""
    if s.cells < 0.95 * rows:
        return False
    if kind == "range":
        return True
    if kind == "clock":
        return score >= 0.5 and s.share(s.times_of_day) >= 0.9
    if kind != "number" or score < 0.6 or s.low is None or s.low < 0 or s.distinct < 2:
        return False
    return s.high < 1 or (s.whole and s.high <= 23)


_GRAIN_OF = {"interval_start": "interval", "date": "day", "week": "week", "month": "month"}


def _time_key_from_header(w: HeaderWords) -> str:
    c = set(w.concepts)
    if "month" in c or "period" in c:
        return "month"
    if "week" in c:
        return "week"
    if c & {"interval", "timestamp", "start"} or ("time" in c and "date" not in c):
        return "interval_start"
    return "date"


def _serials(s: ColumnStats) -> bool:
    lo, hi = cells.SERIAL_RANGE
    return s.numeric and s.low is not None and lo <= s.low and s.high < hi


def _grain(found: cells.DateFormat, read: column_stats.TimeSpread, w: HeaderWords) -> str:
    if found.grain_hint in ("interval", "week", "month"):
        return found.grain_hint
    c = set(w.concepts)
    if read.first_of_month and read.days >= 2 and (read.day_gap or 0) >= 28:
        return "month"
    if read.first_of_month and "month" in c:
        return "month"
    if read.one_weekday and read.days >= 3 and (read.day_gap or 0) >= 7:
        return "week"
    if read.one_weekday and "week" in c and "date" not in c:
        return "week"
    return "day"


def _describe_grain(grain: str, read: column_stats.TimeSpread) -> str:
    if grain == "interval":
        step = read.step_minutes
        if step and float(step).is_integer() and step < 24 * 60:
            return f"grain: interval ({int(step)} minutes; summed to days)"
        return "grain: interval (summed to days)"
    return f"grain: {grain}"


# --- identifiers and contact-level files --------------------------------------------------------


def _identifiers(headers, words, stats, rows: int, draft: _Draft) -> list[str]:
    """Columns holding one value per row (a call id, a ticket number, a row key): ignored."""
    found = []
    for h in headers:
        if draft.taken(h) or h not in stats:
            continue
        s, w = stats[h], words[h]
        if s.cells == 0:
            continue
        unique = s.distinct >= 0.98 * s.cells and s.cells >= 0.9 * max(rows, 1) and rows >= 20
        said = w.has("id") or (w.has("name") and w.has("object")) or w.has("object", "total")
        if not unique:
            continue
        if s.numeric and not w.has("id"):
            continue  # a count can differ on every row
        if not s.numeric and not said and s.letters < 0.5 * s.cells:
            continue
        if header_meanings(w) and not said:
            continue
        found.append(h)
        draft.skip(h, 0.8, "one value per row: an identifier (a row, call or ticket key)")
    return found


def _is_contact(headers, words, stats, identifiers, draft: _Draft) -> bool:
    """One row per contact: a yes/no column saying whether it was answered, or a key per row with
    durations and no counts."""
    for h in headers:
        if draft.taken(h):
            continue
        w, s = words[h], stats[h]
        flag = _kind(s) == "flag" or (_binary(s) and (w.flag_hint or bool(identifiers)))
        if "answered" in w.concepts and flag:
            return True
    if not identifiers:
        return False
    counts = [
        h
        for h in headers
        if not draft.taken(h)
        and any(
            m in ("offered", "answered", "abandoned", "sl")
            for m, _s, _w in header_meanings(words[h])
        )
        and stats[h].numeric
        and not _binary(stats[h])
    ]
    return not counts


def _flag_words(values: list[str]) -> list[str]:
    yes = {"Y", "YES", "TRUE", "T", "1", "SI", "SIM", "OUI"}
    found = [v for v in values if v.strip().upper() in yes]
    return found or ["Y", "Yes", "1", "TRUE", "T"]


def _place_contact(headers, words, stats, labels, draft: _Draft) -> None:
    """A contact-level file's flags, durations and survey score (see ``profiles.Contact``)."""
    for h in headers:
        if draft.taken(h):
            continue
        w, s = words[h], stats[h]
        meanings = [m for m, _s, _w in header_meanings(w)]
        said = _tokens(w.words)
        flag = _kind(s) == "flag" or _binary(s)
        if flag and "answered" in meanings and "answered" not in draft.contact:
            trues = _flag_words(labels.get(h, []))
            draft.to_contact(
                h,
                "answered",
                {"column": h, "true": trues},
                0.9,
                f"{said}; yes/no values: one row per contact, answered or abandoned",
            )
        elif flag and "fcr" in meanings and "resolved" not in draft.contact:
            draft.to_contact(
                h,
                "resolved",
                {"column": h, "true": _flag_words(labels.get(h, []))},
                0.85,
                f"{said}; yes/no values",
            )
        elif (
            ("csat" in meanings or "csat_satisfied" in meanings)
            and s.numeric
            and s.whole
            and s.low is not None
            and s.low >= 1
            and s.high <= 11
            and "satisfaction" not in draft.contact
        ):
            scale = 5 if s.high <= 5 else (7 if s.high <= 7 else 10)
            draft.to_contact(
                h,
                "satisfaction",
                {"column": h, "scale": scale, "top_box": 2},
                0.8,
                f"{said}; scores from 1 to {int(s.high)}: a {scale}-point survey, top two boxes "
                "satisfied",
            )
        elif meanings and _DURATIONS.get(meanings[0]) and _duration_values(s):
            comp = _DURATIONS[meanings[0]]
            key = "wait_seconds" if comp == "wait_time_sec" else "handle_seconds"
            if key not in draft.contact:
                draft.to_contact(h, key, h, 0.85, f"{said}; one duration per contact")


def _duration_values(s: ColumnStats) -> bool:
    return s.cells > 0 and s.durations >= 0.95 * s.cells and (s.low is None or s.low >= 0)


# --- by header ---------------------------------------------------------------------------------


def _place_by_header(headers, words, stats, labels, draft: _Draft, *, contact: bool) -> None:
    """Roles from header words, checked against the values; the best claim to a role wins."""
    claims = []  # (score, order, header, meaning, said)
    for order, h in enumerate(headers):
        if draft.taken(h):
            continue
        for meaning, score, said in header_meanings(words[h]):
            fit = _fit(meaning, stats.get(h), words[h], labels.get(h))
            if fit > 0.5 or (fit > 0 and score >= 0.8):
                claims.append((-score * fit, order, h, meaning, said))
    claims.sort()
    for neg, _order, h, meaning, said in claims:
        if draft.taken(h):
            continue
        _claim(h, meaning, -neg, said, words[h], stats.get(h), draft, contact=contact)


def _fit(meaning: str, s: ColumnStats | None, w: HeaderWords, values: list[str] | None) -> float:
    """How well a column's values fit a meaning, 0 to 1 (1 without values)."""
    if s is None:
        return 1.0
    kind = _kind(s)
    if kind == "empty":
        return 0.0
    if meaning in DIMENSIONS:
        if kind in ("date", "clock", "range"):
            return 0.0
        if kind == "number":
            return 0.6 if meaning in ("queue", "site", "program") and s.whole else 0.0
        if meaning == "vendor" and s.distinct > 500:
            return 0.3
        if meaning == "channel" and values:
            return 1.0 if _channel_share(values) >= 0.5 else 0.7
        return 1.0
    # A measure's values that do not read as it would are the import's to report, row by row,
    # when the header is plain about it ("Calls Offered" holding "lots", an AHT of -12): such a
    # column still takes its role, with less confidence. Dates are never a measure.
    if kind in ("date", "range", "flag"):
        return 0.0
    if meaning in ("asa", "wait", "aht", "handle", "duration"):
        return 1.0 if _duration_values(s) else 0.5
    if kind != "number":
        return 0.5 if s.numbers >= 0.5 * s.cells or s.distinct <= 3 else 0.0
    if s.negatives:
        return 0.5
    if meaning in _RATES and meaning not in _COUNTS:
        return 1.0  # a rate or a count: decided in _claim
    if _rate_like(s) and meaning not in _RATES:
        return 0.5 if s.whole else 0.3
    return 1.0 if s.whole else 0.85


def _claim(h, meaning, score, said, w: HeaderWords, s, draft: _Draft, *, contact: bool) -> None:
    tokens = _tokens(said)
    if meaning in DIMENSIONS:
        if meaning not in draft.columns:
            draft.place(h, meaning, score, tokens)
        return
    if contact:
        return  # a contact file's measures are its [contact] fields
    rate = "rate" in w.concepts or (s is not None and _rate_like(s) and "total" not in w.concepts)
    total = "total" in w.concepts and "average" not in w.concepts
    if meaning == "sl" and not w.has("answered") and (s is None or s.numeric):
        # "Service Level": a rate (85 is 85 %), unless its values are counts above 100
        rate = rate or s is None or (s.high is not None and s.high <= 100)
    average = "average" in w.concepts or (meaning in _AVERAGE_ONLY and not total)
    if meaning in _RATES and (rate or meaning in ("csat", "fcr", "qa")):
        comp, over = _RATES[meaning]
        if s is not None and s.numeric and s.whole and s.high is not None and s.high > 100:
            if meaning in _COUNTS or meaning == "sl":
                _count(h, comp, score, tokens + "; whole numbers: a count", w, draft)
            return
        if draft.component_source(comp) is not None:
            draft.skip(
                h, score * 0.9, f"{tokens}: a rate restating '{draft.component_source(comp)}'"
            )
            return
        if comp in draft.averages:
            return
        draft.average(h, comp, over, score, f"{tokens}; {_rate_words(s)}: a rate of {over}")
        if w.threshold:
            draft.threshold = w.threshold
        return
    if meaning == "sl":
        _count(h, "answered_within_sl", score, tokens, w, draft)
        return
    if meaning in _DURATIONS:
        comp = _DURATIONS[meaning]
        if comp in draft.columns or comp in draft.averages:
            return
        if average:
            _average_duration(
                h, comp, score, f"{tokens}; {_duration_words(s)}", meaning, w, s, draft
            )
        else:
            draft.place(h, comp, score, f"{tokens}; {_duration_words(s)}: a total")
            if "total" not in w.concepts:
                draft.pending.append((h, comp, score, meaning))
        return
    if meaning in _COUNTS:
        if "rate" in w.concepts and meaning not in _RATES:
            return  # "Answer Rate", "% Ans Calls": a ratio of counts the file gives, not a count
        _count(h, _COUNTS[meaning], score, tokens, w, draft)


def _average_duration(h, comp, score, why, meaning, w: HeaderWords, s, draft: _Draft) -> None:
    draft.average(h, comp, "answered", score, f"{why}: an average per contact")
    if s is not None and "seconds" not in w.concepts and _minutes(s, meaning):
        draft.formats["duration"] = "minutes"
        old = draft.reasons[h]
        draft.reasons[h] = dataclasses.replace(old, why=old.why + " (in minutes)")


def _count(h, comp, score, why, w: HeaderWords, draft: _Draft) -> None:
    if comp in draft.columns:
        return
    if comp in draft.averages:  # a count beats the rate that restates it
        rate = draft.averages.pop(comp)["column"]
        draft.skip(rate, draft.reasons[rate].confidence, f"a rate restating '{h}'")
    if w.threshold and comp == "answered_within_sl":
        draft.threshold = w.threshold
        why += f"; threshold {w.threshold} s"
    draft.place(h, comp, score, why)


def _rate_words(s: ColumnStats | None) -> str:
    if s is None:
        return "a rate by its header"
    if s.percents:
        return 'values with "%"'
    return "values from 0 to 1" if s.high is not None and s.high <= 1 else "values from 0 to 100"


def _duration_words(s: ColumnStats | None) -> str:
    if s is None:
        return "by its header"
    if s.clocks >= 0.5 * s.cells:
        return "clock values (H:MM:SS)"
    return "values in seconds" if s.seconds_mean is None or s.seconds_mean >= 30 else "small values"


def _per_contact(s: ColumnStats) -> bool:
    """A duration whose values are one contact's (an average), not a period's total."""
    return s.seconds_mean is not None and s.seconds_mean <= 1800


def _minutes(s: ColumnStats, meaning: str) -> bool:
    """Handle times of a few units with decimals are minutes (an AHT of 5 s is not)."""
    return (
        meaning in ("aht", "handle")
        and s.clocks == 0
        and not s.whole
        and s.mean is not None
        and 0.5 <= s.mean <= 30
    )


# --- by values -------------------------------------------------------------------------------------


def _place_by_values(con, headers, stats, labels, draft: _Draft) -> None:
    """Text columns the headers did not place: channels, languages and companies by their
    labels; a code paired one to one with a placed dimension is ignored."""
    if con is None:
        return
    placed_dims = {d: draft.columns[d] for d in DIMENSIONS if d in draft.columns}
    for h in headers:
        if draft.taken(h) or h not in labels or _kind(stats[h]) not in ("text",):
            continue
        values = labels[h]
        if not values:
            continue
        for dim, src in placed_dims.items():
            if column_stats.same_grouping(con, h, src):
                draft.skip(
                    h, 0.75, f"pairs one to one with '{src}' ({dim}): another name or a code for it"
                )
                break
        else:
            if "channel" not in draft.columns and _channel_share(values) >= 0.8:
                draft.place(h, "channel", 0.8, "values are channels (voice, chat, email …)")
            elif "language" not in draft.columns and _language_share(values) >= 0.8:
                draft.place(h, "language", 0.75, "values are languages")
            elif "vendor" not in draft.columns and _company_share(values) >= 0.5:
                draft.place(h, "vendor", 0.6, "values look like company names")


# --- counts: offered = answered + abandoned ------------------------------------------------------


def _check_counts(con, headers, words, stats, draft: _Draft, decimal: str) -> None:
    """Relate the counts row by row: confirm offered = answered + abandoned (and answered ≤
    offered), or find the three among whole-number columns the headers left unplaced."""
    roles = ("offered", "answered", "abandoned")
    placed = {r: draft.columns[r] for r in roles if r in draft.columns}
    spare = [
        h
        for h in headers
        if not draft.taken(h)
        and h in stats
        and stats[h].numeric
        and stats[h].whole
        and not stats[h].negatives
        and not _binary(stats[h])
        and "target" not in words[h].concepts
        and time_score(words[h])[0] < 0.5
    ]
    candidates = list(dict.fromkeys([*placed.values(), *spare]))
    if len(candidates) < 2:
        return
    rel = column_stats.relations(con, candidates, decimal)
    if len(placed) == 3:
        key = (placed["offered"], placed["answered"], placed["abandoned"])
        share = _sum_share(rel, *key)
        if share is None:
            return
        for r in roles:
            h = placed[r]
            old = draft.reasons[h]
            if share >= 0.9:
                draft.reasons[h] = Reason(
                    old.role,
                    _conf(old.confidence + 0.08),
                    f"{old.why}; offered = answered + abandoned on {share:.0%} of rows",
                )
            else:
                draft.reasons[h] = Reason(
                    old.role,
                    _conf(old.confidence - 0.1),
                    f"{old.why}; but offered = answered + abandoned on only {share:.0%} of rows: "
                    "check the figures",
                )
        return
    best = None
    for (a, b, c), share in rel.sums.items():
        if share < 0.9 or rel.rows.get((a, b, c), 0) < 5:
            continue
        trio = {"offered": a}
        bigger, smaller = _by_mean(stats, b, c)
        trio["answered"], trio["abandoned"] = bigger, smaller
        if any(r in placed and placed[r] != trio[r] for r in roles):
            # a header already placed one of them: keep the trio only if it agrees
            swapped = {"offered": a, "answered": smaller, "abandoned": bigger}
            if any(r in placed and placed[r] != swapped[r] for r in roles):
                continue
            trio = swapped
        agree = sum(placed.get(r) == trio[r] for r in roles)
        if best is None or (agree, share) > (best[0], best[1]):
            best = (agree, share, trio)
    if best is None:
        return
    agree, share, trio = best
    for r in roles:
        h = trio[r]
        if placed.get(r) == h:
            old = draft.reasons[h]
            draft.reasons[h] = Reason(
                old.role,
                _conf(old.confidence + 0.05),
                f"{old.why}; offered = answered + abandoned on {share:.0%} of rows",
            )
            continue
        if draft.taken(h) or r in draft.columns:
            continue
        why = f"offered = answered + abandoned on {share:.0%} of rows"
        if r != "offered" and len(placed) < 2:
            why += f" ({r} the {'larger' if r == 'answered' else 'smaller'} of the two)"
        draft.place(h, r, 0.55 + 0.1 * agree, why)


def _settle_durations(con, stats, draft: _Draft, decimal: str) -> None:
    """A duration header without "average" or "total" ("Handle Time", "wait_time_sec"): a total
    grows with the contacts of its row, an average does not. So it is a total when it varies
    less once divided by the row's answered (or offered) count than it does itself."""
    over = draft.columns.get("answered") or draft.columns.get("offered")
    for h, comp, score, meaning in draft.pending:
        if draft.columns.get(comp) != h:
            continue
        s = stats[h]
        if over is not None:
            cv, cv_per = column_stats.variation(con, h, over, decimal)
            if cv is None or cv_per is None:
                continue
            if cv_per < 0.8 * cv:
                old = draft.reasons[h]
                draft.reasons[h] = Reason(
                    old.role,
                    _conf(old.confidence + 0.05),
                    f"{old.why}; it grows with '{over}' row by row",
                )
                continue
            why = f"{draft.reasons[h].why.split(';')[0]}; it does not grow with '{over}'"
        elif _per_contact(s) and s.clocks >= 0.5 * s.cells:
            why = f"{draft.reasons[h].why.split(';')[0]}; clock values of a few minutes"
        else:
            continue
        draft.columns.pop(comp)
        _average_duration(h, comp, score * 0.9, why, meaning, read_header(h), s, draft)


def _settle_service_level(con, stats, draft: _Draft, decimal: str) -> None:
    """A service-level rate read over offered that would count more contacts answered within
    the threshold than were answered, row after row, is a rate of answered (as some public
    services define it)."""
    sl = draft.averages.get("answered_within_sl")
    answered = draft.columns.get("answered")
    if sl is None or sl["over"] != "offered" or answered is None or "offered" not in draft.columns:
        return
    h = sl["column"]
    mode = "points" if (stats[h].high or 0) > 1 else "fraction"
    share = column_stats.rate_exceeds(con, h, draft.columns["offered"], answered, decimal, mode)
    if not share:
        return
    sl["over"] = "answered"
    old = draft.reasons[h]
    draft.reasons[h] = Reason(
        _average_label("answered_within_sl", "answered"),
        old.confidence,
        f"{old.why.replace('a rate of offered', 'a rate of answered')}: times offered it would "
        f"exceed '{answered}' on {share:.0%} of rows",
    )


def _sum_share(rel: Relations, a: str, b: str, c: str) -> float | None:
    for key in ((a, b, c), (a, c, b)):
        if key in rel.sums and rel.rows.get(key, 0) >= 5:
            return rel.sums[key]
    return None


def _by_mean(stats, b: str, c: str) -> tuple[str, str]:
    mb, mc = stats[b].mean or 0.0, stats[c].mean or 0.0
    return (b, c) if mb >= mc else (c, b)


# --- finishing ---------------------------------------------------------------------------------


def _tidy(draft: _Draft, *, contact: bool) -> None:
    """Rates that restate a placed count are ignored; an average over a count the file lacks is
    taken over the other (answered or offered), or not loaded when it has neither."""
    for comp in list(draft.averages):
        if comp in draft.columns:
            h = draft.averages.pop(comp)["column"]
            draft.skip(
                h, 0.8, f"{draft.reasons[h].why.split(';')[0]}: restates '{draft.columns[comp]}'"
            )
    if contact:
        return
    for comp, avg in list(draft.averages.items()):
        over, h = avg["over"], avg["column"]
        if over in draft.columns:
            continue
        if over == "answered" and {"offered", "abandoned"} <= set(draft.columns):
            continue  # answered is derived from them (see _build)
        other = {"answered": "offered", "offered": "answered"}.get(over)
        old = draft.reasons[h]
        if other in draft.columns:
            avg["over"] = other
            draft.reasons[h] = Reason(
                _average_label(comp, other),
                _conf(old.confidence - 0.1),
                f"{old.why}; over {other}, as the file gives no {over} count",
            )
        else:
            draft.averages.pop(comp)
            draft.reasons[h] = Reason(
                profiles.NOT_LOADED,
                0.3,
                f"{old.why}; but the file gives no {over} count to take it over",
            )


def _build(draft: _Draft, *, sheet: str | None, header_row: int | None) -> Profile:
    data: dict = {
        "shape": draft.shape,
        "on_agent_data": "refuse",
        "sl_threshold_seconds": draft.threshold,
        "columns": dict(draft.columns),
        "averages": dict(draft.averages),
        "ignore": list(draft.ignore),
    }
    if draft.shape == "contact":
        comps = [c for c in draft.columns if c in profiles.COMPONENT_NAMES]
        for c in comps:
            data["columns"].pop(c)
        data["averages"] = {}
        data["contact"] = dict(draft.contact)
    else:
        derived = {}
        needs_answered = any(a["over"] == "answered" for a in draft.averages.values())
        if (
            needs_answered
            and "answered" not in draft.columns
            and {"offered", "abandoned"} <= set(draft.columns)
        ):
            derived["answered"] = {"total": "offered", "less": ["abandoned"]}
        data["derived"] = derived
    formats = {"percent": "auto", "duration": "auto", "decimal": "."}
    formats.update(draft.formats)
    data["formats"] = formats
    if sheet:
        data["sheet"] = sheet
    if header_row:
        data["header_row"] = header_row
    return profiles.from_dict(data)
