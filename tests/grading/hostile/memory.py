# seqprep-task: softmax
"""Hold more memory than the limit where RLIMIT_DATA does not look: shared anonymous memory,
a mapped file in the working folder, /dev/shm, System V shared memory, a torch tensor."""
import ctypes
import mmap
import os

PARAMS = {}
size = 4 * PARAMS["memory_mb"] * 2**20


def attempt(label, action):
    try:
        action()
        print(label, "HELD")
    except BaseException as exc:  # noqa: BLE001
        print(label, "REFUSED", type(exc).__name__)


def shared_anonymous():
    m = mmap.mmap(-1, size, flags=mmap.MAP_SHARED)
    m[::4096] = b"\1" * (size // 4096)


def mapped_file(path):
    with open(path, "w+b") as f:
        f.truncate(size)
        m = mmap.mmap(f.fileno(), size)
        m[::4096] = b"\1" * (size // 4096)


def sysv():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    for _ in range(8):
        ident = libc.shmget(0, ctypes.c_size_t(size // 4), 0o1000 | 0o600)
        if ident < 0:
            raise OSError(ctypes.get_errno(), "shmget")
        address = libc.shmat(ident, None, 0)
        if address in (None, ctypes.c_void_p(-1).value):
            raise OSError(ctypes.get_errno(), "shmat")
        ctypes.memset(address, 1, size // 4)
        libc.shmdt(ctypes.c_void_p(address))


def tensor():
    import torch

    torch.ones(size // 4, dtype=torch.float32)


attempt("shared anonymous", shared_anonymous)
attempt("mapped file in the working folder", lambda: mapped_file("big.bin"))
attempt("mapped file in /dev/shm", lambda: mapped_file("/dev/shm/big.bin"))
attempt("System V segments", sysv)
attempt("tensor", tensor)


def softmax(x, dim=-1):
    return x * 0
