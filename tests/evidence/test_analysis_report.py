"""`analysis.report` as a whole: its refusals, what it carries, and its findings on a synthetic
extraction whose planted truth is known (written straight into the tables, not imported)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from stalkscreen import store
from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import analysis
from stalkscreen.evidence.findings import METHOD_VERSION, Parameters
from stalkscreen.synth import extractions

from .handmade import CRIME, contacts, messages, new_store

NOW = dt.datetime(2026, 11, 1, 12, 0)
PLAN = extractions.Plan(
    "E1", "+447700900002", "+447700900001", (51.5074, -0.1278), (51.55, -0.05), seed=11,
    start=dt.date(2026, 3, 1), days=75, escalation=dt.date(2026, 4, 20),   # spans the change on 29 March
    occasions=(extractions.Occasion(dt.datetime(2026, 3, 20, 19), 30, "home"),
               extractions.Occasion(dt.datetime(2026, 4, 10, 12), 20, "device"),
               extractions.Occasion(dt.datetime(2026, 5, 2, 6, 30), 15, "home")))


def test_an_unknown_crime_is_refused(tmp_path):
    con = new_store(tmp_path)
    with pytest.raises(StalkscreenError, match="no crime 'E404'"):
        analysis.report(con, "E404")


def test_a_crime_without_imported_evidence_is_refused_with_the_import_command(tmp_path):
    con = new_store(tmp_path)
    with pytest.raises(StalkscreenError) as refused:
        analysis.report(con, CRIME)
    assert "no imported digital evidence" in refused.value.message and "stalkscreen evidence import" in refused.value.hint


@pytest.mark.parametrize("settings, named", [({"window_minutes": 0}, "window_minutes"), ({"alpha": 1.5}, "alpha"),
                                             ({"baseline_days": 2.5}, "baseline_days"),
                                             ({"timezone": "Europe/Londn"}, "timezone")])
def test_an_unusable_parameter_is_refused_by_name(tmp_path, settings, named):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([dt.datetime(2026, 2, 1, 10)]))
    with pytest.raises(StalkscreenError, match=f"parameter {named} ="):
        analysis.report(con, CRIME, Parameters(**settings))


def test_the_findings_carry_the_crime_time_parameters_and_method_version(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([dt.datetime(2026, 2, 1, 10)]))
    params = Parameters(distance_m=50.0)
    found = analysis.report(con, CRIME, params, now=NOW)
    assert (found.crime_id, found.made_at, found.parameters, found.method_version) == (CRIME, NOW, params, METHOD_VERSION)


def test_the_sources_list_each_imported_file_with_its_hash_and_counts(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([dt.datetime(2026, 2, 1, 10)]), device="S-phone")
    (source,) = analysis.report(con, CRIME).sources
    assert {k: source[k] for k in ("kind", "file", "content_hash", "owner_person_record_id", "device", "rows_read",
                                   "rows_loaded", "rows_duplicate", "rows_quarantined")} == \
        {"kind": "contacts", "file": "S1_contacts.csv", "content_hash": f"hash{source['source_id']}",
         "owner_person_record_id": "S1", "device": "S-phone", "rows_read": 1, "rows_loaded": 1, "rows_duplicate": 0,
         "rows_quarantined": 0}


def test_a_report_reads_a_store_opened_read_only_and_leaves_no_working_tables(tmp_path):
    con = new_store(tmp_path)
    contacts(con, "S1", messages([dt.datetime(2026, 2, 1, 10)]))
    con.close()
    with store.connect(tmp_path / "s.duckdb", read_only=True) as reader:
        assert len(analysis.report(reader, CRIME).pairs) == 1
        assert reader.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0] == 0


# ---- a synthetic extraction with planted truth --------------------------------------------------

@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    extraction = extractions.make(PLAN)
    folder = tmp_path_factory.mktemp("planted")
    con = new_store(folder, people=[("S1", "suspect", "Sam", "Stone"), ("V1", "victim", "Vera", "Vale")])
    con.execute("DELETE FROM evidence_party_people")   # the extraction brings its own
    extractions.write_store(con, extraction, "S1", "V1", now=NOW)
    found = analysis.report(con, CRIME, now=NOW)
    con.close()
    return extraction.truth, found


def test_planted_daily_contacts_are_found_on_their_local_days(planted):
    truth, found = planted
    days = Counter()
    for row in found.daily:
        days[row["day"].isoformat()] += row["contacts"]
    assert dict(days) == truth["daily_pair_contacts"]


def test_a_planted_escalation_is_found_from_its_date(planted):
    truth, found = planted
    assert [e["period_from"].isoformat() for e in found.escalations] == [truth["escalation"]]


def test_a_planted_new_channel_is_found_on_its_first_day(planted):
    truth, found = planted
    assert [(c["channel"], c["first_day"].isoformat()) for c in found.new_channels] == \
        [(truth["new_channel"]["channel"], truth["new_channel"]["first_day"])]


def test_planted_new_third_parties_are_found_and_no_others(planted):
    truth, found = planted
    assert [(p["party"], p["first_day"].isoformat()) for p in found.new_third_parties] == \
        [(p["party"], p["first_day"]) for p in truth["new_third_parties"]]


def test_planted_occasions_are_found_exactly(planted):
    truth, found = planted
    assert [(o["near"], o["started_at"].isoformat(), o["ended_at"].isoformat(), o["fixes"]) for o in found.colocations] \
        == [(o["near"], o["started_at"], o["ended_at"], o["fixes"]) for o in truth["occasions"]]
