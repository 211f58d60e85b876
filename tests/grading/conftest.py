"""One warm fork server for the whole grading test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def server():
    from seqprep.grading.grader import start_server

    return start_server()
