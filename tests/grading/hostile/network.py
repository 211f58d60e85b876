# seqprep-task: softmax
"""Reach the network: the host's loopback (a port the test listens on), an abstract Unix
socket on the host, an outside address, a DNS lookup."""
import socket

PARAMS = {}


def attempt(label, action):
    try:
        action()
        print(label, "CONNECTED")
    except BaseException as exc:  # noqa: BLE001
        print(label, "FAILED", type(exc).__name__)


def tcp(host, port):
    socket.create_connection((host, port), timeout=2).close()


def abstract(name):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(2)
    s.connect("\0" + name)


attempt("loopback", lambda: tcp("127.0.0.1", PARAMS["port"]))
attempt("abstract unix socket", lambda: abstract(PARAMS["abstract"]))
attempt("outside", lambda: tcp("1.1.1.1", 53))
attempt("dns", lambda: socket.getaddrinfo("pypi.org", 443))


def softmax(x, dim=-1):
    return x * 0
