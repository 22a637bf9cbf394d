"""The evidence pack for a case file: one HTML page and the same page as PDF (WeasyPrint), with the
summary figures, the charts, the method and its parameters, and the source files with their
hashes; every table behind it as CSV; and a manifest of what was written with each file's sha256."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import jinja2

from stalkscreen.evidence import charts
from stalkscreen.evidence.findings import Findings

MARKING = "OFFICIAL-SENSITIVE: contains personal data; for the investigation and the case file"
# A pair's figures, printed down the page under its heading: (key in Findings.pairs, label).
FIGURES = [("suspect_name", "suspect"), ("victim_name", "victim"), ("contacts", "contacts"),
           ("first_contact", "first contact (UTC)"), ("last_contact", "last contact (UTC)"),
           ("days_with_contact", "days with contact"), ("longest_run_days", "longest run of consecutive days"),
           ("longest_run_from", "longest run from"), ("longest_run_to", "longest run to"),
           ("channels", "contacts by channel"), ("no_contact_requested_on", "victim asked for no contact on"),
           ("after_no_contact_request", "contacts after that request"), ("order_ids", "orders protecting the victim"),
           ("order_made_on", "order made on"), ("after_order", "contacts while an order was in force")]


def _when(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return "" if value is None else str(value)


def drawn(findings: Findings) -> dict[str, dict[str, str]]:
    """Each pair's charts as inline SVG: {pair: {"daily": svg, "core_times": svg}}."""
    return {p["pair"]: {"daily": charts.daily(p["pair"], findings.daily, findings.escalations),
                        "core_times": charts.core_times(p["pair"], findings.core_times)}
            for p in findings.pairs}


def html(findings: Findings, csv_names: dict[str, str] | None = None) -> str:
    env = jinja2.Environment(loader=jinja2.PackageLoader("stalkscreen.evidence", "templates"), autoescape=True)
    env.filters["when"] = _when
    return env.get_template("pack.html").render(
        f=findings, charts=drawn(findings), csv_names=csv_names or {}, marking=MARKING, figures=FIGURES,
        parameters=findings.parameters.as_dict())


def stem(crime_id: str) -> str:
    """A file-name-safe stem for the crime: evidence-CR-2024-0001."""
    return "evidence-" + re.sub(r"[^A-Za-z0-9._-]+", "_", crime_id)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def _write_csv(path: Path, rows: list[dict]) -> None:
    columns = list(rows[0].keys()) if rows else []
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_value(r.get(c)) for c in columns] for r in rows)


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the evidence pack refers to {url}; nothing is fetched")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pdf(page: str) -> bytes:
    import weasyprint  # loaded only for PDF: it takes a moment to start

    return weasyprint.HTML(string=page, url_fetcher=_no_fetch).write_pdf()


def pdf_bytes(findings: Findings) -> bytes:
    return _pdf(html(findings))


def write(findings: Findings, out: Path, pdf: bool = True) -> list[Path]:
    """The pack in folder `out`; returns every path written, the manifest last."""
    out.mkdir(parents=True, exist_ok=True)
    base = stem(findings.crime_id)
    csvs = {}
    for name, rows in findings.tables().items():
        csvs[name] = out / f"{base}-{name}.csv"
        _write_csv(csvs[name], rows)
    page = html(findings, {name: path.name for name, path in csvs.items()})
    written = [out / f"{base}.html", *csvs.values()]
    written[0].write_text(page, encoding="utf-8")
    if pdf:
        written.insert(1, out / f"{base}.pdf")
        written[1].write_bytes(_pdf(page))
    manifest = out / f"{base}-manifest.csv"
    _write_csv(manifest, [{"file": p.name, "sha256": _sha256(p), "bytes": p.stat().st_size} for p in written])
    return [*written, manifest]
