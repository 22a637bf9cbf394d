"""`stalkscreen harm`: the RFGV harm ranking (recommendation 12.3). `harm run` scores people and
dyads and stores a run; `harm` lists the latest run; `harm explain` shows one score crime by
crime, with the weights and the specification version; `harm runs` lists the runs."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, emit, parse_date, say
from stalkscreen.harm import index as harm_index
from stalkscreen.harm import scores
from stalkscreen.harm import spec as harm_spec
from stalkscreen.reference import offences as offence_catalogue


class Kind(str, Enum):
    person = "person"
    dyad = "dyad"


harm_app = typer.Typer(help="RFGV harm ranking of people and dyads, with each score's breakdown.",
                       invoke_without_command=True)
BRIEF = ["rank", "subject_kind", "subject_id", "victim_person_id", "score", "gravity", "recency", "frequency",
         "victimisation", "victims", "serial", "last_crime_at"]
EXPLAIN_BRIEF = ["crime_id", "recorded_at", "offence_code", "cchi_days", "uplift", "gravity_days", "weight_recency",
                 "contribution"]


def _rounded(row: dict) -> dict:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@harm_app.callback()
def list_scores(
    ctx: typer.Context,
    top: Optional[int] = typer.Option(None, "--top", min=1, help="The N highest of each kind."),
    kind: Optional[Kind] = typer.Option(None, "--kind", help="person or dyad (default both)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The latest run made as of this date (YYYY-MM-DD)."),
    run_id: Optional[int] = typer.Option(None, "--run", help="This run instead of the latest."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """List the latest harm run's ranking (make one with `stalkscreen harm run`)."""
    if ctx.invoked_subcommand:
        return
    with store.connect(ctx.obj["db"], read_only=True) as con:
        run = scores.choose_run(con, run_id, parse_date(as_of, "--as-of"))
        rows = scores.ranking(con, run["harm_run_id"], kind.value if kind else None, top)
        out_of_date = scores.stale(con, run)
    emit([_rounded(r) for r in rows], fmt, scores.COLUMNS, brief=BRIEF,
         title=f"harm run {run['harm_run_id']} as of {run['as_of']} (spec {run['spec_version']}, "
               f"index {run['index_version']})")
    if out_of_date:
        say("note: crimes were loaded or people linked since this run; `stalkscreen harm run` to refresh")


@harm_app.command("run")
def run_harm(
    ctx: typer.Context,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Score as of this date (YYYY-MM-DD; default today)."),
    spec_file: Optional[Path] = typer.Option(None, "--harm", envvar=harm_spec.ENV,
                                             help="A force's harm specification (YAML) laid over reference/harm.yaml."),
    index_file: Optional[Path] = typer.Option(None, "--harm-index", envvar=harm_index.ENV,
                                              help="A force's crime harm index (CSV) laid over the shipped one."),
) -> None:
    """Score every linked suspect and every dyad, and store the run (needs `stalkscreen link` first)."""
    from stalkscreen.harm import run

    day = parse_date(as_of, "--as-of") or dt.date.today()
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    spec = harm_spec.load(catalogue, harm_index.load(catalogue, index_file), spec_file)
    with store.connect(ctx.obj["db"]) as con:
        report = run.run(con, spec, catalogue, day)
    say(f"harm run {report.run_id} as of {report.as_of} (spec {report.spec_version}, index {report.index_version}): "
         f"{report.crimes_scored:,} crimes scored; {report.people:,} people and {report.dyads:,} dyads ranked; "
         f"{report.serial_people:,} serial (MATAC); {report.default_gravity_crimes:,} crimes at default gravity; "
         f"{report.seconds} s (see `stalkscreen harm`)")
    if report.unlinked_suspect_records:
        say(f"note: {report.unlinked_suspect_records:,} suspect records are not linked yet and were not scored; "
             f"run `stalkscreen link`, then `stalkscreen harm run`")


def _formula(s: dict) -> str:
    return (f"{s['subject_kind']} {s['subject_id']} rank {s['rank']}: score {s['score']:.4f} = gravity "
            f"{s['gravity']:.4f} days × recency {s['recency']:.4f} × frequency {s['frequency_factor']:.4f} "
            f"({s['frequency']} in window) × victimisation {s['victimisation']:.4f} ({s['victims']} victim(s), "
            f"{s['repeat_victims']} repeat); serial: {'yes' if s['serial'] else 'no'} "
            f"({s['serial_victims']} victim(s) in the serial window); spec {s['spec_version']}, "
            f"index {s['index_version']}, run {s['harm_run_id']} as of {s['as_of']}")


@harm_app.command("explain")
def explain(
    ctx: typer.Context,
    subject_id: str = typer.Argument(..., help="A person_id or dyad_id from `stalkscreen harm`."),
    kind: Optional[Kind] = typer.Option(None, "--kind", help="person or dyad, where an id could be either."),
    run_id: Optional[int] = typer.Option(None, "--run", help="This run instead of the latest."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """Show how one score was made: each crime's gravity, recency weight and contribution."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        run = scores.choose_run(con, run_id)
        found = scores.explain(con, subject_id, run["harm_run_id"], kind.value if kind else None)
    if fmt == Format.json:
        emit([_plain(s) for s in found], fmt, [*scores.COLUMNS, "parameters", "crimes_detail"])
        return
    if fmt == Format.csv:
        emit([{"subject_kind": s["subject_kind"], "subject_id": s["subject_id"], **_rounded(c)}
              for s in found for c in s["crimes_detail"]], fmt, ["subject_kind", "subject_id", *scores.CRIME_COLUMNS])
        return
    for s in found:
        say(_formula(s))
        emit([_rounded(c) for c in s["crimes_detail"]], fmt, scores.CRIME_COLUMNS, brief=EXPLAIN_BRIEF,
             title=f"crimes behind {s['subject_kind']} {s['subject_id']} (contribution = gravity_days × "
                   f"weight_recency × frequency × victimisation)")


@harm_app.command("runs")
def list_runs(
    ctx: typer.Context,
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json go to stdout)."),
) -> None:
    """List harm runs, newest first, with their versions and counts."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        emit(scores.runs(con), fmt, title="harm runs")


def register(app: typer.Typer) -> None:
    app.add_typer(harm_app, name="harm")
