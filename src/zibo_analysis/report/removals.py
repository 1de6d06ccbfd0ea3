"""What the report made for notebooks that are gone, removed (only what the folder's
manifest says the report wrote)."""

from __future__ import annotations

import json
from pathlib import Path

from zibo_analysis.report.folder import OutputFolder


def remove_gone(out: OutputFolder, keep: set[str]) -> list[str]:
    """Remove what the report made for notebooks that are gone: the page, the executed and
    failed notebooks, the data folder and the sidecar of each name with a sidecar that is
    not in ``keep``. Only what the manifest of ``out`` lists is removed. Returns the names.
    """
    gone = []
    for sidecar in sorted((out.root / ".cache").glob("*.json")):
        name = sidecar.stem
        if name in keep or _sidecar_name(sidecar) != name:
            continue
        for made in (f"{name}.html", f"{name}.ipynb", f"{name}.failed.ipynb", f"data/{name}"):
            out.remove(made)
        sidecar.unlink()
        gone.append(name)
    return gone


def _sidecar_name(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        return None
