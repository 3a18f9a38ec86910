"""Churn: features without leakage, labels, and a classifier that beats chance on the shop."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis.churn import (FEATURE_LABELS, churn_dataset, churn_features, churn_labels,
                                   fit_churn_model)
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError

CUT = pd.Timestamp("2024-07-01")


@pytest.fixture(scope="module")
def features(shop_3k):
    return churn_features(shop_3k.orders, as_of=CUT, complaints=shop_3k.complaints, reviews=shop_3k.reviews,
                          shipments=shop_3k.shipments, service_tickets=shop_3k.service_tickets)


@pytest.fixture(scope="module")
def holdout(shop_3k):
    return churn_dataset(shop_3k, as_of=CUT, holdout_days=180)


def test_features_match_plain_pandas(shop_3k, features):
    o = shop_3k.orders
    p = o[(o["payment_status"] == "paid") & (o["order_time"] < CUT)]
    g = p.groupby("customer_id")
    assert features.index.equals(pd.Index(sorted(p["customer_id"].unique()), name="customer_id"))
    np.testing.assert_array_equal(features["frequency"], g.size().loc[features.index])
    np.testing.assert_allclose(features["monetary"], g["amount"].sum().loc[features.index])
    rec = (CUT - g["order_time"].max()).dt.total_seconds() / 86400
    np.testing.assert_allclose(features["recency_days"], rec.loc[features.index])
    ten = (CUT - g["order_time"].min()).dt.total_seconds() / 86400
    np.testing.assert_allclose(features["tenure_days"], ten.loc[features.index])
    last90 = p[p["order_time"] >= CUT - pd.Timedelta(days=90)].groupby("customer_id").size()
    np.testing.assert_array_equal(features["orders_last_90d"], last90.reindex(features.index, fill_value=0))
    c = shop_3k.complaints[shop_3k.complaints["recorded_time"] < CUT].groupby("customer_id").size()
    np.testing.assert_array_equal(features["complaints"], c.reindex(features.index, fill_value=0))
    r = shop_3k.reviews[(shop_3k.reviews["review_time"] < CUT) & (shop_3k.reviews["sentiment"] == "bad")]
    np.testing.assert_array_equal(features["bad_reviews"],
                                  r.groupby("customer_id").size().reindex(features.index, fill_value=0))
    s = shop_3k.shipments[shop_3k.shipments["delivered_time"] < CUT].merge(o[["order_id", "customer_id"]])
    late = s[s["delay_days"] > 0].groupby("customer_id").size()
    np.testing.assert_array_equal(features["late_deliveries"], late.reindex(features.index, fill_value=0))
    t = shop_3k.service_tickets[shop_3k.service_tickets["created_time"] < CUT].groupby("customer_id").size()
    np.testing.assert_array_equal(features["tickets"], t.reindex(features.index, fill_value=0))
    assert set(features.columns) <= set(FEATURE_LABELS)
    assert features.notna().all().all()


def test_features_do_not_look_past_as_of(shop_3k, features):
    """Deleting everything after as_of changes nothing: no leakage."""
    cut_tables = dict(
        complaints=shop_3k.complaints[shop_3k.complaints["recorded_time"] < CUT],
        reviews=shop_3k.reviews[shop_3k.reviews["review_time"] < CUT],
        shipments=shop_3k.shipments[shop_3k.shipments["delivered_time"] < CUT],
        service_tickets=shop_3k.service_tickets[shop_3k.service_tickets["created_time"] < CUT],
    )
    again = churn_features(shop_3k.orders[shop_3k.orders["order_time"] < CUT], as_of=CUT, **cut_tables)
    pd.testing.assert_frame_equal(again, features)


def test_labels_match_plain_pandas(shop_3k, holdout):
    X, y = holdout
    o = shop_3k.orders
    win = o[(o["payment_status"] == "paid") & (o["order_time"] >= CUT)
            & (o["order_time"] < CUT + pd.Timedelta(days=180))]
    expected = (~X.index.isin(win["customer_id"].unique())).astype(int)
    np.testing.assert_array_equal(y.to_numpy(), expected)
    assert y.index.equals(X.index) and y.name == "churned"


def test_holdout_model_beats_chance(holdout):
    X, y = holdout
    res = fit_churn_model(X, y, random_state=0)
    assert res.auc > 0.6
    from sklearn.metrics import roc_auc_score

    assert res.auc == pytest.approx(roc_auc_score(res.test_scores["churned"], res.test_scores["risk"]))
    assert len(res.test_scores) == pytest.approx(0.3 * len(X), abs=2)
    assert set(res.importances["feature"]) == set(X.columns)
    assert res.importances["importance"].is_monotonic_decreasing
    # The top features carry real signal (shuffling them costs AUC).
    assert res.importances["importance"].iloc[0] > 0.01


def test_truth_labels_are_predictable(shop_3k):
    """Against the hidden truth (churned by the end of the window) the model is clearly better than chance."""
    X, y = churn_dataset(shop_3k, as_of=CUT, holdout_days=180, label="truth")
    truth = shop_3k.truth.set_index("customer_id")
    end = CUT + pd.Timedelta(days=180)
    ref = (truth["churn_date"].reindex(X.index) < end).astype(int)
    np.testing.assert_array_equal(y, ref)
    for model in ("gradient_boosting", "logistic"):
        res = fit_churn_model(X, y, model=model, n_repeats=0)
        assert res.auc > 0.75, model
        assert res.importances["importance"].isna().all()


def test_logistic_pipeline_equals_sklearn_by_hand(holdout):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X, y = holdout
    res = fit_churn_model(X, y, model="logistic", n_repeats=0, random_state=3)
    Xtr, Xte, ytr, _ = train_test_split(X, y, test_size=0.3, stratify=y, random_state=3)
    sc = StandardScaler().fit(np.log1p(Xtr))
    lr = LogisticRegression(max_iter=2000).fit(sc.transform(np.log1p(Xtr)), ytr)
    np.testing.assert_allclose(res.test_scores["risk"], lr.predict_proba(sc.transform(np.log1p(Xte)))[:, 1],
                               rtol=1e-6)


def test_out_of_time_validation(shop_3k):
    X1, y1 = churn_dataset(shop_3k, as_of="2024-01-01", holdout_days=180)
    X2, y2 = churn_dataset(shop_3k, as_of="2024-07-01", holdout_days=180)
    res = fit_churn_model(X1, y1, X_test=X2, y_test=y2, n_repeats=2, locale="en")
    assert res.auc > 0.6 and len(res.test_scores) == len(X2)
    assert res.importances.set_index("feature").loc["recency_days", "label"] == "days since last purchase"
    assert "auc=" in repr(res)


def test_default_as_of_and_tz_aware_orders(shop_3k):
    X, y = churn_dataset(shop_3k, holdout_days=90)
    assert len(X) == len(y) > 0
    o = shop_3k.orders.assign(order_time=shop_3k.orders["order_time"].dt.tz_localize("Asia/Shanghai"))
    Xa = churn_features(o, as_of="2024-07-01")
    Xn = churn_features(shop_3k.orders, as_of="2024-07-01")
    np.testing.assert_allclose(Xa.to_numpy(), Xn.to_numpy())


def test_bad_inputs(shop_3k, holdout):
    X, y = holdout
    with pytest.raises(ColumnError, match="amount"):
        churn_features(shop_3k.orders.drop(columns="amount"), as_of=CUT)
    with pytest.raises(InvalidArgumentError, match="as_of"):
        churn_features(shop_3k.orders, as_of="2010-01-01")
    with pytest.raises(InvalidArgumentError, match="as_of"):
        churn_features(shop_3k.orders, as_of="not a date")
    with pytest.raises(EmptyDataError):
        churn_features(shop_3k.orders.iloc[:0], as_of=CUT)
    with pytest.raises(InvalidArgumentError, match="holdout"):
        churn_labels(shop_3k.orders, as_of="2024-12-01", holdout_days=180)
    with pytest.raises(InvalidArgumentError, match="holdout_days"):
        churn_labels(shop_3k.orders, as_of=CUT, holdout_days=-5)
    with pytest.raises(InvalidArgumentError, match="label"):
        churn_dataset(shop_3k, label="guess")
    with pytest.raises(InvalidArgumentError):
        churn_dataset(shop_3k.orders)
    with pytest.raises(InvalidArgumentError, match="model"):
        fit_churn_model(X, y, model="svm")
    with pytest.raises(InvalidArgumentError, match="0/1"):
        fit_churn_model(X, np.zeros(len(X)))
    with pytest.raises(InvalidArgumentError, match="rows"):
        fit_churn_model(X, y.to_numpy()[:-1])
    with pytest.raises(ColumnError, match="segment"):
        fit_churn_model(X.assign(segment="a"), y)
    with pytest.raises(InvalidArgumentError, match="y_test"):
        fit_churn_model(X, y, X_test=X)


def test_public_names():
    import crmlab.analysis as ca

    assert ca.fit_churn_model is fit_churn_model and ca.churn_dataset is churn_dataset
