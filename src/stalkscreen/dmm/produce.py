"""Producing the list for a meeting day: the look-back, every section, the versions used; and
recording it (`run`), which replaces any list already produced for that day."""

from __future__ import annotations

import datetime as dt

import duckdb

from stalkscreen.casework.rules import Rules
from stalkscreen.dmm import cases, harm, overdue, record, sections
from stalkscreen.dmm.model import DmmList, numbered
from stalkscreen.dmm.rules import DmmRules
from stalkscreen.dmm.window import look_back
from stalkscreen.reference.offences import Catalogue


def _scalar(con, sql: str, params: list | None = None):
    row = con.execute(sql, params or []).fetchone()
    return row[0] if row else None


def versions(con: duckdb.DuckDBPyConnection, rules: DmmRules, casework: Rules, catalogue: Catalogue,
             harm_run: int | None) -> dict:
    """What the list was made from: rule files, the offence catalogue, the latest screening and harm runs."""
    screen = con.execute("SELECT run_id, rules_version FROM screen_runs ORDER BY run_id DESC LIMIT 1").fetchone()
    spec = (_scalar(con, "SELECT any_value(spec_version) FROM harm_scores WHERE harm_run_id = ?", [harm_run])
            if harm_run is not None else None)
    return {"dmm_rules": rules.version, "casework_rules": casework.version, "offences": catalogue.version,
            "screen_run": screen[0] if screen else None, "screening_rules": screen[1] if screen else None,
            "harm_run": harm_run, "harm_spec": spec}


def produce(con: duckdb.DuckDBPyConnection, day: dt.date, rules: DmmRules, casework: Rules,
            catalogue: Catalogue, now: dt.datetime | None = None) -> DmmList:
    """The list for the meeting on `day` (not recorded)."""
    window = look_back(rules, day)
    cases.prepare(con, catalogue)
    made = DmmList(window, {}, produced_at=(now or dt.datetime.now()).replace(microsecond=0))
    made.sections["new_high_risk"] = sections.new_high_risk(con, rules, catalogue, window)
    made.sections["breaches"] = sections.breaches(con, rules, catalogue, window)
    made.sections["new_flags"] = sections.new_flags(con, rules, catalogue, window)
    harm_run = harm.latest_run(con)
    try:
        made.sections["high_harm"] = harm.high_harm(con, rules, window, harm_run)
    except harm.Unavailable as exc:
        made.unavailable.add("high_harm")
        made.notes["high_harm"] = [str(exc)]
    made.sections["overdue"] = overdue.overdue(con, rules, casework, window)
    made.sections = {s: numbered(lines) for s, lines in made.sections.items()}
    made.versions = versions(con, rules, casework, catalogue, harm_run)
    return made


def run(con: duckdb.DuckDBPyConnection, day: dt.date, rules: DmmRules, casework: Rules, catalogue: Catalogue,
        now: dt.datetime | None = None) -> DmmList:
    """Produce the day's list and record it in dmm_lists (replacing that day's record)."""
    made = produce(con, day, rules, casework, catalogue, now)
    record.save(con, made)
    return made
