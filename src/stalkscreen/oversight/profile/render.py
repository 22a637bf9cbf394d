"""Writing a profile: HTML with the charts inline, PDF drawn from that HTML by WeasyPrint, and each
chart's data as CSV beside the report. Nothing is fetched: no fonts, scripts or styles from a CDN."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.profile import charts
from stalkscreen.oversight.profile.model import Profile, Table

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
RESTRICTED = "OFFICIAL-SENSITIVE: contains personal data; for the force's own use"
PUBLISHED = "OFFICIAL: prepared for publication (small counts suppressed, no personal data)"


@dataclass
class Cell:
    text: str
    numeric: bool


def cell(table: Table, column: str, value: Any) -> Cell:
    """How a value prints: counts with thousands separators, shares as per cent, rates to 2 places."""
    if value is None:
        return Cell("", False)
    if isinstance(value, bool) or isinstance(value, str):
        return Cell(str(value), False)
    if isinstance(value, (dt.date, dt.datetime)):
        return Cell(value.isoformat(), False)
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if column in table.rates:
        return Cell(f"{value:.1f}%", True)
    if isinstance(value, int):
        return Cell(f"{value:,}", True)
    return Cell(f"{value:,.2f}" if column.endswith("per_1000") else f"{value:,.1f}", True)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("stalkscreen.oversight.profile", "templates"),
                              autoescape=True, trim_blocks=False)


def html(profile: Profile, csv_names: dict[str, str] | None = None) -> str:
    drawn = {t.name: [charts.svg(t, c) for c in t.charts] for s in profile.sections for t in s.tables}
    return _environment().get_template("profile.html").render(
        profile=profile, charts=drawn, cell=cell, csv_names=csv_names or {},
        marking=PUBLISHED if profile.options.publish else RESTRICTED)


def csv_files(profile: Profile, out: Path) -> dict[str, Path]:
    """One CSV per charted (or unprinted) table, named after the report: report-districts.csv."""
    written = {}
    for section in profile.sections:
        for table in section.tables:
            if not (table.charts or not table.printed):
                continue
            path = out.with_name(f"{out.stem}-{table.name}.csv")
            with open(path, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(table.columns)
                writer.writerows([_csv_value(row.get(c)) for c in table.columns] for row in table.rows)
            written[table.name] = path
    return written


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return float(value) if isinstance(value, decimal.Decimal) else value


def output_kind(out: Path) -> str:
    """html or pdf, from the file name the user gave."""
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise StalkscreenError(f"--out {out}: a profile is written as .html or .pdf",
                               hint="for example --out profile.html or --out profile.pdf")
    return kind


def _no_fetch(url: str, *args, **kwargs):
    """Everything a profile shows is inside its HTML; a reference to anything else is a bug, not a download."""
    raise ValueError(f"profile PDF refers to {url}; nothing is fetched")


def write(profile: Profile, out: Path) -> list[Path]:
    """The report at `out` (.html or .pdf) and its CSV files; returns every path written."""
    kind = output_kind(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    written = csv_files(profile, out)
    page = html(profile, {name: path.name for name, path in written.items()})
    if kind == "pdf":
        import weasyprint  # loaded only for PDF: it takes a moment to start

        weasyprint.HTML(string=page, url_fetcher=_no_fetch).write_pdf(out)
    else:
        out.write_text(page, encoding="utf-8")
    return [out, *written.values()]
