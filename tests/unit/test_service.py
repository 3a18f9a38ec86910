"""Service management and text: inquiries, reminders, delivery vs reviews, bad-review causes, words, FAQ."""

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.analysis import service as S
from crmlab.analysis import text as T
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


@pytest.fixture(scope="module")
def shop_en():
    return crmlab.simulate(3000, random_state=7, locale="en")


def test_inquiry_conversion_overall_vs_pandas_and_params(shop_20k):
    t = shop_20k.service_tickets
    r = S.inquiry_conversion(t)
    pre = t[t["stage"] == "pre_sale"]
    assert r["inquiries"].iloc[0] == len(pre)
    assert r["conversion_rate"].iloc[0] == pytest.approx(pre["converted"].mean())
    # Wilson interval as statsmodels computes it
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(pre["converted"].sum(), len(pre), method="wilson")
    assert (r["ci_low"].iloc[0], r["ci_high"].iloc[0]) == pytest.approx((lo, hi))
    # the simulator targets a conversion near inquiry_conversion (0.45), pushed up by fast replies
    assert 0.4 < r["conversion_rate"].iloc[0] < 0.65


def test_faster_first_response_converts_more(shop_20k):
    r = S.inquiry_conversion(shop_20k.service_tickets, by="response_time", locale="en")
    assert r["response_band"].astype(str).tolist() == ["≤30s", "30-60s", "60-120s", "120-300s", ">300s"]
    assert r["conversion_rate"].is_monotonic_decreasing
    assert r["ci_low"].iloc[0] > r["ci_high"].iloc[-1]  # clearly, not by chance
    by_ch = S.inquiry_conversion(shop_20k.service_tickets, by="channel")
    assert by_ch["inquiries"].sum() == (shop_20k.service_tickets["stage"] == "pre_sale").sum()


def test_reminder_effect_recovers_the_true_rates(shop_20k):
    r = S.reminder_effect(shop_20k.orders, alpha=0.01).set_index("group")
    params = shop_20k.meta["params"]
    assert r.loc["reminder", "ci_low"] < params["pay_after_reminder"] < r.loc["reminder", "ci_high"]
    assert r.loc["no_reminder", "ci_low"] < params["pay_without_reminder"] < r.loc["no_reminder", "ci_high"]
    true_diff = params["pay_after_reminder"] - params["pay_without_reminder"]
    assert r.loc["difference", "ci_low"] < true_diff < r.loc["difference", "ci_high"]
    assert r.loc["difference", "p_value"] < 1e-6
    # reference: statsmodels' two-proportion z test and Wald interval
    from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

    k = r.loc[["reminder", "no_reminder"], "recovered"].to_numpy()
    n = r.loc[["reminder", "no_reminder"], "unpaid_orders"].to_numpy()
    z, p = proportions_ztest(k, n)
    assert r.loc["difference", "p_value"] == pytest.approx(p, rel=1e-6, abs=1e-300)
    lo, hi = confint_proportions_2indep(k[0], n[0], k[1], n[1], method="wald", alpha=0.01)
    assert (r.loc["difference", "ci_low"], r.loc["difference", "ci_high"]) == pytest.approx((lo, hi))


def test_delay_lowers_ratings(shop_20k):
    r = S.rating_by_delay(shop_20k.reviews, shipments=shop_20k.shipments)
    assert r["mean_rating"].is_monotonic_decreasing
    assert r["bad_share"].iloc[-1] > 10 * r["bad_share"].iloc[0]
    m = shop_20k.reviews.merge(shop_20k.shipments[["order_id", "delay_days"]], on="order_id")
    assert r["reviews"].sum() == len(m)
    assert r["mean_rating"].iloc[0] == pytest.approx(m.loc[m["delay_days"] <= 0, "rating"].mean())
    c = S.delay_rating_correlation(shop_20k.reviews, shipments=shop_20k.shipments).set_index("method")
    from scipy.stats import pearsonr, spearmanr

    assert c.loc["pearson", "r"] == pytest.approx(pearsonr(m["delay_days"], m["rating"])[0])
    assert c.loc["spearman", "r"] == pytest.approx(spearmanr(m["delay_days"], m["rating"])[0])
    assert c.loc["pearson", "r"] < -0.3 and c.loc["pearson", "p_value"] < 1e-10


def test_bad_review_causes_match_the_simulated_reason(shop_20k, shop_en):
    for s in (shop_20k, shop_en):
        bad = s.reviews[s.reviews["sentiment"] == "bad"].merge(s.shipments[["order_id", "delay_days"]], on="order_id")
        cls = T.classify_review_causes(bad["text"])
        # the simulator writes a delay text when the parcel was over half a day late
        late = bad["delay_days"].to_numpy() > 0.5
        assert (cls["cause"].to_numpy()[late] == "logistics").mean() > 0.99
        assert (cls["cause"].to_numpy()[~late] != "logistics").mean() > 0.95
        summary = S.bad_review_causes(s.reviews)
        assert summary["bad_reviews"].sum() == len(bad)
        assert summary["cause"].iloc[0] == "logistics"
        assert summary["share"].sum() == pytest.approx(1.0)
    t = T.classify_review_causes(["价格太贵了", "nothing to say", "Rude service, messages ignored."], locale="en")
    assert t["cause"].tolist() == ["price", "other", "service"]
    assert t["cause_label"].tolist() == ["price", "other", "service"]


def test_tokenize_zh_and_en():
    toks = T.tokenize(["双十一会降价吗？", "Is there a coupon if I order now?", None, "退款什么时候到账？"])
    assert toks[0] == ["双十一", "降价"]
    assert toks[1] == ["coupon", "order", "now"]
    assert toks[2] == []
    assert "到账" in toks[3] and "退款" in toks[3]
    assert T.tokenize("refund refund", stopwords=["refund"]) == [[]]


def test_faq_candidates_rank_questions(shop_20k, shop_en):
    t = shop_20k.service_tickets
    f = T.faq_candidates(t, top=5, locale="zh")
    ref = t["text"].value_counts()
    # simulated questions come from fixed wordings: the ranking is the plain value_counts
    assert f["asked"].tolist() == ref.head(5).tolist()
    assert set(f["question"]) == set(ref.head(5).index)
    assert f["rank"].tolist() == [1, 2, 3, 4, 5]
    assert f["handle_hours"].iloc[0] == pytest.approx(
        t.loc[t["text"] == f["question"].iloc[0], "handle_minutes"].sum() / 60)
    assert f["stage_label"].iloc[0] == "售前"
    fe = T.faq_candidates(shop_en.service_tickets, top=3, locale="en")
    assert fe["stage_label"].iloc[0] == "pre-sale" and fe["keywords"].str.len().gt(0).all()
    # different wordings with the same content words are one question
    g = T.faq_candidates(pd.DataFrame({"text": ["Refund when?", "When refund", "Invoice please"]}))
    assert g["asked"].tolist() == [2, 1]


def test_frequent_terms_vs_counter():
    from collections import Counter

    texts = ["快递好几天没更新了，帮我查一下物流。", "帮我查一下物流", "退款什么时候到账？"]
    f = T.frequent_terms(texts, top=50)
    toks = T.tokenize(texts, min_length=2)
    ref = Counter(w for ws in toks for w in set(ws))
    assert dict(zip(f["term"], f["documents"], strict=True)) == dict(ref)
    assert f.loc[f["term"] == "物流", "share"].iloc[0] == pytest.approx(2 / 3)


def test_bad_input(shop_20k):
    with pytest.raises(ColumnError, match="converted"):
        S.inquiry_conversion(shop_20k.service_tickets.drop(columns="converted"))
    with pytest.raises(EmptyDataError):
        S.inquiry_conversion(shop_20k.service_tickets[shop_20k.service_tickets["stage"] == "after_sale"])
    with pytest.raises(InvalidArgumentError, match="alpha"):
        S.reminder_effect(shop_20k.orders, alpha=5)
    with pytest.raises(InvalidArgumentError, match="bins"):
        S.rating_by_delay(shop_20k.reviews, shipments=shop_20k.shipments, bins=(3, 1))
    with pytest.raises(ColumnError, match="delay_days"):
        S.rating_by_delay(shop_20k.reviews, shipments=shop_20k.shipments.drop(columns="delay_days"))
    with pytest.raises(InvalidArgumentError, match="top"):
        T.faq_candidates(shop_20k.service_tickets, top=0)
    with pytest.raises(InvalidArgumentError, match="keywords"):
        T.classify_review_causes(["x"], keywords=[])
