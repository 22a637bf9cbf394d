"""A small synthetic force, loaded and linked once per session (tests that write use a copy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import copy_store, link, synthetic_store


@pytest.fixture(scope="session")
def linked_force(tmp_path_factory) -> Path:
    db = synthetic_store(tmp_path_factory.mktemp("harm_force"), crimes=3000, seed=5)
    link(db)
    return db


@pytest.fixture
def force_copy(linked_force, tmp_path) -> Path:
    return copy_store(linked_force, tmp_path)
