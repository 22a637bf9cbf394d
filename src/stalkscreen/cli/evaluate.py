"""`stalkscreen evaluate`: accuracy of the store's linkage and screening against a synthetic
force's ground truth, and of the narrative rules on a hand-labelled set of narratives."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, emit
from stalkscreen.errors import StalkscreenError
from stalkscreen.evaluate import linkage, screening
from stalkscreen.reference import offences as offence_catalogue

LONG = ["stage", "scope", "measure", "value"]


def evaluate(
    ctx: typer.Context,
    truth: Optional[Path] = typer.Option(None, "--truth", help="The truth/ folder written by `stalkscreen synth`."),
    narratives: Optional[Path] = typer.Option(
        None, "--narratives", help="A labelled CSV (id, label stalking|not, text): the narrative rules alone."),
    lexicon_file: Optional[Path] = typer.Option(None, "--lexicon", envvar="STALKSCREEN_SCREENING_LEXICON",
                                                help="The lexicon to evaluate with --narratives (default: shipped)."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """Linkage (pairwise precision, recall, F1; clusters) and screening (precision, recall, per rule)."""
    if truth is None and narratives is None:
        raise StalkscreenError("say what to evaluate against: --truth DIR, --narratives FILE.csv, or both")
    stages = []
    if truth is not None:
        catalogue = offence_catalogue.load(ctx.obj["offences"])
        with store.connect(ctx.obj["db"], read_only=True) as con:
            stages.append({"stage": "linkage", **linkage.measure(con, truth)})
            if screening.has_results(con):
                stages.append({"stage": "screening",
                               **screening.measure(con, truth, catalogue.group_codes("stalking"))})
    if narratives is not None:
        from stalkscreen.screen import lexicon

        stages.append({"stage": "narratives", **screening.narratives(narratives, lexicon.load(lexicon_file))})
    _show(stages, fmt)


def _show(stages: list[dict], fmt: Format) -> None:
    if fmt == Format.json:  # one object per stage, each with its own measures
        json.dump(stages, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    long = []
    for stage in stages:
        name = stage["stage"]
        long += [{"stage": name, "scope": "all", "measure": k, "value": v} for k, v in stage.items()
                 if k not in ("stage", "rules", "categories")]
        for rule in stage.get("rules", []):
            long += [{"stage": name, "scope": rule["rule"], "measure": k, "value": v} for k, v in rule.items()
                     if k != "rule"]
        for category in stage.get("categories", []):
            long += [{"stage": name, "scope": category["category"], "measure": k, "value": v}
                     for k, v in category.items() if k != "category"]
    if fmt == Format.csv:
        emit(long, fmt, LONG)
        return
    for stage in stages:
        emit([{"measure": r["measure"], "value": r["value"]} for r in long
              if r["stage"] == stage["stage"] and r["scope"] == "all"], fmt, title=stage["stage"])
        if stage.get("rules"):
            emit(stage["rules"], fmt, ["rule", "fired", "stalking", "precision", "recall"],
                 title="screening per rule (recall: share of all stalking crimes on which the rule fired)")
        if stage.get("categories"):
            emit(stage["categories"], fmt, ["category", "narratives", "indicated", "agreement"],
                 title="narratives per category")


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)
