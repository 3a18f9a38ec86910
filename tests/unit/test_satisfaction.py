"""Satisfaction: scoring, CSAT, NPS, reliability, the five indicators, IPA, repurchase."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import satisfaction as S
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


@pytest.fixture(scope="module")
def resp(shop_20k):
    sv = shop_20k.surveys
    return sv[sv["responded"]].reset_index(drop=True)


def test_score_likert_reverse_and_range():
    df = pd.DataFrame({"a": [5, 1, 3, None], "b": [1, 5, 3, 2]})
    out = S.score_likert(df, ["a", "b"], reverse=["b"])
    assert out["b"].tolist() == [5, 1, 3, 4]
    assert out["score"].tolist() == [5.0, 1.0, 3.0, 4.0]
    assert out["score_100"].tolist() == [100.0, 0.0, 50.0, 75.0]
    assert out["n_answered"].tolist() == [2, 2, 2, 1]
    with pytest.raises(InvalidArgumentError):
        S.score_likert(pd.DataFrame({"a": [6]}), ["a"])
    with pytest.raises(ColumnError):
        S.score_likert(df, ["a", "zzz"])
    with pytest.raises(InvalidArgumentError):
        S.score_likert(df, ["a"], reverse=["b"])


def test_csat_top2(resp):
    x = resp["q_overall"].dropna().astype(int)
    assert S.csat(resp) == pytest.approx((x >= 4).mean())
    assert S.csat(resp, top=1) == pytest.approx((x == 5).mean())
    by = S.csat(resp, by="wave")
    assert by["n"].sum() == len(x)
    assert ((by["ci_low"] < by["csat"]) & (by["csat"] < by["ci_high"])).all()
    with pytest.raises(InvalidArgumentError):
        S.csat(resp, top=5)


def test_nps_against_formula_and_bootstrap(resp):
    s = resp["nps"].dropna().astype(int).to_numpy()
    p, d = np.mean(s >= 9), np.mean(s <= 6)
    r = S.nps(resp).iloc[0]
    assert r["nps"] == pytest.approx(100 * (p - d))
    assert r["promoters"] + r["passives"] + r["detractors"] == pytest.approx(1)
    # Variance formula = variance of the +1/0/-1 scores / n.
    sc = np.where(s >= 9, 1, np.where(s <= 6, -1, 0))
    assert r["se"] == pytest.approx(100 * sc.std(ddof=0) / np.sqrt(s.size))
    b = S.nps(resp, method="bootstrap", random_state=0, n_boot=4000).iloc[0]
    assert b["ci_low"] == pytest.approx(r["ci_low"], abs=0.6)
    assert b["ci_high"] == pytest.approx(r["ci_high"], abs=0.6)
    assert len(S.nps(resp, by="wave")) == resp["wave"].nunique()
    assert S.nps(pd.Series([10, 10, 0, 8])).iloc[0]["nps"] == pytest.approx(25.0)
    with pytest.raises(InvalidArgumentError):
        S.nps(pd.Series([11]))
    with pytest.raises(InvalidArgumentError):
        S.nps(resp, method="jackknife")
    with pytest.raises(EmptyDataError):
        S.nps(pd.Series([np.nan, np.nan]))


def test_nps_interval_covers_truth_by_simulation():
    # 200 samples from a known distribution: the 95% interval covers the truth ~95%.
    rng = np.random.default_rng(1)
    probs = np.array([0.3, 0.4, 0.3])  # detractor, passive, promoter
    true = 100 * (probs[2] - probs[0])
    hits = 0
    for _ in range(200):
        s = rng.choice([3, 8, 10], size=300, p=probs)
        r = S.nps(pd.Series(s)).iloc[0]
        hits += r["ci_low"] <= true <= r["ci_high"]
    assert 0.90 <= hits / 200 <= 0.99


def test_cronbach_alpha_against_covariance_formula(resp):
    x = resp[list(S.LIKERT_ITEMS)].dropna().astype(float).to_numpy()
    c = np.cov(x, rowvar=False)
    k = c.shape[0]
    ref = k / (k - 1) * (1 - np.trace(c) / c.sum())
    assert S.cronbach_alpha(resp) == pytest.approx(ref)
    # Parallel items of one latent trait: alpha near its theoretical value.
    rng = np.random.default_rng(0)
    t = rng.normal(size=5000)
    items = pd.DataFrame({f"i{j}": t + rng.normal(size=5000) for j in range(4)})
    assert S.cronbach_alpha(items, list(items)) == pytest.approx(4 * 0.5 / (1 + 3 * 0.5), abs=0.02)


def test_item_total_correlations(resp):
    it = S.item_total_correlations(resp)
    x = resp[list(S.LIKERT_ITEMS)].dropna().astype(float)
    rest = x.sum(axis=1) - x["q_price"]
    assert it.loc["q_price", "item_total_r"] == pytest.approx(np.corrcoef(x["q_price"], rest)[0, 1])
    assert it.loc["q_price", "alpha_if_deleted"] == pytest.approx(
        S.cronbach_alpha(x, [c for c in x if c != "q_price"]))
    # Overall is caused by all four dimensions in the shop: it correlates most with the rest.
    assert it["item_total_r"].idxmax() == "q_overall"


def test_delivery_satisfaction_falls_with_delay(shop_20k):
    ex = S.survey_experience(shop_20k)
    r = ex[ex["responded"]]
    on_time = r.loc[r["mean_delay_before"] == 0, "q_delivery"].mean()
    late = r.loc[r["mean_delay_before"] > 1, "q_delivery"].mean()
    assert late < on_time - 0.6
    assert np.corrcoef(r["mean_delay_before"].fillna(0), r["q_delivery"].astype(float))[0, 1] < -0.3


def test_survey_experience_counts_match_plain_pandas(shop_3k):
    ex = S.survey_experience(shop_3k)
    regulars = ex[ex["orders_before"] > 2]
    # one customer who ordered again after the survey and one who did not: both branches are checked
    came_back = regulars[regulars["days_to_next_order"].notna()]
    did_not = regulars[regulars["days_to_next_order"].isna()]
    assert len(came_back) and len(did_not)
    o = shop_3k.orders
    for row in (came_back.iloc[0], did_not.iloc[0]):
        mine = o[(o["payment_status"] == "paid") & (o["customer_id"] == row["customer_id"])]
        assert row["orders_before"] == (mine["order_time"] < row["invited_time"]).sum()
        after = mine.loc[mine["order_time"] > row["invited_time"], "order_time"]
        if len(after):
            days = (after.min() - row["invited_time"]).total_seconds() / 86400
            assert row["days_to_next_order"] == pytest.approx(days)
        else:
            assert pd.isna(row["days_to_next_order"])
    assert len(ex) == len(shop_3k.surveys)


def test_indicators_and_index(shop_3k):
    ind = S.satisfaction_indicators(shop_3k)
    rv = shop_3k.reviews
    assert ind["reputation"].iloc[0] == pytest.approx((rv["sentiment"] == "good").mean())
    paid = shop_3k.orders[shop_3k.orders["payment_status"] == "paid"]
    assert ind["return_rate"].iloc[0] == pytest.approx((paid.groupby("customer_id").size() >= 2).mean())
    assert ind["complaint"].iloc[0] == pytest.approx(len(shop_3k.complaints) / len(paid))
    ref = S.satisfaction_indicators(shop_3k, nomination="referral")
    assert ref["nomination"].iloc[0] == pytest.approx((shop_3k.customers["acquisition_channel"] == "referral").mean())
    idx = S.satisfaction_index(ind)
    w = S.DEFAULT_INDEX_WEIGHTS
    manual = sum(w[k] * ind[f"score_{k}"].iloc[0] for k in w) / sum(w.values())
    assert idx["index"].iloc[0] == pytest.approx(manual)
    only = S.satisfaction_index(ind, weights={"reputation": 1})
    assert only["index"].iloc[0] == pytest.approx(100 * ind["reputation"].iloc[0])
    q = S.satisfaction_index(S.satisfaction_indicators(shop_3k, freq="Q", sales_power="growth"))
    assert len(q) == 8 and q["index"].between(0, 100).all()
    with pytest.raises(InvalidArgumentError):
        S.satisfaction_index(ind, weights={"happiness": 1})
    with pytest.raises(InvalidArgumentError):
        S.satisfaction_indicators(shop_3k, sales_power="growth")


def test_worse_delivery_lowers_the_index():
    import crmlab

    good = S.satisfaction_index(S.satisfaction_indicators(crmlab.simulate(1500, random_state=3, late_rate=0.02)))
    bad = S.satisfaction_index(S.satisfaction_indicators(crmlab.simulate(1500, random_state=3, late_rate=0.5)))
    good, bad = good["index"].iloc[0], bad["index"].iloc[0]
    assert bad < good - 3


def test_importance_performance_against_statsmodels_and_truth(resp):
    import statsmodels.api as sm

    ipa = S.importance_performance(resp, method="regression")
    x = resp[list(S.LIKERT_ITEMS)].dropna().astype(float)
    z = (x - x.mean()) / x.std(ddof=1)
    items = ["q_product", "q_delivery", "q_service", "q_price"]
    fit = sm.OLS(z["q_overall"], sm.add_constant(z[items])).fit()
    for i in items:
        assert ipa.loc[i, "importance"] == pytest.approx(fit.params[i])
        assert ipa.loc[i, "performance"] == pytest.approx(x[i].mean())
    # The shop weighs product most (0.35), then delivery (0.30), service (0.20) and price (0.15). Standardised
    # importances also carry each item's spread: delivery and price come out tied, so only firm orders are checked.
    imp = ipa["importance"]
    assert "q_product" in imp.sort_values(ascending=False).index[:2] and imp["q_delivery"] > imp["q_service"]
    corr = S.importance_performance(resp, locale="en")
    assert corr.loc["q_price", "importance"] == pytest.approx(x["q_price"].corr(x["q_overall"]))
    assert set(corr["quadrant"]) <= {"concentrate", "keep_up", "low_priority", "possible_overkill"}


def test_repurchase_logit_against_statsmodels(shop_20k):
    import statsmodels.api as sm

    res = S.repurchase_logit(shop_20k)
    ex = S.survey_experience(shop_20k)
    ex = ex[ex["responded"] & ex["repurchased"].notna()].dropna(subset=["q_overall"])
    X = sm.add_constant(np.column_stack([ex["q_overall"].astype(float), np.log1p(ex["orders_before"])]))
    ref = sm.Logit(ex["repurchased"].astype(float).to_numpy(), X).fit(disp=0)
    np.testing.assert_allclose(res["coef"].to_numpy(), ref.params, rtol=1e-6)
    np.testing.assert_allclose(res["se"].to_numpy(), ref.bse, rtol=1e-5)
    # Frequent buyers rebuy more: the shop's purchase rates are persistent.
    assert res.loc["log_orders_before", "coef"] > 0 and res.loc["log_orders_before", "p_value"] < 0.01
    tab = S.satisfaction_repurchase(shop_20k, locale="en")
    assert "no_response" in tab.index and tab["repurchase_rate"].between(0, 1).all()


def test_nonresponse_bias_visible_in_histories(shop_20k):
    nb = S.nonresponse_bias(shop_20k)
    # Engaged customers answer more often: respondents had more orders before the survey.
    assert nb.loc["orders_before", "difference"] > 0 and nb.loc["orders_before", "p_value"] < 0.05
    assert 0.1 < nb.attrs["response_rate"] < 0.5


def test_respondents_more_satisfied_than_invitees(shop_20k):
    # With simulated answers we can see what non-respondents would have said. The bias is a few
    # hundredths of a point, so it takes the big shop's ~6,000 invitees to see it every time.
    from crmlab.analysis.questionnaire import load_questionnaire

    q = load_questionnaire("good_zh")
    ans = q.simulate_responses(shop_20k, random_state=2, reveal_nonresponse=True)
    all_mean = ans["q_overall"].astype(float).mean()
    resp_mean = ans.loc[ans["responded"], "q_overall"].astype(float).mean()
    assert resp_mean > all_mean
