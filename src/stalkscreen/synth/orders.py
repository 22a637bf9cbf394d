"""Protective orders for a share of campaigns, with their lifecycle, and breaches of them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from stalkscreen.synth.campaigns import INTIMATE, RELATIONSHIPS, Campaigns
import pyarrow as pa

from stalkscreen.synth.clock import MINUTES_PER_DAY, date_text, timestamp_text
from stalkscreen.synth.vocab import OFFICERS

BREACH_CODE = {"SPO": "SSBR-01", "interim_SPO": "SSBR-01", "restraining_order": "SSBR-02", "NMO": "SSBR-03",
               "DVPO": None}
CONDITIONS = [
    "Not to contact the protected person directly or indirectly, including via social media or third parties.",
    "Not to enter the exclusion zone shown on the attached map; not to attend the protected person's workplace.",
    "Not to contact the protected person; not to post any material about the protected person online.",
    "Not to contact the protected person or her family; to attend an assessment with a perpetrator programme.",
    "Not to use threats or violence towards the protected person; not to attend her home address.",
    "Not to go within 100 metres of the protected person's address; to notify police of any new social media accounts.",
]


@dataclass
class Order:
    campaign: int
    anchor: int              # campaign crime row the application rested on
    order_type: str
    events: list = field(default_factory=list)  # (event, minute, detail or crime row)
    applied: int = -1
    made: int = -1
    expires: int = -1        # day number; -1 none ("until further order") or not made
    status: str = "applied"
    conditions: str = ""


def _type(rng: np.random.Generator, relationship: int) -> str:
    if RELATIONSHIPS[relationship] in INTIMATE:
        return str(rng.choice(["SPO", "NMO", "restraining_order", "DVPO"], p=[0.35, 0.2, 0.25, 0.2]))
    return str(rng.choice(["SPO", "restraining_order"], p=[0.6, 0.4]))


def _step(rng, minute: int, days: tuple[int, int]) -> int:
    return minute + int(rng.integers(days[0], days[1] + 1)) * MINUTES_PER_DAY + int(rng.integers(30, 480))


def plan(rng: np.random.Generator, c: Campaigns, last: int) -> tuple[list[Order], np.ndarray]:
    """Orders, and per campaign crime the breach offence it amounts to (None when not a breach)."""
    breach_code = np.full(len(c.campaign), None, dtype=object)
    first_row = np.concatenate([[0], np.cumsum(c.size)[:-1]])
    chosen = np.flatnonzero(((c.size >= 3) | (rng.random(len(c)) < 0.3)) & (rng.random(len(c)) < 0.42))
    orders: list[Order] = []
    for k in chosen:
        size = int(c.size[k])
        anchor = int(first_row[k] + (0 if size == 2 and rng.random() < 0.5 else min(1, size - 1)))
        kind = _type(rng, int(c.relationship[k]))
        orders.extend(_lifecycle(rng, k, anchor, kind, int(c.recorded[anchor]), last))
    for order in orders:
        if order.made < 0:
            continue
        served = next((m for e, m, _ in order.events if e == "served"), None)
        ended = next((m for e, m, _ in order.events if e in ("expired", "discharged")), last + 1)
        if served is None:
            continue
        rows = range(order.anchor + 1, int(first_row[order.campaign] + c.size[order.campaign]))
        for row in rows:
            at = int(c.recorded[row])
            if served < at < ended and breach_code[row] is None and rng.random() < 0.8:
                code = BREACH_CODE[order.order_type]
                if code:
                    breach_code[row] = code
                order.events.append(("breached", at, row))
        order.events.sort(key=lambda e: e[1])
    return orders, breach_code


def _lifecycle(rng, k: int, anchor: int, kind: str, anchor_minute: int, last: int) -> list[Order]:
    o = Order(campaign=int(k), anchor=anchor, order_type=kind, conditions=str(rng.choice(CONDITIONS)))
    t = anchor_minute + int(rng.integers(60, 3 * MINUTES_PER_DAY))
    if t > last:
        return []
    o.events.append(("considered", t, None))
    t = _step(rng, t, {"DVPO": (0, 1), "restraining_order": (20, 120)}.get(kind, (1, 21)))
    if t > last:
        return []
    o.applied = t // MINUTES_PER_DAY
    o.events.append(("applied", t, None))
    interim_at = None
    if kind == "SPO" and rng.random() < 0.45:
        interim_at = _step(rng, t, (0, 5))
        o.events.append(("interim_made", interim_at, None))
    t = _step(rng, t, {"SPO": (14, 90), "NMO": (0, 2), "restraining_order": (0, 60), "DVPO": (1, 2)}[kind])
    out = [o]
    if interim_at is not None and rng.random() < 0.5:
        out.append(_interim(rng, o, interim_at, t if t <= last else None, last))
    if t > last:
        o.events = [e for e in o.events if e[1] <= last]
        return out
    o.made = t // MINUTES_PER_DAY
    o.events.append(("made", t, None))
    t = _step(rng, t, (0, 4))
    o.events.append(("served", t, None))
    if kind == "SPO":
        u = rng.random()
        if u < 0.93:  # notification within 3 days of service, sometimes late, sometimes never
            o.events.append(("notified", _step(rng, t, (0, 2) if u < 0.85 else (4, 12)), None))
    length = {"SPO": (730, 1825), "NMO": (180, 365), "restraining_order": (365, 1825), "DVPO": (14, 28)}[kind]
    if not ((kind == "SPO" and rng.random() < 0.25) or (kind == "restraining_order" and rng.random() < 0.1)):
        o.expires = o.made + int(rng.integers(length[0], length[1] + 1))
    end_day = o.expires if o.expires >= 0 else 10**9
    if rng.random() < 0.06:
        o.events.append(("varied", _step(rng, t, (20, 200)), None))
    if rng.random() < 0.04:
        o.events.append(("discharged", _step(rng, t, (60, 400)), None))
    discharge = next((m for e, m, _ in o.events if e == "discharged"), None)
    if discharge is not None and discharge // MINUTES_PER_DAY >= end_day:
        o.events = [e for e in o.events if e[0] != "discharged"]
        discharge = None
    o.events = [e for e in o.events if e[0] != "varied" or (e[1] // MINUTES_PER_DAY < end_day
                                                            and (discharge is None or e[1] < discharge))]
    if o.expires >= 0 and discharge is None:
        o.events.append(("expired", o.expires * MINUTES_PER_DAY + 1, None))
    o.events = sorted((e for e in o.events if e[1] <= last), key=lambda e: e[1])
    names = {e[0] for e in o.events}
    o.status = "discharged" if "discharged" in names else "expired" if "expired" in names else "active"
    return out


def _interim(rng, full: Order, made_at: int, replaced_at: int | None, last: int) -> Order:
    o = Order(campaign=full.campaign, anchor=full.anchor, order_type="interim_SPO", conditions=full.conditions)
    o.applied = full.applied
    o.events = [("applied", full.events[1][1], None), ("made", made_at, None), ("served", _step(rng, made_at, (0, 2)), None)]
    o.made = made_at // MINUTES_PER_DAY
    if replaced_at is not None and replaced_at > o.events[-1][1]:
        o.expires = replaced_at // MINUTES_PER_DAY
        o.events.append(("discharged", replaced_at, "replaced by full SPO"))
        o.status = "discharged"
    else:
        o.status = "active"
    o.events = [e for e in o.events if e[1] <= last]
    if made_at > last:
        o.made, o.status = -1, "applied"
    return o


def tables(plan: list[Order], new_row, crime_ids, pr_ids, first_victim, first_suspect) -> tuple:
    """The orders and order_events tables (text), and the campaign each order belongs to.
    Subject and protected person are the suspect and victim records of the crime applied on."""
    plan = sorted(plan, key=lambda o: (o.events[0][1] if o.events else 0, o.campaign, o.order_type))
    ids, kinds, subject, protected, applied, made, expires, status, conditions = ([] for _ in range(9))
    ev_order, ev_name, ev_at, ev_detail = [], [], [], []
    truth = []
    for i, o in enumerate(plan):
        order_id = f"ORD{i + 1:06d}"
        anchor = int(new_row[o.anchor])
        ids.append(order_id); kinds.append(o.order_type)
        subject.append(pr_ids[int(first_suspect[anchor])].as_py())
        protected.append(pr_ids[int(first_victim[anchor])].as_py())
        applied.append(o.applied); made.append(o.made); expires.append(o.expires)
        status.append(o.status); conditions.append(o.conditions)
        for event, at, detail in o.events:
            ev_order.append(order_id); ev_name.append(event); ev_at.append(at)
            if isinstance(detail, (int, np.integer)):
                detail = f"breach recorded on {crime_ids[int(new_row[detail])].as_py()}"
            ev_detail.append(detail)
        truth.append((order_id, o.campaign))
    day = lambda xs: (np.array(xs, dtype=np.int64), np.array(xs) >= 0)  # noqa: E731
    orders = pa.table({
        "order_id": pa.array(ids, pa.string()), "order_type": pa.array(kinds, pa.string()),
        "subject_person_record_id": pa.array(subject, pa.string()),
        "protected_person_record_id": pa.array(protected, pa.string()),
        "applied_on": date_text(*day(applied)), "made_on": date_text(*day(made)), "expires_on": date_text(*day(expires)),
        "status": pa.array(status, pa.string()), "conditions": pa.array(conditions, pa.string()),
    })
    events = pa.table({
        "order_id": pa.array(ev_order, pa.string()), "event": pa.array(ev_name, pa.string()),
        "at": timestamp_text(np.array(ev_at, dtype=np.int64)),
        "by": pa.array([None if e in ("made", "interim_made", "discharged", "varied") else
                        OFFICERS[(7 * i + len(e)) % len(OFFICERS)] for i, e in enumerate(ev_name)], pa.string()),
        "detail": pa.array(ev_detail, pa.string()),
    })
    return orders, events, truth
