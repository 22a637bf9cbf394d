"""Profile figures on a hand-made store whose answers are worked out by hand: repeats, serial
perpetrators (three-year window), harm concentration, typologies, online elements, screening."""

import datetime as dt

import pytest

from stalkscreen import store
from stalkscreen.oversight import profile

from plans_support import record_screening

YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))  # serial window: 2023-01-01 to 2025-12-31
CRIMES = [
    # crime_id, recorded_at, principal code, included code, narrative
    ("C1", "2025-02-01 10:00", "195/12", None, "He put an AirTag on her car."),
    ("C2", "2025-05-01 10:00", "195/12", None, "Messages on Instagram every night."),
    ("C3", "2023-03-01 10:00", "SS8L-01", "8/65", "Followed her to work."),
    ("C4", "2025-06-01 10:00", "8/66", None, "Waited outside her house."),
    ("C5", "2021-06-01 10:00", "195/12", None, "Calls at night."),
    ("C6", "2025-07-01 10:00", "195/12", None, "He set up a fake profile to follow her."),
    ("C7", "2025-08-01 10:00", "195/12", None, "Turned up at her work again."),
    ("C8", "2025-09-01 10:00", "SS8L-01", None, "Repeated letters."),
    ("C9", "2025-10-01 10:00", "SSCA-01", "195/12", "One message, then more."),
]
PEOPLE = [
    # person_record_id, crime_id, role, relationship, linked person
    ("S1a", "C1", "suspect", "ex_partner", "S1"), ("V1a", "C1", "victim", None, "V1"),
    ("S1b", "C2", "suspect", "acquaintance", "S1"), ("V2", "C2", "victim", None, "V2"),
    ("S2a", "C3", "suspect", "stranger", "S2"), ("V3", "C3", "victim", None, "V3"),
    ("S2b", "C4", "suspect", "stranger", "S2"), ("V4", "C4", "victim", None, "V4"),
    ("S3a", "C5", "suspect", "neighbour", "S3"), ("V5", "C5", "victim", None, "V5"),
    ("S3b", "C6", "suspect", "online_only", "S3"), ("V6", "C6", "victim", None, "V6"),
    ("S1c", "C7", "suspect", "ex_partner", "S1"), ("V1b", "C7", "victim", None, "V1"),
    ("S4", "C8", "suspect", "neighbour", "S4"), ("V8", "C8", "victim", None, "V8"),
    ("V9", "C9", "victim", None, "V9"),
]


def build(path, linked=True):
    con = store.connect(path)
    with store.transaction(con):
        for crime_id, at, code, included, narrative in CRIMES:
            con.execute("INSERT INTO crimes (crime_id, force, record_type, recorded_at, offence_code, offence, narrative, "
                        "postcode, ingest_run_id) VALUES (?, 'Testshire', 'crime', ?, ?, '', ?, 'TS1 1AA', 1)",
                        [crime_id, at, code, narrative])
            con.execute("INSERT INTO offences VALUES (?, ?, '', 'principal', 1)", [crime_id, code])
            if included:
                con.execute("INSERT INTO offences VALUES (?, ?, '', 'included', 1)", [crime_id, included])
        for record, crime_id, role, relationship, person in PEOPLE:
            con.execute("INSERT INTO person_records (person_record_id, crime_id, role, forename, surname, relationship, "
                        "ingest_run_id) VALUES (?, ?, ?, 'A', ?, ?, 1)", [record, crime_id, role, record, relationship])
            if linked:
                con.execute("INSERT INTO people (person_id, person_record_id, match_probability, status, link_run_id) "
                            "VALUES (?, ?, 0.99, 'linked', 1)", [person, record])
    return con


@pytest.fixture
def linked(tmp_path):
    con = build(tmp_path / "linked.duckdb")
    yield con
    con.close()


@pytest.fixture
def unlinked(tmp_path):
    con = build(tmp_path / "unlinked.duckdb", linked=False)
    yield con
    con.close()


def table(con, name, **options):
    made = profile.build(con, profile.Options(*YEAR, **options))
    return next(t for s in made.sections for t in s.tables if t.name == name)


def notes(con):
    return " ".join(n for s in profile.build(con, profile.Options(*YEAR)).sections for n in s.notes)


def measure(con, name):
    return next(r for r in table(con, "repeats").rows if r["measure"] == name)["people"]


def test_linked_victims_are_counted_once_each(linked):
    assert measure(linked, "victims") == 5  # V1 (two records), V2, V4, V6, V9


def test_a_victim_on_two_stalking_crimes_is_a_repeat_victim(linked):
    assert measure(linked, "repeat victims") == 1


def test_a_suspect_on_two_stalking_crimes_is_a_repeat_perpetrator(linked):
    assert measure(linked, "repeat perpetrators") == 1


def test_serial_perpetrators_have_two_victims_within_three_years(linked):
    # S1 (V1, V2 this year) and S2 (V3 in 2023, V4 this year); S3's other victim was in 2021
    assert measure(linked, "serial perpetrators") == 2


def test_the_top_five_per_cent_of_offenders_cause_the_share_of_crimes_worked_by_hand(linked):
    # S1 3 crimes, S2 1, S3 1: the top 5% of 3 offenders is 1 offender, with 3 of 5 crimes
    top = next(r for r in table(linked, "harm_concentration").rows if r["top"] == "5%")
    assert (top["offenders"], top["harm_share"]) == (1, 60.0)


def record_harm_run(con, run_id: int, scores: dict[str, float]) -> None:
    """A harm run's person scores, written into the harm stage's tables (migration 010)."""
    con.execute("INSERT INTO harm_runs VALUES (?, now(), now(), '2025-12-31', 's', 'i', 'o', '{}', 1, 1, 0, ?, 0, 0, 0, 0)",
                [run_id, len(scores)])
    for rank, (person, score) in enumerate(sorted(scores.items(), key=lambda x: -x[1]), start=1):
        con.execute("INSERT INTO harm_scores VALUES (?, 'person', ?, ?, NULL, ?, ?, 1, 1, 1, 1, 1, 1, 0, 1, false, 1, "
                    "'2025-12-31', '2025-12-31', 's', 'i', now())", [run_id, person, person, rank, score])


def test_harm_scores_of_the_latest_run_are_used_when_the_harm_stage_has_run(linked):
    record_harm_run(linked, 1, {"S1": 1, "S2": 1, "S3": 1})  # an older run: a third each
    record_harm_run(linked, 2, {"S1": 1, "S2": 10, "S3": 1})
    top = next(r for r in table(linked, "harm_concentration").rows if r["top"] == "5%")
    assert top["harm_share"] == pytest.approx(83.3)


def test_without_linkage_each_person_record_is_a_person(unlinked):
    assert (measure(unlinked, "victims"), measure(unlinked, "repeat victims")) == (6, 0)


def test_without_linkage_the_profile_says_so(unlinked):
    assert "people not linked yet: counted per person record" in notes(unlinked)


def test_without_harm_scores_the_profile_says_concentration_is_of_crimes(linked):
    assert "concentration is of stalking crimes" in notes(linked)


def test_ex_intimate_typology_counts_crimes_with_an_ex_partner_suspect(linked):
    row = next(r for r in table(linked, "typologies").rows if r["typology"] == "Ex-intimate partner")
    assert (row["crimes"], row["share"]) == (2, pytest.approx(33.3))


def test_a_crime_without_a_suspect_has_its_own_typology(linked):
    assert next(r for r in table(linked, "typologies").rows if r["typology"] == "No suspect recorded")["crimes"] == 1


def test_online_elements_are_found_in_narratives_by_kind(linked):
    found = {r["online_element"]: r["crimes"] for r in table(linked, "online_elements").rows}
    assert found == {"Tracking (location devices and apps)": 1, "Monitoring (accounts, devices, spyware)": 0,
                     "Social media and messaging apps": 1, "Fake or new profiles": 1, "Any online element": 3}


def test_included_only_stalking_is_its_own_series(linked):
    months = {r["month"]: r for r in table(linked, "stalking_by_month").rows}
    assert (months["2025-10"]["principal"], months["2025-10"]["included_only"]) == (0, 1)


def test_without_screening_there_is_no_screening_series(linked):
    assert "found_by_screening" not in table(linked, "stalking_by_month").columns


def test_without_screening_the_profile_says_screening_has_not_been_run(linked):
    assert "screening has not been run" in notes(linked)


def test_a_crime_found_by_screening_but_not_recorded_as_stalking_is_counted_as_such(linked):
    record_screening(linked, [("C8", True, None), ("C1", True, "principal")])
    months = {r["month"]: r for r in table(linked, "stalking_by_month").rows}
    assert sum(r["found_by_screening"] for r in months.values()) == months["2025-09"]["found_by_screening"] == 1


def test_a_flag_rejected_on_review_is_not_counted(linked):
    record_screening(linked, [("C8", True, None)], [("C8", "rejected")])
    assert sum(r["found_by_screening"] for r in table(linked, "stalking_by_month").rows) == 0


def test_districts_are_the_part_of_the_postcode_before_the_space(linked):
    assert table(linked, "districts").rows[0]["district"] == "TS1"


def test_publish_mode_suppresses_a_count_under_five(linked):
    assert measure_published(linked, "repeat victims") == "<5"


def measure_published(con, name):
    rows = table(con, "repeats", publish=True).rows
    return next(r for r in rows if r["measure"] == name)["people"]
