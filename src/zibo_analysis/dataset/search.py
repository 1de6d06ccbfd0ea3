"""Every occurrence of many short strings in one long text, found in linear time.

Looking each string up with ``str.find`` costs a pass over the text per string, so
suggesting a quote for every mention of a long article costs its length times its
mentions: quadratic. Here the windows of each needed length are hashed in one numpy
pass (a polynomial hash over the code points, wrapping at 2**64), and a window whose
hash is a needle's is confirmed by comparing the strings: one pass per distinct length,
plus the occurrences, however many strings are looked up.

>>> index = TextIndex("1人，2人；1人，11人")
>>> index.find_all(["1人", "人，", "3人"])
{'1人': [0, 6, 10], '人，': [1, 7], '3人': []}
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

_BASE = 0x9E3779B97F4A7C15  # odd, so it has an inverse modulo 2**64
_MASK = 2**64 - 1


class TextIndex:
    """Prefix hashes of a text, for `find_all`; built once per text (8 bytes a character)."""

    def __init__(self, text: str):
        self.text = text
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        n = len(codes)
        powers = np.ones(n + 1, dtype=np.uint64)
        inverses = np.ones(n + 1, dtype=np.uint64)
        powers[1:] = np.cumprod(np.full(n, _BASE, dtype=np.uint64))  # wraps modulo 2**64
        inverses[1:] = np.cumprod(np.full(n, pow(_BASE, -1, 2**64), dtype=np.uint64))
        self._prefix = np.zeros(n + 1, dtype=np.uint64)
        self._prefix[1:] = np.cumsum(codes * powers[:n])  # sum of code * BASE**position
        self._inverses = inverses

    def find_all(self, needles: Iterable[str]) -> dict[str, list[int]]:
        """The start of every occurrence of each needle, overlapping ones too, in order.

        An empty needle occurs nowhere here (unlike ``str.find``).
        """
        found: dict[str, list[int]] = {needle: [] for needle in needles}
        by_length: dict[int, dict[int, list[str]]] = {}
        for needle in found:
            if 0 < len(needle) < len(self._prefix):
                by_length.setdefault(len(needle), {}).setdefault(_hash(needle), []).append(needle)
        for length, wanted in by_length.items():
            windows = (self._prefix[length:] - self._prefix[:-length]) * self._inverses[:-length]
            hits = np.flatnonzero(np.isin(windows, np.array(list(wanted), dtype=np.uint64)))
            for start, value in zip(hits.tolist(), windows[hits].tolist(), strict=True):
                for needle in wanted[value]:
                    if self.text.startswith(needle, start):  # not merely an equal hash
                        found[needle].append(start)
        return found


def _hash(s: str) -> int:
    """The hash `TextIndex` gives a window holding ``s``."""
    value, power = 0, 1
    for ch in s:
        value = (value + ord(ch) * power) & _MASK
        power = (power * _BASE) & _MASK
    return value
