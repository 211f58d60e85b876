"""Shared fixtures: every test gets its own SEQPREP_HOME, so nothing touches
the user's progress or the working directory."""

from __future__ import annotations

import os

import pytest


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
