"""Customer service management (chapter 8): inquiries, payment reminders, delivery and
bad reviews.

* inquiry-to-order conversion (询单转化率), overall and by how fast the first reply came;
* the effect of payment reminders (催付) on unpaid orders;
* delivery delay against review scores;
* the causes of bad reviews (差评), read from the review texts with the tools of
  :mod:`crmlab.analysis.text` (which also turns customers' questions into FAQ
  candidates).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import InvalidArgumentError
from ..validation import check_float
from ._validation import require_columns, require_nonempty
from .text import classify_review_causes, frequent_terms

__all__ = [
    "inquiry_conversion", "response_time_band", "reminder_effect", "rating_by_delay", "delay_rating_correlation",
    "bad_review_causes",
]


def _txt(zh, en, locale):
    return zh if (locale or get_locale()) == "zh" else en


def _z(alpha):
    from scipy.stats import norm

    return float(norm.ppf(1 - alpha / 2))


def _wilson(k, n, alpha):
    z = _z(alpha)
    k, n = np.asarray(k, float), np.asarray(n, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def _bands(values, edges, unit, locale, name):
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or edges.size == 0 or np.any(np.diff(edges) <= 0):
        raise InvalidArgumentError(f"`{name}` 必须是递增的数字，但传入的是 {edges.tolist()!r}。",
                                   f"`{name}` must be increasing numbers, but {edges.tolist()!r} was passed.")
    u = unit[0] if (locale or get_locale()) == "zh" else unit[1]
    f = [f"{e:g}" for e in edges]
    labels = [f"≤{f[0]}{u}"] + [f"{a}-{b}{u}" for a, b in zip(f[:-1], f[1:], strict=True)] + [f">{f[-1]}{u}"]
    codes = np.searchsorted(edges, np.asarray(values, dtype=float), side="left")
    codes = np.where(np.isnan(np.asarray(values, dtype=float)), -1, codes)
    return pd.Categorical.from_codes(codes, categories=labels, ordered=True)


def response_time_band(seconds, *, bins=(30, 60, 120, 300), locale=None):
    """Label first-response times (seconds) with ordered bands, e.g. ``≤30s`` ... ``>300s``.

    Parameters
    ----------
    seconds : array-like
        First-response times, seconds.
    bins : sequence of float, default=(30, 60, 120, 300)
        Upper edges of the bands.
    locale : {"zh", "en"}, optional
        Language of the unit (秒 / s).

    Returns
    -------
    pandas.Categorical
        Ordered bands, fastest first; missing times stay missing.

    Examples
    --------
    >>> from crmlab.analysis import response_time_band
    >>> list(response_time_band([10, 45, 900], locale="en"))
    ['≤30s', '30-60s', '>300s']
    """
    return _bands(seconds, bins, ("秒", "s"), locale, "bins")


# -- inquiries -------------------------------------------------------------------------
def inquiry_conversion(service_tickets, *, by=None, bins=(30, 60, 120, 300), alpha=0.05, locale=None):
    """Inquiry-to-order conversion (询单转化率) of pre-sale inquiries.

    Parameters
    ----------
    service_tickets : pandas.DataFrame
        The ``service_tickets`` table (``stage``, ``converted``, and
        ``first_response_seconds`` for the response-time view). Only pre-sale
        tickets count.
    by : str, optional
        ``None`` for the overall rate; ``"response_time"`` for bands of the first
        response time; or any column, e.g. ``"channel"``, ``"agent_id"``, ``"topic"``.
    bins : sequence of float, default=(30, 60, 120, 300)
        Upper edges (seconds) of the response-time bands.
    alpha : float, default=0.05
        For the ``1 - alpha`` Wilson confidence interval.
    locale : {"zh", "en"}, optional

    Returns
    -------
    pandas.DataFrame
        ``inquiries``, ``orders``, ``conversion_rate`` with ``ci_low`` and
        ``ci_high``, per group. Conversion falling from the fast bands to the slow
        ones is the case for answering pre-sale questions quickly.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import inquiry_conversion
    >>> shop = crmlab.simulate(500, random_state=1)
    >>> r = inquiry_conversion(shop.service_tickets, by="response_time")
    >>> len(r)
    5
    """
    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    tickets = require_columns(service_tickets, ["stage", "converted"], "service_tickets")
    pre = tickets[tickets["stage"].to_numpy() == "pre_sale"]
    require_nonempty(pre, "service_tickets (pre_sale)")
    conv = pre["converted"].to_numpy(bool)
    if by is None:
        key = pd.Series(np.zeros(len(pre), int), name="all")
    elif by == "response_time":
        require_columns(pre, ["first_response_seconds"], "service_tickets")
        key = pd.Series(response_time_band(pre["first_response_seconds"], bins=bins, locale=locale),
                        name="response_band")
    else:
        require_columns(pre, [by], "service_tickets")
        key = pd.Series(pre[by].to_numpy(), name=by)
    g = pd.Series(conv).groupby(key, observed=False)
    out = pd.DataFrame({"inquiries": g.size(), "orders": g.sum().astype(int)})
    out["conversion_rate"] = out["orders"] / out["inquiries"]
    out["ci_low"], out["ci_high"] = _wilson(out["orders"], out["inquiries"], alpha)
    out = out.reset_index()
    return out.drop(columns="all") if by is None else out


# -- payment reminders ----------------------------------------------------------------
def reminder_effect(orders, *, alpha=0.05, locale=None):
    """How many unpaid orders a payment reminder (催付) recovers.

    Among orders left unpaid at checkout, compares the share finally paid with and
    without a reminder, with Wilson intervals per group and, for the difference,
    the unpooled (Wald) interval and the two-proportion z test.

    Unlike the functions that count sales, it reads *every* order, not only the
    paid ones: the orders that were never paid are the ones it is about.

    Parameters
    ----------
    orders : pandas.DataFrame
        The whole ``orders`` table (``was_unpaid``, ``reminder_sent``,
        ``payment_status``, ``amount``).
    alpha : float, default=0.05

    Returns
    -------
    pandas.DataFrame
        Rows ``reminder``, ``no_reminder`` and ``difference`` (``group``,
        ``group_label``): ``unpaid_orders``, ``recovered``, ``recovery_rate``
        (the difference row holds the difference), ``ci_low``, ``ci_high``,
        ``recovered_amount`` and ``p_value`` (difference row). The difference
        times the unpaid orders without a reminder is what sending reminders to
        all of them would recover.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import reminder_effect
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> r = reminder_effect(shop.orders)
    >>> r["group"].tolist()
    ['reminder', 'no_reminder', 'difference']
    """
    from scipy.stats import norm

    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    require_columns(orders, ["was_unpaid", "reminder_sent", "payment_status", "amount"], "orders")
    u = orders[orders["was_unpaid"].to_numpy(bool)]
    require_nonempty(u, "orders (was_unpaid)")
    rem = u["reminder_sent"].to_numpy(bool)
    paid = u["payment_status"].to_numpy() == "paid"
    amt = u["amount"].to_numpy(float)
    n = np.array([rem.sum(), (~rem).sum()], float)
    k = np.array([(paid & rem).sum(), (paid & ~rem).sum()], float)
    if (n == 0).any():
        raise InvalidArgumentError("未付款订单中缺少“催付”或“未催付”的一组，无法比较。",
                                   "The unpaid orders lack either reminded or not-reminded ones, so there is nothing to compare.")
    p = k / n
    lo, hi = _wilson(k, n, alpha)
    diff = p[0] - p[1]
    se = np.sqrt(p[0] * (1 - p[0]) / n[0] + p[1] * (1 - p[1]) / n[1])
    pool = k.sum() / n.sum()
    se0 = np.sqrt(pool * (1 - pool) * (1 / n[0] + 1 / n[1]))
    z = diff / se0 if se0 > 0 else np.nan
    pval = float(2 * norm.sf(abs(z))) if np.isfinite(z) else np.nan
    zc = _z(alpha)
    return pd.DataFrame({
        "group": ["reminder", "no_reminder", "difference"],
        "group_label": [_txt("催付", "reminder sent", locale), _txt("未催付", "no reminder", locale),
                        _txt("差值（催付 - 未催付）", "difference (reminder - none)", locale)],
        "unpaid_orders": [int(n[0]), int(n[1]), int(n.sum())],
        "recovered": [int(k[0]), int(k[1]), int(k[0] - k[1])],
        "recovery_rate": [p[0], p[1], diff],
        "ci_low": [lo[0], lo[1], diff - zc * se], "ci_high": [hi[0], hi[1], diff + zc * se],
        "recovered_amount": [amt[paid & rem].sum(), amt[paid & ~rem].sum(), np.nan],
        "p_value": [np.nan, np.nan, pval],
    })


# -- delivery and reviews -------------------------------------------------------------
def _reviews_with_delay(reviews, shipments):
    require_columns(reviews, ["order_id", "rating"], "reviews")
    require_columns(shipments, ["order_id", "delay_days"], "shipments")
    require_nonempty(reviews, "reviews")
    d = shipments.drop_duplicates("order_id").set_index("order_id")["delay_days"]
    delay = d.reindex(reviews["order_id"].to_numpy()).to_numpy(float)
    out = pd.DataFrame({"delay_days": delay, "rating": reviews["rating"].to_numpy(float)})
    if "sentiment" in reviews:
        out["bad"] = reviews["sentiment"].to_numpy() == "bad"
    else:
        out["bad"] = out["rating"] <= 2
    out = out[~np.isnan(out["delay_days"].to_numpy())]
    require_nonempty(out, "reviews x shipments")
    return out


def rating_by_delay(reviews, *, shipments, bins=(0, 1, 3), alpha=0.05, locale=None):
    """Average review score and share of bad reviews by delivery delay.

    Parameters
    ----------
    reviews : pandas.DataFrame
        The ``reviews`` table (``order_id``, ``rating``, ``sentiment``).
    shipments : pandas.DataFrame
        The ``shipments`` table (``order_id``, ``delay_days``).
    bins : sequence of float, default=(0, 1, 3)
        Upper edges of the delay bands in days; the first band ``≤0`` is on time.
    alpha : float, default=0.05
        For the normal-approximation interval of the mean rating.

    Returns
    -------
    pandas.DataFrame
        One row per delay band: ``reviews``, ``mean_rating``, ``ci_low``,
        ``ci_high``, ``bad_share`` (share of 差评).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import rating_by_delay
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> r = rating_by_delay(shop.reviews, shipments=shop.shipments)
    >>> bool(r["mean_rating"].iloc[0] > r["mean_rating"].iloc[-1])
    True
    """
    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    df = _reviews_with_delay(reviews, shipments)
    band = _bands(df["delay_days"], bins, ("天", "d"), locale, "bins")
    g = df.groupby(band, observed=False)
    out = pd.DataFrame({"reviews": g.size(), "mean_rating": g["rating"].mean(), "sd": g["rating"].std(),
                        "bad_share": g["bad"].mean()})
    half = _z(alpha) * out["sd"] / np.sqrt(out["reviews"])
    out["ci_low"], out["ci_high"] = out["mean_rating"] - half, out["mean_rating"] + half
    out.index.name = "delay_band"
    return out.drop(columns="sd")[["reviews", "mean_rating", "ci_low", "ci_high", "bad_share"]].reset_index()


def delay_rating_correlation(reviews, *, shipments):
    """Correlation between delivery delay (days) and review rating, with p-values.

    Parameters
    ----------
    reviews : pandas.DataFrame
        The ``reviews`` table (``order_id``, ``rating``).
    shipments : pandas.DataFrame
        The ``shipments`` table (``order_id``, ``delay_days``).

    Returns
    -------
    pandas.DataFrame
        Rows ``pearson`` and ``spearman``: ``r``, ``p_value``, ``n``. A negative
        ``r`` with a small p-value says late parcels cost stars.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import delay_rating_correlation
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> bool(delay_rating_correlation(shop.reviews, shipments=shop.shipments)["r"].lt(0).all())
    True
    """
    from scipy.stats import pearsonr, spearmanr

    df = _reviews_with_delay(reviews, shipments)
    x, y = df["delay_days"].to_numpy(), df["rating"].to_numpy()
    if len(df) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        raise InvalidArgumentError("延迟或评分没有变化（或少于 3 条评价），无法计算相关系数。",
                                   "Delay or rating does not vary (or fewer than 3 reviews): no correlation can be computed.")
    p, s = pearsonr(x, y), spearmanr(x, y)
    return pd.DataFrame({"method": ["pearson", "spearman"], "r": [float(p[0]), float(s[0])],
                         "p_value": [float(p[1]), float(s[1])], "n": len(df)})


def bad_review_causes(reviews, *, keywords=None, top_terms=5, locale=None):
    """Why customers leave bad reviews (差评): causes counted from the texts.

    Parameters
    ----------
    reviews : pandas.DataFrame
        The ``reviews`` table (``text`` and ``sentiment``, or ``rating`` 1-2 as bad).
    keywords : dict, optional
        See :func:`classify_review_causes`.
    top_terms : int, default=5
        Most frequent words of each cause's reviews, to read what is said.
    locale : {"zh", "en"}, optional

    Returns
    -------
    pandas.DataFrame
        One row per cause, most frequent first: ``cause``, ``cause_label``,
        ``bad_reviews``, ``share`` and ``top_terms``. The largest cause is where
        fixing the process saves the most stars.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import bad_review_causes
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> int(bad_review_causes(shop.reviews)["bad_reviews"].sum()) == int((shop.reviews["sentiment"] == "bad").sum())
    True
    """
    require_columns(reviews, ["text"], "reviews")
    if "sentiment" in reviews:
        bad = reviews[reviews["sentiment"].to_numpy() == "bad"]
    else:
        require_columns(reviews, ["rating"], "reviews")
        bad = reviews[reviews["rating"].to_numpy() <= 2]
    require_nonempty(bad, "reviews (bad)")
    cls = classify_review_causes(bad["text"], keywords=keywords, locale=locale)
    counts = cls.groupby(["cause", "cause_label"]).size().rename("bad_reviews").reset_index()
    counts = counts.sort_values(["bad_reviews", "cause"], ascending=[False, True], kind="stable")
    counts["share"] = counts["bad_reviews"] / len(bad)
    texts = bad["text"].reset_index(drop=True)
    counts["top_terms"] = [
        ", ".join(frequent_terms(texts[cls["cause"].to_numpy() == c], top=top_terms)["term"]) for c in counts["cause"]
    ]
    return counts.reset_index(drop=True)
