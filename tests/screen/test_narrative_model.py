"""The narrative model: its SQL gives the probability its weights say, only narratives with a
lexicon hit are scored, its evidence is the words that weigh most, the shipped file is what
`stalkscreen fit-model` makes from the development narratives, and a bad model file is refused
with its line."""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
import yaml

from stalkscreen.errors import StalkscreenError
from stalkscreen.screen import lexicon, narrative_model

FIXTURES = Path(__file__).parents[1] / "fixtures" / "screening"
SHIPPED_MODEL = lexicon.shipped_path().parent / "screening_model.yaml"


@pytest.fixture(scope="module")
def lex() -> lexicon.Lexicon:
    return lexicon.load()


def development(n: int) -> list[dict]:
    with open(FIXTURES / "development_3.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))[:n]


def by_hand(lex: lexicon.Lexicon, found: set[tuple[str, str]]) -> float:
    model = lex.model
    weights = {("decision", "lexicon"): model.lexicon_decision, **{("rule", r): w for r, w in model.rules.items()},
               **{("word", t): w for t, w in model.words.items()}}
    z = model.intercept + sum(weights.get(f, 0.0) for f in found)
    return 1 / (1 + math.exp(-z))


def test_the_sql_probability_is_the_weights_sum_through_the_logistic(lex):
    texts = [r["text"] for r in development(60)]
    verdicts = lexicon.screen_texts(lex, texts)
    for text, found, verdict in zip(texts, lexicon.features(lex, texts), verdicts):
        if found:
            assert verdict.score == pytest.approx(by_hand(lex, found), abs=1e-9), text
            assert verdict.indicated == (verdict.score >= lex.model.threshold)


def test_a_narrative_without_any_lexicon_hit_is_not_scored(lex):
    text = "Burglary dwelling. Rear window forced, laptop and jewellery taken while the family were away."
    assert lexicon.features(lex, [text]) == [set()]
    assert lexicon.screen_texts(lex, [text])[0].score == 0.0


def test_words_are_lower_cased_runs_of_letters_and_digits(lex):
    found = lexicon.features(lex, ["Susp FOLLOWED her home from the station, again on 3/5 (x3)."])[0]
    words = {term for kind, term in found if kind == "word"}
    assert {"followed", "home", "station", "again", "3", "5", "x3"} <= words and "FOLLOWED" not in words


def test_the_evidence_is_the_heaviest_words_at_their_first_place(lex):
    texts = [r["text"] for r in development(80)]
    con = duckdb.connect()
    con.register("texts", pa.table({"crime_id": [str(i) for i in range(len(texts))], "narrative": texts}))
    con.execute(f"CREATE TABLE hits AS {lexicon.hits_sql(lex, 'texts')}")
    con.execute(f"CREATE TABLE decided AS {lexicon.verdict_sql(lex, 'hits')}")
    features = narrative_model.features_sql("texts", "hits", "decided", lex.scan.max_chars, "duckdb", lex.model.words)
    con.execute("CREATE TABLE weighed AS " + narrative_model.weighed_sql(lex.model, features, "duckdb"))
    con.execute("CREATE TABLE verdicts AS " + narrative_model.verdicts_sql(lex.model, "weighed", "decided"))
    rows = con.execute(narrative_model.evidence_sql(lex.model, "texts", "weighed", "verdicts", "duckdb",
                                                    "NULL AS linked_crime_id, NULL AS dyad_id")).fetchall()
    indicated = {c for (c,) in con.execute("SELECT crime_id FROM verdicts WHERE narrative_indicated").fetchall()}
    assert rows and {r[0] for r in rows} == indicated
    for crime_id, rule, ord_, text, start, end, *_ in rows:
        narrative = texts[int(crime_id)]
        assert rule == "narrative.model" and 1 <= ord_ <= narrative_model.EVIDENCE_WORDS
        assert narrative[start:end] == text and lex.model.words[text.lower()] > 0
        assert re.search(rf"\b{text}\b", narrative, re.IGNORECASE).start() == start  # its first place
        present = {w for k, w in lexicon.features(lex, [narrative])[0] if k == "word"}
        heavier = [w for w in present if lex.model.words.get(w, 0) > lex.model.words[text.lower()]]
        assert len(heavier) < ord_ and len(heavier) < narrative_model.EVIDENCE_POOL


def test_the_shipped_model_is_what_fit_model_makes_of_its_training_files(cli, tmp_path):
    shipped = yaml.safe_load(SHIPPED_MODEL.read_text(encoding="utf-8"))
    files = [str(FIXTURES / entry["file"]) for entry in shipped["trained_on"]]
    out = tmp_path / "model.yaml"
    status, said, errors = cli("fit-model", *files, "--out", str(out), "--version", shipped["version"],
                               "--c", str(shipped["fit"]["c"]), "--min-docs", str(shipped["fit"]["min_docs"]),
                               "--max-words", str(shipped["fit"]["max_words"]))
    assert status == 0, errors
    fitted = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert fitted["trained_on"] == shipped["trained_on"]  # the same files, byte for byte
    assert fitted["words"].keys() == shipped["words"].keys()
    for section in ("rules", "words"):
        for term, weight in shipped[section].items():
            assert fitted[section][term] == pytest.approx(weight, abs=1e-5), term
    assert fitted["intercept"] == pytest.approx(shipped["intercept"], abs=1e-5)


def test_the_held_out_narratives_are_not_among_the_training_files():
    shipped = yaml.safe_load(SHIPPED_MODEL.read_text(encoding="utf-8"))
    assert "narratives.csv" not in {entry["file"] for entry in shipped["trained_on"]}


def bad_model(tmp_path: Path, old: str, new: str) -> str:
    text = SHIPPED_MODEL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "model.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(StalkscreenError) as caught:
        narrative_model.load(path, lexicon.load().version, lexicon.load().rules)
    return caught.value.message


def line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "model.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_an_unknown_field_in_the_model_names_its_line(tmp_path):
    message = bad_model(tmp_path, "threshold: 0.5", "threshold: 0.5\nthreshhold: 0.6")
    assert message == f"{tmp_path / 'model.yaml'}:{line_of(tmp_path, 'threshhold')}: unknown field `threshhold` in the " \
                      "narrative model (expected one of: " + ", ".join(narrative_model.FIELDS) + ")"


def test_a_weight_that_is_not_a_number_names_its_line(tmp_path):
    message = bad_model(tmp_path, "narrative.tracking: ", "narrative.tracking: heavy #")
    assert message.startswith(f"{tmp_path / 'model.yaml'}:{line_of(tmp_path, 'narrative.tracking')}: `narrative.tracking` "
                              "must be a number")


def test_a_threshold_outside_zero_and_one_is_refused(tmp_path):
    assert "`threshold` must be a probability" in bad_model(tmp_path, "threshold: 0.5", "threshold: 1.5")


def test_a_rule_the_lexicon_does_not_have_is_refused(tmp_path):
    message = bad_model(tmp_path, "narrative.tracking: ", "narrative.trackers: ")
    assert "rule `narrative.trackers` is not in lexicon" in message


def test_a_word_with_capitals_or_spaces_is_refused(tmp_path):
    message = bad_model(tmp_path, "\nwords:\n", "\nwords:\n  Turned up: 0.5\n")
    assert "word 'Turned up' must be lower-case letters and digits only" in message


def test_fit_model_refuses_a_label_it_does_not_know(cli, tmp_path):
    path = tmp_path / "train.csv"
    path.write_text("id,label,text\nA1,stalking,Susp followed her home again.\nA2,maybe,Susp rang once.\n",
                    encoding="utf-8")
    status, _, errors = cli("fit-model", str(path), "--out", str(tmp_path / "m.yaml"), "--version", "t1")
    assert status != 0 and f"{path}:3: label 'maybe' is not `stalking` or `not`" in errors
    assert not (tmp_path / "m.yaml").exists()


def test_fit_model_refuses_narratives_of_one_kind_only(cli, tmp_path):
    path = tmp_path / "train.csv"
    path.write_text("id,label,text\nA1,stalking,Susp followed her home again.\nA2,stalking,Susp rang her 40 times.\n",
                    encoding="utf-8")
    status, _, errors = cli("fit-model", str(path), "--out", str(tmp_path / "m.yaml"), "--version", "t1")
    assert status != 0 and "not both stalking and not stalking" in errors
    assert not (tmp_path / "m.yaml").exists()
