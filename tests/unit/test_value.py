"""Value tiers, ABC, Lorenz/Pareto and Gini: against direct formulas and the truth."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import (
    abc_classification,
    gini,
    lorenz_curve,
    pareto_curve,
    pareto_customer_share,
    pareto_share,
    rfm_summary,
    value_tiers,
)
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


@pytest.fixture(scope="module")
def rfm(shop_3k):
    return rfm_summary(shop_3k.orders)


def test_gini_matches_reference_formulas(rfm):
    v = rfm["monetary"].clip(lower=0).to_numpy()
    mad = np.abs(v[:, None] - v[None, :]).mean()  # mean absolute difference, O(n^2)
    assert gini(rfm) == pytest.approx(mad / (2 * v.mean()), rel=1e-10)
    curve = lorenz_curve(rfm)
    area = np.trapezoid(curve["value_share"], curve["customer_share"])
    assert gini(rfm) == pytest.approx(1 - 2 * area, rel=1e-10)
    assert gini(pd.Series([5.0] * 10)) == pytest.approx(0.0)
    assert 0.3 < gini(rfm) < 0.9  # spend is unequal in the shop


def _gini_reference(x):
    """Mean absolute difference form: sum |xi - xj| / (2 n^2 mean)."""
    x = np.asarray(x, float)
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())


def test_gini_against_reference():
    rng = np.random.default_rng(0)
    for x in (rng.lognormal(5, 1.2, 400), rng.exponential(3, 50), np.ones(10), [0, 0, 0, 7.0]):
        assert gini(x) == pytest.approx(_gini_reference(x), abs=1e-12)
    assert gini(np.ones(10)) == pytest.approx(0)
    assert gini([0, 0, 0, 7.0]) == pytest.approx(3 / 4)


def test_lorenz_pareto_and_gini_by_hand():
    """The standard Lorenz curve (equal population steps, poorest first), computed by hand."""
    x = pd.Series([1.0, 1.0, 2.0], index=["a", "b", "c"])
    lor = lorenz_curve(x)
    np.testing.assert_allclose(lor["customer_share"], [0, 1 / 3, 2 / 3, 1])
    np.testing.assert_allclose(lor["value_share"], [0, 0.25, 0.5, 1])
    # the Pareto curve is the same curve read from the richest end: P(p) = 1 - L(1 - p)
    par = pareto_curve(x)
    np.testing.assert_allclose(par["value_share"], [0, 0.5, 0.75, 1])
    np.testing.assert_allclose(par["value_share"], 1 - lor["value_share"].to_numpy()[::-1])
    # Gini of [1, 1, 2]: mean absolute difference 4/9, mean 4/3 -> (4/9) / (8/3) = 1/6,
    # and one minus twice the area under the Lorenz curve (trapezoids: 5/12) = 1/6
    assert gini(x) == pytest.approx(1 / 6)
    assert gini(x) == pytest.approx(1 - 2 * np.trapezoid(lor["value_share"], lor["customer_share"]))
    # Gini of 1..5: sum of |xi - xj| over ordered pairs 40, / (2 * 25 * 3) = 4/15
    assert gini([1.0, 2, 3, 4, 5]) == pytest.approx(4 / 15)
    # a uniform distribution on [0, 1] has Gini 1/3; an exponential one 1/2
    rng = np.random.default_rng(1)
    assert gini(rng.uniform(0, 1, 200_000)) == pytest.approx(1 / 3, abs=0.005)
    assert gini(rng.exponential(1.0, 200_000)) == pytest.approx(1 / 2, abs=0.005)
    # the two readings of the Pareto curve
    assert pareto_share(x, top=1 / 3) == pytest.approx(0.5)
    assert pareto_customer_share(x, value_share=0.5) == pytest.approx(1 / 3)
    assert pareto_customer_share(x, value_share=0.6) == pytest.approx(2 / 3)
    # lists and arrays are values too
    assert lorenz_curve([1.0, 1.0, 2.0]).equals(lor) and gini(np.array([1.0, 1.0, 2.0])) == gini(x)


def test_lorenz_and_pareto_curves(rfm):
    lor, par = lorenz_curve(rfm), pareto_curve(rfm)
    for c in (lor, par):
        assert c.iloc[0].tolist() == [0.0, 0.0] and c.iloc[-1].tolist() == pytest.approx([1.0, 1.0])
        assert (np.diff(c["value_share"]) >= 0).all()
    assert (lor["value_share"] <= lor["customer_share"] + 1e-12).all()
    assert (par["value_share"] >= par["customer_share"] - 1e-12).all()
    top = np.sort(rfm["monetary"].to_numpy())[::-1]
    k = len(top) // 5
    assert pareto_share(rfm, top=k / len(top)) == pytest.approx(top[:k].sum() / top.sum())


def test_value_tiers_by_customers(rfm, shop_3k):
    t = value_tiers(rfm, locale="en")
    assert t.index.equals(rfm.index)
    n = len(t)
    counts = t["tier_code"].value_counts()
    assert counts["vip"] == int(np.floor(0.01 * n + 1e-9))
    assert counts["vip"] + counts["major"] == pytest.approx(0.05 * n, abs=2)
    # every VIP is worth at least as much as any major customer, and so on down
    order = ["vip", "major", "ordinary", "small"]
    mins = t.groupby("tier_code")["value"].min()
    maxs = t.groupby("tier_code")["value"].max()
    for hi, lo in zip(order, order[1:]):
        assert mins[hi] >= maxs[lo]
    # the planted loyal high-value customers are over-represented at the top
    truth = t.join(shop_3k.truth.set_index("customer_id"))
    top = truth["tier_code"].isin(["vip", "major"])
    assert (truth.loc[top, "segment_true"] == "loyal_high_value").mean() > \
        2 * (truth["segment_true"] == "loyal_high_value").mean()
    assert list(value_tiers(rfm, locale="zh")["tier"].cat.categories) == ["VIP客户", "主要客户", "普通客户", "小客户"]


def test_value_tiers_by_value_and_ties():
    s = pd.Series([50.0, 30, 10, 5, 5], index=list("abcde"))
    t = value_tiers(s, by="value", cutoffs=(0.4, 0.85, 0.95))
    # a starts at 0 (vip), b at 0.5 (major), c at 0.8 (major), d at 0.9, e tied with d
    assert t["tier_code"].tolist() == ["vip", "major", "major", "ordinary", "ordinary"]
    ties = value_tiers(pd.Series([1.0] * 10 + [0.5] * 90), cutoffs=(0.01, 0.05, 0.2))
    assert (ties["tier_code"].iloc[:10] == "vip").all()  # ties are never split


def test_abc_matches_pandas_cumsum(rfm):
    a = abc_classification(rfm)
    v = rfm["monetary"].sort_values(ascending=False, kind="stable")
    before = (v.cumsum() - v) / v.sum()
    ref = pd.Series(np.where(before < 0.8, "A", np.where(before < 0.95, "B", "C")), index=v.index)
    # tied customers share the class of the first (best placed) of them
    ref = ref.groupby(v.to_numpy()).transform("first")
    assert (a.loc[ref.index, "abc"] == ref).all()
    assert a["abc"].value_counts()["A"] < 0.6 * len(a)  # few customers, most value
    assert a.loc[a["abc"] == "A", "value"].sum() / a["value"].sum() >= 0.8


def test_bad_input(rfm):
    with pytest.raises(InvalidArgumentError, match="clip"):
        gini(pd.Series([1.0, -2.0]))
    with pytest.raises(EmptyDataError):
        gini(pd.Series([], dtype=float))
    with pytest.raises(ColumnError, match="spend"):
        value_tiers(rfm, value_col="spend")
    with pytest.raises(InvalidArgumentError, match="cutoffs"):
        abc_classification(rfm, cutoffs=(0.9, 0.5))
    with pytest.raises(InvalidArgumentError, match="by"):
        value_tiers(rfm, by="xyz")
    with pytest.raises(InvalidArgumentError, match="top"):
        pareto_share(rfm, top=2)
    with pytest.raises(ColumnError):
        gini(pd.Series(["a", "b"]))
    with pytest.raises(InvalidArgumentError, match="value_share"):
        pareto_customer_share(rfm, value_share=0)
    with pytest.raises(EmptyDataError):
        lorenz_curve([])
