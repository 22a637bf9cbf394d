"""`stalkscreen screen` (screen crimes for stalking), `stalkscreen flags` (list what it found) and
`stalkscreen flags review` (a reviewer's decision on one flag)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, emit, parse_date, say
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.screen import rules as rule_pack


class Engine(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


class Status(str, Enum):
    new = "new"
    accepted = "accepted"
    rejected = "rejected"


def screen(
    ctx: typer.Context,
    since: Optional[str] = typer.Option(None, "--since", help="Only crimes recorded on or after this date (YYYY-MM-DD)."),
    full: bool = typer.Option(False, "--full", help="Read every narrative again, not only new and changed crimes'."),
    engine: Engine = typer.Option(Engine.duckdb, "--engine", help="Where the rules run: duckdb (default) or spark."),
    spark_master: Optional[str] = typer.Option(None, "--spark-master", help="Spark master URL (default local[2])."),
    rules: Optional[Path] = typer.Option(None, "--rules", envvar=rule_pack.ENV,
                                         help="A force's rule pack (YAML) laid over the shipped one."),
    lexicon_file: Optional[Path] = typer.Option(None, "--lexicon", envvar="STALKSCREEN_SCREENING_LEXICON",
                                                help="A force's behaviour lexicon (YAML) in place of the shipped one."),
) -> None:
    """Screen crimes for hidden stalking; write screening_results (needs `stalkscreen link` first)."""
    from stalkscreen.screen import lexicon, run

    start = parse_date(since, "--since")
    pack = rule_pack.load(rules)
    lex = lexicon.load(lexicon_file)
    catalogue = offence_catalogue.load(ctx.obj["offences"])
    with store.connect(ctx.obj["db"]) as con:
        report = run.run(con, pack, lex, catalogue, engine=engine.value, since=start, full=full,
                         spark_master=spark_master, on_step=say)
    say(f"screen run {report.run_id} ({report.mode}, {report.engine}, rules {report.rules_version}, lexicon "
         f"{report.lexicon_version}{', since ' + str(report.since) if report.since else ''}): "
         f"{report.crimes_in_scope:,} crimes in scope, {report.crimes_rechecked:,} crimes checked again, "
         f"{report.narratives_scanned:,} narratives read; "
         f"{report.results_written:,} results written, {report.results_removed:,} removed; "
         f"{report.indicated:,} indicated, {report.flagged:,} not recorded as stalking (see `stalkscreen flags`)")


flags_app = typer.Typer(help="Crimes screening indicated as stalking that are not recorded as stalking.",
                        invoke_without_command=True, no_args_is_help=False)


def _rules_cell(reasons: list[dict]) -> str:
    return ", ".join(r["rule"] for r in reasons)


def _linked(reasons: list[dict]) -> int:
    return sum(1 for r in reasons if r["rule"] == "conduct.dyad" for _ in r["evidence"])


@flags_app.callback()
def list_flags(
    ctx: typer.Context,
    status: Optional[Status] = typer.Option(None, "--status", help="Only flags with this review status."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="At most this many flags."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """List flags, highest priority first, with their reasons and review status."""
    if ctx.invoked_subcommand is not None:
        return
    from stalkscreen.screen import review

    with store.connect(ctx.obj["db"], read_only=True) as con:
        found = review.flags(con, status.value if status else None, limit)
    if fmt == Format.json:
        emit(found, fmt, ["crime_id", "indicated", "score", "priority", "status", "new_evidence", "recorded_as",
                          "suggested_offence_code", "suggested_role", "dyad_id", "reasons", "decision",
                          "review_reason", "reviewed_by", "reviewed_at", "screened_at"])
        return
    rows = [{**f, "rules": _rules_cell(f["reasons"]), "linked_crimes": _linked(f["reasons"]),
             "suggestion": f"{f['suggested_offence_code']} as {f['suggested_role']}" if f["suggested_role"] else "",
             "new_evidence": " ".join(f["new_evidence"] or [])} for f in found]
    emit(rows, fmt, ["crime_id", "status", "priority", "score", "recorded_as", "suggestion", "rules", "linked_crimes",
                     "dyad_id", "new_evidence"], title="flags (decide with `stalkscreen flags review`)")


@flags_app.command("review")
def review_flag(
    ctx: typer.Context,
    crime_id: str = typer.Argument(..., help="The flagged crime's id."),
    accept: bool = typer.Option(False, "--accept", help="Accept the flag: record the suggested reclassification."),
    reject: bool = typer.Option(False, "--reject", help="Reject the flag: it is not stalking."),
    reason: str = typer.Option("", "--reason", help="Why (required; for an ex-partner flag, why harassment in law only)."),
    by: str = typer.Option("", "--by", help="Who decided (required)."),
) -> None:
    """Record a decision on a flag, with who, when and why."""
    from stalkscreen.screen import review

    if accept == reject:
        raise StalkscreenError("say --accept or --reject (one of them)")
    catalogue = offence_catalogue.load(ctx.obj["offences"])
    with store.connect(ctx.obj["db"]) as con:
        done = review.decide(con, catalogue, crime_id, accept, reason, by)
    if done["change"]:
        change = done["change"]
        say(f"accepted flag on {crime_id} (review {done['review_id']}): recorded {change['offence_code']} "
             f"{change['offence']} as the {change['role']} offence, on top of the source record")
    else:
        say(f"rejected flag on {crime_id} (review {done['review_id']}); it returns only if new evidence arrives")
        if done["ex_partner"]:
            say(f"note: {review.APRIL_2020}; your reason is kept as the record of why")


def fit_model(
    training: list[Path] = typer.Argument(..., help="Labelled narratives: CSV files with id, label (stalking|not), text."),
    out: Path = typer.Option(..., "--out", help="The model file to write (name it in the lexicon's decision.model)."),
    version: str = typer.Option(..., "--version", help="The model's version, e.g. 2026.12-1."),
    lexicon_file: Optional[Path] = typer.Option(None, "--lexicon", envvar="STALKSCREEN_SCREENING_LEXICON",
                                                help="The lexicon whose findings the model weighs (default: shipped)."),
    c: float = typer.Option(1.0, "--c", min=0.0001, help="Inverse strength of the L2 penalty."),
    min_docs: int = typer.Option(2, "--min-docs", min=1, help="A word is a feature when this many narratives use it."),
    threshold: float = typer.Option(0.5, "--threshold", min=0.01, max=0.99, help="Probability at which a narrative is indicated."),
    max_words: int = typer.Option(300, "--max-words", min=1,
                                  help="Keep the words that weigh most, and refit (fewer words read faster)."),
) -> None:
    """Fit the narrative model on labelled narratives (never on the held-out test set) and write it."""
    from stalkscreen.evaluate.screening import labelled
    from stalkscreen.screen import lexicon, narrative_model

    lex = lexicon.load(lexicon_file, model=False)
    rows = [row for path in training for row in labelled(path)]
    fitted = narrative_model.fit(lex, [r["text"] for r in rows], [r["label"] == "stalking" for r in rows], c=c,
                                 min_docs=min_docs, threshold=threshold, max_words=max_words)
    narrative_model.write(out, fitted, version, lex, training, {"c": c, "min_docs": min_docs, "max_words": max_words})
    say(f"narrative model {version} for lexicon {lex.version}: {len(rows):,} narratives, "
        f"{len(fitted['words']):,} words weighed; written to {out}")


def register(app: typer.Typer) -> None:
    app.command("screen")(screen)
    app.command("fit-model")(fit_model)
    app.add_typer(flags_app, name="flags")
