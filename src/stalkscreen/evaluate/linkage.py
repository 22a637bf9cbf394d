"""Linkage accuracy: pairwise precision, recall and F1, and how clusters compare with true people."""

from __future__ import annotations

from pathlib import Path

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.evaluate import truth


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def measure(con: duckdb.DuckDBPyConnection, folder: Path) -> dict:
    """Counted over person records that are both in `people` and in truth/people.csv."""
    if not con.execute("SELECT count(*) FROM people").fetchone()[0]:
        raise StalkscreenError("no people in the store yet", hint="run `stalkscreen link` first")
    table = truth.load(con, folder, "people", ["person_record_id", "true_person_id"])
    counts = con.execute(f"""
        WITH cells AS (
            SELECT p.person_id, t.true_person_id, count(*) AS n
            FROM people p JOIN {table} t USING (person_record_id) GROUP BY ALL),
        predicted AS (SELECT person_id, sum(n) AS n, count(*) AS truths FROM cells GROUP BY person_id),
        actual AS (SELECT true_person_id, sum(n) AS n, count(*) AS clusters FROM cells GROUP BY true_person_id)
        SELECT (SELECT sum(n * (n - 1) / 2) FROM cells),
               (SELECT sum(n * (n - 1) / 2) FROM predicted),
               (SELECT sum(n * (n - 1) / 2) FROM actual),
               (SELECT count(*) FROM predicted), (SELECT count(*) FROM actual),
               (SELECT count(*) FROM cells c JOIN predicted p USING (person_id) JOIN actual a USING (true_person_id)
                WHERE p.truths = 1 AND a.clusters = 1),
               (SELECT count(*) FROM actual WHERE clusters > 1),
               (SELECT count(*) FROM predicted WHERE truths > 1),
               (SELECT sum(n) FROM cells)
    """).fetchone()
    tp, predicted, actual, clusters, people, exact, split, mixed, records = (int(x or 0) for x in counts)
    precision, recall = _ratio(tp, predicted), _ratio(tp, actual)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else None
    return {
        "records": records, "true_pairs": actual, "predicted_pairs": predicted, "correct_pairs": tp,
        "precision": precision, "recall": recall, "f1": f1,
        "true_people": people, "clusters": clusters, "clusters_exactly_right": exact,
        "share_exactly_right": _ratio(exact, people), "people_split": split, "clusters_mixed": mixed,
    }
