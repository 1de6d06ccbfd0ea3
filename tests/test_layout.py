"""The source's layout is ruff format's (`make lint` checks it): no line over 120 characters,
and `# fmt: skip` only on a table of data that reads better as written, with its reason."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LONGEST = 120
# Laid out by the helper who rewrites them at the same time (issue 19: the report's speed);
# drop a file from here when its turn has landed.
LATER = re.compile(
    r"src/zibo_analysis/(report/run\.py|report/build\.py|plots/figures\.py|plots/output\.py)"
)


def python_files(root: Path, *folders: str) -> list[Path]:
    files = [p for folder in folders for p in sorted((root / folder).rglob("*.py"))]
    return [p for p in files if not LATER.match(p.relative_to(root).as_posix())]


def long_lines(root: Path) -> list[str]:
    """file:line of each line of src/ and tests/ over `LONGEST` characters."""
    return [
        f"{path.relative_to(root)}:{n}"
        for path in python_files(root, "src", "tests")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > LONGEST
    ]


def bare_skips(root: Path) -> list[str]:
    """file:line of each ``# fmt: skip`` in src/ whose statement has no comment above it that
    says why (a comment naming fmt: skip)."""
    found = []
    for path in python_files(root, "src"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for n, line in enumerate(lines, 1):
            if not line.rstrip().endswith("# fmt: skip"):
                continue
            above = n - 2  # up through the statement (and the tables before it) to a comment
            while above >= 0 and lines[above].strip() and not lines[above].lstrip().startswith("#"):
                above -= 1
            comment = []
            while above >= 0 and lines[above].lstrip().startswith("#"):
                comment.append(lines[above])
                above -= 1
            if not any("fmt: skip" in c for c in comment):
                found.append(f"{path.relative_to(root)}:{n}")
    return found


def test_no_line_is_over_120_characters():
    assert long_lines(ROOT) == []


def test_each_fmt_skip_in_src_is_a_table_with_its_reason():
    assert bare_skips(ROOT) == []


def test_the_checks_find_a_long_line_and_a_skip_without_its_reason(tmp_path):
    folder = tmp_path / "src/pkg"
    folder.mkdir(parents=True)
    (folder / "a.py").write_text("X = 1\nY = '" + "y" * 120 + "'\n", encoding="utf-8")
    (folder / "b.py").write_text(
        "# a table\nT = {1: 2}  # fmt: skip\n\n# a table, as written (fmt: skip): a row a line\n"
        "U = {\n    1: 2, 3: 4,\n}  # fmt: skip\n",
        encoding="utf-8",
    )
    assert long_lines(tmp_path) == ["src/pkg/a.py:2"]
    assert bare_skips(tmp_path) == ["src/pkg/b.py:2"]
