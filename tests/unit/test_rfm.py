"""RFM summary, scores and segments: checked against lifetimes, a plain pandas
computation and the simulator's hidden truth."""

import warnings

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import RFM_SEGMENTS, rfm_scores, rfm_segments, rfm_summary
from crmlab.errors import ColumnError, DataValueError, EmptyDataError, InvalidArgumentError


@pytest.fixture(scope="module")
def paid(shop_3k):
    o = shop_3k.orders
    return o.loc[o["payment_status"] == "paid", ["customer_id", "order_time", "amount"]].copy()


def lifetimes_summary(df, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes sets a deprecated pandas option on import
        from lifetimes.utils import summary_data_from_transaction_data

        return summary_data_from_transaction_data(df, "customer_id", "order_time", "amount", **kw)


def pandas_rfm(df, end=None, unit="D"):
    """The marketing form with plain pandas, one order = one purchase."""
    period = df["order_time"].dt.to_period(unit).dt.start_time
    end = period.max() if end is None else pd.Timestamp(end).to_period(unit).start_time
    d = df.assign(period=period)
    d = d[d["period"] <= end]
    buys = d[d["amount"] > 0]
    out = pd.DataFrame({
        "recency": (end - buys.groupby("customer_id")["period"].max()) / pd.Timedelta(1, unit),
        "frequency": buys.groupby("customer_id").size(),
    }).reindex(d["customer_id"].unique())
    out["frequency"] = out["frequency"].fillna(0).astype(np.int64)
    out["monetary"] = d.groupby("customer_id")["amount"].sum()
    return out.sort_index()


def assert_same_lifetimes(a, b):
    assert a.index.equals(b.index)
    pd.testing.assert_frame_equal(a[["frequency", "recency", "T"]], b[["frequency", "recency", "T"]],
                                  check_names=False)
    np.testing.assert_allclose(a["monetary_value"], b["monetary_value"], rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("unit", ["D", "W", "h"])
@pytest.mark.parametrize("end", [None, "2024-06-30 15:00"])
def test_lifetimes_form_matches_lifetimes(paid, unit, end):
    a = rfm_summary(paid, form="lifetimes", time_unit=unit, as_of=end)
    b = lifetimes_summary(paid, freq=unit, observation_period_end=end)
    assert list(a.columns) == ["frequency", "recency", "T", "monetary_value"]
    assert_same_lifetimes(a, b)


def test_lifetimes_form_same_day_orders_are_merged():
    df = pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 3, 3],
        "order_time": pd.to_datetime(["2024-01-01 09:00", "2024-01-01 20:00", "2024-01-05 00:00",
                                      "2024-01-03 00:00", "2024-01-02 00:00", "2024-01-04 00:00"]),
        "amount": [10.0, 5.0, 30.0, 7.0, 0.0, -4.0],
    })
    a = rfm_summary(df, form="lifetimes")
    assert_same_lifetimes(a, lifetimes_summary(df))
    assert a.loc[1, "frequency"] == 1 and a.loc[1, "monetary_value"] == 30.0
    assert a.loc[2].tolist() == [0.0, 0.0, 2.0, 0.0]  # one-order customer
    first = rfm_summary(df, form="lifetimes", include_first_transaction=True)
    assert_same_lifetimes(first, lifetimes_summary(df, include_first_transaction=True))
    # not merged: both orders of 1 January count
    single = rfm_summary(df, form="lifetimes", merge_same_period=False)
    assert single.loc[1, "frequency"] == 2


def test_string_ids_and_unsorted_rows(paid):
    df = paid.sample(frac=1.0, random_state=3)
    df["customer_id"] = "c" + df["customer_id"].astype(str)
    a = rfm_summary(df, form="lifetimes")
    b = lifetimes_summary(df)
    assert_same_lifetimes(a, b)


def test_rfm_form_matches_pandas(paid):
    a = rfm_summary(paid)
    pd.testing.assert_frame_equal(a, pandas_rfm(paid), check_names=False, rtol=1e-12)
    e = rfm_summary(paid, as_of="2024-03-31", time_unit="W")
    pd.testing.assert_frame_equal(e, pandas_rfm(paid, "2024-03-31", "W"), check_names=False,
                                  rtol=1e-12)


def test_rfm_form_refunds_and_merging():
    df = pd.DataFrame({
        "customer_id": [1, 1, 1, 2, 2],
        "order_time": pd.to_datetime(["2024-01-01", "2024-01-01", "2024-01-08", "2024-01-02",
                                      "2024-01-09"]),
        "amount": [10.0, 20.0, -5.0, 0.0, -3.0],
    })
    r = rfm_summary(df)
    assert r.loc[1].tolist() == [8.0, 2, 25.0]  # the refund lowers spend, is not a purchase
    assert np.isnan(r.loc[2, "recency"]) and r.loc[2, "frequency"] == 0
    assert rfm_summary(df, merge_same_period=True).loc[1, "frequency"] == 1


def test_only_paid_orders_count(shop_3k, paid):
    pd.testing.assert_frame_equal(rfm_summary(shop_3k.orders), rfm_summary(paid))
    # a table without payment status is a log of completed transactions: every row counts
    assert rfm_summary(shop_3k.orders.drop(columns="payment_status"))["frequency"].sum() == len(shop_3k.orders)


def test_timezone_aware_dates(paid):
    aware = paid.assign(order_time=paid["order_time"].dt.tz_localize("Asia/Shanghai"))
    a = rfm_summary(aware, form="lifetimes", as_of="2024-12-31")
    b = rfm_summary(paid, form="lifetimes", as_of="2024-12-31")
    pd.testing.assert_frame_equal(a, b)
    # the same instants seen from UTC fall on other local days
    utc = aware.assign(order_time=aware["order_time"].dt.tz_convert("UTC"))
    c = rfm_summary(utc, form="lifetimes")
    naive_utc = paid.assign(order_time=utc["order_time"].dt.tz_localize(None))
    assert_same_lifetimes(c, lifetimes_summary(naive_utc))


def test_frequency_follows_true_purchase_rate(shop_3k):
    r = rfm_summary(shop_3k.orders).join(shop_3k.truth.set_index("customer_id"))
    rho = r["frequency"].corr(r["purchase_rate"], method="spearman")
    assert rho > 0.4
    spend = r["monetary"] / r["frequency"]
    assert spend.corr(r["spend_mean"], method="spearman") > 0.35


def test_bad_input(paid):
    with pytest.raises(ColumnError, match="order_time"):
        rfm_summary(paid.drop(columns="order_time"))
    with pytest.raises(ColumnError, match="amount"):
        rfm_summary(paid.assign(amount="x"))
    with pytest.raises(EmptyDataError):
        rfm_summary(paid.iloc[:0])
    with pytest.raises(InvalidArgumentError, match="as_of"):
        rfm_summary(paid, as_of="2001-01-01")
    with pytest.raises(InvalidArgumentError, match="form"):
        rfm_summary(paid, form="xyz")
    with pytest.raises(InvalidArgumentError, match="time_unit"):
        rfm_summary(paid, time_unit="M")
    with pytest.raises(DataValueError, match="NaT"):
        rfm_summary(paid.assign(order_time=paid["order_time"].where(paid.index > 5)))
    with pytest.raises(ColumnError, match="customer_id"):
        rfm_summary(paid.assign(customer_id=paid["customer_id"].astype(float).where(paid.index > 5)))


def test_string_dates_are_parsed(paid):
    df = paid.head(200).assign(order_time=paid["order_time"].head(200).astype(str))
    pd.testing.assert_frame_equal(rfm_summary(df), rfm_summary(paid.head(200)))


# ----------------------------------------------------------------- scores


def test_quantile_scores_rank_and_ties(paid):
    r = rfm_summary(paid)
    s = rfm_scores(r)
    for col, sc in [("recency", "r_score"), ("frequency", "f_score"), ("monetary", "m_score")]:
        assert s[sc].between(1, 5).all()
        # equal values get equal scores, and scores never go down as the value improves
        assert (s.groupby(col)[sc].nunique() == 1).all()
        key = -s[col] if col == "recency" else s[col]
        ordered = s.assign(k=key).sort_values("k")[sc].to_numpy()
        assert (np.diff(ordered) >= 0).all()
    # monetary has few ties: scores are (nearly) equal-sized quintiles
    counts = s["m_score"].value_counts()
    assert counts.max() - counts.min() <= 0.02 * len(s)
    # reference: the formula on pandas ranks
    rank = r["monetary"].rank(method="min")
    expected = 1 + np.floor(5 * (rank - 1) / len(r)).astype(int)
    assert (s["m_score"].astype(int) == expected).all()
    assert s["rfm_score"].iloc[0] == "".join(str(s[c].iloc[0]) for c in ["r_score", "f_score", "m_score"])


def test_bin_scores():
    r = pd.DataFrame({"recency": [0, 10, 40, 400.0], "frequency": [1, 2, 5, 20],
                      "monetary": [5.0, 100, 1000, 1e5]})
    bins = {"recency": [0, 30, 60, 90, 180, 365], "frequency": [1, 2, 3, 5, 10, 100],
            "monetary": [0, 50, 200, 500, 1000, 5000]}
    s = rfm_scores(r, method="bins", bins=bins)
    assert s["r_score"].tolist() == [5, 5, 4, 1]
    assert s["f_score"].tolist() == [1, 2, 4, 5]
    assert s["m_score"].tolist() == [1, 2, 5, 5]
    with pytest.raises(InvalidArgumentError, match="bins"):
        rfm_scores(r, method="bins", bins={"recency": [3, 2, 1]})
    with pytest.raises(InvalidArgumentError, match="bins"):
        rfm_scores(r, method="bins")


def test_scores_missing_recency_and_columns():
    r = pd.DataFrame({"recency": [1.0, np.nan, 3.0], "frequency": [1, 0, 2], "monetary": [1.0, -2, 3]})
    s = rfm_scores(r)
    assert s["r_score"].isna().tolist() == [False, True, False]
    with pytest.raises(ColumnError, match="monetary"):
        rfm_scores(r.drop(columns="monetary"))


# ----------------------------------------------------------------- segments


def test_segments_standard_rule(paid):
    s = rfm_scores(rfm_summary(paid))
    seg = rfm_segments(s, locale="zh")
    assert set(seg["segment"].cat.categories) == set(RFM_SEGMENTS["name_zh"])
    # reference: compare each score with its mean by hand
    hi = {c: s[c] > s[c].astype(float).mean() for c in ["r_score", "f_score", "m_score"]}
    iv = seg["segment"] == "重要价值客户"
    assert (iv == (hi["r_score"] & hi["f_score"] & hi["m_score"])).all()
    gw = seg["segment"] == "一般挽留客户"
    assert (gw == (~hi["r_score"] & ~hi["f_score"] & ~hi["m_score"])).all()
    dev = seg["segment_code"] == "important_development"
    assert (dev == (hi["r_score"] & ~hi["f_score"] & hi["m_score"])).all()
    en = rfm_segments(s, locale="en")
    assert (en["segment_code"] == seg["segment_code"]).all()
    assert "Important value" in set(en["segment"])
    assert en.loc[iv, "action"].eq("keep them close: VIP service").all()
    assert seg.loc[iv, "action"].eq("重点维护，提供VIP服务").all()


def test_segments_threshold_and_values():
    s = pd.DataFrame({"r_score": [5, 1, 4], "f_score": [5, 1, 2], "m_score": [4, 5, 1]})
    seg = rfm_segments(s, method="threshold", threshold=3, locale="en")
    assert seg["segment_code"].tolist() == ["important_value", "important_winback", "general_development"]
    raw = pd.DataFrame({"recency": [1.0, 100, 200], "frequency": [5, 1, 1], "monetary": [500.0, 20, 10]})
    assert rfm_segments(raw)["segment_code"].iloc[0] == "important_value"


def test_segments_follow_truth(shop_3k):
    seg = rfm_segments(rfm_scores(rfm_summary(shop_3k.orders)))
    t = seg.join(shop_3k.truth.set_index("customer_id"))
    # the planted loyal high-value customers are found mostly among "important value"
    share = (t.loc[t["segment_true"] == "loyal_high_value", "segment_code"] == "important_value").mean()
    base = (t["segment_code"] == "important_value").mean()
    assert share > 1.5 * base


def test_custom_rules():
    s = pd.DataFrame({"r_score": [5, 1, 3], "f_score": [5, 1, 3], "m_score": [5, 1, 3]})
    seg = rfm_segments(s, rules={"champion": "r_score >= 4 and f_score >= 4", "lost": "r_score <= 1"})
    assert seg["segment"].astype(str).tolist() == ["champion", "lost", "other"]
    with pytest.raises(InvalidArgumentError, match="nope"):
        rfm_segments(s, rules={"x": "nope > 1"})
