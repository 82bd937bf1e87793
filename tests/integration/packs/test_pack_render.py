"""The demo's MBR, QBR and portfolio packs printed by LibreOffice to PDF and read back, page by
page, as a reader would see them: each sheet on exactly one page of its own, no text smaller
than 10 pt, every text cell of the workbook whole in the page's text (nothing cut off at a
column edge), and no two words printed over each other (wrapped text that ran out of its row
would overlap the row below).

Needs LibreOffice (``soffice``) and poppler's ``pdftotext``; CI installs both (``.ci/run``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from datetime import date, datetime

import openpyxl
import pdfplumber
import pytest

from governance import demo, packs
from governance.access.actors import Actor
from governance.packs import workbook
from governance.store import db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    not SOFFICE or not PDFTOTEXT,
    reason="needs LibreOffice (soffice) and poppler-utils (pdftotext): apt-get install "
    "libreoffice-calc poppler-utils, as .ci/run does",
)
NOW = datetime(2026, 10, 20, 9, 0)
VENDOR = "Bluebird BPO"
PACKS = (("mbr", "2026-09", VENDOR), ("qbr", "2026Q3", VENDOR), ("portfolio", "2026Q3", None))
SMALLEST = 10.0


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """{name: (workbook, pdf path)} for the three packs, printed in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("render")
    path = folder / "governance.duckdb"
    with db.connect(path) as con:
        demo.load_demo(
            con, Actor("demo", "admin"), end_month=date(2026, 10, 1), exports_dir=folder / "x"
        )
        files = {}
        for name, period, vendor in PACKS:
            data = packs.gather(con, period, vendor, now=NOW)
            files[name] = workbook.save(data, folder / f"{name}.xlsx")
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            "--norestore",
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *map(str, files.values()),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return {
        name: (openpyxl.load_workbook(xlsx), folder / f"{name}.pdf") for name, xlsx in files.items()
    }


def _flat(text: str) -> str:
    """Text compared as words: symbols (✔ ▼ ✖, printed from a fallback font and so drawn
    apart from their words) left out, runs of white space as one space, and a line broken
    after a hyphen ("data-" / "handling") joined again."""
    text = "".join(" " if unicodedata.category(ch) == "So" else ch for ch in text)
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


def page_texts(pdf) -> list[str]:
    """Each page's text in the order it was drawn (a wrapped cell's lines stay together)."""
    with pdfplumber.open(pdf) as doc:
        n = len(doc.pages)
    out = []
    for page in range(1, n + 1):
        text = subprocess.run(
            [PDFTOTEXT, "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        out.append(_flat(text))
    return out


def text_cells(ws) -> list[str]:
    """The sheet's text cells, as they print (the top-left cell of a merged range)."""
    return [
        _flat(c.value)
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.strip()
    ]


@pytest.mark.parametrize("name", [p[0] for p in PACKS])
def test_each_sheet_prints_on_one_page_of_its_own(printed, name):
    wb, pdf = printed[name]
    texts = page_texts(pdf)
    assert len(texts) == len(wb.sheetnames), (len(texts), wb.sheetnames)
    for ws, text in zip(wb, texts, strict=True):
        # the page shows its own sheet: the subtitle that names it (and only it)
        assert _flat(ws["A2"].value) in text, ws.title
        others = [o for o in wb if o is not ws and _flat(o["A2"].value) in text]
        assert not others, (ws.title, [o.title for o in others])


@pytest.mark.parametrize("name", [p[0] for p in PACKS])
def test_no_text_is_printed_smaller_than_10_pt(printed, name):
    _, pdf = printed[name]
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            sizes = [round(ch["size"], 2) for ch in page.chars if ch["text"].strip()]
            assert sizes, f"page {number} printed no text"
            small = sorted({s for s in sizes if s < SMALLEST - 0.05})
            assert not small, f"page {number}: text at {small} pt"


@pytest.mark.parametrize("name", [p[0] for p in PACKS])
def test_every_text_cell_prints_whole_and_no_number_overflows(printed, name):
    wb, pdf = printed[name]
    texts = page_texts(pdf)
    missing = []
    for ws, text in zip(wb, texts, strict=True):
        cells = Counter(text_cells(ws))
        # as often as the sheet holds it: a text cut short in one cell is not made up for by
        # the same text whole in another
        missing += [(ws.title, cell) for cell, n in cells.items() if text.count(cell) < n]
        # a number too wide for its cell prints as ###
        assert "###" not in text, (ws.title, text[text.index("###") - 80 :][:160])
    assert not missing, missing[:10]


def _overlap(a: dict, b: dict) -> float:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(width, 0) * max(height, 0)


@pytest.mark.parametrize("name", [p[0] for p in PACKS])
def test_no_words_print_over_each_other(printed, name):
    _, pdf = printed[name]
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages, start=1):
            # upright words only: crowded axis labels print turned, letter by letter
            words = [w for w in page.extract_words() if w["upright"]]
            words.sort(key=lambda w: w["top"])
            clashes = []
            for i, a in enumerate(words):
                for b in words[i + 1 :]:
                    if b["top"] >= a["bottom"]:
                        break
                    area = _overlap(a, b)
                    if area > 0.15 * min(
                        (a["x1"] - a["x0"]) * (a["bottom"] - a["top"]),
                        (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]),
                    ):
                        clashes.append((a["text"], b["text"]))
            assert not clashes, f"page {number}: {clashes[:5]}"
