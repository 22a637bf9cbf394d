"""`stalkscreen demo`: the whole pipeline on a synthetic force, ending with what a force would see."""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path

import typer
from rich.table import Table

from stalkscreen import store
from stalkscreen.cli.output import console
from stalkscreen.dmm import rules as dmm_rules
from stalkscreen.dmm.window import sits_on
from stalkscreen.harm import index as harm_index, run as harm_run, spec as harm_spec
from stalkscreen.ingest import load
from stalkscreen.ingest.spec import TABLES
from stalkscreen.oversight import measures
from stalkscreen.reference import offences
from stalkscreen.screen import lexicon, rules as screen_rules, run as screen_run


def demo(
    ctx: typer.Context,
    crimes: int = typer.Option(20_000, "--crimes", help="Size of the synthetic force."),
    seed: int = typer.Option(1, "--seed", help="Random seed of the synthetic force."),
    out: Path = typer.Option(Path("demo"), "--out", help="Folder for the export and, unless --db says otherwise, the store."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="End by serving the web app over the synthetic force."),
    port: int = typer.Option(8000, "--port", help="Port for the web app (on 127.0.0.1)."),
) -> None:
    """Make a synthetic force, load it, show what stalkscreen finds, and serve it in the web app.
    Safe to run again."""
    # Imported here: Splink and the generator are slow to import, and every other command would pay.
    from stalkscreen.link import run as link_run, settings as link_settings
    from stalkscreen.synth import generate

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
        catalogue = offences.load(ctx.obj.get("offences"))
        with console.status("screening crimes for hidden stalking"):
            screened = screen_run.run(con, screen_rules.load(), lexicon.load(), catalogue)
        console.print(f"screen run {screened.run_id} ({screened.mode}): {screened.crimes_in_scope:,} crimes screened, "
                      f"{screened.indicated:,} indicated as stalking, {screened.flagged:,} of them not recorded as "
                      "stalking (flags for review)", highlight=False, markup=False)
        # Ranked as of the force's last recorded day, not today: the synthetic clock ends before today.
        last_day = con.execute("SELECT CAST(max(recorded_at) AS DATE) FROM crimes").fetchone()[0]
        with console.status("ranking offenders by harm"):
            ranked = harm_run.run(con, harm_spec.load(catalogue, harm_index.load(catalogue)), catalogue, last_day)
        console.print(f"harm run {ranked.run_id} as of {ranked.as_of}: {ranked.people:,} people and {ranked.dyads:,} "
                      f"dyads ranked by RFGV harm, {ranked.serial_people:,} serial perpetrators (MATAC) "
                      f"(`stalkscreen --db {db} harm --top 20`)", highlight=False, markup=False)
        with console.status("importing a synthetic phone extraction"):
            evidence_crime = _digital_evidence(con, out / "extraction")
        if evidence_crime:
            console.print(f"digital evidence: synthetic phone and location extractions imported against crime "
                          f"{evidence_crime} (`stalkscreen --db {db} evidence report {evidence_crime} --out pack`)",
                          highlight=False, markup=False)
        console.print(_counts(con))
        console.print(_stalking_visibility(con, catalogue))
    console.print(f"next: stalkscreen --db {db} flags\n"
                  f"      stalkscreen --db {db} search --offence stalking\n"
                  f"      stalkscreen --db {db} link review\n"
                  f"      stalkscreen --db {db} dmm --date {_meeting_day(last_day)}", highlight=False, markup=False)
    if serve:
        _serve(ctx, Path(db), port)


def _serve(ctx: typer.Context, db: Path, port: int) -> None:
    """The web app over the synthetic force, with a supervisor `demo` whose password is new each
    run (only synthetic people are ever in a demo store)."""
    from stalkscreen.cli.web import serve_store
    from stalkscreen.web import users, webdb

    web = webdb.default_path(db)
    password = secrets.token_urlsafe(12)
    if "demo" in {u["name"] for u in users.listing(web)}:
        users.reset_password(web, "demo", password, by="demo")
    else:
        users.add(web, "demo", "supervisor", password, by="demo")
    console.print(f"web app: http://127.0.0.1:{port}  sign in as demo (supervisor), password {password}",
                  highlight=False, markup=False, soft_wrap=True)
    serve_store(db, web, ctx.obj.get("offences"), "127.0.0.1", port)


def _digital_evidence(con, folder: Path) -> str | None:
    """Extraction files with planted patterns for the latest stalking crime with one suspect and
    one victim, both with a phone, imported as an investigator would; None when the force has no
    such crime. A re-run writes the same files, whose import is then a no-op."""
    from stalkscreen.evidence import importing, parties
    from stalkscreen.synth import extractions

    found = con.execute("""
        SELECT p.crime_id, c.recorded_at::DATE, any_value(p.phone) FILTER (p.role = 'victim'),
               any_value(p.phone) FILTER (p.role = 'suspect')
        FROM person_records p JOIN crimes c USING (crime_id) JOIN offences o USING (crime_id)
        WHERE o.offence ILIKE '%stalking%' AND p.role IN ('victim', 'suspect')
        GROUP BY ALL HAVING count(*) FILTER (p.role = 'victim') = 1 AND count(*) FILTER (p.role = 'suspect') = 1
           AND count(p.phone) = 2
        ORDER BY c.recorded_at::DATE DESC, p.crime_id LIMIT 1""").fetchone()
    phones = found and [parties.normalise(found[i])[1] for i in (2, 3)]
    if not found or None in phones or phones[0] == phones[1]:
        return None
    crime_id, recorded = found[0], found[1]
    start = recorded - dt.timedelta(days=90)
    plan = extractions.Plan(crime_id, phones[0], phones[1], (51.4545, -2.5879), (51.5, -2.5), start=start, days=90,
                            escalation=start + dt.timedelta(days=60),
                            occasions=tuple(extractions.Occasion(dt.datetime.combine(start + dt.timedelta(days=d),
                                                                                     dt.time(20)), 30, near)
                                            for d, near in ((40, "home"), (70, "device"), (80, "home"))))
    truth = extractions.write_files(extractions.make(plan), folder)
    for f in truth["files"]:
        importing.run(con, folder / f["file"], crime_id, f["kind"], f["owner"], by="demo")
    return crime_id


def _meeting_day(last_day: dt.date) -> dt.date:
    """The last day the DMM sits on or before the data's last day, so its look-back holds crimes."""
    rules = dmm_rules.load()
    day = last_day
    while not sits_on(rules, day):
        day -= dt.timedelta(days=1)
    return day


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


def _stalking_visibility(con, catalogue) -> Table:
    """Recommendation 7.1: stalking recorded only as an included offence is invisible to principal counts."""
    figure = measures.included_classification(con, catalogue=catalogue)
    principal, included_only = figure["principal"], figure["included_only"]
    table = Table(title="stalking on the records (recommendation 7.1)")
    table.add_column("recorded as")
    table.add_column("crimes", justify="right")
    table.add_row("principal offence", f"{principal:,}")
    table.add_row("included offence only (missed by principal-only counts)", f"{included_only:,}")
    return table


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
