"""Screening accuracy: crimes indicated against truth/crimes.csv (is_stalking), overall and per
rule; and the narrative rules alone against a hand-labelled CSV of narratives."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.evaluate import truth


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    return round(2 * precision * recall / (precision + recall), 4) if precision and recall else None


def has_results(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM screen_runs").fetchone()[0])


def measure(con: duckdb.DuckDBPyConnection, folder: Path, stalking_codes: list[str]) -> dict:
    """Counted over crimes both in the store and in the truth; a crime without a result (out of
    scope) counts as not indicated. `hidden_*`: the same over crimes not recorded as stalking,
    which is what the flags are for. `suggested_role_agreement`: among true stalking crimes given
    a suggestion, how often `principal` was suggested exactly when the truth's correct offence is
    a stalking code (else the principal stands and stalking is included)."""
    if not has_results(con):
        raise StalkscreenError("no screening results in the store yet", hint="run `stalkscreen screen` first")
    table = truth.load(con, folder, "crimes", ["crime_id", "is_stalking", "correct_offence_code"])
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE eval_screening AS
        SELECT t.crime_id, lower(t.is_stalking) = 'true' AS stalking,
               coalesce(r.indicated, false) AS indicated,
               NOT EXISTS (SELECT 1 FROM offences o WHERE o.crime_id = t.crime_id
                           AND list_contains($codes, o.offence_code)) AS unrecorded,
               r.suggested_role, list_contains($codes, t.correct_offence_code) AS stalking_is_correct,
               coalesce(r.reasons, []) AS reasons
        FROM {table} t JOIN crimes c USING (crime_id) LEFT JOIN screening_results r USING (crime_id)""",
                {"codes": stalking_codes})
    overall, hidden = _counts(con, "true"), _counts(con, "unrecorded")
    per_rule = con.execute("""
        WITH fired AS (SELECT crime_id, stalking, unnest(reasons).rule AS rule FROM eval_screening)
        SELECT rule, count(*) AS fired, count(*) FILTER (WHERE stalking) AS stalking
        FROM fired GROUP BY rule ORDER BY rule""").fetchall()
    suggested, agreed = con.execute("""
        SELECT count(*), count(*) FILTER (WHERE (suggested_role = 'principal') = stalking_is_correct)
        FROM eval_screening WHERE suggested_role IS NOT NULL AND stalking""").fetchone()
    con.execute("DROP TABLE eval_screening")
    rules = [{"rule": rule, "fired": n, "stalking": s, "precision": _ratio(s, n),
              "recall": _ratio(s, overall["stalking"])} for rule, n, s in per_rule]
    return {**overall, "hidden_stalking": hidden["stalking"], "flags": hidden["indicated"],
            "hidden_precision": hidden["precision"], "hidden_recall": hidden["recall"],
            "suggested_role_agreement": _ratio(agreed, suggested), "rules": rules}


def _counts(con: duckdb.DuckDBPyConnection, where: str) -> dict:
    crimes, stalking, indicated, tp = con.execute(f"""
        SELECT count(*), count(*) FILTER (WHERE stalking), count(*) FILTER (WHERE indicated),
               count(*) FILTER (WHERE stalking AND indicated)
        FROM eval_screening WHERE {where}""").fetchone()
    precision, recall = _ratio(tp, indicated), _ratio(tp, stalking)
    return {"crimes": crimes, "stalking": stalking, "indicated": indicated, "correct": tp,
            "precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def narratives(path: Path, lex) -> dict:
    """Precision and recall of narrative_indicated (the lexicon, and its model) on a labelled CSV (id, label
    stalking|not, text, and optionally category), overall and per category."""
    from stalkscreen.screen import lexicon

    rows = labelled(path)
    verdicts = lexicon.screen_texts(lex, [r["text"] for r in rows])
    stalking = [r["label"] == "stalking" for r in rows]
    said = [bool(v.indicated) for v in verdicts]
    tp = sum(s and p for s, p in zip(stalking, said))
    precision, recall = _ratio(tp, sum(said)), _ratio(tp, sum(stalking))
    categories: dict[str, list[int]] = {}
    for row, s, p in zip(rows, stalking, said):
        counts = categories.setdefault(row.get("category") or "(none)", [0, 0, 0])
        counts[0] += 1
        counts[1] += p
        counts[2] += s == p
    return {"narratives": len(rows), "stalking": sum(stalking), "indicated": sum(said), "correct": tp,
            "precision": precision, "recall": recall, "f1": _f1(precision, recall), "lexicon_version": lex.version,
            "categories": [{"category": k, "narratives": n, "indicated": i, "agreement": _ratio(a, n)}
                           for k, (n, i, a) in sorted(categories.items())]}


def labelled(path: Path) -> list[dict]:
    rows = []
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in ("id", "label", "text") if c not in (reader.fieldnames or [])]
            if missing:
                raise StalkscreenError(f"{path}: missing column(s) {', '.join(missing)}",
                                       hint="expected at least: id, label (stalking or not), text")
            for row in reader:
                if row["label"] not in ("stalking", "not"):
                    raise StalkscreenError(f"{path}:{reader.line_num}: label {row['label']!r} is not "
                                           "`stalking` or `not`")
                rows.append(row)
    except FileNotFoundError:
        raise StalkscreenError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise StalkscreenError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not rows:
        raise StalkscreenError(f"{path}: no narratives")
    return rows
