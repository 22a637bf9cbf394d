"""Hidden stalking: one course of conduct (same suspect, same victim) recorded as several crimes
and incidents, mostly under adjacent classifications, sometimes with stalking only as an included
offence, sometimes correctly as stalking."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stalkscreen.synth.clock import MINUTES_PER_DAY
from stalkscreen.synth.people import Identities

RELATIONSHIPS = ["ex_partner", "acquaintance", "stranger", "online_only", "family", "colleague", "neighbour",
                 "partner", "unknown"]
CAMPAIGN_RELATIONSHIP_P = [0.45, 0.15, 0.09, 0.09, 0.06, 0.06, 0.06, 0.04, 0.0]
INTIMATE = {"ex_partner", "partner", "family"}
BEHAVIOURS = ["messages", "calls", "home", "work", "following", "watching", "tracking", "spyware",
              "fake_profiles", "publishing", "third_party", "gifts", "property", "threats"]
_IN_PERSON = np.array([1, 1, 3, 2, 2, 2, 1, 0.5, 0.2, 0.3, 1, 1, 1, 1.0])
_ONLINE = np.array([3, 1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 2, 1.5, 1, 0.2, 0.1, 1.0])
STALKING_CODES = ["195/12", "8/65", "8/66"]
HIDDEN, INCLUDED, CORRECT = 0, 1, 2

# principal code recorded for one occasion, by the behaviour it is mostly about
_BY_BEHAVIOUR = {
    "messages": (["SS8R-01", "SSCA-01", "SSCA-02", "SS8L-01", "8/56"], [0.42, 0.2, 0.15, 0.21, 0.02]),
    "calls": (["SSCA-02", "SS8R-01", "SS8L-01"], [0.45, 0.25, 0.3]),
    "threats": (["SS8R-01", "SS8L-02", "SSCA-01", "125/9"], [0.4, 0.3, 0.15, 0.15]),
    "property": (["SSCD-01", "SSCD-02", "SSCD-03"], [0.45, 0.4, 0.15]),
    "spyware": (["SSCM-01", "SS8L-01"], [0.5, 0.5]),
    "tracking": (["SS8L-01", "SSCM-01", "125/12"], [0.6, 0.2, 0.2]),
    "publishing": (["SS8R-01", "SSCA-01", "SS8R-02"], [0.5, 0.3, 0.2]),
    "fake_profiles": (["SS8R-01", "SSCA-02", "SS8L-01"], [0.4, 0.3, 0.3]),
}
_IN_PERSON_CODES = (["SS8L-01", "125/12", "125/9", "SS8L-02", "125/11"], [0.55, 0.2, 0.13, 0.08, 0.04])
SERIOUS_CODES = ["SSVI-02", "SSSX-02", "SSVI-03", "SSBU-01"]


@dataclass
class Campaigns:
    suspect: np.ndarray
    victim: np.ndarray
    relationship: np.ndarray   # index into RELATIONSHIPS
    style: np.ndarray          # HIDDEN / INCLUDED / CORRECT
    stalking_code: np.ndarray  # index into STALKING_CODES
    behaviours: np.ndarray     # (n, 4) indices into BEHAVIOURS
    explicit: np.ndarray       # narratives use the words stalk / harass
    size: np.ndarray
    # one row per campaign crime
    campaign: np.ndarray
    position: np.ndarray
    recorded: np.ndarray

    def __len__(self) -> int:
        return len(self.suspect)


def plan(rng: np.random.Generator, n_crimes: int, who: Identities, first: int, last: int) -> Campaigns:
    share = rng.uniform(0.09, 0.13)
    target = max(int(round(n_crimes * share)), 2)
    sizes = np.minimum(2 + rng.geometric(0.38, size=target // 2 + 2) - 1, 14)
    count = int(np.searchsorted(np.cumsum(sizes), target)) + 1
    sizes = sizes[:count]
    sizes[-1] = max(2, sizes[-1] - (int(sizes.sum()) - target))
    n = len(sizes)
    relationship = rng.choice(len(RELATIONSHIPS), n, p=CAMPAIGN_RELATIONSHIP_P)
    suspect = who.draw(rng, n, sex=(rng.random(n) < 0.15).astype(np.int64), frequent=0.05)
    serial = np.flatnonzero(rng.random(n) < 0.08)
    serial = serial[serial > 0]
    suspect[serial] = suspect[(rng.random(len(serial)) * serial).astype(np.int64)]  # an earlier campaign's suspect
    victim = who.draw(rng, n, sex=(rng.random(n) < 0.2).astype(np.int64), frequent=0.03)
    victim = np.where(victim == suspect, (victim + 2) % len(who), victim)

    online = RELATIONSHIPS.index("online_only")
    weights = np.where((relationship == online)[:, None], _ONLINE, _IN_PERSON)
    keys = rng.random((n, len(BEHAVIOURS))) ** (1 / weights)  # weighted sampling without replacement
    behaviours = np.argsort(-keys, axis=1)[:, :4]

    span_days = np.clip(rng.lognormal(np.log(50), 0.8, n), sizes * 2, 365)
    span = (span_days * MINUTES_PER_DAY).astype(np.int64)
    start = first + (rng.random(n) * np.maximum(last - first - span, 1)).astype(np.int64)
    campaign = np.repeat(np.arange(n), sizes)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    position = np.arange(len(campaign)) - offsets[campaign]
    # each occasion at a random point of its own slice of the span: ordered, never together
    slot = span[campaign] // sizes[campaign]
    recorded = start[campaign] + position * slot + (rng.random(len(campaign)) * slot * 0.9).astype(np.int64)
    recorded = np.minimum(recorded, last)
    style = rng.choice(3, n, p=[0.55, 0.15, 0.30])
    fear = rng.random(n)
    stalking_code = np.where(fear < 0.55, 0, np.where(fear < 0.75, 1, 2))
    return Campaigns(suspect, victim, relationship, style, stalking_code, behaviours,
                     rng.random(n) < 0.4, sizes, campaign, position, recorded)


@dataclass
class Recording:
    principal: np.ndarray        # object array of codes
    included: list               # (campaign crime row, code)
    incident: np.ndarray
    stalking_recorded: np.ndarray  # "principal" / "included" / "not_recorded"
    correct_code: np.ndarray
    lead: np.ndarray             # column of Campaigns.behaviours the occasion is mostly about


def record(rng: np.random.Generator, c: Campaigns, breach_code: np.ndarray) -> Recording:
    """How the force recorded each occasion. breach_code: per campaign crime, the breach offence
    when it happened while an order was in force (None otherwise)."""
    m = len(c.campaign)
    lead_column = (rng.random(m) * 2).astype(np.int64)
    lead = c.behaviours[c.campaign, lead_column]  # what this occasion is mostly about
    principal = np.empty(m, dtype=object)
    for b, name in enumerate(BEHAVIOURS):
        rows = np.flatnonzero(lead == b)
        codes, p = _BY_BEHAVIOUR.get(name, _IN_PERSON_CODES)
        principal[rows] = np.array(codes, dtype=object)[rng.choice(len(codes), len(rows), p=p)]
    intimate = np.isin(c.relationship[c.campaign], [RELATIONSHIPS.index(r) for r in INTIMATE])
    principal[intimate & (rng.random(m) < 0.08)] = "8/67"
    stalking = np.array(STALKING_CODES, dtype=object)[c.stalking_code[c.campaign]]
    style = c.style[c.campaign]
    u = rng.random(m)
    as_stalking = (style == CORRECT) & ((c.position > 0) | (u < 0.3)) & (u < 0.9)
    principal = np.where(as_stalking, stalking, principal)
    included_stalking = (style == INCLUDED) & (u < 0.7)
    serious = rng.random(m) < 0.02
    principal = np.where(serious, np.array(SERIOUS_CODES, dtype=object)[rng.integers(0, 4, m)], principal)
    included_stalking |= serious & (rng.random(m) < 0.6)
    is_breach = breach_code != None  # noqa: E711
    principal = np.where(is_breach & ~serious, breach_code, principal)
    included_stalking &= principal != stalking
    included = [(int(i), stalking[i]) for i in np.flatnonzero(included_stalking)]
    damage = np.flatnonzero((lead == BEHAVIOURS.index("property")) & (principal != "SSCD-01") & (rng.random(m) < 0.5))
    included += [(int(i), "SSCD-01") for i in damage]
    incident = (rng.random(m) < np.where(style == HIDDEN, 0.35, 0.12)) & ~np.isin(principal, STALKING_CODES) \
        & ~is_breach & ~serious
    stalking_recorded = np.where(np.isin(principal, STALKING_CODES), "principal",
                                 np.where(included_stalking, "included", "not_recorded")).astype(object)
    correct = np.where(serious | is_breach, principal, stalking)
    return Recording(principal, included, incident, stalking_recorded, correct, lead_column)
