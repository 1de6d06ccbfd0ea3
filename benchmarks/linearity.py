"""Is `find_quantities` linear on any input? Time each input shape at n and 10n characters.

Run with ``python -m benchmarks.linearity``. Ten times the input should cost about ten
times the time; a ratio above ``MAX_RATIO`` is flagged, and so is an exception.

>>> len(SHAPES["digit run"](100)), SHAPES["digit run"](5)
(100, '9999元')
"""

from __future__ import annotations

import time
from collections.abc import Callable

from benchmarks.measure import at, load, paragraphs

MAX_RATIO = 15.0  # 10x the input may cost at most about 15x the time
# Each shape is timed at the size that takes about TARGET_SECONDS, and at ten times that.
# The size is at least 2,000 characters and at most MAX_SIZE: up to about a million
# characters the fastest shapes (one pass in C over a digit run) stay in the processor's
# cache, and 10n pays for leaving it too (ratios of 15-16 where the work is linear).
TARGET_SECONDS = 0.005
MAX_SIZE = 2_000_000


def _repeat(unit: str, n: int, tail: str = "") -> str:
    """``unit`` repeated to ``n`` characters in all, ``tail`` included at the end."""
    body = n - len(tail)
    return (unit * (body // len(unit) + 1))[:body] + tail


def _article(n: int) -> str:
    return _repeat("\n".join(paragraphs()) + "\n", n)


SHAPES: dict[str, Callable[[int], str]] = {
    "ordinary article text": _article,
    "digit run": lambda n: _repeat("9", n, "元"),
    "digit run with decimal": lambda n: _repeat("9", n, ".5元"),
    "full-width digits": lambda n: _repeat("９", n, "元"),
    "digits with commas": lambda n: "1" + _repeat(",000", n - 1, "元"),
    "digits and dots": lambda n: _repeat("1.", n, "元"),
    "list of numbers 1200,1350,": lambda n: _repeat("1200,1350,", n, "家"),
    "Chinese digits 九九九": lambda n: _repeat("九", n, "元"),
    "Chinese numeral with places": lambda n: _repeat("九千九百九十九亿", n, "元"),
    "万万万": lambda n: "一" + _repeat("万", n - 1, "元"),
    "亿亿亿": lambda n: "一" + _repeat("亿", n - 1, "元"),
    "mixed 一二三…十": lambda n: _repeat("一二三四五六七八九十", n, "人"),
    "mixed 1一1一": lambda n: _repeat("1一", n, "元"),
    "numeral point 九点九点": lambda n: _repeat("九点", n, "元"),
    "第第第": lambda n: _repeat("第", n, "1"),
    "超超超": lambda n: _repeat("超", n, "1元"),
    "近近近": lambda n: _repeat("近", n, "1年"),
    "不不不": lambda n: _repeat("不", n, "到5个"),
    "“ never closed": lambda n: _repeat("“", n, "5个"),
    "“ then text, never closed": lambda n: _repeat("“医疗服务点开展巡诊服务", n),
    "“1 repeated": lambda n: _repeat("“1", n),
    "formula 1+1+1": lambda n: _repeat("1+", n, "1"),
    "formula a+a+a": lambda n: _repeat("a+", n, "a"),
    "ASCII letters": lambda n: _repeat("a", n),
    "1 then spaces": lambda n: "1" + _repeat(" ", n - 2, "x"),
    "1 space 1 space": lambda n: _repeat("1 ", n),
    "range 1~1~1": lambda n: _repeat("1~", n, "1元"),
    "dates 2022年": lambda n: _repeat("2022年", n),
    "ordinals 第1": lambda n: _repeat("第1", n),
    "quantities 5元": lambda n: _repeat("5元", n),
    "traditional 萬萬萬": lambda n: "一" + _repeat("萬", n - 1, "元"),
    "from-to 从1至从1至": lambda n: _repeat("从1至", n, "1元"),
    "signs -1-1-1": lambda n: _repeat("-1", n, "%"),
    "亿 and 万 part 1亿1万": lambda n: _repeat("1亿1万", n, "人"),
    "rates 1/10万1/10万": lambda n: _repeat("1/10万", n),
    "ages 1岁以上1岁": lambda n: _repeat("1岁以上", n),
}


def seconds(text: str) -> float:
    """CPU seconds of one ``find_quantities(text)``: other processes on the machine count less."""
    from zibo_analysis.quantities import find_quantities

    started = time.process_time()
    find_quantities(text)
    return time.process_time() - started


def calibrated_size(shape: Callable[[int], str]) -> int:
    """Characters at which ``shape`` takes about ``TARGET_SECONDS``, within [2,000, MAX_SIZE]."""
    probe = seconds(shape(20_000))
    return int(min(max(20_000 * TARGET_SECONDS / max(probe, 1e-6), 2_000), MAX_SIZE))


def best_times(shape: Callable[[int], str], n: int, repeats: int = 5) -> tuple[float, float]:
    """Best times at n and 10n characters, measured in turn so that a busy moment hits both."""
    small, large = shape(n), shape(10 * n)
    best_small = best_large = float("inf")
    for _ in range(repeats):
        best_small = min(best_small, seconds(small))
        best_large = min(best_large, seconds(large))
    return best_small, best_large


def main() -> None:
    """Print time at n and 10n characters and the ratio for every shape, flagging the bad ones."""
    print("find_quantities linearity: CPU time at n and 10n characters, best of 5")
    print(f"  {'shape':30} {'n':>8} {'t(n)':>9} {'t(10n)':>9} {'ratio':>6}")
    flagged = []
    for name, shape in SHAPES.items():
        at_load = load()
        try:
            n = calibrated_size(shape)
            t_small, t_large = best_times(shape, n)
        except Exception as error:  # noqa: BLE001 - a crash is a finding to print, not to stop at
            print(f"  {name:30} FAILED: {type(error).__name__}: {str(error)[:60]}")
            flagged.append(name)
            continue
        r = t_large / max(t_small, 1e-9)
        flag = f"  <-- above {MAX_RATIO:g}" if r > MAX_RATIO else ""
        print(
            f"  {name:30} {n:8,} {t_small * 1e3:7.2f}ms {t_large * 1e3:7.1f}ms {r:6.1f} {at(at_load)}{flag}"
        )
        if flag:
            flagged.append(name)
    summary = f": {', '.join(flagged)}" if flagged else ""
    print(f"  {len(flagged)} of {len(SHAPES)} shapes above {MAX_RATIO:g}{summary}")


if __name__ == "__main__":
    main()
