"""The synthetic extraction generator: what it writes is what its truth says it planted."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.synth import extractions
from stalkscreen.synth.extractions import Occasion, Plan

VICTIM_PHONE, SUSPECT_PHONE = "+447700900002", "+447700900001"
HOME, SUSPECT_HOME = (51.5074, -0.1278), (51.55, -0.05)
PLAN = Plan("E1", VICTIM_PHONE, SUSPECT_PHONE, HOME, SUSPECT_HOME, seed=5, start=dt.date(2026, 3, 1), days=60,
            escalation=dt.date(2026, 4, 1), duplicated=True,
            occasions=(Occasion(dt.datetime(2026, 3, 20, 19), 30, "home"),
                       Occasion(dt.datetime(2026, 4, 10, 12), 20, "device")))
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[dict, Path]:
    folder = tmp_path_factory.mktemp("extraction")
    return extractions.write_files(extractions.make(PLAN), folder), folder


def _rows(folder: Path, name: str, crime_id: str = "E1") -> list[dict]:
    with open(folder / f"{crime_id}_{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.timezone.utc).replace(tzinfo=None)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    return extractions._distance_m(a, b)


def test_files_have_the_import_formats_columns(written):
    _, folder = written
    headers = {name: list(_rows(folder, name)[0]) for name in ("suspect_contacts_1", "victim_locations", "victim_places")}
    assert headers == {"suspect_contacts_1": extractions.CONTACT_COLUMNS,
                       "victim_locations": extractions.LOCATION_COLUMNS, "victim_places": extractions.PLACE_COLUMNS}


def test_times_carry_the_london_offset_of_their_instant(written):
    _, folder = written
    stamps = [r["timestamp"] for r in _rows(folder, "victim_contacts")]
    offsets = {s[-6:] for s in stamps}
    right = all(dt.datetime.fromisoformat(s).utcoffset() == dt.datetime.fromisoformat(s).astimezone(LONDON).utcoffset()
                for s in stamps)
    assert (offsets, right) == ({"+00:00", "+01:00"}, True)


def test_the_truths_daily_counts_are_the_victims_files_local_days(written):
    truth, folder = written
    days = Counter(r["timestamp"][:10] for r in _rows(folder, "victim_contacts"))
    assert dict(days) == truth["daily_pair_contacts"]


def test_the_victims_phone_holds_the_same_contacts_as_the_suspects_with_the_pair(written):
    _, folder = written
    suspect = {(r["timestamp"], r["channel"], r["content"]) for name in ("suspect_contacts_1", "suspect_contacts_2")
               for r in _rows(folder, name) if r["party"] == VICTIM_PHONE}
    victim = {(r["timestamp"], r["channel"], r["content"]) for r in _rows(folder, "victim_contacts")}
    assert suspect == victim


def test_two_overlapping_extractions_share_exactly_the_duplicates_the_truth_counts(written):
    truth, folder = written
    first, second = (Counter(tuple(r.values()) for r in _rows(folder, f"suspect_contacts_{i}")) for i in (1, 2))
    assert (sum((first & second).values()), truth["duplicate_contacts"] > 0) == (truth["duplicate_contacts"], True)


def test_contact_rises_from_the_escalation_date(written):
    truth, _ = written
    before = sum(n for d, n in truth["daily_pair_contacts"].items() if d < truth["escalation"])
    after = sum(n for d, n in truth["daily_pair_contacts"].items() if d >= truth["escalation"])
    assert after / 29 > 3 * before / 31   # 31 days of March before, 29 from 1 April


def test_the_new_channel_is_first_used_on_the_escalation_date(written):
    truth, folder = written
    days = sorted(r["timestamp"][:10] for r in _rows(folder, "victim_contacts") if r["channel"] == "whatsapp")
    assert (days[0], truth["new_channel"]) == (truth["escalation"], {"channel": "whatsapp", "first_day": "2026-04-01"})


def test_new_third_parties_first_appear_on_their_day_and_the_rest_in_the_first_week(written):
    truth, folder = written
    first = {}
    for name in ("suspect_contacts_1", "suspect_contacts_2"):
        for r in _rows(folder, name):
            first[r["party"]] = min(first.get(r["party"], "9999"), r["timestamp"][:10])
    new = {p["party"]: p["first_day"] for p in truth["new_third_parties"]}
    others = {d for p, d in first.items() if p not in new and p != VICTIM_PHONE}
    assert ({p: first[p] for p in new}, max(others) < "2026-03-08", len(new)) == (new, True, 2)


def test_planted_suspect_fixes_are_near_the_target_at_the_truths_times(written):
    truth, folder = written
    spot_fixes = [(float(r["latitude"]), float(r["longitude"])) for r in _rows(folder, "victim_locations")
                  if _utc(r["timestamp"]) == dt.datetime(2026, 4, 10, 12)]
    near = {"place home": HOME, "device victim phone": spot_fixes[0]}
    found = []
    for occasion in truth["occasions"]:
        start, end = dt.datetime.fromisoformat(occasion["started_at"]), dt.datetime.fromisoformat(occasion["ended_at"])
        points = [(float(r["latitude"]), float(r["longitude"])) for r in _rows(folder, "suspect_locations")
                  if start <= _utc(r["timestamp"]) <= end]
        found.append((len(points), max(_metres(p, near[occasion["near"]]) for p in points) < 65))
    assert found == [(o["fixes"], True) for o in truth["occasions"]]


def test_background_fixes_never_come_near_the_other_phone_or_her_places(written):
    truth, folder = written
    planted = {o["started_at"][:10] for o in truth["occasions"]}
    suspect = [(float(r["latitude"]), float(r["longitude"])) for r in _rows(folder, "suspect_locations")
               if _utc(r["timestamp"]).date().isoformat() not in planted]
    places = [(float(r["latitude"]), float(r["longitude"])) for r in _rows(folder, "victim_places")]
    # Her phone stays within 1,500 m of home; his background fixes keep 1 km clear of that and of her places.
    clear_of_her_phone = min(_metres(p, HOME) for p in suspect) - 1500
    clear_of_places = min(_metres(p, place) for p in suspect for place in places)
    assert (clear_of_her_phone > 1000, clear_of_places > 1000) == (True, True)


def test_the_same_plan_writes_the_same_files(written, tmp_path):
    _, folder = written
    extractions.write_files(extractions.make(PLAN), tmp_path)
    names = [p.name for p in sorted(folder.glob("*.csv"))]
    assert all((folder / n).read_bytes() == (tmp_path / n).read_bytes() for n in names) and len(names) == 6


def test_the_truth_is_written_beside_the_files(written):
    truth, folder = written
    assert json.loads((folder / "E1_truth.json").read_text(encoding="utf-8")) == truth


def test_times_on_the_autumn_clock_change_day_carry_both_offsets(tmp_path):
    plan = Plan("E2", VICTIM_PHONE, SUSPECT_PHONE, HOME, SUSPECT_HOME, seed=2, start=dt.date(2026, 10, 20), days=10,
                base_rate=40, third_parties_per_day=0, fixes_per_day=0, victim_contacts=False)
    extractions.write_files(extractions.make(plan), tmp_path)
    rows = _rows(tmp_path, "suspect_contacts", "E2")
    on_25th = [r["timestamp"] for r in rows if r["timestamp"].startswith("2026-10-25")]
    assert {s[-6:] for s in on_25th} == {"+01:00", "+00:00"}


def test_writing_to_the_store_fills_the_evidence_tables(tmp_path):
    extraction = extractions.make(PLAN)
    with store.connect(tmp_path / "s.duckdb") as con:
        made = extractions.write_store(con, extraction, "S1", "V1", now=dt.datetime(2026, 11, 1))
        held = {t: con.execute(f"SELECT count(*) FROM evidence_{t}").fetchone()[0]
                for t in ("sources", "contacts", "locations", "places", "party_people")}
    tables = extraction.tables
    assert (held, sorted(made)) == (
        {"sources": 5, "contacts": tables["suspect_contacts"].num_rows + tables["victim_contacts"].num_rows,
         "locations": tables["suspect_locations"].num_rows + tables["victim_locations"].num_rows, "places": 2,
         "party_people": 2}, sorted(tables))


def test_homes_too_close_for_a_clean_plant_are_refused():
    plan = Plan("E3", VICTIM_PHONE, SUSPECT_PHONE, HOME, (HOME[0] + 0.01, HOME[1]))
    with pytest.raises(StalkscreenError, match="homes are 1,112 m apart"):
        extractions.make(plan)


def test_a_million_contacts_are_vectorised(tmp_path):
    plan = Plan("E4", VICTIM_PHONE, SUSPECT_PHONE, HOME, SUSPECT_HOME, seed=1, start=dt.date(2025, 11, 1), days=365,
                escalation=dt.date(2026, 6, 1), third_parties_per_day=2730, third_party_pool=500, fixes_per_day=0)
    started = dt.datetime.now()
    rows = extractions.make(plan).tables["suspect_contacts"].num_rows
    assert (math.isclose(rows, 1_000_000, rel_tol=0.01), (dt.datetime.now() - started).total_seconds() < 20) == \
        (True, True)
