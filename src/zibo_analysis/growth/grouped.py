"""Series as contiguous groups of rows, and straight lines fitted by least squares in every
group at once.

The growth functions sort the observations by series and date once (`changes.observations`)
and then work on whole columns: where each series (or each part of one, between breaks)
starts, its size, each row's position in it.

`fit_lines` is ordinary least squares of y on x with a constant, in closed form from
grouped sums (``np.bincount``): slope Sxy / Sxx, intercept, the residual variance and the
covariance of the two, so that the slope's 95% interval and the mean's band follow with
Student's t. It gives what statsmodels' OLS gives (tests/test_fits.py checks it against
statsmodels to 1e-9) for every series in one pass: statsmodels fits one series a call,
about 1 ms each, and its predictions on a daily grid 10 ms.

>>> g = groups_from_starts(np.array([0, 3]), 5)
>>> g.sizes.tolist(), g.group.tolist(), g.position.tolist()
([3, 2], [0, 0, 0, 1, 1], [0, 1, 2, 0, 1])
>>> lines = fit_lines(g, np.array([0.0, 1, 2, 0, 1]), np.array([1.0, 3, 5, 2, 2]))
>>> lines.slope.tolist(), lines.intercept.tolist()
([2.0, 0.0], [1.0, 2.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from zibo_analysis.vectors import group_starts

CONFIDENCE = 0.95
# What the fits import on their first call (Student's t); a report kernel imports it while
# it waits for its first notebook (report.run.warm_up).
DEFERRED_IMPORTS = ("scipy.special",)


@dataclass(frozen=True)
class Groups:
    """Rows sorted so that each group is contiguous: where each group starts, its size,
    and for each row its group and its position in it."""

    starts: np.ndarray
    sizes: np.ndarray
    group: np.ndarray
    position: np.ndarray

    @property
    def ends(self) -> np.ndarray:
        """The last row of each group."""
        return self.starts + self.sizes - 1

    def __len__(self) -> int:
        return len(self.starts)

    def first(self, values) -> np.ndarray:
        """Each group's first value of a column (one value per row)."""
        return np.asarray(values)[self.starts]

    def last(self, values) -> np.ndarray:
        """Each group's last value."""
        return np.asarray(values)[self.ends]

    def count(self, mask) -> np.ndarray:
        """How many rows of each group ``mask`` holds."""
        return np.bincount(
            self.group, weights=np.asarray(mask, dtype=float), minlength=len(self)
        ).astype(int)

    def any(self, mask) -> np.ndarray:
        return self.count(mask) > 0

    def all(self, mask) -> np.ndarray:
        return self.count(mask) == self.sizes

    def spread(self, values) -> np.ndarray:
        """A value per group, repeated on each of its rows."""
        return np.asarray(values)[self.group]

    def rows(self, keep) -> Groups:
        """The groups over the rows ``keep`` marks (a boolean per row); a group left without
        rows is gone."""
        keep = np.asarray(keep, dtype=bool)
        group = self.group[keep]
        starts = (
            np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
            if len(group)
            else np.zeros(0, dtype=int)
        )
        return groups_from_starts(starts, len(group))

    def subset(self, which) -> tuple[np.ndarray, Groups]:
        """The rows of the groups ``which`` marks (a boolean per row), and those groups."""
        which = np.asarray(which, dtype=bool)
        rows = which[self.group] if len(self.group) else np.zeros(0, dtype=bool)
        sizes = self.sizes[which]
        return rows, groups_from_starts((np.cumsum(sizes) - sizes).astype(int), int(sizes.sum()))


def groups_from_starts(starts: np.ndarray, n: int) -> Groups:
    """The groups of ``n`` rows that start at ``starts`` (sorted, the first 0)."""
    starts = np.asarray(starts, dtype=int)
    sizes = np.diff(np.append(starts, n))
    group = np.repeat(np.arange(len(starts)), sizes)
    position = np.arange(n) - starts[group] if n else np.zeros(0, dtype=int)
    return Groups(starts, sizes, group, position)


def groups_of(table: pd.DataFrame, key: list[str]) -> Groups:
    """The groups of a table sorted by ``key`` (each group's rows together)."""
    columns = [
        table[c].astype(object).to_numpy() if table[c].dtype == "category" else table[c].to_numpy()
        for c in key
    ]
    return groups_from_starts(
        group_starts(*columns) if len(table) else np.zeros(0, dtype=int), len(table)
    )


def series_of(rows: pd.DataFrame, key: list[str]) -> tuple[pd.DataFrame, Groups]:
    """The rows (sorted by ``key``, as `changes.observations` sorts them) without those whose
    key is missing, which no series holds, and their groups."""
    rows = rows.dropna(subset=key).reset_index(drop=True)
    return rows, groups_of(rows, key)


def split(groups: Groups, cuts: np.ndarray) -> Groups:
    """The groups cut before each row in ``cuts`` (a boolean per row): parts of a series
    between its breaks."""
    new = np.zeros(len(groups.group), dtype=bool)
    new[groups.starts] = True
    new |= np.asarray(cuts, dtype=bool)
    return groups_from_starts(np.flatnonzero(new), len(groups.group))


@dataclass(frozen=True)
class Lines:
    """y = intercept + slope * x in each group, with the covariance of (intercept, slope),
    the residual degrees of freedom, R² and the critical value of Student's t."""

    intercept: np.ndarray
    slope: np.ndarray
    cov_aa: np.ndarray
    cov_ab: np.ndarray
    cov_bb: np.ndarray
    df: np.ndarray
    r_squared: np.ndarray
    t: np.ndarray

    def slope_interval(self) -> tuple[np.ndarray, np.ndarray]:
        """The slope's 95% confidence interval (low, high)."""
        half = self.t * np.sqrt(self.cov_bb)
        return self.slope - half, self.slope + half

    def band(
        self, x: np.ndarray, which: np.ndarray | slice = slice(None)
    ) -> tuple[np.ndarray, ...]:
        """The fitted mean at ``x`` and its 95% confidence band (mean, low, high); ``x`` has a
        row per group of ``which`` (or is broadcast against them)."""
        a, b = self.intercept[which], self.slope[which]
        aa, ab, bb, t = self.cov_aa[which], self.cov_ab[which], self.cov_bb[which], self.t[which]
        if np.ndim(x) == 2:
            a, b, aa, ab, bb, t = (v[:, None] for v in (a, b, aa, ab, bb, t))
        mean = a + x * b
        half = t * np.sqrt(np.maximum(aa + 2 * x * ab + x * x * bb, 0.0))
        return mean, mean - half, mean + half

    @classmethod
    def from_statsmodels(cls, result) -> Lines:
        """The line of a statsmodels OLS result on a constant and ``years`` (`trends.fit_trend`)."""
        cov = np.asarray(result.cov_params())
        df = float(result.df_resid)
        return cls(
            *(
                np.array([v])
                for v in (
                    result.params["const"],
                    result.params["years"],
                    cov[0, 0],
                    cov[0, 1],
                    cov[1, 1],
                )
            ),
            df=np.array([df]),
            r_squared=np.array([result.rsquared]),
            t=critical_t(np.array([df])),
        )


def critical_t(df: np.ndarray) -> np.ndarray:
    """The two-sided 95% critical value of Student's t for ``df`` degrees of freedom (NaN
    for none), as statsmodels' intervals use it (scipy's ``stdtrit``, under ``t.ppf``)."""
    from scipy.special import stdtrit

    df = np.asarray(df, dtype=float)
    out = np.full(df.shape, np.nan)
    ok = df > 0
    out[ok] = stdtrit(df[ok], 1 - (1 - CONFIDENCE) / 2)
    return out


def fit_lines(groups: Groups, x, y) -> Lines:
    """Least squares of ``y`` on ``x`` and a constant within each group (at least three rows
    and two distinct x for an interval; fewer give NaN where a figure cannot be had)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    g, k = groups.group, len(groups)

    def total(values):
        return np.bincount(g, weights=values, minlength=k)

    n = groups.sizes.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        x_mean, y_mean = total(x) / n, total(y) / n
        dx, dy = x - x_mean[g], y - y_mean[g]
        sxx, sxy, syy = total(dx * dx), total(dx * dy), total(dy * dy)
        slope = sxy / sxx
        intercept = y_mean - slope * x_mean
        residual = y - (intercept[g] + x * slope[g])
        ssr = total(residual * residual)
        df = n - 2
        s2 = np.where(df > 0, ssr / df, np.nan)
        cov_bb = s2 / sxx
        cov_ab = -x_mean * cov_bb
        cov_aa = s2 / n + x_mean * x_mean * cov_bb
        r_squared = 1 - ssr / syy
    return Lines(intercept, slope, cov_aa, cov_ab, cov_bb, df, r_squared, critical_t(df))
