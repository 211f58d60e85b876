"""Two readings of the sinusoidal encoding's index i, and which one the notes' own numbers follow.

    PE(pos, 2i) = sin(pos / 10000^(2i/d)),   PE(pos, 2i+1) = cos(pos / 10000^(2i/d))

* pair reading (the paper's): i counts sine/cosine *pairs*, 0 .. d/2 - 1, so
  columns 2i and 2i+1 share one frequency;
* dimension reading (the notes say "i - индекс измерения в векторе"): i is the
  column itself, so column j gets the frequency 1 / 10000^(2j/d).

The notes' PE(1) = [0.84, 0.54] and PE(2) = [0.91, -0.42] are sin and cos of the
same angle (1 and 2 radians): the pair reading. With the dimension reading
column 1 would hold cos(1 / 10000^(2/d)), 0.5697 for d = 512, not 0.54; and i
running over all d dimensions would address columns up to 2d - 1.

    >>> round(pe_column(1, 1, 512, "pair"), 4), round(pe_column(1, 1, 512, "dimension"), 4)
    (0.5403, 0.5697)
"""

from __future__ import annotations

import math

READINGS = ("pair", "dimension")


def pe_column(pos: int, column: int, d_model: int, reading: str = "pair") -> float:
    """PE[pos, column] with i read as the pair index (k = column // 2) or as the column itself."""
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {READINGS}, got {reading!r}")
    if not 0 <= column < d_model:
        raise ValueError(f"column {column} is outside 0..{d_model - 1}")
    i = column // 2 if reading == "pair" else column
    angle = pos / 10000 ** (2 * i / d_model)
    return math.sin(angle) if column % 2 == 0 else math.cos(angle)


def pe_vector(pos: int, columns: int, d_model: int, reading: str = "pair") -> list[float]:
    """The first `columns` values of PE[pos]: `pe_vector(2, 2, 512)` -> [sin 2, cos 2]."""
    return [pe_column(pos, j, d_model, reading) for j in range(columns)]


def highest_column_addressed(d_model: int, reading: str) -> int:
    """The largest column 2i + 1 the formula writes when i runs over its range under `reading`.

    Pair reading: i < d/2, so d - 1 (the last column). Dimension reading: i < d, so 2d - 1.
    """
    count = d_model // 2 if reading == "pair" else d_model
    return 2 * (count - 1) + 1
