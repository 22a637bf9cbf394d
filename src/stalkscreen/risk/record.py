"""`risk record`: check a file of completed assessments and store them, all or nothing.

Re-recording: a risk assessment is a dated record of what a victim said and what an officer
judged, so it is never silently replaced. The same assessment id with the same content again
is a no-op (a file can be sent twice safely); with different content it is refused, and the
change is recorded as a new assessment (a review) with its own id."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.risk import answer_files, checks
from stalkscreen.risk.checks import Assessment
from stalkscreen.risk.instruments import Bank

SHOWN_PROBLEMS = 25


@dataclass
class Report:
    file: str
    bank_version: str
    recorded: list[Assessment] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _refuse(path: Path, problems: list[str]) -> StalkscreenError:
    shown = problems[:SHOWN_PROBLEMS]
    more = f"\n... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
    return StalkscreenError(f"{path}: {len(problems)} problem(s); nothing was recorded:\n" + "\n".join(shown) + more,
                            hint="correct the file and record it again; see docs/risk.md for the layout")


def _against_store(con: duckdb.DuckDBPyConnection, assessments: list[Assessment]) -> tuple[list[str], set[str]]:
    """Problems with the store (unknown crime or victim, an id already used), and the ids already
    recorded with the same content."""
    con.execute("CREATE OR REPLACE TEMP TABLE _risk_new (assessment_id VARCHAR, crime_id VARCHAR, "
                "person_record_id VARCHAR, content_hash VARCHAR, pos INTEGER)")
    con.executemany("INSERT INTO _risk_new VALUES (?, ?, ?, ?, ?)",
                    [[a.assessment_id, a.crime_id, a.person_record_id, a.content_hash(), i]
                     for i, a in enumerate(assessments)])
    rows = con.execute("""
        SELECT n.pos,
               n.crime_id NOT IN (SELECT crime_id FROM crimes) AS no_crime,
               n.person_record_id IS NOT NULL AND NOT EXISTS (
                   SELECT 1 FROM person_records p WHERE p.person_record_id = n.person_record_id
                     AND p.crime_id = n.crime_id) AS no_person,
               n.assessment_id IN (SELECT assessment_id FROM risk_assessments) AS ingested,
               r.content_hash AS stored_hash, r.source_file, r.recorded_at
        FROM _risk_new n LEFT JOIN risk_records r USING (assessment_id) ORDER BY n.pos""").fetchall()
    con.execute("DROP TABLE _risk_new")
    problems, same = [], set()
    for pos, no_crime, no_person, ingested, stored_hash, source, at in rows:
        a = assessments[pos]
        if no_crime:
            problems.append(f"{a.where}: crime {a.crime_id} is not in the store")
        elif no_person:
            problems.append(f"{a.where}: person record {a.person_record_id} is not a person on crime {a.crime_id}")
        if ingested:
            problems.append(f"{a.where}: assessment {a.assessment_id} is an assessment loaded from the force export; "
                            "give the new assessment its own id")
        elif stored_hash == a.content_hash():
            same.add(a.assessment_id)
        elif stored_hash is not None:
            problems.append(f"{a.where}: assessment {a.assessment_id} was already recorded from {source} at "
                            f"{at:%Y-%m-%d %H:%M} with different answers or fields; a recorded assessment is never "
                            "replaced: record the review as a new assessment id")
    return problems, same


def _write(con: duckdb.DuckDBPyConnection, assessments: list[Assessment], bank: Bank, source: str,
           now: dt.datetime) -> None:
    if not assessments:  # everything was already recorded
        return
    con.executemany(
        "INSERT INTO risk_records VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[a.assessment_id, a.crime_id, a.person_record_id, a.instrument.id, a.instrument.version, a.completed_at,
          a.assessor, a.score.assessor_level, a.score.yes, a.score.no, a.score.not_known, a.score.suggested_level,
          a.score.lower_than_suggested, bank.version, a.content_hash(), source, now] for a in assessments])
    con.executemany("INSERT INTO risk_answers VALUES (?, ?, ?, ?, ?)",
                    [[a.assessment_id, x.item_id, x.number, x.answer, x.comment] for a in assessments for x in a.answers])


def run(con: duckdb.DuckDBPyConnection, path: Path, bank: Bank, now: dt.datetime | None = None) -> Report:
    """Record every assessment in the file, or none: any problem refuses the whole file."""
    path = Path(path)
    now = now or dt.datetime.now().replace(microsecond=0)
    assessments, problems = checks.check_all(answer_files.read(path), bank, now)
    if problems:
        raise _refuse(path, problems)
    with store.transaction(con):  # checked and written in one transaction: nothing can slip between
        found, same = _against_store(con, assessments)
        if found:
            raise _refuse(path, found)
        report = Report(str(path), bank.version, [a for a in assessments if a.assessment_id not in same],
                        sorted(same))
        _write(con, report.recorded, bank, path.name, now)
    return report
