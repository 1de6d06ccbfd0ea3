"""seaborn without scipy, in the report's kernels.

seaborn imports ``scipy.stats`` (and ``scipy.cluster``) when it is imported, 0.7 s in
every kernel, though it needs them only for kernel density estimates (it carries a copy
of scipy's) and clustered heat maps, which no figure here draws. In a kernel the report
started (``ZIBO_REPORT_KERNEL`` set), seaborn is imported with those two modules hidden,
so that it takes its fallbacks; a notebook that fits a trend still imports scipy, through
statsmodels, when it needs it. Anywhere else seaborn is imported as usual.
"""

from __future__ import annotations

import os
import sys

REPORT_KERNEL = "ZIBO_REPORT_KERNEL"
HIDDEN = ("scipy.stats", "scipy.cluster")


def import_seaborn():
    """The seaborn module (see the module's docstring)."""
    lean = os.environ.get(REPORT_KERNEL) and not any(m in sys.modules for m in ("seaborn", *HIDDEN))
    if lean:
        for name in HIDDEN:
            sys.modules[name] = None  # type: ignore[assignment]  # an import of it fails
        try:
            import seaborn
        finally:
            for name in HIDDEN:
                sys.modules.pop(name, None)
    import seaborn

    return seaborn
