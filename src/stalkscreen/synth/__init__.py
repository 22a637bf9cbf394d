"""The synthetic force generator: `generate()` writes a force export (canonical files, a second
records-system style under rms/, and ground truth under truth/). Only synthetic people, ever."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pyarrow as pa

from stalkscreen.errors import StalkscreenError
from stalkscreen.synth import export, force, malformed, rms

DEFAULT_END_DATE = dt.date(2026, 10, 31)
MIN_CRIMES = 100


@dataclass
class Summary:
    out: Path
    rows: dict[str, int] = field(default_factory=dict)       # file -> rows written (bad rows included)
    malformed: dict[str, int] = field(default_factory=dict)  # file -> bad rows
    stalking_crimes: int = 0
    campaigns: int = 0
    seconds: float = 0.0


def generate(crimes: int, seed: int, out: Path, fmt: str = "csv", end_date: dt.date = DEFAULT_END_DATE,
             step: Callable[[str], None] = lambda _: None) -> Summary:
    if crimes < MIN_CRIMES:
        raise StalkscreenError(f"--crimes {crimes}: too few for a force", hint=f"use at least {MIN_CRIMES}")
    if fmt not in export.FORMATS:
        raise StalkscreenError(f"--format {fmt}: not a format", hint="one of: " + ", ".join(export.FORMATS))
    started = time.perf_counter()
    out = Path(out)
    for folder in (out, out / "rms", out / "truth"):
        folder.mkdir(parents=True, exist_ok=True)
    _remove_old(out)

    made = force.build(crimes, seed, end_date, step)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 2]))
    step("malformed rows")
    bad = malformed.plan(rng, made.tables)
    summary = Summary(out=out)
    bad_main, bad_rms = [], []
    extra_people = []
    for name in export.TABLES:
        table, placed = malformed.insert(made.tables[name], bad[name])
        step(f"writing {name}")
        file_name = f"{name}.{fmt}"
        export.write_table(table, out / file_name, fmt)
        bad_main += export.malformed_rows(file_name, export.line_numbers(table, fmt), placed)
        summary.rows[file_name] = table.num_rows
        summary.malformed[file_name] = len(placed)
        # the records-system copy: same rows in another order, restyled
        order = rng.permutation(table.num_rows)
        styled = rms.restyle(name, table.take(pa.array(order)))
        rms_name = f"{rms.FILES[name]}.{fmt}"
        export.write_table(styled, out / "rms" / rms_name, fmt, rms.DELIMITER, rms.ENCODING)
        file_lines = export.line_numbers(styled, fmt)
        lines_by_row = np.empty(table.num_rows, dtype=np.int64)
        lines_by_row[order] = file_lines
        bad_rms += export.malformed_rows(f"rms/{rms_name}", lines_by_row, placed)
        summary.rows[f"rms/{rms_name}"] = styled.num_rows
        summary.malformed[f"rms/{rms_name}"] = len(placed)
        if name == "person_records":
            extra_people = [(b.row["person_record_id"], b.source) for b in bad[name]]
    (out / "rms" / "mapping.yaml").write_text(rms.mapping_yaml(fmt), encoding="utf-8")

    step("ground truth")
    truth = made.truth
    people = truth["people"]
    if extra_people:
        sources = people.column("true_person_id").take(pa.array([s for _, s in extra_people]))
        people = pa.concat_tables([people, pa.table({"person_record_id": pa.array([p for p, _ in extra_people], pa.string()),
                                                     "true_person_id": sources})])
    for name, table in (("people", people), ("crimes", truth["crimes"]), ("campaigns", truth["campaigns"]),
                        ("orders", truth["orders"])):
        export.write_truth_csv(out / "truth" / f"{name}.csv", table)
    for name, rows in (("malformed", bad_main), ("malformed_rms", bad_rms)):
        rows = sorted(rows, key=lambda r: (export.TABLES.index(_table_of(r[0])), r[1]))
        export.write_truth_csv(out / "truth" / f"{name}.csv", pa.table({
            "file": pa.array([r[0] for r in rows], pa.string()), "line": pa.array([r[1] for r in rows], pa.int64()),
            "defect": pa.array([r[2] for r in rows], pa.string())}))
    summary.stalking_crimes = int(sum(1 for v in truth["crimes"].column("is_stalking").to_pylist() if v == "true"))
    summary.campaigns = truth["campaigns"].num_rows
    summary.seconds = time.perf_counter() - started
    return summary


def _table_of(file_name: str) -> str:
    stem = Path(file_name).stem
    return stem if stem in export.TABLES else {v: k for k, v in rms.FILES.items()}[stem]


def _remove_old(out: Path) -> None:
    """Files a previous run wrote (in any format), so a directory never mixes two exports."""
    for fmt in export.FORMATS:
        for name in export.TABLES:
            (out / f"{name}.{fmt}").unlink(missing_ok=True)
            (out / "rms" / f"{rms.FILES[name]}.{fmt}").unlink(missing_ok=True)
