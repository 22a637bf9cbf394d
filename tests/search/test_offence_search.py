import duckdb



def stalking_crimes_by_sql(db, role=None):
    """The independent answer: crimes with a stalking-group code in `offences`."""
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT DISTINCT crime_id FROM offences WHERE offence_code IN ('195/12', '8/65', '8/66') "
        "AND (? IS NULL OR role = ?) ORDER BY crime_id", [role, role]).fetchall()
    con.close()
    return [r[0] for r in rows]


def test_offence_stalking_returns_exactly_the_crimes_with_stalking_principal_or_included(db, run_cli):
    hits = run_cli(db, "--offence", "stalking")
    assert sorted(h["crime_id"] for h in hits) == stalking_crimes_by_sql(db) == ["C1", "C2", "C3", "C5"]


def test_role_included_returns_only_crimes_where_stalking_is_an_included_offence(db, run_cli):
    hits = run_cli(db, "--offence", "stalking", "--role", "included")
    assert sorted(h["crime_id"] for h in hits) == stalking_crimes_by_sql(db, "included") == ["C2", "C3"]


def test_role_principal_returns_only_crimes_where_stalking_is_the_principal_offence(db, run_cli):
    hits = run_cli(db, "--offence", "stalking", "--role", "principal")
    assert sorted(h["crime_id"] for h in hits) == stalking_crimes_by_sql(db, "principal") == ["C1", "C5"]


def test_matched_names_the_included_offence_and_its_role(db, run_cli):
    hit = next(h for h in run_cli(db, "--offence", "stalking") if h["crime_id"] == "C2")
    assert hit["matched"]["offence"] == {
        "term": "group stalking",
        "offences": [{"offence_code": "8/66", "offence": "Stalking involving serious alarm or distress", "role": "included"}],
    }


def test_json_hit_carries_the_principal_offence_and_record_type(db, run_cli):
    hit = next(h for h in run_cli(db, "--offence", "stalking") if h["crime_id"] == "C3")
    assert (hit["offence_code"], hit["record_type"], hit["recorded_at"]) == ("SS8R-01", "crime", "2024-03-15T14:00:00")


def test_classification_8q_means_the_same_crimes_as_the_stalking_group(db, run_cli):
    assert sorted(h["crime_id"] for h in run_cli(db, "--offence", "8Q")) == ["C1", "C2", "C3", "C5"]


def test_a_single_code_matches_only_that_code(db, run_cli):
    assert sorted(h["crime_id"] for h in run_cli(db, "--offence", "195/12")) == ["C1", "C3"]


def test_offence_and_date_filters_combine(db, run_cli):
    hits = run_cli(db, "--offence", "stalking", "--from", "2024-02-10", "--to", "2024-03-15")
    assert [h["crime_id"] for h in hits] == ["C3", "C2"]


def test_force_filter_ignores_case(db, run_cli):
    assert len(run_cli(db, "--force", "TESTSHIRE")) == 6


def test_limit_caps_the_hits_most_recent_first(db, run_cli):
    assert [h["crime_id"] for h in run_cli(db, "--offence", "stalking", "--limit", "2")] == ["C5", "C3"]
