"""Geography by postcode district: the outward code, the part of a postcode before the space
(a full postcode can point at a household; a district covers thousands of them)."""

from __future__ import annotations

from stalkscreen.oversight.profile.model import Chart, Section, Table
from stalkscreen.oversight.profile.scope import Context, rows

# Outward code: with a space, what is before it; without, all but the three-character inward code.
DISTRICT_SQL = """CASE
    WHEN trim(coalesce({0}, '')) = '' THEN NULL
    WHEN contains(trim({0}), ' ') THEN upper(split_part(trim({0}), ' ', 1))
    WHEN length(trim({0})) BETWEEN 5 AND 7 THEN upper(left(trim({0}), length(trim({0})) - 3))
    ELSE NULL END"""
OTHER = "other districts"
NONE = "no postcode"


def section(ctx: Context) -> Section:
    top = ctx.options.top_districts
    notes = [f"Stalking crimes by the postcode district of the crime's location; the {top} districts with most "
             f"crimes, then the rest together."]
    return Section("geography", "Geography", notes, [districts(ctx, top)])


def districts(ctx: Context, top: int) -> Table:
    found = rows(ctx.con, f"""
        WITH d AS (SELECT {DISTRICT_SQL.format('postcode')} AS district, count(*) AS crimes
                   FROM profile_crimes GROUP BY 1),
        ranked AS (SELECT *, row_number() OVER (ORDER BY crimes DESC, district) AS rank FROM d WHERE district IS NOT NULL)
        SELECT district, crimes, 0 AS part FROM ranked WHERE rank <= ?
        UNION ALL SELECT '{OTHER}', sum(crimes), 1 FROM ranked WHERE rank > ? HAVING count(*) > 0
        UNION ALL SELECT '{NONE}', crimes, 2 FROM d WHERE district IS NULL
        ORDER BY part, crimes DESC, district""", [top, top])
    total = sum(r["crimes"] for r in found)
    for row in found:
        row.pop("part")
        row["share"] = round(100.0 * row["crimes"] / total, 1) if total else None
    return Table("districts", "Stalking crimes by postcode district", ["district", "crimes", "share"], found,
                 counts=("crimes",), rates={"share": "crimes"},
                 charts=[Chart("bar", "district", "crimes", horizontal=True)])
