"""How the quotes `candidates` suggests start and end, on articles with nothing curated.

A temporary copy of data/ (or of the held-out set, benchmarks/heldout) with an empty curation
and ignored table makes every figure of its articles a candidate; each suggested quote is then measured where it lies in its article:

- **starts at a boundary**: at the body's start or a line's, or after punctuation or a space;
- **ends at a boundary**: at the body's end or a line's, or before punctuation, a space, a
  closing mark or a figure (a number starts a word);
- **balanced**: its quotation marks and brackets (“” 《》 （） 「」 【】) in pairs;
- **says what it counts**: four or more Chinese characters besides its figures.

    .venv/bin/python -m benchmarks.quotes [--show N] [--data benchmarks/heldout]
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from pathlib import Path

from zibo_analysis.dataset import body_occurrences, load_articles, read_table, uncurated_mentions
from zibo_analysis.dataset.quotes import unbalanced
from zibo_analysis.dataset.schemas import SOURCES_SCHEMA

ROOT = Path(__file__).resolve().parents[1]
PUNCTUATION = set("。！？!?；;，,：:、 \u3000\t\n")
CLOSING = set("”》）)」』】’")
HAN = re.compile(r"[\u3400-\u9fff]")


def fresh_copy(source: Path = ROOT / "data") -> Path:
    """A data folder (data/, or benchmarks/heldout/) in a temporary folder, with no row curated
    or ignored."""
    data = Path(tempfile.mkdtemp()) / "data"
    shutil.copytree(source, data, ignore=shutil.ignore_patterns("processed", "*.tmp"))
    for name in ("curation.csv", "ignored.csv"):
        header = (data / name).read_text(encoding="utf-8").splitlines()[0]
        (data / name).write_text(header + "\n", encoding="utf-8")
    return data


def measure(data: Path) -> tuple[dict[str, int], list[str]]:
    """Counts of quotes meeting each criterion, and a line for each that misses one."""
    issues: list = []
    articles = load_articles(data, read_table(data / "raw/sources.csv", SOURCES_SCHEMA, issues), issues)  # fmt: skip
    counts = dict.fromkeys(["quotes", "start", "end", "balanced", "says", "all"], 0)
    misses = []
    for row in uncurated_mentions(data).itertuples():
        article = articles[row.doc_id]
        text = article.text
        start = body_occurrences(article, row.quote)[int(row.occurrence or 1) - 1]
        end = start + len(row.quote)
        seg = next((a, b) for a, b in article.segments if a <= start and end <= b)
        figures = sum(len(HAN.findall(q.text)) for q in article.mentions_within(start, end) if q.start >= start)  # fmt: skip
        met = {
            "start": start == seg[0] or text[start - 1] in PUNCTUATION,
            "end": end == seg[1] or text[end] in PUNCTUATION | CLOSING or text[end].isdigit(),
            "balanced": not unbalanced(row.quote),
            "says": len(HAN.findall(row.quote)) - figures >= 4,
        }
        met["all"] = all(met.values())
        counts["quotes"] += 1
        for key, ok in met.items():
            counts[key] += ok
        if not met["all"]:
            flags = "".join(k[0].upper() if ok else k[0] for k, ok in met.items() if k != "all")
            misses.append(f"{flags} {row.quote!r}  …{text[max(seg[0], start - 6) : start]}|{text[end : end + 6]}…")  # fmt: skip
    return counts, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many quotes that miss")
    parser.add_argument("--data", type=Path, default=ROOT / "data",
                        help="the data folder (default data/; benchmarks/heldout for the held-out set)")  # fmt: skip
    args = parser.parse_args()
    counts, misses = measure(fresh_copy(args.data))
    n = counts["quotes"]
    words = {"start": "start at a boundary", "end": "end at a boundary", "balanced": "balanced",
             "says": "say what they count", "all": "all four"}  # fmt: skip
    print(
        f"{n} suggested quotes on the articles of {args.data.relative_to(ROOT) if args.data.is_relative_to(ROOT) else args.data}:"
    )
    for key, label in words.items():
        print(f"  {label:<22} {counts[key]:4d}  {counts[key] / n:6.1%}")
    print(*misses[: args.show], sep="\n")


if __name__ == "__main__":
    main()
