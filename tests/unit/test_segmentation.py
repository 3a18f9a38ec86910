"""Segment profiles, k-means segments and agreement with the hidden segments:
against plain pandas, scikit-learn and the simulator's truth."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import (
    SEGMENT_VARIABLES,
    choose_k,
    compare_segments,
    customer_table,
    kmeans_segments,
    rfm_summary,
    segment_profile,
    segment_profiles,
)
from crmlab.errors import ColumnError, InvalidArgumentError


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    # k-means on a few thousand points gains nothing from threads, and OpenMP
    # threads crawl on a busy 2-core machine
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="module")
def rfm(shop_3k):
    return rfm_summary(shop_3k.orders)


@pytest.fixture(scope="module")
def table(shop_3k, rfm):
    return customer_table(shop_3k.customers, rfm=rfm)


def test_customer_table(shop_3k, rfm, table):
    assert len(table) == len(shop_3k.customers)
    never = ~table.index.isin(rfm.index)
    assert (table.loc[never, "frequency"] == 0).all() and table.loc[never, "recency"].isna().all()
    pd.testing.assert_series_equal(table.loc[rfm.index, "monetary"], rfm["monetary"])
    assert customer_table(shop_3k.customers, orders=shop_3k.orders).equals(table)
    f = table["frequency"]
    assert (table.loc[f >= 6, "frequency_band"] == "6+").all()
    assert (table.loc[f == 2, "frequency_band"] == "2").all()


@pytest.mark.parametrize("kind", list(SEGMENT_VARIABLES))
def test_segment_profile_matches_pandas(table, kind):
    p = segment_profile(table, kind)
    assert set(p["variable"]) == set(SEGMENT_VARIABLES[kind])
    for col in SEGMENT_VARIABLES[kind]:
        part = p[p["variable"] == col].set_index("level")
        ref = table.groupby(table[col].astype(str), observed=True)
        np.testing.assert_allclose(part["customers"], ref.size().loc[part.index])
        np.testing.assert_allclose(part["avg_monetary"], ref["monetary"].mean().loc[part.index])
        assert part["customer_share"].sum() == pytest.approx(1.0)
        assert part["value_share"].sum() == pytest.approx(1.0)


def test_profile_finds_valuable_member_tiers(table):
    p = segment_profile(table, "member_tier").set_index("level")
    # member tiers come from spend: the higher tiers are worth more than their head count
    assert p.loc["regular", "value_index"] < 1 < p["value_index"].max()


def test_choose_k_matches_sklearn(rfm):
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import StandardScaler

    scores = choose_k(rfm, k_range=range(2, 5), random_state=0)
    assert list(scores.index) == [2, 3, 4]
    assert scores["inertia"].is_monotonic_decreasing
    assert scores["best"].sum() == 1 and scores["elbow"].sum() == 1
    assert scores.index[scores["best"]][0] == scores["silhouette"].idxmax()
    X = rfm[["recency", "frequency", "monetary"]].astype(float)
    X = X.assign(frequency=np.log1p(X["frequency"]), monetary=np.log1p(X["monetary"].clip(lower=0)))
    Z = StandardScaler().fit_transform(X)
    km = KMeans(n_clusters=3, n_init=4, random_state=0).fit(Z)
    assert scores.loc[3, "inertia"] == pytest.approx(km.inertia_, rel=1e-6)
    assert scores.loc[3, "silhouette"] == pytest.approx(silhouette_score(Z, km.labels_), abs=0.02)


def test_kmeans_segments_and_truth(shop_3k, rfm):
    seg = kmeans_segments(rfm, k=4, random_state=0)
    assert seg.k == 4 and seg.labels.index.equals(rfm.index)
    # numbered by mean spend, highest first
    assert seg.profiles["monetary"].is_monotonic_decreasing
    assert seg.profiles["customers"].sum() == len(rfm)
    cmp = compare_segments(seg.labels, shop_3k.truth)
    assert cmp.ari > 0.02 and cmp.n == len(rfm)
    # reference ARI from the contingency table (Hubert & Arabie)
    ct = cmp.crosstab.to_numpy()
    comb = lambda x: x * (x - 1) / 2  # noqa: E731
    index = comb(ct).sum()
    a, b, n = comb(ct.sum(1)).sum(), comb(ct.sum(0)).sum(), comb(ct.sum())
    expected = a * b / n
    assert cmp.ari == pytest.approx((index - expected) / ((a + b) / 2 - expected))
    # the top segment gathers the planted loyal high-value customers
    top = cmp.crosstab.loc[0, "loyal_high_value"] / cmp.crosstab["loyal_high_value"].sum()
    assert top > seg.profiles.loc[0, "share"]
    # random labels do not agree with the truth
    rng = np.random.default_rng(0)
    noise = pd.Series(rng.integers(0, 4, len(rfm)), index=rfm.index)
    assert abs(compare_segments(noise, shop_3k.truth).ari) < 0.01


def test_kmeans_chooses_k(rfm):
    seg = kmeans_segments(rfm, k="silhouette", k_range=range(2, 5))
    assert seg.k == seg.scores["silhouette"].idxmax()
    assert seg.labels.nunique() == seg.k


def test_segment_profiles_names(rfm):
    labels = pd.Series(np.where(rfm["monetary"] > rfm["monetary"].median(), "big", "small"),
                       index=rfm.index)
    zh = segment_profiles(rfm, labels, locale="zh")
    en = segment_profiles(rfm, labels, locale="en")
    assert zh.loc["big", "pattern"].endswith("M高") and en.loc["small", "pattern"].endswith("M low")
    assert zh.loc["big", "value_share"] > 0.5
    assert en.loc["big", "name"].startswith("Important")


def test_bad_input(rfm, table):
    with pytest.raises(ColumnError, match="monetary"):
        kmeans_segments(rfm.drop(columns="monetary"), k=3)
    with pytest.raises(InvalidArgumentError, match="k"):
        kmeans_segments(rfm, k=1)
    with pytest.raises(InvalidArgumentError, match="k_range"):
        choose_k(rfm, k_range=[1, 2])
    with pytest.raises(ColumnError, match="nope"):
        segment_profile(table, ["nope"])
    with pytest.raises(InvalidArgumentError):
        kmeans_segments(rfm.head(3), k=5)
