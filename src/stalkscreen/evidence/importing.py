"""The import half of digital evidence: a phone or account extraction (contacts, locations) or a
list of a person's places, read from CSV or JSON Lines and attached to a crime.

Each file is hashed and recorded in `evidence_sources` with who imported it and when; good rows go
to their table with times in UTC, refused rows to `evidence_quarantine` with the reason, and rows
already held (another extraction of the same device) are counted, not stored twice. Every row read
is accounted for: read = loaded + duplicates + quarantined. One file is one transaction, so a
failure leaves the store as it was; the same file again (same bytes, crime, kind, owner, mapping,
zone and device) does nothing.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass
from pathlib import Path

import duckdb

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import checks, columns, files, parties, times, values

TABLES = {"contacts": "evidence_contacts", "locations": "evidence_locations", "places": "evidence_places"}
# Columns written from `_ev_checked`, besides source_id, crime_id and line.
WRITTEN = {
    "contacts": ("owner_person_record_id", "device", "at_utc", "direction", "channel", "party_raw", "party",
                 "party_kind", "duration_s", "content"),
    "locations": ("owner_person_record_id", "device", "at_utc", "latitude", "longitude", "accuracy_m",
                  "location_source"),
    "places": ("owner_person_record_id", "place", "place_kind", "latitude", "longitude", "radius_m"),
}
# A row equal on these (and the crime) to one already held, or earlier in the file, is a duplicate.
# Places have no key in the schema: the same label, kind, point and extent for the same person.
KEYS = {
    "contacts": ("owner_person_record_id", "at_utc", "direction", "channel", "party"),
    "locations": ("device", "at_utc", "latitude", "longitude", "location_source"),
    "places": ("owner_person_record_id", "place", "place_kind", "latitude", "longitude", "radius_m"),
}
TEMP = ("_ev_in", "_ev_rejected", "_ev_json", "_ev_times", "_ev_parties", "_ev_words", "_ev_checked")
SOURCE_COLUMNS = ["source_id", "kind", "file", "content_hash", "mapping", "mapping_hash", "owner_person_record_id",
                  "device", "timezone", "imported_by", "imported_at", "rows_read", "rows_loaded", "rows_duplicate",
                  "rows_quarantined"]
QUARANTINE_COLUMNS = ["source_id", "file", "line", "reason", "raw", "quarantined_at"]
OWNER_ROLES = ("victim", "suspect")


@dataclass
class ImportReport:
    crime_id: str
    kind: str
    file: str
    content_hash: str
    owner_person_record_id: str
    source_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    parties_matched: int = 0          # distinct parties of this file's contacts linked to a person record
    already_imported: int | None = None   # the earlier source, when this file was imported before

    @property
    def skipped_reason(self) -> str | None:
        return None if self.already_imported is None else f"already imported as source {self.already_imported}"


def run(con: duckdb.DuckDBPyConnection, path: str | Path, crime_id: str, kind: str, owner: str, *,
        mapping: str | Path | None = None, device: str | None = None, timezone: str | None = None,
        by: str | None = None, now: dt.datetime | None = None) -> ImportReport:
    """Import one extraction file for a crime. owner: a person_record_id on the crime, or 'victim' /
    'suspect' for the only person record with that role."""
    path, kind = Path(path), check_kind(kind)
    files.check_file(path)
    check_crime(con, crime_id)
    owner_id = resolve_owner(con, crime_id, owner)
    rules = columns.load(mapping) if mapping else columns.Mapping()
    zone = times.check_zone(con, timezone or rules.timezone, "--timezone" if timezone else f"{mapping}: timezone")
    times.check_format(con, rules.timestamp_format, f"{mapping}")
    # Places belong to a person, not a device.
    device = None if kind == "places" else (device or "").strip() or f"{owner_id}-device"
    report = ImportReport(crime_id, kind, str(path), files.sha256(path), owner_id)
    by, now = (by or getpass.getuser()).strip(), now or utc_now()
    with store.transaction(con):
        report.already_imported = _previous(con, report, rules, zone, device)
        if report.already_imported is None:
            _import(con, path, report, rules, zone, device)
            if kind == "contacts":
                report.parties_matched = parties.match(con, crime_id, report.source_id, by, now)
            _quarantine(con, report, now)
            _record(con, report, rules, zone, device, by, now)
        for name in TEMP:
            con.execute(f"DROP TABLE IF EXISTS {name}")
    return report


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def check_kind(kind: str) -> str:
    if (kind or "").strip().lower() not in values.KINDS:
        raise StalkscreenError(f"unknown kind '{kind}'; expected one of {', '.join(values.KINDS)}",
                               hint="--kind contacts (calls, messages), locations (device fixes) or places (known places)")
    return kind.strip().lower()


def check_crime(con: duckdb.DuckDBPyConnection, crime_id: str) -> None:
    if not con.execute("SELECT count(*) FROM crimes WHERE crime_id = ?", [crime_id]).fetchone()[0]:
        raise StalkscreenError(f"no crime '{crime_id}' in the store",
                               hint="name a crime_id loaded with `stalkscreen ingest` (--case), or the right store (--db)")


def resolve_owner(con: duckdb.DuckDBPyConnection, crime_id: str, owner: str) -> str:
    """The owner's person_record_id: one given (it must be on the crime), or the crime's only victim
    or suspect."""
    people = con.execute("SELECT person_record_id, role FROM person_records WHERE crime_id = ? ORDER BY 1",
                         [crime_id]).fetchall()
    listed = ", ".join(f"{p} ({role})" for p, role in people) or "none"
    wanted = (owner or "").strip()
    if wanted.lower() in OWNER_ROLES:
        found = [p for p, role in people if role == wanted.lower()]
        if len(found) == 1:
            return found[0]
        problem = f"has no {wanted.lower()}" if not found else f"has {len(found)} {wanted.lower()}s ({', '.join(found)})"
        raise StalkscreenError(f"crime {crime_id} {problem}: say whose extraction this is with --owner PERSON_RECORD_ID",
                               hint=f"person records on {crime_id}: {listed}")
    if wanted not in {p for p, _ in people}:
        raise StalkscreenError(f"person record '{owner}' is not on crime {crime_id}",
                               hint=f"--owner is victim, suspect or a person record on the crime: {listed}")
    return wanted


def _previous(con, report: ImportReport, rules: columns.Mapping, zone: str | None, device: str | None) -> int | None:
    return con.execute(
        "SELECT min(source_id) FROM evidence_sources WHERE crime_id = ? AND kind = ? AND content_hash = ? "
        "AND owner_person_record_id = ? AND mapping_hash IS NOT DISTINCT FROM ? "
        "AND timezone IS NOT DISTINCT FROM ? AND device IS NOT DISTINCT FROM ?",
        [report.crime_id, report.kind, report.content_hash, report.owner_person_record_id, rules.content_hash,
         zone, device]).fetchone()[0]


def _import(con, path: Path, report: ImportReport, rules: columns.Mapping, zone: str | None,
            device: str | None) -> None:
    report.rows_read = files.read(con, path, report.kind, rules)
    if report.kind != "places":
        times.convert(con, zone, rules.timestamp_format)
    if report.kind == "contacts":
        parties.table(con)
    checks.run(con, report.kind, report.owner_person_record_id, device)
    report.source_id = con.execute("SELECT nextval('evidence_source_seq')").fetchone()[0]
    report.rows_loaded = _load(con, report)
    good, bad = con.execute("SELECT count(*) FILTER (reason IS NULL), count(*) FILTER (reason IS NOT NULL) "
                            "FROM _ev_checked").fetchone()
    rejected = con.execute("SELECT count(*) FROM _ev_rejected").fetchone()[0]
    report.rows_duplicate = good - report.rows_loaded
    report.rows_quarantined = bad + rejected
    if report.rows_read != report.rows_loaded + report.rows_duplicate + report.rows_quarantined:
        raise RuntimeError(f"evidence import lost rows: {report}")   # a bug, never the user's to fix


def _load(con, report: ImportReport) -> int:
    """Insert the good rows not already held; return how many."""
    table, written, key = TABLES[report.kind], WRITTEN[report.kind], KEYS[report.kind]
    return con.execute(f"""
        INSERT INTO {table} (source_id, crime_id, line, {', '.join(written)})
        SELECT $source, $crime, n._line, {', '.join('n.' + c for c in written)}
        FROM _ev_checked n
        ANTI JOIN (SELECT {', '.join(key)} FROM {table} WHERE crime_id = $crime) e
               ON {' AND '.join(f'e.{c} = n.{c}' for c in key)}
        WHERE n.reason IS NULL
        QUALIFY row_number() OVER (PARTITION BY {', '.join('n.' + c for c in key)} ORDER BY n._line) = 1""",
                       {"source": report.source_id, "crime": report.crime_id}).fetchone()[0]


def _quarantine(con, report: ImportReport, now: dt.datetime) -> None:
    con.execute("""INSERT INTO evidence_quarantine (source_id, crime_id, file, line, raw, reason, quarantined_at)
                   SELECT $source, $crime, $file, _line, _raw, reason, $now FROM (
                       SELECT _line, _raw, reason FROM _ev_checked WHERE reason IS NOT NULL
                       UNION ALL SELECT _line, _raw, reason FROM _ev_rejected)""",
                {"source": report.source_id, "crime": report.crime_id, "file": report.file, "now": now})


def _record(con, report: ImportReport, rules: columns.Mapping, zone: str | None, device: str | None, by: str,
            now: dt.datetime) -> None:
    con.execute(
        "INSERT INTO evidence_sources (source_id, crime_id, kind, file, content_hash, mapping, mapping_hash, "
        "owner_person_record_id, device, timezone, imported_by, imported_at, rows_read, rows_loaded, "
        "rows_duplicate, rows_quarantined) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [report.source_id, report.crime_id, report.kind, report.file, report.content_hash,
         str(rules.path) if rules.path else None, rules.content_hash, report.owner_person_record_id, device, zone,
         by, now, report.rows_read, report.rows_loaded, report.rows_duplicate, report.rows_quarantined])


# ---- what the report, the CLI and the web page read -------------------------------------------------

def sources(con: duckdb.DuckDBPyConnection, crime_id: str) -> list[dict]:
    """The files imported for a crime, oldest first, with hash, importer, time and counts."""
    found = con.execute(f"SELECT {', '.join(SOURCE_COLUMNS)} FROM evidence_sources WHERE crime_id = ? "
                        "ORDER BY source_id", [crime_id]).fetchall()
    return [dict(zip(SOURCE_COLUMNS, r)) for r in found]


def quarantined(con: duckdb.DuckDBPyConnection, crime_id: str, source_id: int | None = None) -> list[dict]:
    """The rows refused for a crime (or one of its sources), by source and line, with the reason."""
    found = con.execute(f"SELECT {', '.join(QUARANTINE_COLUMNS)} FROM evidence_quarantine WHERE crime_id = ? "
                        "AND (? IS NULL OR source_id = ?) ORDER BY source_id, line",
                        [crime_id, source_id, source_id]).fetchall()
    return [dict(zip(QUARANTINE_COLUMNS, r)) for r in found]


def attribute(con: duckdb.DuckDBPyConnection, crime_id: str, party: str, person_record_id: str, *,
              note: str | None = None, by: str | None = None, now: dt.datetime | None = None) -> dict:
    """An investigator says the party (normalised as at import) is this person record. Returns the
    row, with `added` False when the same attribution was already recorded."""
    check_crime(con, crime_id)
    with store.transaction(con):
        return parties.attribute(con, crime_id, party, person_record_id, (note or "").strip() or None,
                                 (by or getpass.getuser()).strip(), now or utc_now())
