"""Sample vendor exports written by the demo, in four shapes the import must cope with.

Each file restates, in a vendor's own layout, figures the demo loaded for the last month, so
importing one later restates that slice with the same numbers. No file identifies a person.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from governance.demo.plans import CLIENT, SL_THRESHOLD, DemoData
from governance.kpis import periods


def _last_month(frame: pd.DataFrame, month: periods.Period) -> pd.DataFrame:
    f = frame[(frame["date"] >= month.start) & (frame["date"] <= month.end)]
    return f.sort_values(["date", "program", "site", "channel"]).reset_index(drop=True)


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def write_exports(out_dir: Path, data: DemoData) -> list[Path]:
    """Write the four sample vendor exports for the last month and a README; returns the files.

    (a) Northwind Contact: plain daily CSV with the vendor's own headers, AHT as average seconds.
    (b) Crestline Services: semicolons, decimal commas, dd/mm/yyyy dates, "95,3 %" percentages.
    (c) Bluebird BPO: an .xlsx with a title block, "H:MM:SS" durations and a totals row.
    (d) Dunmore Digital: one row per voice contact of one program and site, no person column.
    """
    frames, contacts, month = data.facts, data.contacts, data.window[-1]
    out_dir.mkdir(parents=True, exist_ok=True)
    tag = f"{month.start:%Y-%m}"
    written = []

    # (a) Northwind: a plain daily CSV with the vendor's own headers, AHT as average seconds.
    f = _last_month(frames["Northwind Contact"], month)
    a = pd.DataFrame(
        {
            "Report Date": [d.isoformat() for d in f["date"]],
            "LOB": f["program"],
            "Location": f["site"],
            "Channel": f["channel"].str.title(),
            "Calls Offered": f["offered"].astype(int),
            "Calls Handled": f["answered"].astype(int),
            "Abandons": f["abandoned"].astype(int),
            "Ans < 20s": f["answered_within_sl"].astype(int),
            "AHT": (f["handle_time_sec"] / f["answered"]).round(1),
        }
    )
    path = out_dir / f"northwind_daily_{tag}.csv"
    a.to_csv(path, index=False, lineterminator="\n")
    written.append(path)

    # (b) Crestline: semicolons, decimal commas, dd/mm/yyyy dates, "95,3 %" service level.
    f = _last_month(frames["Crestline Services"], month)

    def comma(x: float, places: int = 1) -> str:
        return "" if pd.isna(x) else f"{x:.{places}f}".replace(".", ",")

    b = pd.DataFrame(
        {
            "Date": [d.strftime("%d/%m/%Y") for d in f["date"]],
            "Program": f["program"],
            "Site": f["site"],
            "Channel": f["channel"].str.title(),
            "Offered": f["offered"].astype(int),
            "Answered": f["answered"].astype(int),
            "Abandoned": f["abandoned"].astype(int),
            "Short Abandons": f["short_abandoned"].astype(int),
            "Answered in SL": f["answered_within_sl"].astype(int),
            "Service Level %": [
                comma(100 * w / o) + " %" if o else ""
                for w, o in zip(f["answered_within_sl"], f["offered"], strict=True)
            ],
            "AHT (s)": [
                comma(h / n) if n else ""
                for h, n in zip(f["handle_time_sec"], f["answered"], strict=True)
            ],
            "ASA (s)": [
                comma(w / n) if n else ""
                for w, n in zip(f["wait_time_sec"], f["answered"], strict=True)
            ],
            "CSAT Responses": f["csat_responses"].astype(int),
            "CSAT Satisfied": f["csat_satisfied"].astype(int),
            "Invoiced Amount": [comma(x, 2) for x in f["invoiced_amount"]],
        }
    )
    path = out_dir / f"crestline_daily_{tag}.csv"
    b.to_csv(path, index=False, sep=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    written.append(path)

    # (c) Bluebird: an Excel report with a title block, text durations and a totals row.
    path = out_dir / f"bluebird_daily_{tag}.xlsx"
    _write_bluebird_xlsx(path, _last_month(frames["Bluebird BPO"], month), month)
    written.append(path)

    # (d) Dunmore: one row per voice contact, no identifier of any person.
    c = contacts.sort_values("date", kind="stable")
    d = pd.DataFrame(
        {
            "Contact Date": [x.isoformat() for x in c["date"]],
            "Program": c["program"],
            "Site": c["site"],
            "Channel": "Phone",
            "Answered (Y/N)": np.where(c["answered"], "Y", "N"),
            "Wait Seconds": c["wait"],
            "Talk Seconds": c["talk"],
            "Satisfaction (1-5)": [str(s) if s > 0 else "" for s in c["score"]],
        }
    )
    path = out_dir / f"dunmore_contacts_{tag}.csv"
    d.to_csv(path, index=False, lineterminator="\n")
    written.append(path)

    path = out_dir / "README.txt"
    path.write_text(
        _README.format(
            month=f"{month.start:%B %Y}", tag=tag, client=CLIENT, threshold=SL_THRESHOLD
        ),
        encoding="utf-8",
    )
    written.append(path)
    return written


def _write_bluebird_xlsx(path: Path, f: pd.DataFrame, month: periods.Period) -> None:

    wb = Workbook()
    ws = wb.active
    ws.title = "Daily report"
    ws["A1"] = "Bluebird BPO: daily performance report"
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = f"Client: {CLIENT}. Programs: Billing care, Sales & retention"
    ws["A3"] = f"Period: {month.start:%d/%m/%Y} to {month.end:%d/%m/%Y}"
    header = [
        "Date",
        "Program",
        "Site",
        "Channel",
        "Contacts Offered",
        "Contacts Handled",
        "Abandoned",
        f"Handled within {SL_THRESHOLD}s",
        "Service Level",
        "AHT",
        "ASA",
        "Survey Responses",
        "Top-2-Box Responses",
    ]
    ws.append(header)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for r in f.itertuples(index=False):
        ws.append(
            [
                r.date,
                r.program,
                r.site,
                r.channel.title(),
                int(r.offered),
                int(r.answered),
                int(r.abandoned),
                int(r.answered_within_sl),
                f"{100 * r.answered_within_sl / r.offered:.1f}%" if r.offered else "",
                _hms(r.handle_time_sec / r.answered) if r.answered else "",
                _hms(r.wait_time_sec / r.answered) if r.answered else "",
                int(r.csat_responses),
                int(r.csat_satisfied),
            ]
        )
        ws.cell(row=ws.max_row, column=1).number_format = "dd/mm/yyyy"
    t = f[
        [
            "offered",
            "answered",
            "abandoned",
            "answered_within_sl",
            "handle_time_sec",
            "wait_time_sec",
            "csat_responses",
            "csat_satisfied",
        ]
    ].sum()
    ws.append(
        [
            "Total",
            None,
            None,
            None,
            int(t["offered"]),
            int(t["answered"]),
            int(t["abandoned"]),
            int(t["answered_within_sl"]),
            f"{100 * t['answered_within_sl'] / t['offered']:.1f}%",
            _hms(t["handle_time_sec"] / t["answered"]),
            _hms(t["wait_time_sec"] / t["answered"]),
            int(t["csat_responses"]),
            int(t["csat_satisfied"]),
        ]
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for col, width in zip(
        "ABCDEFGHIJKLM", (12, 20, 10, 9, 16, 16, 11, 20, 13, 9, 9, 16, 19), strict=True
    ):
        ws.column_dimensions[col].width = width
    wb.properties.creator = "Bluebird BPO reporting"
    wb.save(path)


_README = """Sample vendor exports ({month})
=================================

Written by `governance demo`. Each file restates, in a vendor's own layout, figures the demo
loaded into the database for {month}, so importing one restates that slice with the same
numbers (up to the rounding of averages). No file has a column that identifies a person.
Client: {client}.

northwind_daily_{tag}.csv
  Northwind Contact, every program, site and channel, one row per day.
  Comma-separated, UTF-8, ISO dates (YYYY-MM-DD).
  Columns: Report Date, LOB (program), Location (site), Channel (Voice/Chat/Email),
  Calls Offered, Calls Handled (answered), Abandons, Ans < 20s (answered within {threshold} s),
  AHT (average handle time in seconds over handled contacts: total = AHT x Calls Handled).

crestline_daily_{tag}.csv
  Crestline Services, every program, site and channel, one row per day.
  Semicolon-separated, decimal commas, dates as dd/mm/yyyy.
  Columns: Date, Program, Site, Channel, Offered, Answered, Abandoned, Short Abandons
  (abandoned within 5 s), Answered in SL, Service Level % (text such as "95,3 %", answered in SL
  over offered), AHT (s) and ASA (s) (averages over answered), CSAT Responses, CSAT Satisfied
  (top-2-box), Invoiced Amount.

bluebird_daily_{tag}.xlsx
  Bluebird BPO, every program, site and channel, one row per day, sheet "Daily report".
  Rows 1-3 are a title block; the header is row 4; the last row is a "Total" row.
  Columns: Date (Excel dates), Program, Site, Channel, Contacts Offered, Contacts Handled,
  Abandoned, Handled within {threshold}s, Service Level (text such as "86.2%"), AHT and ASA
  (averages as "H:MM:SS" text), Survey Responses, Top-2-Box Responses.

dunmore_contacts_{tag}.csv
  Dunmore Digital, program Collections, site Belfast, voice: one row per contact.
  Comma-separated, UTF-8, ISO dates.
  Columns: Contact Date, Program, Site, Channel (Phone), Answered (Y/N), Wait Seconds (queue
  wait; for an abandoned contact, the wait before abandoning), Talk Seconds (handle time: talk,
  hold and wrap-up; 0 when not answered), Satisfaction (1-5) (blank when not surveyed; 4-5 is
  the top-2-box).
"""
