"""Synthetic phone extractions for one crime, with planted patterns whose truth is known: for tests,
benchmarks and the demo. Only synthetic people: phones in Ofcom's drama ranges, made-up places.

    extraction = make(Plan(crime_id, victim_phone, suspect_phone, victim_home, suspect_home, ...))
    truth = write_files(extraction, folder)      # CSV files in the import format + truth.json
    write_store(con, extraction, "S1", "V1")     # or straight into the evidence tables (Arrow)

What is planted. Contact: the suspect messages and calls the victim every day at `base_rate`
(Poisson), at `escalated_rate` from the `escalation` date on, when `new_channel` also comes into use;
`new_third_parties` numbers are first contacted 3 days after the escalation; the background third
parties are all contacted in the first week, so only the planted ones are new. Times of day favour
the evening and night, and days are local days in `timezone` (a span over a clock change is just a
start and length that cross it). Location: each phone's background fixes stay near its owner's
home (the victim's 400-1,500 m from home, the suspect's within 1,500 m of his, homes at least
MIN_HOMES_APART_M apart), so the two never meet by chance; each `Occasion` plants suspect fixes every
FIX_STEP_MINUTES within 30 m of the victim's home, or, for near="device", of a spot 3 km from her
home where her phone also is. Occasions must be more than an hour apart to stay separate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from stalkscreen.errors import StalkscreenError
from stalkscreen.store import transaction

FIX_STEP_MINUTES = 5
MIN_HOMES_APART_M = 5_000
EARTH_M_PER_DEGREE = 111_320.0
SPOT_M = 3_000            # a "device" occasion happens this far from the victim's home
CONTACT_COLUMNS = ["timestamp", "direction", "party", "channel", "duration_s", "content", "device"]
LOCATION_COLUMNS = ["timestamp", "latitude", "longitude", "accuracy_m", "source", "device"]
PLACE_COLUMNS = ["place", "place_kind", "latitude", "longitude", "radius_m"]
# Messages and calls come more in the evening and at night (local hours 0-23).
_HOUR_WEIGHTS = np.array([4, 3, 2, 1, .5, .5, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 5, 6, 7, 8, 8, 7, 6], float)
_TO_VICTIM = ["where are you", "why are you ignoring me", "answer your phone", "I saw you today",
              "we need to talk", "you can't ignore me forever", "call me back", "I'm not going away"]
_FROM_VICTIM = ["please stop", "leave me alone", "stop contacting me"]
_OTHER = ["ok", "see you later", "thanks", "on my way", "sounds good", "running late"]


@dataclass(frozen=True)
class Occasion:
    at: dt.datetime            # UTC (naive): the first planted suspect fix
    minutes: int = 30          # suspect fixes every FIX_STEP_MINUTES from `at` to `at + minutes`
    near: str = "home"         # "home" (the victim's home) or "device" (her phone, away from home)


@dataclass(frozen=True)
class Plan:
    crime_id: str
    victim_phone: str                      # E.164, e.g. +447700900002
    suspect_phone: str
    victim_home: tuple[float, float]       # latitude, longitude
    suspect_home: tuple[float, float]
    seed: int = 1
    start: dt.date = dt.date(2026, 1, 5)   # the first local day
    days: int = 120
    escalation: dt.date | None = None
    occasions: tuple[Occasion, ...] = ()
    base_rate: float = 3.0                 # pair contacts per day before the escalation ...
    escalated_rate: float = 15.0           # ... and from it on
    new_channel: str | None = "whatsapp"   # first used on the escalation date
    new_third_parties: int = 2
    third_parties_per_day: float = 4.0     # the suspect's background contacts with others
    third_party_pool: int = 30
    fixes_per_day: float = 24.0            # each phone's background location fixes
    victim_contacts: bool = True           # also extract the victim's phone (the pair's contacts again)
    duplicated: bool = False               # extract the suspect's phone twice, overlapping (files only)
    suspect_device: str = "suspect phone"
    victim_device: str = "victim phone"
    timezone: str = "Europe/London"


@dataclass
class Extraction:
    plan: Plan
    tables: dict[str, pa.Table]            # name -> table with at_utc (timestamp[s]) instead of timestamp
    truth: dict = field(default_factory=dict)


# ---- time --------------------------------------------------------------------------------------

def _local_midnights(plan: Plan) -> np.ndarray:
    """UTC epoch seconds of each local midnight from the start day to the day after the last."""
    zone = ZoneInfo(plan.timezone)
    days = [plan.start + dt.timedelta(days=i) for i in range(plan.days + 1)]
    return np.array([int(dt.datetime.combine(d, dt.time(), zone).timestamp()) for d in days], np.int64)


def _times_on(rng, midnights: np.ndarray, day: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    """A time (UTC epoch seconds) on each local day index, by hour weights; wrapped into the
    day's own length, which is 23 or 25 hours on a clock change."""
    hours = rng.choice(24, len(day), p=weights / weights.sum()) if weights is not None else rng.integers(0, 24, len(day))
    offset = hours * 3600 + rng.integers(0, 3600, len(day))
    return midnights[day] + offset % (midnights[day + 1] - midnights[day])


def iso_local(seconds: np.ndarray, zone: str) -> pa.Array:
    """UTC epoch seconds as ISO 8601 local times with their offset, e.g. 2026-03-29T02:30:00+01:00.
    The offset is looked up once per distinct UTC hour (clock changes fall on the hour)."""
    hours, inverse = np.unique(seconds // 3600, return_inverse=True)
    tz = ZoneInfo(zone)
    offsets = np.array([int(dt.datetime.fromtimestamp(int(h) * 3600, tz).utcoffset().total_seconds())
                        for h in hours], np.int64)
    offset = offsets[inverse]
    local = pc.cast(pa.array(seconds + offset, pa.timestamp("s")), pa.string())
    texts, which = np.unique(offset, return_inverse=True)
    labels = pa.array([f"{'+' if o >= 0 else '-'}{abs(o) // 3600:02d}:{abs(o) % 3600 // 60:02d}" for o in texts],
                      pa.string())
    with_t = pc.replace_substring(local, " ", "T")
    return pc.binary_join_element_wise(with_t, labels.take(pa.array(which, pa.int64())), "")


# ---- contacts ----------------------------------------------------------------------------------

def _drama(first: int, n: int, taken: set[str]) -> list[str]:
    numbers = (f"+447700900{i:03d}" for i in range(first, 1000))
    return [p for p in numbers if p not in taken][:n]


def _pair_contacts(rng, plan: Plan, midnights: np.ndarray) -> dict[str, np.ndarray]:
    escalation = (plan.escalation - plan.start).days if plan.escalation else plan.days
    rates = np.where(np.arange(plan.days) < escalation, plan.base_rate, plan.escalated_rate)
    day = np.repeat(np.arange(plan.days), rng.poisson(rates))
    at = np.sort(_times_on(rng, midnights, day, _HOUR_WEIGHTS))
    day = np.searchsorted(midnights, at, side="right") - 1
    after = day >= escalation
    channel = np.where(rng.random(len(at)) < 0.25, "call", "sms").astype(object)
    if plan.new_channel and after.any():
        channel[after & (rng.random(len(at)) < 0.3)] = plan.new_channel
        channel[np.argmax(after)] = plan.new_channel   # the escalation's first contact, so the date is planted
    outgoing = rng.random(len(at)) < 0.9
    return {"at": at, "outgoing": outgoing, "party": np.full(len(at), plan.victim_phone, object), "channel": channel}


def _third_party_contacts(rng, plan: Plan, midnights: np.ndarray) -> tuple[dict[str, np.ndarray], list[dict]]:
    taken = {plan.victim_phone, plan.suspect_phone}
    pool = np.array(_drama(100, plan.third_party_pool, taken), object)
    new = _drama(900, plan.new_third_parties if plan.escalation else 0, taken)
    day = np.repeat(np.arange(plan.days), rng.poisson(plan.third_parties_per_day, plan.days))
    party = pool[rng.integers(0, len(pool), len(day))] if len(pool) else np.array([], object)
    # Every background party in the first week, so none is "new"; each new one 3 days after the escalation.
    first_new = min((plan.escalation - plan.start).days + 3, plan.days - 1) if new else 0
    day = np.concatenate([day, np.arange(len(pool)) % min(7, plan.days), np.full(len(new), first_new)])
    party = np.concatenate([party, pool, np.array(new, object)])
    if new:
        later = rng.integers(first_new, plan.days, 3 * len(new))
        day, party = np.concatenate([day, later]), np.concatenate([party, np.repeat(np.array(new, object), 3)])
    at = _times_on(rng, midnights, day, _HOUR_WEIGHTS)
    channel = rng.choice(np.array(["sms", "call", "whatsapp"], object), len(at), p=[.5, .3, .2])
    truth = [{"party": p, "first_day": (plan.start + dt.timedelta(days=first_new)).isoformat()} for p in new]
    return {"at": at, "outgoing": rng.random(len(at)) < 0.5, "party": party, "channel": channel}, truth


def _with_content(rng, parts: dict[str, np.ndarray], pair: bool) -> dict[str, np.ndarray]:
    """A call's duration or a message's words (the same on both phones of a pair contact)."""
    n = len(parts["at"])
    call = parts["channel"] == "call"
    if pair:
        pick = np.where(parts["outgoing"], rng.integers(0, len(_TO_VICTIM), n),
                        len(_TO_VICTIM) + rng.integers(0, len(_FROM_VICTIM), n))
        words = np.array(_TO_VICTIM + _FROM_VICTIM, object)[pick]
    else:
        words = np.array(_OTHER, object)[rng.integers(0, len(_OTHER), n)]
    words[call] = None
    return {**parts, "duration_s": np.where(call, rng.integers(0, 600, n), -1), "content": words}


def _contact_table(parts: dict[str, np.ndarray], device: str) -> pa.Table:
    order = np.argsort(parts["at"], kind="stable")
    take = {k: v[order] for k, v in parts.items()}
    return pa.table({
        "at_utc": pa.array(take["at"], pa.timestamp("s")),
        "direction": pa.array(np.where(take["outgoing"], "outgoing", "incoming"), pa.string()),
        "party": pa.array(take["party"], pa.string()), "channel": pa.array(take["channel"], pa.string()),
        "duration_s": pa.array(take["duration_s"], pa.int32(), mask=take["duration_s"] < 0),
        "content": pa.array(take["content"], pa.string()),
        "device": pa.array(np.full(len(order), device, object), pa.string())})


def _joined(*parts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


# ---- locations ---------------------------------------------------------------------------------

def _moved(origin: tuple[float, float], east_m: np.ndarray, north_m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points east_m and north_m from origin (flat-earth: exact enough over a few km)."""
    lat, lon = origin
    return (lat + np.asarray(north_m) / EARTH_M_PER_DEGREE,
            lon + np.asarray(east_m) / (EARTH_M_PER_DEGREE * math.cos(math.radians(lat))))


def _around(rng, origin, n: int, inner_m: float, outer_m: float) -> tuple[np.ndarray, np.ndarray]:
    """n points spread evenly over the ring inner_m..outer_m around origin."""
    radius = np.sqrt(rng.uniform(inner_m ** 2, outer_m ** 2, n))
    bearing = rng.uniform(0, 2 * math.pi, n)
    return _moved(origin, radius * np.sin(bearing), radius * np.cos(bearing))


def _away(plan: Plan) -> tuple[float, float]:
    """The unit vector (east, north) from the suspect's home to the victim's."""
    (vlat, vlon), (slat, slon) = plan.victim_home, plan.suspect_home
    east = (vlon - slon) * EARTH_M_PER_DEGREE * math.cos(math.radians(vlat))
    north = (vlat - slat) * EARTH_M_PER_DEGREE
    length = math.hypot(east, north)
    return east / length, north / length


def _spot(plan: Plan) -> tuple[float, float]:
    """Where "device" occasions happen: SPOT_M beyond the victim's home, away from the suspect's."""
    east, north = _away(plan)
    lat, lon = _moved(plan.victim_home, east * SPOT_M, north * SPOT_M)
    return float(lat), float(lon)


def _fix_parts(rng, at: np.ndarray, lat: np.ndarray, lon: np.ndarray, precise: bool = False) -> dict[str, np.ndarray]:
    n = len(at)
    source = np.full(n, "gps", object) if precise else rng.choice(np.array(["gps", "wifi", "cell"], object), n,
                                                                   p=[.75, .15, .10])
    accuracy = np.where(source == "gps", rng.uniform(5, 25, n), np.where(source == "wifi", rng.uniform(20, 60, n),
                                                                          rng.uniform(300, 1500, n)))
    if precise:
        accuracy = rng.uniform(8, 15, n)
    return {"at": at, "latitude": np.asarray(lat, float), "longitude": np.asarray(lon, float),
            "accuracy_m": accuracy.round(1), "source": source}


def _background_fixes(rng, plan: Plan, midnights, home, inner_m: float, outer_m: float) -> dict[str, np.ndarray]:
    """A phone's everyday fixes near home, none while an occasion is planted (it is elsewhere)."""
    day = np.repeat(np.arange(plan.days), rng.poisson(plan.fixes_per_day, plan.days))
    at = _times_on(rng, midnights, day)
    busy = np.zeros(len(at), bool)
    for o in plan.occasions:  # a few occasions: one vector mask each
        start = _epoch(o.at) - 1800
        busy |= (at >= start) & (at <= start + 3600 + o.minutes * 60)
    lat, lon = _around(rng, home, int((~busy).sum()), inner_m, outer_m)
    return _fix_parts(rng, at[~busy], lat, lon)


def _planted(rng, plan: Plan) -> tuple[dict, dict, list[dict]]:
    """Suspect fixes (and, near the victim's phone, hers) for each occasion, and their truth."""
    suspect, victim, truth = [], [], []
    for o in plan.occasions:  # a handful, each vectorised
        at = _epoch(o.at) + np.arange(0, o.minutes + 1, FIX_STEP_MINUTES) * 60
        centre = plan.victim_home if o.near == "home" else _spot(plan)
        suspect.append(_fix_parts(rng, at, *_around(rng, centre, len(at), 0, 30), precise=True))
        if o.near == "device":
            with_her = _epoch(o.at) + np.arange(-10, o.minutes + 11, FIX_STEP_MINUTES) * 60
            victim.append(_fix_parts(rng, with_her, *_around(rng, centre, len(with_her), 0, 30), precise=True))
        truth.append({"near": "place home" if o.near == "home" else f"device {plan.victim_device}",
                      "started_at": _iso_utc(at[0]), "ended_at": _iso_utc(at[-1]), "fixes": len(at)})
    return suspect, victim, sorted(truth, key=lambda t: t["started_at"])


def _location_table(parts: dict[str, np.ndarray], device: str) -> pa.Table:
    order = np.argsort(parts["at"], kind="stable")
    return pa.table({"at_utc": pa.array(parts["at"][order], pa.timestamp("s")),
                     "latitude": parts["latitude"][order].round(6), "longitude": parts["longitude"][order].round(6),
                     "accuracy_m": parts["accuracy_m"][order], "source": pa.array(parts["source"][order], pa.string()),
                     "device": pa.array(np.full(len(order), device, object), pa.string())})


def _places(plan: Plan) -> pa.Table:
    east, north = _away(plan)
    work = _moved(plan.victim_home, -north * 2000, east * 2000)   # 2 km to the side
    return pa.table({"place": ["home", "work"], "place_kind": ["home", "work"],
                     "latitude": [plan.victim_home[0], round(float(work[0]), 6)],
                     "longitude": [plan.victim_home[1], round(float(work[1]), 6)], "radius_m": [25.0, 50.0]})


def _epoch(at: dt.datetime) -> int:
    return int(at.replace(tzinfo=dt.timezone.utc).timestamp())


def _iso_utc(seconds) -> str:
    return dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc).replace(tzinfo=None).isoformat()


# ---- the extraction ----------------------------------------------------------------------------

def make(plan: Plan) -> Extraction:
    """Every table of the plan's extraction, and the truth planted in it."""
    _check(plan)
    rng = np.random.default_rng(plan.seed)
    midnights = _local_midnights(plan)
    pair = _with_content(rng, _pair_contacts(rng, plan, midnights), pair=True)
    others, new_parties = _third_party_contacts(rng, plan, midnights)
    tables = {"suspect_contacts": _contact_table(_joined(pair, _with_content(rng, others, False)), plan.suspect_device)}
    if plan.victim_contacts:
        mirror = {**pair, "outgoing": ~pair["outgoing"], "party": np.full(len(pair["at"]), plan.suspect_phone, object)}
        tables["victim_contacts"] = _contact_table(mirror, plan.victim_device)
    suspect, victim, occasions = _planted(rng, plan)
    tables["suspect_locations"] = _location_table(
        _joined(_background_fixes(rng, plan, midnights, plan.suspect_home, 0, 1500), *suspect), plan.suspect_device)
    tables["victim_locations"] = _location_table(
        _joined(_background_fixes(rng, plan, midnights, plan.victim_home, 400, 1500), *victim), plan.victim_device)
    tables["victim_places"] = _places(plan)
    return Extraction(plan, tables, _truth(plan, pair, midnights, new_parties, occasions))


def _truth(plan: Plan, pair: dict, midnights: np.ndarray, new_parties: list[dict], occasions: list[dict]) -> dict:
    day = np.searchsorted(midnights, pair["at"], side="right") - 1
    counts = np.bincount(day, minlength=plan.days)
    used = np.flatnonzero(pair["channel"] == plan.new_channel) if plan.new_channel else []
    local = lambda i: (plan.start + dt.timedelta(days=int(i))).isoformat()  # noqa: E731
    return {"crime_id": plan.crime_id, "timezone": plan.timezone, "seed": plan.seed,
            "start": plan.start.isoformat(), "days": plan.days,
            "escalation": plan.escalation.isoformat() if plan.escalation else None,
            "new_channel": {"channel": plan.new_channel, "first_day": local(day[used[0]])} if len(used) else None,
            "new_third_parties": new_parties, "occasions": occasions,
            "pair_contacts": int(len(day)), "daily_pair_contacts": {local(i): int(n) for i, n in enumerate(counts) if n},
            "plan": json.loads(json.dumps(asdict(plan), default=str))}


def _check(plan: Plan) -> None:
    def bad(what: str, hint: str):
        raise StalkscreenError(f"extraction plan for {plan.crime_id}: {what}", hint=hint)
    if plan.days < 1:
        bad(f"days = {plan.days}", "give at least one day")
    end = plan.start + dt.timedelta(days=plan.days)
    if plan.escalation and not plan.start <= plan.escalation < end:
        bad(f"escalation {plan.escalation} is outside {plan.start} .. {end}", "give a date inside the span")
    homes = _distance_m(plan.victim_home, plan.suspect_home)
    if homes < MIN_HOMES_APART_M:
        bad(f"the homes are {homes:,.0f} m apart", f"put them at least {MIN_HOMES_APART_M:,} m apart")
    for o in plan.occasions:
        if o.near not in ("home", "device"):
            bad(f"occasion near {o.near!r}", "near is home or device")
        if not _epoch(dt.datetime.combine(plan.start, dt.time())) <= _epoch(o.at) < int(_local_midnights(plan)[-1]):
            bad(f"occasion at {o.at} is outside the span", "give a time inside the span")
    for phone in (plan.victim_phone, plan.suspect_phone):
        if not phone.startswith("+"):
            bad(f"phone {phone!r} is not E.164", "write it as +447700900123")


def _distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = map(lambda p: (math.radians(p[0]), math.radians(p[1])), (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


# ---- writing -----------------------------------------------------------------------------------

# table -> (kind, owner role, columns in the file)
FILES = {"suspect_contacts": ("contacts", "suspect", CONTACT_COLUMNS),
         "victim_contacts": ("contacts", "victim", CONTACT_COLUMNS),
         "suspect_locations": ("locations", "suspect", LOCATION_COLUMNS),
         "victim_locations": ("locations", "victim", LOCATION_COLUMNS),
         "victim_places": ("places", "victim", PLACE_COLUMNS)}


def write_files(extraction: Extraction, folder: Path) -> dict:
    """CSV files in the import format (times in local time with their offset) and truth.json;
    returns the truth, with the files listed (kind, owner role, device, rows)."""
    plan, folder = extraction.plan, Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pieces = dict(extraction.tables)
    duplicates = 0
    if plan.duplicated:
        pieces, duplicates = _overlapping(plan, pieces)
    files = []
    for name, table in pieces.items():
        kind, owner, columns = FILES[name.rsplit("_", 1)[0] if name[-1].isdigit() else name]
        if "at_utc" in table.column_names:
            seconds = pc.cast(table["at_utc"], pa.int64()).to_numpy()
            table = table.append_column("timestamp", iso_local(seconds, plan.timezone))
        path = folder / f"{plan.crime_id}_{name}.csv"
        pacsv.write_csv(table.select(columns), path, pacsv.WriteOptions(quoting_style="needed"))
        device = plan.suspect_device if owner == "suspect" else plan.victim_device
        files.append({"file": path.name, "kind": kind, "owner": owner,
                      "device": None if kind == "places" else device, "rows": table.num_rows})
    truth = {**extraction.truth, "files": files, "duplicate_contacts": duplicates}
    (folder / f"{plan.crime_id}_truth.json").write_text(json.dumps(truth, indent=1), encoding="utf-8")
    return truth


def _overlapping(plan: Plan, tables: dict[str, pa.Table]) -> tuple[dict[str, pa.Table], int]:
    """The suspect's contacts as two extractions of one phone: the first to 60% of the span, the
    second from 40% of it, so the middle fifth is in both."""
    midnights = _local_midnights(plan)
    cut_early, cut_late = (pa.scalar(int(midnights[int(plan.days * share)]), pa.timestamp("s")) for share in (.6, .4))
    whole = tables.pop("suspect_contacts")
    first = whole.filter(pc.less(whole["at_utc"], cut_early))
    second = whole.filter(pc.greater_equal(whole["at_utc"], cut_late))
    both = first.num_rows + second.num_rows - whole.num_rows
    return {"suspect_contacts_1": first, "suspect_contacts_2": second, **tables}, both


def write_store(con: duckdb.DuckDBPyConnection, extraction: Extraction, suspect_record: str, victim_record: str,
                by: str = "synthetic", now: dt.datetime | None = None) -> dict[str, int]:
    """The extraction straight into the evidence tables (Arrow, one transaction), as an import of
    each table would leave them (duplicates already removed); returns table -> source_id. The
    phones are matched to the two person records, which must be on the plan's crime."""
    plan, now = extraction.plan, now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    owners = {"suspect": suspect_record, "victim": victim_record}
    made = {}
    with transaction(con):
        for name, table in extraction.tables.items():
            kind, role, _ = FILES[name]
            made[name] = _store_table(con, plan, name, kind, owners[role], table, by, now)
        con.executemany("INSERT INTO evidence_party_people VALUES (?, ?, ?, 'phone', ?, ?, 'synthetic extraction')",
                        [[plan.crime_id, plan.suspect_phone, suspect_record, by, now],
                         [plan.crime_id, plan.victim_phone, victim_record, by, now]])
    return made


_INSERTS = {
    "contacts": """INSERT INTO evidence_contacts SELECT $source, $crime, row_number() OVER (), $owner, device, at_utc,
                   direction, channel, party, party, 'phone', duration_s, content FROM staged""",
    "locations": """INSERT INTO evidence_locations SELECT $source, $crime, row_number() OVER (), $owner, device, at_utc,
                    latitude, longitude, accuracy_m, source FROM staged""",
    "places": """INSERT INTO evidence_places SELECT $source, $crime, row_number() OVER (), $owner, place, place_kind,
                 latitude, longitude, radius_m FROM staged"""}


def _store_table(con, plan: Plan, name: str, kind: str, owner: str, table: pa.Table, by: str, now) -> int:
    source_id = con.execute("SELECT nextval('evidence_source_seq')").fetchone()[0]
    digest = hashlib.sha256(f"{plan!r}/{name}".encode()).hexdigest()
    device = table["device"][0].as_py() if "device" in table.column_names and table.num_rows else None
    con.execute("INSERT INTO evidence_sources VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?, 'UTC', ?, ?, ?, ?, 0, 0)",
                [source_id, plan.crime_id, kind, f"synthetic:{plan.crime_id}_{name}", digest, owner, device, by, now,
                 table.num_rows, table.num_rows])
    con.register("staged", table)
    try:
        con.execute(_INSERTS[kind], {"source": source_id, "crime": plan.crime_id, "owner": owner})
    finally:
        con.unregister("staged")
    return source_id
