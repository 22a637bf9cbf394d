"""`stalkscreen synth`: write a synthetic force export with ground truth."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from stalkscreen.cli.output import console
from stalkscreen.errors import StalkscreenError

# build steps reported by stalkscreen.synth.generate, for the progress bar
_STEPS = 16


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"


def _end_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise StalkscreenError(f"--end-date {text!r}: not a date", hint="write it as YYYY-MM-DD, e.g. 2026-10-31") from None


def synth(
    crimes: int = typer.Option(20_000, "--crimes", help="How many crimes and incidents to make."),
    seed: int = typer.Option(1, "--seed", help="Random seed: the same seed and options give byte-identical files."),
    out: Path = typer.Option(..., "--out", help="Directory to write (created if missing)."),
    format: ExportFormat = typer.Option(ExportFormat.csv, "--format", help="File format of the export."),
    end_date: str = typer.Option("2026-10-31", "--end-date", help="Last day of the export (YYYY-MM-DD)."),
) -> None:
    """Make a synthetic force export (canonical files, an RMS-style copy under rms/, truth under truth/)."""
    from stalkscreen.synth import generate

    end = _end_date(end_date)
    with Progress(TextColumn("{task.description:<28}"), BarColumn(), TimeElapsedColumn(), console=console,
                  transient=True) as progress:
        task = progress.add_task("starting", total=_STEPS)
        summary = generate(crimes, seed, out, format.value, end,
                           step=lambda name: progress.update(task, description=name, advance=1))
    table = Table(title=f"synthetic force: {out}", show_lines=False)
    for column in ("file", "rows", "malformed"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for file_name, rows in summary.rows.items():
        table.add_row(file_name, f"{rows:,}", str(summary.malformed.get(file_name, "")))
    console.print(table)
    share = summary.stalking_crimes / crimes
    console.print(f"{crimes:,} crimes, {summary.campaigns:,} stalking campaigns covering {summary.stalking_crimes:,} "
                  f"crimes ({share:.1%}); truth in {out / 'truth'}; {summary.seconds:.1f} s", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)
