"""A downloaded file (ODS or CSV) as one table of text cells in a known layout, with the sheet and
line of every row so that a bad value can be pointed at."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.national import layouts, ods


@dataclass
class Parsed:
    path: Path
    layout: layouts.Layout
    table: pa.Table  # sheet, line, then one text column per field of the layout
    headers: dict[str, str] = field(default_factory=dict)  # field -> header as written
    sheets: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sheets with no table (cover, notes)


def read(path: Path) -> Parsed:
    if not path.is_file():
        raise StalkscreenError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise StalkscreenError(f"{path.name} is empty", hint="download the file again")
    blocks = ods.sheets(path) if ods.is_ods(path) else [(None, csv_rows(path))]
    layout, parts, headers, sheets, skipped = None, [], {}, [], []
    for sheet, rows in blocks:
        where = path.name if sheet is None else f"{path.name}, sheet '{sheet}'"
        header = layouts.find_header(where, rows)
        if header is None:
            skipped.append(sheet or "")
            continue
        if layout is not None and header.layout is not layout:
            raise StalkscreenError(f"{where}: a {_words(header.layout)} table in a file whose other sheets "
                                   f"hold a {_words(layout)} table", hint="import each kind of table from its own file")
        layout = header.layout
        headers = {**header.names, **headers}
        parts.append(_columns(sheet, header, [r for r in rows if r[0] > header.line]))
        sheets.append(sheet or "")
    if layout is None:
        raise StalkscreenError(
            f"{path.name} is neither a police recorded crime table nor a police force area population table",
            hint="expected columns: " + "; or ".join(layouts.describe(lay) for lay in layouts.LAYOUTS))
    table = pa.concat_tables(parts)
    if table.num_rows == 0:
        raise StalkscreenError(f"{path.name}: the table has a header but no rows")
    return Parsed(path, layout, table, headers, sheets, skipped)


def _words(layout: layouts.Layout) -> str:
    return layout.kind.replace("_", " ")


def _columns(sheet: str | None, header: layouts.Header, rows: list[tuple[int, list[str]]]) -> pa.Table:
    """Text columns by field; a short row reads as blank cells, which validation then names."""
    data = {"sheet": pa.array([sheet or ""] * len(rows), pa.string()),
            "line": pa.array([line for line, _ in rows], pa.int64())}
    for name in header.layout.fields():
        position = header.columns.get(name)
        data[name] = pa.array([None if position is None else (cells[position] if position < len(cells) else "")
                               for _, cells in rows], pa.string())
    return pa.table(data)


def csv_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line, cells) for each non-blank row; line is where the row starts in the file."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # gov.uk CSVs saved from Excel on Windows
    if "\x00" in text:
        raise StalkscreenError(f"{path.name} is not a text (CSV) file or an .ods spreadsheet",
                               hint="download the ODS or CSV file from gov.uk or ons.gov.uk")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, start = [], 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise StalkscreenError(f"{path.name}, line {reader.line_num}: not valid CSV ({exc})") from None
    return rows
