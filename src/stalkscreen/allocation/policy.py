"""The allocation policy (reference/allocation.yaml): teams, and ordered rules from a case's
facts to a team with a reason. A bad file is refused naming the file, line, key and problem."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from stalkscreen.errors import StalkscreenError
from stalkscreen.reference.files import fault, read_yaml, require_version
from stalkscreen.reference.offences import Catalogue

CONDITIONS = ("risk_levels", "offence_groups", "domestic_abuse", "always")
RISK_LEVELS = ("standard", "medium", "high")
SHIPPED = "stalkscreen/reference/allocation.yaml"


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    rank: int
    recorded_as: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    team: str
    when: dict            # condition -> value, checked
    reason: str


@dataclass(frozen=True)
class Policy:
    version: str
    teams: dict[str, Team]
    rules: tuple[Rule, ...]

    def team_of(self, recorded: str | None) -> str | None:
        """The policy team a recorded team name means (case and spaces ignored), else None."""
        wanted = " ".join((recorded or "").split()).lower()
        for team in self.teams.values():
            if wanted in {" ".join(n.split()).lower() for n in (team.id, *team.recorded_as)}:
                return team.id
        return None


class _Checker:
    def __init__(self, path, node):
        self.path, self.node = path, node

    def fail(self, keys: tuple, problem: str) -> StalkscreenError:
        return fault(self.path, self.node, keys, f"`{'.'.join(map(str, keys))}`: {problem}")

    def text(self, value: Any, keys: tuple) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(keys, "must be text" if value is not None else "missing")
        return value.strip()

    def names(self, value: Any, keys: tuple, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(keys, "must be a non-empty list of names")
        bad = [v for v in value if allowed is not None and v not in allowed]
        if bad:
            raise self.fail(keys, f"unknown {', '.join(map(repr, bad))}; expected any of {', '.join(allowed)}")
        return tuple(value)


def _teams(c: _Checker, data: dict) -> dict[str, Team]:
    teams = data.get("teams")
    if not isinstance(teams, dict) or not teams:
        raise c.fail(("teams",), "must map each team's id to its name, rank and recorded_as")
    out = {}
    for team_id, spec in teams.items():
        keys = ("teams", team_id)
        if not isinstance(spec, dict):
            raise c.fail(keys, "must be a mapping with name, rank and recorded_as")
        rank = spec.get("rank")
        if not isinstance(rank, int) or isinstance(rank, bool) or rank < 1:
            raise c.fail((*keys, "rank"), f"must be a whole number of at least 1, not {rank!r}")
        recorded = c.names(spec.get("recorded_as", [str(team_id)]), (*keys, "recorded_as"))
        out[str(team_id)] = Team(str(team_id), c.text(spec.get("name"), (*keys, "name")), rank, recorded)
    return out


def _when(c: _Checker, when: Any, keys: tuple, groups: tuple[str, ...] | None) -> dict:
    if not isinstance(when, dict) or not when:
        raise c.fail(keys, f"must give at least one condition: {', '.join(CONDITIONS)}")
    out = {}
    for name, value in when.items():
        at = (*keys, name)
        if name not in CONDITIONS:
            raise c.fail(at, f"unknown condition; expected one of {', '.join(CONDITIONS)}")
        if name == "risk_levels":
            out[name] = c.names(value, at, RISK_LEVELS)
        elif name == "offence_groups":
            out[name] = c.names(value, at, groups)
        elif not isinstance(value, bool) or (name == "always" and value is not True):
            raise c.fail(at, "must be true" if name == "always" else "must be true or false")
        else:
            out[name] = value
    return out


def _rules(c: _Checker, data: dict, teams: dict[str, Team], groups) -> tuple[Rule, ...]:
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules or not all(isinstance(r, dict) for r in rules):
        raise c.fail(("rules",), "must be a list of rules (id, team, when, reason)")
    out, seen = [], set()
    for i, spec in enumerate(rules):
        keys = ("rules", i)
        rule_id = c.text(spec.get("id"), (*keys, "id"))
        if rule_id in seen:
            raise c.fail((*keys, "id"), f"rule id '{rule_id}' is used twice")
        seen.add(rule_id)
        team = c.text(spec.get("team"), (*keys, "team"))
        if team not in teams:
            raise c.fail((*keys, "team"), f"'{team}' is not a team of `teams` ({', '.join(teams)})")
        if not isinstance(spec.get("verified"), bool) or not str(spec.get("source") or "").strip():
            raise c.fail(keys, "each rule needs `verified: true|false` and a `source`")
        out.append(Rule(rule_id, team, _when(c, spec.get("when"), (*keys, "when"), groups),
                        c.text(spec.get("reason"), (*keys, "reason"))))
    if out[-1].when != {"always": True}:
        raise c.fail(("rules", len(out) - 1, "when"), "the last rule must be `{always: true}`, so every case gets a team")
    return tuple(out)


def parse(path: Path | str, text: str | None = None, catalogue: Catalogue | None = None) -> Policy:
    data, node = read_yaml(path, text)
    version = require_version(path, data, node)
    c = _Checker(path, node)
    groups = tuple(catalogue.groups) if catalogue is not None else None
    teams = _teams(c, data)
    return Policy(version, teams, _rules(c, data, teams, groups))


def load(path: Path | str | None = None, catalogue: Catalogue | None = None) -> Policy:
    """The shipped policy, or a force's own file in its place; offence groups are checked
    against the catalogue when one is given."""
    if path:
        return parse(Path(path), catalogue=catalogue)
    text = (resources.files("stalkscreen.reference") / "allocation.yaml").read_text(encoding="utf-8")
    return parse(SHIPPED, text, catalogue)
