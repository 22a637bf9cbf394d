"""Small helpers for building text columns."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def ids(prefix: str | np.ndarray, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers), pa.string()), width, "0")
    head = pa.array(prefix, pa.string()) if isinstance(prefix, np.ndarray) else prefix
    return pc.binary_join_element_wise(head, digits, "")


def text(values: np.ndarray) -> pa.Array:
    return pa.array(values, type=pa.string())
