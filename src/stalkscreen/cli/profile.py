"""`stalkscreen profile`: the stalking problem profile as HTML or PDF, with its charts' data as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from stalkscreen import store
from stalkscreen.cli.output import console, parse_date
from stalkscreen.reference import offences as offence_catalogue




def run_profile(
    ctx: typer.Context,
    date_from: str = typer.Option(..., "--from", help="First day of the period (YYYY-MM-DD)."),
    date_to: str = typer.Option(..., "--to", help="Last day of the period (YYYY-MM-DD)."),
    out: Path = typer.Option(..., "--out", help="The report: a .html or .pdf file; CSV files of the charts go beside it."),
    publish: bool = typer.Option(False, "--publish", help="For publication: counts under 5 suppressed, nothing that identifies a person."),
    force_name: Optional[str] = typer.Option(None, "--force-name", help="The force as the Home Office tables spell it, for the national picture."),
    similar: List[str] = typer.Option([], "--similar-force", help="A most similar force (repeat the option for each)."),
    online_terms: Optional[Path] = typer.Option(None, "--online-terms", help="A force's own online-elements term list (YAML)."),
    title: Optional[str] = typer.Option(None, "--title", help="The report's title."),
    top_districts: int = typer.Option(20, "--top-districts", help="Postcode districts listed before the rest are grouped."),
) -> None:
    """Write the stalking problem profile for a period: HTML or PDF with charts, plus CSV."""
    from stalkscreen.oversight import profile  # Altair is slow to import; only this command needs it
    from stalkscreen.oversight.profile import render

    options = profile.Options(parse_date(date_from, "--from"), parse_date(date_to, "--to"), publish=publish,
                              force_name=force_name, similar_forces=tuple(similar),
                              online_terms=str(online_terms) if online_terms else None,
                              top_districts=top_districts, title=title)
    render.output_kind(out)  # a wrong file type fails before the work, not after it
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    with store.connect(ctx.obj["db"], read_only=True) as con:
        made = profile.build(con, options, catalogue)
    written = profile.write(made, out)
    console.print(f"wrote {written[0]} and {len(written) - 1} CSV file(s) beside it"
                  + (" (publish mode)" if publish else ""), highlight=False)


def register(app: typer.Typer) -> None:
    app.command("profile")(run_profile)
