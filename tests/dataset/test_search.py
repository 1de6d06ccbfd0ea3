"""Many strings found in one text at once: the same offsets as str.find, overlapping too."""

from __future__ import annotations

import random

from zibo_analysis.dataset.search import TextIndex


def every_find(text: str, needle: str) -> list[int]:
    starts, at = [], text.find(needle)
    while at >= 0:
        starts.append(at)
        at = text.find(needle, at + 1)
    return starts


def test_find_all_agrees_with_str_find():
    rng = random.Random(8)
    for alphabet in ["ab", "a人1", "淄博市人𝄞", "xyz,12。"]:  # 𝄞 lies beyond the BMP
        for _ in range(50):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
            needles = [text[i : i + rng.randint(1, 8)] for i in range(0, len(text), 3)]
            needles += ["zz", alphabet[0] * 3, text, text + "a"]
            found = TextIndex(text).find_all(needles)
            assert found == {n: every_find(text, n) if n else [] for n in needles}


def test_overlapping_occurrences_are_all_found():
    assert TextIndex("1111").find_all(["11"]) == {"11": [0, 1, 2]}
