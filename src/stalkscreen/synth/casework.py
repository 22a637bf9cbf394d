"""Risk assessments, Victims' Code events and case events, consistent with the crimes they
belong to (never before the crime was recorded, never after the end of the export), with the
gaps in compliance a real force has."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from stalkscreen.synth import vocab
from stalkscreen.synth.columns import ids, text
from stalkscreen.synth.clock import MINUTES_PER_DAY as DAY, timestamp_text

SDASH_ITEMS = ["very_frightened", "previous_harassment", "property_damaged", "visits_3_per_week", "loitering",
               "threats_of_violence", "third_parties_harassed", "acted_violently", "persuaded_others",
               "drugs_or_alcohol", "violent_in_past"]
DASH_ITEMS = [f"q{i}" for i in range(1, 25)]
ANSWERS = ['"yes"', '"no"', '"not_known"']
TEAMS = ["CID", "DA team", "stalking and harassment unit", "NPT", "response", "volume crime unit",
         "safeguarding hub", "investigation hub"]


def _officers(rng, n: int) -> pa.Array:
    return pa.array(np.array(vocab.OFFICERS, dtype=object)[rng.integers(0, len(vocab.OFFICERS), n)], pa.string())


def _answers(rng, n: int, items: list[str], p_yes: np.ndarray) -> tuple[pa.Array, np.ndarray]:
    """JSON object text {item: yes|no|not_known}, built column-wise, and the count of yes."""
    parts: list = []
    yes = np.zeros(n, dtype=np.int64)
    for i, item in enumerate(items):
        u = rng.random(n)
        choice = np.where(u < p_yes, 0, np.where(u < 0.93, 1, 2))
        yes += choice == 0
        parts += [("{" if i == 0 else ", ") + f'"{item}": ', pa.array(np.array(ANSWERS, dtype=object)[choice], pa.string())]
    parts.append("}")
    return pc.binary_join_element_wise(*parts, ""), yes


def risk_assessments(rng, crime: np.ndarray, person: np.ndarray, recorded: np.ndarray, instrument: str,
                     p_yes: np.ndarray, last: int) -> dict:
    n = len(crime)
    completed = recorded + rng.integers(10, 2 * DAY, n)
    items = SDASH_ITEMS if instrument == "S-DASH" else DASH_ITEMS
    answers, yes = _answers(rng, n, items, p_yes)
    if instrument == "DASH":  # SafeLives thresholds; professional judgement can only raise
        level = np.where(yes >= 14, 2, np.where(yes >= 10, 1, 0))
    else:
        level = np.where(yes >= 8, 2, np.where(yes >= 5, 1, 0))
    level = np.minimum(level + (rng.random(n) < 0.12), 2)
    keep = completed <= last
    return dict(crime=crime[keep], person=person[keep], completed=completed[keep], answers=answers.filter(pa.array(keep)),
                level=np.array(["standard", "medium", "high"], dtype=object)[level[keep]], instrument=instrument,
                assessor=_officers(rng, int(keep.sum())))


def victim_care(rng, crime: np.ndarray, person: np.ndarray, recorded: np.ndarray, campaign: np.ndarray,
                last: int) -> dict:
    """Events per victim: needs assessment, care card, referral offered then made or declined, updates."""
    n = len(crime)
    rows, events, at = [], [], []

    def add(mask, event, delay_lo, delay_hi, base=None):
        idx = np.flatnonzero(mask)
        start = recorded[idx] if base is None else base[idx]
        when = start + rng.integers(delay_lo, delay_hi, len(idx))
        rows.append(idx); events.append(np.full(len(idx), event, dtype=object)); at.append(when)
        out = np.full(n, -1, dtype=np.int64)
        out[idx] = when
        return out

    u = rng.random((6, n))
    add(u[0] < np.where(campaign, 0.72, 0.55), "vna_completed", 30, 5 * DAY)
    add(u[1] < np.where(campaign, 0.68, 0.6), "vcc_given", 10, 2 * DAY)
    offered = add(u[2] < np.where(campaign, 0.6, 0.15), "referral_offered", 60, 10 * DAY)
    made = (offered >= 0) & (u[3] < 0.55)
    add(made, "referral_made", 10, 3 * DAY, base=offered)
    add((offered >= 0) & ~made & (u[3] < 0.88), "referral_declined", 5, DAY, base=offered)
    updates = rng.poisson(np.where(campaign, 1.3, 0.6))
    for j in range(int(updates.max(initial=0))):
        add(updates > j, "update_given", (7 + 14 * j) * DAY, (20 + 14 * j) * DAY)
    rows_, events_, at_ = np.concatenate(rows), np.concatenate(events), np.concatenate(at)
    keep = at_ <= last
    order = np.lexsort((at_[keep], rows_[keep]))
    r = rows_[keep][order]
    return dict(crime=crime[r], person=person[r], event=events_[keep][order], at=at_[keep][order])


def contact_declined(rng, crime: np.ndarray, person: np.ndarray, recorded: np.ndarray, last: int) -> dict:
    """A few victims ask not to be contacted again (surveys must leave them out)."""
    idx = np.flatnonzero(rng.random(len(crime)) < 0.04)
    at = recorded[idx] + rng.integers(DAY, 30 * DAY, len(idx))
    keep = at <= last
    return dict(crime=crime[idx[keep]], person=person[idx[keep]], event=np.full(int(keep.sum()), "contact_declined",
                                                                               dtype=object), at=at[keep])


CASE_EVENTS = [  # event, share of campaign crimes, share of other crimes, delay range (days)
    ("allocated", 0.95, 0.6, (0, 2)),
    ("supervisor_review", 0.7, 0.3, (1, 14)),
    ("victim_statement", 0.6, 0.3, (0, 10)),
    ("digital_enquiry", 0.5, 0.05, (1, 30)),
    ("arrest", 0.3, 0.12, (0, 20)),
    ("search", 0.1, 0.04, (0, 20)),
    ("spo_considered", 0.4, 0.0, (1, 30)),
    ("masip_referral", 0.15, 0.0, (2, 30)),
    ("marac_referral", 0.12, 0.01, (1, 14)),
    ("panel_decision", 0.1, 0.0, (7, 45)),
]
DETAIL = {
    "allocated": TEAMS,
    "supervisor_review": ["actions set", "reviewed, investigation plan agreed", "reviewed, NFA agreed",
                          "stalking screening questions to be completed"],
    "victim_statement": ["MG11 obtained", "VRI recorded", "statement declined by IP"],
    "digital_enquiry": ["phone download requested", "comms data application submitted", "social media enquiry",
                        "screenshots exhibited"],
    "arrest": ["arrested at home address", "voluntary attendance", "arrested on warrant"],
    "search": ["s32 search", "s18 search, phone seized"],
    "spo_considered": ["SPO considered, not pursued", "SPO considered, application to be made",
                       "SPO considered, RO sought on conviction instead"],
    "masip_referral": ["referred to MASIP"], "marac_referral": ["referred to MARAC", "MARAC referral, high risk"],
    "panel_decision": ["panel: continue monitoring", "panel: apply for SPO", "panel: case closed"],
}


def case_events(rng, recorded: np.ndarray, campaign: np.ndarray, suspect: np.ndarray, incident: np.ndarray,
                last: int) -> dict:
    n = len(recorded)
    rows, events, at, detail = [], [], [], []
    for event, p_campaign, p_other, (lo, hi) in CASE_EVENTS:
        p = np.where(campaign, p_campaign, p_other) * np.where(incident, 0.4, 1.0)
        if event in ("arrest", "search"):
            p = p * suspect
        idx = np.flatnonzero(rng.random(n) < p)
        when = recorded[idx] + rng.integers(lo * DAY + 15, hi * DAY + 600, len(idx))
        keep = when <= last
        idx, when = idx[keep], when[keep]
        rows.append(idx); at.append(when); events.append(np.full(len(idx), event, dtype=object))
        detail.append(np.array(DETAIL[event], dtype=object)[rng.integers(0, len(DETAIL[event]), len(idx))])
    rows_, at_ = np.concatenate(rows), np.concatenate(at)
    order = np.lexsort((at_, rows_))
    return dict(row=rows_[order], event=np.concatenate(events)[order], at=at_[order],
                detail=np.concatenate(detail)[order], by=_officers(rng, len(order)))


def risk_table(rng, c, crime_ids, pr_ids, first_victim, last) -> pa.Table:
    """S-DASH for a share of campaign crimes, DASH for domestic abuse crimes."""
    is_campaign = c["campaign"] >= 0
    n = len(is_campaign)
    u = rng.random((2, n))
    sdash_rows = np.flatnonzero(is_campaign & (u[0] < 0.55))
    dash_rows = np.flatnonzero(c["domestic"] & ~c["incident"] & (u[1] < np.where(is_campaign, 0.6, 0.8)))
    parts = [
        risk_assessments(rng, sdash_rows, first_victim[sdash_rows], c["recorded"][sdash_rows], "S-DASH",
                                  np.full(len(sdash_rows), 0.5), last),
        risk_assessments(rng, dash_rows, first_victim[dash_rows], c["recorded"][dash_rows], "DASH",
                                  np.where(is_campaign[dash_rows], 0.45, 0.3), last),
    ]
    crime = np.concatenate([p["crime"] for p in parts])
    completed = np.concatenate([p["completed"] for p in parts])
    order = np.lexsort((completed, crime))
    count = len(order)
    instrument = np.concatenate([np.full(len(p["crime"]), p["instrument"], dtype=object) for p in parts])[order]
    return pa.table({
        "assessment_id": ids("RA", np.arange(1, count + 1), 7),
        "crime_id": crime_ids.take(pa.array(crime[order])),
        "person_record_id": pr_ids.take(pa.array(np.concatenate([p["person"] for p in parts])[order])),
        "instrument": text(instrument), "instrument_version": pa.array(np.full(count, "2009", dtype=object), pa.string()),
        "completed_at": timestamp_text(completed[order]),
        "answers": pa.concat_arrays([p["answers"] for p in parts]).take(pa.array(order)),
        "level": text(np.concatenate([p["level"] for p in parts])[order]),
        "assessor": pa.concat_arrays([p["assessor"] for p in parts]).take(pa.array(order)),
    })
