"""Paths the tests share (import as `from paths import ...`)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_BANK = ROOT / "tests" / "fixtures" / "bank"
SEQPREP = str(Path(sys.executable).with_name("seqprep"))
