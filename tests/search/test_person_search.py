def ids(hits):
    return sorted(h["crime_id"] for h in hits)


def test_surname_with_one_typo_finds_both_spellings(db, run_cli):
    assert ids(run_cli(db, "--person", "Smith")) == ["C1", "C2"]


def test_full_name_tolerates_one_typo_in_each_of_forename_and_surname(db, run_cli):
    assert ids(run_cli(db, "--person", "Johnn Smyth")) == ["C1"]


def test_case_and_accents_are_ignored(db, run_cli):
    assert ids(run_cli(db, "--person", "zoe RENEE")) == ["C1"]


def test_punctuation_in_a_surname_is_ignored(db, run_cli):
    assert ids(run_cli(db, "--person", "obrien")) == ["C3"]


def test_two_typos_in_a_surname_do_not_match(db, run_cli):
    assert ids(run_cli(db, "--person", "Jomas")) == []  # Jones with two letters changed


def test_short_names_must_match_exactly(db, run_cli):
    assert (ids(run_cli(db, "--person", "Li")), ids(run_cli(db, "--person", "Lu"))) == (["C4"], [])


def test_matched_names_the_record_and_how_it_matched(db, run_cli):
    hit = next(h for h in run_cli(db, "--person", "Smith") if h["crime_id"] == "C2")
    assert hit["matched"]["person"] == [{
        "person_record_id": "P3", "role": "suspect", "name": "Jon SMYTH",
        "how": "surname one edit from smith (ignoring case, accents and punctuation)",
    }]


def test_person_role_filters_the_person_records(db, run_cli):
    assert ids(run_cli(db, "--person", "Renee", "--person-role", "suspect")) == []
