"""The risk-assessment form's pieces: the instrument asked for, the answers as the answer file
`stalkscreen risk record` reads, and each refusal placed next to the field it names."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from pathlib import Path

from stalkscreen.risk.instruments import Bank, Instrument
from stalkscreen.risk.scoring import ANSWERS
from stalkscreen.web import forms

FILE_NAME = "form.json"
ITEM = re.compile(r"item \d+ `([^`]+)`")
# Words in a refusal that name a form field (checked in order; the item pattern comes first).
NAMED = (("`assessor_level`", "assessor_level"), ("`completed_at`", "completed_at"), ("person record", "person_record_id"),
         ("`crime_id`", "crime_id"), ("crime ", "crime_id"), ("instrument", "instrument"), ("has no version", "instrument"),
         ("assessment", "assessment_id"))


def instrument(bank: Bank, values) -> Instrument:
    name = forms.text(values, "instrument", max_length=40) or bank.policy.sdash_instrument
    found = bank.canonical(name)
    if found is None:
        known = ", ".join(sorted({i for i, _ in bank.instruments}))
        raise forms.FieldError("instrument", f"'{name}' is not a known instrument", hint=f"one of: {known}")
    version = forms.text(values, "instrument_version", max_length=40) or bank.versions(found)[-1]
    chosen = bank.get(found, version)
    if chosen is None:
        raise forms.FieldError("instrument_version", f"{found} has no version '{version}'",
                               hint="versions: " + ", ".join(bank.versions(found)))
    return chosen


def blank(chosen: Instrument, values) -> dict:
    """What a new form starts with: a fresh id (so sending the form twice records it once) and now."""
    now = dt.datetime.now().replace(second=0, microsecond=0)
    return {"assessment_id": f"RA-WEB-{now:%Y%m%d}-{secrets.token_hex(4).upper()}", "instrument": chosen.id,
            "instrument_version": chosen.version, "crime_id": values.get("crime_id", ""),
            "person_record_id": values.get("person_record_id", ""), "completed_at": now.isoformat(timespec="minutes"),
            "assessor_level": "", "answers": {}, "comments": {}}


def sent(chosen: Instrument, form) -> dict:
    """The form as sent, to show it again after a refusal."""
    keep = ("assessment_id", "crime_id", "person_record_id", "completed_at", "assessor_level")
    return {**{k: (form.get(k) or "").strip() for k in keep}, "instrument": chosen.id,
            "instrument_version": chosen.version,
            "answers": {i.id: form.get(f"answer_{i.id}") or "" for i in chosen.items},
            "comments": {i.id: form.get(f"comment_{i.id}") or "" for i in chosen.items}}


def write_file(folder: Path, values: dict, assessor: str) -> Path:
    """The answer file (docs/risk.md's JSON layout) the recording function reads."""
    answers = {}
    for item, answer in values["answers"].items():
        if answer:  # an unanswered item is left out: the check names it
            answers[item] = {"answer": answer, "comment": values["comments"].get(item) or None}
    doc = {k: values[k] or None for k in ("assessment_id", "crime_id", "person_record_id", "instrument",
                                          "instrument_version", "completed_at", "assessor_level")}
    path = folder / FILE_NAME
    path.write_text(json.dumps({**doc, "assessor": assessor, "answers": answers}), encoding="utf-8")
    return path


def field_of(problem: str) -> str | None:
    item = ITEM.search(problem)
    if item:
        return f"answer_{item.group(1)}"
    return next((field for words, field in NAMED if words in problem), None)


def problems(message: str, path: Path) -> list[dict]:
    """The refusal's lines, without the temporary file's name, each with the field it names."""
    prefix = re.compile(re.escape(str(path)) + r"(:\d+)?( \(assessment \d+\))?: ")
    lines = [prefix.sub("", line, count=1).strip() for line in message.splitlines()[1:] if line.strip()]
    return [{"field": field_of(line), "message": line} for line in lines]


def answer_choices() -> list[tuple[str, str]]:
    return [(a, a.replace("_", " ")) for a in ANSWERS]
