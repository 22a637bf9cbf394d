"""The contract's checks as SQL: typed columns from text, then one reason per failing check.

`canon_sql` turns the staged file (`_src`, canonical column names, text) into `_canon`: for every
column its trimmed text value (`c`) and its typed value (`c__t`). `reasons_sql` then yields
(_line, _end_line, ord, reason) for every failed check. Column names in the SQL come from the
contract (spec.py); every value from the user (formats, value maps) is a bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stalkscreen.ingest.mapping import TableMapping
from stalkscreen.ingest.spec import FALSE_WORDS, TRUE_WORDS, Column, Table
from stalkscreen.reference.offences import normalise_code_sql

PARENT_KEYS = {"crimes": "crime_id", "person_records": "person_record_id", "orders": "order_id"}


@dataclass
class Sql:
    text: str
    params: list = field(default_factory=list)


def q(name: str) -> str:
    """A contract column name as an identifier (`by` and `at` are SQL words)."""
    return '"' + name.replace('"', '""') + '"'


def typed(spec: Table, name: str) -> str:
    """The `_canon` column holding a column's typed value: text columns are their own typed value."""
    col = spec.column(name)
    return name if col.type == "text" and name != "offence" else name + "__t"


def _show(expr: str) -> str:
    return f"CASE WHEN length({expr}) > 60 THEN left({expr}, 57) || '...' ELSE {expr} END"


# ---- typed columns -------------------------------------------------------------------------------

def canon_sql(spec: Table, present: set[str], temporal: set[str], tm: TableMapping) -> Sql:
    params: list = []
    trimmed = ", ".join(
        (f"NULLIF(TRIM(CAST({q(c)} AS VARCHAR)), '') AS {q(c)}" if c in present else f"CAST(NULL AS VARCHAR) AS {q(c)}")
        for c in spec.column_names)
    mapped = []
    for c in spec.column_names:
        values = tm.values.get(c)
        if values:
            whens = " ".join("WHEN ? THEN ?" for _ in values)
            for source, target in values.items():
                params += [source, target]
            mapped.append(f"CASE {q(c)} {whens} ELSE {q(c)} END AS {q(c)}")
        else:
            mapped.append(q(c))
    typed_cols, typed_params = [], []
    for col in spec.columns:
        if typed(spec, col.name) == col.name:
            continue
        expr, more = _typed(col, tm, col.name in temporal)
        typed_cols.append(f"{expr} AS {q(col.name + '__t')}")
        typed_params += more
    joins = ""
    if any(c.type == "code" for c in spec.columns):
        norm = normalise_code_sql("s.offence_code")
        joins = (f" LEFT JOIN _code_map m ON m.source = {norm}"
                 f" LEFT JOIN _catalogue k ON k.offence_code = coalesce(m.target, {norm})")
    text = (f"CREATE OR REPLACE TEMP TABLE _canon AS SELECT s._line, s._end_line, "
            f"{', '.join(['s.' + q(c) for c in spec.column_names] + typed_cols)} "
            f"FROM (SELECT _line, _end_line, {', '.join(mapped)} FROM "
            f"(SELECT _line, _end_line, {trimmed} FROM _src)) s{joins}")
    return Sql(text, typed_params + params)  # in the order the placeholders appear


def _typed(col: Column, tm: TableMapping, already_typed: bool) -> tuple[str, list]:
    c = "s." + q(col.name)
    fmt = None if already_typed else tm.format_for(col.name)
    if col.type == "enum":
        return f"CASE lower({c}) {' '.join('WHEN ? THEN ?' for _ in col.allowed)} END", \
            [x for v in col.allowed for x in (v.lower(), v)]
    if col.type == "bool":
        return (f"CASE WHEN lower({c}) IN ({', '.join('?' * len(TRUE_WORDS))}) THEN true "
                f"WHEN lower({c}) IN ({', '.join('?' * len(FALSE_WORDS))}) THEN false END",
                [*TRUE_WORDS, *FALSE_WORDS])
    if col.type == "timestamp":
        return ("try_strptime(" + c + ", ?)", [fmt]) if fmt else (f"TRY_CAST({c} AS TIMESTAMP)", [])
    if col.type == "date":
        return ("CAST(try_strptime(" + c + ", ?) AS DATE)", [fmt]) if fmt else (f"TRY_CAST({c} AS DATE)", [])
    if col.type == "json":
        return f"CASE WHEN json_valid({c}) THEN CAST(json({c}) AS VARCHAR) END", []
    if col.type == "code":
        return "k.offence_code", []
    if col.name == "offence":
        return f"coalesce({c}, k.offence)", []
    return c, []


# ---- reasons -------------------------------------------------------------------------------------

def reasons_sql(spec: Table, tm: TableMapping, now, temporal: set[str]) -> Sql:
    branches: list[tuple[str, list]] = []

    def add(where: str, reason: str, reason_params=(), where_params=(), source: str = "_canon c") -> None:
        branches.append((f"SELECT c._line, c._end_line, {len(branches)} AS ord, {reason} AS reason "
                         f"FROM {source} WHERE {where}", [*reason_params, *where_params]))

    for col in spec.columns:
        c, t = f"c.{q(col.name)}", f"c.{q(typed(spec, col.name))}"
        if col.required:
            add(f"{c} IS NULL", f"'{col.name}: missing (required)'")
        if col.type != "text" and col.name != "offence":
            message, params = _type_message(col, tm, col.name in temporal)
            extra = ", ?" if params else ""
            add(f"{c} IS NOT NULL AND {t} IS NULL", f"format({message}, {_show(c)}{extra})", params)
        if col.type in ("timestamp", "date") and not col.future_ok:
            cast = "TIMESTAMP" if col.type == "timestamp" else "DATE"
            add(f"{t} > CAST(? AS {cast})", f"format('{col.name}: ''{{}}'' is in the future', {_show(c)})", where_params=[now])
    for later, earlier, words in spec.date_order:
        add(f"c.{q(typed(spec, later))} < c.{q(typed(spec, earlier))}",
            f"format('{later}: ''{{}}'' {words} ''{{}}''', c.{q(later)}, c.{q(earlier)})")
    _duplicates(spec, branches)
    for ref in spec.references:
        t = f"c.{q(typed(spec, ref.column))}"
        parent_key = PARENT_KEYS[ref.parent]
        add(f"{t} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {ref.parent} p WHERE p.{parent_key} = {t})",
            f"CASE WHEN qp.line IS NOT NULL THEN format('{ref.column}: {ref.noun} ''{{}}'' is quarantined in this "
            f"load ({{}} line {{}})', {t}, qp.file, qp.line) ELSE format('{ref.column}: no {ref.noun} ''{{}}'' "
            f"in the store or in this load', {_show(t)}) END",
            source=f"_canon c LEFT JOIN (SELECT key, min_by(file, line) AS file, min(line) AS line FROM "
                   f"_q_{ref.parent} GROUP BY key) qp ON qp.key = {t}")
    if spec.name == "victim_care_events":
        add('c."at__t" < cr.recorded_at',
            "format('at: ''{}'' is before crime ''{}'' was recorded ({})', c.\"at\", c.crime_id, "
            "strftime(cr.recorded_at, '%Y-%m-%d %H:%M'))",
            source="_canon c JOIN crimes cr ON cr.crime_id = c.crime_id")
    if spec.name == "order_events":  # Stalking Protection Act guidance: a decision not to apply is reasoned
        add("c.event__t = 'not_pursued' AND c.detail IS NULL",
            "'detail: an order not pursued needs the reason (detail is empty)'")
    if spec.name == "offences":
        add("c.role__t = 'principal' AND c.offence_code__t <> cr.offence_code",
            "format('offence_code: ''{}'' is marked principal but crime ''{}'' has principal offence ''{}''', "
            "c.offence_code__t, c.crime_id, cr.offence_code)",
            source="_canon c JOIN crimes cr ON cr.crime_id = c.crime_id")
    text = " UNION ALL ".join(b for b, _ in branches)
    return Sql(f"CREATE OR REPLACE TEMP TABLE _reasons AS {text}", [p for _, ps in branches for p in ps])


def _duplicates(spec: Table, branches: list) -> None:
    keys = [q(typed(spec, k)) for k in spec.key]
    described = ", ".join(f"{k} ''{{}}''" for k in spec.key)
    sql = (f"SELECT _line, _end_line, {len(branches)} AS ord, format('duplicate {described}: the first row with "
           f"this key is line {{}}', {', '.join(keys)}, first) AS reason FROM (SELECT _line, _end_line, "
           f"{', '.join(keys)}, min(_line) OVER (PARTITION BY {', '.join(keys)}) AS first FROM _canon WHERE "
           f"{' AND '.join(k + ' IS NOT NULL' for k in keys)}) WHERE _line <> first")
    branches.append((sql, []))


def _type_message(col: Column, tm: TableMapping, already_typed: bool) -> tuple[str, list]:
    fmt = None if already_typed else tm.format_for(col.name)
    head = f"'{col.name}: ''{{}}'' "
    if col.type == "timestamp":
        return (head + "is not a date (expected {})'", [fmt]) if fmt else \
            (head + "is not a date (expected YYYY-MM-DD HH:MM)'", [])
    if col.type == "date":
        return (head + "is not a date (expected {})'", [fmt]) if fmt else \
            (head + "is not a date (expected YYYY-MM-DD)'", [])
    if col.type == "enum":
        return head + f"is not one of {', '.join(col.allowed)}'", []
    if col.type == "bool":
        return head + "is not a yes/no value (expected true/false, yes/no, y/n or 1/0)'", []
    if col.type == "json":
        return head + "is not valid JSON'", []
    if col.type == "code":
        return head + "is not a known offence code (not in the offence catalogue or the mapping''s offence_codes)'", []
    raise ValueError(col.type)

