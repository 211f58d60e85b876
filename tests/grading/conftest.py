"""One warm fork server for the whole grading test session; the slow in-process jobs
(seed sweeps, mutation scores: `sweep.JOBS`) start as soon as the tests are collected and
their tests run last, so the worker processes compute while pytest runs everything else."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def server():
    from seqprep.grading.grader import start_server

    return start_server()


def pytest_collection_modifyitems(session, config, items):
    # a conftest's collection hook sees the items of the whole session, not only of this folder
    from sweep import JOBS

    slow = [item for item in items if getattr(item, "originalname", None) in JOBS]
    if slow:
        items[:] = [item for item in items if item not in slow] + slow


def pytest_collection_finish(session):
    if not session.config.option.collectonly:
        from sweep import start_all

        start_all(session)
