"""Charts drawn offline: an Altair (Vega-Lite) specification per chart, turned into SVG by
vl-convert in-process, with no browser, CDN or network. The SVG goes inline into the HTML, and
WeasyPrint draws the same SVG into the PDF."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

import altair as alt
import vl_convert

from stalkscreen.oversight.profile.model import Chart, Table

WIDTH = 520  # pixels: fits an A4 page inside the margins
HEIGHT = 220
FONT = "DejaVu Sans"
BAR_STEP = 18  # pixels per bar when bars run across the page


def _number(value: Any) -> float | None:
    """A value the chart can draw; a suppressed count ('<5') or a note draws nothing."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    return None


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def data(table: Table, chart: Chart) -> list[dict]:
    """Long-form rows for the chart: one per x (and series), with y a number or None."""
    colour = chart.colour or "series"
    if chart.fold:
        return [{chart.x: _plain(row[chart.x]), colour: table.labels.get(col, col), chart.y: _number(row.get(col))}
                for row in table.rows for col in chart.fold]
    keep = [c for c in (chart.x, chart.colour) if c]
    return [{**{c: _plain(row[c]) for c in keep}, chart.y: _number(row.get(chart.y))} for row in table.rows]


def spec(table: Table, chart: Chart) -> dict:
    values = data(table, chart)
    colour = chart.colour or ("series" if chart.fold else None)
    order = list(dict.fromkeys(v[chart.x] for v in values))  # the table's own order, not alphabetical
    x_title = chart.x_title or table.labels.get(chart.x, chart.x.replace("_", " "))
    y_title = chart.y_title or table.labels.get(chart.y, chart.y.replace("_", " "))
    category = alt.X(f"{chart.x}:N", sort=order, title=x_title)
    value = alt.Y(f"{chart.y}:Q", title=y_title)
    base = alt.Chart(alt.Data(values=values))
    if chart.kind == "line":
        mark = base.mark_line(point=True)
        category = alt.X(f"{chart.x}:O", sort=order, title=x_title)
    else:
        mark = base.mark_bar()
    if chart.horizontal:
        encoded = mark.encode(y=alt.Y(f"{chart.x}:N", sort=order, title=x_title, axis=alt.Axis(labelLimit=300)),
                              x=alt.X(f"{chart.y}:Q", title=y_title))
        height = max(BAR_STEP * len(order), 60)
    else:
        encoded = mark.encode(x=category, y=value)
        height = HEIGHT
    if colour:
        series = list(dict.fromkeys(v[colour] for v in values))
        encoded = encoded.encode(color=alt.Color(f"{colour}:N", sort=series, title=colour.replace("_", " "),
                                                 legend=alt.Legend(orient="bottom", labelLimit=0)))
        if chart.kind == "grouped_bar":
            encoded = encoded.encode(xOffset=alt.XOffset(f"{colour}:N", sort=series))
    # The font WeasyPrint draws with, so that vl-convert measures labels at the width they print
    return encoded.properties(width=WIDTH, height=height, title=chart.title or "").configure(font=FONT).to_dict()


def svg(table: Table, chart: Chart) -> str:
    text = vl_convert.vegalite_to_svg(spec(table, chart))
    return text[text.index("<svg"):]  # drop any XML prolog: the SVG sits inside HTML
