"""Co-location: the occasions when a suspect's device was near a victim's device or a victim's known
place (recommendation 20.4; the Met's Op Atlas maps these).

A suspect-owned fix matches
  - a victim-owned fix when they are at most `window_minutes` apart in time and at most `distance_m`
    apart on the ground (great-circle, haversine, Earth radius EARTH_RADIUS_M); both limits inclusive;
  - a victim's place (evidence_places owned by a victim on the crime) when it is at most
    `distance_m` + the place's radius_m from it; places have no time.
Accuracy is not used to match, only reported (the worst of each side), so a reader can weigh a
cell-site fix against a GPS one.

Set-based: the time is cut into buckets one window wide, and each suspect fix is equi-joined with
the victim fixes of its own bucket and the two next to it (every fix within a window is there), then
filtered on the exact time and distance. Matched suspect fixes become occasions per suspect device
and target (a victim's device, or a place): a new occasion starts when more than
`occasion_gap_minutes` passed since the previous matched fix of that device near that target.
An occasion runs from its first to its last matched suspect fix.
"""

from __future__ import annotations

import duckdb

from stalkscreen.evidence.findings import Parameters
from stalkscreen.evidence.pairs import key_of, rows

EARTH_RADIUS_M = 6_371_008.8   # the IUGG mean radius


def haversine(a: str, b: str) -> str:
    """SQL for the distance in metres between the latitude/longitude columns of aliases a and b."""
    return (f"2 * {EARTH_RADIUS_M} * asin(sqrt(pow(sin(radians({b}.latitude - {a}.latitude) / 2), 2)"
            f" + cos(radians({a}.latitude)) * cos(radians({b}.latitude))"
            f" * pow(sin(radians({b}.longitude - {a}.longitude) / 2), 2)))")


def _fixes_sql(role: str) -> str:
    """Fixes of devices owned by the crime's people of role, in buckets one window ($window
    seconds) wide."""
    return f"""
        SELECT l.source_id, l.line, l.owner_person_record_id, {key_of('p', 'l.owner_person_record_id')} AS owner_key,
               l.device, l.at_utc, epoch(l.at_utc) AS t, CAST(floor(epoch(l.at_utc) / $window) AS BIGINT) AS bucket,
               l.latitude, l.longitude, l.accuracy_m, l.location_source
        FROM evidence_locations l LEFT JOIN people p ON p.person_record_id = l.owner_person_record_id
        WHERE l.crime_id = $crime AND {key_of('p', 'l.owner_person_record_id')} IN
              (SELECT person_key FROM ev_people WHERE role = '{role}')"""


def _matches_sql() -> str:
    """One row per suspect fix and target it was near: the closest distance, the target side's
    worst accuracy and its sources."""
    return f"""
        s AS ({_fixes_sql('suspect')}),
        v AS ({_fixes_sql('victim')}),
        v_shifted AS (SELECT v.*, v.bucket + o.shift AS join_bucket FROM v, (VALUES (-1), (0), (1)) o(shift)),
        places AS (
            SELECT pl.*, {key_of('p', 'pl.owner_person_record_id')} AS owner_key
            FROM evidence_places pl LEFT JOIN people p ON p.person_record_id = pl.owner_person_record_id
            WHERE pl.crime_id = $crime AND {key_of('p', 'pl.owner_person_record_id')} IN
                  (SELECT person_key FROM ev_people WHERE role = 'victim')),
        near_device AS (
            SELECT s.source_id, s.line, 'device ' || v.device AS near, 'device' AS near_kind, v.owner_key AS near_person,
                   {haversine('s', 'v')} AS distance_m, v.accuracy_m AS near_accuracy_m, v.location_source AS near_source
            FROM s JOIN v_shifted v ON v.join_bucket = s.bucket
            WHERE abs(v.t - s.t) <= $window AND s.owner_key <> v.owner_key),
        near_place AS (
            SELECT s.source_id, s.line, 'place ' || pl.place AS near, 'place' AS near_kind, pl.owner_key AS near_person,
                   {haversine('s', 'pl')} AS distance_m, NULL::DOUBLE AS near_accuracy_m, NULL::VARCHAR AS near_source,
                   pl.radius_m
            FROM s, places pl WHERE s.owner_key <> pl.owner_key),
        matches AS (
            SELECT source_id, line, near, near_kind, near_person, min(distance_m) AS distance_m,
                   max(near_accuracy_m) AS near_accuracy_m, list(DISTINCT near_source) AS near_sources
            FROM (SELECT * FROM near_device WHERE distance_m <= $distance
                  UNION ALL BY NAME
                  SELECT * EXCLUDE (radius_m) FROM near_place WHERE distance_m <= $distance + radius_m)
            GROUP BY ALL)"""


def occasions(con: duckdb.DuckDBPyConnection, crime_id: str, params: Parameters) -> list[dict]:
    found = rows(con.execute(f"""
        WITH {_matches_sql()},
        matched AS (SELECT s.*, m.near, m.near_kind, m.near_person, m.distance_m, m.near_accuracy_m, m.near_sources
                    FROM matches m JOIN s USING (source_id, line)),
        marked AS (
            SELECT *, CASE WHEN t - lag(t) OVER w <= $gap THEN 0 ELSE 1 END AS starts FROM matched
            WINDOW w AS (PARTITION BY owner_person_record_id, device, near, near_person ORDER BY t, source_id, line)),
        numbered AS (
            SELECT *, sum(starts) OVER (PARTITION BY owner_person_record_id, device, near, near_person
                                        ORDER BY t, source_id, line ROWS UNBOUNDED PRECEDING) AS island
            FROM marked)
        SELECT owner_key AS suspect_person, device AS suspect_device, near, near_kind, near_person,
               min(at_utc) AS started_at, max(at_utc) AS ended_at,
               round((max(t) - min(t)) / 60, 1) AS duration_minutes, count(*) AS fixes,
               round(min(distance_m), 1) AS min_distance_m, max(accuracy_m) AS suspect_accuracy_m,
               max(near_accuracy_m) AS near_accuracy_m,
               array_to_string(list_sort(list_filter(list_distinct(flatten(list(near_sources || [location_source]))),
                                                     x -> x IS NOT NULL)), '/') AS sources
        FROM numbered
        GROUP BY owner_person_record_id, owner_key, device, near, near_kind, near_person, island
        ORDER BY started_at, suspect_device, near, near_person""",
        {"window": params.window_minutes * 60, "crime": crime_id, "distance": params.distance_m,
         "gap": params.occasion_gap_minutes * 60}))
    return [{"occasion": n, **row} for n, row in enumerate(found, start=1)]
