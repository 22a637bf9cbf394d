"""Ordinary crimes (the great majority), merged with campaign crimes into one dated, numbered list."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from stalkscreen.synth.campaigns import RELATIONSHIPS

R = {name: i for i, name in enumerate(RELATIONSHIPS)}

# name: share, (codes, p), incident share, suspect known, (relationships, p), domestic, hard-negative share, locations
CATEGORIES = {
    "theft": (0.24, (["SSTH-01"], [1]), 0.03, 0.15, (["stranger", "unknown"], [0.6, 0.4]), False, 0.03,
              ["retail premises", "street", "licensed premises", "vehicle", "dwelling"]),
    "burglary": (0.09, (["SSBU-01"], [1]), 0.0, 0.1, (["stranger", "unknown"], [0.5, 0.5]), False, 0.03, ["dwelling"]),
    "assault": (0.12, (["SSVI-01", "SSVI-02"], [0.8, 0.2]), 0.05, 0.7,
                (["stranger", "acquaintance", "unknown"], [0.5, 0.3, 0.2]), False, 0.15,
                ["street", "licensed premises", "public transport", "park"]),
    "domestic": (0.09, (["SSVI-01", "SSVI-02", "SSCD-03"], [0.6, 0.25, 0.15]), 0.1, 1.0,
                 (["partner", "ex_partner", "family"], [0.55, 0.25, 0.2]), True, 0.25, ["dwelling"]),
    "damage": (0.11, (["SSCD-01", "SSCD-02", "SSCD-03"], [0.4, 0.4, 0.2]), 0.05, 0.2,
               (["stranger", "unknown", "neighbour"], [0.5, 0.4, 0.1]), False, 0.05, ["dwelling", "street", "vehicle"]),
    "public_order": (0.08, (["125/12", "125/9", "125/11"], [0.5, 0.3, 0.2]), 0.2, 0.8,
                     (["stranger", "acquaintance"], [0.7, 0.3]), False, 0.2,
                     ["street", "retail premises", "licensed premises", "public transport"]),
    "one_off_message": (0.06, (["SS8R-01", "SSCA-01", "SSCA-02"], [0.6, 0.3, 0.1]), 0.3, 0.6,
                        (["unknown", "online_only", "acquaintance"], [0.4, 0.3, 0.3]), False, 0.5, ["online"]),
    "neighbour": (0.06, (["SS8L-01", "125/12", "SSCD-03", "125/9", "8/56"], [0.38, 0.3, 0.1, 0.17, 0.05]), 0.5, 1.0,
                  (["neighbour"], [1]), False, 0.4, ["dwelling", "street"]),
    "debt": (0.02, (["SSCA-02", "SS8L-01"], [0.5, 0.5]), 0.8, 0.8, (["unknown", "acquaintance"], [0.6, 0.4]), False,
             0.5, ["online", "dwelling"]),
    "child_contact": (0.03, (["SS8L-01", "125/12", "SSBR-03"], [0.5, 0.4, 0.1]), 0.7, 1.0, (["ex_partner"], [1]),
                      True, 0.5, ["dwelling", "street"]),
    "online_spat": (0.02, (["SS8R-01", "SSCA-01"], [0.6, 0.4]), 0.5, 0.8,
                    (["online_only", "acquaintance"], [0.6, 0.4]), False, 0.5, ["online"]),
    "coercive": (0.03, (["8/67"], [1]), 0.0, 1.0, (["partner", "ex_partner"], [0.7, 0.3]), True, 0.1, ["dwelling"]),
    "sexual": (0.02, (["SSSX-01", "SSSX-02", "SSSX-03"], [0.3, 0.6, 0.1]), 0.0, 0.6,
               (["acquaintance", "stranger", "colleague"], [0.5, 0.4, 0.1]), False, 0.05,
               ["licensed premises", "dwelling", "street", "workplace"]),
    "computer": (0.02, (["SSCM-01"], [1]), 0.2, 0.2, (["unknown"], [1]), False, 0.1, ["online"]),
    "breach": (0.01, (["SSBR-02", "SSBR-03"], [0.5, 0.5]), 0.0, 1.0, (["ex_partner", "partner"], [0.8, 0.2]), True,
               0.2, ["dwelling", "street"]),
}
NAMES = list(CATEGORIES)
CAMPAIGN = len(NAMES)  # category index of a campaign crime
LOCATIONS = ["dwelling", "street", "retail premises", "licensed premises", "vehicle", "public transport", "park",
             "online", "workplace", "school"]
_INCLUDED = {"domestic": ("SSCD-03", 0.1), "burglary": ("SSTH-01", 0.2), "public_order": ("SSCD-03", 0.05),
             "neighbour": ("SSCD-03", 0.08), "sexual": ("SSVI-01", 0.1)}


@dataclass
class Ordinary:
    category: np.ndarray
    principal: np.ndarray
    incident: np.ndarray
    recorded: np.ndarray
    suspect_known: np.ndarray
    relationship: np.ndarray
    domestic: np.ndarray
    hard_negative: np.ndarray
    location: np.ndarray
    included: list  # (ordinary row, code)


def ordinary(rng: np.random.Generator, n: int, recorded: np.ndarray) -> Ordinary:
    shares = np.array([spec[0] for spec in CATEGORIES.values()])
    category = rng.choice(len(NAMES), n, p=shares / shares.sum())
    principal = np.empty(n, dtype=object)
    incident = np.zeros(n, dtype=bool)
    known = np.zeros(n, dtype=bool)
    relationship = np.full(n, R["unknown"])
    domestic = np.zeros(n, dtype=bool)
    hard = np.zeros(n, dtype=bool)
    location = np.zeros(n, dtype=np.int64)
    included = []
    for c, name in enumerate(NAMES):
        _, (codes, p), p_incident, p_known, (rels, rel_p), da, p_hard, locations = CATEGORIES[name]
        rows = np.flatnonzero(category == c)
        m = len(rows)
        principal[rows] = np.array(codes, dtype=object)[rng.choice(len(codes), m, p=p)]
        incident[rows] = rng.random(m) < p_incident
        known[rows] = rng.random(m) < p_known
        relationship[rows] = np.array([R[r] for r in rels])[rng.choice(len(rels), m, p=rel_p)]
        domestic[rows] = da
        hard[rows] = rng.random(m) < p_hard
        location[rows] = np.array([LOCATIONS.index(x) for x in locations])[rng.integers(0, len(locations), m)]
        if name in _INCLUDED:
            code, share = _INCLUDED[name]
            included += [(int(i), code) for i in rows[(rng.random(m) < share) & (principal[rows] != code)]]
    relationship = np.where(known, relationship, R["unknown"])
    return Ordinary(category, principal, incident, recorded, known, relationship, domestic, hard, location, included)


OUTCOMES_NO_SUSPECT = (["18 Investigation complete: no suspect identified",
                        "14 Evidential difficulties: suspect not identified; victim does not support"], [0.8, 0.2])
OUTCOMES_SUSPECT = (["1 Charged/summonsed", "3 Adult caution", "8 Community resolution",
                     "15 Evidential difficulties: suspect identified; victim supports",
                     "16 Evidential difficulties: suspect identified; victim does not support",
                     "21 Not in the public interest (police)"], [0.2, 0.05, 0.06, 0.28, 0.38, 0.03])


def status_and_outcome(rng: np.random.Generator, incident: np.ndarray, suspect: np.ndarray, recorded: np.ndarray,
                       last: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(incident)
    recent = recorded > last - 45 * 1440
    still_open = recent | (rng.random(n) < 0.04)
    status = np.where(incident, "closed", np.where(still_open, "under investigation", "finalised")).astype(object)
    outcome = np.full(n, None, dtype=object)
    done = np.flatnonzero(~incident & ~still_open)
    for mask, (labels, p) in ((~suspect[done], OUTCOMES_NO_SUSPECT), (suspect[done], OUTCOMES_SUSPECT)):
        rows = done[mask]
        outcome[rows] = np.array(labels, dtype=object)[rng.choice(len(labels), len(rows), p=p)]
    return status, outcome


def occurrence(rng: np.random.Generator, recorded: np.ndarray, campaign: np.ndarray) -> tuple:
    """occurred_from <= occurred_to <= recorded_at; some left blank, as on real records."""
    n = len(recorded)
    lag = np.where(campaign, rng.integers(10, 2 * 1440, n), np.minimum(rng.exponential(1440, n), 30 * 1440) + 5)
    to = recorded - lag.astype(np.int64)
    span = np.where(campaign, rng.integers(60, 21 * 1440, n),
                    np.where(rng.random(n) < 0.6, 0, rng.integers(5, 600, n)))
    frm = to - span
    frm_valid = rng.random(n) >= 0.06
    to_valid = frm_valid & (rng.random(n) >= 0.1)
    return frm, frm_valid, to, to_valid
