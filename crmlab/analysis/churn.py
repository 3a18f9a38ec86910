"""Churn prediction (客户流失预测): who will stop buying, and why.

The set-up every shop can use, whatever its data (chapters 5 and 9):

1. pick the analysis date ``as_of`` (the moment of prediction); describe each
   customer with what was known before it (:func:`churn_features`: recency,
   frequency, money, tenure, complaints, bad reviews, late deliveries, service
   contacts ...);
2. **label** them with what happened next (:func:`churn_labels`): a customer who
   placed no paid order in the ``holdout_days`` after ``as_of`` is counted as
   churned (流失). In a simulated shop the hidden truth can label them instead;
3. train a scikit-learn pipeline and measure it on customers it has not seen
   (:func:`fit_churn_model`), reporting ROC AUC (0.5 = guessing, 1 = perfect) and
   which features matter (permutation importance: how much the AUC drops when a
   feature is shuffled).

:func:`churn_dataset` builds features and labels from a whole shop in one call.
Features never look past ``as_of``, so the model is honest about the future.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import ColumnError, EmptyDataError, InvalidArgumentError
from ..validation import (check_choice, check_dataframe, check_datetime_column, check_float, check_int,
                          check_nonempty, check_numeric_column, check_sklearn_random_state)
from ._tables import check_as_of, paid_orders, shop_tables

__all__ = [
    "FEATURE_LABELS",
    "churn_features",
    "churn_labels",
    "churn_dataset",
    "fit_churn_model",
    "ChurnModelResult",
]

# zh / en labels of the features, for tables and charts.
FEATURE_LABELS: dict[str, tuple[str, str]] = {
    "recency_days": ("距最近一次购买天数", "days since last purchase"),
    "frequency": ("购买次数", "number of paid orders"),
    "monetary": ("累计消费（元）", "total spend (CNY)"),
    "avg_order_value": ("平均客单价（元）", "average order value (CNY)"),
    "tenure_days": ("客户年龄（天）", "tenure (days since first order)"),
    "orders_per_month": ("月均购买次数", "orders per month of tenure"),
    "orders_last_90d": ("近 90 天购买次数", "orders in the last 90 days"),
    "mean_gap_days": ("平均购买间隔（天）", "mean days between orders"),
    "overdue_ratio": ("超期比（距上次购买 / 平均间隔）", "days since last order / mean gap"),
    "unpaid_orders": ("未付款关闭订单数", "cancelled (unpaid) orders"),
    "refund_share": ("退款金额占比", "refunded share of spend"),
    "discount_share": ("优惠金额占比", "discount share of list price"),
    "complaints": ("投诉次数", "complaints"),
    "unresolved_complaints": ("未解决投诉数", "unresolved complaints"),
    "complaint_reply_hours": ("投诉平均回复时长（小时）", "mean hours to reply to a complaint"),
    "bad_reviews": ("差评次数", "bad reviews"),
    "reviews": ("评价次数", "reviews"),
    "late_deliveries": ("物流超时次数", "late deliveries"),
    "mean_delay_days": ("平均超时天数", "mean days late per delivery"),
    "tickets": ("客服咨询次数", "service contacts"),
    "after_sale_tickets": ("售后咨询次数", "after-sale contacts"),
}


def _as_of(as_of, times):
    """The moment of prediction: something must be known before it."""
    return check_as_of(as_of, times, strict=True)


def _default_as_of(times, holdout_days):
    """``holdout_days`` before the last order, at midnight: the latest date whose window fits the data."""
    return (times.max() - pd.Timedelta(days=holdout_days)).normalize()


def _count_by(df, key, index, mask=None, weights=None):
    """Per-customer counts (or sums of ``weights``) as a Series aligned to ``index``."""
    if df is None or len(df) == 0:
        return pd.Series(0.0, index=index)
    if mask is not None:
        df = df.loc[np.asarray(mask, bool)]
        weights = None if weights is None else np.asarray(weights)[np.asarray(mask, bool)]
    if weights is None:
        s = df.groupby(key).size()
    else:
        s = pd.Series(np.asarray(weights, float), index=df.index).groupby(df[key].to_numpy()).sum()
    return s.reindex(index, fill_value=0).astype(float)


def churn_features(orders, *, as_of=None, complaints=None, reviews=None, shipments=None, service_tickets=None,
                   customer_id_col="customer_id", datetime_col="order_time", monetary_value_col="amount"):
    """Describe each customer by what the shop knew at ``as_of`` (流失预测特征).

    Only events strictly before ``as_of`` are used. Spend, frequency and recency
    come from paid orders; customers with no paid order before ``as_of`` are
    left out (they are not customers yet). The one feature that reads the other
    orders is ``unpaid_orders``: orders closed without payment (tables without
    ``payment_status`` have none).

    Parameters
    ----------
    orders : DataFrame
        The ``orders`` table (the customer, time and amount columns;
        ``payment_status``, ``gross_amount``, ``discount`` and ``refund_amount``
        are used when present).
    as_of : datetime-like, optional
        The moment of prediction. Default: the end of the last order day (the
        midnight after it), so that every order is known.
    complaints, reviews, shipments, service_tickets : DataFrame, optional
        The shop's tables of the same names; features from a table that is not
        given are left out.
    customer_id_col, datetime_col, monetary_value_col : str
        Column names; default ``"customer_id"``, ``"order_time"``, ``"amount"``.

    Returns
    -------
    DataFrame
        One row per customer (index ``customer_id``), numeric columns named in
        :data:`FEATURE_LABELS`: the features ``X`` of :func:`fit_churn_model`.
        High ``recency_days`` and ``overdue_ratio`` (a silent customer who used
        to buy often) and complaints are the classic warning signs.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import churn_features
    >>> shop = crmlab.load_dataset("classroom")
    >>> X = churn_features(shop.orders, as_of="2024-07-01", complaints=shop.complaints,
    ...                    reviews=shop.reviews, shipments=shop.shipments,
    ...                    service_tickets=shop.service_tickets)
    >>> X[["recency_days", "frequency", "complaints"]].columns.tolist()
    ['recency_days', 'frequency', 'complaints']
    """
    check_dataframe("orders", orders, [customer_id_col, datetime_col, monetary_value_col])
    check_nonempty("orders", orders)
    check_numeric_column(orders, monetary_value_col, "orders")
    times = check_datetime_column(orders, datetime_col, "orders", missing="raise")
    cut = times.max().normalize() + pd.Timedelta(days=1) if as_of is None else _as_of(as_of, times)
    before = (times < cut).to_numpy()
    known = orders.loc[before].assign(_t=times[before])
    o = paid_orders(known)
    if o.empty:
        raise EmptyDataError("as_of 之前没有已支付订单。请选更晚的 as_of。",
                             "There are no paid orders before as_of. Pick a later as_of.")
    day = pd.Timedelta(days=1)
    g = o.groupby(customer_id_col, sort=True)
    first, last, n = g["_t"].min(), g["_t"].max(), g.size().astype(float)
    idx = n.index
    X = pd.DataFrame(index=idx)
    X.index.name = "customer_id"
    X["recency_days"] = (cut - last) / day
    X["frequency"] = n
    X["monetary"] = g[monetary_value_col].sum().clip(lower=0)
    X["avg_order_value"] = X["monetary"] / n
    X["tenure_days"] = (cut - first) / day
    X["orders_per_month"] = n / np.maximum(X["tenure_days"], 1.0) * 30.0
    X["orders_last_90d"] = _count_by(o, customer_id_col, idx, mask=(o["_t"] >= cut - 90 * day).to_numpy())
    gap = ((last - first) / day) / np.maximum(n - 1, 1)
    X["mean_gap_days"] = np.where(n > 1, gap, X["tenure_days"])  # one-order customers: their whole tenure
    X["overdue_ratio"] = X["recency_days"] / np.maximum(X["mean_gap_days"], 1.0)
    if "payment_status" in orders.columns:
        X["unpaid_orders"] = _count_by(known, customer_id_col, idx) - X["frequency"]
    if "refund_amount" in o.columns:
        X["refund_share"] = (g["refund_amount"].sum() / np.maximum(X["monetary"], 1e-9)).clip(0, 1)
    if "discount" in o.columns and "gross_amount" in o.columns:
        X["discount_share"] = (g["discount"].sum() / np.maximum(g["gross_amount"].sum(), 1e-9)).clip(0, 1)

    if complaints is not None:
        check_dataframe("complaints", complaints, [customer_id_col, "recorded_time"])
        c = complaints.loc[(check_datetime_column(complaints, "recorded_time", "complaints", missing="drop")
                            < cut).to_numpy()]
        X["complaints"] = _count_by(c, customer_id_col, idx)
        if "resolved" in c.columns:
            X["unresolved_complaints"] = _count_by(c, customer_id_col, idx, mask=~c["resolved"].astype(bool))
        if "replied_time" in c.columns:
            hours = (c["replied_time"] - c["recorded_time"]) / pd.Timedelta(hours=1)
            tot = _count_by(c, customer_id_col, idx, weights=hours.fillna(0).to_numpy())
            X["complaint_reply_hours"] = tot / np.maximum(X["complaints"], 1)
    if reviews is not None:
        check_dataframe("reviews", reviews, [customer_id_col, "review_time", "sentiment"])
        r = reviews.loc[(check_datetime_column(reviews, "review_time", "reviews", missing="drop") < cut).to_numpy()]
        X["bad_reviews"] = _count_by(r, customer_id_col, idx, mask=(r["sentiment"] == "bad").to_numpy())
        X["reviews"] = _count_by(r, customer_id_col, idx)
    if shipments is not None:
        check_dataframe("shipments", shipments, ["order_id", "delay_days", "delivered_time"])
        check_dataframe("orders", orders, ["order_id"])
        s = shipments.loc[(check_datetime_column(shipments, "delivered_time", "shipments", missing="drop")
                           < cut).to_numpy()]
        s = s.merge(orders[["order_id", customer_id_col]], on="order_id", how="inner")
        X["late_deliveries"] = _count_by(s, customer_id_col, idx, mask=(s["delay_days"] > 0).to_numpy())
        delivered = _count_by(s, customer_id_col, idx)
        X["mean_delay_days"] = _count_by(s, customer_id_col, idx, weights=s["delay_days"].to_numpy()) \
            / np.maximum(delivered, 1)
    if service_tickets is not None:
        check_dataframe("service_tickets", service_tickets, [customer_id_col, "created_time"])
        t = service_tickets.loc[(check_datetime_column(service_tickets, "created_time", "service_tickets",
                                                       missing="drop") < cut).to_numpy()]
        X["tickets"] = _count_by(t, customer_id_col, idx)
        if "stage" in t.columns:
            X["after_sale_tickets"] = _count_by(t, customer_id_col, idx, mask=(t["stage"] == "after_sale").to_numpy())
    return X.astype(float)


def churn_labels(orders, *, as_of=None, holdout_days=180, customer_ids=None, customer_id_col="customer_id",
                 datetime_col="order_time"):
    """Label customers churned (1) when they placed no paid order in the holdout window.

    Parameters
    ----------
    orders : DataFrame
        The ``orders`` table; only paid orders count.
    as_of : datetime-like, optional
        Start of the window (the moment of prediction). Default: ``holdout_days``
        before the last order, at midnight, so that the window fits the data.
    holdout_days : int, default=180
        Length of the window. Pick it from the shop's repurchase cycle: too short and
        slow but loyal buyers count as churned.
    customer_ids : array-like, optional
        The customers to label (e.g. ``churn_features(...).index``); by default every
        customer with a paid order before ``as_of``.
    customer_id_col, datetime_col : str
        Column names; default ``"customer_id"``, ``"order_time"``.

    Returns
    -------
    pandas.Series
        ``churned`` (int 0/1), indexed by customer id: the labels ``y`` of
        :func:`fit_churn_model`.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import churn_labels
    >>> y = churn_labels(crmlab.load_dataset("classroom").orders, as_of="2024-07-01", holdout_days=180)
    >>> y.name, sorted(y.unique().tolist())
    ('churned', [0, 1])
    """
    check_dataframe("orders", orders, [customer_id_col, datetime_col])
    check_nonempty("orders", orders)
    holdout_days = check_float("holdout_days", holdout_days, low=0, low_open=True, example="holdout_days=180")
    times = check_datetime_column(orders, datetime_col, "orders", missing="raise")
    cut = _as_of(_default_as_of(times, holdout_days) if as_of is None else as_of, times)
    end = cut + pd.Timedelta(days=holdout_days)
    if end > times.max() + pd.Timedelta(days=1):
        raise InvalidArgumentError(
            f"观察窗口 {cut.date()} 至 {end.date()} 超出了数据范围（最后一笔订单 {times.max().date()}）。"
            "请把 as_of 提前或缩短 holdout_days。",
            f"The holdout window {cut.date()} to {end.date()} runs past the data (last order {times.max().date()}). "
            "Move as_of earlier or shorten holdout_days.",
        )
    paid = paid_orders(orders[[customer_id_col] + (["payment_status"] if "payment_status" in orders else [])]
                       .assign(_t=times))
    ids, t = paid[customer_id_col], paid["_t"]
    if customer_ids is None:
        customer_ids = np.unique(ids[(t < cut).to_numpy()])
    active = np.unique(ids[((t >= cut) & (t < end)).to_numpy()])
    idx = pd.Index(customer_ids, name="customer_id")
    return pd.Series((~idx.isin(active)).astype(int), index=idx, name="churned")


def churn_dataset(shop, *, as_of=None, holdout_days=180, label="holdout"):
    """Features at ``as_of`` and churn labels for every customer of a shop.

    Parameters
    ----------
    shop : crmlab.Shop
        A simulated or loaded shop (tables ``orders``, ``complaints``,
        ``reviews``, ``shipments``, ``service_tickets``).
    as_of : datetime-like, optional
        The moment of prediction. Default: ``holdout_days`` before the last
        order, at midnight, so that the window fits the data.
    holdout_days : int, default=180
        Length of the window after ``as_of`` (see :func:`churn_labels`).
    label : {"holdout", "truth"}, default="holdout"
        ``"holdout"``: no paid order in the window (what a real shop can observe).
        ``"truth"``: the simulator's hidden truth, churned by the end of the window
        (only for simulated shops; a customer who is alive but slow is not churned).

    Returns
    -------
    X : DataFrame
        Features (see :func:`churn_features`).
    y : pandas.Series
        0/1 labels aligned with ``X``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import churn_dataset
    >>> X, y = churn_dataset(crmlab.load_dataset("classroom"), as_of="2024-07-01")
    >>> bool(X.index.equals(y.index))
    True
    """
    check_choice("label", label, ("holdout", "truth"))
    holdout_days = check_float("holdout_days", holdout_days, low=0, low_open=True, example="holdout_days=180")
    t = shop_tables(shop, ("orders", "customers", "complaints", "reviews", "shipments", "service_tickets"))
    if as_of is None:
        as_of = _default_as_of(check_datetime_column(t["orders"], "order_time", "orders", missing="raise"),
                               holdout_days)
    X = churn_features(t["orders"], as_of=as_of, complaints=t["complaints"], reviews=t["reviews"],
                       shipments=t["shipments"], service_tickets=t["service_tickets"])
    if label == "holdout":
        y = churn_labels(t["orders"], as_of=as_of, holdout_days=holdout_days, customer_ids=X.index)
    else:
        truth = getattr(shop, "truth", None)
        if truth is None or "churn_date" not in truth.columns:
            raise InvalidArgumentError("这个商店没有隐藏真相（truth 表），请用 label='holdout'。",
                                       "This shop has no hidden truth table; use label='holdout'.")
        end = pd.Timestamp(as_of) + pd.Timedelta(days=holdout_days)
        cd = truth.set_index("customer_id")["churn_date"].reindex(X.index)
        y = pd.Series((cd.notna() & (cd < end)).astype(int).to_numpy(), index=X.index, name="churned")
    return X, y


@dataclass
class ChurnModelResult:
    """A fitted churn model and how well it predicts held-out customers.

    Attributes
    ----------
    pipeline : sklearn.pipeline.Pipeline
        The fitted model; ``pipeline.predict_proba(X)[:, 1]`` is the churn risk.
    auc : float
        ROC AUC on the held-out customers (0.5 = guessing, 1.0 = perfect ranking).
    importances : DataFrame
        Permutation importance of each feature on the held-out customers
        (``importance`` = mean drop in AUC when the feature is shuffled, ``std``,
        and a ``label`` in the chosen language), most important first.
    test_scores : DataFrame
        Held-out customers with ``churned`` (true label) and ``risk`` (predicted
        probability of churning), for lift charts and targeting lists.
    baseline_auc : float
        AUC of recency alone (longest silent = most at risk): a model worth having
        beats it.
    """

    pipeline: object
    auc: float
    importances: pd.DataFrame
    test_scores: pd.DataFrame
    baseline_auc: float
    model: str = "gradient_boosting"
    extra: dict = field(default_factory=dict)

    def __repr__(self):
        return (f"ChurnModelResult(model={self.model!r}, auc={self.auc:.3f}, baseline_auc={self.baseline_auc:.3f}, "
                f"n_test={len(self.test_scores)})")


def _make_pipeline(model, random_state):
    from sklearn.pipeline import Pipeline

    if model == "gradient_boosting":
        from sklearn.ensemble import HistGradientBoostingClassifier

        # Shallow trees with early stopping: churn data are noisy and often small.
        return Pipeline([("model", HistGradientBoostingClassifier(max_iter=300, learning_rate=0.03, max_depth=3,
                                                                   min_samples_leaf=40, early_stopping=True,
                                                                   validation_fraction=0.2, n_iter_no_change=20,
                                                                   random_state=random_state))])
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import FunctionTransformer, StandardScaler

    # Counts and money are skewed: log1p makes a linear model on them sensible.
    return Pipeline([("log", FunctionTransformer(lambda z: np.log1p(np.clip(z, 0, None)), feature_names_out="one-to-one")),
                     ("scale", StandardScaler()),
                     ("model", LogisticRegression(max_iter=2000))])


def fit_churn_model(X, y, *, model="gradient_boosting", test_size=0.3, X_test=None, y_test=None,
                    n_repeats=5, random_state=0, locale=None):
    """Train a churn classifier and measure it on customers it has not seen.

    Parameters
    ----------
    X : DataFrame
        Features (from :func:`churn_features` / :func:`churn_dataset`).
    y : array-like
        0/1 churn labels aligned with ``X``.
    model : {"gradient_boosting", "logistic"}, default="gradient_boosting"
        ``HistGradientBoostingClassifier`` (captures thresholds and interactions) or
        a logistic regression on log-scaled, standardised features (coefficients
        easy to explain).
    test_size : float, default=0.3
        Share of customers held out (stratified random split), used when no
        ``X_test`` is given.
    X_test, y_test : optional
        An explicit test set, e.g. features and labels at a *later* ``as_of``
        (out-of-time validation, the strictest test of a churn model).
    n_repeats : int, default=5
        Shuffles per feature in the permutation importance; 0 skips it (faster on
        big shops; the ``importance`` column is then NaN).
    random_state : None, int, str or numpy.random.Generator, default=0
        Randomness of the split, the model and the shuffles: a whole number
        gives the same result as scikit-learn's ``random_state`` of that
        number; see :func:`crmlab.validation.check_sklearn_random_state`.
    locale : {"zh", "en"}, optional
        Language of the importance labels (default: the current locale).

    Returns
    -------
    ChurnModelResult

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import churn_dataset, fit_churn_model
    >>> X, y = churn_dataset(crmlab.load_dataset("classroom"), holdout_days=180)
    >>> res = fit_churn_model(X, y, model="logistic", n_repeats=0, random_state=0)
    >>> 0.0 <= res.auc <= 1.0, res.importances.columns.tolist()
    (True, ['feature', 'importance', 'std', 'label'])
    """
    from sklearn.inspection import permutation_importance
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import train_test_split

    check_choice("model", model, ("gradient_boosting", "logistic"))
    check_dataframe("X", X)
    check_nonempty("X", X)
    random_state = check_sklearn_random_state(random_state)
    if len(y) != len(X):
        raise InvalidArgumentError(f"y 的长度（{len(y)}）必须与 X 的行数（{len(X)}）相同。",
                                   f"y has {len(y)} values but X has {len(X)} rows; they must match.")
    if isinstance(y, pd.Series) and not y.index.equals(X.index):
        if not y.index.sort_values().equals(X.index.sort_values()):
            raise InvalidArgumentError("y 的索引（客户编号）与 X 的不一致。请用同一批客户。",
                                       "y's index (customer ids) does not match X's. Use the same customers.")
        y = y.reindex(X.index)
    y = pd.Series(np.asarray(y), index=X.index, name="churned")
    nonnum = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
    if nonnum:
        raise ColumnError(f"X 的列必须都是数值，这些列不是：{', '.join(map(str, nonnum))}。",
                          f"Every column of X must be numeric; these are not: {', '.join(map(str, nonnum))}.")
    if set(np.unique(y)) - {0, 1, True, False} or len(np.unique(y)) < 2:
        raise InvalidArgumentError(
            "y 必须是 0/1 标签，且两类都要出现（既有流失也有留存客户）。",
            "y must be 0/1 labels with both classes present (some churned and some retained customers).",
        )
    n_repeats = check_int("n_repeats", n_repeats, low=0, example="n_repeats=5")
    if X_test is None:
        test_size = check_float("test_size", test_size, low=0, high=1, low_open=True, high_open=True,
                                example="test_size=0.3")
    y = y.astype(int)
    if X_test is None:
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=test_size, stratify=y,
                                                            random_state=random_state)
    else:
        if y_test is None:
            raise InvalidArgumentError("给出 X_test 时也要给出 y_test。", "Pass y_test together with X_test.")
        X_train, y_train = X, y
        X_test = X_test[list(X.columns)]
        y_test = pd.Series(np.asarray(y_test), index=X_test.index).astype(int)
    from contextlib import nullcontext

    from threadpoolctl import threadpool_limits

    # On shop-sized data one OpenMP thread is faster than many, and far faster on a
    # busy machine (thread oversubscription); the limit is lifted on leaving the block.
    limit = threadpool_limits(limits=1, user_api="openmp") if len(X_train) < 100_000 else nullcontext()
    with limit:
        pipe = _make_pipeline(model, random_state).fit(X_train, y_train)
        risk = pipe.predict_proba(X_test)[:, 1]
        if n_repeats:
            pi = permutation_importance(pipe, X_test, y_test, scoring="roc_auc", n_repeats=n_repeats,
                                        random_state=random_state)
            mean, std = pi.importances_mean, pi.importances_std
        else:
            mean = std = np.full(X.shape[1], np.nan)
    auc = float(roc_auc_score(y_test, risk))
    base = float(roc_auc_score(y_test, X_test["recency_days"])) if "recency_days" in X_test.columns else np.nan
    loc = locale or get_locale()
    imp = pd.DataFrame({"feature": list(X.columns), "importance": mean, "std": std})
    imp["label"] = [FEATURE_LABELS.get(f, (f, f))[0 if loc == "zh" else 1] for f in imp["feature"]]
    imp = imp.sort_values("importance", ascending=False, kind="stable").reset_index(drop=True)
    scores = pd.DataFrame({"churned": y_test.to_numpy(), "risk": risk}, index=X_test.index)
    return ChurnModelResult(pipeline=pipe, auc=auc, importances=imp, test_scores=scores, baseline_auc=base,
                            model=model)
