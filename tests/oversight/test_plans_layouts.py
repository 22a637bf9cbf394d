"""Other layouts forces use (pipe tables with a header row, "7.1 - ..." lines under numbered
headings), website boilerplate, pages cut off mid-sentence, and files with nothing to read."""

import datetime as dt
from pathlib import Path

import pytest

from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.plans.parse import parse_file
from stalkscreen.oversight.plans.text import is_boilerplate

FIXTURES = Path(__file__).parents[1] / "fixtures" / "plans"


@pytest.fixture(scope="module")
def table():
    return parse_file(FIXTURES / "pipe_table_plan.md")


@pytest.fixture(scope="module")
def numbered():
    return parse_file(FIXTURES / "numbered_plan.txt")


def by_number(plan):
    return {r.number: r for r in plan.recommendations}


def cut(tmp_path, name, keep):
    """A copy of a fixture cut after `keep` characters, as a page saved before it finished loading."""
    path = tmp_path / f"cut_{name}"
    path.write_text((FIXTURES / name).read_text(encoding="utf-8")[:keep], encoding="utf-8")
    return path


# pipe tables with a header row

def test_pipe_table_layout_is_detected(table):
    assert table.layout == "pipe_table"


def test_pipe_table_reads_four_recommendations_from_two_tables(table):
    assert [r.number for r in table.recommendations] == ["7.1", "7.2", "12.1", "12.2"]


def test_pipe_table_7_1_every_field(table):
    r = by_number(table)["7.1"]
    assert r.heading == ("7. By 27 March 2025, seek changes to crime recording systems so that included "
                         "classifications are searchable.")
    assert (r.deadline, r.owner, r.status, r.progress_percent) == (dt.date(2025, 3, 27), "Head of Crime", "complete", None)
    assert r.force_update == "Included classifications are searchable in our records system."
    assert (r.update_date, r.update_date_text, r.line_from) == (dt.date(2024, 11, 15), "15/11/2024", 10)


def test_pipe_table_percentage_in_brackets_is_read(table):
    assert (by_number(table)["7.2"].status, by_number(table)["7.2"].progress_percent) == ("in_progress", 60)


def test_pipe_table_header_named_update_fills_force_update(table):
    assert by_number(table)["12.1"].force_update == "The stalking screening tool goes live in January."


def test_pipe_table_deadline_column_wins_over_the_heading(table):
    assert (by_number(table)["12.1"].deadline, by_number(table)["12.1"].deadline_text) == (dt.date(2025, 1, 31), "31/01/2025")


def test_pipe_table_empty_deadline_cell_falls_back_to_the_heading(table):
    assert by_number(table)["12.2"].deadline == dt.date(2025, 3, 27)


def test_pipe_table_not_started_status(table):
    assert by_number(table)["12.1"].status == "not_started"


def test_pipe_table_unknown_status_word_is_stored_as_unknown_with_a_warning(table):
    assert (by_number(table)["12.2"].status, by_number(table)["12.2"].status_text) == ("unknown", "Green")
    assert any(n.line == 18 and n.kind == "warning" and "status 'Green'" in n.message for n in table.notes)


def test_pipe_table_cells_of_an_unknown_column_are_kept_as_unparsed_text_with_their_lines(table):
    assert [(n.line, n.text) for n in table.notes if n.kind == "unparsed" and "no known field" in n.message] == [
        (10, "Green"), (11, "Amber")]


def test_pipe_table_page_title_is_reported_unparsed_not_taken_as_a_heading(table):
    assert [(n.line, n.text) for n in table.notes if "no recommendation under it" in n.message] == [
        (3, "Northshire Police: stalking super-complaint action plan"), (4, "Published 20 November 2024.")]


def test_pipe_table_skips_skip_link_cookie_banner_and_feedback_prompt(table):
    assert table.boilerplate_lines == 3


# "7.1 - ..." lines under numbered headings

def test_numbered_layout_is_detected(numbered):
    assert numbered.layout == "numbered_lines"


def test_numbered_reads_three_recommendations(numbered):
    assert [r.number for r in numbered.recommendations] == ["7.1", "7.2", "14.1"]


def test_numbered_7_1_every_field(numbered):
    r = by_number(numbered)["7.1"]
    assert r.heading == "Recommendation 7: By 27 March 2025, seek changes to crime recording systems."
    assert r.deadline == dt.date(2025, 3, 27)
    assert r.recommendation_text == "Enable staff to search for crimes not recorded as the principal crime."
    assert r.force_update == "Included classifications are searchable.\nAnalysts use them for problem profiles."
    assert (r.owner, r.status, r.update_date, r.update_date_text) == ("Head of Crime", "complete", dt.date(2024, 11, 1), "November 2024")
    assert (r.line_from, r.line_to) == (3, 8)


def test_numbered_7_2_not_started(numbered):
    assert (by_number(numbered)["7.2"].status, by_number(numbered)["7.2"].force_update) == ("not_started", None)


def test_numbered_by_date_line_and_list_item_inside_a_recommendation_stay_its_text(numbered):
    assert by_number(numbered)["14.1"].force_update == (
        "Compliance is checked monthly.\nBy March 2025 we will audit every stalking crime.\n"
        "2. Every audit is reported to the Victims' Code board.")


def test_numbered_en_dash_opens_a_recommendation_under_the_second_heading(numbered):
    r = by_number(numbered)["14.1"]
    assert (r.heading_position, r.recommendation_text, r.status, r.progress_percent) == (
        2, "Victim needs assessments are always completed.", "in_progress", 40)


def test_numbered_loose_line_after_a_status_is_kept_unparsed_with_its_line(numbered):
    assert [(n.line, n.kind, n.text) for n in numbered.notes] == [(19, "unparsed", "Sign up to our newsletter")]


# boilerplate

@pytest.mark.parametrize("line", [
    "Quickly exit this site by pressing the Escape key Leave this site",
    "We use some essential cookies to make our website work.",
    "Sorry, there was a technical problem. Please try again.",
    "This site is a beta, which means it's a work in progress",
    "Skip to main content",
])
def test_website_boilerplate_line_is_recognised(line):
    assert is_boilerplate(line)


def test_a_long_paragraph_that_mentions_cookies_is_not_boilerplate():
    assert not is_boilerplate("The force update says " + "x " * 200 + "and cookies.")


# cut-off pages

def test_kent_cut_mid_sentence_keeps_the_39_recommendations_it_could_read(tmp_path):
    text = (FIXTURES / "kent_action_plan.txt").read_text(encoding="utf-8")
    plan = parse_file(cut(tmp_path, "kent_action_plan.txt", text.index("Kent Police website on 22 November") + 11))
    assert len(plan.recommendations) == 39


def test_kent_cut_mid_sentence_keeps_the_partial_cell_and_reports_the_line_it_stopped(tmp_path):
    text = (FIXTURES / "kent_action_plan.txt").read_text(encoding="utf-8")
    plan = parse_file(cut(tmp_path, "kent_action_plan.txt", text.index("Kent Police website on 22 November") + 11))
    assert plan.recommendations[-1].force_update == "This action plan was published on the Kent Police"
    assert plan.stopped_at == (345, "the page ends inside 'force_update' of recommendation 28.1 (begun at line 345): "
                                    "it may be cut off here")


def test_city_cut_inside_a_row_keeps_the_rows_before_and_reports_where_it_stopped(tmp_path):
    text = (FIXTURES / "city_of_london_action_plan.txt").read_text(encoding="utf-8")
    plan = parse_file(cut(tmp_path, "city_of_london_action_plan.txt", text.index("deep dive report to explore") + 9))
    assert [r.number for r in plan.recommendations] == ["7.1", "10.2", "11.1"]
    assert plan.recommendations[-1].force_update == "City of London Police have recently commissioned a deep dive"
    assert plan.stopped_at == (12, "the page ends inside the row of recommendation 11.1 (begun at line 12): "
                                   "it may be cut off here")


def test_pipe_table_row_without_its_closing_pipe_is_reported_as_cut_off(tmp_path):
    text = (FIXTURES / "pipe_table_plan.md").read_text(encoding="utf-8")
    plan = parse_file(cut(tmp_path, "pipe_table_plan.md", text.index("embedded in the crime system")))
    assert plan.recommendations[-1].force_update == "S-DASH is"
    assert plan.stopped_at == (18, "the row of 12.2 does not end with '|': the page may be cut off here")


def test_numbered_page_cut_mid_sentence_is_reported(tmp_path):
    text = (FIXTURES / "numbered_plan.txt").read_text(encoding="utf-8")
    plan = parse_file(cut(tmp_path, "numbered_plan.txt", text.index("will audit every")))
    assert plan.stopped_at == (16, "recommendation 14.1 ends mid-sentence: the page may be cut off here")


def test_a_whole_numbered_page_is_not_reported_as_cut_off(numbered):
    assert numbered.stopped_at is None


# nothing to read

def test_a_file_with_no_recommendations_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("Quickly exit this site\nStalking awareness week starts on Monday.\n", encoding="utf-8")
    with pytest.raises(StalkscreenError, match=r"news\.txt: no recommendations found in 2 lines") as caught:
        parse_file(path)
    assert "docs/action-plans.md" in caught.value.hint


def test_a_missing_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(StalkscreenError, match="cannot read the plan .*missing.txt"):
        parse_file(tmp_path / "missing.txt")


def test_a_repeated_recommendation_number_is_kept_once_and_the_repeat_reported(tmp_path):
    path = tmp_path / "twice.txt"
    path.write_text("7.1 - First text.\nStatus: Complete\n7.1 - Second text.\nStatus: Not started\n", encoding="utf-8")
    plan = parse_file(path)
    assert [(r.number, r.status) for r in plan.recommendations] == [("7.1", "complete")]
    assert [(n.line, n.kind, n.message) for n in plan.notes] == [(3, "unparsed", "recommendation 7.1 again (first at line 1)")]


def test_an_unknown_multi_line_field_in_a_block_is_kept_unparsed_and_the_block_read_on(tmp_path):
    path = tmp_path / "blocks.txt"
    path.write_text("By 27 March 2025, do this.\nRecommendation: | 7.1 |\nComments: |\nfirst line\nsecond line\n|\n"
                    "Status: | In progress 50% |\n", encoding="utf-8")
    plan = parse_file(path)
    assert [(n.line, n.kind, n.message, n.text) for n in plan.notes] == [
        (3, "unparsed", "7.1: an unknown field 'Comments'", "first line\nsecond line")]
    assert (plan.recommendations[0].status, plan.recommendations[0].progress_percent) == ("in_progress", 50)
