"""A tiny force written straight into a store, for one rule at a time: crimes and their offences,
suspects and victims as people already linked, their dyads, orders, and a link run (screening
refuses a store that was never linked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from stalkscreen import store
from stalkscreen.reference import offences

NEUTRAL = "Report taken at the front counter. Details recorded and passed to the investigating officer."
CATALOGUE = offences.load()


def day(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


class HandMade:
    def __init__(self, path: Path, linked: bool = True):
        self.path, self.linked = path, linked
        self.con = store.connect(path)
        self.parties: list[tuple[str, str, str, str]] = []  # crime, suspect person, victim person, relationship
        self.dates: dict[str, dt.datetime] = {}

    def crime(self, crime_id: str, when: str, code: str, included: tuple[str, ...] = (), narrative: str = NEUTRAL,
              record_type: str = "crime") -> "HandMade":
        name = CATALOGUE.get(code).name
        self.dates[crime_id] = day(when)
        self.con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, occurred_from, offence_code, offence, "
                         "narrative, ingest_run_id) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                         [crime_id, record_type, day(when), day(when), code, name, narrative])
        for role, each in [("principal", code)] + [("included", c) for c in included]:
            self.con.execute("INSERT INTO offences VALUES (?, ?, ?, ?, 1)",
                             [crime_id, each, CATALOGUE.get(each).name, role])
        return self

    def party(self, crime_id: str, suspect: str, victim: str, relationship: str = "acquaintance") -> "HandMade":
        """A suspect and a victim on the crime: new person records of the people named."""
        for role, person, rel in (("suspect", suspect, relationship), ("victim", victim, None)):
            self.con.execute("INSERT INTO person_records (person_record_id, crime_id, role, surname, relationship, "
                             "ingest_run_id) VALUES (?, ?, ?, ?, ?, 1)",
                             [f"{crime_id}-{role}", crime_id, role, person, rel])
            if self.linked:
                self.con.execute("INSERT INTO people VALUES (?, ?, 0.99, 'linked', NULL, 1)",
                                 [person, f"{crime_id}-{role}"])
        self.parties.append((crime_id, suspect, victim, relationship))
        return self

    def order(self, order_id: str, on_crime: str, made_on: str, expires_on: str | None = None,
              order_type: str = "SPO", discharged_on: str | None = None) -> "HandMade":
        """An order whose subject and protected person are the suspect and victim records of on_crime."""
        self.con.execute("INSERT INTO orders (order_id, order_type, subject_person_record_id, "
                         "protected_person_record_id, made_on, expires_on, status, ingest_run_id) "
                         "VALUES (?, ?, ?, ?, ?, ?, 'active', 1)",
                         [order_id, order_type, f"{on_crime}-suspect", f"{on_crime}-victim", made_on, expires_on])
        if discharged_on:
            self.con.execute("INSERT INTO order_events VALUES (?, 'discharged', ?, NULL, NULL, 1)",
                             [order_id, day(discharged_on)])
        return self

    def close(self) -> Path:
        if self.linked:
            self._dyads()
            self.con.execute("INSERT INTO link_runs (run_id, started_at, mode, engine, settings_version, threshold, "
                             "ingest_run_seen) VALUES (1, now(), 'full', 'duckdb', 'test', 0.95, 1)")
        self.con.close()
        return self.path

    def _dyads(self) -> None:
        pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
        for crime_id, suspect, victim, relationship in self.parties:
            pairs.setdefault((suspect, victim), []).append((crime_id, relationship))
        for (suspect, victim), crimes in pairs.items():
            ids = sorted(c for c, _ in crimes)
            dates = [self.dates[c].date() for c in ids]
            self.con.execute("INSERT INTO dyads VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, [], 1)",
                             [f"D-{suspect}-{victim}", suspect, victim, ids, len(ids), min(dates), max(dates),
                              sorted({r for _, r in crimes})])
