"""Repeat purchase, cycles, cohorts, growth, trend, sampling and correlation:
against plain pandas, statsmodels, scipy and the simulator's truth."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import (
    cohort_retention,
    correlation,
    correlation_table,
    growth,
    repeat_purchase_rate,
    repurchase_cycle,
    rfm_summary,
    sales_trend,
    sampling_error,
    stratified_sample,
)
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


@pytest.fixture(scope="module")
def paid(shop_3k):
    return shop_3k.orders[shop_3k.orders["payment_status"] == "paid"]


def test_repeat_purchase_rate(shop_3k, paid):
    counts = paid.groupby("customer_id").size()
    assert repeat_purchase_rate(shop_3k.orders) == pytest.approx((counts >= 2).sum() / len(counts))
    assert repeat_purchase_rate(shop_3k.orders, basis="orders") == pytest.approx(
        1 - len(counts) / len(paid))
    q = repeat_purchase_rate(shop_3k.orders, freq="Q")
    per = paid.groupby([paid["order_time"].dt.to_period("Q"), "customer_id"]).size()
    ref = (per >= 2).groupby(level=0).mean()
    np.testing.assert_allclose(q["rate"].to_numpy(), ref.to_numpy())
    qo = repeat_purchase_rate(shop_3k.orders, basis="orders", freq="Y")
    assert qo["orders"].sum() == len(paid)
    assert qo["repeat_orders"].sum() == len(paid) - len(counts)


def test_customer_repurchase_cycle(shop_3k, paid):
    cyc = repurchase_cycle(shop_3k.orders)
    # reference: per customer, distinct purchase days, mean of day gaps
    days = paid.assign(day=paid["order_time"].dt.floor("D"))[["customer_id", "day"]].drop_duplicates()
    ref = days.sort_values(["customer_id", "day"]).groupby("customer_id")["day"].apply(
        lambda d: d.diff().dt.days.mean())
    np.testing.assert_allclose(cyc["mean_days"].to_numpy(), ref.loc[cyc.index].to_numpy())
    # customers with a higher latent purchase rate come back sooner
    t = cyc.join(shop_3k.truth.set_index("customer_id")).dropna(subset=["mean_days"])
    assert t["mean_days"].corr(t["purchase_rate"], method="spearman") < -0.2


def test_product_repurchase_cycle(shop_3k, paid):
    pc = repurchase_cycle(shop_3k.orders, level="product", order_items=shop_3k.order_items)
    lines = shop_3k.order_items[["order_id", "product_id"]].merge(
        paid[["order_id", "customer_id", "order_time"]], on="order_id")
    lines["day"] = lines["order_time"].dt.floor("D")
    lines = lines[["customer_id", "product_id", "day"]].drop_duplicates().sort_values(
        ["customer_id", "product_id", "day"])
    gaps = lines.groupby(["customer_id", "product_id"])["day"].diff().dt.days.dropna()
    ref = gaps.groupby(lines.loc[gaps.index, "product_id"]).agg(["size", "median"])
    assert pc.index.equals(ref.index)
    assert (pc["purchases"] == ref["size"]).all()
    np.testing.assert_allclose(pc["median_days"], ref["median"])
    with pytest.raises(InvalidArgumentError, match="order_items"):
        repurchase_cycle(shop_3k.orders, level="product")


def test_cohort_retention(shop_3k, paid):
    c = cohort_retention(shop_3k.orders)
    assert (c[0] == 1.0).all()
    # reference with plain pandas, for one cohort
    m = paid["order_time"].dt.to_period("M")
    first = m.groupby(paid["customer_id"]).transform("min")
    jan = paid[first == pd.Period("2023-03", "M")]
    size = jan["customer_id"].nunique()
    active = jan.groupby(m[jan.index])["customer_id"].nunique() / size
    np.testing.assert_allclose(c.loc[pd.Period("2023-03", "M")].dropna().to_numpy()[:len(active)],
                               active.reindex(pd.period_range("2023-03", "2024-12", freq="M"),
                                              fill_value=0).to_numpy())
    # retention declines with age: month 1 above the average of months 12+
    assert c[1].mean() > c.loc[:, 12:].stack().mean()
    # the triangle: unknown future cells are NaN
    assert np.isnan(c.iloc[-1, 1]) and not np.isnan(c.iloc[0, -1])
    counts = cohort_retention(shop_3k.orders, values="count")
    assert counts[0].sum() == paid["customer_id"].nunique()


def test_growth(shop_3k, paid):
    g = growth(shop_3k.orders)
    ref = paid.groupby(paid["order_time"].dt.to_period("M"))["amount"].sum()
    np.testing.assert_allclose(g["value"].to_numpy(), ref.to_numpy())
    np.testing.assert_allclose(g["mom"].to_numpy()[1:], ref.pct_change().to_numpy()[1:])
    np.testing.assert_allclose(g["yoy"].to_numpy()[12:], (ref / ref.shift(12) - 1).to_numpy()[12:])
    assert g["yoy"].iloc[:12].isna().all()
    # November (11.11) is the peak month of each year
    assert g["value"].groupby(g.index.year).idxmax().map(lambda p: p.month).isin([10, 11, 12]).all()
    c = growth(shop_3k.orders, metric="customers", freq="Q")
    assert c["value"].iloc[0] == paid[paid["order_time"] < "2023-04-01"]["customer_id"].nunique()
    assert growth(shop_3k.orders, metric="orders", freq="Y")["value"].sum() == len(paid)


def test_sales_trend_matches_statsmodels(shop_3k):
    from statsmodels.tsa.seasonal import seasonal_decompose

    for freq, period in [("D", 7), ("W", 5), ("M", 3)]:
        tr = sales_trend(shop_3k.orders, freq=freq, period=period)
        ref = seasonal_decompose(tr["observed"].to_numpy(), model="additive", period=period)
        np.testing.assert_allclose(tr["trend"], ref.trend, rtol=1e-10, atol=1e-8)
        np.testing.assert_allclose(tr["seasonal"], ref.seasonal, rtol=1e-10, atol=1e-8)
        np.testing.assert_allclose(tr["resid"], ref.resid, rtol=1e-10, atol=1e-8)
    d = sales_trend(shop_3k.orders)
    assert d["observed"].sum() == pytest.approx(shop_3k.orders.query("payment_status == 'paid'")["amount"].sum())
    # the shop grows: the trend at the end is above the trend at the start
    assert d["trend"].dropna().iloc[-60:].mean() > d["trend"].dropna().iloc[:60].mean()
    with pytest.raises(InvalidArgumentError, match="period"):
        sales_trend(shop_3k.orders, freq="M", period=20)


def test_stratified_sample(shop_3k):
    cust = shop_3k.customers
    s = stratified_sample(cust, strata="region", frac=0.1, random_state=1)
    share = s["region"].value_counts(normalize=True)
    pop = cust["region"].value_counts(normalize=True)
    assert (share.reindex(pop.index) - pop).abs().max() < 0.01
    assert len(s) == pytest.approx(0.1 * len(cust), abs=10)
    assert s.index.is_unique and s.index.isin(cust.index).all()
    again = stratified_sample(cust, strata=["region", "gender"], n=300, random_state=1)
    assert len(again) == pytest.approx(300, abs=15)
    assert stratified_sample(cust, strata="region", frac=0.1, random_state=1).index.equals(s.index)
    with pytest.raises(InvalidArgumentError, match="frac"):
        stratified_sample(cust, strata="region")


def test_sampling_error(shop_3k):
    rfm = rfm_summary(shop_3k.orders).join(shop_3k.customers.set_index("customer_id")["member_tier"])
    errs = []
    for seed in range(20):
        e = sampling_error(rfm, value_col="monetary", strata="member_tier", frac=0.1, random_state=seed)
        assert e.loc["stratified", "true_value"] == pytest.approx(rfm["monetary"].mean())
        errs.append(e["error"])
    errs = pd.DataFrame(errs)
    # both estimates are unbiased-ish, and the stated standard error is about right
    se = e["standard_error"]
    assert abs(errs["stratified"].mean()) < 2 * se["stratified"]
    assert errs["stratified"].std() == pytest.approx(se["stratified"], rel=0.6)
    # member tier follows spend, so strata make the estimate more precise
    assert se["stratified"] < se["simple"]


def test_correlation_matches_scipy(shop_3k):
    from scipy import stats

    rfm = rfm_summary(shop_3k.orders).join(shop_3k.truth.set_index("customer_id"))
    r = correlation(rfm, "frequency", "purchase_rate")
    ref = stats.pearsonr(rfm["frequency"], rfm["purchase_rate"])
    assert r["r"] == pytest.approx(ref.statistic, rel=1e-10)
    assert r["p_value"] == pytest.approx(ref.pvalue, rel=1e-6, abs=1e-300)
    ci = ref.confidence_interval()
    assert (r["ci_low"], r["ci_high"]) == pytest.approx((ci.low, ci.high), rel=1e-6)
    small = rfm.head(40)
    for method, fn in [("pearson", stats.pearsonr), ("spearman", stats.spearmanr)]:
        got = correlation(small, "monetary", "spend_mean", method=method)
        want = fn(small["monetary"], small["spend_mean"])
        assert got["r"] == pytest.approx(want.statistic, rel=1e-10)
        assert got["p_value"] == pytest.approx(want.pvalue, rel=1e-6)
    assert r["r"] > 0.3 and r["p_value"] < 1e-10  # frequency follows the true rate
    tab = correlation_table(rfm, ["recency", "frequency", "monetary"], method="spearman")
    assert len(tab) == 3 and tab["r"].abs().is_monotonic_decreasing


def test_bad_input(shop_3k):
    with pytest.raises(ColumnError, match="order_time"):
        cohort_retention(shop_3k.orders.drop(columns="order_time"))
    with pytest.raises(EmptyDataError):
        growth(shop_3k.orders.iloc[:0])
    with pytest.raises(InvalidArgumentError, match="freq"):
        growth(shop_3k.orders, freq="D")
    with pytest.raises(ColumnError, match="amount"):
        growth(shop_3k.orders.assign(amount="x"))
    with pytest.raises(InvalidArgumentError, match="basis"):
        repeat_purchase_rate(shop_3k.orders, basis="x")


def test_timezone_aware_orders(shop_3k):
    aware = shop_3k.orders.assign(order_time=shop_3k.orders["order_time"].dt.tz_localize("Asia/Shanghai"))
    pd.testing.assert_frame_equal(cohort_retention(aware), cohort_retention(shop_3k.orders))
    pd.testing.assert_frame_equal(growth(aware), growth(shop_3k.orders))
