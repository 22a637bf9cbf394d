"""The list as a printable meeting agenda: HTML from a Jinja2 template, PDF drawn from it by
WeasyPrint. Nothing is fetched: the page carries its own styles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2

from stalkscreen.dmm.model import SECTIONS, TITLES, DmmList

MARKING = "OFFICIAL-SENSITIVE: contains personal data; for the meeting's own use"


def _when(value) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))


def html(made: DmmList) -> str:
    env = jinja2.Environment(loader=jinja2.PackageLoader("stalkscreen.dmm", "templates"), autoescape=True)
    env.filters["when"] = _when
    return env.get_template("agenda.html").render(
        made=made, window=made.window, sections=SECTIONS, titles=TITLES, counts=made.counts(),
        notes=made.notes, marking=MARKING, weekday=made.window.day.strftime("%A"))


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the agenda refers to {url}; nothing is fetched")


def write_pdf(made: DmmList, out: Path) -> Path:
    import weasyprint  # loaded only for PDF: it takes a moment to start

    out.parent.mkdir(parents=True, exist_ok=True)
    weasyprint.HTML(string=html(made), url_fetcher=_no_fetch).write_pdf(out)
    return out
