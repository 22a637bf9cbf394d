"""Reading harm runs: the latest run (the DMM list reads it), the ranking, and one subject's score
explained crime by crime."""

from __future__ import annotations

import datetime as dt
import json

import duckdb

from stalkscreen.errors import StalkscreenError

KINDS = ("person", "dyad")
COLUMNS = ["rank", "subject_kind", "subject_id", "suspect_person_id", "victim_person_id", "score", "gravity",
           "recency", "frequency", "frequency_factor", "victimisation", "victims", "repeat_victims", "crimes",
           "serial", "serial_victims", "last_crime_at", "harm_run_id", "as_of", "spec_version", "index_version",
           "computed_at"]
CRIME_COLUMNS = ["crime_id", "record_type", "recorded_at", "age_days", "offence_code", "cchi_days", "uplift",
                 "gravity_days", "gravity_basis", "weight_recency", "in_frequency_window", "contribution"]


def latest_run(con: duckdb.DuckDBPyConnection) -> int | None:
    """The newest harm run's id, or None when harm has never run on this store."""
    return con.execute("SELECT max(harm_run_id) FROM harm_runs").fetchone()[0]


def _rows(con: duckdb.DuckDBPyConnection, query: str, params: list) -> list[dict]:
    cursor = con.execute(query, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def choose_run(con: duckdb.DuckDBPyConnection, run_id: int | None = None, as_of: dt.date | None = None) -> dict:
    """The run asked for (by id, or the latest made as of a day), else the latest; an error if none."""
    found = _rows(con, """SELECT * EXCLUDE (spec) FROM harm_runs
                          WHERE (?::BIGINT IS NULL OR harm_run_id = ?) AND (?::DATE IS NULL OR as_of = ?)
                            AND harm_run_id IN (SELECT DISTINCT harm_run_id FROM harm_scores)
                          ORDER BY harm_run_id DESC LIMIT 1""", [run_id, run_id, as_of, as_of])
    if found:
        return found[0]
    if run_id is not None:
        raise StalkscreenError(f"no harm run {run_id} with scores in this store",
                               hint="the latest runs are kept; list them with `stalkscreen harm runs`")
    if as_of is not None:
        raise StalkscreenError(f"no harm run as of {as_of}",
                               hint=f"make one with `stalkscreen harm run --as-of {as_of}`")
    raise StalkscreenError("no harm scores in this store yet", hint="make them with `stalkscreen harm run`")


def stale(con: duckdb.DuckDBPyConnection, run: dict) -> bool:
    """Whether crimes were loaded or people linked since the run (its scores may be out of date)."""
    link, ingest = con.execute("SELECT (SELECT max(run_id) FROM link_runs), (SELECT max(ingest_run_id) FROM crimes)"
                               ).fetchone()
    return (link or 0) > (run["link_run_seen"] or 0) or (ingest or 0) > (run["ingest_run_seen"] or 0)


def ranking(con: duckdb.DuckDBPyConnection, run_id: int, kind: str | None = None, top: int | None = None) -> list[dict]:
    """The run's scores, highest first within each kind (persons before dyads); top per kind."""
    if kind is not None and kind not in KINDS:
        raise StalkscreenError(f"--kind '{kind}': expected one of {', '.join(KINDS)}")
    return _rows(con, f"""SELECT {', '.join(COLUMNS)} FROM harm_scores
                          WHERE harm_run_id = ? AND (?::VARCHAR IS NULL OR subject_kind = ?)
                            AND (?::INTEGER IS NULL OR rank <= ?)
                          ORDER BY subject_kind = 'dyad', rank""", [run_id, kind, kind, top, top])


def runs(con: duckdb.DuckDBPyConnection) -> list[dict]:
    return _rows(con, """SELECT harm_run_id, computed_at, as_of, spec_version, index_version, crimes_scored,
                                people, dyads, serial_people, default_gravity_crimes, unlinked_suspect_records,
                                harm_run_id IN (SELECT DISTINCT harm_run_id FROM harm_scores) AS scores_kept
                         FROM harm_runs ORDER BY harm_run_id DESC""", [])


def explain(con: duckdb.DuckDBPyConnection, subject_id: str, run_id: int, kind: str | None = None) -> list[dict]:
    """One entry per matching subject: its score row, its crimes (gravest contribution first) and
    the run's parameters."""
    scores = _rows(con, f"""SELECT {', '.join(COLUMNS)} FROM harm_scores
                            WHERE harm_run_id = ? AND subject_id = ? AND (?::VARCHAR IS NULL OR subject_kind = ?)
                            ORDER BY subject_kind = 'dyad'""", [run_id, subject_id, kind, kind])
    if not scores:
        raise StalkscreenError(f"'{subject_id}' has no harm score in run {run_id}",
                               hint="give a person_id or dyad_id from `stalkscreen harm` (a person with no crime "
                                    "as suspect in the window has no score)")
    spec = json.loads(con.execute("SELECT spec FROM harm_runs WHERE harm_run_id = ?", [run_id]).fetchone()[0])
    spec.pop("index", None)
    for score in scores:
        score["crimes_detail"] = _rows(con, f"""SELECT {', '.join(CRIME_COLUMNS)} FROM harm_score_crimes
                                                WHERE harm_run_id = ? AND subject_kind = ? AND subject_id = ?
                                                ORDER BY contribution DESC, recorded_at DESC, crime_id""",
                                       [run_id, score["subject_kind"], subject_id])
        score["parameters"] = spec
    return scores
