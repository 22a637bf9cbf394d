"""Typologies: how the suspect is related to the victim, and the share of stalking crimes with an
online element (tracking, monitoring, social media, fake profiles) found in the narratives."""

from __future__ import annotations

from stalkscreen.oversight.profile import publish
from stalkscreen.oversight.profile.model import Chart, Section, Table
from stalkscreen.oversight.profile.scope import Context, rows
from stalkscreen.reference import online_elements

TYPOLOGIES = {  # person_records.relationship -> the profile's words, in the order printed
    "ex_partner": "Ex-intimate partner", "partner": "Current partner", "family": "Family member",
    "acquaintance": "Acquaintance", "colleague": "Colleague", "neighbour": "Neighbour", "stranger": "Stranger",
    "online_only": "Online only", "unknown": "Not known",
}
NO_SUSPECT = "No suspect recorded"


def section(ctx: Context) -> Section:
    terms = online_elements.load(ctx.options.online_terms)
    notes = [
        "Typology is the relationship of the suspect to the victim as recorded on the crime; a crime with "
        "suspects of different relationships counts once under each, so the shares can add up to more than 100%.",
        f"Online elements are found by matching the crime narrative against the term list "
        f"(online elements version {terms.version}); one crime can show several kinds.",
    ]
    return Section("typologies", "Typologies", notes, [relationships(ctx), online(ctx, terms)])


def relationships(ctx: Context) -> Table:
    found = rows(ctx.con, """
        WITH crime_relationship AS (
            SELECT DISTINCT p.crime_id, coalesce(nullif(s.relationship, ''), 'unknown') AS relationship
            FROM profile_crimes p LEFT JOIN person_records s ON s.crime_id = p.crime_id AND s.role = 'suspect'
            WHERE s.crime_id IS NOT NULL
            UNION ALL
            SELECT p.crime_id, 'none' FROM profile_crimes p
            WHERE NOT EXISTS (SELECT 1 FROM person_records s WHERE s.crime_id = p.crime_id AND s.role = 'suspect'))
        SELECT relationship, count(*) AS crimes, (SELECT count(*) FROM profile_crimes) AS of
        FROM crime_relationship GROUP BY 1""")
    by_key = {r["relationship"]: r for r in found}
    total = found[0]["of"] if found else 0
    names = {**TYPOLOGIES, "none": NO_SUSPECT}
    other = [k for k in by_key if k not in names]  # a force's own relationship words, shown as they are
    table = [{"typology": names.get(k, k), "crimes": by_key.get(k, {}).get("crimes", 0), "of": total,
              "share": _share(by_key.get(k, {}).get("crimes", 0), total)} for k in [*TYPOLOGIES, *other, "none"]]
    return Table("typologies", "Stalking crimes by the suspect's relationship to the victim",
                 ["typology", "crimes", "share"], table, counts=("crimes",), rates={"share": "crimes"},
                 charts=[Chart("bar", "typology", "crimes", horizontal=True)])


def online(ctx: Context, terms: online_elements.OnlineElements) -> Table:
    """Set-based: one regular-expression test per kind over the narratives of the profile's crimes."""
    tests = ", ".join(f"regexp_matches(coalesce(c.narrative, ''), ?, 'i') AS k{i}" for i in range(len(terms.kinds)))
    sums = ", ".join(f"count(*) FILTER (WHERE k{i})" for i in range(len(terms.kinds)))
    any_kind = " OR ".join(f"k{i}" for i in range(len(terms.kinds)))
    counts = ctx.con.execute(f"""
        WITH matched AS (SELECT {tests} FROM profile_crimes p JOIN crimes c USING (crime_id))
        SELECT {sums}, count(*) FILTER (WHERE {any_kind}), count(*) FROM matched""",
                             [k.pattern for k in terms.kinds]).fetchone()
    total = counts[-1]
    table = [{"online_element": k.name, "crimes": n, "share": _share(n, total)}
             for k, n in zip(terms.kinds, counts)]
    table.append({"online_element": "Any online element", "crimes": counts[-2], "share": _share(counts[-2], total)})
    return Table("online_elements", f"Stalking crimes with online elements (of {publish.count(total, ctx.options.publish)})",
                 ["online_element", "crimes", "share"], table, counts=("crimes",), rates={"share": "crimes"},
                 charts=[Chart("bar", "online_element", "crimes", horizontal=True)], labels={"online_element": "online element"})


def _share(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None
