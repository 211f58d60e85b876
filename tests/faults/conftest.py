"""Fault-injection tests: each runs the real `seqprep` in its own process and breaks
something underneath it (a kill, a lock, a full disk, read-only storage, damage)."""

from __future__ import annotations

import pytest
from faultkit import make_bank


@pytest.fixture
def fault_env(cli_env, tmp_path):
    """A private SEQPREP_HOME, a bank of 8 quick numeric questions, a 1 s busy timeout."""
    cli_env["SEQPREP_BANK"] = str(make_bank(tmp_path / "bank", 8))
    cli_env["SEQPREP_BUSY_TIMEOUT"] = "1"
    return cli_env
