"""The export contract as data: each canonical table's columns, types, keys and references.

docs/data-contract.md is the prose; this module is the same contract in a form the readers,
checks and loader share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

RELATIONSHIPS = (
    "ex_partner", "partner", "family", "acquaintance", "colleague", "neighbour", "online_only",
    "stranger", "unknown",
)
VICTIM_CARE_EVENTS = (
    "vna_completed", "vcc_given", "referral_offered", "referral_made", "referral_declined", "update_given",
    "contact_declined",  # the victim asked not to be contacted again (surveys leave them out)
)
ORDER_TYPES = ("SPO", "interim_SPO", "NMO", "restraining_order", "DVPO")
ORDER_EVENTS = (  # an order's lifecycle steps (casework/orders.py); not_pursued needs its reason in detail
    "considered", "not_pursued", "applied", "interim_made", "made", "served", "notified", "varied", "renewed",
    "breached", "expired", "discharged",
)
TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "text"            # text | enum | timestamp | date | bool | json | code
    required: bool = False
    allowed: tuple[str, ...] = ()  # for enum
    future_ok: bool = False        # dates that may lie ahead (an order's expiry)


@dataclass(frozen=True)
class Reference:
    column: str
    parent: str          # parent table
    parent_column: str
    noun: str            # how a message names the parent: "crime", "person record", "order"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    references: tuple[Reference, ...] = ()
    history: bool = True
    noun: str = ""
    # (later, earlier, message): a row where later < earlier is refused
    date_order: tuple[tuple[str, str, str], ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name, type="text", required=False, allowed=(), future_ok=False) -> Column:
    return Column(name, type, required, tuple(allowed), future_ok)


_CRIME = Reference("crime_id", "crimes", "crime_id", "crime")

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("crimes", (
        _c("crime_id", required=True), _c("force"),
        _c("record_type", "enum", True, ("crime", "incident")),
        _c("recorded_at", "timestamp", True), _c("occurred_from", "timestamp"), _c("occurred_to", "timestamp"),
        _c("offence_code", "code", True), _c("offence"), _c("domestic_abuse", "bool"),
        _c("status"), _c("outcome"), _c("location"), _c("postcode"), _c("narrative"),
    ), key=("crime_id",), noun="crime",
        date_order=(("occurred_to", "occurred_from", "is before occurred_from"),)),
    Table("offences", (
        _c("crime_id", required=True), _c("offence_code", "code", True), _c("offence"),
        _c("role", "enum", True, ("principal", "included")),
    ), key=("crime_id", "offence_code", "role"), references=(_CRIME,), noun="offence"),
    Table("person_records", (
        _c("person_record_id", required=True), _c("crime_id", required=True),
        _c("role", "enum", True, ("victim", "suspect", "witness", "reporter")),
        _c("forename"), _c("surname"), _c("dob", "date"), _c("sex"), _c("address"), _c("postcode"),
        _c("phone"), _c("email"), _c("relationship", "enum", allowed=RELATIONSHIPS),
    ), key=("person_record_id",), references=(_CRIME,), noun="person record"),
    Table("orders", (
        _c("order_id", required=True), _c("order_type", "enum", True, ORDER_TYPES),
        _c("subject_person_record_id", required=True), _c("protected_person_record_id"),
        _c("applied_on", "date"), _c("made_on", "date"), _c("expires_on", "date", future_ok=True),
        _c("status"), _c("conditions"),
    ), key=("order_id",), noun="order", references=(
        Reference("subject_person_record_id", "person_records", "person_record_id", "person record"),
        Reference("protected_person_record_id", "person_records", "person_record_id", "person record"),
    ), date_order=(("made_on", "applied_on", "is before applied_on"),
                   ("expires_on", "made_on", "is before made_on"))),
    Table("order_events", (
        _c("order_id", required=True), _c("event", "enum", True, ORDER_EVENTS), _c("at", "timestamp", True),
        _c("by"), _c("detail"),
    ), key=("order_id", "event", "at"), noun="order event",
        references=(Reference("order_id", "orders", "order_id", "order"),)),
    Table("risk_assessments", (
        _c("assessment_id", required=True), _c("crime_id", required=True), _c("person_record_id"),
        _c("instrument", required=True), _c("instrument_version"), _c("completed_at", "timestamp", True),
        _c("answers", "json"), _c("level"), _c("assessor"),
    ), key=("assessment_id",), noun="risk assessment", references=(
        _CRIME, Reference("person_record_id", "person_records", "person_record_id", "person record"))),
    Table("victim_care_events", (
        _c("crime_id", required=True), _c("person_record_id", required=True),
        _c("event", "enum", True, VICTIM_CARE_EVENTS), _c("at", "timestamp", True),
    ), key=("crime_id", "person_record_id", "event", "at"), history=False, noun="victim-care event",
        references=(_CRIME, Reference("person_record_id", "person_records", "person_record_id", "person record"))),
    Table("case_events", (
        _c("crime_id", required=True), _c("event", required=True), _c("at", "timestamp", True),
        _c("by"), _c("detail"),
    ), key=("crime_id", "event", "at"), references=(_CRIME,), noun="case event"),
)}

LOAD_ORDER = list(TABLES)  # the contract's order: parents before children
EXTENSIONS = {".csv": "csv", ".parquet": "parquet", ".jsonl": "jsonl"}
SKIPPED_EXTENSIONS = {".yaml", ".yml", ".md"}
