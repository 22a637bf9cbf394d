"""The evidence pack's charts, drawn offline (Altair specification → SVG by vl-convert, no browser
or network): contact per day by channel with escalation periods shaded, and the core-times heat map."""

from __future__ import annotations

import datetime as dt

import altair as alt
import vl_convert

WIDTH = 520   # pixels: fits an A4 page inside the margins
FONT = "DejaVu Sans"   # the font WeasyPrint draws with, so labels are measured at the width they print
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _svg(chart: alt.TopLevelMixin) -> str:
    text = vl_convert.vegalite_to_svg(chart.configure(font=FONT).to_dict())
    return text[text.index("<svg"):]   # no XML prolog: the SVG sits inside HTML


def _iso(value) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def daily(pair: str, rows: list[dict], escalations: list[dict]) -> str:
    """Contacts per local day, stacked by channel; escalation periods shaded behind the bars."""
    values = [{"day": _iso(r["day"]), "channel": r["channel"], "contacts": r["contacts"]}
              for r in rows if r["pair"] == pair]
    bars = alt.Chart(alt.Data(values=values)).mark_bar().encode(
        x=alt.X("day:T", title="day (local)"), y=alt.Y("sum(contacts):Q", title="contacts"),
        color=alt.Color("channel:N", legend=alt.Legend(orient="bottom")))
    periods = [{"from": _iso(e["period_from"]), "to": _iso(e["period_to"] + dt.timedelta(days=1))}
               for e in escalations if e["pair"] == pair]
    layers = [bars]
    if periods:
        shade = alt.Chart(alt.Data(values=periods)).mark_rect(opacity=0.18, color="#c00").encode(
            x="from:T", x2="to:T")
        layers.insert(0, shade)
    return _svg(alt.layer(*layers).properties(width=WIDTH, height=200, title=f"Contact per day: {pair}"))


def core_times(pair: str, rows: list[dict]) -> str:
    """Weekday × hour of contact: when the conduct happens."""
    values = [{"weekday": WEEKDAYS[r["weekday"]], "hour": r["hour"], "contacts": r["contacts"]}
              for r in rows if r["pair"] == pair]
    heat = alt.Chart(alt.Data(values=values)).mark_rect().encode(
        x=alt.X("hour:O", title="hour (local)", scale=alt.Scale(domain=list(range(24)))),
        y=alt.Y("weekday:O", title=None, scale=alt.Scale(domain=WEEKDAYS)),
        color=alt.Color("contacts:Q", scale=alt.Scale(scheme="reds"), legend=alt.Legend(orient="right")))
    return _svg(heat.properties(width=WIDTH - 80, height=170, title=f"Core times: {pair}"))
