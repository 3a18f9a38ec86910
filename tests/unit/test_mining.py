"""Data mining: association rules vs mlxtend and planted affinities; deviations; segment descriptions."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis.mining import (association_rules, describe_segment, detect_deviations, frequent_itemsets,
                                    robust_zscore)
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


@pytest.fixture(scope="module")
def onehot(shop_3k):
    oi = shop_3k.order_items
    return pd.crosstab(oi["order_id"], oi["product_id"]).astype(bool)


# ------------------------------------------------------------------ association rules
def test_frequent_itemsets_match_mlxtend_apriori(shop_3k, onehot):
    from mlxtend.frequent_patterns import apriori

    ref = apriori(onehot, min_support=0.002, use_colnames=True, max_len=2)
    ref_map = {frozenset(s): v for s, v in zip(ref["itemsets"], ref["support"])}
    mine = frequent_itemsets(shop_3k.order_items, min_support=0.002)
    mine_map = {frozenset([a] if pd.isna(b) else [a, b]): v
                for a, b, v in zip(mine["item_a"], mine["item_b"], mine["support"])}
    assert mine_map.keys() == ref_map.keys()
    for k, v in ref_map.items():
        assert mine_map[k] == pytest.approx(v, rel=1e-12)
    assert mine["support"].is_monotonic_decreasing
    singles = frequent_itemsets(shop_3k.order_items, min_support=0.002, max_len=1)
    assert singles["item_b"].isna().all() and len(singles) == sum(len(k) == 1 for k in ref_map)


def test_rules_match_mlxtend(shop_3k, onehot):
    from mlxtend.frequent_patterns import apriori
    from mlxtend.frequent_patterns import association_rules as mlx_rules

    fi = apriori(onehot, min_support=0.001, use_colnames=True, max_len=2)
    ref = mlx_rules(fi, num_itemsets=len(onehot), metric="confidence", min_threshold=0.05)
    ref = ref.assign(antecedent=[next(iter(s)) for s in ref["antecedents"]],
                     consequent=[next(iter(s)) for s in ref["consequents"]]).set_index(["antecedent", "consequent"])
    mine = association_rules(shop_3k.order_items, min_support=0.001, min_confidence=0.05)
    mine = mine.set_index(["antecedent", "consequent"])
    assert set(mine.index) == set(ref.index)
    ref = ref.loc[mine.index]
    for a, b in [("antecedent_support", "antecedent support"), ("consequent_support", "consequent support"),
                 ("support", "support"), ("confidence", "confidence"), ("lift", "lift"), ("leverage", "leverage"),
                 ("conviction", "conviction")]:
        np.testing.assert_allclose(mine[a], ref[b], rtol=1e-9, err_msg=a)


def test_rules_by_hand_and_options(shop_3k):
    oi = pd.DataFrame({"order_id": [1, 1, 2, 2, 3, 3, 3, 4, 4], "product_id": [10, 20, 10, 20, 10, 30, 30, 20, 30]})
    r = association_rules(oi).set_index(["antecedent", "consequent"])
    # 4 orders; 10 in 3, 20 in 3, 30 in 2 (a repeated line counts once); {10,20} in 2.
    row = r.loc[(10, 20)]
    assert row["count"] == 2 and row["support"] == 0.5
    assert row["confidence"] == pytest.approx(2 / 3)
    assert row["lift"] == pytest.approx((2 / 3) / 0.75)
    assert row["conviction"] == pytest.approx((1 - 0.75) / (1 - 2 / 3))
    assert len(association_rules(oi, min_lift=1.0)) < len(r)
    assert association_rules(oi, min_count=3).empty
    named = association_rules(shop_3k.order_items, min_count=5, products=shop_3k.products)
    names = shop_3k.products.set_index("product_id")["name"]
    assert (named["antecedent_name"].to_numpy() == names.loc[named["antecedent"]].to_numpy()).all()
    assert named["lift"].is_monotonic_decreasing


def test_rules_recover_planted_affinities(shop_3k):
    """The top rules by lift are the affinities the simulator planted."""
    truth = set(zip(shop_3k.affinity_truth["antecedent_id"], shop_3k.affinity_truth["consequent_id"]))
    rules = association_rules(shop_3k.order_items, min_count=5)
    top = rules.head(2 * len(truth))  # each pair appears in both directions
    found = {(a, b) for a, b in zip(top["antecedent"], top["consequent"])}
    recall = len(truth & found) / len(truth)
    precision = sum((a, b) in truth or (b, a) in truth for a, b in found) / len(found)
    assert recall >= 0.8
    assert precision >= 0.8
    # Every planted pair is found in both directions with the same support and lift.
    idx = rules.set_index(["antecedent", "consequent"])
    both = [(a, b) for a, b in truth if (a, b) in idx.index and (b, a) in idx.index]
    assert len(both) >= 0.8 * len(truth)
    for a, b in both:
        assert idx.loc[(a, b), "lift"] == pytest.approx(idx.loc[(b, a), "lift"])


def test_rules_bad_input(shop_3k):
    with pytest.raises(ColumnError, match="product_id"):
        association_rules(shop_3k.order_items.drop(columns="product_id"))
    with pytest.raises(EmptyDataError):
        association_rules(shop_3k.order_items.iloc[:0])
    with pytest.raises(InvalidArgumentError, match="min_support"):
        association_rules(shop_3k.order_items, min_support=5)
    with pytest.raises(InvalidArgumentError, match="min_count"):
        association_rules(shop_3k.order_items, min_count=0)
    with pytest.raises(InvalidArgumentError, match="max_len"):
        frequent_itemsets(shop_3k.order_items, max_len=3)
    with pytest.raises(InvalidArgumentError, match="min_support"):
        frequent_itemsets(shop_3k.order_items, min_support=0)


# ------------------------------------------------------------------ deviations
def test_robust_zscore_matches_scipy():
    from scipy.stats import median_abs_deviation

    rng = np.random.default_rng(0)
    x = pd.Series(rng.lognormal(4, 0.5, 500), name="amount")
    z = robust_zscore(x)
    ref = 0.6745 * (x - x.median()) / median_abs_deviation(x)
    np.testing.assert_allclose(z, ref)
    assert z.index.equals(x.index) and z.name == "amount"
    # MAD = 0 falls back to the mean absolute deviation; constants score 0; NaN stays NaN.
    y = np.array([0, 0, 0, 0, 0, 0, 10.0])
    np.testing.assert_allclose(robust_zscore(y), (y - 0) / (1.253314 * np.mean(np.abs(y))))
    np.testing.assert_array_equal(robust_zscore(np.ones(4)), np.zeros(4))
    assert np.isnan(robust_zscore(np.array([1.0, np.nan, 3.0, 4.0]))[1])
    with pytest.raises(EmptyDataError):
        robust_zscore(np.array([np.nan, np.nan]))


@pytest.fixture(scope="module")
def planted(shop_3k):
    """Real orders plus 20 planted oddities: bulk orders with many units and a huge amount."""
    o = shop_3k.orders[["order_id", "amount", "items", "discount"]].copy()
    rng = np.random.default_rng(1)
    odd = o.sample(20, random_state=1).copy()
    odd["order_id"] += 10_000_000
    odd["amount"] = odd["amount"] * rng.uniform(40, 80, 20) + 5000
    odd["items"] = odd["items"] + rng.integers(40, 80, 20)
    return pd.concat([o, odd], ignore_index=True), np.r_[np.zeros(len(o), bool), np.ones(20, bool)]


def test_detect_deviations_finds_planted_orders(planted):
    data, is_odd = planted
    for method, kw in (("robust_z", {}), ("isolation_forest", {"contamination": 0.01})):
        dev = detect_deviations(data, columns=["amount", "items"], method=method, log=True, **kw)
        flagged = dev["is_outlier"].to_numpy()
        assert flagged[is_odd].mean() >= 0.9, method           # recall
        assert flagged[~is_odd].mean() <= 0.02, method         # few false alarms
        assert dev.loc[is_odd, "score"].median() > dev.loc[~is_odd, "score"].quantile(0.99), method
    dev = detect_deviations(data, columns=["amount", "items"], log=True, locale="en")
    assert dev.loc[is_odd & dev["is_outlier"].to_numpy(), "reason"].str.endswith("unusually high").all()
    assert (dev.loc[~dev["is_outlier"], "reason"] == "").all()


def test_detect_deviations_equals_sklearn_and_z(planted):
    from sklearn.ensemble import IsolationForest

    data, _ = planted
    dev = detect_deviations(data, columns=["amount", "items"], method="isolation_forest", random_state=3)
    ref = IsolationForest(random_state=3).fit(data[["amount", "items"]].to_numpy(float))
    np.testing.assert_allclose(dev["score"], -ref.score_samples(data[["amount", "items"]].to_numpy(float)))
    z = detect_deviations(data, columns=["amount", "items"], threshold=3.0)
    np.testing.assert_allclose(z["z_amount"], robust_zscore(data["amount"]))
    expect = np.maximum(np.abs(z["z_amount"]), np.abs(z["z_items"])) > 3.0
    np.testing.assert_array_equal(z["is_outlier"], expect)
    # Default columns: numeric, not ids.
    auto = detect_deviations(data)
    assert "z_order_id" not in auto.columns and "z_amount" in auto.columns


def test_detect_deviations_bad_input(shop_3k):
    with pytest.raises(ColumnError, match="amount_x"):
        detect_deviations(shop_3k.orders, columns=["amount_x"])
    with pytest.raises(ColumnError, match="channel"):
        detect_deviations(shop_3k.orders, columns=["channel"])
    with pytest.raises(InvalidArgumentError, match="method"):
        detect_deviations(shop_3k.orders, columns=["amount"], method="lof")
    with pytest.raises(InvalidArgumentError, match="log"):
        detect_deviations(pd.DataFrame({"x": [-1.0, 2.0, 3.0]}), log=True)
    with pytest.raises(EmptyDataError):
        detect_deviations(shop_3k.orders.iloc[:0], columns=["amount"])
    with pytest.raises(InvalidArgumentError, match="threshold"):
        detect_deviations(shop_3k.orders, columns=["amount"], threshold=-1)


# ------------------------------------------------------------------ concept description
@pytest.fixture(scope="module")
def customer_table(shop_3k):
    o = shop_3k.orders[shop_3k.orders["payment_status"] == "paid"]
    g = o.groupby("customer_id")
    t = shop_3k.customers.set_index("customer_id")[["gender", "age", "city_tier", "device", "acquisition_channel"]]
    t = t.join(pd.DataFrame({"orders": g.size(), "spend": g["amount"].sum()})).fillna({"orders": 0, "spend": 0})
    return t.join(shop_3k.truth.set_index("customer_id")["segment_true"])


def test_describe_segment_matches_pandas_and_scipy(customer_table):
    from scipy import stats

    t = customer_table
    d = describe_segment(t, "segment_true", value="loyal_high_value", locale="en")
    mask = t["segment_true"] == "loyal_high_value"
    row = d[(d["feature"] == "spend")].iloc[0]
    a, b = t.loc[mask, "spend"], t.loc[~mask, "spend"]
    pooled = np.sqrt(((len(a) - 1) * a.var() + (len(b) - 1) * b.var()) / (len(a) + len(b) - 2))
    assert row["segment_value"] == pytest.approx(a.mean())
    assert row["rest_value"] == pytest.approx(b.mean())
    assert row["effect_size"] == pytest.approx((a.mean() - b.mean()) / pooled)
    assert row["p_value"] == pytest.approx(stats.ttest_ind(a, b, equal_var=False).pvalue, rel=1e-6)
    cat = d[(d["feature"] == "device") & (d["category"] == "app")].iloc[0]
    p1, p0 = (t.loc[mask, "device"] == "app").mean(), (t.loc[~mask, "device"] == "app").mean()
    assert cat["segment_value"] == pytest.approx(p1) and cat["rest_value"] == pytest.approx(p0)
    assert cat["effect_size"] == pytest.approx(2 * np.arcsin(np.sqrt(p1)) - 2 * np.arcsin(np.sqrt(p0)))
    assert "segment_true" not in set(d["feature"])
    assert d["effect_size"].abs().is_monotonic_decreasing


def test_describe_segment_finds_what_defines_the_true_segment(customer_table):
    """The loyal high-value segment buys more often and spends more: large effects on top."""
    mask = customer_table["segment_true"] == "loyal_high_value"
    d = describe_segment(customer_table.drop(columns="segment_true"), mask, locale="zh")
    top = d.head(2)
    assert set(top["feature"]) == {"orders", "spend"}
    assert (top["effect_size"] > 0.8).all() and (top["effect"] == "大").all()
    assert (top["p_value"] < 1e-10).all()
    assert top["description"].str.contains("高于").all()
    # Gender was drawn independently of the segment: at most a small, chance effect.
    g = d[d["feature"] == "gender"]
    assert (g["effect_size"].abs() < 0.3).all() and (g["p_value"] > 1e-4).all()


def test_describe_segment_bad_input(customer_table):
    with pytest.raises(InvalidArgumentError, match="value"):
        describe_segment(customer_table, "segment_true")
    with pytest.raises(InvalidArgumentError, match="segment"):
        describe_segment(customer_table, "segment_true", value="nobody")
    with pytest.raises(InvalidArgumentError):
        describe_segment(customer_table, np.ones(3, bool))
    with pytest.raises(ColumnError, match="no_such"):
        describe_segment(customer_table, "no_such", value=1)
    with pytest.raises(EmptyDataError):
        describe_segment(customer_table.iloc[:0], "segment_true", value="x")


def test_public_names():
    import crmlab.analysis as ca

    assert ca.association_rules is association_rules and ca.describe_segment is describe_segment
