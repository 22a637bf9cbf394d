"""`stalkscreen sample`: reproducible random samples of stalking and harassment crimes for audit
(with a checklist whose answers are stored and summarised) and of a month's stalking victims for
a satisfaction survey."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import typer

from stalkscreen import store
from stalkscreen.casework import samples, victims
from stalkscreen.cli.orders import RULES_HELP, load_rules
from stalkscreen.cli.output import Format, console, emit, parse_date
from stalkscreen.errors import StalkscreenError
from stalkscreen.reference import offences as offence_catalogue

sample_app = typer.Typer(help="Audit and survey samples: draw, answer, summarise.", no_args_is_help=True)
FORMAT_HELP = "table, csv or json (csv and json go to stdout)."


def _window(date_from: Optional[str], date_to: Optional[str]) -> tuple[dt.date, dt.date]:
    """The audit window: both ends given, or the 12 months to the end of last month."""
    first, last = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    if last is None:
        last = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    if first is None:  # the first day of the 12th month back, counting last's month
        index = last.year * 12 + last.month - 12
        first = dt.date(index // 12, index % 12 + 1, 1)
    if first > last:
        raise StalkscreenError(f"--from {first} is after --to {last}")
    return first, last


@sample_app.command("audit")
def audit(
    ctx: typer.Context,
    n: int = typer.Option(..., "--n", help="How many crimes to sample."),
    seed: int = typer.Option(..., "--seed", help="The random seed: the same seed over the same records gives the same sample."),
    date_from: Optional[str] = typer.Option(None, "--from", help="Crimes recorded on or after this date (YYYY-MM-DD; default 12 months back)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Crimes recorded on or before this date (YYYY-MM-DD; default end of last month)."),
    by: Optional[str] = typer.Option(None, "--by", help="Who drew the sample."),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """Draw (or show again) a random sample of stalking and harassment crimes with its audit checklist."""
    rules = load_rules(rules_file)
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    first, last = _window(date_from, date_to)
    with store.connect(ctx.obj["db"]) as con:
        sample_id = samples.draw_audit(con, rules, catalogue, n, seed, first, last, by)
        rows = samples.checklist(con, rules, catalogue, sample_id)
    emit(rows, fmt, samples.CHECKLIST_COLUMNS, title=f"audit sample {sample_id}: {len(rows)} crime(s) recorded {first} to {last}")
    console.print(f"audit sample {sample_id}; questions: {', '.join(q.id for q in rules.questions)}; record answers "
                  f"with `stalkscreen sample answer --sample {sample_id} ...`", highlight=False)


@sample_app.command("show")
def show(
    ctx: typer.Context,
    sample_id: int = typer.Option(..., "--sample", help="The sample's id."),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """Show a stored sample: an audit checklist with answers so far, or a survey's victims."""
    rules = load_rules(rules_file)
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    with store.connect(ctx.obj["db"], read_only=True) as con:
        kind = con.execute("SELECT kind FROM casework_samples WHERE sample_id = ?", [sample_id]).fetchone()
        if kind is None:
            raise StalkscreenError(f"--sample {sample_id}: no sample with this id",
                                   hint="draw one with `stalkscreen sample audit` or `stalkscreen sample survey`")
        rows = samples.checklist(con, rules, catalogue, sample_id) if kind[0] == "audit" else \
            samples.members(con, sample_id, "survey")
    emit(rows, fmt, samples.CHECKLIST_COLUMNS if kind[0] == "audit" else samples.MEMBER_COLUMNS,
         title=f"{kind[0]} sample {sample_id}")


@sample_app.command("answer")
def answer(
    ctx: typer.Context,
    sample_id: int = typer.Option(..., "--sample", help="The audit sample's id."),
    crime_id: str = typer.Option(..., "--crime", help="A crime in the sample."),
    question: str = typer.Option(..., "--question", help="The question's id (see `sample audit`)."),
    value: str = typer.Option(..., "--answer", help="yes, no or not_applicable."),
    by: str = typer.Option(..., "--by", help="Who answered."),
    note: Optional[str] = typer.Option(None, "--note", help="Why, or what was found."),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
) -> None:
    """Record an auditor's answer to one checklist question for one sampled crime."""
    rules = load_rules(rules_file)
    with store.connect(ctx.obj["db"]) as con:
        done = samples.answer(con, rules, sample_id, crime_id.strip(), question.strip(), value, by, note)
    console.print(f"sample {done['sample_id']}, {done['crime_id']}: {done['question']} = {done['answer']}",
                  highlight=False)


@sample_app.command("answers")
def answers(
    ctx: typer.Context,
    sample_id: int = typer.Option(..., "--sample", help="The audit sample's id."),
    file: Path = typer.Option(..., "--file", help="A CSV file with columns crime_id, question, answer (and note)."),
    by: str = typer.Option(..., "--by", help="Who answered."),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
) -> None:
    """Record many answers at once from a CSV file: all of them, or none if a row is bad."""
    rules = load_rules(rules_file)
    with store.connect(ctx.obj["db"]) as con:
        stored = samples.import_answers(con, rules, sample_id, file, by)
    console.print(f"sample {sample_id}: {stored} answer(s) stored from {file}", highlight=False)


@sample_app.command("summary")
def summary(
    ctx: typer.Context,
    sample_id: int = typer.Option(..., "--sample", help="The audit sample's id."),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """Compliance rate per audit question: yes of yes and no answers."""
    rules = load_rules(rules_file)
    with store.connect(ctx.obj["db"], read_only=True) as con:
        rows = samples.summary(con, rules, sample_id)
    emit(rows, fmt, title=f"audit sample {sample_id}: compliance by question")


@sample_app.command("survey")
def survey(
    ctx: typer.Context,
    n: int = typer.Option(10, "--n", help="How many victims to sample."),
    month: str = typer.Option(..., "--month", help="The month whose stalking victims are sampled (YYYY-MM)."),
    seed: int = typer.Option(1, "--seed", help="The random seed: the same seed over the same records gives the same sample."),
    by: Optional[str] = typer.Option(None, "--by", help="Who drew the sample."),
    rules_file: Optional[Path] = typer.Option(None, "--rules", help=RULES_HELP),
    fmt: Format = typer.Option(Format.table, "--format", help=FORMAT_HELP),
) -> None:
    """Draw (or show again) a random sample of a month's stalking victims for a satisfaction survey."""
    rules = load_rules(rules_file)
    period = victims.parse_month(month)
    catalogue = offence_catalogue.load(ctx.obj.get("offences"))
    with store.connect(ctx.obj["db"]) as con:
        sample_id = samples.draw_survey(con, rules, catalogue, n, seed, period.first, period.last, by)
        rows = samples.members(con, sample_id, "survey")
        drawn = con.execute("SELECT population, excluded FROM casework_samples WHERE sample_id = ?", [sample_id]).fetchone()
    emit(rows, fmt, samples.MEMBER_COLUMNS,
         title=f"survey sample {sample_id}: {len(rows)} victim(s) of stalking cases recorded in {period.month}")
    console.print(f"survey sample {sample_id}: {len(rows)} of {drawn[0] - drawn[1]} eligible victims "
                  f"({drawn[1]} left out: declined contact or surveyed in the last {rules.survey_recent_months} months)",
                  highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(sample_app, name="sample")
