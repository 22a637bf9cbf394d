"""Printing listings as a Rich table, CSV or JSON (JSON and CSV go to stdout, machine-readable)."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import sys
from enum import Enum
from typing import Any, Iterable, Sequence

from rich.console import Console
from rich.table import Table

from stalkscreen.errors import StalkscreenError

console = Console(stderr=True)  # messages and progress; stdout stays clean for data


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def say(message: str) -> None:
    """A message to the user as written: no Rich markup or highlighting, wrapped to the terminal."""
    console.print(message, highlight=False, markup=False, soft_wrap=True)


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value as a date (None stays None), or an error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise StalkscreenError(f"{option} '{value}' is not a date", hint="write dates as YYYY-MM-DD, e.g. 2025-03-31") from None


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def json_default(value: Any) -> Any:
    """For json.dump(default=...): dates as ISO text, decimals as numbers, anything else as text."""
    plain = _plain(value)
    return str(plain) if plain is value else plain


def emit(rows: Sequence[dict], fmt: Format, columns: Iterable[str] | None = None, title: str | None = None,
         brief: Iterable[str] | None = None) -> None:
    """Write rows in the chosen format; columns fixes their order (default: the first row's).
    brief: the columns a terminal table shows, where all of them would not fit (csv and json keep all)."""
    columns = list((brief if brief and fmt == Format.table else columns) or (rows[0].keys() if rows else []))
    if fmt == Format.json:
        json.dump([{c: _plain(r.get(c)) for c in columns} for r in rows], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif fmt == Format.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else _plain(r.get(c)) for c in columns])
    else:
        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(c)
        for r in rows:
            table.add_row(*["" if r.get(c) is None else str(_plain(r.get(c))) for c in columns])
        Console().print(table)
        if not rows:
            Console().print("(none)")
