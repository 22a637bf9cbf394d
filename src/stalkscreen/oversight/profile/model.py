"""What a problem profile is made of: sections of notes and tables, each table possibly charted.

Sections are plain data so that the HTML, the PDF, the CSV files and the publish-mode
suppression all work from the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Chart:
    kind: str  # bar | stacked_bar | line
    x: str
    y: str
    fold: tuple[str, ...] = ()  # wide columns drawn as series: their values become y, their names colour
    colour: str | None = None  # the column (or, with fold, the name) that splits series
    x_title: str | None = None
    y_title: str | None = None
    horizontal: bool = False  # long category names read better down the page
    title: str | None = None


@dataclass
class Table:
    name: str  # file-safe: names the CSV and the chart
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    counts: tuple[str, ...] = ()  # columns of counts of crimes or people: suppressed under 5 when publishing
    rates: dict[str, str] = field(default_factory=dict)  # rate column -> the count column it is a share of
    identifying: bool = False  # names, crime ids, full postcodes or narratives: never published
    charts: list[Chart] = field(default_factory=list)
    printed: bool = True  # False: written as CSV beside the report only (too long to print)
    print_last: int | None = None  # print only the last rows (the chart and the CSV keep them all)
    labels: dict[str, str] = field(default_factory=dict)  # column -> heading as printed


@dataclass
class Section:
    key: str
    title: str
    notes: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class Options:
    date_from: dt.date
    date_to: dt.date
    publish: bool = False
    force_name: str | None = None  # as spelt in the Home Office tables; for the national picture
    similar_forces: tuple[str, ...] = ()
    online_terms: str | None = None  # a force's own term list instead of the shipped one
    top_districts: int = 20
    title: str | None = None


@dataclass
class Profile:
    title: str
    options: Options
    generated_at: dt.datetime
    force: str | None  # the force named on the crime records
    sections: list[Section]
    versions: dict[str, str] = field(default_factory=dict)  # reference data versions used
