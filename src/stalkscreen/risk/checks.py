"""Checking drafts against the question bank: a known instrument and version, every item answered
yes, no or not known, the assessor's graded judgement given. Every fault is collected (each naming
its file, line and item), so one refusal lists them all and nothing is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from stalkscreen.risk import scoring
from stalkscreen.risk.answer_files import Draft
from stalkscreen.risk.instruments import Bank, Instrument

REQUIRED = ("assessment_id", "crime_id", "instrument", "instrument_version", "completed_at", "assessor",
            "assessor_level")


@dataclass(frozen=True)
class Answer:
    item_id: str
    number: int
    answer: str
    comment: str | None


@dataclass(frozen=True)
class Assessment:
    """A checked assessment, ready to store."""
    where: str
    assessment_id: str
    crime_id: str
    person_record_id: str | None
    instrument: Instrument
    completed_at: dt.datetime
    assessor: str
    answers: tuple[Answer, ...]
    score: scoring.Score

    def content_hash(self) -> str:
        """What makes two recordings the same assessment (re-recording it is then a no-op)."""
        body = [self.assessment_id, self.crime_id, self.person_record_id, self.instrument.id, self.instrument.version,
                self.completed_at.isoformat(), self.assessor, self.score.assessor_level,
                [[a.item_id, a.answer, a.comment] for a in self.answers]]
        return hashlib.sha256(json.dumps(body, ensure_ascii=False).encode()).hexdigest()


def _text(draft: Draft, name: str, problems: list[str]) -> str | None:
    value = draft.fields.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if name in REQUIRED:
            problems.append(f"{draft.where}: `{name}` is missing")
        return None
    if not isinstance(value, str):
        problems.append(f"{draft.where}: `{name}` must be text, not {json.dumps(value)}")
        return None
    return value.strip()


def _completed_at(draft: Draft, value: str | None, now: dt.datetime, problems: list[str]) -> dt.datetime | None:
    if value is None:
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        problems.append(f"{draft.where}: `completed_at` '{value}' is not a date and time (YYYY-MM-DDTHH:MM)")
        return None
    when = when.replace(tzinfo=None)
    if when > now:
        problems.append(f"{draft.where}: `completed_at` {value} is in the future")
        return None
    return when


def _instrument(draft: Draft, bank: Bank, name: str | None, version: str | None, problems: list[str]):
    if name is None or version is None:
        return None
    instrument_id = bank.canonical(name)
    if instrument_id is None:
        known = sorted({i for i, _ in bank.instruments})
        problems.append(f"{draft.where}: unknown instrument '{name}'; known: {', '.join(known)}")
        return None
    found = bank.get(name, version)
    if found is None:
        problems.append(f"{draft.where}: {instrument_id} has no version '{version}'; known: "
                        f"{', '.join(bank.versions(instrument_id))}")
    return found


def _answers(draft: Draft, instrument: Instrument, problems: list[str]) -> tuple[Answer, ...]:
    label = f"{instrument.id} {instrument.version}"
    known = {item.id for item in instrument.items}
    for item_id, raw in draft.answers.items():
        if item_id not in known:
            problems.append(f"{raw.where}: '{item_id}' is not an item of {label}")
    out = []
    for item in instrument.items:
        raw = draft.answers.get(item.id)
        name = f"item {item.number} `{item.id}` ({item.text})"
        if raw is None or raw.value is None:
            problems.append(f"{raw.where if raw else draft.where}: {name} is not answered; every item needs "
                            "yes, no or not known")
            continue
        answer = scoring.normalise_answer(raw.value)
        if answer is None:
            problems.append(f"{raw.where}: {name}: the answer must be yes, no or not known, not {json.dumps(raw.value)}")
        if raw.comment is not None and not isinstance(raw.comment, str):
            problems.append(f"{raw.where}: {name}: the comment must be text, not {json.dumps(raw.comment)}")
        if answer is not None:
            comment = raw.comment.strip() if isinstance(raw.comment, str) else ""
            out.append(Answer(item.id, item.number, answer, comment or None))
    return tuple(out)


def check(draft: Draft, bank: Bank, now: dt.datetime) -> tuple[Assessment | None, list[str]]:
    """The checked assessment, or None and the problems found."""
    problems = list(draft.problems)
    if not draft.fields:  # not an object at all: its own problem says so
        return None, problems
    text = {name: _text(draft, name, problems) for name in draft.fields}
    for name in REQUIRED:
        if name not in text:
            problems.append(f"{draft.where}: `{name}` is missing")
    level = text.get("assessor_level")
    if level is not None and level not in bank.levels:
        problems.append(f"{draft.where}: `assessor_level` '{level}' is not a level; one of {', '.join(bank.levels)} "
                        "(the assessor's graded judgement is required)")
    completed = _completed_at(draft, text.get("completed_at"), now, problems)
    instrument = _instrument(draft, bank, text.get("instrument"), text.get("instrument_version"), problems)
    answers = _answers(draft, instrument, problems) if instrument else ()
    if problems:
        return None, problems
    score = scoring.score(instrument, {a.item_id: a.answer for a in answers}, level, bank.levels)
    return Assessment(draft.where, text["assessment_id"], text["crime_id"], text.get("person_record_id"), instrument,
                      completed, text["assessor"], answers, score), []


def check_all(drafts: list[Draft], bank: Bank, now: dt.datetime) -> tuple[list[Assessment], list[str]]:
    """Every draft checked; an assessment id given twice in one file is a problem too."""
    assessments, problems = [], []
    seen: dict[str, str] = {}
    for draft in drafts:
        assessment, found = check(draft, bank, now)
        problems += found
        if assessment is None:
            continue
        if assessment.assessment_id in seen:
            problems.append(f"{draft.where}: assessment {assessment.assessment_id} appears twice in the file "
                            f"(first at {seen[assessment.assessment_id]})")
        seen.setdefault(assessment.assessment_id, draft.where)
        assessments.append(assessment)
    return assessments, problems
