"""`stalkscreen evidence`: phone and account extractions attached to a crime (import, sources,
quarantine, attribute: cli/evidence_import.py) and the report and evidence pack on a crime."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli import evidence_import
from stalkscreen.cli.output import Format, console, emit, json_default
from stalkscreen.evidence.findings import Parameters

evidence_app = typer.Typer(help="Digital evidence: import extractions, report on a case, write the evidence pack.",
                           no_args_is_help=True)
evidence_import.add(evidence_app)
DEFAULTS = Parameters()


@evidence_app.command("report")
def report(
    ctx: typer.Context,
    crime_id: str = typer.Argument(..., help="The crime the extractions were imported against."),
    out: Optional[Path] = typer.Option(None, "--out", help="Write the evidence pack (HTML, PDF, CSV, manifest) into this folder."),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="With --out: also the PDF (the slowest part)."),
    timezone: str = typer.Option(DEFAULTS.timezone, "--timezone", help="Count days, hours and weekdays in this zone."),
    window_minutes: int = typer.Option(DEFAULTS.window_minutes, "--window-minutes", help="Co-location: fixes this close in time."),
    distance_m: float = typer.Option(DEFAULTS.distance_m, "--distance-m", help="Co-location: fixes this close in space (metres)."),
    baseline_days: int = typer.Option(DEFAULTS.baseline_days, "--baseline-days", help="Escalation: the trailing baseline window."),
    fmt: Format = typer.Option(Format.table, "--format", help="table, csv or json for the summary (csv and json go to stdout)."),
) -> None:
    """Contact timeline, core times, escalation and co-location for a crime; --out writes the pack."""
    from stalkscreen.evidence import analysis, pack  # here: the charts' libraries take a while to import

    settings = Parameters(timezone=timezone, window_minutes=window_minutes, distance_m=distance_m,
                          baseline_days=baseline_days)
    with store.connect(ctx.obj["db"], read_only=True) as con:
        findings = analysis.report(con, crime_id, settings)
    if fmt == Format.json:
        whole = {"crime_id": crime_id, "method_version": findings.method_version,
                 "parameters": findings.parameters.as_dict(), **findings.tables()}
        json.dump(whole, sys.stdout, ensure_ascii=False, indent=1, default=json_default)
        sys.stdout.write("\n")
    elif fmt == Format.csv:
        emit(findings.pairs, fmt)   # the other tables are CSV files in the pack (--out)
    else:
        emit(findings.pairs, fmt, title=f"crime {crime_id}: contact between suspect and victim",
             brief=["pair", "contacts", "first_contact", "last_contact", "longest_run_days", "after_order"])
        emit(findings.escalations, fmt, title="escalation periods",
             brief=["pair", "period_from", "period_to", "peak_day", "peak_contacts", "baseline_mean"])
        emit(findings.colocations, fmt, title="co-location occasions",
             brief=["occasion", "suspect_device", "near", "started_at", "duration_minutes", "min_distance_m"])
    if out is not None:
        for path in pack.write(findings, out, pdf=pdf):
            console.print(f"wrote {path}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(evidence_app, name="evidence")
