"""Volumes by month and classification: stalking recorded as the principal offence, recorded only
as an included offence, and found by screening but not recorded; and the stalking and harassment
classifications side by side."""

from __future__ import annotations

from stalkscreen.oversight.profile.model import Chart, Section, Table
from stalkscreen.oversight.profile.scope import Context, rows as _rows

CLASSIFICATIONS = {  # the Home Office "stalking and harassment" subgroup, as in the national tables
    "8Q": "Stalking", "8L": "Harassment", "8M": "Racially or religiously aggravated harassment",
    "8R": "Malicious communications", "8U": "Controlling or coercive behaviour",
}
_MONTHS = """SELECT strftime(m, '%Y-%m') AS month
             FROM generate_series(date_trunc('month', ?::DATE), ?::DATE, INTERVAL 1 MONTH) t(m)"""


def section(ctx: Context) -> Section:
    notes = [
        "A stalking crime is a record with a stalking offence (Home Office classification 8Q) as its principal "
        "offence or as an included offence, recorded in the period.",
        "Included only: stalking is on the record as an included classification but another offence is the "
        "principal one, so counts of principal offences miss it.",
    ]
    if ctx.screening:
        notes.append(f"Found by screening but not recorded: {ctx.screening}; this series is not shown, "
                     "and it is not zero.")
    return Section("volumes", "Volumes", notes, [stalking_by_month(ctx), by_classification_month(ctx),
                                                 by_classification(ctx)])


def stalking_by_month(ctx: Context) -> Table:
    rows = _rows(ctx.con, f"""
        WITH months AS ({_MONTHS})
        SELECT m.month, count(p.crime_id) FILTER (WHERE p.source = 'principal') AS principal,
               count(p.crime_id) FILTER (WHERE p.source = 'included') AS included_only,
               count(p.crime_id) FILTER (WHERE p.source = 'screening') AS found_by_screening,
               count(p.crime_id) AS total
        FROM months m LEFT JOIN profile_crimes p USING (month) GROUP BY m.month ORDER BY m.month""",
                 [ctx.options.date_from, ctx.options.date_to])
    columns = ["month", "principal", "included_only", "found_by_screening", "total"]
    series = ["principal", "included_only", "found_by_screening"]
    if ctx.screening:
        columns.remove("found_by_screening")
        series.remove("found_by_screening")
        for row in rows:
            row.pop("found_by_screening")
    return Table("stalking_by_month", "Stalking crimes by month", columns, rows, counts=tuple(columns[1:]),
                 charts=[Chart("stacked_bar", "month", "crimes", fold=tuple(series), colour="recorded as")],
                 labels={"principal": "recorded as principal", "included_only": "recorded as included only",
                         "found_by_screening": "found by screening, not recorded"})


def _classified_sql() -> str:
    """One row per crime recorded in the period and classification of the family it carries."""
    return """
        SELECT o.crime_id, strftime(c.recorded_at, '%Y-%m') AS month, k.classification,
               bool_or(o.role = 'principal') AS principal
        FROM offences o JOIN crimes c USING (crime_id) JOIN profile_catalogue k ON k.offence_code = o.offence_code
        WHERE c.recorded_at >= ? AND c.recorded_at < ?::DATE + INTERVAL 1 DAY
          AND k.classification IN (SELECT unnest(?::VARCHAR[]))
        GROUP BY ALL"""


def by_classification_month(ctx: Context) -> Table:
    codes = list(CLASSIFICATIONS)
    pivot = ", ".join(f"count(x.crime_id) FILTER (WHERE x.classification = '{c}') AS \"{c}\"" for c in codes)
    rows = _rows(ctx.con, f"""
        WITH months AS ({_MONTHS}), x AS ({_classified_sql()})
        SELECT m.month, {pivot} FROM months m LEFT JOIN x USING (month) GROUP BY m.month ORDER BY m.month""",
                 [ctx.options.date_from, ctx.options.date_to, *_window(ctx), codes])
    return Table("classifications_by_month", "Stalking and harassment crimes by month and classification "
                 "(principal or included)", ["month", *codes], rows, counts=tuple(codes),
                 charts=[Chart("line", "month", "crimes", fold=tuple(codes), colour="classification")])


def by_classification(ctx: Context) -> Table:
    codes = list(CLASSIFICATIONS)
    rows = _rows(ctx.con, f"""
        WITH x AS ({_classified_sql()})
        SELECT k.classification, count(x.crime_id) FILTER (WHERE x.principal) AS principal,
               count(x.crime_id) FILTER (WHERE NOT x.principal) AS included_only, count(x.crime_id) AS total
        FROM (SELECT unnest(?::VARCHAR[]) AS classification) k LEFT JOIN x USING (classification)
        GROUP BY k.classification""", [*_window(ctx), codes, codes])
    order = {c: i for i, c in enumerate(codes)}
    rows.sort(key=lambda r: order[r["classification"]])
    for row in rows:
        row["name"] = CLASSIFICATIONS[row["classification"]]
    return Table("classifications", "Crimes in the period by classification",
                 ["classification", "name", "principal", "included_only", "total"], rows,
                 counts=("principal", "included_only", "total"),
                 labels={"included_only": "included only"})


def _window(ctx: Context) -> list:
    return [ctx.options.date_from, ctx.options.date_to]
