"""The grader reads a child's arrays itself, in one pass, refusing anything that could make it
allocate more than the file's size; what it reads equals what numpy's own loader reads."""

from __future__ import annotations

import zipfile

import numpy as np
import pytest

from seqprep.grading.codec import open_arrays

ARRAYS = {
    "f64": np.arange(12.0).reshape(3, 4),
    "fortran": np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)),
    "scalar": np.array(3.5),
    "empty": np.zeros((0, 4), dtype=np.float32),
    "bools": np.array([True, False]),
    "text": np.array(["ab", "c"]),
    "half": np.ones((2, 2), dtype=np.float16),
    "complex": np.array([1 + 2j]),
    "big_endian": np.arange(5, dtype=">i8"),
}


def test_arrays_read_back_as_numpy_reads_them(tmp_path):
    path = tmp_path / "out.npz"
    np.savez(path, **ARRAYS)
    mine = open_arrays(path)
    with np.load(path, allow_pickle=False) as reference:
        assert set(mine) == set(reference.files)
        for name in reference.files:
            expected = reference[name]
            assert mine[name].dtype == expected.dtype and mine[name].shape == expected.shape, name
            np.testing.assert_array_equal(mine[name], expected)


@pytest.mark.parametrize("case, message", [
    ("compressed", "compressed data"),
    ("object", "Object arrays cannot be loaded"),
    ("short", "not the size its header says"),
    ("not an array", "not an array"),
])
def test_files_that_would_not_be_what_they_say_are_refused(tmp_path, case, message):
    path = tmp_path / "out.npz"
    if case == "compressed":
        np.savez_compressed(path, result=np.zeros(1000))
    elif case == "object":
        np.savez(path, result=np.array([object()], dtype=object))
    elif case == "short":
        import io

        member = io.BytesIO()
        np.lib.format.write_array_header_1_0(member, {"descr": "<f8", "fortran_order": False, "shape": (2**40,)})
        with zipfile.ZipFile(path, "w") as archive:  # the header promises 8 TB; 80 bytes follow
            archive.writestr("result.npy", member.getvalue() + b"\0" * 80)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("payload.bin", b"\0" * 16)
    with pytest.raises(ValueError, match=message):
        open_arrays(path)
