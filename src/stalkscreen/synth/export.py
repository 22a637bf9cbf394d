"""Writing the export: canonical files at the top of DIR, the same data in a records-system
style under DIR/rms/ with its mapping file, and ground truth under DIR/truth/."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from stalkscreen.synth.malformed import Placed

TABLES = ["crimes", "offences", "person_records", "orders", "order_events", "risk_assessments",
          "victim_care_events", "case_events"]
COLUMNS = {
    "crimes": ["crime_id", "force", "record_type", "recorded_at", "occurred_from", "occurred_to", "offence_code",
               "offence", "domestic_abuse", "status", "outcome", "location", "postcode", "narrative"],
    "offences": ["crime_id", "offence_code", "offence", "role"],
    "person_records": ["person_record_id", "crime_id", "role", "forename", "surname", "dob", "sex", "address",
                       "postcode", "phone", "email", "relationship"],
    "orders": ["order_id", "order_type", "subject_person_record_id", "protected_person_record_id", "applied_on",
               "made_on", "expires_on", "status", "conditions"],
    "order_events": ["order_id", "event", "at", "by", "detail"],
    "risk_assessments": ["assessment_id", "crime_id", "person_record_id", "instrument", "instrument_version",
                         "completed_at", "answers", "level", "assessor"],
    "victim_care_events": ["crime_id", "person_record_id", "event", "at"],
    "case_events": ["crime_id", "event", "at", "by", "detail"],
}
TIMESTAMPS = {"crimes": ["recorded_at", "occurred_from", "occurred_to"], "order_events": ["at"],
              "risk_assessments": ["completed_at"], "victim_care_events": ["at"], "case_events": ["at"]}
DATES = {"person_records": ["dob"], "orders": ["applied_on", "made_on", "expires_on"]}
FORMATS = ("csv", "parquet", "jsonl")


def write_table(table: pa.Table, path: Path, fmt: str, delimiter: str = ",", encoding: str = "utf-8") -> None:
    if fmt == "parquet":
        pq.write_table(table, path)
    elif fmt == "jsonl":
        with open(path, "wb") as out:
            for start in range(0, max(table.num_rows, 1), 100_000):
                out.write(_jsonl_bytes(table.slice(start, 100_000)))
    else:
        options = pacsv.WriteOptions(quoting_style="needed", delimiter=delimiter)
        if encoding.lower().replace("-", "") == "utf8":
            pacsv.write_csv(table, path, options)
        else:
            buffer = io.BytesIO()
            pacsv.write_csv(table, buffer, options)
            path.write_bytes(buffer.getvalue().decode("utf-8").encode(encoding))


def _json_string(column: pa.Array) -> pa.Array:
    text = column
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")):
        text = pc.replace_substring(text, raw, escaped)
    quoted = pc.binary_join_element_wise('"', text, '"', "")
    return pc.fill_null(quoted, "null")


def _jsonl_bytes(table: pa.Table) -> bytes:
    """JSON Lines built column-wise by Arrow (all values are text or null), one object per line."""
    if table.num_rows == 0:
        return b""
    parts: list = []
    for i, name in enumerate(table.column_names):
        parts.append(("{" if i == 0 else ", ") + f'"{name}": ')
        parts.append(_json_string(table.column(name).combine_chunks()))
    parts.append("}\n")
    lines = pc.binary_join_element_wise(*parts, "")
    return "".join(lines.to_pylist()).encode("utf-8")


def line_numbers(table: pa.Table, fmt: str) -> np.ndarray:
    """Per row, the contract's line number: CSV physical line where the record starts (header = 1),
    else 1-based record number."""
    if fmt != "csv":
        return np.arange(1, table.num_rows + 1)
    breaks = np.zeros(table.num_rows, dtype=np.int64)
    for name in table.column_names:
        counts = pc.count_substring(table.column(name), "\n")
        breaks += pc.fill_null(counts, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    return 2 + np.arange(table.num_rows) + np.concatenate([[0], np.cumsum(breaks)[:-1]])


def malformed_rows(file_name: str, lines: np.ndarray, placed: list[Placed]) -> list[tuple[str, int, str]]:
    """(file, line, defect) per bad row; lines is indexed by row of the table before any reordering.
    For a duplicate the later of the two copies is the bad one (the first loads)."""
    out = []
    for p in placed:
        index = p.twin if p.twin >= 0 and lines[p.twin] > lines[p.index] else p.index
        out.append((file_name, int(lines[index]), p.defect))
    return out


def write_truth_csv(path: Path, table: pa.Table) -> None:
    pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))
