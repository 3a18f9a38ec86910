"""Complaint workflow: stage times, SLA breaches, and retention by handling speed vs truth."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import complaints as C
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


def test_stage_times_match_rowwise_reference(shop_20k):
    c = shop_20k.complaints
    t = C.complaint_stage_times(c)
    hours = lambda a, b: (c[b] - c[a]).dt.total_seconds() / 3600  # noqa: E731
    assert np.allclose(t["judge"], hours("recorded_time", "judged_time"))
    assert np.allclose(t["reply"], hours("analysed_time", "replied_time"))
    assert np.allclose(t["time_to_reply"], hours("recorded_time", "replied_time"))
    ref = hours("feedback_time", "followup_time")
    assert np.array_equal(t["followup"].isna(), ref.isna())
    assert np.allclose(t["followup"].dropna(), ref.dropna())
    # a row-wise apply gives the same totals
    row = c.head(50).apply(lambda r: ((r["followup_time"] if pd.notna(r["followup_time"]) else r["feedback_time"])
                                      - r["recorded_time"]).total_seconds() / 3600, axis=1)
    assert np.allclose(t["total"].head(50), row)
    assert (t[["judge", "analyse", "reply", "feedback"]] >= 0).all().all()
    days = C.complaint_stage_times(c, unit="days")
    assert np.allclose(days["reply"] * 24, t["reply"])


def test_stage_times_long(shop_20k):
    long = C.complaint_stage_times(shop_20k.complaints, long=True, locale="en")
    wide = C.complaint_stage_times(shop_20k.complaints)
    assert len(long) == wide[["judge", "analyse", "reply", "feedback", "followup"]].notna().sum().sum()
    assert set(long["stage_label"]) == {"judge", "analyse", "reply", "feedback", "follow-up"}
    per = long.groupby("complaint_id")["duration"].sum()
    assert np.allclose(per.to_numpy(), wide.set_index("complaint_id")["total"].loc[per.index].to_numpy())
    assert C.complaint_stage_times(shop_20k.complaints, long=True, locale="zh")["stage_label"].iloc[0] == "判断"


def test_sla_breaches_vs_pandas(shop_20k):
    c = shop_20k.complaints
    s = C.sla_breaches(c, targets={"reply": 24})
    reply = s.set_index("stage").loc["reply"]
    ref = ((c["replied_time"] - c["recorded_time"]) > pd.Timedelta(hours=24)).mean()
    assert reply["breach_rate"] == pytest.approx(ref)
    assert reply["target_hours"] == 24 and reply["n"] == len(c)
    assert s.set_index("stage").loc["followup", "n"] == c["followup_time"].notna().sum()
    st = C.sla_breaches(c, targets={"analyse": 6}, basis="stage")
    ref = ((c["analysed_time"] - c["judged_time"]) > pd.Timedelta(hours=6)).mean()
    assert st.set_index("stage").loc["analyse", "breach_rate"] == pytest.approx(ref)
    by = C.sla_breaches(c, by="severity")
    assert len(by) == 5 * c["severity"].nunique()
    g = by[by["stage"] == "reply"].set_index("severity")["breaches"]
    ref = (c["replied_time"] - c["recorded_time"] > pd.Timedelta(hours=24)).groupby(c["severity"]).sum()
    assert (g.sort_index().to_numpy() == ref.sort_index().to_numpy()).all()


@pytest.fixture(scope="module")
def large_shop():
    """60,000 customers: enough slow-handled complaints (a few hundred) to measure their retention."""
    import crmlab

    return crmlab.simulate(60000, random_state=11)


def test_fast_handling_keeps_about_70_percent(large_shop):
    """Students rediscover the course figure: fast handling keeps ~70%, slow far fewer."""
    shop = large_shop
    r = C.complaint_retention(shop.complaints, orders=shop.orders, bins=(24, 48, 96), window_days=180, locale="zh")
    fast, slow = r.iloc[0], r.iloc[-1]
    assert fast["band"] == "≤24小时"
    assert 0.55 < fast["retention"] < 0.85
    assert r.iloc[2:]["retention"].max() < fast["retention"] - 0.2  # > 48 h: far fewer kept
    assert fast["resolved_rate"] > slow["resolved_rate"]
    assert fast["mean_satisfaction"] > slow["mean_satisfaction"] + 1
    # Hidden truth: complainants lost *because of* this complaint churned at its feedback time.
    c = shop.complaints
    tr = shop.truth.set_index("customer_id").reindex(c["customer_id"])
    lost = (tr["churn_cause"].to_numpy() == "complaint") & (tr["churn_date"].to_numpy() == c["feedback_time"].to_numpy())
    band = C.handling_speed_band((c["replied_time"] - c["recorded_time"]).dt.total_seconds() / 3600)
    kept_true = pd.Series(~lost).groupby(band, observed=False).mean()
    assert kept_true.iloc[0] == pytest.approx(0.70, abs=0.07)  # the simulator's 70%
    assert fast["retention"] == pytest.approx(kept_true.iloc[0], abs=0.12)
    assert r["retention"].iloc[2] == pytest.approx(kept_true.iloc[2], abs=0.2)


def test_retention_reorder_rate_vs_pandas(shop_20k):
    c, o = shop_20k.complaints, shop_20k.orders
    r = C.complaint_retention(c, orders=o, bins=(24,), window_days=90)
    paid = o[o["payment_status"] == "paid"]
    m = c[["complaint_id", "customer_id", "feedback_time", "replied_time", "recorded_time"]].merge(
        paid[["customer_id", "order_time"]], on="customer_id", how="left")
    m["hit"] = (m["order_time"] > m["feedback_time"]) & (m["order_time"] <= m["feedback_time"] + pd.Timedelta(days=90))
    hit = m.groupby("complaint_id")["hit"].any()
    cc = c.set_index("complaint_id")
    el = cc["feedback_time"] <= o["order_time"].max() - pd.Timedelta(days=90)
    fast = (cc["replied_time"] - cc["recorded_time"]) <= pd.Timedelta(hours=24)
    assert r.loc[0, "reorder_rate"] == pytest.approx(hit[el & fast].mean())
    assert r.loc[1, "reorder_rate"] == pytest.approx(hit[el & ~fast].mean())
    assert r.loc[0, "reorder_ci_low"] < r.loc[0, "reorder_rate"] < r.loc[0, "reorder_ci_high"]


def test_speed_band_labels():
    b = C.handling_speed_band([0.5, 24, 24.1, 1000], bins=(24, 48), locale="en")
    assert list(b) == ["≤24h", "≤24h", "24-48h", ">48h"] and b.ordered


def test_bad_input(shop_20k):
    with pytest.raises(ColumnError, match="replied_time"):
        C.complaint_stage_times(shop_20k.complaints.drop(columns="replied_time"))
    with pytest.raises(EmptyDataError):
        C.complaint_stage_times(shop_20k.complaints.head(0))
    with pytest.raises(InvalidArgumentError, match="unit"):
        C.complaint_stage_times(shop_20k.complaints, unit="weeks")
    with pytest.raises(InvalidArgumentError, match="targets"):
        C.sla_breaches(shop_20k.complaints, targets={"answer": 3})
    with pytest.raises(InvalidArgumentError, match="reply"):
        C.sla_breaches(shop_20k.complaints, targets={"reply": -1})
    with pytest.raises(InvalidArgumentError, match="bins"):
        C.handling_speed_band([1], bins=(48, 24))
    with pytest.raises(InvalidArgumentError, match="window_days"):
        C.complaint_retention(shop_20k.complaints, orders=shop_20k.orders, window_days=0)
    with pytest.raises(ColumnError, match="not_a_column"):
        C.sla_breaches(shop_20k.complaints, by="not_a_column")
