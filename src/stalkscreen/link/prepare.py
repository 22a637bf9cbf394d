"""Person records made comparable: one clean row per record in `link_input`.

Placeholders ("UNKNOWN", "N/K", 01/01/1900), impossible dates of birth and malformed phones,
postcodes and emails become NULL here, so that two records never agree on a non-value.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa

from stalkscreen.link.settings import LinkSettings

POSTCODE = r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$"
EMAIL = r"^[a-z0-9._%+''-]+@[a-z0-9.-]+\.[a-z]{2,}$"

_SOUNDEX_CODES = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"), **dict.fromkeys("DT", "3"),
                  "L": "4", **dict.fromkeys("MN", "5"), "R": "6"}


def soundex(name: str) -> str:
    """American Soundex (letter + three digits); H and W do not separate equal codes."""
    letters = [c for c in name.upper() if "A" <= c <= "Z"]
    if not letters:
        return ""
    out, last = [letters[0]], _SOUNDEX_CODES.get(letters[0], "")
    for c in letters[1:]:
        code = _SOUNDEX_CODES.get(c, "")
        if code and code != last:
            out.append(code)
        if c not in "HW":
            last = code
    return ("".join(out) + "000")[:4]


def _clean_name(column: str) -> str:
    """Upper case, accents and punctuation gone; hyphens kept so surname parts can be compared."""
    return (f"nullif(trim(regexp_replace(regexp_replace(upper(strip_accents(coalesce({column}, ''))), "
            f"'[^A-Z -]', '', 'g'), '\\s+', ' ', 'g'), ' -'), '')")


def _name_lookups(con: duckdb.DuckDBPyConnection, source: str, settings: LinkSettings) -> None:
    """Tables link_name_variants(name, keys) and link_name_sounds(name, sound), over distinct names only."""
    names = con.execute(f"SELECT DISTINCT n FROM (SELECT forename_std AS n FROM {source} "
                        f"UNION SELECT replace(surname_raw, '-', '') FROM {source}) WHERE n IS NOT NULL").fetchall()
    plain = [n for (n,) in names]
    con.register("link_sounds_arrow", pa.table({"name": plain, "sound": [soundex(n) for n in plain]}))
    con.execute("CREATE OR REPLACE TEMP TABLE link_name_sounds AS SELECT * FROM link_sounds_arrow")
    con.unregister("link_sounds_arrow")
    variants = settings.variants
    con.register("link_variants_arrow", pa.table({"name": list(variants), "keys": list(variants.values())},
                                                  schema=pa.schema([("name", pa.string()),
                                                                    ("keys", pa.list_(pa.string()))])))
    con.execute("CREATE OR REPLACE TEMP TABLE link_name_variants AS SELECT * FROM link_variants_arrow")
    con.unregister("link_variants_arrow")


def build_stored(con: duckdb.DuckDBPyConnection, settings: LinkSettings, table: str, where: str = "true",
                 extra: str = "") -> int:
    """(Re)make temp table `table` (unique_id and STORED, then any `extra` columns: SQL over those)
    from the person records matching `where`."""
    ph = settings.placeholders
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE link_stage AS
        WITH raw AS (
            SELECT p.person_record_id, p.crime_id, p.role, p.dob, CAST(c.recorded_at AS DATE) AS recorded_on,
                   {_clean_name('p.forename')} AS forename, {_clean_name('p.surname')} AS surname,
                   upper(regexp_replace(coalesce(p.postcode, ''), '[^A-Za-z0-9]', '', 'g')) AS pc,
                   nullif(trim(regexp_replace(upper(coalesce(p.address, '')), '[^A-Z0-9]+', ' ', 'g')), '') AS address_std,
                   regexp_replace(coalesce(p.phone, ''), '[^0-9]', '', 'g') AS digits,
                   lower(trim(p.email)) AS email, upper(trim(p.sex)) AS sex
            FROM person_records p LEFT JOIN crimes c USING (crime_id)
            WHERE {where})
        SELECT person_record_id AS unique_id, crime_id, role,
               CASE WHEN list_contains($names, forename) OR length(replace(forename, '-', '')) < 2 THEN NULL
                    ELSE replace(forename, '-', '') END AS forename_std,
               CASE WHEN list_contains($names, surname) OR length(replace(surname, '-', '')) < 2 THEN NULL
                    ELSE surname END AS surname_raw,
               CASE WHEN list_contains($dobs, dob) OR dob > recorded_on OR dob < recorded_on - to_years($oldest)
                    THEN NULL ELSE dob END AS dob,
               CASE WHEN regexp_full_match(pc, '{POSTCODE}') THEN pc END AS postcode_std,
               address_std,
               CASE WHEN digits LIKE '0044%' AND length(digits) = 14 THEN substr(digits, 5)
                    WHEN digits LIKE '440%' AND length(digits) = 13 THEN substr(digits, 4)  -- +44 (0)7700 ...
                    WHEN digits LIKE '44%' AND length(digits) = 12 THEN substr(digits, 3)
                    WHEN digits LIKE '0%' AND length(digits) = 11 THEN substr(digits, 2)
                    WHEN length(digits) = 10 THEN digits END AS national,
               CASE WHEN regexp_full_match(email, '{EMAIL}') AND NOT list_contains($emails, email) THEN email
                    END AS email_std,
               CASE WHEN sex IN ('F', 'FEMALE') THEN 'F' WHEN sex IN ('M', 'MALE') THEN 'M' END AS sex_std
        FROM raw
    """, {"names": ph.get("names", []), "dobs": [dt.date.fromisoformat(d) for d in ph.get("dobs", [])],
          "oldest": settings.oldest_age_years, "emails": ph.get("emails", [])})
    _name_lookups(con, "link_stage", settings)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT *{', ' + extra if extra else ''} FROM (
            SELECT s.unique_id, s.crime_id, s.role, s.forename_std, s.surname_raw,
                   fs.sound AS forename_sound, ss.sound AS surname_sound, s.dob, s.postcode_std, s.address_std,
                   CASE WHEN list_contains($phones, s.national) THEN NULL ELSE s.national END AS phone_std,
                   s.email_std, s.sex_std
            FROM link_stage s
            LEFT JOIN link_name_sounds fs ON fs.name = s.forename_std
            LEFT JOIN link_name_sounds ss ON ss.name = replace(s.surname_raw, '-', ''))
    """, {"phones": [p[-10:] for p in settings.placeholders.get("phones", [])]})
    con.execute("DROP TABLE link_stage")
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# What is kept per record (link_records): everything else is derived from it by `expanded`.
STORED = ["crime_id", "role", "forename_std", "surname_raw", "forename_sound", "surname_sound", "dob", "postcode_std",
          "address_std", "phone_std", "email_std", "sex_std"]


def expanded(source: str) -> str:
    """SQL: the rows of `source` (unique_id and STORED columns) with every column the model compares."""
    return f"""
        SELECT s.unique_id, s.crime_id, s.role, s.forename_std, replace(s.surname_raw, '-', '') AS surname_std,
               string_split(s.surname_raw, '-') AS surname_parts,
               coalesce(v.keys, CASE WHEN s.forename_std IS NOT NULL THEN [s.forename_std] END) AS forename_keys,
               coalesce(v.keys[1], s.forename_std) AS forename_canon, s.forename_sound, s.surname_sound,
               s.dob, CAST(year(s.dob) AS VARCHAR) AS dob_year,
               s.postcode_std, left(s.postcode_std, length(s.postcode_std) - 3) AS postcode_district,
               left(s.postcode_std, length(s.postcode_std) - 2) AS postcode_sector,
               s.address_std, s.phone_std, s.email_std, s.sex_std
        FROM {source} s LEFT JOIN link_name_variants v ON v.name = s.forename_std"""


def build(con: duckdb.DuckDBPyConnection, settings: LinkSettings, table: str, where: str = "true") -> int:
    """(Re)make temp table `table`, every compared column, from the person records matching `where`."""
    n = build_stored(con, settings, f"{table}_stored", where)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {expanded(f'{table}_stored')}")
    con.execute(f"DROP TABLE {table}_stored")
    return n


def unusable(surname: str = "surname_std") -> str:
    """SQL condition: the record cannot be linked to anyone (surname: the surname column to test)."""
    return (f"(forename_std IS NULL OR {surname} IS NULL) AND phone_std IS NULL AND email_std IS NULL "
            f"AND (dob IS NULL OR (forename_std IS NULL AND {surname} IS NULL))")


def unusable_reason_sql(surname: str = "surname_std") -> str:
    """Why a record cannot be linked to anyone, or NULL when it can."""
    return (f"CASE WHEN {unusable(surname)} THEN 'no usable identifiers: needs a full name, a phone, an email, "
            f"or one name with a date of birth' END")
