"""`stalkscreen link` (person records into people), its clerical review, and `stalkscreen timeline`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, console, emit
from stalkscreen.errors import StalkscreenError
from stalkscreen.link import review, settings as link_settings, timeline


class Engine(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


link_app = typer.Typer(help="Link person records into people (Splink), then build suspect-victim dyads.",
                       invoke_without_command=True, no_args_is_help=False)

SETTINGS = typer.Option(None, "--settings", help="A force's own linkage settings file (YAML) in place of the shipped one.")


def _settings(path: Optional[Path], threshold: Optional[float] = None) -> link_settings.LinkSettings:
    if threshold is not None and not 0 < threshold < 1:
        raise StalkscreenError(f"--threshold must be a probability between 0 and 1, not {threshold}")
    return link_settings.load(path).with_threshold(threshold)


@link_app.callback()
def link(
    ctx: typer.Context,
    engine: Engine = typer.Option(Engine.duckdb, "--engine", help="Where to score pairs: duckdb (default) or spark."),
    spark_master: Optional[str] = typer.Option(None, "--spark-master", help="Spark master URL (default local[2])."),
    retrain: bool = typer.Option(False, "--retrain", help="Estimate the model afresh instead of reusing the stored one."),
    full: bool = typer.Option(False, "--full", help="Score every record again, not only new and changed ones."),
    threshold: Optional[float] = typer.Option(None, "--threshold", help="Match probability at which records join."),
    settings: Optional[Path] = SETTINGS,
) -> None:
    """Link person records into people; later runs score only new and changed records."""
    if ctx.invoked_subcommand is not None:
        return
    from stalkscreen.link import run  # Splink is slow to import; the review and timeline commands do without
    chosen = _settings(settings, threshold)
    with store.connect(ctx.obj["db"]) as con:
        report = run.run(con, chosen, engine=engine.value, spark_master=spark_master, retrain=retrain, full=full,
                         on_step=lambda message: console.print(message, highlight=False, markup=False))
    console.print(
        f"link run {report.run_id} ({report.mode}, {report.engine}, model {report.model_id}"
        f"{', newly trained' if report.trained else ''}): {report.records:,} records → {report.people:,} people; "
        f"{report.pairs_kept:,} pairs kept; {report.clusters_split} cluster(s) split, "
        f"{report.clusters_for_review} for review; {report.dyads:,} dyads", highlight=False, markup=False,
        soft_wrap=True)


@link_app.command("review")
def review_pairs(
    ctx: typer.Context,
    limit: int = typer.Option(20, "--limit", min=1, help="How many pairs to list."),
    settings: Optional[Path] = SETTINGS,
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """Pairs nearest the threshold, with each field side by side and each comparison's weight."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        pairs = review.pairs(con, _settings(settings), limit)
        held = review.clusters_for_review(con)
    if fmt == Format.json:
        emit([{"pairs": pairs, "clusters": held}], fmt, ["pairs", "clusters"])
        return
    rows = [{"records": f"{p['left']} / {p['right']}", "probability": p["match_probability"],
             "comparison": c["comparison"], "left_value": c["left"], "right_value": c["right"],
             "level": c["level"], "weight": c["weight"]} for p in pairs for c in p["comparisons"]]
    emit(rows, fmt, ["records", "probability", "comparison", "left_value", "right_value", "level", "weight"],
         title="pairs for review (decide with `stalkscreen link decide`)")
    if held and fmt == Format.table:
        emit(held, fmt, title="clusters held for review")


@link_app.command("decide")
def decide(
    ctx: typer.Context,
    left: str = typer.Argument(..., help="A person record id."),
    right: str = typer.Argument(..., help="Another person record id."),
    same: bool = typer.Option(None, "--same/--different", help="Whether the two records are the same person."),
    by: str = typer.Option(..., "--by", help="Who decided."),
    why: str = typer.Option(..., "--why", help="The reason, in a sentence."),
    settings: Optional[Path] = SETTINGS,
) -> None:
    """Record a clerical decision on a pair; people and dyads are rebuilt to respect it at once."""
    if same is None:
        raise StalkscreenError("say --same or --different")
    with store.connect(ctx.obj["db"]) as con:
        counts = review.decide(con, _settings(settings), left, right, same, by, why)
    console.print(f"decided {left} and {right} are {'the same person' if same else 'different people'}; "
                  f"now {counts['people']:,} people, {counts['clusters_for_review']} cluster(s) for review",
                  highlight=False, markup=False)


def show_timeline(
    ctx: typer.Context,
    person_id: Optional[str] = typer.Argument(None, help="A person id (from `people`)."),
    dyad: Optional[str] = typer.Option(None, "--dyad", help="A dyad id: one suspect and one victim."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """A course of conduct in date order across every linked record, for a person or a dyad."""
    if bool(person_id) == bool(dyad):
        raise StalkscreenError("give a PERSON_ID or --dyad DYAD_ID (one of them)")
    with store.connect(ctx.obj["db"], read_only=True) as con:
        if dyad:
            head, rows = timeline.dyad(con, dyad)
            title = (f"dyad {dyad}: suspect {head['suspect_person_id']} → victim {head['victim_person_id']}, "
                     f"{head['first_date']} to {head['last_date']}")
            others = []
        else:
            rows, title = timeline.person(con, person_id), f"person {person_id}"
            others = timeline.dyads_of(con, person_id)
    emit(rows, fmt, title=title)
    if others and fmt == Format.table:
        emit(others, fmt, title="dyads (open one with --dyad)")


def register(app: typer.Typer) -> None:
    app.add_typer(link_app, name="link")
    app.command("timeline")(show_timeline)
