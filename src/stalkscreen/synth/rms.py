"""A second records-system style for the same export: its own file and column names, day-first
dates, local offence codes and enum values, and the mapping file that turns it back."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from stalkscreen.synth.clock import day_first
from stalkscreen.synth.export import DATES, TIMESTAMPS

NAME = "Athena-style export (synthetic)"
TIMESTAMP_FORMAT = "%d/%m/%Y %H:%M"
DATE_FORMAT = "%d/%m/%Y"
ENCODING = "cp1252"
DELIMITER = ";"
FILES = {"crimes": "OCCURRENCE", "offences": "OFFENCE_LINES", "person_records": "NOMINALS", "orders": "ORDERS",
         "order_events": "ORDER_HISTORY", "risk_assessments": "RISK_ASSESSMENTS",
         "victim_care_events": "VICTIM_CONTACT", "case_events": "INVESTIGATION_LOG"}
COLUMNS = {  # canonical -> source, in the source file's column order
    "crimes": {"crime_id": "OccurrenceRef", "recorded_at": "RecordedDate", "record_type": "OccType",
               "offence_code": "HOClass", "offence": "ClassDesc", "occurred_from": "FromDate", "occurred_to": "ToDate",
               "location": "LocType", "postcode": "LocPostcode", "domestic_abuse": "DAFlag", "status": "OccStatus",
               "outcome": "OutcomeDesc", "force": "ForceName", "narrative": "MO_Text"},
    "offences": {"crime_id": "OccurrenceRef", "role": "LineType", "offence_code": "OffenceCode", "offence": "OffenceDesc"},
    "person_records": {"person_record_id": "NominalRef", "crime_id": "OccurrenceRef", "role": "Involvement",
                       "surname": "Surname", "forename": "Forename", "dob": "DateOfBirth", "sex": "Gender",
                       "address": "AddressLine", "postcode": "PostCode", "phone": "TelNo", "email": "EmailAddr",
                       "relationship": "RelToVictim"},
    "orders": {"order_id": "OrderRef", "order_type": "OrderType", "subject_person_record_id": "SubjectNominal",
               "protected_person_record_id": "ProtectedNominal", "applied_on": "AppliedDate", "made_on": "MadeDate",
               "expires_on": "ExpiryDate", "status": "OrderStatus", "conditions": "Conditions"},
    "order_events": {"order_id": "OrderRef", "at": "EventDate", "event": "EventType", "by": "Officer",
                     "detail": "Notes"},
    "risk_assessments": {"assessment_id": "RiskRef", "crime_id": "OccurrenceRef", "person_record_id": "NominalRef",
                         "instrument": "FormType", "instrument_version": "FormVersion", "completed_at": "CompletedDate",
                         "answers": "Responses", "level": "RiskGrade", "assessor": "CompletedBy"},
    "victim_care_events": {"crime_id": "OccurrenceRef", "person_record_id": "NominalRef", "event": "ContactType",
                           "at": "ContactDate"},
    "case_events": {"crime_id": "OccurrenceRef", "at": "EntryDate", "event": "EntryType", "by": "Officer",
                    "detail": "EntryText"},
}
VALUES = {  # canonical column -> {source value: canonical value}
    "crimes": {"record_type": {"CRM": "crime", "INC": "incident"}},
    "offences": {"role": {"P": "principal", "I": "included"}},
    "person_records": {
        "role": {"V": "victim", "S": "suspect", "W": "witness", "R": "reporter"},
        "relationship": {"EXP": "ex_partner", "PTN": "partner", "FAM": "family", "ACQ": "acquaintance",
                         "COL": "colleague", "NBR": "neighbour", "ONL": "online_only", "STR": "stranger",
                         "UNK": "unknown"}},
    "orders": {"order_type": {"SPO": "SPO", "ISPO": "interim_SPO", "NMO": "NMO", "RO": "restraining_order",
                              "DVPO": "DVPO"}},
    "victim_care_events": {"event": {"VNA": "vna_completed", "VCC": "vcc_given", "REF-OFF": "referral_offered",
                                     "REF-MADE": "referral_made", "REF-DEC": "referral_declined", "UPD": "update_given",
                                     "NOCON": "contact_declined"}},
}
BOOLEANS = {"crimes": ["domestic_abuse"]}  # written Y/N: a boolean spelling ingest reads without a mapping
OFFENCE_CODES = {
    "STK1": "195/12", "STK2": "8/65", "STK3": "8/66", "HAR1": "SS8L-01", "HAR2": "SS8L-02", "RAH1": "8/56",
    "RAH2": "8/58", "MAL1": "SS8R-01", "MAL2": "SS8R-02", "COM1": "SSCA-01", "COM2": "SSCA-02", "CCB1": "8/67",
    "BSPO": "SSBR-01", "BRO1": "SSBR-02", "BNMO": "SSBR-03", "BSPN": "SSBR-04", "POA4A": "125/9", "POA4": "125/11",
    "POA5": "125/12", "CDD1": "SSCD-01", "CDV1": "SSCD-02", "CDO1": "SSCD-03", "ASLT": "SSVI-01", "ABH1": "SSVI-02",
    "TTK1": "SSVI-03", "RAPE": "SSSX-01", "SXA1": "SSSX-02", "VOY1": "SSSX-03", "BURG": "SSBU-01", "THFT": "SSTH-01",
    "CMA1": "SSCM-01",
}
EXTRA_COLUMNS = {"crimes": {"ExtractedBy": "NIGHTLY-EXTRACT"}}  # a column the mapping does not name: ignored


def _translate(column: pa.Array, canonical_to_source: dict[str, str]) -> pa.Array:
    """Canonical values to source values; anything not in the table passes through unchanged."""
    canonical = pa.array(list(canonical_to_source), pa.string())
    source = pa.array(list(canonical_to_source.values()), pa.string())
    index = pc.index_in(column, value_set=canonical)
    return pc.if_else(pc.is_null(index), column, source.take(index))


def restyle(name: str, table: pa.Table) -> pa.Table:
    """The canonical text table in this records system's style."""
    columns = {}
    for canonical, source in COLUMNS[name].items():
        column = table.column(canonical).combine_chunks()
        if canonical in TIMESTAMPS.get(name, []) or canonical in DATES.get(name, []):
            column = day_first(column)
        if canonical == "offence_code":
            plain = pc.replace_substring_regex(column, r"^0+(\d+/)", r"\1")
            column = _translate(plain, {v: k for k, v in OFFENCE_CODES.items()})
        if canonical in VALUES.get(name, {}):
            column = _translate(column, {v: k for k, v in VALUES[name][canonical].items()})
        if canonical in BOOLEANS.get(name, []):
            column = _translate(column, {"true": "Y", "false": "N"})
        columns[source] = column
    for source, value in EXTRA_COLUMNS.get(name, {}).items():
        columns[source] = pa.array(np.full(table.num_rows, value, dtype=object), pa.string())
    return pa.table(columns)


def mapping_yaml(fmt: str) -> str:
    tables = {}
    for name, columns in COLUMNS.items():
        spec: dict = {"columns": {source: canonical for canonical, source in columns.items()}}
        if name in TIMESTAMPS:
            spec["date_format"] = TIMESTAMP_FORMAT
        elif name in DATES:
            spec["date_format"] = DATE_FORMAT
        if name in TIMESTAMPS and name in DATES:
            spec["date_formats"] = {c: DATE_FORMAT for c in DATES[name]}
        if name == "person_records":
            spec["date_formats"] = {"dob": DATE_FORMAT}
        if name in VALUES:
            spec["values"] = VALUES[name]
        tables[name] = spec
    mapping: dict = {"version": 1, "name": NAME}
    if fmt == "csv":
        mapping.update(encoding=ENCODING, delimiter=DELIMITER)
    mapping["files"] = {source: name for name, source in FILES.items()}
    mapping["tables"] = tables
    mapping["offence_codes"] = OFFENCE_CODES
    return yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True, width=120)
