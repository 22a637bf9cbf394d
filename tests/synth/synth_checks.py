"""Reading a synthetic export back, and checking rows against the export contract, written
independently of the generator (from docs/data-contract.md) so the tests are a second opinion."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from stalkscreen.reference.offences import load as load_catalogue, normalise_code

TABLES = ["crimes", "offences", "person_records", "orders", "order_events", "risk_assessments",
          "victim_care_events", "case_events"]
COLUMNS = {
    "crimes": "crime_id force record_type recorded_at occurred_from occurred_to offence_code offence domestic_abuse "
              "status outcome location postcode narrative",
    "offences": "crime_id offence_code offence role",
    "person_records": "person_record_id crime_id role forename surname dob sex address postcode phone email relationship",
    "orders": "order_id order_type subject_person_record_id protected_person_record_id applied_on made_on expires_on "
              "status conditions",
    "order_events": "order_id event at by detail",
    "risk_assessments": "assessment_id crime_id person_record_id instrument instrument_version completed_at answers "
                        "level assessor",
    "victim_care_events": "crime_id person_record_id event at",
    "case_events": "crime_id event at by detail",
}
COLUMNS = {k: v.split() for k, v in COLUMNS.items()}
REQUIRED = {
    "crimes": ["crime_id", "record_type", "recorded_at", "offence_code"],
    "offences": ["crime_id", "offence_code", "role"],
    "person_records": ["person_record_id", "crime_id", "role"],
    "orders": ["order_id", "order_type", "subject_person_record_id"],
    "order_events": ["order_id", "event", "at"],
    "risk_assessments": ["assessment_id", "crime_id", "instrument", "completed_at"],
    "victim_care_events": ["crime_id", "person_record_id", "event", "at"],
    "case_events": ["crime_id", "event", "at"],
}
KEYS = {"crimes": ["crime_id"], "offences": ["crime_id", "offence_code", "role"], "person_records": ["person_record_id"],
        "orders": ["order_id"], "order_events": ["order_id", "event", "at"], "risk_assessments": ["assessment_id"],
        "victim_care_events": ["crime_id", "person_record_id", "event", "at"], "case_events": ["crime_id", "event", "at"]}
ENUMS = {
    ("crimes", "record_type"): {"crime", "incident"},
    ("offences", "role"): {"principal", "included"},
    ("person_records", "role"): {"victim", "suspect", "witness", "reporter"},
    ("person_records", "relationship"): {"ex_partner", "partner", "family", "acquaintance", "colleague", "neighbour",
                                         "online_only", "stranger", "unknown", None},
    ("orders", "order_type"): {"SPO", "interim_SPO", "NMO", "restraining_order", "DVPO"},
    ("victim_care_events", "event"): {"vna_completed", "vcc_given", "referral_offered", "referral_made",
                                      "referral_declined", "update_given", "contact_declined"},
    ("order_events", "event"): {"considered", "not_pursued", "applied", "interim_made", "made", "served", "notified",
                                "varied", "renewed", "breached", "expired", "discharged"},
}
TIMESTAMPS = {"crimes": ["recorded_at", "occurred_from", "occurred_to"], "order_events": ["at"],
              "risk_assessments": ["completed_at"], "victim_care_events": ["at"], "case_events": ["at"]}
DATES = {"person_records": ["dob"], "orders": ["applied_on", "made_on", "expires_on"]}
BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "y": True, "n": False, "1": True, "0": False}
CATALOGUE = set(load_catalogue().offences)


def read_rows(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> tuple[list[str], list[dict], list[int]]:
    """(columns, rows with empty cells as None, contract line number of each row)."""
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        return table.column_names, table.to_pylist(), list(range(1, table.num_rows + 1))
    if path.suffix == ".jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines]
        return (list(rows[0]) if rows else []), rows, list(range(1, len(rows) + 1))
    with open(path, newline="", encoding=encoding) as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader)
        rows, lines, start = [], [], reader.line_num + 1
        for record in reader:
            rows.append({c: (v if v != "" else None) for c, v in zip(header, record)})
            lines.append(start)
            start = reader.line_num + 1
    return header, rows, lines


def read_export(folder: Path, fmt: str) -> dict[str, tuple[list[dict], list[int]]]:
    out = {}
    for name in TABLES:
        _, rows, lines = read_rows(folder / f"{name}.{fmt}")
        out[name] = (rows, lines)
    return out


def read_rms(folder: Path, fmt: str) -> dict[str, tuple[list[dict], list[int]]]:
    """An RMS-style export turned into canonical rows with its mapping file (the job ingest does)."""
    mapping = yaml.safe_load((folder / "mapping.yaml").read_text(encoding="utf-8"))
    codes = {k.upper(): v for k, v in mapping.get("offence_codes", {}).items()}
    out = {}
    for source, name in mapping["files"].items():
        spec = mapping["tables"][name]
        _, rows, lines = read_rows(folder / f"{source}.{fmt}", mapping.get("encoding", "utf-8"),
                                   mapping.get("delimiter", ","))
        converted = []
        for row in rows:
            new = {canonical: row.get(src) for src, canonical in spec["columns"].items()}
            for column, table in spec.get("values", {}).items():
                new[column] = table.get(new[column], new[column])
            if "offence_code" in new and new["offence_code"] is not None:
                new["offence_code"] = codes.get(new["offence_code"].upper(), new["offence_code"])
            for column in TIMESTAMPS.get(name, []) + DATES.get(name, []):
                fmt_in = spec.get("date_formats", {}).get(column, spec.get("date_format"))
                fmt_out = "%Y-%m-%d" if column in DATES.get(name, []) else "%Y-%m-%d %H:%M"
                if new[column] is not None and fmt_in:
                    try:
                        new[column] = dt.datetime.strptime(new[column], fmt_in).strftime(fmt_out)
                    except ValueError:
                        pass  # left as written: the checks below see a value that is not a date
            converted.append(new)
        out[name] = (converted, lines)
    return out


def _timestamp(value: str | None) -> dt.datetime | None:
    return None if value is None else dt.datetime.fromisoformat(value)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def row_defects(export: dict, today: dt.date) -> dict[str, list[set[str]]]:
    """Per table, per row, the set of contract checks the row fails (empty = it loads)."""
    result: dict[str, list[set[str]]] = {}
    good_ids: dict[str, set] = {}
    recorded: dict[str, dt.datetime] = {}
    for name in TABLES:
        rows, _ = export[name]
        seen: set = set()
        out = []
        for row in rows:
            bad = _own_defects(name, row, today)
            bad |= _reference_defects(name, row, good_ids, recorded)
            key = tuple(row.get(k) for k in KEYS[name])
            if not bad:
                if key in seen:
                    bad.add("duplicate_key")
                seen.add(key)
            out.append(bad)
        result[name] = out
        good = [row for row, bad in zip(rows, out) if not bad]
        if name == "crimes":
            good_ids["crimes"] = {r["crime_id"] for r in good}
            recorded.update({r["crime_id"]: _timestamp(r["recorded_at"]) for r in good})
        elif name == "person_records":
            good_ids["person_records"] = {r["person_record_id"] for r in good}
        elif name == "orders":
            good_ids["orders"] = {r["order_id"] for r in good}
    return result


def _own_defects(name: str, row: dict, today: dt.date) -> set[str]:
    bad = set()
    if any(row.get(c) is None for c in REQUIRED[name]):
        bad.add("missing_required")
    for (table, column), allowed in ENUMS.items():
        if table == name and row.get(column) is not None and row[column] not in allowed:
            bad.add("bad_enum")
    values = {}
    for column in TIMESTAMPS.get(name, []) + DATES.get(name, []):
        try:
            parse = _date if column in DATES.get(name, []) else _timestamp
            values[column] = parse(row.get(column))
        except ValueError:
            bad.add("bad_date")
            continue
        v = values[column]
        # an order's expiry is naturally in the future: the "not in the future" check cannot apply to it
        if v is not None and column != "expires_on" and (v.date() if isinstance(v, dt.datetime) else v) > today:
            bad.add("future_date")
    if name == "crimes" and values.get("occurred_from") and values.get("occurred_to") \
            and values["occurred_to"] < values["occurred_from"]:
        bad.add("occurred_to_before_from")
    if name == "orders":
        if values.get("made_on") and values.get("applied_on") and values["made_on"] < values["applied_on"]:
            bad.add("made_before_applied")
        if values.get("expires_on") and values.get("made_on") and values["expires_on"] < values["made_on"]:
            bad.add("expires_before_made")
    if "offence_code" in row and row["offence_code"] is not None and normalise_code(row["offence_code"]) not in CATALOGUE:
        bad.add("unknown_offence_code")
    if name == "crimes" and row.get("domestic_abuse") is not None and row["domestic_abuse"].lower() not in BOOLEANS:
        bad.add("bad_boolean")
    return bad


def _reference_defects(name: str, row: dict, good_ids: dict, recorded: dict) -> set[str]:
    refs = {"offences": [("crime_id", "crimes")], "person_records": [("crime_id", "crimes")],
            "orders": [("subject_person_record_id", "person_records"), ("protected_person_record_id", "person_records")],
            "order_events": [("order_id", "orders")],
            "risk_assessments": [("crime_id", "crimes"), ("person_record_id", "person_records")],
            "victim_care_events": [("crime_id", "crimes"), ("person_record_id", "person_records")],
            "case_events": [("crime_id", "crimes")]}
    bad = set()
    for column, table in refs.get(name, []):
        if row.get(column) is not None and row[column] not in good_ids[table]:
            bad.add("unknown_reference")
    if name == "victim_care_events" and not bad and row.get("at"):
        try:
            if _timestamp(row["at"]) < recorded[row["crime_id"]]:
                bad.add("before_crime")
        except ValueError:
            pass
    return bad


def listed(truth_file: Path) -> dict[tuple[str, int], str]:
    with open(truth_file, newline="", encoding="utf-8") as handle:
        return {(r["file"], int(r["line"])): r["defect"] for r in csv.DictReader(handle)}


def canonical_good_rows(export: dict, defects: dict) -> dict[str, set[tuple]]:
    """Good rows as comparable tuples: what the store would hold (codes and booleans normalised)."""
    out = {}
    for name in TABLES:
        rows, _ = export[name]
        values = set()
        for row, bad in zip(rows, defects[name]):
            if bad:
                continue
            norm = []
            for column in COLUMNS[name]:
                v = row.get(column)
                if column == "offence_code" and v is not None:
                    v = normalise_code(v)
                if column == "domestic_abuse" and v is not None:
                    v = BOOLEANS[v.lower()]
                norm.append(v)
            values.add(tuple(norm))
        out[name] = values
    return out
