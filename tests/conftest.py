"""Shared fixtures: every test gets its own SEQPREP_HOME, so nothing touches
the user's progress or the working directory."""

from __future__ import annotations

import os

import pytest

# The seed sweeps' worker processes keep both cores busy while the other tests run (tests/grading/
# conftest.py). libgomp's waiting threads spin by default, and a spinning torch thread that shares a
# core with a worker slowed a multi-threaded test 25-fold (105 s instead of 4 s). Passive waiting,
# set before anything imports torch, is what `seqprep bench` uses for the same reason.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("SEQPREP_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("SEQPREP_BANK", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def cli_env(tmp_path):
    """Environment for running the `seqprep` executable in a subprocess."""
    env = dict(os.environ)
    env.update(SEQPREP_HOME=str(tmp_path / "home"), NO_COLOR="1", COLUMNS="120", PYTHONUTF8="1")
    env.pop("SEQPREP_BANK", None)
    return env
