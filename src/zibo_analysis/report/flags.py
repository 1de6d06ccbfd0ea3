"""reports/quality_flags.csv: the quality flags of the built table, rebuilt only when the data
or the library changed."""

from __future__ import annotations

from pathlib import Path

from zibo_analysis.report.common import sha, stamp_matches, write_stamp
from zibo_analysis.report.folder import OutputFolder


def write_quality_flags(out: OutputFolder, processed_dir: Path) -> int:
    """quality_flags.csv from the built table, safe to open in a spreadsheet; returns the
    number of flags."""
    from zibo_analysis.dataset import load_catalog, load_indicators, load_regions, load_texts
    from zibo_analysis.files import csv_text
    from zibo_analysis.quality import quality_flags

    data_dir = processed_dir.parent
    flags = quality_flags(
        load_indicators(processed_dir / "indicators.csv"),
        regions=load_regions(data_dir / "regions.csv"),
        articles=load_texts(data_dir / "raw/sources.csv"),
        catalog=load_catalog(data_dir / "catalog.csv"),
    )
    out.write("quality_flags.csv", csv_text(flags))
    return len(flags)


def update_quality_flags(out: OutputFolder, processed_dir: Path, inputs: str, log) -> None:
    """quality_flags.csv, rebuilt only when ``inputs`` (the data and library checksums)
    changed since it was written."""
    stamp = out.root / ".cache/quality_flags.sha"
    key = sha(inputs.encode())
    if (out.root / "quality_flags.csv").exists() and stamp_matches(stamp, key):
        return
    n_flags = write_quality_flags(out, processed_dir)
    write_stamp(stamp, key)
    log(f"  quality_flags.csv: {n_flags} flags")
