"""Each recommendation linked to the live figure that shows it working, computed from the store,
and a plain statement where the figure contradicts the status the plan gives."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.oversight import measures
from stalkscreen.oversight.plans import storage
from stalkscreen.oversight.plans.status import progress
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.search.query import Query, search

# Recommendation (exact, or "13." for the whole group) -> the measure that evidences it.
LINKS = {
    "7.1": measures.included_classification, "7.2": measures.included_classification,
    "12.4": measures.dmm_lists, "12.": measures.risk_assessment_completion,
    "13.": measures.spo_consideration,
    "14.1": measures.needs_assessment_rate, "14.2": measures.care_card_rate,
    "14.4": measures.referral_rate, "14.5": measures.referral_rate,
    "23.1": measures.screening,
}
COLUMNS = ["force", "recommendation", "status", "progress", "measure", "figure", "numerator", "denominator",
           "rate", "contradiction", "definition"]


def measure_for(number: str):
    """The measure linked to a recommendation number, or None."""
    return LINKS.get(number) or LINKS.get(number.split(".")[0] + ".")


def figure_text(figure: dict) -> str:
    """'39 of 71 (54.9%)', or the reason there is no figure."""
    if not figure["available"]:
        return figure["note"]
    if figure["rate"] is None:
        return f"{figure['numerator']:,} of {figure['denominator']:,} (no stalking crimes in the period)"
    text = f"{figure['numerator']:,} of {figure['denominator']:,} ({figure['rate']:.1%})"
    if "search_finds" in figure:
        text += f"; search finds {figure['search_finds']:,} of {figure['numerator']:,}"
    return text


def contradiction(status: str, figure: dict) -> str | None:
    """Where the store's figure does not bear out the plan's status, in words."""
    if status == "complete" and not figure["available"]:
        return f"stated complete, but the figure is {figure['note']}"
    if not figure["available"]:
        return None
    if status == "complete" and figure["numerator"] == 0:
        return "stated complete, but the figure is 0"
    if status == "not_started" and figure["numerator"]:
        return f"stated not started, but the store already shows {figure['numerator']:,}"
    if figure.get("search_finds") is not None and figure["search_finds"] != figure["numerator"]:
        return f"search finds only {figure['search_finds']:,} of the {figure['numerator']:,} crimes"
    return None


def _search_check(con: duckdb.DuckDBPyConnection, figure: dict, date_from, date_to, catalogue) -> dict:
    """7.1 asks that included stalking be searchable: run the search a user would run."""
    query = Query(offence="stalking", role="included", date_from=date_from, date_to=date_to,
                  limit=max(figure["numerator"], 1) + 1)
    return {**figure, "search_finds": len(search(con, query, catalogue))}


def figures(con: duckdb.DuckDBPyConnection, numbers: list[str], date_from=None, date_to=None,
            catalogue=None) -> dict[str, dict | None]:
    """The figure for each recommendation number (None where none is linked); each measure once."""
    catalogue = catalogue or offence_catalogue.load()
    computed: dict = {}
    out: dict[str, dict | None] = {}
    for number in numbers:
        measure = measure_for(number)
        if measure is None:
            out[number] = None
            continue
        if measure not in computed:
            computed[measure] = measure(con, date_from, date_to, catalogue=catalogue)
        figure = computed[measure]
        if number == "7.1" and figure["available"]:
            figure = _search_check(con, figure, date_from, date_to, catalogue)
        out[number] = figure
    return out


def evidence_rows(con: duckdb.DuckDBPyConnection, force: str | None, date_from: dt.date | None = None,
                  date_to: dt.date | None = None, catalogue=None) -> list[dict]:
    rows = []
    for plan in storage.latest(con, force):
        recs = storage.recommendations(con, plan["plan_id"])
        found = figures(con, [r["recommendation"] for r in recs], date_from, date_to, catalogue)
        for r in recs:
            rows.append(row(plan["force"], r, found[r["recommendation"]]))
    return rows


def row(force: str, rec: dict, figure: dict | None) -> dict:
    base = {"force": force, "recommendation": rec["recommendation"], "status": rec["status"],
            "progress": progress(rec["status"], rec["progress_percent"])}
    if figure is None:
        return {**base, "measure": None, "figure": "no live figure in the store for this recommendation",
                "numerator": None, "denominator": None, "rate": None, "contradiction": None, "definition": None}
    return {**base, "measure": figure["measure"], "figure": figure_text(figure), "numerator": figure["numerator"],
            "denominator": figure["denominator"], "rate": None if figure["rate"] is None else round(figure["rate"], 4),
            "contradiction": contradiction(rec["status"], figure), "definition": figure["definition"]}
