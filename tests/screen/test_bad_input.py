"""Narratives as they come: empty, missing, 1 MB, not English, control characters. Screening
finishes, every such crime in scope gets a result, and every span lies inside its narrative."""

from __future__ import annotations

import pytest

from .conftest import copy_store, opened, screen

pytestmark = pytest.mark.slow

STALKING = "Susp followed IP home from work again and sent 40 messages on Facebook. "
ODD = {
    "empty": "",
    "missing": None,
    "one megabyte": (STALKING + "x" * 200) * (1_000_000 // (len(STALKING) + 200)),
    "welsh": "Mae'r sawl a ddrwgdybir wedi dilyn y dioddefwr adref bob dydd ers tair wythnos.",
    "arabic": "المشتبه به يتبع الضحية إلى المنزل كل يوم منذ ثلاثة أسابيع",
    "chinese": "嫌疑人连续三周每天跟踪受害人回家。",
    "control characters": "Susp\x00 followed\x07 IP\x1b[31m home\r\n\tagain\x0b\x0c and \ufeffwaited \u202eoutside.",
    "emoji": "he keeps sending 😡😡😡 and 🔪 every night, turned up at her work again 🙃",
    "lone surrogate-free oddities": "\u200b\u200d\u2028\u2029" * 50,
}


@pytest.fixture(scope="module")
def odd(screened_db, tmp_path_factory) -> dict:
    """The screened store with in-scope crimes' narratives replaced, then screened again."""
    db = copy_store(screened_db, tmp_path_factory.mktemp("odd"))
    with opened(db) as con:
        ids = [c for (c,) in con.execute("SELECT crime_id FROM screening_results ORDER BY crime_id LIMIT ?",
                                         [len(ODD)]).fetchall()]
        chosen = dict(zip(ODD, ids))
        for name, crime_id in chosen.items():
            # A new crime version, as a reload would make: its narrative is read again.
            con.execute("UPDATE crimes SET narrative = ?, ingest_run_id = ingest_run_id + 100 WHERE crime_id = ?",
                        [ODD[name], crime_id])
    report = screen(db)
    with opened(db, read_only=True) as con:
        rows = {c: (n, r) for c, n, r in con.execute(
            "SELECT crime_id, c.narrative, r.reasons FROM screening_results r JOIN crimes c USING (crime_id) "
            "WHERE list_contains(?, crime_id)", [ids]).fetchall()}
    return {"report": report, "chosen": chosen, "rows": rows}


def test_screening_reads_every_odd_narrative_again(odd):
    assert odd["report"].narratives_scanned == len(ODD)


def test_every_crime_with_an_odd_narrative_keeps_a_result(odd):
    assert set(odd["rows"]) == set(odd["chosen"].values())


def test_every_narrative_span_lies_inside_its_narrative(odd):
    spans = [(len(text or ""), e) for text, reasons in odd["rows"].values() for r in reasons
             if r["rule"].startswith("narrative.") for e in r["evidence"]]
    assert all(0 <= e["span_start"] < e["span_end"] <= n for n, e in spans)


def test_the_stalking_words_at_the_start_of_a_1_mb_narrative_are_found(odd):
    _, reasons = odd["rows"][odd["chosen"]["one megabyte"]]
    assert "narrative.following" in {r["rule"] for r in reasons}


def test_empty_and_missing_narratives_give_no_narrative_evidence(odd):
    for name in ("empty", "missing"):
        _, reasons = odd["rows"][odd["chosen"][name]]
        assert [r["rule"] for r in reasons if r["rule"].startswith("narrative.")] == []
