"""Helpers for the national statistics and profile tests: fixture paths, a tiny .ods writer (the
same XML a spreadsheet program writes, so the reader is tested on the real format)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

FIXTURES = Path(__file__).parents[1] / "fixtures" / "national"
RECORDED = FIXTURES / "prc_pfa_small.csv"
RECORDED_ANNUAL = FIXTURES / "prc_pfa_small_annual.csv"
POPULATION = FIXTURES / "pfa_population_mid2024.csv"

_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
         'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
         'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
         'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
         '<office:body><office:spreadsheet>')
_TAIL = "</office:spreadsheet></office:body></office:document-content>"
_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
             'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
             '<manifest:file-entry manifest:full-path="/" '
             'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
             '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
             '</manifest:manifest>')


def _cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # a number is stored as its value and displayed with a thousands separator, as gov.uk files do
        return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value:,}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An .ods with one table per sheet; each row ends with a long run of empty cells and each sheet
    with a run of empty rows, as spreadsheet programs write them."""
    body = []
    for name, rows in sheets.items():
        body.append(f"<table:table table:name={quoteattr(name)}>")
        for row in rows:
            cells = "".join(_cell(v) for v in row)
            body.append(f'<table:table-row>{cells}<table:table-cell table:number-columns-repeated="16000"/></table:table-row>')
        body.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell/></table:table-row>')
        body.append("</table:table>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", _HEAD + "".join(body) + _TAIL, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return path


def recorded_rows(path: Path = RECORDED) -> tuple[list[str], list[list]]:
    """The fixture's header and rows, numbers as numbers (as a spreadsheet holds them)."""
    with open(path, newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    return header, [[int(v) if v.lstrip("-").isdigit() else v for v in row] for row in rows]


def recorded_ods(path: Path, title_rows: bool = True, cover: bool = True) -> Path:
    """The recorded crime fixture as the Home Office lays it out: one sheet per financial year
    (named like 2024-25), a cover sheet first, a title line above each table."""
    header, rows = recorded_rows()
    sheets: dict[str, list[list]] = {}
    if cover:
        sheets["Cover"] = [["Police recorded crime open data tables"], ["This workbook has one sheet per year."]]
    for year in sorted({r[0] for r in rows}):
        top = [[f"Police recorded crime, year ending March 20{year[-2:]}"], []] if title_rows else []
        sheets[year.replace("/", "-")] = [*top, header, *[r for r in rows if r[0] == year]]
    return write_ods(path, sheets)
