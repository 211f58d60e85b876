"""The Linux system calls the sandbox needs, through ctypes (Python 3.10 has no os.unshare).

Only what `jail` uses: user/mount/PID/network/IPC/UTS namespaces (`unshare`,
`clone3`), mounts (`mount`, `umount2`, `pivot_root`), and dropping
privileges (`capset`, `prctl`). Every call raises OSError with errno, like
the os module does:

    >>> unshare(0)        # no flags: a no-op that succeeds
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import signal
import threading

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
CLONE_PIDFD = 0x00001000
CLONE_CHILD_SETTID = 0x01000000

MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_NOATIME = 1024
MS_NODIRATIME = 2048
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MS_RELATIME = 1 << 21
MNT_DETACH = 2

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_CLEAR_ALL = 4

SYS_OPEN_TREE = 428  # these three have the same number on every architecture
SYS_MOVE_MOUNT = 429
SYS_CLONE3 = 435
OPEN_TREE_CLONE = 1
OPEN_TREE_CLOEXEC = 0o2000000
MOVE_MOUNT_F_EMPTY_PATH = 4
AT_FDCWD = -100
# Architecture-specific numbers of the calls glibc does not wrap.
_SYSCALLS = {
    "x86_64": {"pivot_root": 155, "capset": 126, "clone": 56},
    "aarch64": {"pivot_root": 41, "capset": 91, "clone": 220},
    "riscv64": {"pivot_root": 41, "capset": 91, "clone": 220},
}

# PyDLL keeps the GIL held during the call: clone3 must return into a child
# that still owns it (PyOS_AfterFork_Child expects that).
_libc = ctypes.PyDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]
_libc.umount2.argtypes = [ctypes.c_char_p, ctypes.c_int]
_libc.unshare.argtypes = [ctypes.c_int]
_libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
_libc.sethostname.argtypes = [ctypes.c_char_p, ctypes.c_size_t]


def _check(result: int, what: str) -> int:
    if result < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return result


def _b(path) -> bytes | None:
    return None if path is None else os.fsencode(path)


def syscall_numbers() -> dict:
    """{"pivot_root": n, "capset": n} for this machine; KeyError on an unknown architecture."""
    return _SYSCALLS[platform.machine()]


def unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def mount(source, target, fstype=None, flags: int = 0, data: str | None = None) -> None:
    _check(_libc.mount(_b(source), _b(target), _b(fstype), flags, None if data is None else data.encode()),
           f"mount {target}")


def umount2(target, flags: int = 0) -> None:
    _check(_libc.umount2(_b(target), flags), f"umount {target}")


def open_tree(path) -> int:
    """A detached copy of the mount at `path` (needs mount rights here): an fd for `move_mount`.

    It keeps working after this process changes its user or its mount namespace.
    """
    return _check(_libc.syscall(ctypes.c_long(SYS_OPEN_TREE), ctypes.c_int(AT_FDCWD), ctypes.c_char_p(_b(path)),
                                ctypes.c_uint(OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)), f"open_tree {path}")


def move_mount(tree: int, target) -> None:
    """Attach a tree from `open_tree` at `target`."""
    _check(_libc.syscall(ctypes.c_long(SYS_MOVE_MOUNT), ctypes.c_int(tree), ctypes.c_char_p(b""),
                         ctypes.c_int(AT_FDCWD), ctypes.c_char_p(_b(target)), ctypes.c_uint(MOVE_MOUNT_F_EMPTY_PATH)),
           f"move_mount {target}")


def pivot_root(new_root, put_old) -> None:
    number = syscall_numbers()["pivot_root"]
    _check(_libc.syscall(ctypes.c_long(number), ctypes.c_char_p(_b(new_root)), ctypes.c_char_p(_b(put_old))),
           "pivot_root")


def prctl(option: int, arg2: int = 0, arg3: int = 0) -> None:
    _check(_libc.prctl(option, arg2, arg3, 0, 0), f"prctl {option}")


def sethostname(name: str) -> None:
    data = name.encode()
    _check(_libc.sethostname(data, len(data)), "sethostname")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_privileges() -> None:
    """No capabilities left in any set, none to regain by exec, and no setuid gains.

    Bounding set first (that needs CAP_SETPCAP, which capset then removes).
    """
    prctl(PR_SET_NO_NEW_PRIVS, 1)
    try:
        last = int(open("/proc/sys/kernel/cap_last_cap", encoding="ascii").read())
    except (OSError, ValueError):
        last = 40
    for cap in range(last + 1):
        try:
            prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            pass
    try:
        prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL)
    except OSError:
        pass
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3: two data structs
    data = (_CapData * 2)()
    number = syscall_numbers()["capset"]
    _check(_libc.syscall(ctypes.c_long(number), ctypes.byref(header), ctypes.byref(data)), "capset")


class _CloneArgs(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in (
        "flags", "pidfd", "child_tid", "parent_tid", "exit_signal", "stack", "stack_size", "tls",
        "set_tid", "set_tid_size", "cgroup")]


def _tid_address() -> int:
    """The address of glibc's cached thread id in this thread's descriptor, or 0.

    glibc's fork() asks the kernel to store the child's thread id there
    (CLONE_CHILD_SETTID); a raw clone must do the same, or the child's
    pthread_self() would carry its parent's id. Found by looking for the
    current id in the first words of the descriptor.
    """
    self_address = ctypes.CDLL(None).pthread_self
    self_address.restype = ctypes.c_void_p
    base = self_address()
    tid = threading.get_native_id()
    words = (ctypes.c_int32 * 512).from_address(base)
    hits = [i for i, word in enumerate(words) if word == tid]
    return base + 4 * hits[0] if len(hits) == 1 else 0


_TID_ADDRESS: int | None = None


def clone_into_namespaces(flags: int) -> tuple[int, int]:
    """fork(), but the child starts in new namespaces; returns (pid, pidfd) or (0, -1) in the child.

    Like os.fork() it runs Python's before/after-fork hooks; the caller must be
    single-threaded (a new user namespace requires it anyway).
    """
    global _TID_ADDRESS
    if _TID_ADDRESS is None:
        _TID_ADDRESS = _tid_address()
    pidfd = ctypes.c_int(-1)
    extra = CLONE_PIDFD | (CLONE_CHILD_SETTID if _TID_ADDRESS else 0)
    args = _CloneArgs(flags=flags | extra, pidfd=ctypes.addressof(pidfd), child_tid=_TID_ADDRESS,
                      exit_signal=int(signal.SIGCHLD))
    ctypes.pythonapi.PyOS_BeforeFork()
    pid = _libc.syscall(ctypes.c_long(SYS_CLONE3), ctypes.byref(args), ctypes.c_size_t(ctypes.sizeof(args)))
    err = ctypes.get_errno() if pid < 0 else 0
    if pid < 0 and err == errno.ENOSYS:  # no clone3 (an old kernel, a seccomp filter): the older call
        pid = _libc.syscall(ctypes.c_long(syscall_numbers()["clone"]), ctypes.c_ulong(flags | signal.SIGCHLD),
                            None, None, None, None)
        err = ctypes.get_errno() if pid < 0 else 0
        if pid > 0:
            pidfd.value = -2  # opened below, in the parent
    if pid == 0:
        ctypes.pythonapi.PyOS_AfterFork_Child()
        return 0, -1
    ctypes.pythonapi.PyOS_AfterFork_Parent()
    if pid < 0:
        raise OSError(err, f"clone: {os.strerror(err)}")
    return pid, os.pidfd_open(pid) if pidfd.value == -2 else pidfd.value
