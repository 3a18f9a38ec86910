"""The rules every customer-value function shares: one paid-order rule, one analysis date, one randomness check."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import (churn_features, churn_labels, cohort_retention, growth, historical_clv, kpi_table,
                             lifecycle_stage, repeat_purchase_rate, repurchase_cycle, rfm_summary, sales_trend,
                             stratified_sample)
from crmlab.analysis._tables import check_as_of, paid_orders
from crmlab.errors import InvalidArgumentError
from crmlab.validation import check_random_state, check_sklearn_random_state


@pytest.fixture(scope="module")
def orders(shop_3k):
    return shop_3k.orders


@pytest.fixture(scope="module")
def paid(orders):
    return orders[orders["payment_status"] == "paid"]


def test_paid_orders_is_the_one_rule(orders, paid):
    pd.testing.assert_frame_equal(paid_orders(orders), paid)
    assert paid_orders(orders.drop(columns="payment_status")).equals(orders.drop(columns="payment_status"))
    assert len(paid) < len(orders)  # the shop has unpaid and cancelled orders to leave out


@pytest.mark.parametrize("call", [
    lambda o: rfm_summary(o),
    lambda o: rfm_summary(o, form="lifetimes"),
    lambda o: historical_clv(o),
    lambda o: repeat_purchase_rate(o, freq="Q"),
    lambda o: repurchase_cycle(o),
    lambda o: cohort_retention(o),
    lambda o: growth(o, metric="customers"),
    lambda o: sales_trend(o, freq="W", period=4),
    lambda o: churn_features(o, as_of="2024-07-01").drop(columns="unpaid_orders"),
    lambda o: lifecycle_stage(o, as_of="2024-12-31"),
], ids=["rfm", "rfm-lifetimes", "historical_clv", "repeat_purchase_rate", "repurchase_cycle", "cohort_retention",
        "growth", "sales_trend", "churn_features", "lifecycle_stage"])
def test_functions_that_count_sales_use_paid_orders_only(orders, paid, call):
    """Handing over every order or the paid ones only gives the same answer."""
    a, b = call(orders), call(paid)
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b)
    else:
        assert a == b


def test_the_readers_of_other_orders_say_so(orders, paid):
    """churn_features' unpaid_orders and kpi_table's payment_rate read every order, as documented."""
    X = churn_features(orders, as_of="2024-07-01")
    assert X["unpaid_orders"].sum() > 0 and churn_features(paid, as_of="2024-07-01")["unpaid_orders"].sum() == 0
    y_all, y_paid = churn_labels(orders, as_of="2024-07-01"), churn_labels(paid, as_of="2024-07-01")
    pd.testing.assert_series_equal(y_all, y_paid)
    k_all, k_paid = kpi_table(orders, period="Y"), kpi_table(paid, period="Y")
    rep = k_all["kpi"] != "payment_rate"
    np.testing.assert_allclose(k_all.loc[rep, "value"], k_paid.loc[rep, "value"])
    assert (k_paid.loc[~rep, "value"] == 1).all() and (k_all.loc[~rep, "value"] < 1).all()


def test_as_of_defaults_to_the_last_order_day(orders):
    last = orders["order_time"].max()
    pd.testing.assert_frame_equal(rfm_summary(orders), rfm_summary(orders, as_of=last.normalize()))
    pd.testing.assert_frame_equal(historical_clv(orders), historical_clv(orders, as_of=last))
    # churn features: the end of the last order day, so every order is known
    pd.testing.assert_frame_equal(churn_features(orders),
                                  churn_features(orders, as_of=last.normalize() + pd.Timedelta(days=1)))
    # churn labels: the latest date whose holdout window fits the data
    y = churn_labels(orders, holdout_days=90)
    pd.testing.assert_series_equal(y, churn_labels(orders, as_of=(last - pd.Timedelta(days=90)).normalize(),
                                                   holdout_days=90))


def test_as_of_is_one_checked_date(orders):
    times = orders["order_time"]
    assert check_as_of("2024-06-30", times) == pd.Timestamp("2024-06-30")
    aware = times.dt.tz_localize("Asia/Shanghai")
    assert check_as_of("2024-06-30", aware) == pd.Timestamp("2024-06-30", tz="Asia/Shanghai")
    for call in (lambda: rfm_summary(orders, as_of="2001-01-01"), lambda: historical_clv(orders, as_of="2001-01-01"),
                 lambda: churn_features(orders, as_of="2001-01-01"), lambda: check_as_of(times.min(), times, strict=True),
                 lambda: lifecycle_stage(orders, as_of="tomorrow-ish")):
        with pytest.raises(InvalidArgumentError, match="as_of"):
            call()


def test_random_state_is_one_check(shop_3k):
    assert (check_random_state(5).random(3) == np.random.default_rng(5).random(3)).all()
    from crmlab import student_seed

    assert (check_random_state("2024001").random(3) == np.random.default_rng(student_seed("2024001")).random(3)).all()
    assert check_sklearn_random_state(3) == 3 and check_sklearn_random_state("2024001") == student_seed("2024001")
    g1, g2 = np.random.default_rng(1), np.random.default_rng(1)
    assert check_sklearn_random_state(g1) == check_sklearn_random_state(g2)
    # the same value, the same sample, whatever its form
    c = shop_3k.customers
    a = stratified_sample(c, strata="region", frac=0.1, random_state="2024001")
    b = stratified_sample(c, strata="region", frac=0.1, random_state=np.random.default_rng(student_seed("2024001")))
    assert a.index.equals(b.index)
    for bad in (-1, 2.5, True, "", np.random.RandomState(0), [1]):
        with pytest.raises(InvalidArgumentError, match="random_state"):
            check_random_state(bad)
        with pytest.raises(InvalidArgumentError, match="random_state"):
            stratified_sample(c, strata="region", frac=0.1, random_state=bad)
