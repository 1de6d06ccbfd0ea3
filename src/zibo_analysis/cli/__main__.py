"""``python -m zibo_analysis.cli``: the `zibo-analysis` command."""

from zibo_analysis.cli import main

raise SystemExit(main())
