"""The narrative rules on hand-written sentences: what is a hit, what a cue drops, where the
evidence is, the narrative decision, odd input, and the same rows on Spark as on DuckDB."""

from __future__ import annotations


import duckdb
import pyarrow as pa
import pytest

from stalkscreen.screen import lexicon


@pytest.fixture(scope="module")
def lex() -> lexicon.Lexicon:
    """The lexicon deciding by its own conditions: these tests are about its phrases and decision
    (the narrative model that decides in the shipped set-up is tested in test_narrative_model.py)."""
    return lexicon.load(model=False)


def rules(lex, text: str | None) -> set[str]:
    return {hit.rule.removeprefix("narrative.") for hit in lexicon.screen_texts(lex, [text])[0].hits}


def verdict(lex, text: str | None) -> lexicon.Verdict:
    return lexicon.screen_texts(lex, [text])[0]


# --- behaviours as officers write them ----------------------------------------------------------

def test_following_the_victim_home_is_following(lex):
    assert rules(lex, "IP believes susp followed her home from the station on Tuesday.") == {"following"}


def test_turning_up_at_work_in_abbreviated_notes_is_turning_up(lex):
    assert rules(lex, "ex bf turned up at IPs work and asked her manager where she was.") >= {"turning_up"}


def test_messages_counted_in_officer_shorthand_are_contact_and_repetition(lex):
    assert rules(lex, "susp has sent IP 40 msgs and txts since Sat.") == {"contact", "repetition"}


def test_a_new_account_after_being_blocked_is_online_stalking(lex):
    assert "online" in rules(lex, "IP blocked susp on insta but he set up a new account and messaged her again.")


def test_an_airtag_on_the_car_is_tracking(lex):
    assert rules(lex, "IP found an AirTag taped inside the wheel arch of her car.") == {"tracking"}


def test_asking_the_victims_mother_where_she_lives_is_third_party_contact(lex):
    assert "third_party" in rules(lex, "Susp has contacted IP's mum asking where IP is living now.")


def test_words_of_a_rule_earlier_in_the_file_are_not_taken_again_by_a_later_rule(lex):
    # third_party comes before contact: "messaged IP's new partner" is one third-party hit
    assert rules(lex, "susp messaged IP's new partner on snapchat.") == {"third_party"}


def test_a_first_person_statement_is_read(lex):
    assert rules(lex, "I keep seeing him outside my house.") >= {"loitering"}


# --- cues: negation, hypothetical, someone else -------------------------------------------------

def test_a_denial_drops_the_hit_it_denies(lex):
    assert rules(lex, "Susp denies following IP and states it was a coincidence.") == set()


def test_no_contact_since_drops_the_contact(lex):
    assert rules(lex, "IP states there has been no contact from susp since June.") == set()


def test_has_not_drops_the_hit(lex):
    assert rules(lex, "Susp has not contacted IP since his arrest.") == set()


def test_a_denial_does_not_reach_past_a_but(lex):
    assert rules(lex, "Susp denies the assault but he keeps following IP home.") >= {"following"}


def test_if_he_turns_up_is_a_hypothetical(lex):
    assert rules(lex, "IP advised to call 999 if he turns up at her address.") == set()


def test_worried_that_he_might_is_a_hypothetical(lex):
    assert rules(lex, "IP is worried that susp might follow her home.") == set()


def test_the_victim_following_the_suspect_is_not_following(lex):
    assert rules(lex, "IP followed him to his car to get her keys back.") == set()


def test_the_victims_friend_watching_the_house_is_not_watching(lex):
    assert "watching" not in rules(lex, "IP's friend has been watching the house while she is away.")


def test_officers_attending_the_address_is_not_turning_up(lex):
    assert rules(lex, "Officers attended IP's home address and spoke to her.") == set()


def test_a_debt_collector_calling_about_a_loan_is_not_contact(lex):
    assert rules(lex, "A debt collector keeps phoning IP re an unpaid loan.") == set()


def test_no_idea_is_not_a_negation(lex):
    assert rules(lex, "IP has no idea how susp knows where she is.") == {"tracking"}


def test_stalking_named_as_a_process_is_not_the_word_stalking(lex):
    assert rules(lex, "Stalking screening completed.") == set()


def test_a_joke_about_stalking_is_not_the_word_stalking(lex):
    assert rules(lex, "IP joked that her cousin was stalking her page.") == set()


# --- the decision ------------------------------------------------------------------------------

def test_the_word_stalking_alone_indicates_stalking(lex):
    assert verdict(lex, "IP feels she is being stalked by a man from her gym.").indicated


def test_two_behaviours_indicate_stalking(lex):
    assert verdict(lex, "Susp follows IP around Tesco and stares at her.").indicated


def test_one_behaviour_and_repetition_indicate_stalking(lex):
    assert verdict(lex, "Susp waits outside IP's work every day.").indicated


def test_one_behaviour_alone_does_not_indicate_stalking(lex):
    assert not verdict(lex, "Susp turned up at IP's address drunk and assaulted her.").indicated


def test_repetition_alone_does_not_indicate_stalking(lex):
    assert not verdict(lex, "IP has been burgled three times this year.").indicated


def test_a_neighbour_harassing_over_a_fence_does_not_indicate_stalking(lex):
    assert not verdict(lex, "IP states her neighbour is harassing her over a boundary fence, civil matter.").indicated


def test_the_score_is_the_sum_of_the_weights_of_the_rules_hit(lex):
    score = verdict(lex, "Susp follows IP around Tesco and stares at her.").score
    assert score == pytest.approx(lex.weight("narrative.following") + lex.weight("narrative.watching"))


def test_the_score_is_capped(lex):
    text = ("IP is being stalked: susp follows her home, waits outside her work every day, stares through "
            "her windows, has put an AirTag on her car, keeps sending flowers to her address and has "
            "contacted her mum asking where she lives.")
    assert verdict(lex, text).score == lex.score_cap


def test_verdict_sql_lists_each_rule_hit_once_in_order(lex):
    con = duckdb.connect()
    con.register("texts", pa.table({"crime_id": ["c1"], "narrative": ["Susp keeps following IP, following her again."]}))
    con.execute(f"CREATE TABLE h AS {lexicon.hits_sql(lex, 'texts')}")
    assert con.execute(f"SELECT rules FROM ({lexicon.verdict_sql(lex, 'h')}) v").fetchone()[0] == [
        "narrative.following", "narrative.repetition"]


# --- evidence spans -------------------------------------------------------------------------------

def test_evidence_is_the_narrative_text_at_its_offsets(lex):
    text = "Żona: the ex keeps ringing IP. Then susp waited outside her work, again."
    assert all(text[h.span_start:h.span_end] == h.evidence for h in verdict(lex, text).hits)


def test_the_same_phrase_twice_gives_two_offsets(lex):
    text = "Susp followed IP home on Monday. Susp followed IP home on Friday."
    spans = [h.span_start for h in verdict(lex, text).hits if h.rule == "narrative.following"]
    assert spans == [5, 38]


def test_a_hit_after_a_curly_apostrophe_is_found(lex):
    assert rules(lex, "susp turned up at IP\u2019s work") == {"turning_up"}


# --- odd input ------------------------------------------------------------------------------------

def test_null_and_empty_narratives_give_no_hits(lex):
    assert [v.hits for v in lexicon.screen_texts(lex, [None, "", "   "])] == [[], [], []]


def test_a_hit_in_the_first_20000_characters_of_a_1_mb_narrative_is_found(lex):
    text = "Susp followed IP home. " + "Nil further. " * 80_000
    assert len(text) > 1_000_000 and rules(lex, text) == {"following"}


def test_a_hit_after_the_first_20000_characters_is_not_read(lex):
    assert rules(lex, "Nil further. " * 2_000 + "Susp followed IP home.") == set()


def test_control_characters_do_not_hide_a_hit(lex):
    text = "\x00\x01susp\x02 keeps ringing IP\x1f\x0b\x0c every day\x7f."
    assert rules(lex, text) == {"contact", "repetition"}


def test_control_characters_keep_offsets_exact(lex):
    text = "\x00\x01susp\x02 keeps ringing IP\x1f every day."
    assert all(text[h.span_start:h.span_end] == h.evidence for h in verdict(lex, text).hits)


def test_polish_text_gives_no_hits(lex):
    assert rules(lex, "Sprawca codziennie śledzi pokrzywdzoną i czeka pod jej domem.") == set()


def test_arabic_text_before_an_english_note_keeps_offsets_exact(lex):
    text = "قالت الضحية إنه يتبعها. susp followed IP home again."
    hit = next(h for h in verdict(lex, text).hits if h.rule == "narrative.following")
    assert text[hit.span_start:hit.span_end] == hit.evidence == "followed IP home"


# --- Spark ------------------------------------------------------------------------------------------

SPARK_TEXTS = [
    "IP states her ex bf keeps ringing her, 30 missed calls last night, and has been waiting outside her work.",
    "Susp denies following IP. IP\u2019s friend has been watching the house.",
    "IP believes susp has put a tracker on her car as he always knows where she is.",
    "Żona mówi, że susp ją śledzi; susp followed IP home again.",
    "\x00susp\x01 turned up at IP's address, this is the 4th time.",
    "",
    None,
]


@pytest.mark.spark
@pytest.mark.slow
def test_spark_gives_the_same_hits_as_duckdb(lex, tmp_path):
    from stalkscreen import spark as spark_session

    spark = spark_session.session("local[2]", "stalkscreen-lexicon", tmp_path)
    rows = [(f"c{i}", text) for i, text in enumerate(SPARK_TEXTS)]
    spark.createDataFrame(rows, "crime_id string, narrative string").createOrReplaceTempView("narratives")
    on_spark = sorted(tuple(r) for r in spark.sql(lexicon.hits_sql(lex, "narratives", "spark")).collect())
    con = duckdb.connect()
    con.register("narratives", pa.table({"crime_id": [r[0] for r in rows], "narrative": [r[1] for r in rows]}))
    on_duckdb = sorted(con.execute(lexicon.hits_sql(lex, "narratives")).fetchall())
    assert len(on_duckdb) > 10 and on_spark == on_duckdb
