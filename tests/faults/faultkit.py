"""What the fault tests share: a bank of quick numeric questions, a real `seqprep quiz`
in a pseudo-terminal, the progress database read with plain sqlite3 (not through
seqprep's store), and ways to make storage read-only.

Read-only storage has to refuse writes to root too (CI and this machine run the
suite as root, where `chmod` changes nothing). `read_only_prefix()` therefore puts
the command in a bubblewrap sandbox whose view of the folder or file is a
read-only bind mount: the kernel answers EROFS to every uid. bwrap needs no
privileges where unprivileged user namespaces are allowed. Without bwrap, a
non-root user gets `chmod a-w` instead (EACCES); root without bwrap skips.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sqlite3
import stat
import subprocess
from pathlib import Path

import pexpect
import pytest
import yaml

from paths import FIXTURE_BANK, SEQPREP

ANSWER = "15775744"  # the fixture's RNN weight count: 300·512 + 512² + 30000·512
ASK = r"Your answer \(a number\):"
RATE = r"\[Enter = 3\]"
QUESTION_ID = re.compile(r"· (fq-\d+) ")
BUSY = "the progress database is in use by another program; try again"


def make_bank(folder: Path, n: int) -> Path:
    """n copies of the fixture bank's numeric question, ids fq-01 … fq-NN."""
    source = yaml.safe_load((FIXTURE_BANK / "mini.yaml").read_text(encoding="utf-8"))
    numeric = next(q for q in source if q["kind"] == "numeric")
    folder.mkdir(parents=True, exist_ok=True)
    copies = [dict(numeric, id=f"fq-{i:02d}") for i in range(1, n + 1)]
    (folder / "faults.yaml").write_text(yaml.safe_dump(copies, allow_unicode=True), encoding="utf-8")
    return folder


def spawn_quiz(env, *args, prefix=(), preexec_fn=None) -> pexpect.spawn:
    command = [*prefix, SEQPREP, "quiz", "--lang", "en", *args]
    return pexpect.spawn(command[0], command[1:], env=env, encoding="utf-8", timeout=30,
                         dimensions=(50, 200), preexec_fn=preexec_fn)


def answer_one(child: pexpect.spawn, rating: str) -> str:
    """Answer the question on screen correctly and rate it; returns its id.

    The rating is committed before the quiz prints anything else, so once the
    next prompt (or the summary) shows, it is on disk."""
    child.expect(ASK)
    qid = QUESTION_ID.findall(child.before)[-1]
    child.sendline(ANSWER)
    child.expect(RATE)
    child.sendline(rating)
    return qid


def run(env, *args, prefix=(), timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, SEQPREP, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def reviews(db_path: Path) -> list[tuple]:
    """(question_id, rating, session) of every stored review, in order, read with plain sqlite3."""
    db = sqlite3.connect(f"{db_path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return db.execute("SELECT question_id, rating, session FROM reviews ORDER BY id").fetchall()
    finally:
        db.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def error_lines(text: str) -> list[str]:
    """The non-empty lines of `text`, without terminal styling."""
    return [line.strip() for line in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines() if line.strip()]


# --- read-only storage ----------------------------------------------------------


def _bwrap_works() -> bool:
    if shutil.which("bwrap") is None:
        return False
    probe = subprocess.run(["bwrap", "--dev-bind", "/", "/", "--ro-bind", "/tmp", "/tmp", "true"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


BWRAP = _bwrap_works()


@contextlib.contextmanager
def read_only(*paths: Path):
    """Yields a command prefix under which `paths` are read-only for every user."""
    if BWRAP:
        prefix = ["bwrap", "--dev-bind", "/", "/"]
        for path in paths:
            prefix += ["--ro-bind", str(path), str(path)]
        yield [*prefix, "--"]
        return
    if os.geteuid() == 0:
        pytest.skip("read-only storage for root needs bwrap (a read-only bind mount)")
    modes = {path: path.stat().st_mode for path in paths}
    try:
        for path in paths:
            path.chmod(stat.S_IMODE(modes[path]) & ~0o222)
        yield []
    finally:
        for path, mode in modes.items():
            path.chmod(stat.S_IMODE(mode))


def seen(env, prefix=()) -> int:
    """How many questions `seqprep stats` counts as seen (it must exit 0)."""
    import json

    out = run(env, "stats", "--json", prefix=prefix)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)["total"]["seen"]


def rate_some(env, ratings) -> list[tuple]:
    """A whole quiz session that rates len(ratings) questions; returns [(qid, rating)]."""
    child = spawn_quiz(env, "--n", str(len(ratings)))
    given = [(answer_one(child, r), int(r)) for r in ratings]
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return given


def populate(db_path: Path, ratings, session: str = "setup") -> list[tuple]:
    """Store reviews with real FSRS cards in-process (set-up only; the faults run seqprep
    itself). `ratings` is [(question_id, rating)]; returns it."""
    from datetime import timedelta

    from seqprep.schedule import Schedule
    from seqprep.store import Store, utcnow

    db_path.parent.mkdir(parents=True, exist_ok=True)
    store, schedule = Store(db_path), Schedule()
    at = utcnow() - timedelta(days=1)
    for qid, rating in ratings:
        state = schedule.state(qid, store.latest_cards().get(qid))
        store.add_review(qid, rating, schedule.review(state, rating, at).to_dict(), at=at, session=session)
    store.close()
    return list(ratings)
