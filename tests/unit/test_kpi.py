"""CRM KPI table: values vs plain pandas, targets and status rules."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import kpi as KP
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


@pytest.fixture(scope="module")
def table(shop_3k):
    return KP.kpi_table(shop_3k.orders, surveys=shop_3k.surveys, complaints=shop_3k.complaints, shipments=shop_3k.shipments,
                        service_tickets=shop_3k.service_tickets, period="Q", locale="en")


def _val(t, period, kpi):
    return t.loc[(t["period"] == period) & (t["kpi"] == kpi), "value"].iloc[0]


def test_every_kpi_every_quarter(table):
    assert set(table["kpi"]) == set(KP.KPI_DEFINITIONS)
    assert table["period"].nunique() == 8 and len(table) == 8 * len(KP.KPI_DEFINITIONS)
    assert set(table["status"]) <= {"on_track", "at_risk", "off_track", "no_data"}


def test_values_vs_pandas(shop_3k, table):
    o = shop_3k.orders
    q = o[o["order_time"].dt.to_period("Q") == pd.Period("2024Q2")]
    assert _val(table, "2024Q2", "payment_rate") == pytest.approx((q["payment_status"] == "paid").mean())
    paid = q[q["payment_status"] == "paid"]
    n = paid.groupby("customer_id").size()
    assert _val(table, "2024Q2", "repurchase_rate") == pytest.approx((n >= 2).mean())
    first = o[o["payment_status"] == "paid"].groupby("customer_id")["order_time"].min()
    assert _val(table, "2024Q2", "returning_buyer_rate") == pytest.approx(
        (first.reindex(n.index) < pd.Timestamp("2024-04-01")).mean())
    sv = shop_3k.surveys[shop_3k.surveys["responded"] & (shop_3k.surveys["response_time"].dt.to_period("Q") == "2024Q2")]
    assert _val(table, "2024Q2", "satisfaction") == pytest.approx((sv["q_overall"] >= 4).mean())
    nps = 100 * ((sv["nps"] >= 9).mean() - (sv["nps"] <= 6).mean())
    assert _val(table, "2024Q2", "nps") == pytest.approx(nps)
    c = shop_3k.complaints[shop_3k.complaints["recorded_time"].dt.to_period("Q") == "2024Q2"]
    assert _val(table, "2024Q2", "complaint_rate") == pytest.approx(len(c) / len(paid))
    tk = shop_3k.service_tickets[shop_3k.service_tickets["created_time"].dt.to_period("Q") == "2024Q2"]
    assert _val(table, "2024Q2", "first_response_seconds") == pytest.approx(tk["first_response_seconds"].median())
    sh = shop_3k.shipments[shop_3k.shipments["delivered_time"].dt.to_period("Q") == "2024Q2"]
    assert _val(table, "2024Q2", "on_time_delivery") == pytest.approx((sh["delay_days"] <= 0).mean())
    # the simulator's payment parameters: 10% unpaid, of which a part is recovered
    p = shop_3k.meta["params"]
    expect = 1 - p["unpaid_rate"] * (1 - p["reminder_rate"] * p["pay_after_reminder"]
                                     - (1 - p["reminder_rate"]) * p["pay_without_reminder"])
    overall = KP.kpi_table(shop_3k.orders, period="Y")
    assert overall[overall["kpi"] == "payment_rate"]["value"].mean() == pytest.approx(expect, abs=0.01)


def test_change_is_period_over_period(table):
    s = table[table["kpi"] == "payment_rate"].reset_index(drop=True)
    assert np.isnan(s["change"].iloc[0])
    assert np.allclose(s["change"].iloc[1:], np.diff(s["value"]))


def test_status_rules():
    s = KP.kpi_status([0.8, 0.73, 0.71, 0.6, np.nan], 0.8, tolerance=0.1)
    assert s["status"].tolist() == ["on_track", "at_risk", "off_track", "off_track", "no_data"]
    low = KP.kpi_status([28, 32, 34], 30, direction="lower", locale="zh")
    assert low["status"].tolist() == ["on_track", "at_risk", "off_track"]
    assert low["status_label"].tolist() == ["达标", "有风险", "未达标"]


def test_targets_and_labels(shop_3k):
    t = KP.kpi_table(shop_3k.orders, period="M", targets={"payment_rate": 0.5}, locale="zh")
    pr = t[t["kpi"] == "payment_rate"]
    assert (pr["target"] == 0.5).all() and (pr["status"] == "on_track").all()
    assert set(t["kpi"]) == {"payment_rate", "repurchase_rate", "returning_buyer_rate"}
    assert pr["kpi_label"].iloc[0] == "付款率"
    assert t["period"].nunique() == 24


def test_bad_input(shop_3k):
    with pytest.raises(InvalidArgumentError, match="period"):
        KP.kpi_table(shop_3k.orders, period="W")
    with pytest.raises(InvalidArgumentError, match="targets"):
        KP.kpi_table(shop_3k.orders, targets={"happiness": 1})
    with pytest.raises(ColumnError, match="payment_status"):
        KP.kpi_table(shop_3k.orders.drop(columns="payment_status"))
    with pytest.raises(EmptyDataError):
        KP.kpi_table(shop_3k.orders.head(0))
    with pytest.raises(InvalidArgumentError, match="direction"):
        KP.kpi_status([1], 1, direction="up")
    with pytest.raises(InvalidArgumentError, match="tolerance"):
        KP.kpi_status([1], 1, tolerance=2)
