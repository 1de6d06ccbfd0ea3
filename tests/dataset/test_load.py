"""The built data, typed for notebooks."""

from __future__ import annotations

import pandas as pd

from zibo_analysis import dataset


def test_load_indicators_is_typed(indicators, tmp_path):
    path = tmp_path / "indicators.csv"
    indicators.to_csv(path, index=False)
    typed = dataset.load_indicators(path)
    assert typed["as_of"].dtype.kind == "M" and typed["value"].dtype.kind in "if"
    assert isinstance(typed["topic"].dtype, pd.CategoricalDtype)
    assert typed["qualifier"].cat.categories.tolist()[0] == "exact"
    assert len(typed) == len(indicators)
