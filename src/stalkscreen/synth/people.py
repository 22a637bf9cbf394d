"""Synthetic people: a stable true identity each, written onto crime records with the noise a
real records system holds (nicknames, typos, changed surnames, moved house, new phones...)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from stalkscreen.synth import vocab
from stalkscreen.synth.clock import day_number, EPOCH

FORENAMES = vocab.FEMALE_NAMES + vocab.MALE_NAMES
_NICK_FLAT: list[str] = []
_NICK_START = np.zeros(len(FORENAMES), dtype=np.int64)
_NICK_COUNT = np.zeros(len(FORENAMES), dtype=np.int64)
for _i, _name in enumerate(FORENAMES):
    _nicks = vocab.NICKNAMES.get(_name, [])
    _NICK_START[_i] = len(FORENAMES) + len(_NICK_FLAT)
    _NICK_COUNT[_i] = len(_nicks)
    _NICK_FLAT.extend(_nicks)
FORENAMES_EXT = np.array(FORENAMES + _NICK_FLAT, dtype=object)
SURNAMES = np.array(vocab.SURNAMES, dtype=object)
_N_FEMALE = len(vocab.FEMALE_NAMES)


def _email_part(name: str) -> str:
    plain = name.lower().replace("ë", "e").replace("â", "a")
    return "".join(c for c in plain if "a" <= c <= "z")


_EMAIL_FORENAMES = np.array([_email_part(n) for n in FORENAMES], dtype=object)
_EMAIL_SURNAMES = np.array([_email_part(n) for n in vocab.SURNAMES], dtype=object)


@dataclass
class Identities:
    """True people. Even index = female, odd = male, so a sex-specific draw is arithmetic."""

    sex: np.ndarray            # 0 female, 1 male
    forename: np.ndarray       # index into FORENAMES
    surname: np.ndarray        # index into SURNAMES
    alt_surname: np.ndarray    # text or None: a changed or hyphenated surname
    dob: np.ndarray            # day number
    address: np.ndarray        # index into Addresses, current
    old_address: np.ndarray    # index into Addresses, or -1 (moved house)
    phone: np.ndarray          # 10-digit national number starting 7
    new_phone: np.ndarray      # 0 if none
    email: pa.Array
    alt_email: pa.Array

    def __len__(self) -> int:
        return len(self.sex)

    def draw(self, rng: np.random.Generator, n: int, sex: np.ndarray | None = None, frequent: float = 0.15) -> np.ndarray:
        """n identities: most drawn across the whole population, a share from a small pool of
        people who turn up again and again (prolific offenders, repeat victims)."""
        half = len(self) // 2
        pool = np.where(rng.random(n) < frequent, max(half // 40, 1), half)
        frequent_draw = pool < half
        k = np.floor(pool * rng.random(n) ** np.where(frequent_draw, 1.4, 1.0)).astype(np.int64)
        sex = rng.integers(0, 2, n) if sex is None else sex
        return 2 * k + sex


@dataclass
class Addresses:
    text: pa.Array      # "12 Church Road, Ashbury"
    postcode: pa.Array  # "AB12 3DE"
    town: np.ndarray


def make_addresses(rng: np.random.Generator, n: int) -> Addresses:
    town = rng.integers(0, len(vocab.TOWNS), n)
    house = rng.integers(1, 180, n)
    flat = rng.random(n) < 0.12
    street = pa.array(np.array(vocab.STREET_NAMES, dtype=object)[rng.integers(0, len(vocab.STREET_NAMES), n)])
    suffix = pa.array(np.array(vocab.STREET_SUFFIXES, dtype=object)[rng.integers(0, len(vocab.STREET_SUFFIXES), n)])
    towns = np.array([t for t, _ in vocab.TOWNS], dtype=object)
    areas = np.array([a for _, a in vocab.TOWNS], dtype=object)
    number = pc.cast(pa.array(house), pa.string())
    flat_prefix = pa.array(np.where(flat, "Flat " + (rng.integers(1, 9, n)).astype(str) + ", ", "").astype(object))
    text = pc.binary_join_element_wise(flat_prefix, number, " ", street, " ", suffix, ", ", pa.array(towns[town]), "")
    letters = np.array(list(vocab.INWARD_LETTERS), dtype=object)
    district = pc.cast(pa.array(rng.integers(1, 30, n)), pa.string())
    inward = pc.binary_join_element_wise(
        pc.cast(pa.array(rng.integers(1, 10, n)), pa.string()),
        pa.array(letters[rng.integers(0, len(letters), n)]), pa.array(letters[rng.integers(0, len(letters), n)]), "")
    postcode = pc.binary_join_element_wise(pc.binary_join_element_wise(pa.array(areas[town]), district, ""), inward, " ")
    return Addresses(text=text, postcode=postcode, town=town)


def make_identities(rng: np.random.Generator, n: int, addresses: Addresses, end_day: int) -> Identities:
    n += n % 2
    sex = np.arange(n) % 2
    fem = rng.integers(0, _N_FEMALE, n)
    male = rng.integers(_N_FEMALE, len(FORENAMES), n)
    forename = np.where(sex == 0, fem, male)
    surname = rng.integers(0, len(SURNAMES), n)
    other = SURNAMES[rng.integers(0, len(SURNAMES), n)]
    change = rng.random(n)
    alt = np.full(n, None, dtype=object)
    married = (change < 0.06) & (sex == 0)
    hyphen = (change >= 0.06) & (change < 0.10) & (sex == 0)
    alt[married] = other[married]
    alt[hyphen] = SURNAMES[surname[hyphen]] + "-" + other[hyphen]
    age_days = (rng.gamma(2.2, 9.0, n) + 16) * 365.25  # median age about 33
    dob = (end_day - np.minimum(age_days, 90 * 365)).astype(np.int64)
    address = rng.integers(0, len(addresses.postcode), n)
    moved = rng.random(n) < 0.22
    old_address = np.where(moved, rng.integers(0, len(addresses.postcode), n), -1)
    phone = 7_000_000_000 + rng.integers(100_000_000, 999_999_999, n)
    new_phone = np.where(rng.random(n) < 0.25, 7_000_000_000 + rng.integers(100_000_000, 999_999_999, n), 0)
    first = pa.array(_EMAIL_FORENAMES[forename])
    last = pa.array(_EMAIL_SURNAMES[surname])
    year2 = pc.utf8_lpad(pc.cast(pa.array((dob // 365 + 70) % 100), pa.string()), 2, "0")
    digits = pc.cast(pa.array(rng.integers(1, 999, n)), pa.string())
    initial = pc.utf8_slice_codeunits(first, 0, 1)
    styles = [
        pc.binary_join_element_wise(first, last, "."),
        pc.binary_join_element_wise(first, last, year2, ""),
        pc.binary_join_element_wise(initial, last, "."),
        pc.binary_join_element_wise(last, first, digits, ""),
        pc.binary_join_element_wise(first, "_", last, digits, ""),
    ]
    domains = np.array(vocab.EMAIL_DOMAINS, dtype=object)

    # A mailbox belongs to one person: a number from the identity keeps two namesakes apart.
    owner = pc.cast(pa.array(np.arange(n)), pa.string())

    def email(style: np.ndarray, domain: np.ndarray) -> pa.Array:
        local = pc.binary_join_element_wise(pc.choose(pa.array(style), *styles), owner, "")
        return pc.binary_join_element_wise(local, pa.array(domains[domain]), "@")

    return Identities(
        sex=sex, forename=forename, surname=surname, alt_surname=alt, dob=dob, address=address,
        old_address=old_address, phone=phone, new_phone=new_phone,
        email=email(rng.integers(0, len(styles), n), rng.integers(0, len(domains), n)),
        alt_email=email(rng.integers(0, len(styles), n), rng.integers(0, len(domains), n)),
    )


_KEYBOARD = "qwertyuiopasdfghjklzxcvbnm"


def typo(word: str, r: float) -> str:
    """One keying slip: a dropped, doubled, swapped or wrong letter."""
    if len(word) < 3:
        return word
    i = 1 + int(r * 997) % (len(word) - 2)
    kind = int(r * 4)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    letter = _KEYBOARD[int(r * 7919) % len(_KEYBOARD)]
    return word[:i] + (letter.upper() if word[i].isupper() else letter) + word[i + 1:]


def _swap_day_month(days: np.ndarray) -> np.ndarray:
    d = days.astype("datetime64[D]")
    year = d.astype("datetime64[Y]")
    month_start = d.astype("datetime64[M]")
    month = (month_start - year.astype("datetime64[M]")).astype(np.int64) + 1
    day = (d - month_start.astype("datetime64[D]")).astype(np.int64) + 1
    ok = (day <= 12) & (day != month)
    swapped = (year.astype("datetime64[M]") + (day - 1)).astype("datetime64[D]") + (month - 1)
    return np.where(ok, swapped.astype(np.int64), days)


def _phone_text(number: np.ndarray, style: np.ndarray) -> pa.Array:
    s = pc.cast(pa.array(number), pa.string())  # "7xxxxxxxxx"
    head, tail = pc.utf8_slice_codeunits(s, 0, 4), pc.utf8_slice_codeunits(s, 4, 10)
    mid, end = pc.utf8_slice_codeunits(s, 4, 7), pc.utf8_slice_codeunits(s, 7, 10)
    forms = [
        pc.binary_join_element_wise("0", s, ""),
        pc.binary_join_element_wise("0", head, " ", tail, ""),
        pc.binary_join_element_wise("+44 ", head, " ", tail, ""),
        pc.binary_join_element_wise("+44", s, ""),
        pc.binary_join_element_wise("0", head, "-", mid, "-", end, ""),
        pc.binary_join_element_wise("(0)", head, " ", mid, " ", end, ""),
    ]
    return pc.choose(pa.array(style), *forms)


def render(rng: np.random.Generator, who: Identities, where: Addresses, ids: np.ndarray, role: np.ndarray) -> dict:
    """Person-record columns for identities ids (role 0 victim, 1 suspect, 2 witness, 3 reporter)."""
    n = len(ids)
    u = rng.random((12, n))
    fore = who.forename[ids]
    nick = (u[0] < 0.12) & (_NICK_COUNT[fore] > 0)
    fore_idx = np.where(nick, _NICK_START[fore] + (u[1] * np.maximum(_NICK_COUNT[fore], 1)).astype(np.int64), fore)
    forename = FORENAMES_EXT[fore_idx]
    alt = who.alt_surname[ids]
    surname = np.where((alt != None) & (u[2] < 0.55), alt, SURNAMES[who.surname[ids]])  # noqa: E711
    for column, p_typo in ((forename, 0.035), (surname, 0.04)):
        hit = np.flatnonzero(u[3] < p_typo) if column is forename else np.flatnonzero(u[4] < p_typo)
        column[hit] = [typo(w, r) for w, r in zip(column[hit], u[5][hit])]
    caps = np.flatnonzero(u[6] < 0.2)
    surname[caps] = [s.upper() for s in surname[caps]]
    swap = u[7] < 0.012
    forename, surname = np.where(swap, surname, forename), np.where(swap, forename, surname)
    place = u[8]
    forename[place < 0.004] = np.array(vocab.PLACEHOLDER_NAMES, dtype=object)[(u[9][place < 0.004] * 4).astype(int)]
    surname[(place > 0.996)] = "UNKNOWN"

    dob = who.dob[ids].copy()
    dob = np.where(u[9] < 0.02, _swap_day_month(dob), dob)
    dob_valid = u[10] >= np.where(role >= 2, 0.35, 0.1)
    dob = np.where(u[11] < 0.004, day_number(EPOCH.replace(year=1900)), dob)

    v = rng.random((8, n))
    moved = who.old_address[ids] >= 0
    addr = np.where(moved & (v[0] < 0.45), who.old_address[ids], who.address[ids])
    address_text = where.text.take(pa.array(addr))
    address_text = pc.if_else(pa.array(v[1] < 0.1), pc.utf8_upper(address_text), address_text)
    postcode = where.postcode.take(pa.array(addr))
    postcode = pc.if_else(pa.array(v[2] < 0.06), pc.replace_substring(postcode, " ", ""), postcode)
    postcode = pc.if_else(pa.array(v[2] > 0.97), pc.utf8_lower(postcode), postcode)
    addr_valid = v[3] >= np.where(role >= 2, 0.3, 0.07)

    new = who.new_phone[ids]
    number = np.where((new > 0) & (v[4] < 0.5), new, who.phone[ids])
    phone = _phone_text(number, rng.integers(0, 6, n))
    phone_valid = v[5] >= 0.25
    email = pc.if_else(pa.array(v[6] < 0.3), who.alt_email.take(pa.array(ids)), who.email.take(pa.array(ids)))
    email = pc.if_else(pa.array(v[6] > 0.96), pc.utf8_upper(email), email)
    email_valid = v[7] >= np.where(role >= 2, 0.7, 0.45)

    sex_u = rng.random(n)
    sex = np.where(who.sex[ids] == 0, "F", "M").astype(object)
    sex[sex_u < 0.02] = None
    sex[(sex_u >= 0.02) & (sex_u < 0.03)] = "U"
    return {
        "forename": pa.array(forename, type=pa.string()),
        "surname": pa.array(surname, type=pa.string()),
        "dob_day": dob, "dob_valid": dob_valid,
        "sex": pa.array(sex, type=pa.string()),
        "address": pc.if_else(pa.array(addr_valid), address_text, pa.scalar(None, pa.string())),
        "postcode": pc.if_else(pa.array(addr_valid), postcode, pa.scalar(None, pa.string())),
        "phone": pc.if_else(pa.array(phone_valid), phone, pa.scalar(None, pa.string())),
        "email": pc.if_else(pa.array(email_valid), email, pa.scalar(None, pa.string())),
        "address_index": addr,
    }
