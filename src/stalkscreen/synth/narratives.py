"""Narratives assembled from many pre-written sentence variants.

Every template is expanded once into a few concrete variants (counts, places, pronouns, a
lower-case or mistyped copy); a narrative is then a row of indices into one text array, joined
by Arrow. No per-row Python, and a screener cannot key on one phrase."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from stalkscreen.synth import phrases, vocab
from stalkscreen.synth.people import typo

MIN_LENGTH, MAX_LENGTH = 300, 1000
PRONOUNS = {  # combo = 2 * (victim is male) + (suspect is female)
    0: dict(he="he", him="him", his="his", she="she", vobj="her", vpos="her"),
    1: dict(he="she", him="her", his="her", she="she", vobj="her", vpos="her"),
    2: dict(he="he", him="him", his="his", she="he", vobj="him", vpos="his"),
    3: dict(he="she", him="her", his="her", she="he", vobj="him", vpos="his"),
}
ORDINARY_OPEN = [
    "Report received from IP.", "Officers attended.", "Call received via 101.", "IP reported online.",
    "IP attended front counter.", "999 call, officers deployed.", "Reported by IP by phone, approx {time}.",
    "Log created following call from IP.",
]


_TOP_UP = ("Further enquiries to be completed by OIC, IP to be updated in line with the Victims' Code. "
           "Supervisor to review the log and set actions for the investigation. ")


def _paragraphs(rng: np.random.Generator, sentences: list[str], count: int) -> list[str]:
    """Admin paragraphs of two different filler sentences each."""
    return [" ".join(sentences[i] for i in rng.choice(len(sentences), 2, replace=False)) for _ in range(count)]


class Texts:
    """All sentence variants in one Arrow array; index 0 is the empty string."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.items: list[str] = [""]

    def pool(self, templates: list[str], variants: int = 3, newline: float = 0.0) -> "Pool":
        size = len(templates) * variants
        start = len(self.items)
        for combo in range(4):
            for template in templates:
                for _ in range(variants):
                    self.items.append(self._variant(template, combo, newline))
        return Pool(start, size)

    def _variant(self, template: str, combo: int, newline: float) -> str:
        rng = self.rng
        pick = lambda xs: xs[int(rng.integers(0, len(xs)))]  # noqa: E731
        values = dict(PRONOUNS[combo])
        values.update(
            n=str(int(rng.choice([5, 8, 12, 15, 20, 23, 30, 40, 47, 60, 85, 100, 150]) + rng.integers(0, 4))),
            k=str(int(rng.integers(2, 9))), period=pick(phrases.PERIODS), app=pick(phrases.APPS),
            place=pick(phrases.PLACES).format(**values), day=pick(phrases.DAYS), time=pick(phrases.TIMES),
            level=pick(phrases.LEVELS), officer=pick(vocab.OFFICERS),
        )
        text = template.format(**values)
        style = rng.random()
        if style < 0.25:
            text = text.lower()
        elif style < 0.35:
            words = text.split(" ")
            i = int(rng.integers(0, len(words)))
            words[i] = typo(words[i], float(rng.random()))
            text = " ".join(words)
        lead = "\n" if rng.random() < newline else ""
        return lead + text + " "

    def array(self) -> pa.Array:
        return pa.array(self.items, type=pa.string())

    def lengths(self) -> np.ndarray:
        return np.array([len(t) for t in self.items], dtype=np.int64)


class Pool:
    def __init__(self, start: int, size: int):
        self.start, self.size = start, size

    def pick(self, rng: np.random.Generator, combo: np.ndarray, present: np.ndarray | float = 1.0) -> np.ndarray:
        """Text indices, one per row; 0 (empty) where the row has no sentence from this pool."""
        n = len(combo)
        idx = self.start + combo * self.size + rng.integers(0, self.size, n)
        keep = present if isinstance(present, np.ndarray) else rng.random(n) < present
        return np.where(keep, idx, 0)


class Narratives:
    def __init__(self, rng: np.random.Generator):
        texts = Texts(rng)
        self.open = texts.pool(phrases.OPEN)
        self.relationship = {k: texts.pool(v) for k, v in phrases.RELATIONSHIP.items()}
        self.behaviour = {k: texts.pool(v) for k, v in phrases.BEHAVIOUR.items()}
        self.repeat = texts.pool(phrases.REPEAT)
        self.impact = texts.pool(phrases.IMPACT)
        self.explicit = texts.pool(phrases.EXPLICIT)
        self.action = texts.pool(phrases.ACTION, newline=0.12)
        self.close = texts.pool(phrases.CLOSE, newline=0.1)
        # four filler slots, each from its own share of the sentences: no sentence twice in one narrative
        self.fillers = [texts.pool(_paragraphs(rng, phrases.FILLER[i::4], 20), variants=1) for i in range(4)]
        self.ordinary_detail = texts.pool(phrases.ORDINARY_DETAIL)
        self.ordinary_open = texts.pool(ORDINARY_OPEN)
        self.ordinary = {k: texts.pool(v) for k, v in phrases.ORDINARY.items()}
        self.hard_negative = texts.pool(phrases.HARD_NEGATIVE)
        self.texts = texts.array()
        self.lengths = texts.lengths()

    def by_key(self, rng, pools: dict, keys: list[str], key_index: np.ndarray, combo: np.ndarray,
               present: np.ndarray | float = 1.0) -> np.ndarray:
        """Pick from the pool named by each row's key (e.g. its relationship or behaviour)."""
        out = np.zeros(len(combo), dtype=np.int64)
        keep = present if isinstance(present, np.ndarray) else rng.random(len(combo)) < present
        for i, key in enumerate(keys):
            rows = np.flatnonzero((key_index == i) & keep)
            if len(rows):
                out[rows] = pools[key].pick(rng, combo[rows])
        return out

    def join(self, rng: np.random.Generator, slots: list[np.ndarray]) -> pa.Array:
        """Join sentence slots, then add filler sentences up to a drawn target length and drop
        optional sentences that would pass the maximum."""
        n = len(slots[0])
        combo = np.zeros(n, dtype=np.int64)
        target = rng.uniform(MIN_LENGTH + 20, 900, n)
        total = np.zeros(n, dtype=np.int64)
        kept = []
        for slot in slots:
            length = self.lengths[slot]
            slot = np.where(total + length <= MAX_LENGTH, slot, 0)
            total += self.lengths[slot]
            kept.append(slot)
        for filler in self.fillers:
            slot = filler.pick(rng, combo, present=total < target)
            slot = np.where(total + self.lengths[slot] <= MAX_LENGTH, slot, 0)
            total += self.lengths[slot]
            kept.append(slot)
        columns = [self.texts.take(pa.array(slot)) for slot in kept]
        short = np.flatnonzero(total < MIN_LENGTH + 2)
        if len(short):  # rare: top up the few rows still short, by hand
            columns.append(pa.array(np.where(total < MIN_LENGTH + 2, _TOP_UP, "").astype(object), type=pa.string()))
        # every sentence ends with one space: drop the last (a slice is far cheaper than a trim)
        return pc.utf8_slice_codeunits(pc.binary_join_element_wise(*columns, ""), 0, -1)
