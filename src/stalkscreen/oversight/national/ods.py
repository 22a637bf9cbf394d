"""Read the sheets of an OpenDocument spreadsheet (.ods) as rows of text, streaming.

Why not a library: the Home Office file is tens of megabytes of XML once unzipped. odfpy builds
the whole document tree in memory (and is partly GPL-licensed); the standard library's zipfile
and ElementTree.iterparse read it row by row, with no dependency. An .ods is a zip with the
cells in content.xml: <table:table name=...> / <table:table-row> / <table:table-cell>, where a
row or cell may stand for several identical ones (number-rows-repeated, number-columns-repeated).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree

from stalkscreen.errors import StalkscreenError

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")
_VALUE_ATTRIBUTE = {"float": "value", "percentage": "value", "currency": "value", "date": "date-value",
                    "time": "time-value", "boolean": "boolean-value"}
_MAX_REPEATED_ROWS = 10_000  # a non-empty row repeated more than this is a formatting artefact


def is_ods(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        try:
            return archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet"
        except KeyError:
            return "content.xml" in archive.namelist()


def cell_text(cell: ElementTree.Element) -> str:
    """A number as its stored value (not its display, which may have thousands separators)."""
    kind = cell.get(f"{OFFICE}value-type")
    if kind in _VALUE_ATTRIBUTE:
        value = cell.get(f"{OFFICE}{_VALUE_ATTRIBUTE[kind]}")
        if value is not None:
            return value[:-2] if kind == "float" and value.endswith(".0") else value
    return "\n".join("".join(p.itertext()) for p in cell.iter(f"{TEXT}p")).strip()


def row_cells(row: ElementTree.Element) -> list[str]:
    """The row's cells left to right; trailing empty cells (often repeated thousands of times) dropped."""
    cells: list[str] = []
    pending_empty = 0
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
        value = cell_text(cell)
        if value == "":
            pending_empty += repeat
            continue
        cells.extend([""] * pending_empty)
        pending_empty = 0
        cells.extend([value] * repeat)
    return cells


def sheets(path: Path) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
    """(sheet name, [(line, cells)]) for each sheet; lines are 1-based as a spreadsheet shows them."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
            yield from _parse(content)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise StalkscreenError(f"{path.name}: not a readable .ods spreadsheet ({exc})",
                               hint="save the file again as OpenDocument Spreadsheet, or as CSV") from None
    except ElementTree.ParseError as exc:
        raise StalkscreenError(f"{path.name}: the spreadsheet's content is damaged ({exc})") from None


def _parse(content) -> Iterator[tuple[str, list[tuple[int, list[str]]]]]:
    name, rows, line = None, [], 0
    for event, element in ElementTree.iterparse(content, events=("start", "end")):
        if event == "start":
            if element.tag == f"{TABLE}table":
                name, rows, line = element.get(f"{TABLE}name", ""), [], 0
            continue
        if element.tag == f"{TABLE}table-row":
            repeat = int(element.get(f"{TABLE}number-rows-repeated", "1"))
            cells = row_cells(element)
            if cells:
                rows.extend((line + i + 1, cells) for i in range(min(repeat, _MAX_REPEATED_ROWS)))
            line += repeat
            element.clear()  # keep memory flat on a large sheet
        elif element.tag == f"{TABLE}table":
            yield name, rows
            element.clear()
