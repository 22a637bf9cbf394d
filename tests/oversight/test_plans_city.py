"""City of London's published action plan (a table flattened to one line per row), read field by field."""

import datetime as dt
from pathlib import Path

import pytest

from stalkscreen.oversight.plans.parse import parse_file

CITY = Path(__file__).parents[1] / "fixtures" / "plans" / "city_of_london_action_plan.txt"
NUMBERS = ["7.1", "10.2", "11.1", "12.1", "12.2", "13.1", "14.1", "16.1", "17.1", "18.1", "20.1", "22.1", "23.1",
           "25.1", "27.1", "28.1"]
WITH_TEXT = NUMBERS[:-2]  # 27.1 and 28.1 carry no update or action in the published page


@pytest.fixture(scope="module")
def city():
    return parse_file(CITY)


@pytest.fixture(scope="module")
def rec(city):
    return {r.number: r for r in city.recommendations}.__getitem__


def test_city_has_exactly_its_16_recommendations_in_plan_order(city):
    assert [r.number for r in city.recommendations] == NUMBERS


def test_city_is_read_as_the_flattened_table_layout(city):
    assert city.layout == "flattened_table"


def test_city_every_recommendation_but_27_1_and_28_1_has_update_and_action_text(city):
    assert [r.number for r in city.recommendations if r.force_update and r.action] == WITH_TEXT


def test_city_27_1_and_28_1_have_neither_update_nor_action(rec):
    assert [(rec(n).force_update, rec(n).action) for n in ("27.1", "28.1")] == [(None, None), (None, None)]


def test_city_gives_no_status_so_every_recommendation_is_unknown(city):
    assert {(r.status, r.progress_percent, r.status_text) for r in city.recommendations} == {("unknown", None, None)}


def test_city_gives_no_owner_date_evidence_or_documents(city):
    assert {(r.owner, r.update_date, r.evidence_requirement, r.supporting_documents)
            for r in city.recommendations} == {(None, None, None, None)}


def test_city_skips_the_seven_lines_of_website_boilerplate(city):
    assert city.boilerplate_lines == 7


def test_city_leaves_no_line_unparsed(city):
    assert city.notes == []


def test_city_last_row_28_1_is_reported_as_where_the_page_may_be_cut_off(city):
    assert city.stopped_at == (27, "the last row, 28.1, has 0 of the 2 cells the header names "
                                    "(Force Update, Action): the page may be cut off here")


def test_city_7_1_every_field(rec):
    r = rec("7.1")
    assert r.heading == ("By 27 March 2025, where required, Police Forces will ensure changes to their crime "
                         "recording systems to enable staff and officers to document and search for crimes not "
                         "recorded as the principal crime to ensure stalking and harassment crimes are fully searchable.")
    assert (r.deadline, r.deadline_text, r.heading_position, r.position) == (
        dt.date(2025, 3, 27), "By 27 March 2025", 1, 1)
    assert r.force_update == ("City of London Police has good crime recording compliance . All crimes are allocated "
                              "through the Crime Management Unit who assist identifying and allocating crime including "
                              "secondary crimes when multiple crimes are reported through a single incident.")
    assert r.action.startswith("ACTION: City of London Police will undergo reality teating to provide reassurance")
    assert r.action.endswith("any such matters will be dealt with to the highest standard .")
    assert (r.line_from, r.line_to) == (9, 9)


def test_city_10_2_takes_the_heading_on_the_line_before_its_row(rec):
    r = rec("10.2")
    assert r.heading.startswith("By 27 March 2025 Police Forces will review and update their learning and training")
    assert (r.line_from, r.heading_position) == (11, 2)


def test_city_10_2_action_is_read_whole(rec):
    assert rec("10.2").action == (
        "ACTION 1. City of London Police Learning and Organisational Development Team will idnentify further "
        "opportunities whereby further relevant training would benefit staff in the identification and furtherence "
        "of incidents of stalking and harassment. This will include review of current policies and procedures and "
        "identified learnign outcomes for the super-complaint are applied. 2. Further Training needs "
        "assessment/skills analysis to be conducted across all frontline policing teams including further "
        "assessment of the dedicated specialist resource.")


def test_city_12_2_row_without_heading_sits_under_12_1s_heading(rec):
    assert (rec("12.2").heading, rec("12.2").heading_position) == (rec("12.1").heading, rec("12.1").heading_position)


def test_city_12_2_update_and_action(rec):
    r = rec("12.2")
    assert r.force_update.startswith("All crimes reported into the City of London Police undergo a risk assessment")
    assert r.action == ("City of London Police will further develop these processes and specifically draw out "
                        "relevant cases of stalking and harassment . This will be conducted by the Head of Public "
                        "Protection who has governance and leadership across Public Protection Investigaitions and "
                        "progress will be updated into this action plan no later than March 2025.")


def test_city_14_1_heading_without_by_date_has_no_deadline(rec):
    r = rec("14.1")
    assert r.heading == ("Police Forces will ensure stalking victims receive the rights they are entitled to under "
                         "the victim\u2019s code and have access to support services.")
    assert (r.deadline, r.deadline_text) == (None, None)


def test_city_17_1_update_and_action(rec):
    r = rec("17.1")
    assert r.force_update == "City of London Police are fully committed in adopting the new APP for stalking and harassment."
    assert r.action == ("By March 2025 City of London Police will ensure that all relevant APP is adopted and, where "
                        "this requires further input to staff, that approriate training is provided.")


def test_city_20_1_deadline_written_with_an_ordinal(rec):
    assert (rec("20.1").deadline, rec("20.1").deadline_text) == (dt.date(2025, 3, 27), "By 27th March 2025")


def test_city_22_1_deadline_is_27_september_2025(rec):
    assert rec("22.1").deadline == dt.date(2025, 9, 27)


def test_city_25_1_update_and_action(rec):
    r = rec("25.1")
    assert r.force_update == "Public Protection teams work well with partners across this and other areas of high harm."
    assert r.action.endswith("best practice identified in other forces such as 'Stalking Clinics'")


def test_city_28_1_heading_and_first_deadline(rec):
    r = rec("28.1")
    assert r.heading.startswith("By 22 November 2024 (56 days from publication), publish on their force website")
    assert r.deadline == dt.date(2024, 11, 22)
    assert (r.line_from, r.line_to, r.position) == (27, 27, 16)
