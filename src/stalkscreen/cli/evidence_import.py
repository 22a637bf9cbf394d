"""`stalkscreen evidence import | sources | quarantine | attribute`: extraction files attached to a
crime, what was imported and refused, and an investigator's attribution of a party to a person."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import Format, emit, say
from stalkscreen.evidence import importing

CASE_HELP = "The crime_id the extraction is evidence for."
FORMAT_HELP = "table, csv or json (csv and json go to stdout)."


def import_extraction(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="A CSV (with a header row) or JSON Lines (.jsonl) extraction."),
    case: str = typer.Option(..., "--case", help=CASE_HELP),
    kind: str = typer.Option(..., "--kind", help="contacts, locations or places."),
    mapping: Optional[Path] = typer.Option(None, "--mapping", help="A YAML file naming the file's columns "
                                           "(`columns:`), its zone (`timezone:`) and time format (`timestamp_format:`)."),
    owner: str = typer.Option("victim", "--owner", help="Whose device or places: a person_record_id on the crime, "
                              "or victim / suspect for the crime's only one."),
    device: Optional[str] = typer.Option(None, "--device", help="The device's label where the file has no device "
                                         "column (default: <owner>-device)."),
    timezone: Optional[str] = typer.Option(None, "--timezone", help="The zone of times written without an offset, "
                                           "e.g. Europe/London (overrides the mapping's)."),
    by: Optional[str] = typer.Option(None, "--by", help="Who imports it (default: your user name)."),
) -> None:
    """Import an extraction for a crime in one transaction: hashed, times in UTC, bad rows quarantined."""
    with store.connect(ctx.obj["db"]) as con:
        r = importing.run(con, file, case, kind, owner, mapping=mapping, device=device, timezone=timezone,
                          by=by or getpass.getuser())
    if r.already_imported is not None:
        say(f"{file.name}: already imported as source {r.already_imported} (sha256 {r.content_hash}); nothing to do")
        return
    say(f"{file.name} → {r.kind} of {r.owner_person_record_id} on {r.crime_id}: read {r.rows_read:,} = "
         f"loaded {r.rows_loaded:,} + duplicates {r.rows_duplicate:,} + quarantined {r.rows_quarantined:,}")
    say(f"source {r.source_id}; sha256 {r.content_hash}")
    if r.kind == "contacts":
        say(f"{r.parties_matched} part{'y' if r.parties_matched == 1 else 'ies'} matched to a person record")
    if r.rows_quarantined:
        say(f"see the refused rows: stalkscreen evidence quarantine --case {r.crime_id} --source {r.source_id}")


def sources(
    ctx: typer.Context,
    case: str = typer.Option(..., "--case", help=CASE_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """The files imported for a crime: hash, who imported them and when, and the counts."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        importing.check_crime(con, case)
        rows = importing.sources(con, case)
    emit(rows, fmt, importing.SOURCE_COLUMNS, title=f"{len(rows)} evidence file(s) for {case}",
         brief=["source_id", "kind", "file", "content_hash", "owner_person_record_id", "imported_by", "imported_at",
                "rows_read", "rows_loaded", "rows_duplicate", "rows_quarantined"])


def quarantine(
    ctx: typer.Context,
    case: str = typer.Option(..., "--case", help=CASE_HELP),
    source: Optional[int] = typer.Option(None, "--source", help="Only this imported file (its source id)."),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """The rows refused at import for a crime, with line, reason and raw text."""
    with store.connect(ctx.obj["db"], read_only=True) as con:
        importing.check_crime(con, case)
        rows = importing.quarantined(con, case, source)
    emit(rows, fmt, importing.QUARANTINE_COLUMNS, title=f"{len(rows)} refused row(s) for {case}",
         brief=["source_id", "line", "reason", "raw"])


def attribute(
    ctx: typer.Context,
    case: str = typer.Option(..., "--case", help=CASE_HELP),
    party: str = typer.Option(..., "--party", help="The identifier as written: a phone number, an email, or "
                              "channel:handle (a handle alone where it is on one channel)."),
    person: str = typer.Option(..., "--person", help="The person_record_id the party is."),
    note: Optional[str] = typer.Option(None, "--note", help="Why: the grounds for the attribution."),
    by: Optional[str] = typer.Option(None, "--by", help="Who attributes it (default: your user name)."),
) -> None:
    """Record that a contact party is a person (an investigator's attribution)."""
    with store.connect(ctx.obj["db"]) as con:
        row = importing.attribute(con, case, party, person, note=note, by=by or getpass.getuser())
    done = "attributed" if row["added"] else "already attributed"
    say(f"{row['party']} {done} to {row['person_record_id']} on {case} by {row['by']}")


def add(evidence_app: typer.Typer) -> None:
    evidence_app.command("import")(import_extraction)
    evidence_app.command("sources")(sources)
    evidence_app.command("quarantine")(quarantine)
    evidence_app.command("attribute")(attribute)
