"""Time for the synthetic force: whole minutes since 1970-01-01 (int64), so that every export
style (with or without seconds) writes the same instants."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EPOCH = dt.date(1970, 1, 1)
MINUTES_PER_DAY = 1440
WINDOW_DAYS = 3 * 365
# Reports come in more in the afternoon and evening than at night.
_HOUR_WEIGHTS = np.array([2, 1.5, 1, 0.7, 0.5, 0.5, 0.8, 1.5, 3, 4, 4.5, 5, 5, 5, 5, 5.5, 6, 6.5, 6.5, 6, 5.5, 5, 4, 3])
_HOUR_P = _HOUR_WEIGHTS / _HOUR_WEIGHTS.sum()


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def window(end_date: dt.date) -> tuple[int, int]:
    """First and last minute of the export: about three years up to the end date's last minute."""
    end_day = day_number(end_date)
    return (end_day - WINDOW_DAYS) * MINUTES_PER_DAY, end_day * MINUTES_PER_DAY + MINUTES_PER_DAY - 1


def random_minutes(rng: np.random.Generator, n: int, first: int, last: int) -> np.ndarray:
    """Times spread uniformly over days, with a daily rhythm over hours."""
    first_day, last_day = first // MINUTES_PER_DAY, last // MINUTES_PER_DAY
    days = rng.integers(first_day, last_day + 1, n)
    hours = rng.choice(24, n, p=_HOUR_P)
    minutes = days * MINUTES_PER_DAY + hours * 60 + rng.integers(0, 60, n)
    return np.clip(minutes, first, last)


def timestamp_text(minutes: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Minutes as ISO text `YYYY-MM-DD HH:MM`; rows where valid is False become null.
    (A cast and a slice: several times faster than strftime on millions of rows.)"""
    ts = pa.array(minutes.astype("int64") * 60, type=pa.timestamp("s"), mask=None if valid is None else ~valid)
    return pc.utf8_slice_codeunits(pc.cast(ts, pa.string()), 0, 16)


def date_text(days: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Day numbers as ISO dates `YYYY-MM-DD`."""
    dates = pa.array(days.astype("int32"), type=pa.date32(), mask=None if valid is None else ~valid)
    return pc.cast(dates, pa.string())


def day_first(iso: pa.Array) -> pa.Array:
    """ISO text (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM`) rewritten as `DD/MM/YYYY[ HH:MM]`."""
    part = lambda a, b: pc.utf8_slice_codeunits(iso, a, b)  # noqa: E731
    date = pc.binary_join_element_wise(part(8, 10), part(5, 7), part(0, 4), "/")
    time = part(11, 16)
    has_time = pc.greater(pc.utf8_length(time), 0)
    return pc.if_else(has_time, pc.binary_join_element_wise(date, time, " "), date)


def minute_label(minute: int, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return (dt.datetime(1970, 1, 1) + dt.timedelta(minutes=int(minute))).strftime(fmt)


def day_label(day: int, fmt: str = "%Y-%m-%d") -> str:
    return (EPOCH + dt.timedelta(days=int(day))).strftime(fmt)
