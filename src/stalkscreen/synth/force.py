"""A whole synthetic force: crimes, people, orders and casework, as canonical text tables plus
ground truth. Deterministic for a seed: every part draws from its own spawned random stream."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from stalkscreen.reference import offences as catalogue
from stalkscreen.synth import campaigns, casework, crimes, ground_truth, orders, people
from stalkscreen.synth.columns import ids, text
from stalkscreen.synth.clock import date_text, day_number, random_minutes, timestamp_text, window
from stalkscreen.synth.crimes import CAMPAIGN, LOCATIONS, R
from stalkscreen.synth.narratives import Narratives
from stalkscreen.synth.vocab import FORCE

Step = Callable[[str], None]
ROLES = ["victim", "suspect", "witness", "reporter"]


@dataclass
class Force:
    tables: dict[str, pa.Table]          # canonical columns, all text
    truth: dict[str, pa.Table] = field(default_factory=dict)


def build(n_crimes: int, seed: int, end_date: dt.date, step: Step = lambda _: None) -> Force:
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(12)]
    rng_people, rng_campaign, rng_orders, rng_crimes, rng_records, rng_render, rng_text, rng_case = streams[:8]
    first, last = window(end_date)
    end_day = day_number(end_date)

    step("people")
    where = people.make_addresses(rng_people, max(2000, int(n_crimes * 0.9)))
    who = people.make_identities(rng_people, max(4000, int(n_crimes * 1.2)), where, end_day)

    step("campaigns")
    camp = campaigns.plan(rng_campaign, n_crimes, who, first, last)
    order_plan, breach_code = orders.plan(rng_orders, camp, last)
    rec = campaigns.record(rng_campaign, camp, breach_code)
    m = len(camp.campaign)
    ordn = crimes.ordinary(rng_crimes, n_crimes - m, random_minutes(rng_crimes, n_crimes - m, first, last))

    step("crimes")
    recorded = np.concatenate([camp.recorded, ordn.recorded])
    order = np.lexsort((rng_crimes.random(n_crimes), recorded))
    new_row = np.empty(n_crimes, dtype=np.int64)
    new_row[order] = np.arange(n_crimes)
    src = lambda a, b: np.concatenate([a, b])[order]  # noqa: E731  (campaign rows first, then ordinary)
    c = dict(
        recorded=recorded[order],
        principal=src(rec.principal, ordn.principal),
        incident=src(rec.incident, ordn.incident),
        category=src(np.full(m, CAMPAIGN), ordn.category),
        campaign=src(camp.campaign, np.full(n_crimes - m, -1)),
        position=src(camp.position, np.full(n_crimes - m, -1)),
        suspect_known=src(np.ones(m, bool), ordn.suspect_known),
        relationship=src(camp.relationship[camp.campaign], ordn.relationship),
        domestic=src(np.isin(camp.relationship[camp.campaign], [R[r] for r in campaigns.INTIMATE]), ordn.domestic),
        hard_negative=src(np.zeros(m, bool), ordn.hard_negative),
        stalking_recorded=src(rec.stalking_recorded, np.full(n_crimes - m, "not_recorded", dtype=object)),
        correct=src(rec.correct_code, ordn.principal),
        lead=src(camp.behaviours[camp.campaign, rec.lead], np.full(n_crimes - m, -1)),
    )
    included = [(int(new_row[i]), code) for i, code in rec.included] + \
               [(int(new_row[m + i]), code) for i, code in ordn.included]
    is_campaign = c["campaign"] >= 0

    step("person records")
    records = _person_records(rng_records, who, camp, c, n_crimes)
    rendered = people.render(rng_render, who, where, records["identity"], records["role"])
    pr_ids = ids("PR", np.arange(1, len(records["crime"]) + 1), 9)
    crime_ids = ids(np.where(c["incident"], "IN", "CR").astype(object), np.arange(1, n_crimes + 1), 8)
    first_victim, first_suspect = _first_of_role(records, n_crimes)

    step("narratives")
    narrative = _narratives(rng_text, who, camp, c, records, first_victim, first_suspect)

    step("casework")
    tables = {}
    tables["crimes"] = _crimes_table(rng_crimes, c, crime_ids, narrative, who, where, records, first_victim, last)
    tables["offences"] = _offences_table(rng_crimes, c, crime_ids, included)
    tables["person_records"] = pa.table({
        "person_record_id": pr_ids, "crime_id": crime_ids.take(pa.array(records["crime"])),
        "role": text(np.array(ROLES, dtype=object)[records["role"]]),
        "forename": rendered["forename"], "surname": rendered["surname"],
        "dob": date_text(rendered["dob_day"], rendered["dob_valid"]), "sex": rendered["sex"],
        "address": rendered["address"], "postcode": rendered["postcode"], "phone": rendered["phone"],
        "email": rendered["email"],
        "relationship": text(np.where(records["role"] == 1, np.array(campaigns.RELATIONSHIPS, dtype=object)[
            np.maximum(records["relationship"], 0)], None)),
    })
    tables["orders"], tables["order_events"], order_truth = orders.tables(order_plan, new_row, crime_ids, pr_ids,
                                                                          first_victim, first_suspect)
    tables["risk_assessments"] = casework.risk_table(rng_case, c, crime_ids, pr_ids, first_victim, last)
    cared = np.flatnonzero(~c["incident"])
    care = casework.victim_care(rng_case, cared, first_victim[cared], c["recorded"][cared], is_campaign[cared], last)
    # Its own stream (the ninth, unused before), so adding it left every other table as it was.
    declined = casework.contact_declined(streams[8], cared, first_victim[cared], c["recorded"][cared], last)
    care = {k: np.concatenate([care[k], declined[k]]) for k in care}
    care = {k: v[np.lexsort((care["at"], care["crime"]))] for k, v in care.items()}
    tables["victim_care_events"] = pa.table({
        "crime_id": crime_ids.take(pa.array(care["crime"])), "person_record_id": pr_ids.take(pa.array(care["person"])),
        "event": text(care["event"]), "at": timestamp_text(care["at"])})
    ce = casework.case_events(rng_case, c["recorded"], is_campaign, c["suspect_known"], c["incident"], last)
    tables["case_events"] = pa.table({
        "crime_id": crime_ids.take(pa.array(ce["row"])), "event": text(ce["event"]), "at": timestamp_text(ce["at"]),
        "by": ce["by"], "detail": text(ce["detail"])})

    truth = ground_truth.tables(camp, c, crime_ids, pr_ids, records, who, order_truth)
    return Force(tables=tables, truth=truth)


def _person_records(rng, who, camp, c, n_crimes: int) -> dict:
    is_campaign = c["campaign"] >= 0
    k = np.maximum(c["campaign"], 0)
    parts = []

    def add(crime_rows, role, identity, relationship):
        parts.append((crime_rows, np.full(len(crime_rows), role), identity, relationship))

    rows = np.arange(n_crimes)
    victim = np.where(is_campaign, camp.victim[k], who.draw(rng, n_crimes))
    add(rows, 0, victim, np.full(n_crimes, -1))
    extra = np.flatnonzero(~is_campaign & (rng.random(n_crimes) < 0.04))
    add(extra, 0, who.draw(rng, len(extra)), np.full(len(extra), -1))
    has = np.flatnonzero(c["suspect_known"])
    male = (rng.random(len(has)) < 0.85).astype(np.int64)
    suspect = np.where(is_campaign[has], camp.suspect[k[has]], who.draw(rng, len(has), sex=male))
    add(has, 1, suspect, c["relationship"][has])
    extra = has[~is_campaign[has] & (rng.random(len(has)) < 0.08)]
    add(extra, 1, who.draw(rng, len(extra)), c["relationship"][extra])
    witnesses = np.minimum(rng.poisson(np.where(is_campaign, 0.4, 0.35)), 3)
    for j in range(3):
        w = np.flatnonzero(witnesses > j)
        add(w, 2, who.draw(rng, len(w)), np.full(len(w), -1))
    r = np.flatnonzero(rng.random(n_crimes) < 0.2)
    add(r, 3, who.draw(rng, len(r)), np.full(len(r), -1))
    crime_rows, role, identity, relationship = (np.concatenate(x) for x in zip(*parts))
    order = np.lexsort((role, crime_rows))
    return dict(crime=crime_rows[order], role=role[order], identity=identity[order], relationship=relationship[order])


def _first_of_role(records: dict, n_crimes: int) -> tuple[np.ndarray, np.ndarray]:
    """Per crime, the row of its first victim and first suspect record (-1 if none)."""
    out = []
    for role in (0, 1):
        rows = np.flatnonzero(records["role"] == role)
        first = np.full(n_crimes, -1, dtype=np.int64)
        first[records["crime"][rows[::-1]]] = rows[::-1]  # the last write per crime is its first row
        out.append(first)
    return out[0], out[1]


def _narratives(rng, who, camp, c, records, first_victim, first_suspect) -> pa.Array:
    texts = Narratives(rng)
    n = len(c["recorded"])
    victim_male = who.sex[records["identity"][first_victim]] == 1
    suspect_female = np.where(first_suspect >= 0, who.sex[records["identity"][np.maximum(first_suspect, 0)]] == 0, False)
    combo = 2 * victim_male.astype(np.int64) + suspect_female.astype(np.int64)
    is_campaign = c["campaign"] >= 0
    k = np.maximum(c["campaign"], 0)
    rel = c["relationship"]
    behaviour = camp.behaviours[k] if len(camp) else np.zeros((n, 4), dtype=np.int64)
    pos = c["position"]
    u = rng.random((8, n))
    names = campaigns.BEHAVIOURS
    ordinary = ~is_campaign
    slots = [
        np.where(is_campaign, texts.open.pick(rng, combo, 0.85), texts.ordinary_open.pick(rng, combo, 0.8)),
        texts.by_key(rng, texts.relationship, campaigns.RELATIONSHIPS, rel, combo,
                     is_campaign & (u[0] < np.where(pos == 0, 0.85, 0.45))),
        texts.by_key(rng, texts.behaviour, names, c["lead"], combo, is_campaign),
        texts.by_key(rng, texts.behaviour, names, behaviour[:, 2], combo, is_campaign & (u[1] < 0.7)),
        texts.by_key(rng, texts.behaviour, names, behaviour[:, 3], combo, is_campaign & (u[2] < 0.35)),
        texts.by_key(rng, texts.ordinary, crimes.NAMES, c["category"], combo, ordinary),
        np.where(ordinary & (u[3] < 0.6), texts.ordinary_detail.pick(rng, combo), 0),
        np.where(is_campaign & (u[4] < np.where(pos > 0, 0.85, 0.4)), texts.repeat.pick(rng, combo), 0),
        np.where(is_campaign & (u[5] < 0.7), texts.impact.pick(rng, combo), 0),
        np.where(is_campaign & camp.explicit[k] & (u[6] < 0.75), texts.explicit.pick(rng, combo), 0),
        np.where(c["hard_negative"], texts.hard_negative.pick(rng, combo), 0),
        np.where(is_campaign | (c["domestic"] & (u[7] < 0.5)), texts.action.pick(rng, combo), 0),
        np.where(is_campaign & (u[7] < 0.5), texts.action.pick(rng, combo), 0),
        texts.close.pick(rng, combo, 0.6),
    ]
    return texts.join(rng, slots)


def _crimes_table(rng, c, crime_ids, narrative, who, where, records, first_victim, last) -> pa.Table:
    n = len(c["recorded"])
    is_campaign = c["campaign"] >= 0
    frm, frm_ok, to, to_ok = crimes.occurrence(rng, c["recorded"], is_campaign)
    status, outcome = crimes.status_and_outcome(rng, c["incident"], c["suspect_known"], c["recorded"], last)
    location = _location(rng, c)
    home = who.address[records["identity"][first_victim]]
    place = np.where(location == LOCATIONS.index("dwelling"), home, rng.integers(0, len(where.postcode), n))
    postcode = pc.if_else(pa.array(location == LOCATIONS.index("online")), pa.scalar(None, pa.string()),
                          where.postcode.take(pa.array(place)))
    book = catalogue.load()
    names = np.array([book.get(code).name for code in c["principal"]], dtype=object) if n < 50 else \
        _names_by_code(book, c["principal"])
    names[rng.random(n) < 0.2] = None  # left for ingest to fill from the catalogue
    domestic = np.where(c["domestic"], "true", "false").astype(object)
    domestic[rng.random(n) < 0.05] = None
    return pa.table({
        "crime_id": crime_ids, "force": pa.array(np.full(n, FORCE, dtype=object), pa.string()),
        "record_type": text(np.where(c["incident"], "incident", "crime").astype(object)),
        "recorded_at": timestamp_text(c["recorded"]),
        "occurred_from": timestamp_text(frm, frm_ok), "occurred_to": timestamp_text(to, to_ok),
        "offence_code": text(_home_office_style(rng, c["principal"])), "offence": text(names),
        "domestic_abuse": text(domestic), "status": text(status), "outcome": text(outcome),
        "location": text(np.array(LOCATIONS, dtype=object)[location]), "postcode": postcode, "narrative": narrative,
    })


def _names_by_code(book, codes: np.ndarray) -> np.ndarray:
    unique, inverse = np.unique(codes.astype(str), return_inverse=True)
    return np.array([book.get(code).name for code in unique], dtype=object)[inverse]


def _home_office_style(rng, codes: np.ndarray) -> np.ndarray:
    """Some systems pad Home Office codes ('008/65'); the catalogue treats both as one code."""
    out = codes.copy()
    pad = np.flatnonzero((rng.random(len(codes)) < 0.08) & np.char.find(codes.astype(str), "/").__ge__(0))
    out[pad] = [f"{int(a):03d}/{b}" for a, b in (code.split("/") for code in codes[pad])]
    return out


def _location(rng, c) -> np.ndarray:
    n = len(c["recorded"])
    is_campaign = c["campaign"] >= 0
    online = np.isin(c["lead"], [campaigns.BEHAVIOURS.index(b) for b in
                                 ("messages", "calls", "spyware", "fake_profiles", "publishing", "threats")])
    work = c["lead"] == campaigns.BEHAVIOURS.index("work")
    street = c["lead"] == campaigns.BEHAVIOURS.index("following")
    camp_loc = np.where(online, LOCATIONS.index("online"), np.where(work, LOCATIONS.index("workplace"),
                        np.where(street, LOCATIONS.index("street"), LOCATIONS.index("dwelling"))))
    ordinary_loc = np.zeros(n, dtype=np.int64)
    return np.where(is_campaign, camp_loc, _ordinary_location(rng, c, ordinary_loc))


def _ordinary_location(rng, c, out) -> np.ndarray:
    for i, name in enumerate(crimes.NAMES):
        rows = np.flatnonzero(c["category"] == i)
        choices = np.array([LOCATIONS.index(x) for x in crimes.CATEGORIES[name][7]])
        out[rows] = choices[rng.integers(0, len(choices), len(rows))]
    return out


def _offences_table(rng, c, crime_ids, included) -> pa.Table:
    n = len(c["recorded"])
    rows = np.concatenate([np.arange(n), np.array([r for r, _ in included], dtype=np.int64)])
    codes = np.concatenate([c["principal"], np.array([code for _, code in included], dtype=object)])
    role = np.concatenate([np.full(n, "principal", dtype=object), np.full(len(included), "included", dtype=object)])
    order = np.lexsort((role == "included", rows))
    return pa.table({"crime_id": crime_ids.take(pa.array(rows[order])), "offence_code": text(codes[order]),
                     "offence": pa.nulls(len(order), pa.string()), "role": text(role[order])})
