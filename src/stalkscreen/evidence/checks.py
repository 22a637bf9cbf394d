"""The row checks of an extraction, as one DuckDB query per kind: `_ev_in` (text) becomes
`_ev_checked`, with the typed columns of the kind's table, the row's line and raw text, and `reason`
(NULL for a good row; otherwise every problem found, naming the field and what was expected)."""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from stalkscreen.evidence import values

# The words of a field are compared lower-case, trimmed, with runs of spaces and underscores as one space.
WORD = "regexp_replace(lower(i.\"{column}\"), '[\\s_]+', ' ', 'g')"


@dataclass
class Query:
    """A SELECT over `_ev_in i` being built: output columns, joins, reason expressions, parameters."""
    columns: list[str] = field(default_factory=list)
    joins: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)

    def param(self, name: str, value) -> str:
        self.params[name] = value
        return f"${name}"

    def sql(self) -> str:
        reason = f"nullif(concat_ws('; ', {', '.join(self.reasons)}), '')" if self.reasons else "NULL"
        return (f"CREATE OR REPLACE TEMP TABLE _ev_checked AS SELECT {', '.join(self.columns)}, i._line, i._raw, "
                f"{reason} AS reason FROM _ev_in i {' '.join(self.joins)}")


def run(con: duckdb.DuckDBPyConnection, kind: str, owner: str, device: str | None) -> None:
    """Create `_ev_checked` for the kind (`_ev_times` must exist for contacts and locations, and
    `_ev_parties` for contacts)."""
    _words_table(con)
    query = Query()
    query.columns.append(f"{query.param('owner', owner)} AS owner_person_record_id")
    {"contacts": _contacts, "locations": _locations, "places": _places}[kind](query, device)
    con.execute(query.sql(), query.params)


def _words_table(con) -> None:
    rows = [(f, word, value) for f, words in values.WORDS.items() for word, value in words.items()]
    table = pa.table({"field": [r[0] for r in rows], "word": [r[1] for r in rows], "value": [r[2] for r in rows]})
    con.register("_ev_words_arrow", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _ev_words AS SELECT * FROM _ev_words_arrow")
    finally:
        con.unregister("_ev_words_arrow")


def _time(q: Query) -> None:
    q.joins.append("JOIN _ev_times t ON t._line = i._line")
    q.columns.append("t.at_utc")
    q.reasons.append("t.time_reason")


def _device(q: Query, device: str) -> None:
    q.columns.append(f"coalesce(i.device, {q.param('device', device)}) AS device")


def _word(q: Query, column: str, required: bool, default: str | None = None) -> str:
    """Join the field's words; return the canonical value's expression."""
    alias = f"w_{column}"
    q.joins.append(f"LEFT JOIN _ev_words {alias} ON {alias}.field = '{column}' "
                   f"AND {alias}.word = {WORD.format(column=column)}")
    allowed = q.param(f"allowed_{column}", values.allowed(column))
    empty = f"'{column} is empty (expected one of ' || {allowed} || ')'" if required else "NULL"
    q.reasons.append(f"CASE WHEN i.\"{column}\" IS NULL THEN {empty} WHEN {alias}.value IS NULL "
                     f"THEN format('{column} ''{{}}'' is not one of {{}}', i.\"{column}\", {allowed}) END")
    return f"coalesce({alias}.value, {q.param(f'default_{column}', default)})" if default else f"{alias}.value"


def _number(q: Query, column: str, low: float | None, high: float | None, required: bool,
            whole: bool = False) -> str:
    """Check a number within [low, high]; return its value's expression (DOUBLE)."""
    value = f"try_cast(i.\"{column}\" AS DOUBLE)"
    what = "a whole number" if whole else "a number"
    bounds = f"from {low:g} to {high:g}" if high is not None else f"{low:g} or more"
    expected = q.param(f"expected_{column}", f"{what} {bounds}")
    empty = f"'{column} is empty (expected ' || {expected} || ')'" if required else "NULL"
    outside = f"{value} < {low}" + (f" OR {value} > {high}" if high is not None else "")
    if whole:
        outside += f" OR {value} <> floor({value}) OR {value} > 2147483647"
    q.reasons.append(
        f"CASE WHEN i.\"{column}\" IS NULL THEN {empty} "
        f"WHEN {value} IS NULL OR NOT isfinite({value}) "
        f"THEN format('{column} ''{{}}'' is not a number: expected {{}}', i.\"{column}\", {expected}) "
        f"WHEN {outside} THEN format('{column} ''{{}}'' is out of range: expected {{}}', i.\"{column}\", {expected}) END")
    return value


def _contacts(q: Query, device: str) -> None:
    _device(q, device)
    _time(q)
    direction, channel = _word(q, "direction", True), _word(q, "channel", True)
    q.joins.append("LEFT JOIN _ev_parties p ON p.party_raw = i.party")
    q.reasons.append("CASE WHEN i.party IS NULL THEN 'party is empty (expected a phone number, email address or "
                     "handle)' ELSE p.party_reason END")
    duration = _number(q, "duration_s", 0, None, False, whole=True)
    q.columns += [f"{direction} AS direction", f"{channel} AS channel", "i.party AS party_raw",
                  f"CASE WHEN p.party_kind = 'handle' THEN {channel} || ':' || p.party_value "
                  "ELSE p.party_value END AS party",
                  "p.party_kind", f"CAST({duration} AS INTEGER) AS duration_s", "i.content"]


def _locations(q: Query, device: str) -> None:
    _device(q, device)
    _time(q)
    latitude, longitude = _number(q, "latitude", -90, 90, True), _number(q, "longitude", -180, 180, True)
    accuracy = _number(q, "accuracy_m", 0, None, False)
    source = _word(q, "source", True)
    q.columns += [f"{latitude} AS latitude", f"{longitude} AS longitude", f"{accuracy} AS accuracy_m",
                  f"{source} AS location_source"]


def _places(q: Query, device: str | None) -> None:
    q.reasons.append("CASE WHEN i.place IS NULL THEN 'place is empty (expected a label such as home)' END")
    kind = _word(q, "place_kind", False, default="other")
    latitude, longitude = _number(q, "latitude", -90, 90, True), _number(q, "longitude", -180, 180, True)
    radius = _number(q, "radius_m", 0, None, False)
    q.columns += ["i.place", f"{kind} AS place_kind", f"{latitude} AS latitude", f"{longitude} AS longitude",
                  f"coalesce({radius}, 0) AS radius_m"]
