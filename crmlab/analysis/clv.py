"""Customer lifetime value (客户终身价值, CLV): what customers spent, and what they will spend.

Two views, as in chapters 5 and 9 of the course:

* **Historical CLV** (:func:`historical_clv`): what each customer has paid the shop so
  far, optionally net of refunds and times a margin. Simple and exact, but it looks
  backwards: a big spender who left a year ago scores high.
* **Predictive CLV** with the two classic probabilistic models of Fader, Hardie and Lee:

  - :class:`BetaGeoModel` (BG/NBD, "Counting your customers the easy way", 2005):
    while alive, a customer buys at a personal Poisson rate ``lambda`` (rates vary as
    Gamma(r, alpha)); after every repeat purchase they may leave for good with a
    personal probability ``p`` (varies as Beta(a, b)). From each customer's
    ``frequency`` (repeat purchases), ``recency`` (age at the last purchase) and ``T``
    (age now) it predicts future purchases and the probability the customer is still
    "alive" (活跃概率).
  - :class:`GammaGammaModel` (Fader, Hardie and Lee 2005, "RFM and CLV"): the value of
    a customer's orders varies around a personal mean, which varies across customers;
    it shrinks each customer's observed average order value towards the shop average,
    more so for customers with few orders.
  - :func:`customer_lifetime_value` combines them: expected purchases per period times
    expected order value, times a margin, discounted. :func:`clv_table` does the
    whole thing from an RFM summary in one call.

Both models are implemented here with scipy (the log-likelihoods of the papers,
maximised over log-parameters with analytic gradients) and agree with the
``lifetimes`` package's ``BetaGeoFitter`` and ``GammaGammaFitter`` (tested to 1e-4
relative; typically far closer), in a fraction of their time.

Inputs are the ``frequency / recency / T / monetary_value`` summary the field uses
(``crmlab.analysis.rfm_summary(orders, form="lifetimes")``, or lifetimes'
``summary_data_from_transaction_data``):
``frequency`` counts *repeat* purchase periods, ``recency`` and ``T`` are measured
from the first purchase, and ``monetary_value`` is the mean value of the repeat
purchases (0 for customers without repeats).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ColumnError, CRMLabError, EmptyDataError, InvalidArgumentError
from ..validation import (check_dataframe, check_datetime_column, check_float, check_nonempty,
                          check_nonnegative_column, check_numeric_column)
from ._tables import check_as_of, paid_orders

__all__ = [
    "historical_clv",
    "BetaGeoModel",
    "GammaGammaModel",
    "customer_lifetime_value",
    "clv_table",
]


# --------------------------------------------------------------------------- checks
def _as_float(name, values):
    if isinstance(values, pd.DataFrame):
        raise InvalidArgumentError(
            f"参数 `{name}` 应为一列数值（Series 或数组），而不是 DataFrame。请传入 df['{name}']。",
            f"`{name}` must be one column of numbers (a Series or array), not a DataFrame. Pass df['{name}'].",
        )
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"参数 `{name}` 必须是数值，但无法转换为数字。请检查该列的类型。",
            f"`{name}` must be numeric, but it cannot be read as numbers. Check the column's dtype.",
        ) from None
    arr = np.atleast_1d(arr)
    if arr.ndim != 1:
        raise InvalidArgumentError(
            f"参数 `{name}` 必须是一维的（每位客户一个值）。",
            f"`{name}` must be one-dimensional (one value per customer).",
        )
    if not np.all(np.isfinite(arr)):
        raise InvalidArgumentError(
            f"参数 `{name}` 含有缺失值或无穷大（{int((~np.isfinite(arr)).sum())} 个）。请先删除或填补这些客户。",
            f"`{name}` has {int((~np.isfinite(arr)).sum())} missing or infinite values. Drop or fill those customers first.",
        )
    return arr


def _check_spend(m, table="summary"):
    """Average spend per order cannot be negative: a customer who only got refunds has no CLV to predict."""
    check_nonnegative_column(
        m, "monetary_value", table,
        fix_zh="平均客单价为负通常是把退款算成了订单。请只用已付款订单计算 monetary_value，或先删除这些客户。",
        fix_en="A negative average spend usually means refunds were counted as orders. Compute monetary_value "
               "from paid orders only, or drop those customers first.")


def _check_clv_args(horizon, period, discount_rate, margin):
    horizon = check_float("horizon", horizon, low=0, low_open=True, example="horizon=365")
    period = check_float("period", period, low=0, low_open=True, example="period=30")
    discount_rate = check_float("discount_rate", discount_rate, low=0, high=1, high_open=True,
                                example="discount_rate=0.01")
    margin = check_float("margin", margin, low=0, high=1, low_open=True, example="margin=0.3")
    return horizon, period, discount_rate, margin


def _check_rft(frequency, recency, T):
    """Validate a frequency / recency / T triple; return float arrays and an index."""
    index = frequency.index if isinstance(frequency, pd.Series) else None
    x, tx, TT = _as_float("frequency", frequency), _as_float("recency", recency), _as_float("T", T)
    if not (x.size == tx.size == TT.size):
        raise InvalidArgumentError(
            f"frequency、recency、T 的长度必须相同，但分别是 {x.size}、{tx.size}、{TT.size}。",
            f"frequency, recency and T must have the same length, but have {x.size}, {tx.size} and {TT.size}.",
        )
    if x.size == 0:
        raise EmptyDataError("没有客户数据（长度为 0）。请检查筛选条件。",
                             "There are no customers (length 0). Check your filters.")
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise InvalidArgumentError(
            "frequency（重复购买次数）必须是非负整数。",
            "frequency (number of repeat purchases) must be a non-negative whole number.",
        )
    if np.any(tx < 0) or np.any(TT < 0):
        raise InvalidArgumentError("recency 和 T 不能为负数。", "recency and T must not be negative.")
    if np.any(tx > TT * (1 + 1e-9) + 1e-9):
        bad = int((tx > TT * (1 + 1e-9) + 1e-9).sum())
        raise InvalidArgumentError(
            f"有 {bad} 位客户的 recency 大于 T（最后一次购买晚于观察期末）。请检查 as_of。",
            f"{bad} customers have recency greater than T (last purchase after the end of the period). "
            "Check as_of.",
        )
    if np.any((x == 0) & (tx != 0)):
        raise InvalidArgumentError(
            "没有重复购买（frequency = 0）的客户，recency 必须为 0。",
            "Customers without repeat purchases (frequency = 0) must have recency 0.",
        )
    return x, tx, TT, index


def _unpack_summary(frequency, recency, T, extra=()):
    """Allow ``fit(summary)``: take the columns of a summary DataFrame."""
    if isinstance(frequency, pd.DataFrame):
        df = frequency
        need = ["frequency", "recency", "T", *extra]
        missing = [c for c in need if c not in df.columns]
        if missing:
            raise ColumnError(
                f"汇总表缺少列：{', '.join(missing)}。请用 rfm_summary() 生成 frequency/recency/T/monetary_value 表。",
                f"The summary lacks columns: {', '.join(missing)}. Build it with rfm_summary() "
                "(columns frequency/recency/T/monetary_value).",
            )
        return (df["frequency"], df["recency"], df["T"], *[df[c] for c in extra])
    if recency is None or T is None:
        raise InvalidArgumentError(
            "请传入 frequency、recency 和 T 三列，或传入含有这三列的汇总表。",
            "Pass frequency, recency and T, or one summary DataFrame with those columns.",
        )
    return (frequency, recency, T)


def _wrap(values, index, name):
    return pd.Series(values, index=index, name=name) if index is not None else values


def _minimize(fun, x0, args, tol):
    from scipy.optimize import minimize

    res = minimize(fun, x0, args=args, jac=True, method="BFGS", tol=tol, options={"maxiter": 5000})
    if not (res.success or np.linalg.norm(res.jac) < 1e-5):
        raise CRMLabError(
            f"模型未能收敛（{res.message}）。可尝试设置 penalizer_coef=0.001，或检查数据中是否有异常客户。",
            f"The model did not converge ({res.message}). Try penalizer_coef=0.001, or look for odd customers in the data.",
        )
    return res


# --------------------------------------------------------------------------- BG/NBD
class BetaGeoModel:
    """BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005).

    Each customer buys at a personal rate ``lambda ~ Gamma(r, alpha)`` while alive
    and, after each repeat purchase, leaves for good with a personal probability
    ``p ~ Beta(a, b)``. ``alpha`` is in the time unit of ``recency`` and ``T``
    (days for crmlab's summaries), so ``r / alpha`` is the average purchase rate
    per day of a living customer, and ``a / (a + b)`` the average chance of leaving
    after a purchase.

    Parameters
    ----------
    penalizer_coef : float, default=0.0
        L2 penalty on the parameters (as in ``lifetimes``); a small value such as
        0.001 helps when a shop has few repeat buyers.
    tol : float, default=1e-8
        Tolerance of the optimiser (scipy BFGS on log-parameters).

    Attributes
    ----------
    params_ : pandas.Series
        Fitted ``r, alpha, a, b``.
    log_likelihood_ : float
        Total log-likelihood of the data at the fitted parameters.
    n_customers_ : int
        Number of customers the model was fitted on.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import BetaGeoModel, rfm_summary
    >>> summary = rfm_summary(crmlab.load_dataset("classroom").orders, form="lifetimes")
    >>> bg = BetaGeoModel().fit(summary["frequency"], summary["recency"], summary["T"])
    >>> bg.params_.index.tolist()
    ['r', 'alpha', 'a', 'b']
    >>> p_alive = bg.probability_alive(summary["frequency"], summary["recency"], summary["T"])
    >>> bool(p_alive.between(0, 1).all())
    True
    """

    param_names = ("r", "alpha", "a", "b")

    def __init__(self, *, penalizer_coef: float = 0.0, tol: float = 1e-8):
        self.penalizer_coef = penalizer_coef
        self.tol = tol

    # -- likelihood -----------------------------------------------------------------
    @staticmethod
    def _loglik_terms(params, x, tx, T):
        from scipy.special import gammaln

        r, alpha, a, b = params
        A1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
        A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
        A3 = -(r + x) * np.log(alpha + T)
        A4 = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx)
        A4 = np.where(x > 0, A4, -np.inf)  # the dropout branch exists only after a repeat purchase
        return A1, A2, A3, A4

    @classmethod
    def _nll_and_grad(cls, log_params, x, tx, T, weights, penalizer):
        from scipy.special import digamma

        params = np.exp(log_params)
        r, alpha, a, b = params
        A1, A2, A3, A4 = cls._loglik_terms(params, x, tx, T)
        mx = np.maximum(A3, A4)
        lse = mx + np.log(np.exp(A3 - mx) + np.exp(A4 - mx))
        ll = A1 + A2 + lse
        w4 = np.exp(A4 - lse)  # posterior weight of "left after the last purchase"
        w3 = 1.0 - w4
        d_r = digamma(r + x) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + tx)
        d_alpha = r / alpha - w3 * (r + x) / (alpha + T) - w4 * (r + x) / (alpha + tx)
        d_ab = digamma(a + b) - digamma(a + b + x)
        d_a = d_ab + w4 / a
        d_b = d_ab + digamma(b + x) - digamma(b) - w4 / (b + np.maximum(x, 1) - 1)
        wsum = weights.sum()
        nll = -(weights * ll).sum() / wsum + penalizer * np.sum(params ** 2)
        grad = -np.array([(weights * g).sum() for g in (d_r, d_alpha, d_a, d_b)]) / wsum
        grad = (grad + 2 * penalizer * params) * params  # chain rule to log-parameters
        return nll, grad

    def fit(self, frequency, recency=None, T=None, *, weights=None):
        """Fit the model to customers' purchase histories.

        Parameters
        ----------
        frequency : array-like or DataFrame
            Repeat purchases of each customer; or a summary DataFrame with columns
            ``frequency``, ``recency`` and ``T`` (then leave the other two out).
        recency : array-like
            Age of each customer at their last purchase (0 without repeats).
        T : array-like
            Age of each customer at the end of the observation period.
        weights : array-like, optional
            How many customers share each row (for condensed data).

        Returns
        -------
        self : BetaGeoModel
        """
        frequency, recency, T = _unpack_summary(frequency, recency, T)
        x, tx, TT, _ = _check_rft(frequency, recency, T)
        w = np.ones_like(x) if weights is None else _as_float("weights", weights)
        if w.size != x.size:
            raise InvalidArgumentError("weights 的长度必须与客户数相同。", "weights must have one value per customer.")
        if TT.max() <= 0:
            raise InvalidArgumentError("所有客户的 T 都为 0，无法拟合。请检查观察期末日期。",
                                       "Every customer has T = 0, nothing to fit. Check the end of the observation period.")
        # Scale time so that the oldest customer has age 1: better conditioned optimisation.
        scale = 1.0 / TT.max()
        res = _minimize(self._nll_and_grad, np.full(4, 0.1),
                        (x, tx * scale, TT * scale, w, self.penalizer_coef), self.tol)
        params = np.exp(res.x)
        params[1] /= scale
        self.params_ = pd.Series(params, index=list(self.param_names), name="value")
        self.n_customers_ = int(w.sum())
        self.log_likelihood_ = float(self.log_likelihood(x, tx, TT, weights=w))
        return self

    def _check_fitted(self):
        if not hasattr(self, "params_"):
            raise InvalidArgumentError("模型尚未拟合。请先调用 .fit(...)。",
                                       "The model is not fitted yet. Call .fit(...) first.")
        return self.params_.to_numpy()

    def log_likelihood(self, frequency, recency=None, T=None, *, weights=None, per_customer=False):
        """Log-likelihood of purchase histories under the fitted parameters.

        Parameters
        ----------
        frequency, recency, T : array-like (or one summary DataFrame)
        weights : array-like, optional
        per_customer : bool, default=False
            Return each customer's log-likelihood instead of the (weighted) total.

        Returns
        -------
        float or array
            Higher is better; compare models on the same customers only.
        """
        params = self._check_fitted()
        frequency, recency, T = _unpack_summary(frequency, recency, T)
        x, tx, TT, index = _check_rft(frequency, recency, T)
        A1, A2, A3, A4 = self._loglik_terms(params, x, tx, TT)
        ll = A1 + A2 + np.logaddexp(A3, A4)
        if per_customer:
            return _wrap(ll, index, "log_likelihood")
        w = np.ones_like(x) if weights is None else _as_float("weights", weights)
        return float((w * ll).sum())

    def expected_purchases(self, t, frequency=None, recency=None, T=None):
        """Expected number of purchases in the next ``t`` time units.

        With a customer's history (``frequency``, ``recency``, ``T``) this is the
        conditional expectation (FHL 2005, eq. 10): what the shop can expect from
        *this* customer in the next ``t`` days, accounting for the chance that they
        have already left. Without a history it is the expected number of repeat
        purchases of a new customer in their first ``t`` days (eq. 9).

        Parameters
        ----------
        t : float or array-like
            Length of the future window, in the time unit of the data (days).
        frequency, recency, T : array-like, optional
            The customers' histories, or one summary DataFrame as ``frequency``.

        Returns
        -------
        pandas.Series or numpy.ndarray
            A Series indexed like ``frequency`` when that is a Series.
        """
        from scipy.special import hyp2f1

        r, alpha, a, b = self._check_fitted()
        a = _avoid_one(a)
        if frequency is None:
            t = np.asarray(t, dtype=float)
            hyp = hyp2f1(r, b, a + b - 1, t / (alpha + t))
            return (a + b - 1) / (a - 1) * (1 - hyp * (alpha / (alpha + t)) ** r)
        frequency, recency, T = _unpack_summary(frequency, recency, T)
        x, tx, TT, index = _check_rft(frequency, recency, T)
        t = np.asarray(t, dtype=float)
        A, B, Cc = r + x, b + x, a + b + x - 1
        z = t / (alpha + TT + t)
        with np.errstate(divide="ignore", invalid="ignore"):
            ln_hyp = np.log(hyp2f1(A, B, Cc, z))
            # Euler's transformation where the direct series overflows.
            alt = np.log(hyp2f1(Cc - A, Cc - B, Cc, z)) + (Cc - A - B) * np.log1p(-z)
        ln_hyp = np.where(np.isfinite(ln_hyp), ln_hyp, alt)
        num = (a + b + x - 1) / (a - 1) * (1 - np.exp(ln_hyp + (r + x) * np.log((alpha + TT) / (alpha + t + TT))))
        den = 1 + (x > 0) * (a / (b + np.maximum(x, 1) - 1)) * ((alpha + TT) / (alpha + tx)) ** (r + x)
        return _wrap(num / den, index, "expected_purchases")

    predict = expected_purchases

    def probability_alive(self, frequency, recency=None, T=None):
        """Probability that each customer is still active (活跃概率) at the end of the data.

        A customer with no repeat purchase is alive for sure in BG/NBD (dropout
        happens only after a repeat purchase); a customer who used to buy often but
        has been silent for long is probably gone.

        Parameters
        ----------
        frequency, recency, T : array-like (or one summary DataFrame)

        Returns
        -------
        pandas.Series or numpy.ndarray
            Values in [0, 1].
        """
        from scipy.special import expit

        r, alpha, a, b = self._check_fitted()
        frequency, recency, T = _unpack_summary(frequency, recency, T)
        x, tx, TT, index = _check_rft(frequency, recency, T)
        log_div = (r + x) * np.log((alpha + TT) / (alpha + tx)) + np.log(a / (b + np.maximum(x, 1) - 1))
        return _wrap(np.where(x == 0, 1.0, expit(-log_div)), index, "p_alive")

    def __repr__(self):
        if hasattr(self, "params_"):
            p = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
            return f"BetaGeoModel({p})"
        return f"BetaGeoModel(penalizer_coef={self.penalizer_coef})"


def _avoid_one(a):
    """The closed forms divide by (a - 1); step off the removable singularity at a = 1."""
    return 1.0 + 1e-7 if abs(a - 1.0) < 1e-7 else a


# --------------------------------------------------------------------------- Gamma-Gamma
class GammaGammaModel:
    """Gamma-Gamma model of order value (Fader, Hardie & Lee 2005; Hardie note 025).

    A customer's order values vary as Gamma(p, nu) around their personal mean
    ``p / nu``; ``nu`` varies across customers as Gamma(q, v). The population's mean
    order value is ``p * v / (q - 1)``. The model assumes order value does not depend
    on how often a customer buys: check that ``frequency`` and ``monetary_value`` are
    only weakly correlated before trusting it.

    Parameters
    ----------
    penalizer_coef : float, default=0.0
        L2 penalty on the parameters (as in ``lifetimes``).
    tol : float, default=1e-8

    Attributes
    ----------
    params_ : pandas.Series
        Fitted ``p, q, v``.
    log_likelihood_ : float
    n_customers_ : int
        Customers with at least one repeat purchase, the ones the model is fitted on.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import GammaGammaModel, rfm_summary
    >>> summary = rfm_summary(crmlab.load_dataset("classroom").orders, form="lifetimes")
    >>> repeat = summary[summary["frequency"] > 0]
    >>> gg = GammaGammaModel().fit(repeat["frequency"], repeat["monetary_value"])
    >>> value = gg.conditional_expected_value(summary["frequency"], summary["monetary_value"])
    >>> bool((value > 0).all())
    True
    """

    param_names = ("p", "q", "v")

    def __init__(self, *, penalizer_coef: float = 0.0, tol: float = 1e-8):
        self.penalizer_coef = penalizer_coef
        self.tol = tol

    @staticmethod
    def _ll(params, x, m):
        from scipy.special import gammaln

        p, q, v = params
        return (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
                + p * x * np.log(x) - (p * x + q) * np.log(x * m + v))

    @classmethod
    def _nll_and_grad(cls, log_params, x, m, weights, penalizer):
        from scipy.special import digamma

        params = np.exp(log_params)
        p, q, v = params
        ll = cls._ll(params, x, m)
        psi = digamma(p * x + q)
        lxmv = np.log(x * m + v)
        d_p = x * (psi - digamma(p * x) + np.log(m) + np.log(x) - lxmv)
        d_q = psi - digamma(q) + np.log(v) - lxmv
        d_v = q / v - (p * x + q) / (x * m + v)
        wsum = weights.sum()
        nll = -(weights * ll).sum() / wsum + penalizer * np.sum(params ** 2)
        grad = -np.array([(weights * g).sum() for g in (d_p, d_q, d_v)]) / wsum
        return nll, (grad + 2 * penalizer * params) * params

    @staticmethod
    def _check_xm(frequency, monetary_value, *, fitting):
        index = frequency.index if isinstance(frequency, pd.Series) else None
        x, m = _as_float("frequency", frequency), _as_float("monetary_value", monetary_value)
        if x.size != m.size:
            raise InvalidArgumentError("frequency 与 monetary_value 的长度必须相同。",
                                       "frequency and monetary_value must have the same length.")
        if x.size == 0:
            raise EmptyDataError("没有客户数据（长度为 0）。", "There are no customers (length 0).")
        if fitting and (np.any(x <= 0) or np.any(m <= 0)):
            raise InvalidArgumentError(
                "Gamma-Gamma 模型只能用有重复购买（frequency > 0）且平均金额为正（monetary_value > 0）的客户拟合。"
                "请先筛选：summary[(summary.frequency > 0) & (summary.monetary_value > 0)]。",
                "The Gamma-Gamma model is fitted on customers with repeat purchases (frequency > 0) and positive "
                "monetary_value only. Filter first: summary[(summary.frequency > 0) & (summary.monetary_value > 0)].",
            )
        if np.any(x < 0):
            raise InvalidArgumentError("frequency 不能为负数。", "frequency must not be negative.")
        _check_spend(m, "monetary_value")
        return x, m, index

    def fit(self, frequency, monetary_value=None, *, weights=None):
        """Fit the model on customers with at least one repeat purchase.

        Parameters
        ----------
        frequency : array-like or DataFrame
            Repeat purchases (> 0), or a summary DataFrame with ``frequency`` and
            ``monetary_value``; rows with ``frequency == 0`` are then dropped for you.
        monetary_value : array-like
            Mean value of each customer's repeat purchases (> 0).
        weights : array-like, optional

        Returns
        -------
        self : GammaGammaModel
        """
        if isinstance(frequency, pd.DataFrame):
            df = frequency
            missing = [c for c in ("frequency", "monetary_value") if c not in df.columns]
            if missing:
                raise ColumnError(f"汇总表缺少列：{', '.join(missing)}。", f"The summary lacks columns: {', '.join(missing)}.")
            df = df[(df["frequency"] > 0) & (df["monetary_value"] > 0)]
            frequency, monetary_value = df["frequency"], df["monetary_value"]
        x, m, _ = self._check_xm(frequency, monetary_value, fitting=True)
        w = np.ones_like(x) if weights is None else _as_float("weights", weights)
        res = _minimize(self._nll_and_grad, np.full(3, 0.1), (x, m, w, self.penalizer_coef), self.tol)
        self.params_ = pd.Series(np.exp(res.x), index=list(self.param_names), name="value")
        self.n_customers_ = int(w.sum())
        self.log_likelihood_ = float((w * self._ll(self.params_.to_numpy(), x, m)).sum())
        return self

    def _check_fitted(self):
        if not hasattr(self, "params_"):
            raise InvalidArgumentError("模型尚未拟合。请先调用 .fit(...)。",
                                       "The model is not fitted yet. Call .fit(...) first.")
        return self.params_.to_numpy()

    @property
    def population_mean_(self) -> float:
        """Mean order value of the population, ``p * v / (q - 1)`` (infinite if q <= 1)."""
        p, q, v = self._check_fitted()
        return float(p * v / (q - 1)) if q > 1 else np.inf

    def conditional_expected_value(self, frequency, monetary_value=None):
        """Expected value of each customer's future orders (客单价预测).

        A weighted average of the customer's own average order value and the shop's
        average, the customer's weight growing with their number of repeat purchases
        (``p x / (p x + q - 1)``). Customers without repeats get the shop's average.

        Parameters
        ----------
        frequency : array-like or DataFrame
            Repeat purchases, or a summary DataFrame with ``frequency`` and
            ``monetary_value``.
        monetary_value : array-like

        Returns
        -------
        pandas.Series or numpy.ndarray
        """
        p, q, v = self._check_fitted()
        if isinstance(frequency, pd.DataFrame):
            frequency, monetary_value = frequency["frequency"], frequency["monetary_value"]
        x, m, index = self._check_xm(frequency, monetary_value, fitting=False)
        weight = p * x / (p * x + q - 1)
        return _wrap((1 - weight) * (p * v / (q - 1)) + weight * m, index, "expected_order_value")

    def __repr__(self):
        if hasattr(self, "params_"):
            return "GammaGammaModel(" + ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items()) + ")"
        return f"GammaGammaModel(penalizer_coef={self.penalizer_coef})"


# --------------------------------------------------------------------------- CLV
def customer_lifetime_value(transaction_model, spend_model=None, *, frequency, recency, T, monetary_value,
                            horizon=365.0, period=30.0, discount_rate=0.0, margin=1.0):
    """Predicted customer lifetime value over a horizon (预测 CLV).

    For each period of length ``period`` up to ``horizon`` the expected purchases of
    the period (from ``transaction_model``) are multiplied by the expected order
    value (from ``spend_model``, or the customer's own ``monetary_value`` without
    one) and the ``margin``, and discounted by ``(1 + discount_rate) ** k`` in
    period ``k``. The sum is what the shop can expect to earn from the customer
    over the horizon, in today's money.

    With ``horizon=360, period=30`` this equals ``lifetimes``'
    ``GammaGammaFitter.customer_lifetime_value(..., time=12, discount_rate=d, freq="D")``
    (months of 30 days, ``d`` per month).

    Parameters
    ----------
    transaction_model : BetaGeoModel
        A fitted purchase model (anything with ``expected_purchases(t, f, r, T)``).
    spend_model : GammaGammaModel, optional
        A fitted spend model; without it the observed ``monetary_value`` is used.
    frequency, recency, T, monetary_value : array-like
        The customers' RFM summary (same time unit as the models, usually days).
    horizon : float, default=365
        How far ahead to look, in the data's time unit.
    period : float, default=30
        Length of a discounting period; the last period may be shorter.
    discount_rate : float, default=0.0
        Discount rate per period (0.01 = 1% a month for 30-day periods).
    margin : float, default=1.0
        Share of revenue that is profit; 1.0 gives expected revenue.

    Returns
    -------
    pandas.Series or numpy.ndarray
        CLV of each customer, named ``clv``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import BetaGeoModel, GammaGammaModel, customer_lifetime_value, rfm_summary
    >>> s = rfm_summary(crmlab.load_dataset("classroom").orders, form="lifetimes")
    >>> bg, gg = BetaGeoModel().fit(s), GammaGammaModel().fit(s)
    >>> clv = customer_lifetime_value(bg, gg, frequency=s["frequency"], recency=s["recency"],
    ...                               T=s["T"], monetary_value=s["monetary_value"],
    ...                               horizon=365, discount_rate=0.01, margin=0.3)
    >>> clv.name, bool((clv >= 0).all())
    ('clv', True)
    """
    horizon, period, discount_rate, margin = _check_clv_args(horizon, period, discount_rate, margin)
    x, tx, TT, index = _check_rft(frequency, recency, T)
    m = _as_float("monetary_value", monetary_value)
    if m.size != x.size:
        raise InvalidArgumentError("monetary_value 的长度必须与 frequency 相同。",
                                   "monetary_value must have the same length as frequency.")
    _check_spend(m)
    spend = m if spend_model is None else np.asarray(spend_model.conditional_expected_value(x, m), dtype=float)
    n_full = int(np.floor(horizon / period + 1e-9))
    ends = period * np.arange(1, n_full + 1)
    if horizon - (ends[-1] if n_full else 0.0) > 1e-9:
        ends = np.append(ends, horizon)
    edges = np.concatenate([[0.0], ends])
    # Cumulative expected purchases at every period edge: one (customers x edges) array.
    cum = np.column_stack([np.zeros_like(x)] + [np.asarray(transaction_model.expected_purchases(e, x, tx, TT), float)
                                                 for e in ends])
    per_period = np.diff(cum, axis=1)
    disc = (1.0 + discount_rate) ** (-np.arange(1, len(edges)))
    clv = margin * spend * (per_period @ disc)
    return _wrap(clv, index, "clv")


def clv_table(summary, *, horizon=365.0, period=30.0, discount_rate=0.0, margin=1.0, penalizer_coef=0.0):
    """Fit BG/NBD and Gamma-Gamma on an RFM summary and predict each customer's value.

    Parameters
    ----------
    summary : DataFrame
        One row per customer with ``frequency``, ``recency``, ``T`` and
        ``monetary_value`` (from ``rfm_summary``), indexed by customer id.
    horizon, period, discount_rate, margin : see :func:`customer_lifetime_value`
    penalizer_coef : float, default=0.0
        Passed to both models.

    Returns
    -------
    table : DataFrame
        ``summary``'s columns plus ``p_alive`` (probability still active),
        ``expected_purchases`` (over the horizon), ``expected_order_value`` and
        ``clv``; sorted by ``clv``, highest first. The two fitted models are in
        ``table.attrs["models"]``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import clv_table, rfm_summary
    >>> summary = rfm_summary(crmlab.load_dataset("classroom").orders, form="lifetimes")
    >>> table = clv_table(summary, horizon=365, margin=0.3)
    >>> table.columns[-4:].tolist()
    ['p_alive', 'expected_purchases', 'expected_order_value', 'clv']
    """
    check_dataframe("summary", summary)
    _check_clv_args(horizon, period, discount_rate, margin)  # before the fits, which take a while
    penalizer_coef = check_float("penalizer_coef", penalizer_coef, low=0, example="penalizer_coef=0.001")
    f, r, T, m = _unpack_summary(summary, None, None, extra=("monetary_value",))
    _check_spend(_as_float("monetary_value", m))
    bg = BetaGeoModel(penalizer_coef=penalizer_coef).fit(f, r, T)
    gg = GammaGammaModel(penalizer_coef=penalizer_coef).fit(summary)
    out = summary.copy()
    out["p_alive"] = np.asarray(bg.probability_alive(f, r, T))
    out["expected_purchases"] = np.asarray(bg.expected_purchases(horizon, f, r, T))
    out["expected_order_value"] = np.asarray(gg.conditional_expected_value(f, m))
    out["clv"] = np.asarray(customer_lifetime_value(bg, gg, frequency=f, recency=r, T=T, monetary_value=m,
                                                    horizon=horizon, period=period, discount_rate=discount_rate,
                                                    margin=margin))
    out = out.sort_values("clv", ascending=False, kind="stable")
    out.attrs["models"] = {"bgnbd": bg, "gamma_gamma": gg}
    return out


def historical_clv(orders, *, customer_id_col="customer_id", datetime_col="order_time", monetary_value_col="amount",
                   refund_col=None, margin=1.0, as_of=None):
    """Historical CLV: what each customer has paid the shop so far (历史客户价值).

    Only paid orders count (``payment_status == "paid"``): unpaid and
    cancelled orders brought no money.

    Parameters
    ----------
    orders : DataFrame
        The ``orders`` table, one row per order.
    customer_id_col, datetime_col, monetary_value_col : str
        Columns of the customer, the order time and the amount paid; default
        ``"customer_id"``, ``"order_time"``, ``"amount"``.
    refund_col : str, optional
        Column of refunded amounts (``"refund_amount"`` in a crmlab shop), subtracted
        from revenue when given.
    margin : float, default=1.0
        Share of net revenue that is profit; the result column ``historical_clv`` is
        ``net_revenue * margin``.
    as_of : datetime-like, optional
        The analysis date: orders after this moment are ignored (a date alone is
        its midnight, ``"2023-12-31"`` keeps the orders up to 2023-12-31 00:00).
        Default: the last order day of the data, every order counting.

    Returns
    -------
    DataFrame
        Indexed by customer, with ``n_orders``, ``first_order``, ``last_order``,
        ``revenue``, ``refunds``, ``net_revenue`` and ``historical_clv``, sorted by
        ``historical_clv``, highest first. Customers without a paid order do not appear.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import historical_clv
    >>> h = historical_clv(crmlab.load_dataset("classroom").orders, refund_col="refund_amount", margin=0.35)
    >>> list(h.columns)
    ['n_orders', 'first_order', 'last_order', 'revenue', 'refunds', 'net_revenue', 'historical_clv']
    >>> bool(h["historical_clv"].is_monotonic_decreasing)
    True
    """
    check_dataframe("orders", orders, [customer_id_col, datetime_col, monetary_value_col, refund_col])
    check_nonempty("orders", orders)
    margin = check_float("margin", margin, low=0, high=1, low_open=True, example="margin=0.3")
    for c in (monetary_value_col, refund_col):
        if c is not None:
            check_numeric_column(orders, c, "orders")
    times = check_datetime_column(orders, datetime_col, "orders", missing="raise")
    df = paid_orders(orders.assign(**{datetime_col: times}))
    if as_of is not None:
        end = check_as_of(as_of, times)
        df = df[(df[datetime_col] <= end).to_numpy()]
    if df.empty:
        raise EmptyDataError("没有已支付的订单可以计算历史 CLV。请检查 payment_status 和 as_of。",
                             "There are no paid orders to compute historical CLV from. Check payment_status "
                             "and as_of.")
    g = df.groupby(customer_id_col, sort=True)
    out = pd.DataFrame({
        "n_orders": g.size(),
        "first_order": g[datetime_col].min(),
        "last_order": g[datetime_col].max(),
        "revenue": g[monetary_value_col].sum(),
    })
    out["refunds"] = g[refund_col].sum() if refund_col else 0.0
    out["net_revenue"] = out["revenue"] - out["refunds"]
    out["historical_clv"] = out["net_revenue"] * margin
    return out.sort_values("historical_clv", ascending=False, kind="stable")
