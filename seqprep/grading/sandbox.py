"""Run untrusted submissions in sandboxed children of a warm fork server.

    grader ──fork (before any torch op)──> fork server: torch imported, idle,
      │                                    inside the jail's outer sandbox
      │ writes io/<job>/in/                  │ one child per submission, in its
      │ reads  io/<job>/out/                 ▼ own sandbox (see `jail`)
      └──── JSON lines over two pipes ──── child: limits, one thread, runner.run()

* The server imports nothing new: it is a fork of the grader taken right after
  `import torch`, so no submission pays for the import and none sees another's
  state. It runs no torch op itself (a process whose OpenMP pool has started
  cannot be forked safely) and calls `gc.freeze()`, so that a collection in a
  child does not touch, and so copy, every page shared with the server.
* It enforces the wall-clock timeout (it kills the child; in the namespace jail
  the child is PID 1 of its namespace, so everything it started dies with it)
  and reports exit status, signal and peak memory. After a child is gone it
  copies the expected result files, size-capped, from the child's folder to
  io/<job>/out/; the grader reads only those.
* If the grader dies or closes the pipe (Ctrl-C), the server kills every child,
  waits for each, and exits; `ForkServer.close()` waits for that.

Where user namespaces are unavailable the server falls back to the process jail
and says why (`ForkServer.isolation`, `.reason`).
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import select
import shutil
import signal
import tempfile
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import jail as jails


@dataclass(frozen=True)
class ChildResult:
    exit_code: Optional[int]     # None when killed by a signal
    signal: Optional[int]
    timed_out: bool
    elapsed_s: float
    max_rss_mb: float
    error: str = ""              # the sandbox itself failed (an internal error, not the submission's)
    refused: tuple = field(default=())  # result files too large or not regular files


def _serve(requests: int, responses: int, layout: jails.Layout, isolation: bool) -> None:
    """The fork server's loop; `requests` and `responses` are pipe fds. Never returns."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the grader's to handle: it closes the pipe
    try:
        from . import linux

        linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)  # again after a change of user (the jail)
    except OSError:
        pass
    low, high = sorted((requests, responses))
    os.closerange(3, low)  # every descriptor inherited from the grader: databases, logs, sockets
    os.closerange(low + 1, high)
    os.closerange(high + 1, 1 << 20)

    def reply(data: dict) -> None:
        os.write(responses, (json.dumps(data) + "\n").encode())

    jail = jails.make_jail(layout, isolation)
    try:
        jail.enter_server()
    except BaseException as exc:  # noqa: BLE001 - the grader starts a process-jail server instead
        reply({"hello": True, "failed": jails.describe_failure(exc)})
        os._exit(0)
    reply({"hello": True, "isolation": jail.kind})
    # Move every object alive now out of the garbage collector's reach: a collection
    # in a child would otherwise touch (and so copy) every page it shares with us.
    gc.collect()
    gc.freeze()
    running: dict[int, dict] = {}
    buffer = b""

    def finish(pid: int, status: int, usage) -> None:
        info = running.pop(pid)
        if info["run"].pidfd is not None:
            os.close(info["run"].pidfd)
        try:
            extra = jail.finish(info["job"], info["run"])
        except Exception as exc:  # noqa: BLE001
            extra = {"setup_error": f"collecting the results failed: {exc}"}
        error = extra.get("setup_error", "")
        reply({"job": info["id"],
               "exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
               "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
               "timed_out": info["timed_out"], "elapsed_s": time.monotonic() - info["start"],
               "max_rss_mb": usage.ru_maxrss / 1024, "error": error, "refused": extra.get("refused", [])})

    while True:
        # Wake on a request, on a child's exit (its pidfd becomes readable), or at the
        # next deadline; without pidfds (old kernels), poll every 20 ms.
        pidfds = [info["run"].pidfd for info in running.values() if info["run"].pidfd is not None]
        deadlines = [info["deadline"] for info in running.values() if not info["timed_out"]]
        wait = None
        if running:
            wait = 0.02 if len(pidfds) < len(running) else max(
                0.0, min(deadlines, default=time.monotonic() + 1) - time.monotonic())
        readable, _, _ = select.select([requests] + pidfds, [], [], wait)
        if requests in readable:
            chunk = os.read(requests, 65536)
            if not chunk:  # the grader is gone or interrupted: take every child with us
                for info in running.values():
                    jail.kill(info["run"])
                for pid in list(running):
                    try:
                        os.waitpid(pid, 0)
                    except ChildProcessError:
                        pass
                os._exit(0)
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                request = json.loads(line)
                job = jails.Job(request["name"], float(request["timeout_s"]), int(request["memory_mb"]))
                started = time.monotonic()
                try:
                    run = jail.start(job)
                except Exception as exc:  # noqa: BLE001 - reported as an internal error of this job
                    reply({"job": request["job"], "exit_code": None, "signal": None, "timed_out": False,
                           "elapsed_s": 0.0, "max_rss_mb": 0.0, "error": f"the sandbox could not start: {exc}",
                           "refused": []})
                    continue
                running[run.pid] = {"id": request["job"], "job": job, "run": run, "start": started,
                                    "deadline": started + job.timeout_s, "timed_out": False}
        while running:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if pid in running:
                finish(pid, status, usage)
        now = time.monotonic()
        for info in running.values():
            if not info["timed_out"] and now >= info["deadline"]:
                info["timed_out"] = True
                jail.kill(info["run"])


class ForkServer:
    """Start once, early (before this process runs any torch op); then `run()` from any thread.

    `isolation=False` asks for the process jail (`grade --no-isolation`); with True the
    server tries namespaces and falls back, setting `reason`.
    """

    def __init__(self, isolation: bool = True, hidden=()) -> None:
        self._lock = threading.Lock()
        self._pending: dict[int, Future] = {}
        self._next_job = 0
        self._pid: Optional[int] = None
        self._owner: Optional[int] = None
        self._wanted = isolation
        self._hidden = tuple(hidden)
        self.isolation = ""
        self.reason = ""
        self.folder: Optional[Path] = None

    def start(self) -> "ForkServer":
        import numpy  # noqa: F401 - preloaded for every child
        import torch  # noqa: F401
        import torch.overrides  # noqa: F401

        from . import codec, linux, runner, traps  # noqa: F401 - the server cannot import after its pivot

        self.folder = Path(tempfile.mkdtemp(prefix="seqprep-grader-", dir=_scratch()))
        (self.folder / "io").mkdir()
        (self.folder / "root").mkdir()
        layout = jails.default_layout(self.folder / "io", self.folder / "root", self._hidden)
        self._owner = layout.uid
        for path in (self.folder, self.folder / "io", self.folder / "root"):
            self._hand_over(path)
        hello = self._fork(layout, self._wanted)
        if "failed" in hello:
            self.reason = hello["failed"]
            hello = self._fork(layout, False)
        self.isolation = hello.get("isolation", "")
        if self._wanted and self.isolation != "namespaces" and not self.reason:
            self.reason = "the sandbox could not use namespaces"
        if not self._wanted:
            self.reason = "isolation was turned off (--no-isolation)"
        threading.Thread(target=self._read_replies, name="forkserver-replies", daemon=True).start()
        atexit.register(self.close)  # a test session or a library user; the commands close it themselves
        return self

    def _fork(self, layout: jails.Layout, isolation: bool) -> dict:
        request_r, request_w = os.pipe()
        response_r, response_w = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                _serve(request_r, response_w, layout, isolation)
            finally:
                os._exit(0)
        os.close(request_r)
        os.close(response_w)
        responses = os.fdopen(response_r, "rb")
        line = responses.readline()
        hello = json.loads(line) if line else {"failed": "the grading server did not start"}
        if "failed" in hello:
            os.close(request_w)
            responses.close()
            os.waitpid(pid, 0)
            return hello
        self._pid, self._requests, self._responses = pid, request_w, responses
        return hello

    def _read_replies(self) -> None:
        for line in self._responses:
            data = json.loads(line)
            future = self._pending.pop(data.pop("job"), None)
            if future is not None:
                data["refused"] = tuple(data.get("refused", ()))
                future.set_result(ChildResult(**data))
        for future in list(self._pending.values()):  # the server died
            future.set_exception(RuntimeError("the grading server stopped unexpectedly"))

    @property
    def pid(self) -> Optional[int]:
        """The fork server's process id (None once closed)."""
        return self._pid

    def _hand_over(self, path: Path) -> None:
        """Make `path` the sandbox user's (when the grader runs as root and the sandbox does not)."""
        if self._owner is not None:
            os.chown(path, self._owner, self._owner)

    def new_job(self) -> Path:
        """A fresh job folder with in/ (for the grader to fill) and out/ (for the results)."""
        with self._lock:
            name = f"job{self._next_job}"
            self._next_job += 1
        folder = self.folder / "io" / name
        (folder / "in").mkdir(parents=True)
        (folder / "out").mkdir()
        for path in (folder, folder / "in", folder / "out"):
            self._hand_over(path)
        return folder

    def run(self, folder: Path, timeout_s: float, memory_mb: int) -> ChildResult:
        """Run the submission in `folder` (from `new_job`); returns once its sandbox is gone."""
        for path in (folder / "in").iterdir():
            self._hand_over(path)
        future: Future = Future()
        with self._lock:
            if self._pid is None:
                raise RuntimeError("ForkServer.start() was not called")
            job = id(future)
            self._pending[job] = future
            request = {"job": job, "name": folder.name, "timeout_s": float(timeout_s),
                       "memory_mb": int(memory_mb)}
            os.write(self._requests, (json.dumps(request) + "\n").encode())
        return future.result()

    def close(self, wait: bool = True) -> None:
        """Kill every running child; with `wait`, return only when the server and its children are gone.

        `wait=False` is for an idle server at exit: it leaves by itself once the pipe closes.
        """
        global _shared
        if _shared is self:
            _shared = None
        if self._pid is None:
            return
        try:
            os.close(self._requests)
        except OSError:
            pass
        if wait:
            try:
                os.waitpid(self._pid, 0)
            except ChildProcessError:
                pass
        self._pid = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


def _scratch() -> Optional[str]:
    """Job folders live in memory when /dev/shm is a writable tmpfs (each file there is capped), else
    in the temporary folder: writing a dozen small files per submission to a journaled disk costs
    milliseconds."""
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK | os.X_OK):
        try:
            if os.statvfs("/dev/shm").f_bavail * os.statvfs("/dev/shm").f_frsize > 512 * 2**20:
                return "/dev/shm"
        except OSError:
            pass
    return None


_shared: Optional["ForkServer"] = None
_shared_lock = threading.Lock()


def shared_server(isolation: bool = True, hidden=()) -> ForkServer:
    """One fork server per process, started on first use (later arguments are ignored)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ForkServer(isolation, hidden).start()
        return _shared
