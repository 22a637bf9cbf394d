"""An extraction's times to UTC, set-based in DuckDB (ICU): the temp table `_ev_times` holds, per
row of `_ev_in`, the instant as a naive UTC timestamp or the reason it has none.

A time with an offset (`Z`, `+01:00`) is exact. A time without one is local time in the declared
zone; the clock changes make that a partial function, so each local time L is tried against the
zone's offset a day before and a day after it (two candidates L - offset), and a candidate is kept
only when it maps back to L. None kept: L fell in the spring-forward gap. Two: L is in the autumn
hour that happened twice. Either way the row is refused rather than guessed.
"""

from __future__ import annotations

import duckdb

from stalkscreen.errors import StalkscreenError

ISO = r"^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$"
ISO_EXPECTED = "an ISO 8601 date and time such as 2026-03-01T10:00:00Z or 2026-03-01 11:00:00+01:00"
EPOCH = {"epoch": 1, "epoch_ms": 1000}   # timestamp_format values for seconds / milliseconds since 1970 UTC
FORMAT_HINT = ("timestamp_format is a strptime format such as \"%d/%m/%Y %H:%M:%S\" (add %z for an offset), "
               "or epoch / epoch_ms for seconds / milliseconds since 1970-01-01 UTC")


def check_zone(con: duckdb.DuckDBPyConnection, zone: str | None, where: str) -> str | None:
    """The zone's IANA name (case as the database spells it), or an error naming where it was given."""
    if zone is None:
        return None
    row = con.execute("SELECT name FROM pg_timezone_names() WHERE lower(name) = lower(?) "
                      "ORDER BY name = ? DESC, name LIMIT 1", [zone.strip(), zone.strip()]).fetchone()
    if row is None:
        raise StalkscreenError(f"unknown time zone '{zone}' ({where})",
                               hint="name an IANA zone, e.g. Europe/London, Europe/Dublin or UTC")
    return row[0]


def check_format(con: duckdb.DuckDBPyConnection, fmt: str | None, where: str) -> None:
    if fmt is None or fmt in EPOCH:
        return
    if "%" not in fmt:
        raise StalkscreenError(f"timestamp_format '{fmt}' ({where}) has no % fields", hint=FORMAT_HINT)
    try:
        con.execute("SELECT try_strptime('2026-01-01', ?)", [fmt]).fetchone()
    except duckdb.Error as exc:
        raise StalkscreenError(f"timestamp_format '{fmt}' ({where}) is not a strptime format: {exc}",
                               hint=FORMAT_HINT) from None


def convert(con: duckdb.DuckDBPyConnection, zone: str | None, fmt: str | None) -> None:
    """Create `_ev_times (_line, at_utc, time_reason)` from `_ev_in."timestamp"`."""
    parsed, params = _parsed(fmt)
    params.update(expected=_expected(fmt), iso_expected=ISO_EXPECTED)
    if zone is not None:
        params["zone"] = zone
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _ev_times AS
        WITH parsed AS ({parsed}),
        offsets AS ({_offsets(zone)}),
        candidates AS (SELECT *, {_maps_back(zone, 'c1')} AS ok1, {_maps_back(zone, 'c2')} AS ok2 FROM offsets)
        SELECT _line,
               CASE WHEN fixed IS NOT NULL THEN fixed
                    WHEN ok1 AND ok2 AND c1 <> c2 THEN NULL
                    WHEN ok1 THEN c1 WHEN ok2 THEN c2 END AS at_utc,
               {_reason(zone)} AS time_reason
        FROM candidates""", params)


def _expected(fmt: str | None) -> str:
    if fmt is None:
        return ISO_EXPECTED
    if fmt in EPOCH:
        return f"{'seconds' if fmt == 'epoch' else 'milliseconds'} since 1970-01-01 UTC (timestamp_format {fmt})"
    return f"the mapping's timestamp_format '{fmt}'"


def _parsed(fmt: str | None) -> tuple[str, dict]:
    """SELECT _line, v (the text), fixed (naive UTC, when the value carried its offset), local (naive
    local time, when it did not)."""
    if fmt is None:
        return f"""
            SELECT _line, v, CASE WHEN abs(minutes) <= 18 * 60 THEN written - to_minutes(minutes) END AS fixed,
                   CASE WHEN o = '' THEN written END AS local
            FROM (SELECT *, CASE WHEN o = '' THEN NULL WHEN upper(o) = 'Z' THEN 0
                                 ELSE (CASE WHEN left(o, 1) = '-' THEN -1 ELSE 1 END)
                                      * (CAST(substr(o, 2, 2) AS INTEGER) * 60
                                         + coalesce(CAST(nullif(substr(replace(o, ':', ''), 4, 2), '') AS INTEGER), 0))
                            END AS minutes
                  FROM (SELECT _line, v, m.o AS o,
                               try_cast(m.d || ' ' || replace(m.t, ',', '.') AS TIMESTAMP) AS written
                        FROM (SELECT _line, "timestamp" AS v,
                                     regexp_extract("timestamp", $iso, ['d', 't', 'o']) AS m FROM _ev_in)))
            """, {"iso": ISO}
    if fmt in EPOCH:
        number = "try_cast(\"timestamp\" AS DOUBLE)"
        return f"""
            SELECT _line, "timestamp" AS v,
                   CASE WHEN abs({number} / $scale) < 1e11
                        THEN timezone('UTC', to_timestamp({number} / $scale)) END AS fixed,
                   CAST(NULL AS TIMESTAMP) AS local
            FROM _ev_in""", {"scale": EPOCH[fmt]}
    if "%z" in fmt:
        return """SELECT _line, "timestamp" AS v, timezone('UTC', try_strptime("timestamp", $fmt)) AS fixed,
                         CAST(NULL AS TIMESTAMP) AS local FROM _ev_in""", {"fmt": fmt}
    return """SELECT _line, "timestamp" AS v, CAST(NULL AS TIMESTAMP) AS fixed,
                     try_strptime("timestamp", $fmt) AS local FROM _ev_in""", {"fmt": fmt}


def _offsets(zone: str | None) -> str:
    """c1, c2: the local time less the zone's offset a day before, and a day after."""
    if zone is None:
        return "SELECT *, CAST(NULL AS TIMESTAMP) AS c1, CAST(NULL AS TIMESTAMP) AS c2 FROM parsed"
    def offset(at: str) -> str:
        return f"(timezone($zone, timezone('UTC', {at})) - ({at}))"
    return (f"SELECT *, local - {offset('local - INTERVAL 1 DAY')} AS c1, "
            f"local - {offset('local + INTERVAL 1 DAY')} AS c2 FROM parsed")


def _maps_back(zone: str | None, candidate: str) -> str:
    if zone is None:
        return "false"
    return f"coalesce(timezone($zone, timezone('UTC', {candidate})) = local, false)"


def _reason(zone: str | None) -> str:
    no_zone = ("format('timestamp ''{}'' has no time zone: write an offset (Z, +01:00) or declare the extraction''s "
               "zone with --timezone or `timezone:` in the mapping', v)")
    cases = ["WHEN v IS NULL THEN 'timestamp is empty (expected ' || $expected || ')'",
             "WHEN fixed IS NULL AND local IS NULL "
             "THEN format('timestamp ''{}'' is not a date and time (expected {})', v, $expected) "
             "|| CASE WHEN regexp_full_match(v, '\\d{9,13}(\\.\\d+)?') AND $expected = $iso_expected "
             "THEN '; for seconds since 1970 declare `timestamp_format: epoch` (or epoch_ms) in a mapping' ELSE '' END"]
    if zone is None:
        cases.append(f"WHEN fixed IS NULL THEN {no_zone}")
    else:
        cases.append("WHEN fixed IS NULL AND ok1 AND ok2 AND c1 <> c2 THEN format("
                     "'timestamp ''{}'' is ambiguous in {}: the clocks went back, so that local time happened twice, "
                     "at {} UTC and at {} UTC; write an offset (Z, +01:00) to say which', v, $zone, "
                     "strftime(least(c1, c2), '%Y-%m-%d %H:%M:%S'), strftime(greatest(c1, c2), '%Y-%m-%d %H:%M:%S'))")
        cases.append("WHEN fixed IS NULL AND NOT ok1 AND NOT ok2 THEN format("
                     "'timestamp ''{}'' does not exist in {}: the clocks went forward over that local time; "
                     "check the declared zone, or write an offset (Z, +01:00)', v, $zone)")
    return "CASE " + " ".join(cases) + " END"
