"""Reading an extraction file (CSV or JSON Lines) into the temp table `_ev_in`: one text column per
canonical column of its kind (an empty cell is NULL), the row's first line and its raw text. Records
refused while reading (a wrong number of fields, a line that is not a JSON object) go to
`_ev_rejected` with their reason. A file that cannot be read as a whole raises one error.

Line numbers and raw text come from the bytes themselves (numpy over the newlines), so a 1M-row file
is read without a Python loop; only a CSV whose quoting pyarrow cannot follow is parsed row by row.
"""

from __future__ import annotations

import csv
import hashlib
import io
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import columns, values

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
DELIMITERS = (",", ";", "\t", "|")
NEWLINE, QUOTE, CR = 10, 34, 13


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def check_file(path: Path) -> str:
    """The file's format (csv | jsonl); an error if it is missing or of another type."""
    if not path.is_file():
        raise StalkscreenError(f"{path}: no such file")
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StalkscreenError(f"{path}: unknown file type '{path.suffix}'; expected .csv or .jsonl",
                               hint="export the extraction as CSV (with a header row) or JSON Lines")
    return fmt


def read(con: duckdb.DuckDBPyConnection, path: Path, kind: str, mapping: columns.Mapping) -> int:
    """Fill `_ev_in` and `_ev_rejected` from the file; return the number of rows read."""
    data = _text_bytes(path)
    if check_file(path) == "csv":
        table, rejected = _csv(path, data, kind, mapping)
        _create_input(con, kind, {c: _q(c) for c in table.column_names if c[0] != "_"}, "_ev_arrow", {}, table)
    else:
        rejected, exprs, params = _jsonl(con, path, data, kind, mapping)
        _create_input(con, kind, exprs, "(SELECT *, json_extract_string(_raw, $paths) AS _values FROM _ev_json "
                                        "WHERE problem IS NULL)", params)
    _arrow_table(con, "_ev_rejected", rejected)
    read_rows = con.execute("SELECT (SELECT count(*) FROM _ev_in) + (SELECT count(*) FROM _ev_rejected)").fetchone()[0]
    if read_rows == 0:
        raise StalkscreenError(f"{path}: the file has a header but no rows: nothing to import",
                               hint="export the extraction again; an import needs at least one row")
    return read_rows


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def _arrow(con, table: pa.Table | None) -> Iterator[None]:
    """The Arrow table visible to SQL as `_ev_arrow` for the block."""
    if table is None:
        yield
        return
    con.register("_ev_arrow", table)
    try:
        yield
    finally:
        con.unregister("_ev_arrow")


def _arrow_table(con, name: str, table: pa.Table) -> None:
    with _arrow(con, table):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _ev_arrow")


def _create_input(con, kind: str, exprs: dict[str, str], source: str, params: dict,
                  table: pa.Table | None = None) -> None:
    """`_ev_in` with every canonical column of the kind: trimmed text, NULL when empty or absent."""
    select = []
    for column in values.columns(kind):
        expr = exprs.get(column)
        # A message's content is kept exactly as written; every other value is trimmed.
        cleaned = f"nullif({expr}, '')" if column == "content" else f"nullif(trim({expr}), '')"
        select.append(f"{cleaned if expr else 'CAST(NULL AS VARCHAR)'} AS {_q(column)}")
    with _arrow(con, table):
        con.execute(f"CREATE OR REPLACE TEMP TABLE _ev_in AS SELECT {', '.join(select)}, _line, _raw FROM {source}",
                    params)


def _text_bytes(path: Path) -> bytes:
    """The file's bytes, checked as UTF-8 and without a byte-order mark; an empty file is an error."""
    check_file(path)
    data = path.read_bytes()
    if not data.strip():
        raise StalkscreenError(f"{path}: the file is empty: nothing to import",
                               hint="export the extraction again; an import needs a header and at least one row")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise StalkscreenError(f"{path}: line {line} is not UTF-8 text (byte 0x{data[exc.start]:02x})",
                               hint="export the extraction as UTF-8") from None
    return data


def _spans(data: bytes, starts: np.ndarray, ends: np.ndarray) -> pa.Array:
    """The text of each byte span [start, end) as one Arrow string array, without a Python loop:
    alternate spans and the gaps between them are viewed over the bytes, then every other one taken."""
    if len(starts) == 0:
        return pa.array([], pa.string())
    offsets = np.empty(2 * len(starts), np.int64)
    offsets[0::2], offsets[1::2] = starts, ends
    view = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))
    return view.take(pa.array(np.arange(0, len(offsets), 2))).cast(pa.string())


def _lines(buf: np.ndarray, newlines: np.ndarray, inside: np.ndarray | None = None):
    """Start, end (without CR/LF) and first line number of every non-blank record. A newline inside
    quotes (`inside`) does not end a record."""
    ending = np.arange(len(newlines)) if inside is None else np.flatnonzero(~inside)
    starts = np.concatenate(([0], newlines[ending] + 1))
    ends = np.concatenate((newlines[ending], [len(buf)]))
    lines = np.concatenate(([1], ending + 2))
    ends = ends - ((ends > starts) & (buf[np.maximum(ends - 1, 0)] == CR))
    keep = ends > starts
    return starts[keep], ends[keep], lines[keep]


# ---- CSV ------------------------------------------------------------------------------------------

def _csv(path: Path, data: bytes, kind: str, mapping: columns.Mapping) -> tuple[pa.Table, pa.Table]:
    buf = np.frombuffer(data, np.uint8)
    newlines = np.flatnonzero(buf == NEWLINE)
    quotes = np.flatnonzero(buf == QUOTE)
    starts, ends, lines = _lines(buf, newlines, (np.searchsorted(quotes, newlines) & 1) == 1)
    header_text = data[starts[0]:ends[0]].decode("utf-8")
    delimiter = max(DELIMITERS, key=header_text.count)   # first of the most frequent; a comma on a tie
    header = next(csv.reader([header_text], delimiter=delimiter))
    chosen = columns.resolve(path, header, kind, mapping)
    body = slice(1, None)
    raw = _spans(data, starts[body], ends[body])
    if len(raw) == 0:
        return pa.table({"_line": pa.array([], pa.int64()), "_raw": raw}), _rejected([], [], [])
    counts = _field_counts(buf, quotes, starts, ord(delimiter))[body]
    bad = counts != len(header)
    plain = _plain_quotes(buf, quotes, delimiter)
    table = _arrow_csv(data, int(starts[1]), len(header), chosen, delimiter) if plain else None
    if table is None or table.num_rows != int((~bad).sum()):
        # Quoting the byte scan cannot follow (a quote mid-field, one left open): parse slowly, exactly.
        return _python_csv(path, data, int(starts[1]), int(lines[1]), newlines, header, chosen, delimiter)
    table = table.append_column("_line", pa.array(lines[body][~bad], pa.int64()))
    table = table.append_column("_raw", raw.filter(pa.array(~bad)))
    reasons = [f"expected {len(header)} fields, found {int(n)}" for n in counts[bad]]
    return table, _rejected(lines[body][bad], raw.filter(pa.array(bad)), reasons)


def _rejected(lines, raw, reasons) -> pa.Table:
    return pa.table({"_line": pa.array(lines, pa.int64()), "_raw": pa.array(raw, pa.string()),
                     "reason": pa.array(reasons, pa.string())})


def _plain_quotes(buf: np.ndarray, quotes: np.ndarray, delimiter: str) -> bool:
    """Every quote opens a field, closes one, or is doubled inside one, and none is left open: then
    the byte scan's records are the CSV's records. Taken in pairs, an opening quote follows a field
    boundary and a closing quote precedes one (a doubled quote is a boundary for its neighbour)."""
    if len(quotes) % 2:
        return False
    opening, closing = quotes[0::2], quotes[1::2]
    before = np.isin(buf[np.maximum(opening - 1, 0)], [ord(delimiter), NEWLINE, QUOTE]) | (opening == 0)
    after = np.isin(buf[np.minimum(closing + 1, len(buf) - 1)], [ord(delimiter), NEWLINE, CR, QUOTE])
    return bool(before.all() and (after | (closing == len(buf) - 1)).all())


def _arrow_csv(data: bytes, body_start: int, width: int, chosen: dict[int, str], delimiter: str) -> pa.Table | None:
    names = [f"c{i}" for i in range(width)]
    try:
        table = _arrow_read(data, body_start, names, chosen, delimiter)
    except pa.ArrowInvalid:
        return None
    return table.rename_columns([chosen[int(n[1:])] for n in table.column_names])


def _arrow_read(data: bytes, body_start: int, names: list[str], chosen: dict[int, str], delimiter: str) -> pa.Table:
    return pcsv.read_csv(
        pa.BufferReader(pa.py_buffer(data).slice(body_start)),
        read_options=pcsv.ReadOptions(column_names=names, block_size=16 << 20),
        parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True,
                                        invalid_row_handler=lambda row: "skip"),
        convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                            include_columns=[names[i] for i in chosen],
                                            strings_can_be_null=False, quoted_strings_can_be_null=False))


def _field_counts(buf: np.ndarray, quotes: np.ndarray, starts: np.ndarray, delimiter: int) -> np.ndarray:
    delims = np.flatnonzero(buf == delimiter)
    delims = delims[(np.searchsorted(quotes, delims) & 1) == 0]
    record = np.searchsorted(starts, delims, side="right") - 1
    return np.bincount(record, minlength=len(starts)) + 1


def _python_csv(path: Path, data: bytes, body_start: int, first_line: int, newlines: np.ndarray, header: list[str],
                chosen: dict[int, str], delimiter: str) -> tuple[pa.Table, pa.Table]:
    reader = csv.reader(io.StringIO(data[body_start:].decode("utf-8"), newline=""), delimiter=delimiter)
    cells: dict[int, list] = {i: [] for i in chosen}
    spans, bad_spans, reasons = [], [], []
    previous = 0
    try:
        for record in reader:
            line, previous = first_line + previous, reader.line_num
            if not record or record == [""]:
                continue
            if len(record) != len(header):
                bad_spans.append((line, first_line + previous - 1))
                reasons.append(f"expected {len(header)} fields, found {len(record)}")
                continue
            for i in chosen:
                cells[i].append(record[i])
            spans.append((line, first_line + previous - 1))
    except csv.Error as exc:
        raise StalkscreenError(f"{path}: line {first_line + reader.line_num - 1} is not readable as CSV ({exc})") from None
    table = pa.table({chosen[i]: pa.array(c, pa.string()) for i, c in cells.items()})
    table = table.append_column("_line", pa.array([s[0] for s in spans], pa.int64()))
    table = table.append_column("_raw", _line_text(data, newlines, spans))
    return table, _rejected([s[0] for s in bad_spans], _line_text(data, newlines, bad_spans), reasons)


def _line_text(data: bytes, newlines: np.ndarray, spans: list[tuple[int, int]]) -> pa.Array:
    """The text of lines first..last (1-based) for each span."""
    if not spans:
        return pa.array([], pa.string())
    first, last = np.array(spans, np.int64).T
    bounds = np.concatenate(([-1], newlines, [len(data)]))
    starts, ends = bounds[first - 1] + 1, bounds[last]
    buf = np.frombuffer(data, np.uint8)
    ends = ends - ((ends > starts) & (buf[np.maximum(ends - 1, 0)] == CR))
    return _spans(data, starts, ends)


# ---- JSON Lines -----------------------------------------------------------------------------------

def _jsonl(con, path: Path, data: bytes, kind: str, mapping: columns.Mapping):
    """`_ev_json` (line, raw, problem); the rejected lines, and an extraction per canonical column."""
    buf = np.frombuffer(data, np.uint8)
    starts, ends, lines = _lines(buf, np.flatnonzero(buf == NEWLINE))
    table = pa.table({"_line": pa.array(lines, pa.int64()), "_raw": _spans(data, starts, ends)})
    table = table.filter(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(table["_raw"])), 0))
    with _arrow(con, table):
        con.execute("""CREATE OR REPLACE TEMP TABLE _ev_json AS
                       SELECT _line, _raw,
                              CASE WHEN NOT json_valid(_raw) THEN 'not valid JSON'
                                   WHEN json_type(_raw) <> 'OBJECT'
                                   THEN 'not a JSON object (found ' || lower(json_type(_raw)) || ')' END AS problem
                       FROM _ev_arrow""")
    first_bad = con.execute("SELECT _line, problem FROM _ev_json WHERE problem IS NOT NULL "
                            "ORDER BY _line LIMIT 1").fetchone()
    keys = [k for (k,) in con.execute(
        """SELECT k FROM (SELECT _line, unnest(json_keys(_raw)) AS k, generate_subscripts(json_keys(_raw), 1) AS i
                          FROM _ev_json WHERE problem IS NULL)
           GROUP BY k ORDER BY min(_line * 100000 + i)""").fetchall()]
    if not keys and first_bad:
        raise StalkscreenError(f"{path}: not JSON Lines: line {first_bad[0]} is {first_bad[1]}",
                               hint='each line must be one JSON object, e.g. {"timestamp": "2026-03-01T10:00:00Z", ...}')
    chosen = columns.resolve(path, keys, kind, mapping)
    # One parse per line for all the columns: a list of paths gives a list of values.
    paths = ['$."' + keys[i].replace("\\", "\\\\").replace('"', '\\"') + '"' for i in chosen]
    exprs = {canonical: f"_values[{n + 1}]" for n, canonical in enumerate(chosen.values())}
    rejected = con.execute("SELECT _line, _raw, problem AS reason FROM _ev_json "
                           "WHERE problem IS NOT NULL").to_arrow_table()
    return rejected, exprs, {"paths": paths}
