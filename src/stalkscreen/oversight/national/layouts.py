"""The two file layouts `national import` reads, and finding their header row in a sheet.

- recorded crime: the Home Office "police recorded crime open data tables" at force (PFA) level,
  an .ods with one sheet per financial year, or the same columns as CSV (quarterly, or summed
  to years with a `Quarters` column);
- population: the ONS mid-year population estimates for police force areas, as CSV
  (`PFA 2023 Code, PFA 2023 Name, Population`, optionally a `Year` column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stalkscreen.errors import StalkscreenError

HEADER_SEARCH_ROWS = 30  # the gov.uk accessible layout puts a few lines of title above the table


@dataclass(frozen=True)
class Layout:
    kind: str
    title: str  # the source title recorded with the import, unless the user gives one
    required: dict[str, str]  # field -> pattern matching the header (normalised)
    optional: dict[str, str]

    def fields(self) -> dict[str, str]:
        return {**self.required, **self.optional}


RECORDED_CRIME = Layout(
    kind="recorded_crime",
    title="Home Office, Police recorded crime open data tables (police force area)",
    required={"financial_year": r"financial year", "force_name": r"force name",
              "offence_code": r"offence code", "offences": r"number of offences"},
    optional={"financial_quarter": r"financial quarter", "offence_description": r"offence description",
              "offence_group": r"offence group", "offence_subgroup": r"offence subgroup", "quarters": r"quarters"},
)
POPULATION = Layout(
    kind="population",
    title="Office for National Statistics, population estimates for police force areas",
    required={"pfa_code": r"pfa ?(\d{2}){1,2} ?(code|cd)", "pfa_name": r"pfa ?(\d{2}){1,2} ?(name|nm)",
              "population": r"population|all ages"},
    optional={"year": r"year|mid-?year"},
)
LAYOUTS = (RECORDED_CRIME, POPULATION)


def normalise(header: str) -> str:
    return re.sub(r"\s+", " ", str(header)).strip().lower()


@dataclass
class Header:
    layout: Layout
    line: int
    columns: dict[str, int]  # field -> position in the row
    names: dict[str, str]  # field -> the header text as written, for messages


def match(cells: list[str], layout: Layout) -> tuple[dict[str, int], dict[str, str]]:
    columns, names = {}, {}
    for position, cell in enumerate(cells):
        for field, pattern in layout.fields().items():
            if field not in columns and re.fullmatch(pattern, normalise(cell)):
                columns[field], names[field] = position, cell.strip()
                break
    return columns, names


def find_header(where: str, rows: list[tuple[int, list[str]]]) -> Header | None:
    """The first row that names a layout's columns. Two or more names of a layout but not all of
    its required ones is a damaged table, not some other sheet: that stops the import."""
    for line, cells in rows[:HEADER_SEARCH_ROWS]:
        for layout in LAYOUTS:
            columns, names = match(cells, layout)
            if len(columns) < 2:
                continue
            missing = [f for f in layout.required if f not in columns]
            if missing:
                expected = ", ".join(f"'{_display(layout, f)}'" for f in missing)
                raise StalkscreenError(
                    f"{where}, line {line}: the header lacks column(s) {expected}",
                    hint=f"a {layout.kind.replace('_', ' ')} table needs columns " + describe(layout))
            return Header(layout, line, columns, names)
    return None


def describe(layout: Layout) -> str:
    return ", ".join(_display(layout, f) for f in layout.required)


DISPLAY = {"financial_year": "Financial Year", "financial_quarter": "Financial Quarter", "force_name": "Force Name",
           "offence_code": "Offence Code", "offences": "Number of Offences", "quarters": "Quarters",
           "pfa_code": "PFA 2023 Code", "pfa_name": "PFA 2023 Name", "population": "Population", "year": "Year"}


def _display(layout: Layout, field: str) -> str:
    return DISPLAY.get(field, field)
