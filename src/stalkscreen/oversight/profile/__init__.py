"""The stalking problem profile (recommendations 11.1, 11.4, 20.1): volumes, typologies including
online stalking, repeat and serial perpetrators, outcomes, casework, geography and the national
picture, as HTML or PDF with charts, and CSV files of the charted figures.

    profile = build(con, Options(date_from, date_to))
    write(profile, Path("profile.pdf"))
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from stalkscreen.errors import StalkscreenError
from stalkscreen.oversight.profile import (geography, national_picture, outcomes, people, publish, render, scope,
                                           typology, volumes)
from stalkscreen.oversight.profile.model import Options, Profile, Section, Table
from stalkscreen.reference import offences as offence_catalogue
from stalkscreen.reference import online_elements
from stalkscreen.reference.offences import Catalogue

__all__ = ["Options", "Profile", "Section", "Table", "build", "write"]


def build(con: duckdb.DuckDBPyConnection, options: Options, catalogue: Catalogue | None = None,
          now: dt.datetime | None = None) -> Profile:
    """Every section's figures, computed in SQL over the store; suppressed when publishing."""
    if options.date_to < options.date_from:
        raise StalkscreenError(f"--to {options.date_to} is before --from {options.date_from}",
                               hint="give the period's first day with --from and its last with --to")
    if options.top_districts < 1:
        raise StalkscreenError(f"--top-districts {options.top_districts}: list at least one district")
    catalogue = catalogue or offence_catalogue.load()
    ctx = scope.prepare(con, options, catalogue)
    force = _force_on_records(con, options)
    sections = [volumes.section(ctx), typology.section(ctx), people.section(ctx), outcomes.section(ctx),
                geography.section(ctx), national_picture.section(ctx, force)]
    title = options.title or (f"Stalking problem profile: {force or 'the force'}, "
                              f"{options.date_from:%-d %B %Y} to {options.date_to:%-d %B %Y}")
    versions = {"offences": catalogue.version, "online elements": online_elements.load(options.online_terms).version}
    made = Profile(title, options, now or dt.datetime.now(), force, sections, versions)
    return publish.profile(made) if options.publish else made


def _force_on_records(con: duckdb.DuckDBPyConnection, options: Options) -> str | None:
    """The force named on the period's crime records, when they name exactly one."""
    names = con.execute("SELECT DISTINCT force FROM profile_crimes p JOIN crimes c USING (crime_id) "
                        "WHERE force IS NOT NULL LIMIT 2").fetchall()
    return names[0][0] if len(names) == 1 else None


def write(profile: Profile, out: str | Path) -> list[Path]:
    return render.write(profile, Path(out))
