"""Customer satisfaction (chapter 4): scoring surveys and the five satisfaction indicators.

Survey answers (the shop's ``surveys`` table, or answers simulated with
:meth:`crmlab.analysis.Questionnaire.simulate_responses`) become numbers a
shop can act on:

* :func:`score_likert` -- item scores with reverse-worded items flipped, a mean score
  per respondent and a 0-100 score;
* :func:`csat` -- the share of top-2-box answers ("satisfied" or better);
* :func:`nps` -- Net Promoter Score with a confidence interval (variance formula or
  bootstrap);
* :func:`cronbach_alpha` and :func:`item_total_correlations` -- is the scale reliable?
* :func:`satisfaction_indicators` and :func:`satisfaction_index` -- the course's five
  indicators 美誉度 (reputation), 指名度 (nomination), 回头率 (return rate),
  抱怨率 (complaint rate) and 销售力 (sales power), from the shop's own tables, and a
  weighted index of them;
* :func:`importance_performance` -- which aspects matter most and perform worst;
* :func:`survey_experience`, :func:`satisfaction_repurchase`,
  :func:`repurchase_logit`, :func:`nonresponse_bias` -- link answers to what each
  customer lived before the survey and did after it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale, text
from ..errors import EmptyDataError, InvalidArgumentError
from ..validation import check_choice, check_float, check_int, check_mapping, check_random_state
from ._tables import paid_orders
from ._validation import require_columns, require_frame, require_nonempty

__all__ = [
    "LIKERT_ITEMS", "DEFAULT_INDEX_WEIGHTS", "INDICATORS", "score_likert", "csat", "nps", "cronbach_alpha",
    "item_total_correlations", "satisfaction_indicators", "satisfaction_index", "importance_performance",
    "survey_experience", "satisfaction_repurchase", "repurchase_logit", "nonresponse_bias",
]

LIKERT_ITEMS = ("q_product", "q_delivery", "q_service", "q_price", "q_overall")

# The five indicators of the course, their zh/en names, and the default weights of the
# index. Reputation and return rate weigh most: they are what customers do, not say.
INDICATORS = {
    "reputation": ("美誉度", "reputation"),
    "nomination": ("指名度", "nomination"),
    "return_rate": ("回头率", "return rate"),
    "complaint": ("抱怨率", "complaint rate"),
    "sales_power": ("销售力", "sales power"),
}
DEFAULT_INDEX_WEIGHTS = {"reputation": 0.25, "nomination": 0.20, "return_rate": 0.25, "complaint": 0.15,
                         "sales_power": 0.15}


def _items(df, items, name="surveys"):
    require_frame(df, name)
    items = list(LIKERT_ITEMS if items is None else ([items] if isinstance(items, str) else items))
    if not items:
        raise InvalidArgumentError("items 不能为空：请列出要分析的题目列名。", "items is empty: list the item columns to analyse.")
    require_columns(df, items, name)
    out = {}
    for c in items:
        s = df[c]
        if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
            raise InvalidArgumentError(f"题目列 `{c}` 必须是数值（量表分），但类型是 {s.dtype}。请先用 pd.to_numeric 转换。",
                                       f"Item column `{c}` must hold numbers (scale points) but its dtype is {s.dtype}. "
                                       f"Convert it with pd.to_numeric first.")
        out[c] = s.astype("float64")
    return pd.DataFrame(out, index=df.index)


def score_likert(responses, items=None, *, scale: int = 5, reverse=(), min_answered: int = 1) -> pd.DataFrame:
    """Score Likert items: flip reverse-worded items, average them per respondent.

    Parameters
    ----------
    responses : pandas.DataFrame
        One row per respondent, one column per item (1..``scale``, missing = no answer).
    items : list of str, optional
        Item columns (default: the shop's ``q_product ... q_overall``).
    scale : int, default=5
        Points of the scale.
    reverse : list of str, default=()
        Reverse-worded items (agreeing means less satisfied): scored ``scale + 1 - x``.
    min_answered : int, default=1
        Respondents with fewer answered items get a missing score.

    Returns
    -------
    pandas.DataFrame
        The (flipped) items, ``n_answered``, ``score`` (mean item score, 1..scale)
        and ``score_100`` (0 = all lowest, 100 = all highest), indexed like
        ``responses``. A shop reads ``score_100`` as "how far from perfect".

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"a": [5, 1], "b": [1, 5]})
    >>> score_likert(df, ["a", "b"], reverse=["b"])["score"].tolist()
    [5.0, 1.0]
    """
    scale = check_int("scale", scale, low=2, example="scale=5")
    x = _items(responses, items)
    rev = [reverse] if isinstance(reverse, str) else list(reverse)
    unknown = [r for r in rev if r not in x.columns]
    if unknown:
        raise InvalidArgumentError(f"reverse 中的 {unknown} 不在 items 里。", f"reverse lists {unknown}, which are not among the items.")
    bad = ((x < 1) | (x > scale)).to_numpy() & x.notna().to_numpy()
    if bad.any():
        col = x.columns[np.flatnonzero(bad.any(axis=0))[0]]
        raise InvalidArgumentError(f"列 `{col}` 有超出 1-{scale} 的值：请检查 scale 参数或数据。",
                                   f"Column `{col}` has values outside 1-{scale}: check `scale` or the data.")
    if rev:
        x[rev] = scale + 1 - x[rev]
    n = x.notna().sum(axis=1)
    score = x.mean(axis=1).where(n >= min_answered)
    out = x.copy()
    out["n_answered"] = n
    out["score"] = score
    out["score_100"] = (score - 1) / (scale - 1) * 100
    return out


def csat(responses, item: str = "q_overall", *, scale: int = 5, top: int = 2, by=None):
    """Customer satisfaction score: the share of answers in the top ``top`` boxes.

    Parameters
    ----------
    responses : pandas.DataFrame
        Survey answers: the ``surveys`` table or simulated responses.
    item : str, default="q_overall"
        The item column.
    scale : int, default=5
        Points of the scale.
    top : int, default=2
        Boxes that count as satisfied (top-2-box: 4 and 5 on a 5-point scale).
    by : str, optional
        Column to group by.

    Returns
    -------
    float or pandas.DataFrame
        Without ``by``: the CSAT share (0-1) among the answered. With ``by``: one row
        per group with ``n``, ``csat``, and its 95% normal ``ci_low``/``ci_high``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import csat
    >>> round(csat(crmlab.load_dataset("classroom").surveys), 3)
    0.816
    """
    scale = check_int("scale", scale, low=2, example="scale=5")
    top = check_int("top", top, low=1, high=scale - 1, example="top=2")
    x = _items(responses, [item])[item]
    sat = (x > scale - top).astype(float).where(x.notna())
    if by is None:
        if x.notna().sum() == 0:
            raise EmptyDataError(f"列 `{item}` 没有任何答案。", f"Column `{item}` has no answers.")
        return float(sat.mean())
    require_columns(responses, [by], "surveys")
    g = sat.groupby(responses[by], observed=True)
    out = pd.DataFrame({"n": g.count(), "csat": g.mean()})
    se = np.sqrt(out["csat"] * (1 - out["csat"]) / out["n"])
    out["ci_low"], out["ci_high"] = out["csat"] - 1.96 * se, out["csat"] + 1.96 * se
    return out


def _nps_one(s, confidence, method, n_boot, rng):
    from scipy import stats

    s = s.dropna().to_numpy(dtype=float)
    n = s.size
    if n == 0:
        return dict(n=0, promoters=np.nan, passives=np.nan, detractors=np.nan, nps=np.nan, se=np.nan,
                    ci_low=np.nan, ci_high=np.nan)
    p, d = np.mean(s >= 9), np.mean(s <= 6)
    value = 100 * (p - d)
    # Each answer scores +1, 0 or -1; NPS/100 is their mean, so its variance is
    # (p + d - (p - d)^2) / n (the trinomial variance of a mean).
    se = 100 * np.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    if method == "normal":
        z = stats.norm.ppf(0.5 + confidence / 2)
        lo, hi = value - z * se, value + z * se
    else:
        # Resampling n respondents only changes the counts of promoters, passives and
        # detractors: draw those counts directly (same distribution, O(n_boot) memory).
        counts = rng.multinomial(n, [p, max(1 - p - d, 0.0), d], size=n_boot)
        boots = 100 * (counts[:, 0] - counts[:, 2]) / n
        lo, hi = np.quantile(boots, [(1 - confidence) / 2, (1 + confidence) / 2])
    return dict(n=n, promoters=p, passives=1 - p - d, detractors=d, nps=value, se=se,
                ci_low=max(lo, -100.0), ci_high=min(hi, 100.0))


def nps(responses, column: str = "nps", *, by=None, confidence: float = 0.95, method: str = "normal",
        n_boot: int = 2000, random_state=None) -> pd.DataFrame:
    """Net Promoter Score (promoters 9-10 minus detractors 0-6, in points) with a CI.

    Parameters
    ----------
    responses : pandas.DataFrame or pandas.Series
        Survey answers (the ``surveys`` table or simulated responses), or the
        answers on 0-10 themselves; missing answers are ignored.
    column : str, default="nps"
        Column of ``responses`` when it is a DataFrame.
    by : str, optional
        Column to group by (e.g. ``"wave"``).
    confidence : float, default=0.95
    method : {"normal", "bootstrap"}, default="normal"
        ``"normal"`` uses the variance formula ``(p + d - (p - d)^2) / n``;
        ``"bootstrap"`` resamples respondents ``n_boot`` times (percentile interval).
    n_boot : int, default=2000
    random_state : int, numpy.random.Generator or None, default=None
        Randomness of the bootstrap; a fixed number gives the same interval each time.

    Returns
    -------
    pandas.DataFrame
        ``n``, ``promoters``, ``passives``, ``detractors`` (shares), ``nps``
        (-100..100), ``se`` and ``ci_low``/``ci_high``; one row, or one per group.
        A shop whose NPS interval straddles zero cannot tell whether more customers
        praise or criticise it.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import nps
    >>> nps(pd.Series([10, 9, 8, 6, 10]))[["n", "promoters", "detractors", "nps"]]
       n  promoters  detractors   nps
    0  5        0.6         0.2  40.0
    """
    check_choice("method", method, ("normal", "bootstrap"))
    confidence = check_float("confidence", confidence, low=0, high=1, low_open=True, high_open=True,
                             example="confidence=0.95")
    n_boot = check_int("n_boot", n_boot, low=1, example="n_boot=2000")
    if isinstance(responses, pd.Series):
        frame = responses.to_frame(column)
    else:
        frame = require_columns(responses, [column] + ([by] if by is not None else []), "surveys")
    s = frame[column]
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise InvalidArgumentError(f"NPS 列 `{column}` 必须是 0-10 的数值，但类型是 {s.dtype}。",
                                   f"NPS column `{column}` must hold numbers 0-10, but its dtype is {s.dtype}.")
    s = s.astype("float64")
    if ((s < 0) | (s > 10)).any():
        raise InvalidArgumentError(f"NPS 列 `{column}` 有 0-10 以外的值。", f"NPS column `{column}` has values outside 0-10.")
    if s.notna().sum() == 0:
        raise EmptyDataError(f"NPS 列 `{column}` 没有任何答案。", f"NPS column `{column}` has no answers.")
    rng = check_random_state(random_state)
    if by is None:
        return pd.DataFrame([_nps_one(s, confidence, method, n_boot, rng)])
    rows = {k: _nps_one(g, confidence, method, n_boot, rng) for k, g in s.groupby(frame[by], observed=True)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = by
    return out


def _listwise(x):
    x = x.dropna()
    if len(x) < 2 or x.shape[1] < 2:
        raise EmptyDataError("至少需要 2 道题、2 位完整作答的受访者才能计算信度。",
                             "Reliability needs at least 2 items and 2 respondents who answered all of them.")
    return x


def cronbach_alpha(responses, items=None) -> float:
    """Cronbach's alpha: how consistently the items measure one thing.

    ``alpha = k / (k - 1) * (1 - sum(item variances) / variance(total score))``,
    on respondents who answered every item. Above 0.7 a scale is usually taken
    as reliable; below 0.6 its items do not measure the same thing.

    Parameters
    ----------
    responses : pandas.DataFrame
        Survey answers, one row per respondent.
    items : list of str, optional
        Item columns (default: the shop's five Likert items). Flip reverse-worded
        items first (:func:`score_likert`).

    Returns
    -------
    float

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import cronbach_alpha
    >>> round(cronbach_alpha(crmlab.load_dataset("classroom").surveys), 2)
    0.7
    """
    x = _listwise(_items(responses, items))
    k = x.shape[1]
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        raise EmptyDataError("所有受访者的总分都相同，无法计算 alpha。", "Every respondent has the same total: alpha is undefined.")
    return float(k / (k - 1) * (1 - x.var(ddof=1).sum() / total_var))


def item_total_correlations(responses, items=None) -> pd.DataFrame:
    """Item analysis: each item's mean, its corrected item-total correlation, alpha if dropped.

    Parameters
    ----------
    responses : pandas.DataFrame
        Survey answers, one row per respondent.
    items : list of str, optional
        Item columns (default: the shop's five Likert items).

    Returns
    -------
    pandas.DataFrame
        One row per item: ``mean``, ``std``, ``item_total_r`` (correlation of the
        item with the sum of the *other* items), ``alpha_if_deleted``. An item with a
        low correlation, whose removal raises alpha, measures something else: reword
        it or drop it.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import item_total_correlations
    >>> item_total_correlations(crmlab.load_dataset("classroom").surveys)["item_total_r"].round(2).tolist()
    [0.45, 0.32, 0.41, 0.61, 0.53]
    """
    x = _listwise(_items(responses, items))
    total = x.sum(axis=1)
    rows = {}
    for c in x.columns:
        rest = total - x[c]
        rows[c] = {"mean": x[c].mean(), "std": x[c].std(ddof=1), "item_total_r": x[c].corr(rest),
                   "alpha_if_deleted": cronbach_alpha(x, [i for i in x.columns if i != c]) if x.shape[1] > 2 else np.nan}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "item"
    return out


# ----------------------------------------------------------------- five indicators
def _period_key(times, freq):
    if freq is None:
        return pd.Series("all", index=times.index)
    return times.dt.to_period(freq)


def satisfaction_indicators(shop, *, freq: str | None = None, nomination: str = "promoters",
                            sales_power: str = "conversion", complaint_ceiling: float = 0.10,
                            locale: str | None = None) -> pd.DataFrame:
    """The course's five satisfaction indicators, measured on the shop's tables.

    ===============  ======  =========================================================
    indicator        zh      measured as (a share, 0-1)
    ===============  ======  =========================================================
    ``reputation``   美誉度  share of good reviews (好评) among reviews
    ``nomination``   指名度  ``"promoters"``: share of NPS promoters (9-10) among survey
                             answers; ``"referral"``: share of new customers who came
                             by referral
    ``return_rate``  回头率  share of buyers of the period with 2+ paid orders in it
    ``complaint``    抱怨率  complaints per paid order
    ``sales_power``  销售力  ``"conversion"``: share of pre-sale inquiries that led to
                             an order (询单转化率); ``"growth"``: revenue growth on
                             the previous period
    ===============  ======  =========================================================

    Each indicator also gets a 0-100 score (``score_<name>``): shares times 100;
    the complaint score is ``100 * (1 - rate / complaint_ceiling)`` (a rate at or
    above the ceiling scores 0), since fewer complaints is better; growth scores
    ``50 + 50 * growth`` clipped to 0-100 (flat sales score 50, doubling scores 100).

    Parameters
    ----------
    shop : crmlab.Shop
        Its ``orders`` (paid ones count), ``reviews``, ``complaints``, ``surveys``,
        ``customers`` and ``service_tickets``.
    freq : str, optional
        A pandas period frequency (``"Q"``, ``"M"``, ``"Y"``) for one row per period;
        default one row for the whole data.
    nomination : {"promoters", "referral"}, default="promoters"
    sales_power : {"conversion", "growth"}, default="conversion"
    complaint_ceiling : float, default=0.10
        The complaint rate that scores 0.
    locale : {"zh", "en"}, optional
        Language of ``.attrs["labels"]``, the indicator names.

    Returns
    -------
    pandas.DataFrame
        One row per period (index ``period``): the five shares and their scores.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import satisfaction_indicators
    >>> ind = satisfaction_indicators(crmlab.load_dataset("classroom"))
    >>> ind[["reputation", "complaint", "score_complaint"]].round(3).iloc[0].tolist()
    [0.914, 0.021, 79.31]
    """
    check_choice("nomination", nomination, ("promoters", "referral"))
    check_choice("sales_power", sales_power, ("conversion", "growth"))
    complaint_ceiling = check_float("complaint_ceiling", complaint_ceiling, low=0, high=1, low_open=True,
                                    example="complaint_ceiling=0.10")
    if sales_power == "growth" and freq is None:
        raise InvalidArgumentError("sales_power='growth' 需要按期比较：请同时给出 freq（如 'Q'）。",
                                   "sales_power='growth' compares periods: also pass freq (e.g. 'Q').")
    o = require_columns(shop.orders, ["customer_id", "order_time", "payment_status", "amount"], "orders")
    o = require_nonempty(paid_orders(o), "orders")
    rv = require_columns(shop.reviews, ["review_time", "sentiment"], "reviews")
    cp = require_columns(shop.complaints, ["recorded_time"], "complaints")
    out = pd.DataFrame()
    op = _period_key(o["order_time"], freq)
    out["orders"] = o.groupby(op).size()
    out["revenue"] = o["amount"].groupby(op).sum()
    out["reputation"] = (rv["sentiment"] == "good").groupby(_period_key(rv["review_time"], freq)).mean()
    if nomination == "promoters":
        sv = require_columns(shop.surveys, ["responded", "response_time", "nps"], "surveys")
        sv = sv[sv["responded"] & sv["nps"].notna()]
        out["nomination"] = (sv["nps"].astype(float) >= 9).groupby(_period_key(sv["response_time"], freq)).mean()
    else:
        cu = require_columns(shop.customers, ["signup_time", "acquisition_channel"], "customers")
        out["nomination"] = (cu["acquisition_channel"] == "referral").groupby(_period_key(cu["signup_time"], freq)).mean()
    per_buyer = o.groupby([op, o["customer_id"]]).size()
    out["return_rate"] = (per_buyer >= 2).groupby(level=0).mean()
    out["complaint"] = cp.groupby(_period_key(cp["recorded_time"], freq)).size().reindex(out.index).fillna(0) / out["orders"]
    if sales_power == "conversion":
        tk = require_columns(shop.service_tickets, ["created_time", "stage", "converted"], "service_tickets")
        tk = tk[tk["stage"] == "pre_sale"]
        out["sales_power"] = tk["converted"].astype(float).groupby(_period_key(tk["created_time"], freq)).mean()
    else:
        out["sales_power"] = out["revenue"].pct_change()
    out = out.reindex(out.index.sort_values())
    for k in ("reputation", "nomination", "return_rate"):
        out[f"score_{k}"] = 100 * out[k]
    out["score_complaint"] = (100 * (1 - out["complaint"] / complaint_ceiling)).clip(0, 100)
    out["score_sales_power"] = (100 * out["sales_power"] if sales_power == "conversion"
                                else (50 + 50 * out["sales_power"]).clip(0, 100))
    out.index.name = "period"
    loc = locale or get_locale()
    out.attrs["labels"] = {k: text(zh, en, loc) for k, (zh, en) in INDICATORS.items()}
    return out


def satisfaction_index(indicators, *, weights: dict | None = None) -> pd.DataFrame:
    """A 0-100 satisfaction index: the weighted mean of the five indicator scores.

    Parameters
    ----------
    indicators : pandas.DataFrame
        The five indicators of :func:`satisfaction_indicators` (their
        ``score_<name>`` columns).
    weights : dict, optional
        Weight of each indicator (``reputation``, ``nomination``, ``return_rate``,
        ``complaint``, ``sales_power``); missing ones count 0, weights are
        normalised to sum 1. Default :data:`DEFAULT_INDEX_WEIGHTS` (0.25, 0.20,
        0.25, 0.15, 0.15): behaviour (reviews, returns) weighs more than intentions.

    Returns
    -------
    pandas.DataFrame
        The indicators plus ``index`` (0-100). An indicator missing in a period
        (e.g. no survey answers) is left out and the other weights renormalised.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import satisfaction_index, satisfaction_indicators
    >>> ind = satisfaction_indicators(crmlab.load_dataset("classroom"))
    >>> satisfaction_index(ind)["index"].round(1).tolist()
    [63.3]
    >>> satisfaction_index(ind, weights={"reputation": 1})["index"].round(1).tolist()
    [91.4]
    """
    ind = indicators
    w = dict(DEFAULT_INDEX_WEIGHTS) if weights is None else check_mapping("weights", weights,
                                                                         example="weights={'reputation': 0.3}")
    unknown = [k for k in w if k not in INDICATORS]
    if unknown:
        raise InvalidArgumentError(f"weights 中有未知的指标 {unknown}；可用：{list(INDICATORS)}。",
                                   f"Unknown indicators in weights: {unknown}; use {list(INDICATORS)}.")
    w = {k: check_float(f"weights[{k!r}]", v, low=0, example=f"weights={{{k!r}: 0.2}}") for k, v in w.items()}
    if sum(w.values()) <= 0:
        raise InvalidArgumentError("weights 必须是非负数且总和大于 0。", "weights must be non-negative numbers with a positive sum.")
    require_columns(ind, [f"score_{k}" for k in w], "indicators")
    scores = ind[[f"score_{k}" for k in w]].to_numpy(dtype=float)
    wv = np.array(list(w.values()), dtype=float)
    mask = ~np.isnan(scores)
    num = np.nansum(scores * wv, axis=1)
    den = (mask * wv).sum(axis=1)
    out = ind.copy()
    out["index"] = np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)
    out.attrs["weights"] = {k: v / wv.sum() for k, v in w.items()}
    return out


# ----------------------------------------------------------------- IPA
def importance_performance(responses, items=None, overall: str = "q_overall", *, method: str = "correlation",
                           locale: str | None = None) -> pd.DataFrame:
    """Importance-performance analysis (IPA) of survey items.

    Performance is an item's mean score; importance is how strongly it moves the
    overall rating: its Pearson correlation with ``overall`` (``method="correlation"``)
    or its standardised coefficient in a linear regression of ``overall`` on all
    items (``method="regression"``, so items share the credit). Cut-points are the
    means over items; the quadrants say what to do:

    * high importance, low performance: 重点改进 / concentrate here;
    * high importance, high performance: 继续保持 / keep up the good work;
    * low importance, low performance: 低优先级 / low priority;
    * low importance, high performance: 可能过度投入 / possible overkill.

    Parameters
    ----------
    responses : pandas.DataFrame
        Survey answers, one row per respondent.
    items : list of str, optional
        The aspect items (default: the shop's four aspects).
    overall : str, default="q_overall"
        The overall rating the items should explain.
    method : {"correlation", "regression"}, default="correlation"
    locale : {"zh", "en"}, optional
        Language of ``quadrant_label``.

    Returns
    -------
    pandas.DataFrame
        One row per item: ``performance``, ``importance``, ``quadrant`` (code) and
        ``quadrant_label`` (zh/en), sorted with the items to fix first.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import importance_performance
    >>> ipa = importance_performance(crmlab.load_dataset("classroom").surveys)
    >>> ipa.index.tolist()  # the items to fix first come first
    ['q_price', 'q_product', 'q_delivery', 'q_service']
    >>> ipa.loc["q_price", "quadrant"]
    'concentrate'
    """
    check_choice("method", method, ("correlation", "regression"))
    items = [i for i in (LIKERT_ITEMS if items is None else items) if i != overall]
    x = _items(responses, items + [overall]).dropna()
    if len(x) < len(items) + 2:
        raise EmptyDataError("完整作答的受访者太少，无法做重要性-表现分析。",
                             "Too few complete responses for an importance-performance analysis.")
    perf = x[items].mean()
    if method == "correlation":
        imp = x[items].corrwith(x[overall])
    else:
        z = (x - x.mean()) / x.std(ddof=1)
        design = np.column_stack([np.ones(len(z)), z[items].to_numpy()])
        beta, *_ = np.linalg.lstsq(design, z[overall].to_numpy(), rcond=None)
        imp = pd.Series(beta[1:], index=items)
    hi_i, hi_p = imp >= imp.mean(), perf >= perf.mean()
    code = np.select([hi_i & ~hi_p, hi_i & hi_p, ~hi_i & ~hi_p], ["concentrate", "keep_up", "low_priority"],
                     "possible_overkill")
    labels = {"concentrate": ("重点改进", "concentrate here"), "keep_up": ("继续保持", "keep up the good work"),
              "low_priority": ("低优先级", "low priority"), "possible_overkill": ("可能过度投入", "possible overkill")}
    loc = locale or get_locale()
    out = pd.DataFrame({"performance": perf, "importance": imp, "quadrant": code})
    out["quadrant_label"] = [text(*labels[c], loc) for c in code]
    order = {"concentrate": 0, "keep_up": 1, "low_priority": 2, "possible_overkill": 3}
    out = out.assign(_o=out["quadrant"].map(order)).sort_values(["_o", "importance"], ascending=[True, False])
    out.index.name = "item"
    return out.drop(columns="_o")


# ----------------------------------------------------------------- answers vs behaviour
def survey_experience(shop, *, horizon_days: int = 180) -> pd.DataFrame:
    """Each survey invitation joined with the customer's history before it and behaviour after it.

    Parameters
    ----------
    shop : crmlab.Shop
        Its ``surveys``, ``orders`` (paid ones count), ``shipments``, ``complaints``
        and ``reviews``; the data end at its last order.
    horizon_days : int, default=180
        Window after the invitation in which a paid order counts as a repurchase.

    Returns
    -------
    pandas.DataFrame
        The ``surveys`` table plus, as of the invitation: ``orders_before`` (paid
        orders), ``mean_delay_before`` (mean delivery delay in days), ``late_share_before``,
        ``complaints_before``, ``bad_reviews_before``; and after it:
        ``repurchased`` (a paid order within ``horizon_days``; missing when the
        data end before the window does) and ``days_to_next_order``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import survey_experience
    >>> shop = crmlab.load_dataset("classroom")
    >>> ex = survey_experience(shop)
    >>> len(ex) == len(shop.surveys), int(ex["orders_before"].min()) >= 1
    (True, True)
    """
    horizon_days = check_int("horizon_days", horizon_days, low=1, example="horizon_days=180")
    sv = require_nonempty(require_columns(shop.surveys, ["response_id", "customer_id", "invited_time", "responded"],
                                          "surveys"), "surveys")
    o = require_columns(shop.orders, ["order_id", "customer_id", "order_time", "payment_status"], "orders")
    o = paid_orders(o)[["order_id", "customer_id", "order_time"]]
    sh = require_columns(shop.shipments, ["order_id", "delay_days"], "shipments")
    o = o.merge(sh[["order_id", "delay_days"]], on="order_id", how="left").fillna({"delay_days": 0.0})
    end = shop.orders["order_time"].max()
    inv = sv.sort_values("invited_time")[["response_id", "customer_id", "invited_time"]]

    def cum_asof(events, time_col, cols, prefix):
        # Running totals per customer, read at the last event before each invitation.
        ev = events.sort_values(time_col)
        g = ev.groupby("customer_id")
        run = pd.DataFrame({"customer_id": ev["customer_id"], "t": ev[time_col]})
        for name, s in cols.items():
            run[prefix + name] = s.loc[ev.index].groupby(ev["customer_id"]).cumsum()
        run["_n"] = g.cumcount() + 1
        m = pd.merge_asof(inv, run.sort_values("t"), left_on="invited_time", right_on="t", by="customer_id",
                          direction="backward", allow_exact_matches=False)
        return m.drop(columns=["t"]).set_index("response_id")

    a = cum_asof(o, "order_time", {"delay": o["delay_days"], "late": (o["delay_days"] > 0).astype(float)}, "")
    res = pd.DataFrame(index=a.index)
    res["orders_before"] = a["_n"].fillna(0).astype(int)
    res["mean_delay_before"] = a["delay"] / a["_n"]
    res["late_share_before"] = a["late"] / a["_n"]
    cp = shop.complaints
    c = cum_asof(cp.assign(one=1.0), "recorded_time", {"x": cp.assign(one=1.0)["one"]}, "")
    res["complaints_before"] = c["_n"].reindex(res.index).fillna(0).astype(int)
    rv = shop.reviews
    r = cum_asof(rv, "review_time", {"bad": (rv["sentiment"] == "bad").astype(float)}, "")
    res["bad_reviews_before"] = r["bad"].reindex(res.index).fillna(0).astype(int)
    nxt = pd.merge_asof(inv, o[["customer_id", "order_time"]].sort_values("order_time").rename(columns={"order_time": "t"}),
                        left_on="invited_time", right_on="t", by="customer_id", direction="forward",
                        allow_exact_matches=False).set_index("response_id")
    days = (nxt["t"] - nxt["invited_time"]).dt.total_seconds() / 86400
    res["days_to_next_order"] = days
    observable = (nxt["invited_time"] + pd.Timedelta(days=horizon_days)) <= end
    rep = pd.Series(days <= horizon_days, dtype="boolean")
    rep[~observable.to_numpy()] = pd.NA
    res["repurchased"] = rep.to_numpy()
    return sv.merge(res, left_on="response_id", right_index=True, how="left")


def satisfaction_repurchase(shop, *, item: str = "q_overall", horizon_days: int = 180,
                            locale: str | None = None) -> pd.DataFrame:
    """Repurchase rate after the survey, by the satisfaction level each respondent gave.

    Parameters
    ----------
    shop : crmlab.Shop
        As in :func:`survey_experience`.
    item : str, default="q_overall"
        The answer to group by.
    horizon_days : int, default=180
        Window after the invitation in which a paid order counts as a repurchase.
    locale : {"zh", "en"}, optional
        Language of ``label``.

    Returns
    -------
    pandas.DataFrame
        One row per answer level of ``item`` (plus ``"no_response"`` for invitees who
        did not answer): ``n``, ``repurchase_rate`` within ``horizon_days`` of the
        invitation (invitations whose window runs past the data are left out) and
        ``label``. If satisfaction matters, the rate rises with the level.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import satisfaction_repurchase
    >>> satisfaction_repurchase(crmlab.load_dataset("classroom"), locale="en")["label"].tolist()
    ['score 3', 'score 4', 'score 5', 'no response']
    """
    ex = survey_experience(shop, horizon_days=horizon_days)
    require_columns(ex, [item], "surveys")
    ex = ex[ex["repurchased"].notna()]
    if ex.empty:
        raise EmptyDataError("没有足够早的问卷邀请可观察复购：请缩短 horizon_days。",
                             "No invitation is early enough to observe repurchase: shorten horizon_days.")
    level = ex[item].astype("Int64").astype(str).where(ex["responded"], "no_response")
    g = ex["repurchased"].astype(float).groupby(level)
    out = pd.DataFrame({"n": g.size(), "repurchase_rate": g.mean()})
    loc = locale or get_locale()
    out["label"] = [text("未回复", "no response", loc) if k == "no_response" else text(f"{k} 分", f"score {k}", loc)
                    for k in out.index]
    out.index.name = item
    return out


def _logit_newton(X, y, max_iter=50, tol=1e-10):
    beta = np.zeros(X.shape[1])
    for _ in range(max_iter):
        eta = X @ beta
        p = 1 / (1 + np.exp(-eta))
        w = p * (1 - p)
        h = X.T @ (X * w[:, None])
        step = np.linalg.solve(h, X.T @ (y - p))
        beta = beta + step
        if np.max(np.abs(step)) < tol:
            break
    p = 1 / (1 + np.exp(-(X @ beta)))
    cov = np.linalg.inv(X.T @ (X * (p * (1 - p))[:, None]))
    return beta, np.sqrt(np.diag(cov))


def repurchase_logit(shop, *, items=("q_overall",), horizon_days: int = 180) -> pd.DataFrame:
    """Logistic regression of repurchase (within ``horizon_days``) on survey answers.

    Fitted by Newton-Raphson (iteratively reweighted least squares) on respondents
    whose repurchase window lies inside the data; ``orders_before`` is added as a
    control, since frequent buyers both answer and rebuy more.

    Parameters
    ----------
    shop : crmlab.Shop
        As in :func:`survey_experience`.
    items : str or list of str, default=("q_overall",)
        The answers that explain repurchase.
    horizon_days : int, default=180
        Window after the invitation in which a paid order counts as a repurchase.

    Returns
    -------
    pandas.DataFrame
        One row per term (``const``, the items, ``log_orders_before``): ``coef``,
        ``se``, ``z``, ``p_value`` and ``odds_ratio`` (how the odds of rebuying
        change per scale point).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import repurchase_logit
    >>> repurchase_logit(crmlab.load_dataset("classroom")).index.tolist()
    ['const', 'q_overall', 'log_orders_before']
    """
    from scipy import stats

    items = [items] if isinstance(items, str) else list(items)
    ex = survey_experience(shop, horizon_days=horizon_days)
    require_columns(ex, items, "surveys")
    ex = ex[ex["responded"] & ex["repurchased"].notna()].dropna(subset=items)
    if len(ex) < len(items) + 3:
        raise EmptyDataError("可用于回归的受访者太少。", "Too few respondents to fit the regression.")
    X = np.column_stack([np.ones(len(ex)), ex[items].to_numpy(dtype=float), np.log1p(ex["orders_before"].to_numpy())])
    y = ex["repurchased"].to_numpy(dtype=float)
    beta, se = _logit_newton(X, y)
    z = beta / se
    out = pd.DataFrame({"coef": beta, "se": se, "z": z, "p_value": 2 * stats.norm.sf(np.abs(z)),
                        "odds_ratio": np.exp(beta)}, index=["const", *items, "log_orders_before"])
    out.index.name = "term"
    out.attrs["n"] = len(ex)
    return out


def nonresponse_bias(shop, *, horizon_days: int = 180, locale: str | None = None) -> pd.DataFrame:
    """Compare survey respondents with non-respondents on what the shop knows of both.

    Respondents and non-respondents are compared on their order history before the
    invitation (orders, delays, complaints, bad reviews) and on repurchase after it.
    Differences mean the answers do not speak for every customer: if respondents had
    fewer late deliveries and rebuy more, the survey overstates satisfaction.
    ``est_overall`` predicts the overall score of every invitee from their history
    (a linear regression fitted on respondents), which shows how much higher the
    respondents' mean is than the whole invited group's.

    Parameters
    ----------
    shop : crmlab.Shop
        As in :func:`survey_experience`.
    horizon_days : int, default=180
        Window after the invitation in which a paid order counts as a repurchase.
    locale : {"zh", "en"}, optional
        Language of ``label``.

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``respondents``, ``non_respondents``, ``difference``
        and the Welch t-test ``p_value``; ``label`` in zh/en.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import nonresponse_bias
    >>> bias = nonresponse_bias(crmlab.load_dataset("classroom"), locale="en")
    >>> bias.index.tolist()[:3]
    ['orders_before', 'mean_delay_before', 'late_share_before']
    """
    from scipy import stats

    ex = survey_experience(shop, horizon_days=horizon_days)
    feats = ["orders_before", "mean_delay_before", "late_share_before", "complaints_before", "bad_reviews_before"]
    ex["log_orders_before"] = np.log1p(ex["orders_before"])
    resp = ex["responded"].to_numpy(bool)
    if resp.sum() < 3 or (~resp).sum() < 3:
        raise EmptyDataError("回复者或未回复者太少，无法比较。", "Too few respondents or non-respondents to compare.")
    xcols = ["log_orders_before", "mean_delay_before", "complaints_before", "bad_reviews_before"]
    fit = ex[resp].dropna(subset=xcols + ["q_overall"])
    X = np.column_stack([np.ones(len(fit)), fit[xcols].to_numpy(dtype=float)])
    beta, *_ = np.linalg.lstsq(X, fit["q_overall"].to_numpy(dtype=float), rcond=None)
    Xall = np.column_stack([np.ones(len(ex)), ex[xcols].fillna(ex[xcols].mean()).to_numpy(dtype=float)])
    ex["est_overall"] = Xall @ beta
    ex["repurchased_f"] = ex["repurchased"].astype("Float64").astype(float)
    labels = {"orders_before": ("邀请前订单数", "orders before"), "mean_delay_before": ("平均物流延迟（天）", "mean delay (days)"),
              "late_share_before": ("延迟订单占比", "share of late orders"),
              "complaints_before": ("邀请前投诉数", "complaints before"),
              "bad_reviews_before": ("邀请前差评数", "bad reviews before"),
              "repurchased_f": ("之后复购率", "repurchase rate after"),
              "est_overall": ("预测总体满意度", "predicted overall satisfaction")}
    loc = locale or get_locale()
    rows = {}
    for col in feats + ["repurchased_f", "est_overall"]:
        a, b = ex.loc[resp, col].dropna().astype(float), ex.loc[~resp, col].dropna().astype(float)
        p = stats.ttest_ind(a, b, equal_var=False).pvalue if len(a) > 1 and len(b) > 1 else np.nan
        rows["repurchased" if col == "repurchased_f" else col] = {
            "respondents": a.mean(), "non_respondents": b.mean(), "difference": a.mean() - b.mean(),
            "p_value": p, "label": text(*labels[col], loc)}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "measure"
    out.attrs["response_rate"] = float(resp.mean())
    return out
