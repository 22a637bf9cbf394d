from stalkscreen import store
from stalkscreen.search import index


def test_a_crime_with_more_matching_words_ranks_higher(db, run_cli):
    hits = run_cli(db, "--text", "followed home house")
    assert [h["crime_id"] for h in hits][0] == "C1"
    assert hits[0]["score"] > hits[1]["score"]


def test_followed_finds_following_and_follows_by_stem(db, run_cli):
    hits = run_cli(db, "--text", "followed")
    assert sorted(h["crime_id"] for h in hits) == ["C1", "C2", "C5"]


def test_matched_says_which_query_words_matched(db, run_cli):
    hit = next(h for h in run_cli(db, "--text", "following doorstep") if h["crime_id"] == "C3")
    assert hit["matched"]["text"]["words"] == ["doorstep"]


def test_accents_and_case_in_the_query_are_ignored(db, run_cli):
    assert [h["crime_id"] for h in run_cli(db, "--text", "DÓORSTEP")] == ["C3"]


def test_a_word_in_no_narrative_finds_nothing(db, run_cli):
    assert run_cli(db, "--text", "helicopter") == []


def test_text_and_offence_role_combine(db, run_cli):
    hits = run_cli(db, "--text", "followed", "--offence", "stalking", "--role", "principal")
    assert sorted(h["crime_id"] for h in hits) == ["C1", "C5"]


def test_a_changed_narrative_drops_its_old_words_from_the_index(db, run_cli):
    con = store.connect(db)
    with store.transaction(con):
        con.execute("UPDATE crimes SET narrative = 'Silent phone calls at night.', ingest_run_id = 2 WHERE crime_id = 'C1'")
        assert index.update(con) == 1
    con.close()
    assert ("C1" in [h["crime_id"] for h in run_cli(db, "--text", "house")],
            "C1" in [h["crime_id"] for h in run_cli(db, "--text", "silent")]) == (False, True)


def test_a_changed_narrative_leaves_no_postings_of_the_old_version(db):
    con = store.connect(db)
    with store.transaction(con):
        con.execute("UPDATE crimes SET narrative = 'Silent phone calls.', ingest_run_id = 2 WHERE crime_id = 'C1'")
        index.update(con)
    words = con.execute("""
        SELECT list(w.word ORDER BY w.word) FROM search_postings p
        JOIN search_documents d USING (doc_id) JOIN search_words w USING (word_id) WHERE d.crime_id = 'C1'
    """).fetchone()[0]
    assert words == ["calls", "phone", "silent"]


def test_update_twice_indexes_nothing_the_second_time(db):
    con = store.connect(db)
    with store.transaction(con):
        assert index.update(con) == 0
    assert con.execute("SELECT count(*) FROM search_documents").fetchone()[0] == 6


def test_update_indexes_only_crimes_added_since_the_last_run(db, run_cli):
    con = store.connect(db)
    with store.transaction(con):
        con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, narrative, ingest_run_id) "
                    "VALUES ('C7', 'crime', '2024-07-01', 'SS8L-01', 'Harassment', 'Loitering by the school gates.', 3)")
        assert index.update(con) == 1
    con.close()
    assert [h["crime_id"] for h in run_cli(db, "--text", "loitered")] == ["C7"]


def test_update_inside_a_rolled_back_load_leaves_the_index_as_it_was(db):
    con = store.connect(db)
    con.execute("BEGIN")
    con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, narrative, ingest_run_id) "
                "VALUES ('C8', 'crime', '2024-07-01', 'SS8L-01', 'Harassment', 'Drone over the garden.', 4)")
    index.update(con)
    con.execute("ROLLBACK")
    assert con.execute("SELECT count(*) FROM search_documents WHERE crime_id = 'C8'").fetchone()[0] == 0


def test_postings_made_by_another_tokeniser_version_are_rebuilt(db):
    con = store.connect(db)
    with store.transaction(con):
        con.execute("UPDATE search_documents SET index_version = 'words-0' WHERE crime_id = 'C3'")
        assert index.update(con) == 1
    assert con.execute("SELECT list(DISTINCT index_version) FROM search_documents").fetchone()[0] == [index.INDEX_VERSION]


def test_a_full_update_drops_the_postings_of_a_crime_removed_from_the_store(db):
    con = store.connect(db)
    with store.transaction(con):
        con.execute("DELETE FROM crimes WHERE crime_id = 'C3'")
        index.update(con, full=True)
    assert con.execute("SELECT count(*) FROM search_postings WHERE doc_id NOT IN (SELECT doc_id FROM search_documents)"
                       " OR doc_id IN (SELECT doc_id FROM search_documents WHERE crime_id = 'C3')").fetchone()[0] == 0


def test_a_crime_rewritten_by_an_earlier_numbered_run_is_found_by_a_full_update(db):
    con = store.connect(db)
    with store.transaction(con):
        con.execute("UPDATE crimes SET narrative = 'Drone over the garden.', ingest_run_id = 0 WHERE crime_id = 'C4'")
        assert (index.update(con), index.update(con, full=True)) == (0, 1)
