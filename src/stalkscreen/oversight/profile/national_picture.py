"""The national picture: the force's recorded stalking and harassment per 1,000 people against
England and Wales and its most similar forces, by year and by offence code, from the official
statistics imported with `stalkscreen national import`."""

from __future__ import annotations

from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.national import rates
from stalkscreen.oversight.profile.model import Chart, Section, Table
from stalkscreen.oversight.profile.scope import Context
from stalkscreen.oversight.profile.volumes import CLASSIFICATIONS

PRINTED_YEARS = 5
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."
NOT_IMPORTED = ("national statistics not imported: run `stalkscreen national import FILE` with the Home Office "
                "police recorded crime open data tables (force level) and the ONS police force area population "
                "estimates")


def section(ctx: Context, force_on_records: str | None) -> Section:
    crime, population = rates.loaded(ctx.con)
    if not (crime and population):
        missing = "recorded crime and population" if not (crime or population) else \
            ("population" if crime else "recorded crime")
        return Section("national", "The national picture", [f"{NOT_IMPORTED} ({missing} missing)."])
    areas, notes = _areas(ctx, force_on_records)
    found = rates.rates(ctx.con, areas)
    notes += _caveats(found) + [_sources(ctx), OGL]
    return Section("national", "The national picture", notes, [by_year(found), by_code(found, latest=True),
                                                                by_code(found, latest=False)])


def _areas(ctx: Context, force_on_records: str | None) -> tuple[list[rates.Area], list[str]]:
    areas, notes = [rates.Area(rates.ENGLAND_AND_WALES, None)], []
    name = ctx.options.force_name
    if name:
        key, spelt = rates.resolve_force(ctx.con, name, "--force-name")
        areas.append(rates.Area(spelt, (key,)))
    elif force_on_records:
        try:
            key, spelt = rates.resolve_force(ctx.con, force_on_records, "the force on the records")
            areas.append(rates.Area(spelt, (key,)))
        except StalkscreenError:
            notes.append(f"The force on the records ('{force_on_records}') is not in the national tables; "
                         "name it as the Home Office spells it with --force-name.")
    else:
        notes.append("No force named: give --force-name to compare the force with England and Wales.")
    if ctx.options.similar_forces:
        keys = tuple(rates.resolve_force(ctx.con, n, "--similar-force")[0] for n in ctx.options.similar_forces)
        areas.append(rates.Area(rates.SIMILAR_GROUP, keys))
        notes.append(f"{rates.SIMILAR_GROUP}: " + ", ".join(ctx.options.similar_forces) +
                     " (as given with --similar-force), counted together.")
    else:
        notes.append("No most similar forces given: name them with --similar-force (for example the force's "
                     "HMICFRS most similar group).")
    return areas, notes


def _caveats(found: list[dict]) -> list[str]:
    notes = ["England and Wales is the 43 territorial police force areas; British Transport Police has no "
             "resident population and is left out. Stalking is classification 8Q; stalking and harassment is "
             "8L, 8M, 8Q, 8R and 8U together."]
    partial = sorted({(r["financial_year"], r["quarters"]) for r in found if r["quarters"] and r["quarters"] < 4})
    for year, quarters in partial:
        notes.append(f"{year} holds {quarters} quarter(s) only: its figures are for part of the year.")
    years = sorted({(r["financial_year"], r["population_year"]) for r in found})
    for population_year in sorted({p for _, p in years}):
        other = [y for y, p in years if p == population_year and int(y[:4]) != p]
        if other:
            span = other[0] if len(other) == 1 else f"{len(other)} years from {other[0]} to {other[-1]}"
            notes.append(f"Without their own mid-year population imported, {span} use the nearest one, "
                         f"mid-{population_year}; their rates are approximate.")
    return notes


def _sources(ctx: Context) -> str:
    return "Sources: " + "; ".join(
        f"{s['source_title']}, file {s['file_name']} (sha256 {s['sha256'][:12]}…, {s['rows']} rows, "
        f"imported {s['imported_at']:%Y-%m-%d})" for s in rates.provenance(ctx.con)) + "."


def by_year(found: list[dict]) -> Table:
    pivot: dict[tuple, dict] = {}
    for r in found:
        partial = r["quarters"] and r["quarters"] < 4
        row = pivot.setdefault((r["financial_year"], r["area"]), {
            "financial_year": r["financial_year"], "area": r["area"], "quarters": r["quarters"],
            "year": f"{r['financial_year']} ({r['quarters']} quarters)" if partial else r["financial_year"],
            "population": r["population"], "stalking": None, "stalking_per_1000": None})
        if r["offence_code"] == rates.STALKING:
            row["stalking"], row["stalking_per_1000"] = r["offences"], r["per_1000"]
        elif r["offence_code"] == rates.ALL_CODES:
            row["stalking_and_harassment"], row["stalking_and_harassment_per_1000"] = r["offences"], r["per_1000"]
    areas = len({r["area"] for r in found})
    shown = len({r["financial_year"] for r in found}) > PRINTED_YEARS
    title = "Recorded stalking and harassment per 1,000 people, by financial year" + \
        (f" (the last {PRINTED_YEARS} years; every year in the chart and the CSV)" if shown else "")
    return Table("national_by_year", title,
                 ["financial_year", "area", "stalking", "stalking_per_1000", "stalking_and_harassment",
                  "stalking_and_harassment_per_1000", "quarters"], list(pivot.values()),
                 charts=[Chart("line", "year", "stalking_per_1000", colour="area", x_title="financial year",
                               y_title="per 1,000 people", title="Stalking (8Q) per 1,000 people"),
                         Chart("line", "year", "stalking_and_harassment_per_1000", colour="area",
                               x_title="financial year", y_title="per 1,000 people",
                               title="Stalking and harassment (8L, 8M, 8Q, 8R, 8U) per 1,000 people")],
                 labels={"financial_year": "year", "stalking": "stalking (8Q)", "stalking_per_1000": "8Q per 1,000",
                         "stalking_and_harassment": "stalking and harassment",
                         "stalking_and_harassment_per_1000": "S&H per 1,000"},
                 print_last=PRINTED_YEARS * areas if shown else None)


def by_code(found: list[dict], latest: bool) -> Table:
    full = [r for r in found if not r["quarters"] or r["quarters"] >= 4]
    year = max((r["financial_year"] for r in full), default=None)
    chosen = [r for r in found if r["offence_code"] != rates.ALL_CODES and (not latest or r["financial_year"] == year)]
    table = [{"financial_year": r["financial_year"], "offence_code": r["offence_code"],
              "offence": CLASSIFICATIONS.get(r["offence_code"], r["offence_code"]), "area": r["area"],
              "offences": r["offences"], "per_1000": r["per_1000"]} for r in chosen]
    if latest:
        return Table("national_by_code", f"Per 1,000 people by offence code, {year}",
                     ["offence_code", "offence", "area", "offences", "per_1000"], table,
                     charts=[Chart("grouped_bar", "offence_code", "per_1000", colour="area",
                                   y_title=f"per 1,000 people, {year}")],
                     labels={"offence_code": "code", "per_1000": "per 1,000"})
    return Table("national_by_code_and_year", "Per 1,000 people by offence code and financial year",
                 ["financial_year", "offence_code", "offence", "area", "offences", "per_1000"], table, printed=False)
