"""Reading export files into Arrow tables with canonical column names and line numbers.

Every reader returns a `Staged` file: its rows as an Arrow table (all text, except Parquet columns
that already carry a type), a `_line`/`_end_line` pair per row, the rows refused while reading
(wrong number of fields, a JSON line that is not an object), and a way back to each row's raw text.
A file that cannot be read as a whole raises one StalkscreenError naming the file and the problem.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from stalkscreen.errors import StalkscreenError
from stalkscreen.ingest.mapping import Mapping, TableMapping
from stalkscreen.ingest.spec import EXTENSIONS, LOAD_ORDER, SKIPPED_EXTENSIONS, TABLES

MAPPING_HINT = "name the file's table under `files:` in a mapping file (--mapping)"
DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe", ",": "comma"}


@dataclass
class Source:
    path: Path
    table: str
    format: str   # csv | parquet | jsonl


@dataclass
class Staged:
    rows: object                          # Arrow table or DuckDB relation: canonical columns + _line, _end_line
    count: int
    rejected: list[tuple[int, int, str]]  # (line, end_line, reason) refused while reading
    temporal: set[str] = field(default_factory=set)  # columns already typed as date/time (Parquet)
    _data: bytes = b""
    _newlines: np.ndarray | None = None
    _parquet: tuple | None = None         # (connection, path): Parquet raw text is read back by row number

    @property
    def columns(self) -> set[str]:
        return set(self.rows.schema.names if isinstance(self.rows, pa.Table) else self.rows.columns)

    def raw(self, spans: list[tuple[int, int]]) -> list[str]:
        """The original text of rows given as (line, end_line): CSV/JSONL lines, a Parquet row as JSON."""
        if self._parquet is not None:
            con, path = self._parquet
            wanted = [line - 1 for line, _ in spans]
            table = con.execute("SELECT * FROM read_parquet(?, file_row_number = true) WHERE file_row_number "
                                "IN (SELECT unnest(CAST(? AS BIGINT[])))", [str(path), wanted]).to_arrow_table()
            found = {r.pop("file_row_number"): r for r in table.to_pylist()}
            return [json.dumps(found.get(n), default=str, ensure_ascii=False) for n in wanted]
        nl, n = self._newlines, len(self._data)
        out = []
        for line, end_line in spans:
            start = 0 if line == 1 else int(nl[line - 2]) + 1
            end = int(nl[end_line - 1]) if end_line - 1 < len(nl) else n
            out.append(self._data[start:end].decode("utf-8", "replace").replace("\r\n", "\n").rstrip("\r"))
        return out


# ---- finding the files -------------------------------------------------------------------------

def discover(paths: list[Path], mapping: Mapping) -> list[Source]:
    """The files to load, in the contract's table order. A directory is read at its top level only."""
    found: list[Source] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() not in SKIPPED_EXTENSIONS:
                    found.append(_source(child, mapping))
        elif path.is_file():
            found.append(_source(path, mapping))
        else:
            raise StalkscreenError(f"{path}: no such file or directory")
    if not found:
        raise StalkscreenError(f"no export files found in {', '.join(map(str, paths))}",
                               hint="name files after the canonical tables: crimes.csv, offences.parquet, ...")
    return sorted(found, key=lambda s: (LOAD_ORDER.index(s.table), str(s.path)))


def _source(path: Path, mapping: Mapping) -> Source:
    fmt = EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        raise StalkscreenError(
            f"{path}: unknown file type '{path.suffix}'; expected .csv, .parquet or .jsonl", hint=MAPPING_HINT)
    stem = path.stem
    table = mapping.files.get(stem) or next((t for s, t in mapping.files.items() if s.lower() == stem.lower()), None)
    table = table or (stem.lower() if stem.lower() in TABLES else None)
    if table is None:
        raise StalkscreenError(
            f"{path}: '{stem}' is not a canonical table name ({', '.join(TABLES)})", hint=MAPPING_HINT)
    return Source(path, table, fmt)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ---- columns -------------------------------------------------------------------------------------

def canonical_columns(source: Source, found: list[str], tm: TableMapping) -> dict[int, str]:
    """Source column position -> canonical column; a missing required column stops the load."""
    spec = TABLES[source.table]
    chosen: dict[int, str] = {}
    for i, name in enumerate(found):
        name = (name or "").strip()
        target = tm.columns.get(name)
        if target is None and name.lower() in spec.column_names and name.lower() not in tm.columns.values():
            target = name.lower()
        if target is not None and target not in chosen.values():
            chosen[i] = target
    missing = [c for c in spec.required if c not in chosen.values()]
    if missing:
        raise StalkscreenError(
            f"{source.path}: missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"for {source.table}; found: {', '.join(found) or '(none)'}",
            hint="rename the columns, or map them with `tables: {"
            + source.table + ": {columns: {...}}}` in a mapping file")
    return chosen


# ---- text -----------------------------------------------------------------------------------------

def _decode(path: Path, data: bytes, encoding: str) -> str:
    codec = "utf-8-sig" if encoding.replace("_", "-").lower() in ("utf-8", "utf8") else encoding
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise StalkscreenError(
            f"{path}: line {line} is not {encoding} text: byte 0x{data[exc.start]:02x} at column {column} "
            f"(byte {exc.start} of the file)",
            hint="if the export uses another encoding, say so in a mapping file, e.g. `encoding: cp1252`",
        ) from None


def _utf8(path: Path, encoding: str) -> bytes:
    data = path.read_bytes()
    if not data.strip():
        raise StalkscreenError(f"{path}: the file is empty", hint="export the table again; a file needs at least a header")
    text = _decode(path, data, encoding)
    if data.startswith(b"\xef\xbb\xbf") or codec_differs(encoding):
        data = text.encode("utf-8")
    return data


def codec_differs(encoding: str) -> bool:
    return encoding.replace("_", "-").lower() not in ("utf-8", "utf8", "utf-8-sig")


def _csv_header(path: Path, data: bytes, delimiter: str) -> list[str]:
    first = data[: 1 << 16].decode("utf-8", "replace")
    header = next(csv.reader(io.StringIO(first, newline=""), delimiter=delimiter), [])
    if len(header) <= 1:
        line = first.splitlines()[0] if first.splitlines() else ""
        for other, word in DELIMITERS.items():
            if other != delimiter and other in line:
                raise StalkscreenError(
                    f"{path}: the header has no {DELIMITERS.get(delimiter, repr(delimiter))} ('{delimiter}') but has "
                    f"{word}s: the file seems to be delimited by {word} ({other!r})",
                    hint=f"say so in a mapping file: `delimiter: \"{other.encode('unicode_escape').decode()}\"`")
    return header


def precheck(source: Source, mapping: Mapping) -> None:
    """Cheap whole-file checks (empty, delimiter, columns, Parquet footer) before the load starts."""
    tm = mapping.table(source.table)
    path = source.path
    if source.format == "parquet":
        canonical_columns(source, _parquet_file(path).schema_arrow.names, tm)
        return
    head = path.open("rb").read(1 << 16)
    if not head.strip():
        raise StalkscreenError(f"{path}: the file is empty", hint="export the table again; a file needs at least a header")
    if source.format == "csv":
        canonical_columns(source, _csv_header(path, _decode_head(path, head, mapping.encoding), mapping.delimiter), tm)


def _decode_head(path: Path, head: bytes, encoding: str) -> bytes:
    text = _decode(path, head[: head.rfind(b"\n") + 1] or head, encoding)
    return text.encode("utf-8")


# ---- CSV ------------------------------------------------------------------------------------------

def read_csv(source: Source, mapping: Mapping, con=None) -> Staged:
    data = _utf8(source.path, mapping.encoding)
    delimiter = mapping.delimiter
    header = _csv_header(source.path, data, delimiter)
    chosen = canonical_columns(source, header, mapping.table(source.table))
    buf = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buf == 10)
    starts, ends, lines, end_lines = _records(buf, newlines)
    invalid: list = []
    table = _arrow_csv(data, header, chosen, delimiter, invalid)
    rejected: list[tuple[int, int, str]] = []
    rows = np.arange(1, len(starts))
    if invalid:
        fields = _field_counts(buf, starts, ord(delimiter))
        bad = fields[1:] != len(header)
        rejected = [(int(lines[i]), int(end_lines[i]), f"expected {len(header)} fields, found {int(fields[i])}")
                    for i in rows[bad]]
        rows = rows[~bad]
    if table.num_rows != len(rows):
        # Quoting this reader cannot follow line by line (e.g. a stray quote mid-field): parse slowly.
        table, rows_lines, rejected = _python_csv(data, header, chosen, delimiter)
        line_col, end_col = rows_lines
    else:
        line_col, end_col = lines[rows], end_lines[rows]
    table = table.append_column("_line", pa.array(line_col, pa.int64()))
    table = table.append_column("_end_line", pa.array(end_col, pa.int64()))
    return Staged(table, table.num_rows, rejected, _data=data, _newlines=newlines)


def _records(buf: np.ndarray, newlines: np.ndarray):
    """Byte span and line span of every non-blank record (a newline inside quotes does not end one)."""
    quotes = np.flatnonzero(buf == 34)
    outside = np.flatnonzero((np.searchsorted(quotes, newlines) & 1) == 0)
    ends_at = newlines[outside]
    starts = np.concatenate(([0], ends_at + 1))
    ends = np.concatenate((ends_at, [len(buf)]))
    lines = np.concatenate(([1], outside + 2))
    end_lines = np.concatenate((outside + 1, [len(newlines) + 1]))
    length = ends - starts
    has_cr = (length > 0) & (buf[np.maximum(ends - 1, 0)] == 13)
    keep = (length - has_cr) > 0
    return starts[keep], ends[keep], lines[keep], end_lines[keep]


def _field_counts(buf: np.ndarray, starts: np.ndarray, delimiter: int) -> np.ndarray:
    quotes = np.flatnonzero(buf == 34)
    delims = np.flatnonzero(buf == delimiter)
    delims = delims[(np.searchsorted(quotes, delims) & 1) == 0]
    record = np.searchsorted(starts, delims, side="right") - 1
    return np.bincount(record, minlength=len(starts)) + 1


def _arrow_csv(data: bytes, header: list[str], chosen: dict[int, str], delimiter: str, invalid: list) -> pa.Table:
    names = [f"c{i}" for i in range(len(header))]
    def on_invalid(row):
        invalid.append(row)
        return "skip"
    table = pcsv.read_csv(
        io.BytesIO(data),
        read_options=pcsv.ReadOptions(column_names=names, skip_rows=1, block_size=16 << 20),
        parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid),
        convert_options=pcsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, include_columns=[names[i] for i in chosen],
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    return table.rename_columns([chosen[i] for i in chosen])


def _python_csv(data: bytes, header: list[str], chosen: dict[int, str], delimiter: str):
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=delimiter)
    next(reader)
    columns: list[list] = [[] for _ in chosen]
    lines, end_lines, rejected = [], [], []
    previous = reader.line_num
    for record in reader:
        line, previous = previous + 1, reader.line_num
        if not record or record == [""]:
            continue
        if len(record) != len(header):
            rejected.append((line, previous, f"expected {len(header)} fields, found {len(record)}"))
            continue
        for column, i in zip(columns, chosen):
            column.append(record[i])
        lines.append(line)
        end_lines.append(previous)
    table = pa.table({chosen[i]: pa.array(c, pa.string()) for c, i in zip(columns, chosen)})
    return table, (lines, end_lines), rejected


# ---- JSON Lines -----------------------------------------------------------------------------------

def _json_text(value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def read_jsonl(source: Source, mapping: Mapping, con=None) -> Staged:
    data = _utf8(source.path, mapping.encoding)
    tm = mapping.table(source.table)
    keys: dict[str, str] = {}   # source key -> canonical column, decided on first sight
    spec = TABLES[source.table]
    records, lines, rejected = [], [], []
    for number, text in enumerate(data.decode("utf-8").split("\n"), start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            record, problem = None, f"not valid JSON ({exc.msg} at column {exc.colno})"
        else:
            problem = None if isinstance(record, dict) else f"not a JSON object (a {type(record).__name__})"
        if problem:
            if not records and not rejected:
                raise StalkscreenError(f"{source.path}: not JSON Lines: line {number} is {problem}",
                                       hint="each line must be one JSON object, e.g. {\"crime_id\": \"C1\", ...}")
            rejected.append((number, number, problem))
            continue
        records.append(record)
        lines.append(number)
    for record in records:
        keys.update(dict.fromkeys(record))
    chosen = canonical_columns(source, list(keys), tm)
    names = list(keys)
    table = pa.table({
        canonical: pa.array([_json_text(r.get(names[i])) for r in records], pa.string())
        for i, canonical in chosen.items()
    } or {spec.key[0]: pa.array([], pa.string())})
    table = table.append_column("_line", pa.array(lines, pa.int64()))
    table = table.append_column("_end_line", pa.array(lines, pa.int64()))
    newlines = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    return Staged(table, table.num_rows, rejected, _data=data, _newlines=newlines)


# ---- Parquet --------------------------------------------------------------------------------------

def _parquet_file(path: Path) -> pq.ParquetFile:
    if path.stat().st_size == 0:
        raise StalkscreenError(f"{path}: the file is empty", hint="export the table again")
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise StalkscreenError(f"{path}: not a readable Parquet file ({exc})",
                               hint="the file may be truncated or corrupt: copy or export it again") from None


def read_parquet(source: Source, mapping: Mapping, con) -> Staged:
    """Read by DuckDB itself (parallel, no copy through Python); the row number is the line."""
    file = _parquet_file(source.path)
    schema = file.schema_arrow
    chosen = canonical_columns(source, schema.names, mapping.table(source.table))
    temporal = {canonical for i, canonical in chosen.items()
                if pa.types.is_timestamp(schema.field(i).type) or pa.types.is_date(schema.field(i).type)}
    # Source names are identifiers, so they are quoted (not bound); the path is a bound parameter.
    select = ", ".join(f"{_identifier(schema.names[i])} AS {_identifier(c)}" for i, c in chosen.items())
    try:
        rows = con.read_parquet(str(source.path), file_row_number=True).select(
            f"{select}, file_row_number + 1 AS _line, file_row_number + 1 AS _end_line")
    except Exception as exc:  # duckdb.Error: a file pyarrow could open but DuckDB cannot
        raise StalkscreenError(f"{source.path}: not a readable Parquet file ({exc})",
                               hint="the file may be truncated or corrupt: copy or export it again") from None
    return Staged(rows, file.metadata.num_rows, [], temporal, _parquet=(con, source.path))


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


READERS = {"csv": read_csv, "jsonl": read_jsonl, "parquet": read_parquet}


def read(source: Source, mapping: Mapping, con) -> Staged:
    return READERS[source.format](source, mapping, con)
