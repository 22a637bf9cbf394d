"""`stalkscreen national`: import the official statistics behind a profile's national picture,
list what was imported, and print the rates per 1,000 people."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, console, emit
from stalkscreen.oversight import national
from stalkscreen.oversight.national import rates as national_rates

national_app = typer.Typer(help="Official statistics: Home Office recorded crime and ONS population by force area.",
                           no_args_is_help=True)


def _years(years: list[str]) -> str:
    return years[0] if len(years) == 1 else f"{years[0]} to {years[-1]} ({len(years)} years)"


@national_app.command("import")
def run_import(
    ctx: typer.Context,
    files: List[Path] = typer.Argument(..., help="Home Office recorded crime tables (.ods or .csv) or ONS population (.csv)."),
    title: Optional[str] = typer.Option(None, "--title", help="The source's title, recorded with the import."),
    year: Optional[int] = typer.Option(None, "--year", help="The mid-year of a population file that does not say (e.g. 2024)."),
) -> None:
    """Load downloaded files with their provenance; each file all or nothing, safe to run again."""
    with store.connect(ctx.obj["db"]) as con:
        for path in files:
            done = national.import_file(con, path, title=title, year=year)
            what = done.kind.replace("_", " ")
            if done.already:
                console.print(f"{path.name}: {what} already imported on {done.already:%Y-%m-%d %H:%M}; "
                              "nothing to do", highlight=False)
                continue
            sheets = f" from {len(done.sheets)} sheet(s)" if any(done.sheets) else ""
            console.print(f"{path.name}: {what}, {done.rows:,} rows{sheets}, {_years(done.years)}; "
                          f"replaced {done.replaced:,} earlier row(s)"
                          + (f"; {done.not_available} count(s) marked not available" if done.not_available else "")
                          + (f"; skipped sheet(s) without a table: {', '.join(done.skipped_sheets)}"
                             if done.skipped_sheets else ""), highlight=False)


@national_app.command("sources")
def run_sources(
    ctx: typer.Context,
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """List every import: file, sha256, when, source title, rows, years."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        cursor = con.execute("SELECT source_id, kind, file_name, sha256, imported_at, source_title, rows, years "
                             "FROM national_sources ORDER BY source_id")
        names = [d[0] for d in cursor.description]
        found = [dict(zip(names, r)) for r in cursor.fetchall()]
    emit(found, fmt, names, title=f"{len(found)} import(s)")


@national_app.command("rates")
def run_rates(
    ctx: typer.Context,
    force_name: Optional[str] = typer.Option(None, "--force-name", help="A force as the Home Office tables spell it."),
    similar: List[str] = typer.Option([], "--similar-force", help="A most similar force (repeat the option for each)."),
    year: Optional[str] = typer.Option(None, "--year", help="Only this financial year, e.g. 2024/25."),
    code: Optional[str] = typer.Option(None, "--code", help="Only this offence code (8L, 8M, 8Q, 8R, 8U) or `all`."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Recorded offences per 1,000 people: England and Wales, a force, its most similar forces."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        areas = [national_rates.Area(national_rates.ENGLAND_AND_WALES, None)]
        if force_name:
            key, spelt = national_rates.resolve_force(con, force_name, "--force-name")
            areas.append(national_rates.Area(spelt, (key,)))
        if similar:
            keys = tuple(national_rates.resolve_force(con, n, "--similar-force")[0] for n in similar)
            areas.append(national_rates.Area(national_rates.SIMILAR_GROUP, keys))
        found = national_rates.rates(con, areas)
    found = [r for r in found if (not year or r["financial_year"] == year)
             and (not code or r["offence_code"].lower() == code.strip().lower())]
    emit(found, fmt, ["financial_year", "area", "offence_code", "offences", "population", "population_year",
                      "per_1000", "quarters"], title=f"{len(found)} rate(s)")


def register(app: typer.Typer) -> None:
    app.add_typer(national_app, name="national")
