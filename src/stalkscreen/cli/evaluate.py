"""`stalkscreen evaluate`: accuracy of the store's linkage against a synthetic force's ground truth."""

from __future__ import annotations

from pathlib import Path

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, emit
from stalkscreen.evaluate import linkage


def evaluate(
    ctx: typer.Context,
    truth: Path = typer.Option(..., "--truth", help="The truth/ folder written by `stalkscreen synth`."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json."),
) -> None:
    """Pairwise precision, recall and F1 of linkage, and cluster-level measures."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        measures = linkage.measure(con, truth)
    if fmt == Format.table:
        emit([{"measure": k, "value": v} for k, v in measures.items()], fmt, title="linkage")
    else:
        emit([{"stage": "linkage", **measures}], fmt)


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)
