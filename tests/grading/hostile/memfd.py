# seqprep-task: softmax
"""Hold memory outside the address space: a memfd filled with write() is not mapped, so
RLIMIT_AS does not see it. What bounds it is the file-size limit (each file) and the
open-file limit (how many)."""
import os

PARAMS = {}
chunk = b"\1" * 2**20


def attempt(label, action):
    try:
        action()
        print(label, "HELD")
    except OSError as exc:
        print(label, "REFUSED", exc.errno)


def one_big_file():
    fd = os.memfd_create("big")
    for _ in range(PARAMS["file_mb"] + 1):
        os.write(fd, chunk)


def many_files():
    kept = [os.memfd_create(f"f{i}") for i in range(PARAMS["files"] + 1)]
    assert kept


attempt("one memfd over the file-size limit", one_big_file)
attempt("more memfds than the open-file limit", many_files)


def softmax(x, dim=-1):
    return x * 0
