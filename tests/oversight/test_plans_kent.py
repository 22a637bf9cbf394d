"""Kent's published action plan (key-value blocks under "By <date>, ..." headings), read field by field."""

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from stalkscreen.oversight.plans.parse import parse_file

KENT = Path(__file__).parents[1] / "fixtures" / "plans" / "kent_action_plan.txt"
NUMBERS = ["7.1", "7.2", "10.1", "10.2", "10.3", "10.4", "10.5", "11.1", "11.2", "11.3", "11.4", "12.1", "12.2",
           "12.3", "12.4", "13.1", "13.2", "14.1", "14.2", "14.3", "14.4", "14.5", "16.1", "17.1", "18.1", "18.2",
           "18.3", "18.4", "20.1", "20.2", "20.3", "20.4", "22.1", "23.1", "25.1", "25.2", "25.3", "27.1", "28.1"]


@pytest.fixture(scope="module")
def kent():
    return parse_file(KENT)


@pytest.fixture(scope="module")
def rec(kent):
    by_number = {r.number: r for r in kent.recommendations}
    return by_number.__getitem__


def test_kent_has_exactly_the_39_recommendations_7_1_to_28_1_in_plan_order(kent):
    assert [r.number for r in kent.recommendations] == NUMBERS


def test_kent_statuses_are_12_complete_6_at_25_9_at_50_11_at_75_and_1_in_progress_without_a_percentage(kent):
    counts = Counter((r.status, r.progress_percent) for r in kent.recommendations)
    assert counts == {("complete", None): 12, ("in_progress", 25): 6, ("in_progress", 50): 9,
                      ("in_progress", 75): 11, ("in_progress", None): 1}


def test_kent_is_read_as_the_key_value_layout(kent):
    assert kent.layout == "key_value"


def test_kent_skips_the_seven_lines_of_website_boilerplate(kent):
    assert kent.boilerplate_lines == 7


def test_kent_leaves_no_line_unparsed_and_raises_no_warning(kent):
    assert kent.notes == []


def test_kent_is_read_to_its_end(kent):
    assert kent.stopped_at is None


def test_kent_operational_lead_is_kept_as_plan_metadata(kent):
    assert kent.metadata == {"Operational lead": "Head of Crime - Detective Chief Superintendent McDermott"}


def test_kent_7_1_every_field(rec):
    r = rec("7.1")
    assert (r.number, r.position, r.heading_position) == ("7.1", 1, 1)
    assert r.heading == ("By 27 March 2025, where required, seek changes to their crime recording systems to enable "
                         "staff and officers to document and search for crimes not recorded as the principal crime, "
                         "as included classifications on crime records.")
    assert (r.deadline, r.deadline_text) == (dt.date(2025, 3, 27), "By 27 March 2025")
    assert r.evidence_requirement == ("Processes should be put in place to make sure this system capability is "
                                      "effectively used by officers and staff.")
    assert r.owner == "Chief constables"
    assert r.force_update == ("Effective use of the system capability is already in place. When searching the force "
                              "crime and intelligence system (Athena), cases of stalking would be identified on a "
                              "system search irrespective of whether it is recorded as a primary or included offence type.")
    assert (r.update_date, r.update_date_text) == (dt.date(2024, 11, 1), "Nov-24")
    assert (r.status, r.progress_percent, r.status_text) == ("complete", None, "Action complete")
    assert r.supporting_documents == "Not applicable - system function"
    assert (r.action, r.recommendation_text) == (None, None)
    assert (r.line_from, r.line_to) == (10, 17)


def test_kent_10_3_multi_line_force_update_keeps_its_four_paragraphs(rec):
    paragraphs = rec("10.3").force_update.split("\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("As a force we have an excellent relationship with stalking advocacy services;")
    assert paragraphs[3] == ("Work with advocates and partners to increase expertise and opportunities to further "
                             "strengthen knowledge and expertise is embedded in Kent.")


def test_kent_10_3_fields_after_the_multi_line_cell_are_read(rec):
    r = rec("10.3")
    assert (r.update_date_text, r.status, r.supporting_documents, r.line_to) == (
        "Nov-24", "complete", "Various documents available on request.", 56)


def test_kent_10_1_heading_takes_its_continuation_line(rec):
    assert rec("10.1").heading == (
        "By 27 March 2025, review and update their learning and training provision relating to stalking.\n"
        "Chief constables should also make sure that their policies and practice are reviewed and updated in "
        "accordance with the findings in the super-complaint.")


def test_kent_13_1_status_and_heading_with_its_to_achieve_this_line(rec):
    r = rec("13.1")
    assert (r.status, r.progress_percent, r.status_text) == ("in_progress", 75, "In progress 75%")
    assert r.heading.endswith("\nTo achieve this, chief constables should review, and revise policy, guidance and "
                              "supporting processes where necessary:")
    assert r.heading_position == 5


def test_kent_13_2_sits_under_the_same_heading_as_13_1(rec):
    assert (rec("13.2").heading, rec("13.2").heading_position) == (rec("13.1").heading, 5)


def test_kent_16_1_evidence_requirement_written_as_a_dash_is_empty(rec):
    assert rec("16.1").evidence_requirement is None


def test_kent_16_1_owner_is_read_as_written(rec):
    assert rec("16.1").owner == "CCs, PCCs and their mayor equivalents"


def test_kent_20_3_is_in_progress_without_a_percentage(rec):
    assert (rec("20.3").status, rec("20.3").progress_percent, rec("20.3").status_text) == ("in_progress", None, "In progress")


def test_kent_12_2_status_is_25_percent(rec):
    assert (rec("12.2").status, rec("12.2").progress_percent) == ("in_progress", 25)


def test_kent_22_1_deadline_is_27_september_2025(rec):
    assert rec("22.1").deadline == dt.date(2025, 9, 27)


def test_kent_27_1_deadline_is_22_november_2024(rec):
    assert rec("27.1").deadline == dt.date(2024, 11, 22)


def test_kent_28_1_deadline_is_read_as_the_plan_writes_it(rec):
    # Kent's page says "By 22 November 2025" here (the national deadline was 2024): kept as written.
    assert (rec("28.1").deadline, rec("28.1").deadline_text) == (dt.date(2025, 11, 22), "By 22 November 2025")


def test_kent_28_1_every_field(rec):
    r = rec("28.1")
    assert r.evidence_requirement is None
    assert r.owner == "Chief constables"
    assert r.force_update.startswith("This action plan was published on the Kent Police website on 22 November 2024")
    assert (r.update_date_text, r.status, r.supporting_documents) == ("Nov-24", "complete", "Kent Police website")
    assert (r.position, r.heading_position, r.line_from, r.line_to) == (39, 15, 341, 348)


def test_kent_14_5_owner_evidence_and_status(rec):
    r = rec("14.5")
    assert r.evidence_requirement == ("They monitor the number of stalking victims who are referred to specialist "
                                      "support services and take action when referral numbers are low.")
    assert (r.owner, r.status, r.supporting_documents) == ("Chief constables", "complete", "Data available if required")


def test_kent_has_15_headings(kent):
    assert max(r.heading_position for r in kent.recommendations) == 15


def test_kent_file_hash_is_recorded(kent):
    import hashlib
    assert kent.sha256 == hashlib.sha256(KENT.read_bytes()).hexdigest()
