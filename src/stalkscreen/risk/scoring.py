"""What a set of answers suggests: the count of "yes" answers, the level the instrument's rule
suggests for it, and whether the assessor graded lower than that. Judgement may raise a level
("other factors may increase risk level, but will not reduce it"), so lower is flagged, not refused."""

from __future__ import annotations

from dataclasses import dataclass

from stalkscreen.risk.instruments import Instrument

ANSWERS = ("yes", "no", "not_known")
# The three answers in any case, "not known" with a space, underscore or hyphen; anything else
# (true, 1, "maybe") is refused by name rather than guessed.
SPELLINGS = {"yes": "yes", "no": "no", "not known": "not_known"}


@dataclass(frozen=True)
class Score:
    yes: int
    no: int
    not_known: int
    suggested_level: str | None   # None: the instrument has no numeric rule (S-DASH)
    assessor_level: str | None
    lower_than_suggested: bool


def normalise_answer(value: object) -> str | None:
    """'Yes', 'not known', 'NOT_KNOWN' ... as yes | no | not_known; None for anything else."""
    if not isinstance(value, str):
        return None
    return SPELLINGS.get(" ".join(value.lower().replace("_", " ").replace("-", " ").split()))


def suggested_level(instrument: Instrument, yes: int) -> str | None:
    if instrument.suggested_levels is None:
        return None
    return next(t.level for t in instrument.suggested_levels if yes >= t.min_yes)


def score(instrument: Instrument, answers: dict[str, str], assessor_level: str | None,
          levels: tuple[str, ...]) -> Score:
    """answers: item id -> yes | no | not_known (items not in the instrument are ignored)."""
    given = [answers.get(item.id) for item in instrument.items]
    yes = given.count("yes")
    suggested = suggested_level(instrument, yes)
    lower = (suggested is not None and assessor_level in levels
             and levels.index(assessor_level) < levels.index(suggested))
    return Score(yes, given.count("no"), given.count("not_known"), suggested, assessor_level, lower)
