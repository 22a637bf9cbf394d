"""Contact parties: a phone number, email address or handle as written, normalised so that one
party is one value however the extraction wrote it (E.164 phone, lower-case email, channel:handle),
and matched to person records by phone or email, or attributed by an investigator.

Normalisation runs in Python (libphonenumber) over the DISTINCT values only: a 1M-row extraction
has a few hundred parties."""

from __future__ import annotations

import datetime as dt
import re

import duckdb
import pyarrow as pa

from stalkscreen.errors import StalkscreenError
from stalkscreen.evidence import values

PHONE_LIKE = re.compile(r"^\+?[\d\s().\-/]+$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_EXPECTED = "a number such as 07700 900123 or +44 7700 900123"

# person_records.phone in the same E.164 form as a party, for UK numbers: a bracketed trunk zero
# dropped, then digits only (keeping a leading +), 00 -> +, a leading 0 -> +44.
PERSON_PHONES = r"""
    SELECT person_record_id, phone, email FROM (
        SELECT person_record_id, lower(trim(email)) AS email,
               CASE WHEN starts_with(d, '+') THEN d WHEN starts_with(d, '00') THEN '+' || substr(d, 3)
                    WHEN starts_with(d, '0') THEN '+44' || substr(d, 2) END AS phone
        FROM (SELECT person_record_id, email,
                     CASE WHEN starts_with(trim(phone), '+') THEN '+' ELSE '' END
                     || regexp_replace(replace(phone, '(0)', ''), '[^0-9]', '', 'g') AS d
              FROM person_records WHERE phone IS NOT NULL OR email IS NOT NULL))
"""


def normalise(written: str) -> tuple[str | None, str | None, str | None]:
    """(party_kind, value, problem) for a party as written. A handle's value lacks its channel,
    which the row supplies."""
    text = written.strip()
    if PHONE_LIKE.match(text) and any(c.isdigit() for c in text):
        e164 = phone(text)
        if e164 is None:
            return None, None, f"party '{written}' is not a valid phone number (expected {PHONE_EXPECTED})"
        return "phone", e164, None
    if EMAIL.match(text):
        return "email", text.lower(), None
    handle = text.lstrip("@").strip().lower()
    if not handle:
        return None, None, f"party '{written}' is not a phone number, email address or handle"
    return "handle", handle, None


def phone(text: str) -> str | None:
    """E.164 for a number in any common form (UK by default), or None if it is not a number in use."""
    import phonenumbers  # here: every command would pay for its metadata otherwise

    try:
        number = phonenumbers.parse(text.replace("(0)", ""), values.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    drama = any(e164.startswith(p) and len(e164) == n for p, n in values.DRAMA_RANGES.items())
    return e164 if drama or phonenumbers.is_valid_number(number) else None


def table(con: duckdb.DuckDBPyConnection) -> None:
    """`_ev_parties (party_raw, party_kind, party_value, party_reason)` for every distinct party in `_ev_in`."""
    written = [p for (p,) in con.execute("SELECT DISTINCT party FROM _ev_in WHERE party IS NOT NULL").fetchall()]
    found = [normalise(p) for p in written]
    rows = pa.table({"party_raw": pa.array(written, pa.string()),
                     "party_kind": pa.array([f[0] for f in found], pa.string()),
                     "party_value": pa.array([f[1] for f in found], pa.string()),
                     "party_reason": pa.array([f[2] for f in found], pa.string())})
    con.register("_ev_parties_arrow", rows)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _ev_parties AS SELECT * FROM _ev_parties_arrow")
    finally:
        con.unregister("_ev_parties_arrow")


def match(con: duckdb.DuckDBPyConnection, crime_id: str, source_id: int, by: str, now: dt.datetime) -> int:
    """Link the crime's phone and email parties to person records anywhere in the store with that
    phone or email (a link already held is not repeated); return how many of this source's parties
    are linked to a person."""
    con.execute(f"""
        INSERT INTO evidence_party_people (crime_id, party, person_record_id, matched_on, "by", "at")
        WITH parties AS (SELECT DISTINCT party, party_kind FROM evidence_contacts
                         WHERE crime_id = $crime AND party_kind IN ('phone', 'email')),
        people AS ({PERSON_PHONES}),
        found AS (SELECT p.party, m.person_record_id, 'phone' AS matched_on
                  FROM parties p JOIN people m ON m.phone = p.party WHERE p.party_kind = 'phone'
                  UNION
                  SELECT p.party, m.person_record_id, 'email' FROM parties p JOIN people m ON m.email = p.party
                  WHERE p.party_kind = 'email')
        SELECT $crime, party, person_record_id, matched_on, $by, $now FROM found f
        WHERE NOT EXISTS (SELECT 1 FROM evidence_party_people e WHERE e.crime_id = $crime AND e.party = f.party
                          AND e.person_record_id = f.person_record_id AND e.matched_on = f.matched_on)""",
                {"crime": crime_id, "by": by, "now": now})
    return con.execute("""SELECT count(DISTINCT c.party) FROM evidence_contacts c
                          SEMI JOIN evidence_party_people e ON e.crime_id = c.crime_id AND e.party = c.party
                          WHERE c.source_id = ?""", [source_id]).fetchone()[0]


def resolve(con: duckdb.DuckDBPyConnection, crime_id: str, written: str) -> str:
    """The party as stored for a value an investigator types: normalised as at import; a handle
    without its channel is found among the crime's contacts."""
    kind, value, problem = normalise(written)
    if problem:
        raise StalkscreenError(problem, hint=f"write {PHONE_EXPECTED}, an email address, or channel:handle")
    if kind == "handle":
        channel, _, handle = value.partition(":")
        channel = values.CHANNELS.get(" ".join(channel.replace("_", " ").split()))
        if channel and handle.lstrip("@"):
            value = f"{channel}:{handle.lstrip('@')}"
        else:
            value = _handle(con, crime_id, written, value)
    held = con.execute("SELECT count(*) FROM evidence_contacts WHERE crime_id = ? AND party = ?",
                       [crime_id, value]).fetchone()[0]
    if not held:
        raise StalkscreenError(f"party '{written}' (stored as '{value}') is in no contact imported for crime {crime_id}",
                               hint="check the value, or import the extraction that holds it first")
    return value


def _handle(con, crime_id: str, written: str, handle: str) -> str:
    found = [p for (p,) in con.execute(
        "SELECT DISTINCT party FROM evidence_contacts WHERE crime_id = ? AND party_kind = 'handle' "
        "AND substr(party, strpos(party, ':') + 1) = ? ORDER BY party", [crime_id, handle]).fetchall()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise StalkscreenError(f"handle '{written}' is in no contact imported for crime {crime_id}",
                               hint="write it with its channel, e.g. whatsapp:" + handle)
    raise StalkscreenError(f"handle '{written}' is on more than one channel for crime {crime_id}: {', '.join(found)}",
                           hint="name the one you mean, with its channel")


def attribute(con: duckdb.DuckDBPyConnection, crime_id: str, party: str, person_record_id: str,
              note: str | None, by: str, now: dt.datetime) -> dict:
    """Record that an investigator attributes the party to the person; a repeat is not stored twice."""
    value = resolve(con, crime_id, party)
    if not con.execute("SELECT count(*) FROM person_records WHERE person_record_id = ?", [person_record_id]).fetchone()[0]:
        raise StalkscreenError(f"no person record '{person_record_id}'",
                               hint="name a person_record_id from the store, e.g. the suspect on the crime")
    row = {"crime_id": crime_id, "party": value, "person_record_id": person_record_id,
           "matched_on": "attributed", "by": by, "at": now, "note": note}
    held = con.execute("SELECT count(*) FROM evidence_party_people WHERE crime_id = ? AND party = ? "
                       "AND person_record_id = ? AND matched_on = 'attributed'",
                       [crime_id, value, person_record_id]).fetchone()[0]
    if not held:
        con.execute('INSERT INTO evidence_party_people (crime_id, party, person_record_id, matched_on, "by", "at", note) '
                    "VALUES (?, ?, ?, 'attributed', ?, ?, ?)", [crime_id, value, person_record_id, by, now, note])
    return {**row, "added": not held}
