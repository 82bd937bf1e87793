"""People in a vendor's file: header words and value shapes that identify individual staff.

The agent guard (``agent_guard``) asks this module about each column of an upload: does its
header name a person (an agent, an advisor, a login, an extension… in the languages of the places
contact centers run from), and do its values look like people (names, logins, e-mail addresses,
staff codes)? Pure Python, no SQL, no value ever leaves it: verdicts are kinds and counts.

Headers and values are compared after folding (``db.fold_text``: NFKC, look-alike letters of
other scripts read as Latin, accents and invisible characters removed) and split into words
(camelCase, punctuation, ``#``). A header's words are read in context: over numbers, "Agents
Staffed" or "Nhs1 Time Clinical Staff SUM" is a measure, "Emp#" or "Agent" an identifier.

Personal names come from the names index: the first and last names of the countries contact
centers run from, derived once from the ``names-dataset`` package and cached as a small file
(``index_path``); ``python -m governance.ingest.people`` builds it ahead of time (``make`` does).
This module writes the file; ``governance.wording.names`` reads it, for the guard and the wording
check alike (``NameIndex``, ``parse``, the path and the format).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pickle
import re
import threading
import time
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

import pycountry  # installed with names-dataset: its countries and regions are places

from governance.store.db import fold_text
from governance.wording import names as name_index
from governance.wording.names import BUCKETS, FORMAT, NameIndex

# --- headers ------------------------------------------------------------------------------------

# Nouns for a person, singular (and mass nouns that name one person's record), in English,
# Spanish, Portuguese, French, German, Italian, Polish and Tagalog, folded (no accents).
PERSON_NOUNS = frozenset(
    """
    agent agente advisor adviser associate analyst analista rep representative representante
    representant csr csa cse employee emp employe empleado empleada funcionario funcionaria
    dipendente empleyado pracownik mitarbeiter mitarbeiterin operator operador operadora operateur
    operatrice operatore teleoperador teleoperadora teleoperatore user usuario usuaria utilisateur
    utilisatrice utente benutzer uzytkownik supervisor supervisora superviseur supervisore sup tl
    coach asesor asesora ejecutivo ejecutiva atendente colaborador colaboradora collaborateur
    collaboratrice collaboratore conseiller conseillere teleconseiller teleconseillere
    sachbearbeiter sachbearbeiterin berater beraterin bearbeiter bearbeiterin kundenberater
    kundenberaterin betreuer betreuerin addetto addetta consulente konsultant konsultantka doradca
    ahente kinatawan manggagawa consultant consultor consultora specialist especialista
    specialiste staffer worker trabajador trabajadora travailleur arbeiter person persona pessoa
    personne teamleader teamlead teamleiter teamleiterin lider leader executive officer handler
    owner resource trainee evaluator auditor expert
    """.split()
)
# Plurals and mass nouns: over numbers they count people ("Agents", "Staff", "Agentes").
PERSON_PLURALS = frozenset(
    """
    agents agentes agenti advisors advisers associates analysts analistas reps representatives
    representantes csrs csas employees emps employes empleados empleadas funcionarios dipendenti
    pracownicy operators operadores operadoras operateurs operatrices operatori teleoperadores
    users usuarios utilisateurs utenti uzytkownicy supervisors supervisores superviseurs
    supervisori sups tls coaches asesores asesoras ejecutivos ejecutivas atendentes colaboradores
    colaboradoras collaborateurs collaboratori conseillers conseilleres teleconseillers
    teleconseilleres mitarbeiterinnen sachbearbeiterinnen beraterinnen addetti consulenti
    konsultanci doradcy consultants consultores specialists especialistas specialistes staffers
    workers trabajadores persons people personas pessoas personnes leaders lideres teamleaders
    executives officers handlers owners resources trainees evaluators auditors experts staff
    personal personnel tauhan mitarbeiter berater bearbeiter sachbearbeiter kundenberater betreuer
    """.split()
)
# Words that identify a person's record with a person noun ("Agent ID", "Emp No", "Staff Code").
ID_WORDS = frozenset(
    "id ids no nr num number nummer numer numero code codigo key pin ref identifier".split()
)
# Words that identify a person on their own ("Login", "Ext", "Handle", "Badge", "E-mail").
STANDALONE_IDS = frozenset(
    """
    login logon loginid logid handle ext extn extension workstation seat badge payroll userid
    username empid empno eid eeid ntid lanid soeid racf matricula matricule matricola legajo
    cedula personalnummer personalnr durchwahl nebenstelle ramal anexo identifiant kennung
    benutzerkennung email courriel correo
    """.split()
)
# Words that are an identifier only beside ID_WORDS ("Station ID", "Desk No").
NEEDS_ID = frozenset("station desk phone telefono".split())
# A person's name, in those languages.
NAME_WORDS = frozenset(
    """
    name names fullname firstname lastname surname surnames givenname displayname nombre nombres
    apellido apellidos nome sobrenome cognome nom prenom vorname nachname imie nazwisko pangalan
    apelyido initials iniciales
    """.split()
)
# Words that may stand beside a name word and keep it a person's name ("Full Name", "Nom complet").
NAME_QUALIFIERS = frozenset(
    "first last full given display family middle sur complete completo completa complet".split()
)
# Words that carry no meaning of their own here.
FUNCTION_WORDS = frozenset(
    """
    of the a an de del da do dos das des du der die den la el le les los las di dei degli della
    ng mga sa y e et und i and w z na per
    """.split()
)
# Words of a measure: over numbers, a header with one of them counts or times people.
MEASURE_WORDS = frozenset(
    """
    count counts cnt qty quantity total totals sum suma soma somme summe avg average mean median
    promedio media moyenne durchschnitt srednia max min pct percent percentage porcentaje
    pourcentage prozent procent rate ratio share tasa taxa taux quote time times hours hour hrs hr
    minutes minute mins seconds second secs sec duration tiempo tempo temps zeit czas oras horas
    hora heures heure stunden stunde ore godziny minutos segundos cost costs costo coste custo cout
    couts kosten costi koszt koszty spend amount monto montant betrag importo kwota salary wage
    fte ftes hc headcount staffed staffing dotacion dotacao effectif effectifs plantilla besetzung
    scheduled rostered required needed planned forecast forecasted actual available availability
    present absent absence absences absenteeism logged loggedin online active idle ready busy
    occupancy utilization utilisation productivity adherence conformance shrinkage attrition
    turnover tenure programados programadas efectivos efectivas presentes disponibles requeridos
    necesarios conectados logados escalados previstos planificados ausentes ausentismo ocupacion
    ocupacao rotacion rotatividade trained training assigned hired hires new leavers joiners exits
    terminations calls contacts chats emails tickets cases interactions offered answered handled
    abandoned transfers transferred holds held volume volumes llamadas contactos chamadas appels
    anrufe chiamate polaczenia tawag talk wrap acw aht asa sl csat nps fcr qa score scores points
    kpi target variance paid overtime capacity visits
    """.split()
)
# Words that open a count ("# Agents", "Number of agents", "Nombre de conseillers", "Anzahl").
COUNT_OPENERS = frozenset(
    "number num no nr nb nbr count qty anzahl liczba bilang cantidad quantidade qtd numero nombre"
    " total".split()
)
# Nouns of a grouping: "Agent Group", "Grupo de agentes" name a group, judged by its values.
GROUP_WORDS = frozenset(
    """
    group groups grupo grupos groupe groupes gruppe gruppen gruppo gruppi grupa grupy skill skills
    skillset queue queues split splits pool team teams equipo equipos equipe equipes equipa
    equipas squad pod
    """.split()
)
# Two words that together name a person ("Team Lead", "Handled By", "Staff Member").
PERSON_PAIRS = frozenset(
    {
        ("team", "lead"),
        ("team", "leader"),
        ("team", "manager"),
        ("team", "member"),
        ("team", "coach"),
        ("staff", "member"),
        ("line", "manager"),
        ("handled", "by"),
        ("answered", "by"),
        ("resolved", "by"),
        ("closed", "by"),
        ("owned", "by"),
        ("created", "by"),
        ("taken", "by"),
        ("assigned", "to"),
        ("atendido", "por"),
        ("atendida", "por"),
        ("gestionado", "por"),
        ("gestionada", "por"),
        ("traite", "par"),
        ("bearbeitet", "von"),
        ("jefe", "de"),
        ("chef", "d"),
    }
)
# Run-together forms: a person noun followed by one of these ("AgentID", "Mitarbeiternummer").
_COMPOUND_ENDS = ID_WORDS | NAME_WORDS | frozenset("login email mail nr nummer kennung".split())
# German compounds end in the person noun ("Kundenberater", "Callcenteragent").
_NOUN_ENDINGS = ("berater", "bearbeiter", "mitarbeiter", "betreuer", "agent", "conseiller")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_EMAIL_WORD = re.compile(r"\be[\s\-_.]*mail\b", re.IGNORECASE)


def header_words(header: str) -> list[str]:
    """The words of a header, folded and lower-cased: camelCase and punctuation split, ``#`` kept
    as a word, run-together person words split ("AgentID" → agent, id), ``E-mail`` one word."""
    text = _CAMEL.sub(" ", fold_text(header))
    text = _EMAIL_WORD.sub("email", text).casefold().replace("°", "o")
    words = re.findall(r"#|[a-z0-9]+", text)
    if len(words) >= 3 and all(len(w) == 1 and w.isalpha() for w in words):
        words = ["".join(words)]  # "A g e n t"
    out: list[str] = []
    for word in words:
        out += _split_compound(word)
    return out


def _split_compound(word: str) -> list[str]:
    if word in PERSON_NOUNS or word in PERSON_PLURALS or word in STANDALONE_IDS:
        return [word]
    for noun in sorted(PERSON_NOUNS, key=len, reverse=True):
        if word.startswith(noun) and word[len(noun) :] in _COMPOUND_ENDS:
            return [noun, word[len(noun) :]]
    for ending in _NOUN_ENDINGS:
        for form in (ending, ending + "in", ending + "innen", ending + "s"):
            if word.endswith(form) and len(word) > len(form) + 2:
                return [word]  # a compound whose head is a person noun
    return [word]


def _is_person_word(word: str) -> bool:
    if word in PERSON_NOUNS or word in PERSON_PLURALS:
        return True
    return any(
        word.endswith(form) and len(word) > len(form) + 2
        for ending in _NOUN_ENDINGS
        for form in (ending, ending + "in", ending + "innen", ending + "s")
    )


def _is_plural(word: str) -> bool:
    return word in PERSON_PLURALS or (word not in PERSON_NOUNS and word.endswith(("s", "innen")))


def header_reason(header: str, *, numeric: bool | None) -> str | None:
    """Why ``header`` names individual staff, or None when it does not.

    ``numeric`` says whether the column holds numbers only (None: not known, as when a profile is
    written before any file is read). Over numbers, a header that counts or times people ("Agents
    Staffed", "# Agents", "Avg Agents", "Staff Cost", "Nhs1 Time Clinical Staff SUM") is a measure;
    an identifier stays one ("Agent", "Agent ID", "Emp#", "Ext", "Station ID"). A header that is
    itself a person ("Diane Smith", "jdoe01", "Agent 4471": ``header_person``) names one, whatever
    its column holds.
    """
    person = header_person(header)
    if person:
        return f"is headed by {person}: one column per person"
    words = header_words(header)
    # "In-person visits": an adverb, not a person.
    words = [w for i, w in enumerate(words) if not (w == "person" and words[i - 1 : i] == ["in"])]
    if not words:
        return None
    persons = [w for w in words if _is_person_word(w)]
    pairs = set(zip(words, words[1:], strict=False)) & PERSON_PAIRS
    phrase = bool(pairs)
    in_phrase = {w for pair in pairs for w in pair}
    standalone = [w for w in words if w in STANDALONE_IDS]
    if "handle" in standalone and "time" in words:
        standalone.remove("handle")
    names = [w for w in words if w in NAME_WORDS]
    id_words = [w for w in words if w in ID_WORDS]
    if "#" in words[1:]:
        id_words.append("#")  # "Emp#", "Agent #": a number that identifies
    needs_id = any(w in NEEDS_ID for w in words) and bool(id_words)
    if not (persons or phrase or standalone or names or needs_id):
        return None
    measure = any(w in MEASURE_WORDS and w not in in_phrase for w in words)
    measure = measure or _opens_with_count(words)
    plural = bool(persons) and all(_is_plural(w) for w in persons)
    countish = measure or (plural and not id_words and not names and not standalone)
    if numeric:
        if countish:
            return None
        if standalone and not {"email", "courriel", "correo"} >= set(standalone):
            return "identifies individual staff by its header"
        if (persons or phrase or needs_id) and id_words:
            return "identifies individual staff by its header"
        bare = [w for w in words if w not in FUNCTION_WORDS and w not in NAME_WORDS]
        if phrase or (bare and all(_is_person_word(w) and not _is_plural(w) for w in bare)):
            return "identifies individual staff by its header"
        return None
    if countish and numeric is None:
        return None  # read without values: "Agents Staffed" counts people
    if names and not (persons or phrase or standalone or id_words):
        others = [
            w for w in words if w not in NAME_WORDS | NAME_QUALIFIERS | FUNCTION_WORDS | {"#"}
        ]
        if others:  # "Program Name", "Contract Name", "Call Reporting: Name": a label's name
            return None
    if (
        any(w in GROUP_WORDS for w in words)
        and not (phrase or standalone or names or id_words)
        and not countish
    ):
        return None  # "Agent Group", "Grupo de agentes": a grouping, judged by its values
    return "identifies individual staff by its header"


def _opens_with_count(words: list[str]) -> bool:
    """ "# Agents", "Number of agents", "Nombre de conseillers": a count, unless a singular person
    noun follows ("Numero de empleado", "Nombre del agente" identify one person)."""
    if words[0] == "#":
        return True
    if words[0] not in COUNT_OPENERS:
        return False
    rest = [w for w in words[1:] if w not in FUNCTION_WORDS and w != "d"]
    return bool(rest) and not (_is_person_word(rest[0]) and not _is_plural(rest[0]))


# --- the names index ----------------------------------------------------------------------------

# The countries whose names the index keeps: English, Spanish, Portuguese, French, German, Italian,
# Polish and Tagalog speaking, India and the Arabic-speaking countries (names in Latin script),
# and the other places contact centers commonly run from.
COUNTRIES = frozenset(
    """
    US GB CA IE ZA JM NG GH ES MX CO AR CL PE EC GT CR UY BO PA SV HN PR BR PT FR BE CH LU MA TN DZ
    CM HT DE AT IT PL PH IN EG SA AE JO KW QA OM BH IQ LB LY SD YE PS SY MY SG
    """.split()
)
# A name is kept when its best rank in those countries is at most this.
INDEX_RANKS = {"first": 2000, "last": 3000}
INDEX_RANK = max(INDEX_RANKS.values())
_lock = threading.Lock()
_loaded: NameIndex | None = None


def dataset_version() -> str:
    return metadata.version("names-dataset")


def index_path() -> Path:
    """Where the names index is cached: ``$XDG_CACHE_HOME/governance/`` (default ``~/.cache``),
    named by the versions it was derived from (``wording.names.index_path``: one path for the
    guard, which writes the file, and the wording check, which reads it)."""
    return name_index.index_path()


def _key(name: str) -> str:
    return fold_text(name).casefold().strip()


def derive_index() -> str:
    """The index file's text, from the names-dataset pickles (10–30 s and 1 GB while it runs): a
    JSON header line (format, source, spans), then the body ``NameIndex`` searches."""
    root = resources.files("names_dataset") / "v3"
    header: dict = {"format": FORMAT, "source": f"names-dataset {dataset_version()}"}
    body = [""]  # the body starts with a newline: every line is preceded by one
    size = 0
    for part in ("first", "last"):
        with (root / f"{part}_names.pkl.gz").open("rb") as raw, gzip.open(raw) as fh:
            table = pickle.load(fh)  # the package's own data file
        ranks: dict[str, int] = {}
        limit = INDEX_RANKS[part]
        for name, info in table.items():
            best = min(
                (r for country, r in info.get("rank", {}).items() if country in COUNTRIES),
                default=limit + 1,
            )
            if best > limit:
                continue
            key = _key(name)
            if key.isalpha():
                ranks[key] = min(best, ranks.get(key, best))
        del table
        spans: dict[str, list[int]] = {}
        for key, best in sorted(ranks.items()):
            line = f"{key}\t{next(i for i, b in enumerate(BUCKETS) if best <= b)}"
            span = spans.setdefault(key[:2], [size, size])
            body.append(line)
            size += len(line) + 1
            span[1] = size + 1
        header[part] = spans
    places = sorted(_place_names())
    header["places"] = [size, size + sum(len(p) + 1 for p in places) + 1]
    body += [*places, ""]
    return json.dumps(header, separators=(",", ":")) + "\n" + "\n".join(body)


def _place_names() -> set[str]:
    found: set[str] = set()
    for entry in (*pycountry.countries, *pycountry.subdivisions):
        for attr in ("name", "common_name", "official_name"):
            text = getattr(entry, attr, None)
            if text:
                found.add(_key(text))
                found.add(_key(text.split(",")[0]))
    return {p for p in found if p and "\n" not in p}


def build_index(path: Path | None = None) -> Path:
    """Derive the names index and write it to ``path`` (default ``index_path()``) atomically."""
    path = path or index_path()
    text = derive_index()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_index(path: Path | None = None) -> NameIndex:
    """The names index from its cache file, building the file first when it is missing."""
    path = path or index_path()
    try:
        return name_index.parse(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):  # missing, unreadable or of another format
        pass
    try:
        return name_index.parse(build_index(path).read_text(encoding="utf-8"))
    except OSError:  # a cache that cannot be written: keep the index in memory only
        return name_index.parse(derive_index())


def names() -> NameIndex:
    """The names index, loaded once per process (built on first need)."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = load_index()
    return _loaded


# --- values -------------------------------------------------------------------------------------

# Words of programs, queues and sites: a value holding one is a label, not a person.
LABEL_WORDS = frozenset(
    """
    support care billing bill sales service services customer customers client clients tech
    technical help helpdesk desk retention collections collection general inquiries enquiries
    queue tier vip premium priority inbound outbound chat voice email mail phone social messaging
    sms back office center centre city town hub site campus building floor tower park plaza
    district region province north south east west central upper lower greater metro
    international national domestic overflow escalations escalation complaints orders order
    returns payments payment claims accounts account onboarding activation cancellations upgrades
    loyalty fraud disputes spanish english french german italian polish portuguese tagalog arabic
    hindi mandarin language program programme project campaign line lob business residential
    consumer enterprise smb corporate retail mobile broadband internet tv wireless prepaid postpaid
    insurance banking cards card credit loans mortgage healthcare health pharmacy travel booking
    reservations hotel airline shipping delivery logistics ecommerce gold silver platinum bronze
    island beach bay valley hills heights road street avenue home remote hybrid night day
    morning evening weekend shift total unassigned other others none unknown
    """.split()
)
# Words that open a place's name ("San Jose", "Santa Cruz", "Cape Town", "Port Louis").
PLACE_OPENERS = frozenset(
    """
    san santa santo sao saint st ste porto puerto port fort cape mount mt new las los rio ciudad
    villa lake el la le les al
    """.split()
)
# Words that join a surname to its first part ("Maria dela Cruz", "Ana de la Torre").
SURNAME_PARTICLES = frozenset(
    "de del dela la las los da das do dos di du van von der den ter le al el bin binti ibn abu bint y e".split()
)
# A team named after a person ("Team Diane", "Equipo de Maria", "Diane's team").
TEAM_WORDS = frozenset("team equipo equipe equipa squad pod grupo gruppe tl sup coach".split())

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_DIGIT_CODE = re.compile(r"\d{3,7}")
_LETTER_CODE = re.compile(r"[a-z]{1,3}[-_]?\d{3,7}")
_LOGIN = re.compile(r"([a-z]+(?:[._-][a-z]+)?)[._-]?(\d{0,4})")
_INITIALS = re.compile(r"(?:[a-z]\. ?){2,3}")
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*(?:-[a-z]+)*\.?")


@dataclass(frozen=True)
class Shape:
    """What one value looks like: its kind (email, login, name, team, first, initials, code) and
    how much it weighs towards "this column holds people" (1 a clear person, 0.6 a weak hint)."""

    kind: str
    weight: float


STRONG = 1.0
WEAK = 0.6
MAX_VALUE = 200  # characters: a longer value is no person's name


def value_shape(value: str, index: NameIndex | None = None) -> Shape | None:
    """The shape of a value that may identify a person, or None for a plain label."""
    if len(value) > MAX_VALUE:
        return None  # a document, not a name (and longer than any label that is stored)
    text = " ".join(fold_text(value).split()).casefold()
    if not text:
        return None
    if "@" in text:
        return Shape("email", STRONG) if _EMAIL.fullmatch(text) else None
    if _DIGIT_CODE.fullmatch(text) or _LETTER_CODE.fullmatch(text):
        return Shape("code", 0.0)
    idx = index or names()
    if idx.is_place(text):
        return None
    if "," in text:
        return _surname_first(text, idx)
    if " " not in text:
        return _one_word(text, idx)
    if _INITIALS.fullmatch(text):
        return Shape("initials", WEAK)
    return _several_words(text, idx)


def _words(text: str) -> list[str] | None:
    words = text.split()
    if not all(_WORD.fullmatch(w) for w in words):
        return None  # digits or symbols: a label ("Tier 2", "Sales & retention")
    return [w.rstrip(".") for w in words]


def _labelish(words: list[str]) -> bool:
    return any(w in LABEL_WORDS for w in words) or words[0] in PLACE_OPENERS


def _given(word: str, idx: NameIndex, rank: int = 2000) -> bool:
    return all(idx.is_first(part, rank) for part in word.split("-"))


def _family(word: str, idx: NameIndex, rank: int = 3000) -> bool:
    parts = word.replace("'", "").split("-")
    return all(idx.is_last(p, rank) or idx.is_first(p, 1000) for p in parts)


def _surname_first(text: str, idx: NameIndex) -> Shape | None:
    """ "SMITH, DIANE", "Dela Cruz, Maria", "Smith, D." """
    left, right = (part.strip() for part in text.split(",", 1))
    lw, rw = _words(left), _words(right)
    if not lw or not rw or len(lw) > 4 or len(rw) > 3:
        return None
    if _labelish(lw) or any(w in LABEL_WORDS for w in rw):
        return None
    family = [w for w in lw if w not in SURNAME_PARTICLES]
    if not family or not all(_family(w, idx) for w in family):
        return None
    if len(rw[0]) == 1 or _given(rw[0], idx):
        return Shape("name", STRONG)
    return None


def _several_words(text: str, idx: NameIndex) -> Shape | None:
    """ "Diane Smith", "Diane S.", "D. Smith", "Maria Cristina Dela Cruz", "Team Diane"."""
    words = _words(text)
    if not words or len(words) > 5:
        return None
    if words[0] in TEAM_WORDS or (len(words) >= 2 and words[-1] in ("team", "s team")):
        rest = [w.removesuffix("'s") for w in words if w not in TEAM_WORDS | FUNCTION_WORDS]
        if rest and (_name_words(rest, idx) or (len(rest) == 1 and _given(rest[0], idx, 700))):
            return Shape("team", STRONG)
        return None
    if _labelish(words):
        return None
    return Shape("name", STRONG) if _name_words(words, idx) else None


def _name_words(words: list[str], idx: NameIndex) -> bool:
    words = [w for w in words if w not in SURNAME_PARTICLES] or words
    if not 2 <= len(words) <= 4 or _labelish(words):
        return False
    head, tail = words[0], words[-1]
    if len(tail) == 1:
        return _given(head, idx)  # Diane S.
    if len(head) == 1:
        return _family(tail, idx, 2000)  # D. Smith
    if _given(head, idx, 1000) and _family(tail, idx):
        return True  # Diane Smith, Maria Cristina Dela Cruz
    return idx.is_last(head, 2000) and _given(tail, idx, 1000)  # SMITH DIANE


def _one_word(text: str, idx: NameIndex) -> Shape | None:
    """A single word: a login (jdoe01, d.smith, dsmith2, diane_s) or a first name alone."""
    m = _LOGIN.fullmatch(text)
    if not m:
        return None
    core, digits = m.group(1), m.group(2)
    parts = re.split(r"[._-]", core)
    if any(p in LABEL_WORDS for p in parts):
        return None
    if len(parts) == 2:
        a, b = parts
        first_a = len(a) == 1 or idx.is_first(a, 1000) or idx.is_last(a, 1000)
        first_b = len(b) == 1 or idx.is_last(b, 2000) or idx.is_first(b, 1000)
        if first_a and first_b and max(len(a), len(b)) >= 3:
            return Shape("login", STRONG)
        return None
    word = core
    if len(word) < 3:
        return None
    if not digits:
        if idx.is_first(word, 1000):
            return Shape("first", WEAK)  # Diane, diane: weak alone (a site may be "Florence")
        if len(word) >= 5 and idx.is_last(word[1:], 300):
            return Shape("login", WEAK)  # dsmith
        if _run_together(word, idx):
            return Shape("login", WEAK)  # dianesmith
        return None
    if idx.is_first(word, 1000) or (len(word) >= 4 and idx.is_first(word[:-1], 1000)):
        return Shape("login", STRONG)  # diane01, dianes2
    if len(word) >= 4 and len(word) - 1 >= 3 and idx.is_last(word[1:], 1000):
        return Shape("login", STRONG)  # jdoe01
    if len(word) >= 5 and idx.is_last(word[2:], 1000):
        return Shape("login", STRONG)  # jmdoe7
    return Shape("login", STRONG) if _run_together(word, idx) else None


def _run_together(word: str, idx: NameIndex) -> bool:
    return len(word) >= 7 and any(
        idx.is_first(word[:i], 500) and idx.is_last(word[i:], 1000) for i in range(3, len(word) - 2)
    )


# --- one value: a label, a header -----------------------------------------------------------------

_KINDS = {
    "email": "an e-mail address",
    "name": "a person's name",
    "team": "a team named after a person",
    "login": "a login",
    "initials": "a person's initials",
}
STAFF_NUMBER = "an extension or employee number"
# A word that, followed by a number, identifies one person: "Ext 4471", "Emp# 10234", "Agent 12".
_ID_WORDS = STANDALONE_IDS | frozenset(
    """
    agent agente agt emp employee empleado empleada funcionario funcionaria mitarbeiter rep csr
    operator operador operadora user usuario associate advisor adviser asesor asesora conseiller
    staff
    """.split()
)
_NUMBER_WORDS = frozenset({"#", "no", "nr", "num", "number", "numero", "id"})
# Run together: "x4471", "ext4471", "E12345", "emp10234", "agent12".
_RUN_TOGETHER_ID = re.compile(r"(x|ext|extn|e|ee|emp|empid|eid|agt|agent|badge|id)[-_#.:]?\d{2,7}")
_DOTTED_INITIALS = re.compile(r"(?:[a-z]\.){2,3}")


def person_kind(text: str) -> str | None:
    """What one text (a label, a header) looks like when it may identify a person ("a person's
    name", "a login", "an e-mail address", "an extension or employee number", "a person's
    initials", "a team named after a person"), or None.

    Only clear shapes count: a first name alone ("Florence", "Austin") or a bare number ("4471",
    "Q101") is not one, since sites are named after towns and queues are numbered; the agent
    guard judges such columns by their grain."""
    folded = " ".join(fold_text(str(text)).split()).casefold()
    if not folded:
        return None
    if _RUN_TOGETHER_ID.fullmatch(folded) or _DOTTED_INITIALS.fullmatch(folded):
        return STAFF_NUMBER if any(c.isdigit() for c in folded) else _KINDS["initials"]
    words = re.findall(r"#|[a-z]+|\d+", folded)
    if any(w in _ID_WORDS for w in words) and any(w.isdigit() for w in words):
        rest = [w for w in words if w not in _ID_WORDS | _NUMBER_WORDS and not w.isdigit()]
        named = bool(rest) and value_shape(" ".join(rest)) is not None
        if not rest or named:
            return STAFF_NUMBER
    shape = value_shape(str(text))
    if shape is None or shape.kind not in _KINDS:
        return None
    if shape.kind == "login" and shape.weight < STRONG:
        return None  # "Nairobi", "Chennai": towns whose tail reads like a surname
    return _KINDS[shape.kind]


# Words of headers that the names index also holds ("Answer", "Fin", "Segundo", "Top", "Up"): the
# header vocabulary of ``governance.ingest.suggest`` read in English, Spanish, Portuguese, French,
# German and Italian, where its words are names too. A header holding one is a measure's, a time's
# or a label's ("Answer Max", "Mark Up"), not a person's.
HEADER_TERMS = frozenset(
    """
    aban abn ans answer appel atendido baja begin box call campana canal canale case caso centro
    channel cidade ciudad cola company court courte daily data dia dmt dt early empresa espera fila
    fin firma gos handle highest hunt kurz kw label land lang level mes ora pais perdu point
    possible premier presentado primera punto ring segundo sek short sla speed tema tipo tma top
    topic ville wk yr up down in out on off wait hold talk wrap max min partner provider vendor
    supplier contractor agency
    """.split()
)
_HEADER_VOCABULARY = (
    MEASURE_WORDS | COUNT_OPENERS | GROUP_WORDS | ID_WORDS | NAME_WORDS | HEADER_TERMS | LABEL_WORDS
)


def header_person(header: str) -> str | None:
    """What a header reads like when it is itself one person, as in a file with one column per
    agent ("Diane Smith", "SMITH, DIANE", "jdoe01", "d.smith@vendor.com", "Agent 4471", "Ext
    4471"): the kind, as ``person_kind`` says it; or None. A header holding a word of the
    headers' vocabulary (a measure, a count, a grouping, a label, ``HEADER_TERMS``) is not one,
    whatever its other word: "Answer Max" and "Mark Up" are measures."""
    kind = person_kind(header)
    if kind in (None, STAFF_NUMBER, _KINDS["email"]):
        return kind  # an address is one, whoever's
    words = set(header_words(header))
    if kind == _KINDS["team"]:
        words -= TEAM_WORDS | GROUP_WORDS | FUNCTION_WORDS  # "Team Diane": the name after it
    return None if words & _HEADER_VOCABULARY else kind


def header_has_term(header: str) -> bool:
    """Whether a header holds a word of the headers' vocabulary: a measure, a count, a grouping,
    a label, an identifier word or one of ``HEADER_TERMS`` ("Answer Max", "Mark Up")."""
    return bool(set(header_words(header)) & _HEADER_VOCABULARY)


_FORM_COMMA = re.compile(r"[a-z][a-z'.\- ]*, ?[a-z][a-z'.\- ]*", re.IGNORECASE)
_FORM_NUMBERED = re.compile(r"[a-z#]+[ _#.:-]*\d{2,7}", re.IGNORECASE)
_FORM_LOGIN = re.compile(r"[a-z]+(?:[._][a-z]+)?\d*")
_FORM_WORD = re.compile(r"[a-z][a-z'.\-]*", re.IGNORECASE)


def header_form(header: str) -> str | None:
    """How a header is written, coarsely, for comparing it with the file's other headers: "email",
    "comma" ("SMITH, Diane"), "numbered" ("Agent 4471", "Emp# 10234"), "login" (lower case and
    a digit, dot or underscore: "msantos01", "g.russo"), "words" (two to five words of letters:
    "Jhunrey Bautista"), "word" (one: "Paul"); None for anything else ("Tier 2", "SL %")."""
    text = " ".join(fold_text(str(header)).split())
    if "@" in text:
        return "email" if _EMAIL.fullmatch(text.casefold()) else None
    if _FORM_COMMA.fullmatch(text):
        return "comma"
    if _FORM_LOGIN.fullmatch(text) and any(c.isdigit() or c in "._" for c in text):
        return "login"
    if _FORM_NUMBERED.fullmatch(text):
        return "numbered"
    words = text.split()
    if all(_FORM_WORD.fullmatch(w) for w in words):
        return "word" if len(words) == 1 else "words" if len(words) <= 5 else None
    return None


def header_maybe_person(header: str) -> bool:
    """Whether a header might be one person without clearly being one: a given name alone
    ("Diane", "Maricel") or a login without digits ("dsmith"). Sites are named after towns and
    people alike, so the guard counts such headers: many in one file are one column per agent."""
    if header_person(header) is not None:
        return False
    shape = value_shape(str(header))
    if shape is None or shape.kind not in ("first", "login"):
        return False
    return not header_has_term(header)


# --- columns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnVerdict:
    """What a column's distinct values say: ``kind`` (emails, names, logins, codes) and ``detail``
    when they look like people. ``suspect`` when they only might (first names alone, staff codes):
    then the column's grain decides (``agent_guard``). ``hits`` are the positions of the values
    that counted (to point at a row, never shown)."""

    kind: str | None
    detail: str
    suspect: bool = False
    hits: tuple[int, ...] = ()


MIN_STRONG = 2  # clear people (full names, logins, e-mail, teams named after someone) …
MIN_SHARE = 0.5  # … that are at least half of the distinct values make a column of people
SUSPECT_SHARE = 0.3  # first names alone, this share of the values or more: a suspect column
SUSPECT_CODES = 3  # staff codes (3–7 digits, E12345), at least this many and half the values


def judge_values(values: list[str], *, distinct: int | None = None) -> ColumnVerdict:
    """Judge a column by its distinct values (or a sample of them; ``distinct`` is how many the
    column has). People: an e-mail address; or clear person values (names in any of the usual
    formats, logins, teams named after someone), at least two and half of the values, so that a
    few labels which happen to be names (a "Victoria" site) do not decide. Values that only might
    be people, first names alone ("Florence", "Austin" are sites too) or staff codes ("Q101" may be
    a queue), make a *suspect*: its grain decides."""
    idx = names()
    shapes = [value_shape(v, idx) for v in values]
    n = len(values)
    total = max(distinct or n, n)
    if not n:
        return ColumnVerdict(None, "")
    emails = tuple(i for i, s in enumerate(shapes) if s and s.kind == "email")
    if emails:
        detail = f"holds e-mail addresses ({_share(len(emails), n, total)})"
        return ColumnVerdict("emails", detail, hits=emails)
    people = tuple(i for i, s in enumerate(shapes) if s and s.weight)
    strong = sum(1 for i in people if shapes[i].weight >= STRONG)
    logins = sum(1 for i in people if shapes[i].kind == "login")
    kind = "logins" if logins > len(people) / 2 else "names"
    what = "logins of individual staff" if kind == "logins" else "person names"
    detail = f"holds {what} ({_share(len(people), n, total)})"
    if len(people) >= MIN_SHARE * n and (strong >= MIN_STRONG or (n == 1 and strong)):
        return ColumnVerdict(kind, detail, hits=people)
    if people and sum(shapes[i].weight for i in people) >= 1.2 and len(people) >= SUSPECT_SHARE * n:
        return ColumnVerdict(kind, detail, suspect=True, hits=people)
    codes = tuple(i for i, s in enumerate(shapes) if s and s.kind == "code")
    if len(codes) >= SUSPECT_CODES and len(codes) >= 0.5 * n:
        detail = f"holds codes like employee numbers or extensions ({_share(len(codes), n, total)})"
        return ColumnVerdict("codes", detail, suspect=True, hits=codes)
    return ColumnVerdict(None, "")


def _share(k: int, n: int, total: int) -> str:
    if total > n:
        return f"{k} of {n} distinct values looked at, of {total:,}"
    return f"{k} of {n} distinct values"


def _count(index: NameIndex, spans: dict[str, list[int]]) -> int:
    return sum(index.body.count("\t", a, b) for a, b in spans.values())


def main(argv: list[str] | None = None) -> int:
    """``python -m governance.ingest.people``: build the names index (if missing) and say where."""
    parser = argparse.ArgumentParser(
        prog="python -m governance.ingest.people", description=main.__doc__
    )
    parser.add_argument("--rebuild", action="store_true", help="build it again even if present")
    args = parser.parse_args(argv)
    path = index_path()
    started = time.perf_counter()
    if args.rebuild or not path.is_file():
        build_index(path)
        print(f"built {path} in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    index = load_index(path)
    took = time.perf_counter() - started
    print(
        f"{path}: {path.stat().st_size / 1e6:.1f} MB, {_count(index, index.first):,} first and "
        f"{_count(index, index.last):,} last names, loaded in {took:.3f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
