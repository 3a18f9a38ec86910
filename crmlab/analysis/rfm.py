"""RFM analysis (course chapter 9): recency, frequency and monetary value per
customer, 1-5 scores, and the eight RFM customer segments of Chinese e-commerce
practice (重要价值客户 ... 一般挽留客户).

:func:`rfm_summary` gives two forms of the same facts:

- ``form="rfm"`` (the marketing form): ``recency`` = time units since the
  customer's last purchase, ``frequency`` = number of purchases, ``monetary`` =
  total spend net of refunds;
- ``form="lifetimes"`` (the form CLV models such as BG/NBD use, identical to
  ``lifetimes.utils.summary_data_from_transaction_data``): ``frequency`` =
  number of *repeat* purchase periods, ``recency`` = age of the customer at the
  last purchase, ``T`` = age at the end of the observation, ``monetary_value`` =
  mean spend of the repeat purchase periods.

It works on sorted integer arrays with numpy reductions, so it summarises
millions of orders in a fraction of a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import ColumnError, InvalidArgumentError
from ..validation import (
    check_choice,
    check_dataframe,
    check_datetime_column,
    check_int,
    check_nonempty,
    check_numeric_column,
)
from ._tables import check_as_of, paid_orders

__all__ = ["rfm_summary", "rfm_scores", "rfm_segments", "rfm_segment_summary", "RFM_SEGMENTS"]

_NS_DAY = 86_400 * 10**9
# Length of one time unit and the start of unit 0, in nanoseconds since 1970-01-01.
# Weeks start on Monday like pandas' "W" periods (W-SUN); 1970-01-05 was a Monday.
_UNITS = {"D": (_NS_DAY, 0), "h": (3_600 * 10**9, 0), "W": (7 * _NS_DAY, 4 * _NS_DAY)}


def _prepare(orders, customer_id_col, datetime_col, monetary_value_col, as_of, time_unit):
    """Check the input; return integer arrays of customer codes and periods (paid orders only)."""
    check_choice("time_unit", time_unit, tuple(_UNITS))
    check_dataframe("orders", orders, [customer_id_col, datetime_col, monetary_value_col])
    orders = check_nonempty("orders", paid_orders(orders))

    times = check_datetime_column(orders, datetime_col, "orders", missing="raise", stacklevel=3)
    tz = getattr(times.dtype, "tz", None)
    if tz is not None:
        # Periods (days, weeks) follow the local calendar of the data's own timezone.
        times = times.dt.tz_localize(None)
    t = times.to_numpy(dtype="datetime64[ns]").view("int64")
    unit, origin = _UNITS[time_unit]
    p = (t - origin) // unit  # floor division: the period each transaction falls in

    if as_of is None:
        p_end = int(p.max())
    else:
        # refused only before the first transaction's time unit (its day, week ...)
        start = pd.Series([pd.Timestamp(int(p.min()) * unit + origin)])
        ts = check_as_of(as_of, start if tz is None else start.dt.tz_localize(tz))
        if tz is not None:
            ts = ts.tz_localize(None)
        p_end = (ts.as_unit("ns").value - origin) // unit

    ids = orders[customer_id_col]
    if ids.isna().any():
        raise ColumnError(f"表 `orders` 的列 `{customer_id_col}` 含有缺失值。请先删除没有客户编号的行。",
                          f"Column `{customer_id_col}` of table `orders` has missing values. "
                          "Drop the rows without a customer id first.")
    idv = ids.to_numpy()
    amounts = None
    if monetary_value_col is not None:
        amounts = check_numeric_column(orders, monetary_value_col, "orders").to_numpy(dtype="float64")
        if np.isnan(amounts).any():
            raise ColumnError(f"表 `orders` 的列 `{monetary_value_col}` 含有缺失值。请先填补或删除这些行。",
                              f"Column `{monetary_value_col}` of table `orders` has missing values. "
                              "Fill or drop those rows first.")

    keep = p <= p_end
    if not keep.all():  # transactions after the end of the observation are ignored
        p, idv = p[keep], idv[keep]
        amounts = None if amounts is None else amounts[keep]

    # Dense integer codes per customer; small non-negative integer ids are their own code.
    if idv.dtype.kind in "iu" and idv.min() >= 0 and idv.max() < 4 * len(idv) + 1_000_000:
        codes = idv.astype(np.int64, copy=False)
        uniques = None
    else:
        codes, uniques = pd.factorize(idv, sort=True)
        codes = codes.astype(np.int64, copy=False)
    p_min = int(p.min())
    return codes, uniques, p - p_min, p_end - p_min, amounts, ids.dtype


def _ids(code_values, uniques, dtype, name):
    values = code_values if uniques is None else np.asarray(uniques)[code_values]
    try:
        return pd.Index(values, name=name, dtype=dtype)
    except (TypeError, ValueError):
        return pd.Index(values, name=name)


def _sorted_groups(key, amounts, merge):
    """Sort transaction keys; return first key and amount sum of each run of equal keys."""
    n = len(key)
    if amounts is None:
        ks = np.sort(key)
        a_sorted = None
    else:
        row_bits = max(int(n - 1).bit_length(), 1)
        if int(key.max()).bit_length() + row_bits <= 62:
            # Pack the row number under the key: a plain sort (SIMD-fast) then gives
            # the keys in order and, in the low bits, the stable permutation.
            packed = np.sort((key << row_bits) | np.arange(n, dtype=np.int64))
            order = packed & ((1 << row_bits) - 1)
            ks = packed >> row_bits
        else:
            order = np.argsort(key, kind="stable")
            ks = key[order]
        a_sorted = amounts[order]
    if merge:
        starts = np.flatnonzero(np.concatenate(([True], ks[1:] != ks[:-1])))
        sums = None if a_sorted is None else np.add.reduceat(a_sorted, starts)
        return ks[starts], sums
    return ks, a_sorted


def rfm_summary(
    orders,
    *,
    customer_id_col="customer_id",
    datetime_col="order_time",
    monetary_value_col="amount",
    as_of=None,
    time_unit="D",
    form="rfm",
    merge_same_period=None,
    include_first_transaction=False,
):
    """Recency, frequency and monetary value of every customer.

    Only paid orders count (``payment_status == "paid"``; a table without that
    column is taken as a log of completed transactions).

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table, or any table with one row per transaction.
    customer_id_col, datetime_col : str
        Columns with the customer id and the transaction time. Times may be
        timezone-aware: days and weeks then follow the data's local calendar.
    monetary_value_col : str or None, default="amount"
        Column with the amount of each transaction; ``None`` for no monetary
        columns. Refunds may be negative rows.
    as_of : date-like, default=None
        End of the observation (the analysis date): transactions after its
        time unit (after that day, for ``time_unit="D"``) are ignored. Default:
        the last order day of the data (the unit of the last paid transaction).
        A naive date is read in the data's timezone.
    time_unit : {"D", "W", "h"}, default="D"
        Unit of recency and ``T``: days, weeks (starting Monday) or hours. Times
        are first cut down to the start of their unit, as lifetimes does.
    form : {"rfm", "lifetimes"}, default="rfm"
        Which definitions to return (see Returns).
    merge_same_period : bool, default=None
        Count transactions in the same time unit (e.g. two orders on one day) as
        one purchase, summing their amounts. Default: ``True`` for
        ``form="lifetimes"`` (what lifetimes does), ``False`` for ``form="rfm"``
        (every order counts).
    include_first_transaction : bool, default=False
        ``form="lifetimes"`` only: count the first purchase in ``frequency`` and
        ``monetary_value``, as lifetimes' argument of the same name. Keep
        ``False`` for BG/NBD and Gamma-Gamma models.

    Returns
    -------
    pandas.DataFrame
        One row per customer who has a transaction up to the end of the
        observation, indexed by customer id, sorted by it.

        ``form="rfm"``:

        - ``recency`` (float): time units from the last purchase to the end of
          the observation; 0 = bought in the last unit. A purchase is a row with
          a positive amount (all rows when ``monetary_value_col=None``); a
          customer whose rows are all refunds or zero has ``recency`` NaN.
        - ``frequency`` (int): number of purchases (of purchase days, weeks ...
          with ``merge_same_period=True``).
        - ``monetary`` (float): total amount, refunds subtracted.

        ``form="lifetimes"`` (all float, exactly lifetimes'
        ``summary_data_from_transaction_data``; every row counts, whatever its
        amount, and rows of one time unit are one purchase):

        - ``frequency``: number of purchase periods after the first one
          (repeat purchases); 0 for one-time buyers.
        - ``recency``: time from the first to the last purchase; 0 for
          one-time buyers.
        - ``T``: time from the first purchase to the end of the observation.
        - ``monetary_value``: mean amount of the repeat purchase periods; 0 for
          one-time buyers.

    Raises
    ------
    ColumnError
        A column is missing, or has missing values or the wrong type.
    DataValueError
        Missing transaction times (NaT).
    EmptyDataError
        No (paid) transactions.
    InvalidArgumentError
        Unknown ``form``/``time_unit``, or an ``as_of`` before the data.

    Notes
    -----
    A customer with a small recency bought lately; a high frequency means a
    habit; monetary says how much the customer is worth so far. The speed
    comes from one sort of ``customer * n_periods + period`` integer keys and
    numpy reductions (``np.add.reduceat``, ``np.bincount``) over the sorted
    runs; the form ``"rfm"`` with single orders needs no sort at all.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import rfm_summary
    >>> shop = crmlab.load_dataset("classroom")
    >>> rfm = rfm_summary(shop.orders, as_of="2024-12-31")
    >>> list(rfm.columns)
    ['recency', 'frequency', 'monetary']
    >>> lt = rfm_summary(shop.orders, form="lifetimes")
    >>> list(lt.columns)
    ['frequency', 'recency', 'T', 'monetary_value']
    """
    check_choice("form", form, ("rfm", "lifetimes"))
    if merge_same_period is None:
        merge_same_period = form == "lifetimes"
    codes, uniques, p, p_end, amounts, id_dtype = _prepare(
        orders, customer_id_col, datetime_col, monetary_value_col, as_of, time_unit)
    n_periods = int(p.max()) + 1

    if form == "lifetimes":
        if merge_same_period:
            pair_key, sums = _sorted_groups(codes * n_periods + p, amounts, merge=True)
        else:
            # every transaction is its own purchase; order by customer, period, row
            order = np.lexsort((p, codes))
            pair_key = codes[order] * n_periods + p[order]
            sums = None if amounts is None else amounts[order]
        pc = pair_key // n_periods
        pp = pair_key - pc * n_periods
        starts = np.flatnonzero(np.concatenate(([True], pc[1:] != pc[:-1])))
        n_pairs = np.diff(np.append(starts, len(pc)))
        first = pp[starts]
        last = pp[np.append(starts[1:], len(pc)) - 1]
        out = {
            "frequency": (n_pairs - (0 if include_first_transaction else 1)).astype(float),
            "recency": (last - first).astype(float),
            "T": (p_end - first).astype(float),
        }
        if amounts is not None:
            if include_first_transaction:
                out["monetary_value"] = np.add.reduceat(sums, starts) / n_pairs
            else:
                repeat = sums.copy()
                repeat[starts] = 0.0  # the first purchase does not count
                total = np.add.reduceat(repeat, starts)
                with np.errstate(invalid="ignore", divide="ignore"):
                    out["monetary_value"] = np.where(n_pairs > 1, total / (n_pairs - 1), 0.0)
        index = _ids(pc[starts], uniques, id_dtype, customer_id_col)
        return pd.DataFrame(out, index=index)

    # form == "rfm": per-customer counts and sums with bincount, no sort needed
    n_codes = int(codes.max()) + 1
    buy = np.ones(len(codes), bool) if amounts is None else amounts > 0
    present = np.bincount(codes, minlength=n_codes) > 0
    if merge_same_period:
        pairs = np.unique(codes[buy] * n_periods + p[buy])
        pc, pp = pairs // n_periods, pairs % n_periods
    else:
        pc, pp = codes[buy], p[buy]
    frequency = np.bincount(pc, minlength=n_codes)
    last = np.full(n_codes, -1, dtype=np.int64)
    np.maximum.at(last, pc, pp)
    recency = np.where(last >= 0, p_end - last, np.nan).astype(float)
    out = {"recency": recency[present], "frequency": frequency[present].astype(np.int64)}
    if amounts is not None:
        out["monetary"] = np.bincount(codes, weights=amounts, minlength=n_codes)[present]
    index = _ids(np.flatnonzero(present), uniques, id_dtype, customer_id_col)
    return pd.DataFrame(out, index=index)


# --------------------------------------------------------------------------- scores

_SCORE_COLS = {"recency": "r_score", "frequency": "f_score", "monetary": "m_score"}


def rfm_scores(rfm, *, method="quantile", n_scores=5, bins=None):
    """Score recency, frequency and monetary value from 1 (worst) to ``n_scores`` (best).

    Parameters
    ----------
    rfm : pandas.DataFrame
        Output of ``rfm_summary(..., form="rfm")``: columns ``recency``,
        ``frequency``, ``monetary``. Rows with a missing recency (customers with
        refunds only) get no scores (``<NA>``).
    method : {"quantile", "bins"}, default="quantile"
        ``"quantile"``: scores by rank, each score holding about the same number
        of customers. ``"bins"``: scores by the fixed bin edges of ``bins``.
    n_scores : int, default=5
        Number of score levels.
    bins : dict, optional
        For ``method="bins"``: ``{"recency": edges, "frequency": edges,
        "monetary": edges}``, each ``n_scores + 1`` increasing edges; a value
        ``x`` with ``edges[i] <= x < edges[i+1]`` falls in bin ``i``. Values
        below the first edge go to the lowest bin, values at or above the last
        edge to the highest. Recency is reversed (the lowest bin, the most
        recent buyers, scores ``n_scores``).

    Returns
    -------
    pandas.DataFrame
        The input columns plus ``r_score``, ``f_score``, ``m_score`` (Int64),
        ``rfm_score`` (e.g. ``"545"``, R then F then M) and ``rfm_total`` (their
        sum). A high R score = bought recently, high F = buys often, high M =
        spends much.

    Notes
    -----
    Ties (quantile method): equal values always get equal scores. A value's
    score is ``1 + floor(n_scores * (rank - 1) / n)`` where ``rank`` is its
    lowest rank (pandas ``rank(method="min")``); recency is ranked from the
    longest to the shortest time. When many customers share a value (most
    customers buy once, so ``frequency == 1``) they all get the lowest score
    that value reaches, and score groups are unequal in size.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import rfm_summary, rfm_scores
    >>> scores = rfm_scores(rfm_summary(crmlab.load_dataset("classroom").orders))
    >>> int(scores["r_score"].min()), int(scores["r_score"].max())
    (1, 5)
    """
    check_dataframe("rfm", rfm, list(_SCORE_COLS))
    check_choice("method", method, ("quantile", "bins"))
    n_scores = check_int("n_scores", n_scores, low=2, example="n_scores=5")
    out = rfm.copy()
    for col, score_col in _SCORE_COLS.items():
        x = check_numeric_column(rfm, col, "rfm")
        valid = x.notna().to_numpy()
        v = x.to_numpy(dtype=float)
        score = np.zeros(len(v), dtype=np.int64)
        if method == "quantile":
            vals = -v[valid] if col == "recency" else v[valid]
            rank = pd.Series(vals).rank(method="min").to_numpy()
            score[valid] = 1 + np.floor(n_scores * (rank - 1) / valid.sum()).astype(np.int64)
        else:
            if not isinstance(bins, dict) or col not in bins:
                raise InvalidArgumentError(
                    f"method='bins' 需要参数 `bins`，为 {col} 给出 {n_scores + 1} 个递增的分箱边界，"
                    f"例如 bins={{'{col}': [...]}}。",
                    f"method='bins' needs `bins` with {n_scores + 1} increasing edges for {col}, "
                    f"e.g. bins={{'{col}': [...]}}.",
                )
            edges = np.asarray(bins[col], dtype=float)
            if edges.ndim != 1 or len(edges) != n_scores + 1 or np.any(np.diff(edges) <= 0):
                raise InvalidArgumentError(
                    f"`bins['{col}']` 必须是 {n_scores + 1} 个严格递增的数，但传入的是 {list(bins[col])!r}。",
                    f"`bins['{col}']` must be {n_scores + 1} strictly increasing numbers, "
                    f"but {list(bins[col])!r} was passed.",
                )
            b = np.clip(np.searchsorted(edges, v[valid], side="right") - 1, 0, n_scores - 1)
            score[valid] = (n_scores - b) if col == "recency" else (b + 1)
        out[score_col] = pd.array(np.where(valid, score, 0), dtype="Int64")
        out.loc[~valid, score_col] = pd.NA
    r, f, m = (out[c] for c in _SCORE_COLS.values())
    out["rfm_score"] = r.astype(str) + f.astype(str) + m.astype(str)
    out.loc[r.isna() | f.isna() | m.isna(), "rfm_score"] = pd.NA
    out["rfm_total"] = r + f + m
    return out


# --------------------------------------------------------------------------- segments

#: The eight RFM segments: code, high/low pattern of R, F, M, names and what to do.
RFM_SEGMENTS = pd.DataFrame(
    [
        ("important_value", True, True, True, "重要价值客户", "Important value",
         "重点维护，提供VIP服务", "keep them close: VIP service"),
        ("important_development", True, False, True, "重要发展客户", "Important to develop",
         "提高购买频次，如会员与复购激励", "raise purchase frequency: membership, repurchase offers"),
        ("important_retention", False, True, True, "重要保持客户", "Important to retain",
         "主动联系，唤回近期购买", "contact them to bring them back soon"),
        ("important_winback", False, False, True, "重要挽留客户", "Important to win back",
         "了解流失原因，重点挽留", "find out why they left and win them back"),
        ("general_value", True, True, False, "一般价值客户", "General value",
         "提高客单价，推荐高价商品", "raise order value: recommend higher-priced items"),
        ("general_development", True, False, False, "一般发展客户", "General to develop",
         "培养购买习惯，新客关怀", "build a habit: new-customer care"),
        ("general_retention", False, True, False, "一般保持客户", "General to retain",
         "低成本触达，保持联系", "low-cost reminders to stay in touch"),
        ("general_winback", False, False, False, "一般挽留客户", "General to win back",
         "低成本唤醒，或减少投入", "cheap reactivation, or spend less on them"),
    ],
    columns=["segment_code", "r_high", "f_high", "m_high", "name_zh", "name_en",
             "action_zh", "action_en"],
)


def rfm_segments(scores, *, method="mean", threshold=3, rules=None, default="other", locale=None):
    """Put every customer in one of the eight RFM segments (or in custom segments).

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`rfm_scores` (columns ``r_score``, ``f_score``,
        ``m_score``). A frame with only ``recency``, ``frequency``,
        ``monetary`` works too with ``method="mean"``: the raw values are then
        compared with their means (a recency *below* the mean is high).
    method : {"mean", "threshold"}, default="mean"
        How R, F and M are split into high and low. ``"mean"``: higher than the
        mean of all customers (the usual teaching rule). ``"threshold"``: a
        score above ``threshold``.
    threshold : float, default=3
        For ``method="threshold"``: scores above it are high (with 1-5 scores
        and 3, scores 4 and 5 are high).
    rules : dict of {str: str}, optional
        Custom segments instead of the eight: ``{segment name: condition}``
        with conditions in :meth:`pandas.DataFrame.eval` syntax over the
        columns of ``scores``, e.g. ``{"champions": "r_score >= 4 and f_score >=
        4"}``. The first matching rule wins; unmatched customers get
        ``default``.
    default : str, default="other"
        Segment of customers no custom rule matches.
    locale : {"zh", "en"}, optional
        Language of the ``segment`` names; default: the current locale.

    Returns
    -------
    pandas.DataFrame
        ``scores`` plus ``r_high``, ``f_high``, ``m_high`` (bool),
        ``segment_code`` (English code, e.g. ``"important_value"``) and
        ``segment`` (name in ``locale``, e.g. ``"重要价值客户"``, an ordered
        categorical) and ``action`` (the usual way to treat the segment, in
        ``locale``). With ``rules``: ``segment`` only. The documented name of
        this table is ``segments``: :func:`rfm_segment_summary` sums it up per
        segment, :func:`crmlab.plot.rfm_segment_map` draws it. To profile the
        segments, pass ``labels=seg["segment"]`` to
        :func:`crmlab.analysis.segment_profiles`.

        An "important" customer spends much (M high); "value" customers buy
        recently and often, "develop" recently but seldom, "retain" often but
        not lately, "win back" neither. See :data:`RFM_SEGMENTS` for the
        suggested action of each segment.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import rfm_summary, rfm_scores, rfm_segments
    >>> seg = rfm_segments(rfm_scores(rfm_summary(crmlab.load_dataset("classroom").orders)),
    ...                    locale="en")
    >>> "Important value" in set(seg["segment"])
    True
    """
    locale = locale or get_locale()
    check_choice("locale", locale, ("zh", "en"))
    out = scores.copy()
    if rules is not None:
        if not isinstance(rules, dict) or not rules:
            raise InvalidArgumentError(
                "`rules` 必须是非空字典 {客群名: 条件}，例如 {'高价值': 'm_score >= 4'}。",
                "`rules` must be a non-empty dict {segment: condition}, e.g. {'big': 'm_score >= 4'}.",
            )
        seg = pd.Series(default, index=out.index, dtype=object)
        unassigned = np.ones(len(out), bool)
        for label_, cond in rules.items():
            try:
                hit = np.asarray(out.eval(cond), dtype=bool)
            except Exception as exc:  # pandas raises many kinds for a bad expression
                raise InvalidArgumentError(
                    f"规则 {label_!r} 的条件 {cond!r} 无法计算（{exc}）。条件只能使用这些列：{list(out.columns)}。",
                    f"The condition {cond!r} of rule {label_!r} cannot be evaluated ({exc}). "
                    f"It may use these columns: {list(out.columns)}.",
                ) from None
            take = hit & unassigned
            seg[take] = label_
            unassigned &= ~take
        out["segment"] = pd.Categorical(seg, categories=list(dict.fromkeys([*rules, default])),
                                        ordered=True)
        return out

    check_choice("method", method, ("mean", "threshold"))
    score_cols = list(_SCORE_COLS.values())
    if all(c in out.columns for c in score_cols):
        cols, sign = score_cols, (1, 1, 1)
    elif method == "mean" and all(c in out.columns for c in _SCORE_COLS):
        cols, sign = list(_SCORE_COLS), (-1, 1, 1)  # low recency is good
    else:
        check_dataframe("scores", out, score_cols)
    highs = []
    for col, s in zip(cols, sign):
        v = check_numeric_column(out, col, "scores").astype("float64") * s
        if method == "mean":
            highs.append((v > v.mean()).to_numpy())
        else:
            highs.append((v > s * threshold).to_numpy())
    out["r_high"], out["f_high"], out["m_high"] = highs
    pattern = (out["r_high"].astype(int) * 4 + out["f_high"].astype(int) * 2
               + out["m_high"].astype(int)).to_numpy()
    table = RFM_SEGMENTS
    code_of, name_of, action_of = (np.empty(8, dtype=object) for _ in range(3))
    names = table["name_zh" if locale == "zh" else "name_en"]
    actions = table["action_zh" if locale == "zh" else "action_en"]
    for i, row in enumerate(table.itertuples(index=False)):  # 8 rows: a lookup table
        k = int(row.r_high) * 4 + int(row.f_high) * 2 + int(row.m_high)
        code_of[k], name_of[k], action_of[k] = row.segment_code, names.iloc[i], actions.iloc[i]
    out["segment_code"] = code_of[pattern]
    out["segment"] = pd.Categorical(name_of[pattern], categories=list(names), ordered=True)
    out["action"] = action_of[pattern]
    return out


def rfm_segment_summary(segments, *, segment="segment", recency="recency", frequency="frequency",
                        monetary="monetary"):
    """How many customers each segment holds, how they buy and what they bring.

    Parameters
    ----------
    segments : pandas.DataFrame
        One row per customer with a segment label and R, F, M values, e.g. the
        output of :func:`rfm_segments` (or k-means labels joined to an RFM table).
    segment, recency, frequency, monetary : str
        Column names; default ``"segment"``, ``"recency"``, ``"frequency"``,
        ``"monetary"``.

    Returns
    -------
    pandas.DataFrame
        One row per segment present, largest first: ``n_customers``,
        ``customer_share``, mean ``recency`` and ``frequency``, ``revenue``
        (total of ``monetary``) and ``revenue_share``. A segment with a small
        customer share but a large revenue share is the one to keep at any cost.
        :func:`crmlab.plot.rfm_segment_map` draws this table.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import rfm_segment_summary
    >>> seg = pd.DataFrame({"segment": ["a", "a", "b"], "recency": [10.0, 20, 90],
    ...                     "frequency": [3, 5, 1], "monetary": [300.0, 500, 200]})
    >>> rfm_segment_summary(seg)[["n_customers", "recency", "revenue_share"]]
             n_customers  recency  revenue_share
    segment
    a                  2     15.0            0.8
    b                  1     90.0            0.2
    """
    check_dataframe("segments", segments, [segment, recency, frequency, monetary])
    check_nonempty("segments", segments)
    summary = (
        segments.groupby(segment, observed=True, sort=False)
        .agg(n_customers=(recency, "size"), recency=(recency, "mean"),
             frequency=(frequency, "mean"), revenue=(monetary, "sum"))
        .sort_values("n_customers", ascending=False, kind="stable")
    )
    summary["customer_share"] = summary["n_customers"] / summary["n_customers"].sum()
    total = summary["revenue"].sum()
    summary["revenue_share"] = summary["revenue"] / total if total else 0.0
    return summary[["n_customers", "customer_share", "recency", "frequency", "revenue", "revenue_share"]]
