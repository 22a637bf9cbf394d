"""The progress update: the plan's own structure (its headings, its recommendations in order)
with each recommendation's status, deadline and the live figure that evidences it, written as
Markdown, HTML or PDF (HTML rendered by WeasyPrint, offline)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.plans import storage
from stalkscreen.oversight.plans.evidence import contradiction, figure_text, figures
from stalkscreen.oversight.plans.status import overdue, progress

FORMATS = {".md": "update.md", ".html": "update.html", ".htm": "update.html", ".pdf": "update.html"}


def _environment(html: bool) -> Environment:
    env = Environment(loader=PackageLoader("stalkscreen.oversight.plans", "templates"),
                      autoescape=select_autoescape(["html"]) if html else False,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["paragraphs"] = lambda text: [p for p in (text or "").split("\n") if p.strip()]
    return env


def content(con: duckdb.DuckDBPyConnection, force: str, today: dt.date, date_from: dt.date | None = None,
            date_to: dt.date | None = None, catalogue=None) -> dict:
    """Everything the update shows, grouped under the plan's headings in the plan's order."""
    plan = storage.latest(con, force)[0]
    recs = storage.recommendations(con, plan["plan_id"])
    found = figures(con, [r["recommendation"] for r in recs], date_from, date_to, catalogue)
    groups: list[dict] = []
    for r in recs:
        if not groups or groups[-1]["position"] != r["heading_position"]:
            groups.append({"position": r["heading_position"], "heading": r["heading"], "deadline": r["deadline"],
                           "deadline_text": r["deadline_text"], "recommendations": []})
        groups[-1]["recommendations"].append(_entry(r, found[r["recommendation"]], today))
    counts = {s: sum(1 for r in recs if r["status"] == s) for s in ("complete", "in_progress", "not_started", "unknown")}
    return {"plan": plan, "metadata": json.loads(plan["metadata"] or "{}"), "groups": groups, "counts": counts,
            "overdue": sum(1 for g in groups for r in g["recommendations"] if r["overdue"]),
            "notes": storage.notes(con, plan["plan_id"]), "today": today,
            "period": _period(date_from, date_to), "total": len(recs)}


def _entry(rec: dict, figure: dict | None, today: dt.date) -> dict:
    return {**rec, "progress": progress(rec["status"], rec["progress_percent"]),
            "status_label": "not given in the plan" if rec["status"] == "unknown" and not rec["status_text"]
            else rec["status"].replace("_", " "),
            "overdue": overdue(rec["deadline"], rec["status"], today),
            "figure": figure_text(figure) if figure else None,
            "definition": figure["definition"] if figure else None,
            "contradiction": contradiction(rec["status"], figure) if figure else None}


def _period(date_from: dt.date | None, date_to: dt.date | None) -> str:
    if not date_from and not date_to:
        return "all crimes in the store"
    bounds = [f"from {date_from}" if date_from else "", f"to {date_to}" if date_to else ""]
    return "crimes recorded " + " ".join(b for b in bounds if b)


def render(data: dict, fmt: str) -> str:
    """The update as Markdown ('.md') or HTML ('.html', also the source of the PDF)."""
    template = FORMATS[fmt]
    return _environment(template.endswith(".html")).get_template(template).render(**data)


def write(con: duckdb.DuckDBPyConnection, force: str, out: Path, today: dt.date,
          date_from: dt.date | None = None, date_to: dt.date | None = None, catalogue=None) -> Path:
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise StalkscreenError(f"--out {out}: cannot tell the format from '{suffix or 'no extension'}'",
                               hint="end the file name with .md, .html or .pdf")
    text = render(content(con, force, today, date_from, date_to, catalogue), suffix)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        from weasyprint import HTML  # imported here: loading it takes a second the other formats need not pay

        HTML(string=text).write_pdf(out)
    else:
        out.write_text(text, encoding="utf-8")
    return out
