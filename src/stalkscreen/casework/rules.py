"""The casework rules (reference/casework.yaml): statutory SPO timings, Victims' Code timeliness,
case items, the audit checklist and the survey's exclusions. A force lays its own file over the
shipped one; a fault names the file and line."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from stalkscreen.errors import StalkscreenError
from stalkscreen.ingest.spec import VICTIM_CARE_EVENTS
from stalkscreen.reference.files import fault, read_yaml, require_version

UNITS = ("days", "working_days")
SHOWS = ("principal_offence", "stalking_recorded", "risk_assessment", "spo_considered", "needs_assessment",
         "enquiry_and_supervision")


@dataclass(frozen=True)
class Timeliness:
    id: str
    right: str
    label: str
    events: tuple[str, ...]
    within: int
    unit: str            # days | working_days (Monday to Friday; bank holidays are not known)
    verified: bool
    source: str
    after: tuple[str, ...] = ()  # case events that start the clock (none: the crime's recording)


@dataclass(frozen=True)
class CaseItem:
    id: str
    label: str
    events: tuple[str, ...]
    days: int
    recommendation: str
    verified: bool
    source: str


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    shows: str


@dataclass(frozen=True)
class Rules:
    version: str
    minimum_full_years: int
    notification_days: int
    consideration_days: int
    victims_code: tuple[Timeliness, ...]
    referral_event: str
    rolling_months: int
    case_items: tuple[CaseItem, ...]
    audit_groups: tuple[str, ...]
    questions: tuple[Question, ...]
    survey_exclude_events: tuple[str, ...]
    survey_recent_months: int

    def timeliness(self, rule_id: str) -> Timeliness:
        for rule in self.victims_code:
            if rule.id == rule_id:
                return rule
        raise StalkscreenError(f"no Victims' Code rule '{rule_id}'",
                               hint="one of: " + ", ".join([r.id for r in self.victims_code] + ["referral_rate", "referral_rate_rolling"]))

    def case_item(self, item_id: str) -> CaseItem:
        for item in self.case_items:
            if item.id == item_id:
                return item
        raise StalkscreenError(f"--missing '{item_id}': not a case item",
                               hint="one of: " + ", ".join(i.id for i in self.case_items))

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise StalkscreenError(f"--question '{question_id}': not an audit question",
                               hint="one of: " + ", ".join(q.id for q in self.questions))


class _Reader:
    """Typed access to the parsed file, each fault naming the file and the line of the value."""

    def __init__(self, path: Path | str, data: dict, node):
        self.path, self.data, self.node = path, data, node

    def get(self, *keys) -> Any:
        value: Any = self.data
        for key in keys:
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif isinstance(value, list) and isinstance(key, int) and key < len(value):
                value = value[key]
            else:
                raise fault(self.path, self.node, keys, f"missing `{'.'.join(map(str, keys))}`")
        return value

    def number(self, *keys, minimum: int = 0) -> int:
        value = self.get(*keys)
        if isinstance(value, dict):  # {value, verified, source}
            self._sourced(value, keys)
            value = value.get("value")
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise fault(self.path, self.node, keys, f"`{'.'.join(map(str, keys))}` must be a whole number of at least {minimum}")
        return value

    def _sourced(self, entry: dict, keys: tuple) -> None:
        if not isinstance(entry.get("verified"), bool) or not str(entry.get("source") or "").strip():
            raise fault(self.path, self.node, keys, "each rule needs `verified: true|false` and a `source`")

    def text(self, *keys) -> str:
        value = self.get(*keys)
        if not isinstance(value, str) or not value.strip():
            raise fault(self.path, self.node, keys, f"`{'.'.join(map(str, keys))}` must be text")
        return value

    def words(self, *keys, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        value = self.get(*keys)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise fault(self.path, self.node, keys, f"`{'.'.join(map(str, keys))}` must be a list of names")
        bad = [v for v in value if allowed and v not in allowed]
        if bad:
            raise fault(self.path, self.node, keys, f"unknown name(s) {bad}; allowed: {', '.join(allowed)}")
        return tuple(value)

    def entries(self, *keys) -> list[tuple[int, dict]]:
        value = self.get(*keys)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise fault(self.path, self.node, keys, f"`{'.'.join(map(str, keys))}` must be a list of mappings")
        for i, entry in enumerate(value):
            if "verified" in entry or "source" in entry:
                self._sourced(entry, (*keys, i))
        return list(enumerate(value))


def _timeliness(r: _Reader) -> tuple[Timeliness, ...]:
    rules = []
    for i, e in r.entries("victims_code"):
        key = ("victims_code", i)
        unit = r.text(*key, "unit")
        if unit not in UNITS:
            raise fault(r.path, r.node, (*key, "unit"), f"`unit` must be one of {', '.join(UNITS)}")
        r._sourced(e, key)
        after = r.words(*key, "after") if "after" in e else ()
        rules.append(Timeliness(r.text(*key, "id"), r.text(*key, "right"), r.text(*key, "label"),
                                r.words(*key, "events", allowed=VICTIM_CARE_EVENTS), r.number(*key, "within"),
                                unit, e["verified"], e["source"], after))
    return tuple(rules)


def _case_items(r: _Reader) -> tuple[CaseItem, ...]:
    items = []
    for i, e in r.entries("case_items"):
        key = ("case_items", i)
        r._sourced(e, key)
        items.append(CaseItem(r.text(*key, "id"), r.text(*key, "label"), r.words(*key, "events"),
                              r.number(*key, "days"), str(r.get(*key, "recommendation")), e["verified"], e["source"]))
    return tuple(items)


def _questions(r: _Reader) -> tuple[Question, ...]:
    out = []
    for i, _ in r.entries("audit", "questions"):
        key = ("audit", "questions", i)
        shows = r.text(*key, "shows")
        if shows not in SHOWS:
            raise fault(r.path, r.node, (*key, "shows"), f"`shows` must be one of {', '.join(SHOWS)}")
        out.append(Question(r.text(*key, "id"), r.text(*key, "question"), shows))
    return tuple(out)


def parse(path: Path | str, text: str | None = None) -> Rules:
    data, node = read_yaml(path, text)
    version = require_version(path, data, node)
    r = _Reader(path, data, node)
    return Rules(
        version=version,
        minimum_full_years=r.number("spo", "minimum_full_years", minimum=1),
        notification_days=r.number("spo", "notification_days"),
        consideration_days=r.number("spo", "consideration_days"),
        victims_code=_timeliness(r),
        referral_event=_event(r),
        rolling_months=r.number("referral", "rolling_months", minimum=1),
        case_items=_case_items(r),
        audit_groups=r.words("audit", "offence_groups"),
        questions=_questions(r),
        survey_exclude_events=r.words("survey", "exclude_events", allowed=VICTIM_CARE_EVENTS),
        survey_recent_months=r.number("survey", "recent_months"),
    )


def _event(r: _Reader) -> str:
    event = r.text("referral", "event")
    if event not in VICTIM_CARE_EVENTS:
        raise fault(r.path, r.node, ("referral", "event"), f"not a victim-care event; one of {', '.join(VICTIM_CARE_EVENTS)}")
    return event


def load(path: Path | str | None = None) -> Rules:
    """The shipped rules, or a force's own file in their place."""
    if path:
        return parse(Path(path))
    shipped = resources.files("stalkscreen.reference") / "casework.yaml"
    return parse("stalkscreen/reference/casework.yaml", shipped.read_text(encoding="utf-8"))
