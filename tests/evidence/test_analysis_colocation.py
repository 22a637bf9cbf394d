"""Co-location: occasions when a suspect's device was near a victim's device or a victim's place."""

from __future__ import annotations

import datetime as dt
import math

from stalkscreen.evidence import analysis
from stalkscreen.evidence.findings import Parameters

from .handmade import CRIME, fixes, new_store, place

T = dt.datetime
HOME = (51.5074, -0.1278)
R = 6_371_008.8


def north(point: tuple[float, float], metres: float) -> tuple[float, float]:
    """The point metres due north: along a meridian the great-circle distance is R * the angle."""
    return point[0] + math.degrees(metres / R), point[1]


def east(point: tuple[float, float], metres: float) -> tuple[float, float]:
    return point[0], point[1] + math.degrees(metres / (R * math.cos(math.radians(point[0]))))


SPOT = east(HOME, 3000)      # where she met him, away from home
FAR = east(HOME, -6000)      # where he is otherwise


def every(start: T, minutes: int, step: int = 5) -> list[T]:
    return [start + dt.timedelta(minutes=m) for m in range(0, minutes + 1, step)]


def _occasions(con, **settings) -> list[tuple]:
    found = analysis.report(con, CRIME, Parameters(**settings)).colocations
    return [(o["occasion"], o["near"], o["started_at"], o["ended_at"], o["fixes"]) for o in found]


def _store(tmp_path, suspect: list[tuple], victim: list[tuple], home_radius: float | None = 25.0):
    con = new_store(tmp_path)
    fixes(con, "S1", "S-phone", suspect)
    fixes(con, "V1", "V-phone", victim)
    if home_radius is not None:
        place(con, "V1", "home", *HOME, radius_m=home_radius)
    return con


def test_planted_occasions_near_her_home_and_her_phone_are_found_exactly(tmp_path):
    background = [(t, *FAR) for t in every(T(2026, 2, 2), 3 * 24 * 60, 30)]
    at_home = [(t, *north(HOME, 30)) for t in every(T(2026, 2, 2, 19), 30) + every(T(2026, 2, 4, 7), 10)]
    at_spot = [(t, *north(SPOT, 20)) for t in every(T(2026, 2, 3, 12), 20)]
    hers = [(t, *north(HOME, 1000)) for t in every(T(2026, 2, 2), 3 * 24 * 60, 60)] + \
           [(t, *SPOT) for t in every(T(2026, 2, 3, 11, 50), 40, 10)]
    con = _store(tmp_path, background + at_home + at_spot, hers)
    assert _occasions(con) == [(1, "place home", T(2026, 2, 2, 19), T(2026, 2, 2, 19, 30), 7),
                               (2, "device V-phone", T(2026, 2, 3, 12), T(2026, 2, 3, 12, 20), 5),
                               (3, "place home", T(2026, 2, 4, 7), T(2026, 2, 4, 7, 10), 3)]


def test_a_fix_14_minutes_from_hers_counts(tmp_path):
    # 10:01 and 10:15 fall in neighbouring 15-minute buckets.
    con = _store(tmp_path, [(T(2026, 2, 2, 10, 1), *SPOT)], [(T(2026, 2, 2, 10, 15), *SPOT)], None)
    assert [o[1:4] for o in _occasions(con)] == [("device V-phone", T(2026, 2, 2, 10, 1), T(2026, 2, 2, 10, 1))]


def test_a_fix_16_minutes_from_hers_does_not_count(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10, 1), *SPOT)], [(T(2026, 2, 2, 10, 17), *SPOT)], None)
    assert _occasions(con) == []


def test_a_wider_window_takes_in_a_fix_16_minutes_away(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10, 1), *SPOT)], [(T(2026, 2, 2, 10, 17), *SPOT)], None)
    assert len(_occasions(con, window_minutes=20)) == 1


def test_a_fix_99_metres_from_hers_counts(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10), *north(SPOT, 99))], [(T(2026, 2, 2, 10), *SPOT)], None)
    (occasion,) = analysis.report(con, CRIME).colocations
    assert round(occasion["min_distance_m"]) == 99


def test_a_fix_101_metres_from_hers_does_not_count(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10), *north(SPOT, 101))], [(T(2026, 2, 2, 10), *SPOT)], None)
    assert _occasions(con) == []


def test_a_place_counts_within_the_distance_plus_its_radius(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10), *north(HOME, 120)), (T(2026, 2, 3, 10), *north(HOME, 130))], [],
                 home_radius=25.0)
    assert [o[1:3] for o in _occasions(con)] == [("place home", T(2026, 2, 2, 10))]


def test_matched_fixes_within_the_occasion_gap_are_one_occasion(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10), *HOME), (T(2026, 2, 2, 10, 50), *HOME)], [])
    assert [o[2:] for o in _occasions(con)] == [(T(2026, 2, 2, 10), T(2026, 2, 2, 10, 50), 2)]


def test_matched_fixes_further_apart_than_the_gap_are_two_occasions(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10), *HOME), (T(2026, 2, 2, 11, 10), *HOME)], [])
    assert [o[2:] for o in _occasions(con)] == [(T(2026, 2, 2, 10), T(2026, 2, 2, 10), 1),
                                               (T(2026, 2, 2, 11, 10), T(2026, 2, 2, 11, 10), 1)]


def test_an_occasion_reports_duration_and_the_worst_accuracy_and_sources_of_each_side(tmp_path):
    suspect = [(T(2026, 2, 2, 10), *SPOT, 8.0, "gps"), (T(2026, 2, 2, 10, 25), *north(SPOT, 40), 60.0, "wifi")]
    victim = [(T(2026, 2, 2, 10, 5), *SPOT, 12.0, "gps"), (T(2026, 2, 2, 10, 20), *SPOT, 900.0, "cell")]
    (o,) = analysis.report(_store(tmp_path, suspect, victim, None), CRIME).colocations
    assert (o["duration_minutes"], o["min_distance_m"], o["suspect_accuracy_m"], o["near_accuracy_m"], o["sources"],
            o["suspect_device"], o["suspect_person"], o["near_kind"], o["near_person"]) == \
        (25.0, 0.0, 60.0, 900.0, "cell/gps/wifi", "S-phone", "S1", "device", "V1")


def test_her_own_phone_at_her_home_is_no_occasion(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10), *FAR)], [(T(2026, 2, 2, 10), *HOME)])
    assert _occasions(con) == []


def test_a_place_of_someone_not_a_victim_is_not_a_target(tmp_path):
    con = _store(tmp_path, [(T(2026, 2, 2, 10), *HOME)], [], None)
    place(con, "W1", "home", *HOME, radius_m=25.0)
    assert _occasions(con) == []
