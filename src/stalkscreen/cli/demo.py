"""`stalkscreen demo`: the whole pipeline on a synthetic force, ending with what a force would see."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from stalkscreen import store
from stalkscreen.cli.output import console
from stalkscreen.ingest import load
from stalkscreen.ingest.spec import TABLES
from stalkscreen.link import run as link_run, settings as link_settings
from stalkscreen.oversight import measures
from stalkscreen.reference import offences
from stalkscreen.screen import lexicon, rules as screen_rules, run as screen_run
from stalkscreen.synth import generate


def demo(
    ctx: typer.Context,
    crimes: int = typer.Option(20_000, "--crimes", help="Size of the synthetic force."),
    seed: int = typer.Option(1, "--seed", help="Random seed of the synthetic force."),
    out: Path = typer.Option(Path("demo"), "--out", help="Folder for the export and, unless --db says otherwise, the store."),
) -> None:
    """Make a synthetic force, load it, and show what stalkscreen finds. Safe to run again."""
    db = ctx.obj["db"] or out / "stalkscreen.duckdb"
    with console.status("making the synthetic force"):
        made = generate(crimes, seed, out / "export")
    console.print(f"synthetic force: {crimes:,} crimes, {made.campaigns:,} hidden stalking campaigns "
                  f"({made.stalking_crimes:,} crimes) in {out / 'export'}", highlight=False)
    with store.connect(db) as con:
        with console.status("loading the export"):
            report = load.run(con, [out / "export"], offences=ctx.obj.get("offences"))
        loaded = sum(f.loaded for f in report.files)
        quarantined = sum(f.quarantined for f in report.files)
        console.print(f"ingest run {report.run_id}: loaded {loaded:,} rows, quarantined {quarantined:,} "
                      f"(`stalkscreen --db {db} quarantine`)", highlight=False, markup=False)
        with console.status("linking person records into people"):
            linked = link_run.run(con, link_settings.load())
        console.print(f"link run {linked.run_id} ({linked.mode}): {linked.records:,} person records → "
                      f"{linked.people:,} people; {linked.dyads:,} suspect-victim dyads, "
                      f"{_repeat_dyads(con):,} of them with two or more records", highlight=False, markup=False)
        with console.status("screening crimes for hidden stalking"):
            screened = screen_run.run(con, screen_rules.load(), lexicon.load(), offences.load(ctx.obj.get("offences")))
        console.print(f"screen run {screened.run_id} ({screened.mode}): {screened.crimes_in_scope:,} crimes screened, "
                      f"{screened.indicated:,} indicated as stalking, {screened.flagged:,} of them not recorded as "
                      "stalking (flags for review)", highlight=False, markup=False)
        console.print(_counts(con))
        console.print(_stalking_visibility(con, ctx.obj.get("offences")))
    console.print(f"next: stalkscreen --db {db} flags\n"
                  f"      stalkscreen --db {db} search --offence stalking\n"
                  f"      stalkscreen --db {db} link review", highlight=False, markup=False)


def _repeat_dyads(con) -> int:
    """Courses of conduct a one-record-at-a-time view cannot see."""
    return con.execute("SELECT count(*) FROM dyads WHERE crimes + incidents >= 2").fetchone()[0]


def _counts(con) -> Table:
    table = Table(title="the store")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name in [*TABLES, "quarantine", "dyads", "screening_results"]:
        table.add_row(name, f"{con.execute(f'SELECT count(*) FROM {name}').fetchone()[0]:,}")
    table.add_row("people (distinct)", f"{con.execute('SELECT count(DISTINCT person_id) FROM people').fetchone()[0]:,}")
    return table


def _stalking_visibility(con, offence_file) -> Table:
    """Recommendation 7.1: stalking recorded only as an included offence is invisible to principal counts."""
    figure = measures.included_classification(con, catalogue=offences.load(offence_file))
    principal, included_only = figure["principal"], figure["included_only"]
    table = Table(title="stalking on the records (recommendation 7.1)")
    table.add_column("recorded as")
    table.add_column("crimes", justify="right")
    table.add_row("principal offence", f"{principal:,}")
    table.add_row("included offence only (missed by principal-only counts)", f"{included_only:,}")
    return table


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
