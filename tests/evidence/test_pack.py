"""The whole evidence path as an investigator runs it: synthetic extraction files with planted
patterns (an escalation on the clock-change weekend, a suspect's phone near the victim's home and
her phone, two overlapping extractions of his phone) imported as files, reported, and the evidence
pack written; the PDF is read back and its figures checked against the store."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import re

import pypdf
import pytest

from stalkscreen import store
from stalkscreen.evidence import analysis, importing
from stalkscreen.synth import extractions

from support import run_cli

CRIME = "E9"
PLAN = extractions.Plan(
    CRIME, "+447700900902", "+447700900901", (51.4545, -2.5879), (51.5, -2.5), seed=5,
    start=dt.date(2026, 2, 16), days=70, escalation=dt.date(2026, 3, 28), duplicated=True,
    occasions=(extractions.Occasion(dt.datetime(2026, 3, 7, 21), 30, "home"),
               extractions.Occasion(dt.datetime(2026, 3, 29, 0, 40), 40, "home"),   # across 01:00 UTC, the change
               extractions.Occasion(dt.datetime(2026, 4, 12, 15), 20, "device")))


def _new_store(folder):
    db = folder / "s.duckdb"
    with store.connect(db) as con, store.transaction(con):
        con.execute("INSERT INTO crimes (crime_id, record_type, recorded_at, offence_code, offence, ingest_run_id) "
                    "VALUES (?, 'crime', '2026-04-20 10:00', '8/65', 'Stalking', 1)", [CRIME])
        # The phones as an RMS holds them, in other formats than the extractions'
        con.executemany("INSERT INTO person_records (person_record_id, crime_id, role, forename, surname, phone, "
                        "ingest_run_id) VALUES (?, ?, ?, ?, ?, ?, 1)",
                        [["V9", CRIME, "victim", "Vina", "Vale", "07700 900902"],
                         ["S9", CRIME, "suspect", "Saul", "Stone", "+44 (0)7700-900-901"]])
    return db


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """(store, truth, files folder) after importing every planted file."""
    folder = tmp_path_factory.mktemp("evidence_case")
    db = _new_store(folder)
    truth = extractions.write_files(extractions.make(PLAN), folder / "files")
    with store.connect(db) as con:
        for f in truth["files"]:
            importing.run(con, folder / "files" / f["file"], CRIME, f["kind"], f["owner"], by="DC Test")
    return db, truth, folder / "files"


@pytest.fixture(scope="module")
def findings(case):
    with store.connect(case[0], read_only=True) as con:
        return analysis.report(con, CRIME)


@pytest.fixture(scope="module")
def pack_folder(case, tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    mp = pytest.MonkeyPatch()
    try:
        from stalkscreen.cli import main as cli_main
        mp.setattr("sys.argv", ["stalkscreen", "--db", str(case[0]), "evidence", "report", CRIME, "--out", str(out)])
        with pytest.raises(SystemExit) as ended:
            cli_main.app()
        assert ended.value.code in (0, None)
    finally:
        mp.undo()
    return out


def test_the_overlap_of_the_two_extractions_is_loaded_once(case):
    db, truth, _ = case
    with store.connect(db, read_only=True) as con:
        duplicates = con.execute("SELECT sum(rows_duplicate) FROM evidence_sources WHERE kind = 'contacts'").fetchone()[0]
    assert truth["duplicate_contacts"] > 0 and duplicates == truth["duplicate_contacts"]


def test_exactly_the_planted_escalation_is_found(findings, case):
    truth = case[1]
    assert [e["period_from"].isoformat() for e in findings.escalations] == [truth["escalation"]]


def test_exactly_the_planted_co_locations_are_found(findings, case):
    planted = [(o["near"], o["started_at"], o["ended_at"], o["fixes"]) for o in case[1]["occasions"]]
    found = [(o["near"], o["started_at"].isoformat(), o["ended_at"].isoformat(), o["fixes"]) for o in findings.colocations]
    assert len(planted) == 3 and found == planted


def test_the_pair_contacts_match_the_planted_count(findings, case):
    assert [p["contacts"] for p in findings.pairs] == [case[1]["pair_contacts"]]


def test_the_cli_imports_a_file_and_prints_the_sum_and_the_hash(tmp_path, case, monkeypatch, capsys):
    db, truth, files = _new_store(tmp_path), case[1], case[2]
    victim_file = files / next(f["file"] for f in truth["files"] if f["kind"] == "contacts" and f["owner"] == "victim")
    code, _, err = run_cli(monkeypatch, capsys, "--db", db, "evidence", "import", victim_file, "--case", CRIME,
                           "--kind", "contacts", "--owner", "victim", "--by", "DC Test")
    rows = sum(1 for _ in open(victim_file, encoding="utf-8")) - 1
    assert code == 0 and f"read {rows:,} = loaded {rows:,}" in err
    assert hashlib.sha256(victim_file.read_bytes()).hexdigest() in err


def test_the_pack_holds_html_pdf_every_table_and_a_manifest_of_hashes(pack_folder):
    names = sorted(p.name for p in pack_folder.iterdir())
    assert {"evidence-E9.html", "evidence-E9.pdf", "evidence-E9-colocations.csv", "evidence-E9-daily_contacts.csv",
            "evidence-E9-core_times.csv", "evidence-E9-escalations.csv", "evidence-E9-sources.csv",
            "evidence-E9-manifest.csv"} <= set(names)
    with open(pack_folder / "evidence-E9-manifest.csv", encoding="utf-8") as handle:
        manifest = {r["file"]: r["sha256"] for r in csv.DictReader(handle)}
    assert set(manifest) == set(names) - {"evidence-E9-manifest.csv"}
    assert all(hashlib.sha256((pack_folder / n).read_bytes()).hexdigest() == h for n, h in manifest.items())


def _pdf_text(pack_folder) -> str:
    reader = pypdf.PdfReader(pack_folder / "evidence-E9.pdf")
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_pdf_figures_match_the_store(pack_folder, case):
    text = _pdf_text(pack_folder)
    with store.connect(case[0], read_only=True) as con:
        # Every pair contact is on the victim's phone, from or to the suspect's number
        contacts = con.execute("""SELECT count(*) FROM evidence_contacts c JOIN evidence_party_people p
                                  ON p.crime_id = c.crime_id AND p.party = c.party AND p.person_record_id = 'S9'
                                  WHERE c.owner_person_record_id = 'V9'""").fetchone()[0]
        hashes = [h for (h,) in con.execute("SELECT content_hash FROM evidence_sources WHERE crime_id = ?", [CRIME]).fetchall()]
        occasions = con.execute("SELECT count(*) FROM evidence_locations WHERE crime_id = ?", [CRIME]).fetchone()[0]
    assert f"contacts {contacts:,}" in text
    assert "1 escalation period(s) · 3 co-location occasion(s)" in re.sub(r"\s+", " ", text)
    squeezed = re.sub(r"\s+", "", text)
    assert occasions > 0 and len(hashes) == 6 and all(h in squeezed for h in hashes)


def test_the_pdf_names_the_escalation_and_each_occasion(pack_folder, findings):
    squeezed = re.sub(r"\s+", "", _pdf_text(pack_folder))   # a table cell may wrap a time onto two lines
    assert findings.escalations[0]["period_from"].isoformat() in squeezed
    assert all(o["started_at"].strftime("%Y-%m-%d%H:%M") in squeezed for o in findings.colocations)


def test_the_json_summary_carries_every_table(case, monkeypatch, capsys):
    code, out, err = run_cli(monkeypatch, capsys, "--db", case[0], "evidence", "report", CRIME, "--format", "json")
    whole = json.loads(out)
    assert code == 0 and len(whole["colocations"]) == 3 and whole["escalations"][0]["period_from"] == "2026-03-28"
