"""Run untrusted submissions in child processes: a warm fork server.

    grader process ──fork (before any torch op)──> fork server (torch imported, idle)
                                                      │ fork, one per submission
                                                      ▼
                                                    child: new session, rlimits,
                                                    one thread, runs runner.run()

* The server imports torch once; each submission gets a fresh fork of it, so
  no submission pays for `import torch` and none sees another's state.
* Each child starts a new session (its own process group), gets RLIMIT_DATA
  (memory above what it inherited), RLIMIT_CPU, RLIMIT_FSIZE, and
  `torch.set_num_threads(1)` before anything else (a forked process must not
  reuse libgomp's thread pool).
* The server enforces the wall-clock timeout and kills the whole process
  group; it reports exit status, signal and peak memory. If the grader dies,
  the server sees its pipe close, kills every child and exits.

The child writes only data files (see `runner`); the verdict is computed in
the grader from those files. This stops accidents and verdict spoofing; it is
not a security boundary against a determined attacker (see
docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import select
import signal
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

FSIZE_LIMIT = 256 * 2**20


@dataclass(frozen=True)
class ChildResult:
    exit_code: Optional[int]     # None when killed by a signal
    signal: Optional[int]
    timed_out: bool
    elapsed_s: float
    max_rss_mb: float


def _vm_data_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(workdir: str, memory_mb: int, cpu_s: int) -> None:
    """In the forked child: isolate, limit, run; never returns."""
    code = 0
    try:
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        out = os.open(os.path.join(workdir, "stdout.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        err = os.open(os.path.join(workdir, "stderr.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(err, 2)
        import sys

        # whatever sys.stdout was in the grader (a pytest capture, a pipe), it is fd 1 now
        sys.stdin = open(0, encoding="utf-8", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
        os.chdir(workdir)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails instead of killing
        import torch

        torch.set_num_threads(1)
        limit = _vm_data_bytes() + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))
        from . import runner

        runner.run(Path(workdir))
    except BaseException:  # noqa: BLE001 - nothing may escape into the server's loop
        code = 70
    finally:
        os._exit(code)


def _close_other_fds(keep: set) -> None:
    """Drop every descriptor inherited from the grader (databases, logs, sockets)."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _serve(requests: int, responses: int) -> None:
    """The fork server's loop; `requests` and `responses` are pipe fds."""
    import torch

    torch.set_num_threads(1)
    _close_other_fds({requests, responses})
    # Move every object alive now out of the garbage collector's reach: a collection
    # in a child would otherwise touch (and so copy) every page it shares with us.
    gc.collect()
    gc.freeze()
    running: dict[int, dict] = {}
    buffer = b""

    def reply(data: dict) -> None:
        os.write(responses, (json.dumps(data) + "\n").encode())

    while True:
        # Wake on a request, on a child's exit (its pidfd becomes readable), or at the
        # next deadline; without pidfds (old kernels), poll every 20 ms.
        pidfds = [info["pidfd"] for info in running.values() if info["pidfd"] is not None]
        deadlines = [info["deadline"] for info in running.values() if not info["timed_out"]]
        wait = None
        if running:
            wait = 0.02 if len(pidfds) < len(running) else max(0.0, min(deadlines, default=time.monotonic() + 1)
                                                                 - time.monotonic())
        readable, _, _ = select.select([requests] + pidfds, [], [], wait)
        if requests in readable:
            chunk = os.read(requests, 65536)
            if not chunk:  # the grader is gone: take every child with us
                for pid in running:
                    _kill_group(pid)
                os._exit(0)
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                job = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    os.close(requests)
                    os.close(responses)
                    _child(job["workdir"], job["memory_mb"], int(job["timeout_s"]) + 2)
                running[pid] = {"job": job["job"], "start": time.monotonic(), "pidfd": _pidfd(pid),
                                "deadline": time.monotonic() + job["timeout_s"], "timed_out": False}
        while running:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            info = running.pop(pid, None)
            if info is None:
                continue
            if info["pidfd"] is not None:
                os.close(info["pidfd"])
            _kill_group(pid)  # whatever the child left behind in its group
            reply({"job": info["job"],
                   "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                   "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                   "timed_out": info["timed_out"],
                   "elapsed_s": time.monotonic() - info["start"],
                   "max_rss_mb": usage.ru_maxrss / 1024})
        now = time.monotonic()
        for pid, info in running.items():
            if not info["timed_out"] and now >= info["deadline"]:
                info["timed_out"] = True
                _kill_group(pid)


def _pidfd(pid: int):
    """A descriptor that becomes readable when `pid` exits (Linux 5.3+), or None."""
    try:
        return os.pidfd_open(pid)
    except (AttributeError, OSError):
        return None


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


class ForkServer:
    """Start once, early (before this process runs any torch op); then `run()` from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[int, Future] = {}
        self._next_job = 0
        self._pid: Optional[int] = None

    def start(self) -> "ForkServer":
        import numpy  # noqa: F401 - preloaded for every child
        import torch  # noqa: F401

        from . import codec, runner  # noqa: F401

        request_r, request_w = os.pipe()
        response_r, response_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(request_w)
            os.close(response_r)
            try:
                _serve(request_r, response_w)
            finally:
                os._exit(0)
        os.close(request_r)
        os.close(response_w)
        self._pid = pid
        self._requests = request_w
        self._responses = os.fdopen(response_r, "rb")
        threading.Thread(target=self._read_replies, name="forkserver-replies", daemon=True).start()
        return self

    def _read_replies(self) -> None:
        for line in self._responses:
            data = json.loads(line)
            future = self._pending.pop(data.pop("job"), None)
            if future is not None:
                future.set_result(ChildResult(**data))
        for future in list(self._pending.values()):  # the server died
            future.set_exception(RuntimeError("the grading server stopped unexpectedly"))

    def run(self, workdir: Path, timeout_s: float, memory_mb: int) -> ChildResult:
        future: Future = Future()
        with self._lock:
            if self._pid is None:
                raise RuntimeError("ForkServer.start() was not called")
            job = self._next_job
            self._next_job += 1
            self._pending[job] = future
            request = {"job": job, "workdir": str(workdir), "timeout_s": float(timeout_s),
                       "memory_mb": int(memory_mb)}
            os.write(self._requests, (json.dumps(request) + "\n").encode())
        return future.result()

    def close(self) -> None:
        if self._pid is None:
            return
        os.close(self._requests)
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:
            pass
        self._pid = None


_shared: Optional[ForkServer] = None
_shared_lock = threading.Lock()


def shared_server() -> ForkServer:
    """One fork server per process, started on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ForkServer().start()
        return _shared
