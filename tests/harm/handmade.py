"""Stores written by hand for the harm tests: crimes with their offences, suspects and victims as
people already linked (each person record is its own person unless told otherwise), and the
suspect-victim dyads the link stage would make. Ages are whole days before AS_OF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from stalkscreen import store
from stalkscreen.harm import index as harm_index
from stalkscreen.harm import run as harm_run
from stalkscreen.harm import spec as harm_spec
from stalkscreen.reference import offences

AS_OF = dt.date(2026, 10, 31)
CATALOGUE = offences.load()


@dataclass
class Crime:
    crime_id: str
    age_days: int
    code: str
    suspects: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    included: tuple[str, ...] = ()
    record_type: str = "crime"
    domestic_abuse: bool = False


@dataclass
class Force:
    crimes: list[Crime] = field(default_factory=list)

    def add(self, *crimes: Crime) -> "Force":
        self.crimes.extend(crimes)
        return self


def recorded(age_days: int) -> dt.datetime:
    """Midday, age_days before AS_OF."""
    return dt.datetime.combine(AS_OF - dt.timedelta(days=age_days), dt.time(12, 0))


def _name(code: str) -> str:
    known = CATALOGUE.get(code)
    return known.name if known else "local offence"


def write(con: duckdb.DuckDBPyConnection, force: Force) -> None:
    """The force's rows, people and dyads, in one transaction."""
    with store.transaction(con):
        for c in force.crimes:
            con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, domestic_abuse, "
                        "ingest_run_id) VALUES (?, ?, ?, ?, ?, ?, 1)",
                        [c.crime_id, c.record_type, recorded(c.age_days), c.code, _name(c.code), c.domestic_abuse])
            offences_rows = [(c.code, "principal")] + [(i, "included") for i in c.included]
            con.executemany("INSERT INTO offences VALUES (?, ?, ?, ?, 1)",
                            [[c.crime_id, code, _name(code), role] for code, role in offences_rows])
            for role, people in (("suspect", c.suspects), ("victim", c.victims)):
                for person in people:
                    record = f"{c.crime_id}-{person}"
                    con.execute("INSERT INTO person_records (person_record_id, crime_id, role, ingest_run_id) "
                                "VALUES (?, ?, ?, 1)", [record, c.crime_id, role])
                    con.execute("INSERT INTO people (person_id, person_record_id, status, link_run_id) "
                                "VALUES (?, ?, 'linked', 1)", [person, record])
        con.execute("""INSERT INTO dyads (dyad_id, suspect_person_id, victim_person_id, crime_ids, crimes, incidents,
                                          link_run_id)
                       SELECT s.person_id || '>' || v.person_id, s.person_id, v.person_id,
                              list(DISTINCT s.crime_id ORDER BY s.crime_id), count(DISTINCT s.crime_id), 0, 1
                       FROM (SELECT p.person_id, r.crime_id, r.role FROM person_records r
                             JOIN people p USING (person_record_id)) s
                       JOIN (SELECT p.person_id, r.crime_id, r.role FROM person_records r
                             JOIN people p USING (person_record_id)) v
                         ON v.crime_id = s.crime_id AND v.role = 'victim' AND v.person_id <> s.person_id
                       WHERE s.role = 'suspect' GROUP BY s.person_id, v.person_id""")


def accept_reclassification(con: duckdb.DuckDBPyConnection, crime_id: str, code: str, role: str = "principal") -> None:
    """A reviewer's accepted flag recording `code` on the crime (as the screen stage records it)."""
    con.execute("INSERT INTO flag_reviews VALUES (1, ?, 'accepted', 'stalking', 'DS 1', ?, [], 0.9, 1)",
                [crime_id, recorded(0)])
    con.execute("INSERT INTO classification_changes VALUES (?, ?, ?, ?, 1, 'DS 1', ?)",
                [crime_id, code, _name(code), role, recorded(0)])


def spec(harm_file: Path | None = None, index_file: Path | None = None) -> harm_spec.Spec:
    return harm_spec.load(CATALOGUE, harm_index.load(CATALOGUE, index_file), harm_file)


def scored(force: Force, the_spec: harm_spec.Spec | None = None, path: str = ":memory:") -> duckdb.DuckDBPyConnection:
    """A store holding the force, with one harm run made as of AS_OF."""
    con = store.connect(path)
    write(con, force)
    harm_run.run(con, the_spec or spec(), CATALOGUE, AS_OF)
    return con


def score(con: duckdb.DuckDBPyConnection, subject_id: str, kind: str = "person") -> dict | None:
    cursor = con.execute("SELECT * FROM harm_scores WHERE subject_kind = ? AND subject_id = ? "
                         "AND harm_run_id = (SELECT max(harm_run_id) FROM harm_runs)", [kind, subject_id])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row)) if row else None


def crimes_of(con: duckdb.DuckDBPyConnection, subject_id: str, kind: str = "person") -> dict[str, dict]:
    cursor = con.execute("SELECT * FROM harm_score_crimes WHERE subject_kind = ? AND subject_id = ? "
                         "AND harm_run_id = (SELECT max(harm_run_id) FROM harm_runs)", [kind, subject_id])
    names = [d[0] for d in cursor.description]
    return {row[names.index("crime_id")]: dict(zip(names, row)) for row in cursor.fetchall()}
