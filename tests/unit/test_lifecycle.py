"""Lifecycle stages: the rules on a toy shop, and what the stages predict in a simulated one."""

import pandas as pd
import pytest

from crmlab.analysis import LIFECYCLE_STAGES, lifecycle_stage
from crmlab.errors import EmptyDataError, InvalidArgumentError


def test_lifecycle_rules_on_a_toy_shop():
    t = pd.Timestamp("2024-12-31")
    orders = pd.DataFrame({
        "customer_id": [1, 2, 2, 3, 3, 3, 4, 4, 5, 6],
        "order_time": [t - pd.Timedelta(days=d) for d in (30, 200, 20, 300, 200, 10, 150, 120, 400, 50)],
        "payment_status": ["paid"] * 9 + ["cancelled"],
    })
    customers = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5, 6, 7],
                              "signup_time": [t - pd.Timedelta(days=d) for d in (30, 200, 300, 150, 400, 50, 200)]})
    r = lifecycle_stage(orders, customers=customers, as_of=t, locale="en").set_index("customer_id")
    assert r["stage"].astype(str).to_dict() == {1: "new", 2: "growing", 3: "mature", 4: "declining", 5: "lost",
                                                6: "new", 7: "lost"}
    assert r.loc[3, "frequency"] == 3 and r.loc[6, "frequency"] == 0
    assert r.loc[4, "stage_label"] == "declining"
    assert lifecycle_stage(orders, as_of=t, locale="zh").set_index("customer_id").loc[5, "stage_label"] == "流失期"


def test_lifecycle_stage_predicts_behaviour(shop_20k):
    as_of = pd.Timestamp("2024-06-30")
    lc = lifecycle_stage(shop_20k.orders, customers=shop_20k.customers, as_of=as_of)
    assert len(lc) == (shop_20k.customers["signup_time"] <= as_of).sum()
    later = shop_20k.orders[(shop_20k.orders["payment_status"] == "paid") & (shop_20k.orders["order_time"] > as_of)]
    lc["buys_later"] = lc["customer_id"].isin(later["customer_id"])
    m = lc.merge(shop_20k.truth, on="customer_id").groupby("stage", observed=True)
    buys, rate = m["buys_later"].mean(), m["purchase_rate"].mean()
    assert buys.idxmax() == "mature" and buys.idxmin() == "lost"
    assert rate.idxmax() == "mature"  # the true purchase rate is highest in the mature stage
    assert buys["declining"] < buys["growing"]


def test_default_as_of_is_the_last_order(shop_20k):
    last = shop_20k.orders["order_time"].max()
    pd.testing.assert_frame_equal(lifecycle_stage(shop_20k.orders), lifecycle_stage(shop_20k.orders, as_of=last))
    assert list(LIFECYCLE_STAGES) == ["new", "growing", "mature", "declining", "lost"]


def test_bad_input(shop_20k):
    with pytest.raises(EmptyDataError):
        lifecycle_stage(shop_20k.orders, as_of="2000-01-01")
    with pytest.raises(InvalidArgumentError, match="lost_days"):
        lifecycle_stage(shop_20k.orders, lost_days=30, active_days=90)
    with pytest.raises(InvalidArgumentError, match="as_of"):
        lifecycle_stage(shop_20k.orders, as_of="not a date")
