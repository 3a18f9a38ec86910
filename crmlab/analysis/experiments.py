"""Experiments: A/B tests, their power and sample size, and uplift by segment.

A campaign's treatment group is compared with a control group that got nothing, so
the difference is what the campaign caused:

* :func:`ab_test_proportions` and :func:`ab_test_means` compare a treatment group
  with its control group (two-proportion z test, Welch t test, confidence
  intervals);
* :func:`sample_size_proportions`, :func:`sample_size_means` and the ``power_*``
  functions plan a test before it runs;
* :func:`uplift_by_segment` measures, segment by segment, how much the campaign
  itself raised conversion (treatment minus control), which tells whom to target.

The figures match statsmodels (``proportions_ztest``, ``NormalIndPower``,
``TTestIndPower``) and ``scipy.stats.ttest_ind(equal_var=False)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import ColumnError, EmptyDataError, InvalidArgumentError
from ..schema import label
from ..validation import check_choice, check_float
from ._validation import require_columns, require_nonempty

__all__ = [
    "ab_test_proportions", "ab_test_means", "power_proportions", "sample_size_proportions", "power_means",
    "sample_size_means", "uplift_by_segment",
]

_ALTERNATIVES = ("two-sided", "larger", "smaller")


def _z(q):
    from scipy.stats import norm

    return float(norm.ppf(q))



# -- A/B tests -----------------------------------------------------------------------------
def _groups(data, group_col, treatment, control, name):
    require_columns(data, [group_col], name)
    require_nonempty(data, name)
    levels = set(pd.unique(data[group_col]))
    for lvl, arg in ((treatment, "treatment"), (control, "control")):
        if lvl not in levels:
            raise InvalidArgumentError(
                f"列 `{group_col}` 中没有 {arg} 组 {lvl!r}；现有取值：{sorted(map(str, levels))}。",
                f"Column `{group_col}` has no {arg} group {lvl!r}; its values are {sorted(map(str, levels))}.",
            )


def _by_keys(data, by):
    if by is None:
        return [None], [np.ones(len(data), bool)]
    cols = [by] if isinstance(by, str) else list(by)
    require_columns(data, cols, "data")
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(data[cols]) if len(cols) > 1 else data[cols[0]], sort=True)
    return list(uniques), [codes == i for i in range(len(uniques))]


def _prop_test(k1, n1, k0, n0, alpha, alternative):
    """Two-proportion z test (pooled SE, as statsmodels.proportions_ztest) and Wald CI."""
    from scipy.stats import norm

    p1, p0 = k1 / n1, k0 / n0
    diff = p1 - p0
    pool = (k1 + k0) / (n1 + n0)
    se0 = np.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n0))
    se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = diff / se0
    if alternative == "two-sided":
        p = 2 * norm.sf(np.abs(z))
        lo, hi = diff - _z(1 - alpha / 2) * se, diff + _z(1 - alpha / 2) * se
    elif alternative == "larger":
        p = norm.sf(z)
        lo, hi = diff - _z(1 - alpha) * se, np.inf
    else:
        p = norm.cdf(z)
        lo, hi = -np.inf, diff + _z(1 - alpha) * se
    return p1, p0, diff, z, p, lo, hi


def ab_test_proportions(data, *, outcome_col="converted", group_col="group", treatment="treatment",
                        control="control", by=None, alpha=0.05, alternative="two-sided"):
    """A/B test of a rate (e.g. conversion): two-proportion z test with a confidence interval.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer in the test, e.g. ``campaign_assignments``.
    outcome_col : str, default="converted"
        A 0/1 or boolean outcome.
    group_col : str, default="group"
    treatment, control : default "treatment", "control"
        The two values of ``group_col`` to compare.
    by : str or list of str, optional
        Test each level separately, e.g. ``by="campaign_id"``; levels without both
        groups are skipped.
    alpha : float, default=0.05
    alternative : {"two-sided", "larger", "smaller"}, default="two-sided"
        ``"larger"`` tests whether the treatment rate is higher.

    Returns
    -------
    pandas.DataFrame
        ``n_treatment``, ``n_control``, ``rate_treatment``, ``rate_control``,
        ``difference`` (percentage points as a share), ``relative_lift``, ``z``,
        ``p_value``, ``ci_low``, ``ci_high`` and ``significant``. The z test uses
        the pooled standard error (as ``statsmodels.stats.proportion.
        proportions_ztest``), the interval the unpooled (Wald) one.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import ab_test_proportions
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> ab = shop.campaign_assignments.merge(shop.campaigns[shop.campaigns["is_ab_test"]][["campaign_id"]])
    >>> r = ab_test_proportions(ab, by="campaign_id")
    >>> bool((r["difference"] > 0).mean() > 0.5)
    True
    """
    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    check_choice("alternative", alternative, _ALTERNATIVES)
    require_columns(data, [outcome_col], "data")
    _groups(data, group_col, treatment, control, "data")
    y = data[outcome_col].astype(float).to_numpy()
    if np.isnan(y).any() or not np.isin(y, (0.0, 1.0)).all():
        raise InvalidArgumentError(f"列 `{outcome_col}` 必须只含 0/1 或 True/False。",
                                   f"Column `{outcome_col}` must hold only 0/1 or True/False.")
    grp = data[group_col].to_numpy()
    t, c = grp == treatment, grp == control
    rows = []
    levels, masks = _by_keys(data, by)
    for lvl, m in zip(levels, masks, strict=True):
        n1, n0 = (m & t).sum(), (m & c).sum()
        if n1 == 0 or n0 == 0:
            continue
        k1, k0 = y[m & t].sum(), y[m & c].sum()
        p1, p0, diff, z, p, lo, hi = _prop_test(k1, n1, k0, n0, alpha, alternative)
        rows.append({"_lvl": lvl, "n_treatment": int(n1), "n_control": int(n0), "rate_treatment": p1,
                     "rate_control": p0, "difference": diff,
                     "relative_lift": diff / p0 if p0 > 0 else np.nan, "z": z, "p_value": p,
                     "ci_low": lo, "ci_high": hi, "significant": bool(p < alpha)})
    if not rows:
        raise EmptyDataError("没有同时包含实验组与对照组的数据，无法做 A/B 检验。",
                             "No level has both a treatment and a control group, so there is no A/B test to run.")
    return _finish(rows, by)


def _finish(rows, by):
    out = pd.DataFrame(rows)
    if by is None:
        return out.drop(columns="_lvl")
    cols = [by] if isinstance(by, str) else list(by)
    lv = out.pop("_lvl")
    if len(cols) == 1:
        out.insert(0, cols[0], lv.to_numpy())
    else:
        for i, col in enumerate(cols):
            out.insert(i, col, [x[i] for x in lv])
    return out


def ab_test_means(data, *, value_col, group_col="group", treatment="treatment", control="control", by=None,
                  alpha=0.05, alternative="two-sided"):
    """A/B test of a mean (e.g. spend per customer): Welch t test with a confidence interval.

    Welch's test does not assume equal variances, the safe choice for money, whose
    spread differs between groups.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (customer) in the test.
    value_col : str
        The numeric outcome.
    group_col, treatment, control, by, alpha, alternative
        As in :func:`ab_test_proportions`.

    Returns
    -------
    pandas.DataFrame
        ``n_treatment``, ``n_control``, ``mean_treatment``, ``mean_control``,
        ``difference``, ``relative_lift``, ``t``, ``df`` (Welch-Satterthwaite),
        ``p_value``, ``ci_low``, ``ci_high``, ``significant``; the same figures as
        ``scipy.stats.ttest_ind(..., equal_var=False)``.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import ab_test_means
    >>> d = pd.DataFrame({"group": ["treatment"] * 3 + ["control"] * 3, "spend": [5, 6, 7, 4, 5, 3]})
    >>> round(float(ab_test_means(d, value_col="spend")["difference"].iloc[0]), 2)
    2.0
    """
    from scipy.stats import t as tdist

    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    check_choice("alternative", alternative, _ALTERNATIVES)
    require_columns(data, [value_col], "data")
    _groups(data, group_col, treatment, control, "data")
    if not pd.api.types.is_numeric_dtype(data[value_col]) or pd.api.types.is_bool_dtype(data[value_col]):
        raise ColumnError(f"列 `{value_col}` 必须是数值。", f"Column `{value_col}` must be numeric.")
    y = data[value_col].astype(float).to_numpy()
    grp = data[group_col].to_numpy()
    ok = ~np.isnan(y)
    t, c = (grp == treatment) & ok, (grp == control) & ok
    rows = []
    levels, masks = _by_keys(data, by)
    for lvl, m in zip(levels, masks, strict=True):
        a, b = y[m & t], y[m & c]
        if a.size < 2 or b.size < 2:
            continue
        v1, v0 = a.var(ddof=1) / a.size, b.var(ddof=1) / b.size
        se = np.sqrt(v1 + v0)
        diff = a.mean() - b.mean()
        with np.errstate(invalid="ignore", divide="ignore"):
            dof = (v1 + v0) ** 2 / (v1**2 / (a.size - 1) + v0**2 / (b.size - 1))
            tt = diff / se
        if alternative == "two-sided":
            p = 2 * tdist.sf(abs(tt), dof)
            q = tdist.ppf(1 - alpha / 2, dof)
            lo, hi = diff - q * se, diff + q * se
        elif alternative == "larger":
            p = tdist.sf(tt, dof)
            lo, hi = diff - tdist.ppf(1 - alpha, dof) * se, np.inf
        else:
            p = tdist.cdf(tt, dof)
            lo, hi = -np.inf, diff + tdist.ppf(1 - alpha, dof) * se
        rows.append({"_lvl": lvl, "n_treatment": int(a.size), "n_control": int(b.size), "mean_treatment": a.mean(),
                     "mean_control": b.mean(), "difference": diff,
                     "relative_lift": diff / b.mean() if b.mean() != 0 else np.nan, "t": tt, "df": dof,
                     "p_value": float(p), "ci_low": lo, "ci_high": hi, "significant": bool(p < alpha)})
    if not rows:
        raise EmptyDataError("每组至少需要 2 个观测值才能做 t 检验。",
                             "Each group needs at least 2 observations for a t test.")
    return _finish(rows, by)


# -- power and sample size -----------------------------------------------------------------
def _power_z(es, n, ratio, alpha, alternative):
    """Power of a z test for standardised effect ``es`` with n control and n*ratio treatment units."""
    from scipy.stats import norm

    nc = es * np.sqrt(n * ratio / (1 + ratio))  # es / sqrt(1/n + 1/(n ratio))
    if alternative == "two-sided":
        z = norm.isf(alpha / 2)
        return norm.sf(z - nc) + norm.cdf(-z - nc)
    z = norm.isf(alpha)
    return norm.sf(z - nc) if alternative == "larger" else norm.cdf(-z - nc)


def _cohen_h(p_treatment, p_control):
    return 2 * np.arcsin(np.sqrt(p_treatment)) - 2 * np.arcsin(np.sqrt(p_control))


def power_proportions(p_control, p_treatment, n_control, *, ratio=1.0, alpha=0.05, alternative="two-sided"):
    """Power of a two-proportion test with ``n_control`` and ``ratio * n_control`` units.

    Uses Cohen's effect size ``h`` (arcsine transformation), as
    ``statsmodels.stats.power.NormalIndPower`` does.

    Parameters
    ----------
    p_control : float
        The rate without the campaign.
    p_treatment : float
        The rate with it.
    n_control : float
        Units in the control group.
    ratio : float, default=1.0
        Treatment units per control unit.
    alpha : float, default=0.05
    alternative : {"two-sided", "larger", "smaller"}, default="two-sided"

    Returns
    -------
    float
        The chance of detecting the difference (0-1).

    Examples
    --------
    >>> from crmlab.analysis import power_proportions
    >>> round(power_proportions(0.10, 0.12, 3835), 2)
    0.8
    """
    p0 = check_float("p_control", p_control, low=0, high=1, low_open=True, high_open=True, example="p_control=0.10")
    p1 = check_float("p_treatment", p_treatment, low=0, high=1, low_open=True, high_open=True,
                     example="p_treatment=0.12")
    n = check_float("n_control", n_control, low=0, low_open=True, example="n_control=1000")
    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    ratio = check_float("ratio", ratio, low=0, low_open=True, example="ratio=1.0")
    check_choice("alternative", alternative, _ALTERNATIVES)
    es = _cohen_h(p1, p0)
    if alternative == "two-sided":
        es = abs(es)
    return float(_power_z(es, n, ratio, alpha, alternative))


def _solve_n(power_fn, power, lo=1.0, name="power"):
    from scipy.optimize import brentq

    check_float(name, power, low=0, high=1, low_open=True, high_open=True, example=f"{name}=0.8")
    hi = 2.0 * lo
    while power_fn(hi) < power:
        hi *= 2
        if hi > 1e12:
            raise InvalidArgumentError("效应太小，所需样本量超过 10^12。请检查效应大小。",
                                       "The effect is too small: more than 10^12 units would be needed. Check the effect size.")
    if power_fn(lo) >= power:
        return lo
    return brentq(lambda n: power_fn(n) - power, lo, hi, xtol=1e-10)


def sample_size_proportions(p_control, p_treatment, *, alpha=0.05, power=0.8, ratio=1.0, alternative="two-sided"):
    """Units needed per group to detect a change of a rate from ``p_control`` to ``p_treatment``.

    Parameters
    ----------
    p_control : float
        The rate you expect without the campaign (e.g. 0.10).
    p_treatment : float
        The smallest rate with the campaign worth detecting (e.g. 0.12).
    alpha : float, default=0.05
    power : float, default=0.8
        Chance of detecting the effect if it is real.
    ratio : float, default=1.0
        Treatment units per control unit.
    alternative : {"two-sided", "larger", "smaller"}, default="two-sided"

    Returns
    -------
    dict
        ``n_control`` and ``n_treatment`` (rounded up), ``n_total``,
        ``effect_size`` (Cohen's h) and ``n_control_exact`` (before rounding). The
        same as solving ``NormalIndPower().solve_power`` of statsmodels.

    Examples
    --------
    >>> from crmlab.analysis import sample_size_proportions
    >>> sample_size_proportions(0.10, 0.12)["n_control"]
    3835
    """
    p0 = check_float("p_control", p_control, low=0, high=1, low_open=True, high_open=True, example="p_control=0.10")
    p1 = check_float("p_treatment", p_treatment, low=0, high=1, low_open=True, high_open=True,
                     example="p_treatment=0.12")
    if p0 == p1:
        raise InvalidArgumentError("p_control 与 p_treatment 相同：没有可检测的效应。",
                                   "p_control equals p_treatment: there is no effect to detect.")
    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    ratio = check_float("ratio", ratio, low=0, low_open=True, example="ratio=1.0")
    check_choice("alternative", alternative, _ALTERNATIVES)
    es = _cohen_h(p1, p0)
    es = abs(es) if alternative == "two-sided" else es
    if (alternative == "larger" and es <= 0) or (alternative == "smaller" and es >= 0):
        raise InvalidArgumentError("效应方向与 alternative 不一致。", "The effect's direction contradicts `alternative`.")
    n = _solve_n(lambda n: _power_z(es, n, ratio, alpha, alternative), power)
    nc, nt = int(np.ceil(n - 1e-9)), int(np.ceil(n * ratio - 1e-9))
    return {"n_control": nc, "n_treatment": nt, "n_total": nc + nt, "effect_size": float(es), "n_control_exact": n}


def _power_t(d, n, ratio, alpha, alternative):
    from scipy.stats import nct, t

    n1 = n * ratio
    dof = n + n1 - 2
    nc = d * np.sqrt(n * n1 / (n + n1))
    if alternative == "two-sided":
        q = t.isf(alpha / 2, dof)
        return nct.sf(q, dof, nc) + nct.cdf(-q, dof, nc)
    q = t.isf(alpha, dof)
    return nct.sf(q, dof, nc) if alternative == "larger" else nct.cdf(-q, dof, nc)


def power_means(difference, sd, n_control, *, ratio=1.0, alpha=0.05, alternative="two-sided"):
    """Power of a two-sample t test for a difference in means (noncentral t).

    Parameters
    ----------
    difference : float
        The true difference in means, e.g. 10 CNY of spend.
    sd : float
        Standard deviation of the outcome.
    n_control : float
        Units in the control group (at least 2).
    ratio : float, default=1.0
        Treatment units per control unit.
    alpha : float, default=0.05
    alternative : {"two-sided", "larger", "smaller"}, default="two-sided"

    Returns
    -------
    float
        The chance of detecting the difference (0-1), as
        ``statsmodels.stats.power.TTestIndPower``.

    Examples
    --------
    >>> from crmlab.analysis import power_means
    >>> round(power_means(10, 50, 394), 2)
    0.8
    """
    sd = check_float("sd", sd, low=0, low_open=True, example="sd=50")
    n = check_float("n_control", n_control, low=0, low_open=True, example="n_control=1000")
    if n < 2:
        raise InvalidArgumentError("n_control 至少为 2。", "n_control must be at least 2.")
    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    ratio = check_float("ratio", ratio, low=0, low_open=True, example="ratio=1.0")
    check_choice("alternative", alternative, _ALTERNATIVES)
    d = check_float("difference", difference, example="difference=10") / sd
    d = abs(d) if alternative == "two-sided" else d
    return float(_power_t(d, n, ratio, alpha, alternative))


def sample_size_means(difference, sd, *, alpha=0.05, power=0.8, ratio=1.0, alternative="two-sided"):
    """Units needed per group to detect a difference in means (two-sample t test).

    Parameters
    ----------
    difference : float
        The smallest difference worth detecting, e.g. 10 CNY of spend.
    sd : float
        Standard deviation of the outcome (from past data).
    alpha, power, ratio, alternative
        As in :func:`sample_size_proportions`.

    Returns
    -------
    dict
        ``n_control``, ``n_treatment``, ``n_total``, ``effect_size`` (Cohen's d)
        and ``n_control_exact``; as ``TTestIndPower().solve_power`` of statsmodels.

    Examples
    --------
    >>> from crmlab.analysis import sample_size_means
    >>> sample_size_means(10, 50)["n_control"]
    394
    """
    sd = check_float("sd", sd, low=0, low_open=True, example="sd=50")
    if isinstance(difference, bool) or not isinstance(difference, int | float) or difference == 0:
        raise InvalidArgumentError("`difference` 必须是非零数字。", "`difference` must be a non-zero number.")
    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    ratio = check_float("ratio", ratio, low=0, low_open=True, example="ratio=1.0")
    check_choice("alternative", alternative, _ALTERNATIVES)
    d = difference / sd
    d = abs(d) if alternative == "two-sided" else d
    if (alternative == "larger" and d <= 0) or (alternative == "smaller" and d >= 0):
        raise InvalidArgumentError("效应方向与 alternative 不一致。", "The effect's direction contradicts `alternative`.")
    lo = max(2.0, 2.0 / ratio)  # at least two units in each group for a t test
    n = _solve_n(lambda n: _power_t(d, n, ratio, alpha, alternative), power, lo=lo)
    nc, nt = int(np.ceil(n - 1e-9)), int(np.ceil(n * ratio - 1e-9))
    return {"n_control": nc, "n_treatment": nt, "n_total": nc + nt, "effect_size": float(d), "n_control_exact": n}


# -- uplift ----------------------------------------------------------------------------------
def uplift_by_segment(campaign_assignments, *, segments, segment_col="segment", outcome_col="converted",
                      by="campaign_id", alpha=0.05, locale=None):
    """Uplift of a campaign in each customer segment: treatment rate minus control rate.

    The control group shows what each segment would have done anyway, so the
    difference is what the campaign caused there. Segments with a high uplift are
    worth targeting; a segment that buys anyway (high control rate, no uplift)
    only costs the offer.

    Parameters
    ----------
    campaign_assignments : pandas.DataFrame
        The ``campaign_assignments`` table (``customer_id``, ``group``, the outcome and ``by``).
        Only campaigns with a control group count (also when ``by=None`` pools them).
    segments : pandas.DataFrame
        ``customer_id`` and ``segment_col``: any segmentation, e.g. RFM segments,
        member tiers, or for instructors ``shop.truth`` with ``segment_true``.
    segment_col : str, default="segment"
    outcome_col : str, default="converted"
    by : str or None, default="campaign_id"
        Uplift per campaign and segment; ``None`` pools all campaigns.
    alpha : float, default=0.05
    locale : {"zh", "en"}, optional
        Language of ``segment_label`` for the simulator's true segments.

    Returns
    -------
    pandas.DataFrame
        Per (campaign,) segment: ``n_treatment``, ``n_control``,
        ``rate_treatment``, ``rate_control``, ``uplift`` with ``ci_low`` /
        ``ci_high`` (Wald interval of the difference), ``p_value``; sorted by
        campaign and descending uplift.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import uplift_by_segment
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> u = uplift_by_segment(shop.campaign_assignments, segments=shop.truth, segment_col="segment_true")
    >>> {"uplift", "ci_low", "ci_high"} <= set(u.columns)
    True
    """
    ca = require_columns(campaign_assignments, ["customer_id", "group", outcome_col, *([by] if by else [])],
                         "campaign_assignments")
    require_columns(segments, ["customer_id", segment_col], "segments")
    seg = segments.drop_duplicates("customer_id").set_index("customer_id")[segment_col]
    s = seg.reindex(ca["customer_id"].to_numpy()).to_numpy()
    data = pd.DataFrame({"group": ca["group"].to_numpy(), "y": ca[outcome_col].to_numpy(), segment_col: s})
    keys = [segment_col]
    if by:
        data.insert(0, by, ca[by].to_numpy())
        keys = [by, segment_col]
    if "campaign_id" in ca:
        # Campaigns without a control group say nothing about uplift; pooled, they would bias it.
        cid = ca["campaign_id"].to_numpy()
        ab = pd.Series(data["group"].to_numpy() == "control").groupby(cid).any()
        data = data[ab.reindex(cid).to_numpy()]
    data = data[pd.notna(data[segment_col])]
    require_nonempty(data, "campaign_assignments x segments")
    r = ab_test_proportions(data, outcome_col="y", by=keys, alpha=alpha)
    r = r.rename(columns={"difference": "uplift"}).drop(columns=["relative_lift", "z", "significant"])
    if segment_col == "segment_true":
        loc = locale or get_locale()
        r.insert(len(keys), "segment_label", [label("segment_true", x, loc) for x in r[segment_col]])
    return r.sort_values([*([by] if by else []), "uplift"], ascending=[*([True] if by else []), False],
                         kind="stable").reset_index(drop=True)
