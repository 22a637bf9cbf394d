"""Fixtures for every test folder (their helpers live in tests/support.py)."""

from __future__ import annotations

import pytest

from support import run_cli


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `stalkscreen ARGS...` in-process: (exit status, stdout, stderr)."""
    return lambda *args: run_cli(monkeypatch, capsys, *args)
