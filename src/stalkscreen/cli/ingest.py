"""`stalkscreen ingest` (load exports into the store) and `stalkscreen quarantine` (the refused rows)."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from stalkscreen import store
from stalkscreen.cli.output import Format, console, emit
from stalkscreen.ingest import load, quarantine as refused


def _summary(r: load.FileReport) -> str:
    name = Path(r.file).name
    if r.skipped:
        return f"{name} → {r.table}: skipped, {r.skipped}"
    return (f"{name} → {r.table}: read {r.read:,} = loaded {r.loaded:,} + quarantined {r.quarantined:,} "
            f"(new {r.new:,}, changed {r.changed:,}, unchanged {r.unchanged:,})")


def ingest(
    ctx: typer.Context,
    paths: List[Path] = typer.Argument(..., help="Export files, or directories of canonical files (crimes.csv, ...)."),
    mapping: Optional[Path] = typer.Option(None, "--mapping", help="A mapping file for a force's own export format."),
    force: bool = typer.Option(False, "--force", help="Load files even if identical ones were loaded before."),
) -> None:
    """Load exports (CSV, Parquet, JSON Lines) into the store in one transaction; bad rows go to quarantine."""
    with store.connect(ctx.obj["db"]) as con:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      console=console, transient=True) as progress:
            task = progress.add_task("reading", total=None)

            def on_step(message: str) -> None:
                progress.update(task, description=message)
                if message.startswith("loading"):
                    progress.console.print(message, highlight=False)

            def on_file(result: load.FileReport) -> None:
                progress.console.print(_summary(result), highlight=False, markup=False, soft_wrap=True)

            report = load.run(con, paths, mapping, ctx.obj.get("offences"), force=force,
                              on_step=on_step, on_file=on_file)
    quarantined = sum(f.quarantined for f in report.files)
    if all(f.skipped for f in report.files):
        console.print(f"run {report.run_id}: nothing new to load", highlight=False)
        return
    console.print(f"run {report.run_id} committed"
                  + (f"; {quarantined:,} row(s) quarantined: see `stalkscreen quarantine --run {report.run_id}`"
                     if quarantined else ""), highlight=False, markup=False, soft_wrap=True)


def quarantine(
    ctx: typer.Context,
    run: Optional[int] = typer.Option(None, "--run", help="Only this load (run id)."),
    table: Optional[str] = typer.Option(None, "--table", help="Only rows for this canonical table."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json (csv and json to stdout)."),
) -> None:
    """List rows refused at load, with file, line, reason and raw text."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        rows = refused.rows(con, run, table)
    emit(rows, fmt, refused.COLUMNS, title="quarantined rows")


def register(app) -> None:
    app.command("ingest")(ingest)
    app.command("quarantine")(quarantine)
