"""Where a submission runs: a `Jail` confines the fork server and each child it forks.

    NamespaceJail (Linux user namespaces, the default)
        the server enters its own user, mount, network, IPC and UTS namespaces
        and pivots into a new root that holds only the Python environment and
        the system, read-only (`Layout`); each child is cloned into fresh user,
        mount, PID, network, IPC and UTS namespaces, is PID 1 of its own PID
        namespace (everything it starts dies with it), sees one private
        size-capped tmpfs as its folder and /tmp, a size-capped /dev/shm, its
        inputs read-only, and a fresh /proc; then it drops every capability.
        When the grader runs as root, the sandbox runs as `nobody`.
    ProcessJail (where namespaces are unavailable, or --no-isolation)
        today's process sandbox: a new session, resource limits, a folder on
        disk. A submission can read the user's files and use the network.

Both give every child the same resource limits (`limits`) and the same
layout of files: the grader writes `in/` (submission.py, plan.json,
inputs.npz); the child writes its results into its work folder; after the
child and everything it started are gone, the server copies the expected
result files, each size-capped, to `out/` (`copy_results`), which is all the
grader reads.
"""

from __future__ import annotations

import os
import re
import resource
import signal
import site
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import linux

SANDBOX_HOSTNAME = "seqprep-sandbox"
DISK_MB = 64          # the child's folder (and /tmp): a tmpfs of this size
SHM_MB = 16           # its /dev/shm
MAX_PROCESSES = 64    # processes and threads, counted in the child's own user namespace
MAX_FILES = 64        # open descriptors per process (with the file size cap, bounds memfd memory)
OUTPUT_CAP = 4096     # bytes of stdout/stderr kept
JSON_CAP = 16 * 2**20
RESULT_FILES = re.compile(r"^(status\.json|stdout\.txt|stderr\.txt|out_c\d+_\d+\.(json|npz))$")
SETUP_FAILED = 71     # a child's exit code when its sandbox could not be built (reported through a pipe)
FORCE_PROCESS_ENV = "SEQPREP_TEST_NO_NAMESPACES"  # tests only: behave as if namespaces were unavailable

# Where things are inside the namespace sandbox.
BASE = "/.seqprep"
IO = f"{BASE}/io"        # the grader's job folders (the server's view; hidden from children)
JOBS = f"{BASE}/jobs"    # one tmpfs per running child (hidden from children)
WORK = f"{BASE}/work"    # a child's own tmpfs
IN = f"{BASE}/in"        # a child's inputs, read-only


@dataclass(frozen=True)
class Job:
    name: str            # its folder under the io folder: in/ and out/
    timeout_s: float
    memory_mb: int


@dataclass
class Layout:
    """What the sandbox's root holds, computed in the grader before the server starts.

    `binds`: host paths shown read-only (the system and the Python environment);
    `hidden`: host paths that must stay invisible even where a bind would show
    them (the project checkout, the seqprep and answers packages, progress data);
    `io`: the grader's job folder, shown to the server only.
    `uid`: when the grader runs as root, the sandbox runs as this unprivileged
    user instead (`nobody`), so that no root-owned file is its own and the
    process limit applies (the kernel exempts uid 0 from RLIMIT_NPROC).
    """

    io: str
    root: str
    binds: list = field(default_factory=list)
    hidden: list = field(default_factory=list)
    uid: Optional[int] = None


NOBODY = 65534


SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def default_layout(io: Path, root: Path, extra_hidden=()) -> Layout:
    """The Python environment and system, minus everything of the project and the user's data."""
    import seqprep

    package = os.path.dirname(os.path.realpath(seqprep.__file__))
    never = {os.path.realpath(os.path.expanduser("~"))}  # no bind may hold these
    project = os.path.dirname(package)
    if any(os.path.exists(os.path.join(project, marker)) for marker in ("pyproject.toml", ".git")):
        never.add(project)  # a source checkout (not the site-packages of an installed wheel)
    hidden = set(never) | {package}
    try:
        import answers

        hidden.add(os.path.dirname(os.path.realpath(answers.__file__)))
    except ImportError:
        pass
    from ..store import data_home

    hidden.add(os.path.realpath(data_home()))
    hidden.update(os.path.realpath(p) for p in extra_hidden)
    # the Python environment: its prefixes and site folders, and the sys.path entries inside them
    # or in other site folders (.pth files); not the script's folder or an editable source tree
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix)}
    candidates = set(prefixes) | {os.path.dirname(os.path.realpath(sys.executable))}
    candidates.update(site.getsitepackages() + [site.getusersitepackages()])
    for entry in filter(None, sys.path):
        real = os.path.realpath(entry)
        if any(_inside(real, x) for x in prefixes) or {"site-packages", "dist-packages"} & set(real.split("/")):
            candidates.add(real)
    python = set()
    for path in candidates:
        real = os.path.realpath(path)
        # never a folder that is or holds the home folder or a project checkout
        if real != "/" and os.path.exists(real) and not any(_inside(h, real) for h in never):
            python.add(real)
    binds = []
    for path in sorted(set(SYSTEM_DIRS) | python, key=len):
        if os.path.lexists(path) and not any(_inside(path, b) for b in binds):
            binds.append(path)
    # a site folder may hold seqprep's data or answers (an installed wheel): hidden too
    for path in python:
        for name in ("seqprep", "answers"):
            if os.path.isdir(os.path.join(path, name)):
                hidden.add(os.path.join(path, name))
    # only what a bind would show needs covering
    hidden = {h for h in hidden if any(_inside(h, b) and h != b for b in binds)}
    return Layout(io=str(io), root=str(root), binds=binds, hidden=sorted(hidden),
                  uid=NOBODY if os.geteuid() == 0 else None)


# --- limits and the child's own work, shared by both jails ---------------------

def _vm_size_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def limits(job: Job, processes: Optional[int]) -> None:
    """RLIMIT_AS counts every mapping (shared memory and mapped files too), above what the child inherited."""
    address_space = _vm_size_bytes() + job.memory_mb * 2**20
    cpu = int(job.timeout_s) + 2
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (DISK_MB * 2**20, DISK_MB * 2**20))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_FILES, MAX_FILES))
    if processes is not None:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))


def _clean_environment(home: str) -> None:
    keep = {k: os.environ[k] for k in ("PATH", "LANG", "LC_ALL", "LC_CTYPE") if k in os.environ}
    os.environ.clear()
    os.environ.update(keep, HOME=home, TMPDIR=home, PYTHONDONTWRITEBYTECODE="1")


def _redirect_stdio(work: str) -> None:
    devnull = os.open(os.devnull, os.O_RDONLY)
    out = os.open(os.path.join(work, "stdout.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    err = os.open(os.path.join(work, "stderr.txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(devnull, 0)
    os.dup2(out, 1)
    os.dup2(err, 2)
    for fd in (devnull, out, err):
        os.close(fd)
    # whatever sys.stdout was in the grader (a pytest capture, a pipe), it is fd 1 now
    sys.stdin = open(0, encoding="utf-8", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)


def run_submission(inputs: str, work: str) -> None:
    """The last step in every child: the submission runs; never returns."""
    code = 0
    try:
        from . import runner

        runner.run(Path(inputs), Path(work))
    except BaseException:  # noqa: BLE001 - nothing may escape into the server's loop
        code = 70
    finally:
        os._exit(code)


def copy_results(work: str, out: str) -> list[str]:
    """Copy the expected result files, each capped, from a dead child's folder; returns names refused.

    Only regular files with the expected names are copied (never a link, a FIFO or
    a device), stdout/stderr only up to OUTPUT_CAP, JSON up to JSON_CAP.
    """
    refused = []
    try:
        names = os.listdir(work)
    except OSError:
        return refused
    for name in names:
        if not RESULT_FILES.match(name):
            continue
        cap = OUTPUT_CAP if name.endswith(".txt") else JSON_CAP if name.endswith(".json") else DISK_MB * 2**20
        try:
            fd = os.open(os.path.join(work, name), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            refused.append(name)
            continue
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or (info.st_size > cap and not name.endswith(".txt")):
                refused.append(name)
                continue
            data = os.read(fd, cap) if info.st_size else b""
            target = os.open(os.path.join(out, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(target, view):]
            finally:
                os.close(target)
        except OSError:
            refused.append(name)
        finally:
            os.close(fd)
    return refused


@dataclass
class Running:
    """A child the server started: how to wait for it and how to stop it."""

    pid: int
    pidfd: Optional[int]
    setup: Optional[int] = None     # read end of the child's setup pipe (namespace jail)
    work: str = ""                  # the child's folder (process jail)


class Jail:
    """How the server and its children are confined; see the module docstring.

    kind: "namespaces" or "process"; reason: why it is the weaker one ("" otherwise).
    """

    kind = ""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.reason = ""

    def enter_server(self) -> None:
        """In the fork server, once, before any job; raises OSError when it cannot."""
        raise NotImplementedError

    def io(self, job: Job) -> str:
        """The job's folder as the server sees it."""
        raise NotImplementedError

    def start(self, job: Job) -> Running:
        """In the server: start the child for `job`."""
        raise NotImplementedError

    def kill(self, running: Running) -> None:
        """Kill the child and everything it started."""
        raise NotImplementedError

    def finish(self, job: Job, running: Running) -> dict:
        """After the child is reaped: copy its results to out/, clean up; extra facts for the reply."""
        raise NotImplementedError


class ProcessJail(Jail):
    """A new session and resource limits; the child's folder is on disk, next to in/ and out/."""

    kind = "process"

    def enter_server(self) -> None:
        pass

    def io(self, job: Job) -> str:
        return os.path.join(self.layout.io, job.name)

    def start(self, job: Job) -> Running:
        import tempfile

        folder = self.io(job)
        work = tempfile.mkdtemp(prefix="seqprep-work-")  # on disk: nothing caps this folder's size
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.closerange(3, 1 << 20)
                os.chdir(work)
                _redirect_stdio(work)
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long write fails instead of killing
                import torch

                torch.set_num_threads(1)
                _clean_environment(work)
                limits(job, None)
            except BaseException:  # noqa: BLE001
                os._exit(SETUP_FAILED)
            run_submission(os.path.join(folder, "in"), work)
        try:
            pidfd = os.pidfd_open(pid)
        except (AttributeError, OSError):
            pidfd = None
        return Running(pid, pidfd, work=work)

    def kill(self, running: Running) -> None:
        for target in (lambda: os.killpg(running.pid, signal.SIGKILL), lambda: os.kill(running.pid, signal.SIGKILL)):
            try:
                target()
            except (ProcessLookupError, PermissionError):
                pass

    def finish(self, job: Job, running: Running) -> dict:
        import shutil

        self.kill(running)  # whatever the child left behind in its group
        refused = copy_results(running.work, os.path.join(self.io(job), "out"))
        shutil.rmtree(running.work, ignore_errors=True)
        return {"refused": refused}


class NamespaceJail(Jail):
    """Linux namespaces: see the module docstring. Needs unprivileged user namespaces."""

    kind = "namespaces"
    CHILD_FLAGS = (linux.CLONE_NEWUSER | linux.CLONE_NEWNS | linux.CLONE_NEWPID | linux.CLONE_NEWNET
                   | linux.CLONE_NEWIPC | linux.CLONE_NEWUTS)

    def __init__(self, layout: Layout) -> None:
        super().__init__(layout)
        self.uid, self.gid = os.getuid(), os.getgid()

    # --- the server -------------------------------------------------------------

    def enter_server(self) -> None:
        if os.environ.get(FORCE_PROCESS_ENV):
            raise OSError(f"namespaces turned off by {FORCE_PROCESS_ENV}")
        linux.syscall_numbers()  # KeyError on an architecture we have no numbers for
        # Running as root, the sandbox runs as `nobody` instead; everything its new root
        # shows is taken first (open_tree), since `nobody` may not even be allowed to walk
        # to it (a Python under /root). Otherwise the paths are bound as they are.
        sources = {}
        for path in self.layout.binds + [f"/dev/{d}" for d in DEVICES] + [self.layout.io]:
            if os.path.islink(path) and path in self.layout.binds:
                sources[path] = ("link", os.readlink(path))
            elif os.path.exists(path):
                kind = "dir" if os.path.isdir(path) else "file"
                sources[path] = (kind, linux.open_tree(path) if self.layout.uid is not None else path)
        if self.layout.uid is not None:
            os.setgroups([])
            os.setresgid(self.layout.uid, self.layout.uid, self.layout.uid)
            os.setresuid(self.layout.uid, self.layout.uid, self.layout.uid)
            linux.prctl(linux.PR_SET_DUMPABLE, 1)  # or /proc/self/uid_map stays root's
        linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)  # cleared by the change of user above
        self.uid, self.gid = os.getuid(), os.getgid()
        linux.unshare(linux.CLONE_NEWUSER | linux.CLONE_NEWNS | linux.CLONE_NEWNET | linux.CLONE_NEWIPC
                      | linux.CLONE_NEWUTS)
        _map_ids(self.uid, self.gid)
        linux.mount(None, "/", None, linux.MS_REC | linux.MS_PRIVATE)
        root = self.layout.root
        linux.mount("tmpfs", root, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, "size=1m,mode=0755")
        for path in self.layout.binds:
            if path in sources:
                _bind_into(root, path, *sources[path])
        for path in self.layout.hidden:
            target = root + path
            if os.path.isdir(target) and not os.path.islink(target):
                linux.mount("tmpfs", target, "tmpfs", linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NODEV,
                            "size=4k,mode=0555")
        _make_dev(root, sources)
        os.makedirs(root + "/proc", exist_ok=True)
        linux.mount("/proc", root + "/proc", None, linux.MS_BIND | linux.MS_REC)
        for folder in (IO, JOBS, WORK, IN):
            os.makedirs(root + folder, exist_ok=True)
        if not os.path.lexists(root + "/tmp"):
            os.mkdir(root + "/tmp", 0o755)  # a child's work tmpfs is bound here too
        _attach(sources[self.layout.io][1], root + IO)
        linux.mount("tmpfs", root + JOBS, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, "mode=0700")
        for kind, source in sources.values():
            if isinstance(source, int):
                os.close(source)
        os.mkdir(root + "/.old")
        linux.pivot_root(root, root + "/.old")
        os.chdir("/")
        linux.umount2("/.old", linux.MNT_DETACH)
        os.rmdir("/.old")
        # the root itself read-only: a child cannot leave files in it for its siblings
        linux.mount(None, "/", None, linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY | linux.MS_NOSUID
                    | linux.MS_NODEV)
        linux.sethostname(SANDBOX_HOSTNAME)

    def io(self, job: Job) -> str:
        return f"{IO}/{job.name}"

    def start(self, job: Job) -> Running:
        jobdir = f"{JOBS}/{job.name}"
        os.mkdir(jobdir, 0o700)
        linux.mount("tmpfs", jobdir, "tmpfs", linux.MS_NOSUID | linux.MS_NODEV, f"size={DISK_MB}m,mode=0700")
        setup_r, setup_w = os.pipe()
        try:
            pid, pidfd = linux.clone_into_namespaces(self.CHILD_FLAGS)
        except OSError:
            os.close(setup_r)
            os.close(setup_w)
            linux.umount2(jobdir, linux.MNT_DETACH)
            os.rmdir(jobdir)
            raise
        if pid == 0:
            self._child(job, jobdir, setup_w)  # never returns
        os.close(setup_w)
        return Running(pid, pidfd, setup_r)

    def kill(self, running: Running) -> None:
        # the child is PID 1 of its namespace: when it dies, the kernel kills everything in it
        try:
            signal.pidfd_send_signal(running.pidfd, signal.SIGKILL)
        except (OSError, AttributeError):
            try:
                os.kill(running.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def finish(self, job: Job, running: Running) -> dict:
        extra: dict = {}
        try:
            report = os.read(running.setup, 4096).decode("utf-8", "replace")
        except OSError:
            report = ""
        os.close(running.setup)
        if report != "ok":
            extra["setup_error"] = report or "the sandbox of the submission did not start"
        jobdir = f"{JOBS}/{job.name}"
        extra["refused"] = copy_results(jobdir, f"{self.io(job)}/out")
        try:
            linux.umount2(jobdir, linux.MNT_DETACH)
            os.rmdir(jobdir)
        except OSError:
            pass
        return extra

    # --- the child ----------------------------------------------------------------

    def _child(self, job: Job, jobdir: str, setup_w: int) -> None:
        """PID 1 of fresh namespaces: build its view, drop every privilege, run; never returns."""
        try:
            linux.prctl(linux.PR_SET_PDEATHSIG, signal.SIGKILL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.closerange(3, setup_w)
            os.closerange(setup_w + 1, 1 << 20)
            # root of its own namespace (and of its IPC namespace's limits below), an
            # unprivileged user outside: it owns nothing there but its own folder
            _map_ids(self.uid, self.gid, inner=0)
            linux.mount(jobdir, WORK, None, linux.MS_BIND)
            _bind_read_only(f"{self.io(job)}/in", IN)
            # nothing of the other jobs or of the grader's folder stays in sight
            for folder in (JOBS, IO):
                linux.mount("tmpfs", folder, "tmpfs", linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NODEV,
                            "size=4k,mode=0555")
            try:
                linux.mount("proc", "/proc", "proc", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC)
            except OSError:  # e.g. a container that masks parts of /proc: no /proc at all then
                linux.mount("tmpfs", "/proc", "tmpfs", linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NODEV,
                            "size=4k,mode=0555")
            linux.mount("tmpfs", "/dev/shm", "tmpfs", linux.MS_NOSUID | linux.MS_NODEV | linux.MS_NOEXEC,
                        f"size={SHM_MB}m,mode=1777")
            if os.path.isdir("/tmp") and not os.listdir("/tmp"):
                linux.mount(WORK, "/tmp", None, linux.MS_BIND)
            _limit_sysv_shm(job.memory_mb)
            os.chdir(WORK)
            _redirect_stdio(WORK)
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            import torch

            torch.set_num_threads(1)
            _clean_environment(WORK)
            limits(job, MAX_PROCESSES)
            linux.drop_privileges()
            os.write(setup_w, b"ok")
        except BaseException as exc:  # noqa: BLE001 - reported through the pipe, never by the submission
            try:
                os.write(setup_w, f"{type(exc).__name__}: {exc}".encode()[:4000] or b"failed")
            except OSError:
                pass
            os._exit(SETUP_FAILED)
        os.close(setup_w)
        run_submission(IN, WORK)


def _map_ids(uid: int, gid: int, inner: Optional[int] = None) -> None:
    """Map our own uid and gid (the only mapping allowed unprivileged) to `inner`, default the same ids."""
    inner_uid, inner_gid = (uid, gid) if inner is None else (inner, inner)
    for name, data in (("setgroups", "deny"), ("uid_map", f"{inner_uid} {uid} 1"),
                       ("gid_map", f"{inner_gid} {gid} 1")):
        fd = os.open(f"/proc/self/{name}", os.O_WRONLY)
        try:
            os.write(fd, data.encode())
        finally:
            os.close(fd)


_ST_TO_MS = ((os.ST_NOSUID, linux.MS_NOSUID), (os.ST_NODEV, linux.MS_NODEV), (os.ST_NOEXEC, linux.MS_NOEXEC),
             (os.ST_NOATIME, linux.MS_NOATIME), (os.ST_NODIRATIME, linux.MS_NODIRATIME),
             (os.ST_RELATIME, linux.MS_RELATIME))


def _remount_read_only(target: str) -> None:
    """Make the mount at `target` read-only, keeping the flags the kernel locks in a user namespace."""
    flags = os.statvfs(target).f_flag
    kept = 0
    for st, ms in _ST_TO_MS:
        if flags & st:
            kept |= ms
    linux.mount(None, target, None, linux.MS_REMOUNT | linux.MS_BIND | linux.MS_RDONLY | linux.MS_NOSUID
                | linux.MS_NODEV | kept)


def _bind_read_only(source: str, target: str) -> None:
    linux.mount(source, target, None, linux.MS_BIND)
    _remount_read_only(target)


DEVICES = ("null", "zero", "full", "random", "urandom")


def _attach(source, target: str) -> None:
    """Bind `source` (a path, or a tree from linux.open_tree) at `target`."""
    if isinstance(source, int):
        linux.move_mount(source, target)
    else:
        linux.mount(source, target, None, linux.MS_BIND)


def _bind_into(root: str, path: str, kind: str, source) -> None:
    """Show host `path` at the same place under `root`, read-only.

    `source` is the path or its open_tree; for a symlink, the link's target (copied as a symlink).
    """
    target = root + path
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if kind == "link":
        os.symlink(source, target)
        return
    if kind == "dir":
        os.makedirs(target, exist_ok=True)
    else:
        open(target, "a").close()
    _attach(source, target)
    _remount_read_only(target)


def _make_dev(root: str, sources: dict) -> None:
    """A minimal /dev: null, zero, full, random, urandom, the fd links, a mount point for /dev/shm."""
    dev = root + "/dev"
    os.makedirs(dev, exist_ok=True)
    linux.mount("tmpfs", dev, "tmpfs", linux.MS_NOSUID | linux.MS_NOEXEC, "size=64k,mode=0755")
    for name in DEVICES:
        if f"/dev/{name}" in sources:
            open(f"{dev}/{name}", "a").close()
            _attach(sources[f"/dev/{name}"][1], f"{dev}/{name}")
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                         ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{dev}/{name}")
    os.mkdir(f"{dev}/shm")
    linux.mount(None, dev, None, linux.MS_REMOUNT | linux.MS_RDONLY | linux.MS_NOSUID | linux.MS_NOEXEC)


def _limit_sysv_shm(memory_mb: int) -> None:
    """System V shared memory lives outside any address space once detached: cap it per namespace."""
    pages = max(1, memory_mb * 2**20 // resource.getpagesize())
    for name, value in (("shmall", pages), ("shmmax", memory_mb * 2**20), ("shmmni", 64)):
        try:
            with open(f"/proc/sys/kernel/{name}", "w", encoding="ascii") as f:
                f.write(str(value))
        except OSError:
            pass


def make_jail(layout: Layout, isolation: bool) -> Jail:
    return NamespaceJail(layout) if isolation else ProcessJail(layout)


def describe_failure(exc: BaseException) -> str:
    """One line on why namespaces are unavailable."""
    if isinstance(exc, KeyError):
        return f"no system call numbers for this architecture ({exc})"
    text = str(exc) or type(exc).__name__
    if isinstance(exc, OSError) and exc.errno in (1, 13, 22, 28):  # EPERM, EACCES, EINVAL, ENOSPC
        text += " — unprivileged user namespaces are off or restricted on this system"
    return text.splitlines()[0]


__all__ = ["Job", "Jail", "Layout", "NamespaceJail", "ProcessJail", "Running", "default_layout", "make_jail"]
