"""Data mining for CRM (数据挖掘, course material 004): baskets, oddities, segment portraits.

* **Association rules** (关联规则, market-basket analysis): which products are bought
  together. :func:`frequent_itemsets` counts single products and pairs,
  :func:`association_rules` turns pairs into rules "A -> B" with

  - ``support`` (支持度): share of orders containing both A and B;
  - ``confidence`` (置信度): share of orders with A that also contain B;
  - ``lift`` (提升度): confidence divided by B's own share. Lift 1 means A tells
    nothing about B; lift 3 means an order with A is three times as likely as an
    average order to contain B (a cross-selling opportunity, 连带销售).

  Pairs are counted with one sparse matrix product (orders x products), so a
  million order lines take about a second.
* **Deviation detection** (偏差检测): :func:`robust_zscore` (median and MAD, not
  fooled by the outliers themselves) and :func:`detect_deviations` (robust z-scores
  or scikit-learn's IsolationForest) find unusual orders or customers: bulk
  buyers, refund abuse, data errors.
* **Concept description** (概念描述): :func:`describe_segment` says how a group of
  customers differs from the rest: mean and share differences with effect sizes
  (Cohen's d and h) and tests, each with a sentence in Chinese or English.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import EmptyDataError, InvalidArgumentError
from ..validation import (check_choice, check_dataframe, check_float, check_int, check_nonempty,
                          check_numeric_column, check_sklearn_random_state)

__all__ = [
    "frequent_itemsets",
    "association_rules",
    "robust_zscore",
    "detect_deviations",
    "describe_segment",
]


# --------------------------------------------------------------------------- baskets
def _baskets(order_items, transaction_col, item_col):
    """Distinct (order, item) codes, the number of orders, and the item labels."""
    check_dataframe("order_items", order_items, [transaction_col, item_col])
    check_nonempty("order_items", order_items)
    if order_items[item_col].isna().any() or order_items[transaction_col].isna().any():
        raise InvalidArgumentError(
            f"列 {transaction_col} / {item_col} 含有空值。请先删除这些行。",
            f"Columns {transaction_col} / {item_col} have missing values. Drop those rows first.",
        )
    t_code, _ = pd.factorize(order_items[transaction_col], sort=False)
    i_code, items = pd.factorize(order_items[item_col], sort=True)
    n_items = len(items)
    key = np.unique(t_code.astype(np.int64) * n_items + i_code)  # one row per distinct (order, item)
    return key // n_items, key % n_items, int(t_code.max()) + 1, items


def _item_counts(i_code, n_items):
    return np.bincount(i_code, minlength=n_items)


def _pair_counts(t_code, i_code, n_orders, keep_items):
    """Co-occurrence counts of the kept items: (X^T X) with X the orders x items 0/1 matrix."""
    from scipy import sparse

    sel = keep_items[i_code]
    new = np.cumsum(keep_items) - 1
    k = int(keep_items.sum())
    X = sparse.csr_matrix((np.ones(int(sel.sum()), dtype=np.int64), (t_code[sel], new[i_code[sel]])),
                          shape=(n_orders, k))
    C = (X.T @ X).tocoo()
    kept = np.flatnonzero(keep_items)
    off = C.row != C.col
    return kept[C.row[off]], kept[C.col[off]], C.data[off]


def frequent_itemsets(order_items, *, min_support=0.01, transaction_col="order_id", item_col="product_id",
                      max_len=2):
    """Products and pairs of products that appear in at least ``min_support`` of orders.

    The first step of Apriori (先验算法): count single items, keep the frequent ones,
    then count pairs of frequent items only.

    Parameters
    ----------
    order_items : DataFrame
        One row per order line (``shop.order_items``); a product repeated within an
        order counts once.
    min_support : float, default=0.01
        Minimum share of orders (0.01 = 1% of orders).
    transaction_col, item_col : str
        Columns of the basket (order) and the item (product).
    max_len : {1, 2}, default=2
        Largest itemset size.

    Returns
    -------
    DataFrame
        ``item_a``, ``item_b`` (missing for single items), ``count`` (orders) and
        ``support`` (share of orders), by support, highest first.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import frequent_itemsets
    >>> lines = pd.DataFrame({"order_id": [1, 1, 2, 2, 3], "product_id": ["a", "b", "a", "b", "a"]})
    >>> frequent_itemsets(lines, min_support=0.5)[["item_a", "item_b", "support"]].values.tolist()
    [['a', <NA>, 1.0], ['a', 'b', 0.6666666666666666], ['b', <NA>, 0.6666666666666666]]
    """
    min_support = check_float("min_support", min_support, low=0, low_open=True, high=1, example="min_support=0.01")
    check_choice("max_len", max_len, (1, 2))
    t, i, n, items = _baskets(order_items, transaction_col, item_col)
    counts = _item_counts(i, len(items))
    need = min_support * n - 1e-9
    keep = counts >= need
    single = pd.DataFrame({"item_a": items[keep], "item_b": pd.array([pd.NA] * int(keep.sum()), dtype="object"),
                           "count": counts[keep]})
    parts = [single]
    if max_len == 2 and keep.sum() > 1:
        a, b, c = _pair_counts(t, i, n, keep)
        m = (a < b) & (c >= need)
        parts.append(pd.DataFrame({"item_a": items[a[m]], "item_b": items[b[m]].astype(object), "count": c[m]}))
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else single
    out["support"] = out["count"] / n
    return out.sort_values(["support", "item_a"], ascending=[False, True], kind="stable").reset_index(drop=True)


def association_rules(order_items, *, min_support=0.001, min_confidence=0.0, min_lift=None, min_count=1,
                      transaction_col="order_id", item_col="product_id", products=None, name_col="name"):
    """Association rules "A -> B" between pairs of products (关联规则).

    Parameters
    ----------
    order_items : DataFrame
        One row per order line (``shop.order_items``).
    min_support : float, default=0.001
        Minimum share of orders containing both products.
    min_confidence : float, default=0.0
        Minimum confidence P(B | A).
    min_lift : float, optional
        Minimum lift; ``1.0`` keeps only positively associated pairs.
    min_count : int, default=1
        Minimum number of orders containing both (guards against lifts from one
        or two coincidences in small shops).
    transaction_col, item_col : str
        Columns of the basket and the item.
    products : DataFrame, optional
        ``shop.products``: adds the products' names (``antecedent_name``,
        ``consequent_name``) in the shop's language.
    name_col : str, default="name"
        Column of ``products`` with the name.

    Returns
    -------
    DataFrame
        One row per rule with ``antecedent``, ``consequent``, ``count``,
        ``antecedent_support``, ``consequent_support``, ``support``,
        ``confidence``, ``lift``, ``leverage`` (support minus what independence
        predicts) and ``conviction`` (how much more often A occurs without B than
        if independent; infinite for rules that always hold); sorted by lift, then
        support. The rule and its reverse have the same support and lift but
        different confidence.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import association_rules
    >>> shop = crmlab.load_dataset("classroom")
    >>> rules = association_rules(shop.order_items, min_support=0.002, min_lift=2,
    ...                           products=shop.products)
    >>> bool((rules["lift"] >= 2).all()), rules.columns[:4].tolist()
    (True, ['antecedent', 'consequent', 'antecedent_name', 'consequent_name'])
    """
    min_support = check_float("min_support", min_support, low=0, high=1, example="min_support=0.001")
    min_confidence = check_float("min_confidence", min_confidence, low=0, high=1, example="min_confidence=0.1")
    min_lift = check_float("min_lift", min_lift, low=0, allow_none=True, example="min_lift=1.0")
    min_count = check_int("min_count", min_count, low=1, example="min_count=5")
    t, i, n, items = _baskets(order_items, transaction_col, item_col)
    counts = _item_counts(i, len(items))
    need = max(min_support * n - 1e-9, float(min_count))
    keep = counts >= need  # a pair cannot be more frequent than either of its items
    cols = ["antecedent", "consequent", "count", "antecedent_support", "consequent_support", "support",
            "confidence", "lift", "leverage", "conviction"]
    if keep.sum() < 2:
        return pd.DataFrame({c: pd.Series(dtype=float) for c in cols})
    a, b, c = _pair_counts(t, i, n, keep)
    m = c >= need
    a, b, c = a[m], b[m], c[m].astype(float)
    sa, sb, s = counts[a] / n, counts[b] / n, c / n
    conf = c / counts[a]
    lift = conf / sb
    with np.errstate(divide="ignore", invalid="ignore"):
        conviction = np.where(conf < 1, (1 - sb) / (1 - conf), np.inf)
    rules = pd.DataFrame({"antecedent": items[a], "consequent": items[b], "count": c.astype(np.int64),
                          "antecedent_support": sa, "consequent_support": sb, "support": s, "confidence": conf,
                          "lift": lift, "leverage": s - sa * sb, "conviction": conviction})
    m = rules["confidence"].to_numpy() >= min_confidence - 1e-12
    if min_lift is not None:
        m &= rules["lift"].to_numpy() >= min_lift
    rules = rules.loc[m].sort_values(["lift", "support", "antecedent", "consequent"],
                                     ascending=[False, False, True, True], kind="stable").reset_index(drop=True)
    if products is not None:
        check_dataframe("products", products, [item_col, name_col])
        names = products.drop_duplicates(item_col).set_index(item_col)[name_col]
        rules.insert(2, "antecedent_name", names.reindex(rules["antecedent"]).to_numpy())
        rules.insert(3, "consequent_name", names.reindex(rules["consequent"]).to_numpy())
    return rules


# --------------------------------------------------------------------------- deviations
def robust_zscore(values):
    """Robust z-score of each value: ``0.6745 * (x - median) / MAD`` (Iglewicz & Hoaglin).

    Unlike the ordinary z-score, the median and the median absolute deviation are
    not dragged by the outliers one is looking for. ``|z| > 3.5`` is the usual flag.
    When more than half the values are equal (MAD = 0), the mean absolute deviation
    is used instead (``(x - median) / (1.2533 * MeanAD)``); constant data give zeros.

    Parameters
    ----------
    values : array-like or Series
        Numbers; missing values stay missing.

    Returns
    -------
    pandas.Series or numpy.ndarray
        Same shape and index as ``values``.

    Examples
    --------
    >>> from crmlab.analysis import robust_zscore
    >>> robust_zscore([1.0, 2, 3, 4, 100]).round(2).tolist()
    [-1.35, -0.67, 0.0, 0.67, 65.43]
    """
    index = values.index if isinstance(values, pd.Series) else None
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise InvalidArgumentError("robust_zscore 需要数值数据。", "robust_zscore needs numbers.") from None
    if x.ndim != 1:
        raise InvalidArgumentError("robust_zscore 需要一维数据（一列）。", "robust_zscore needs one column of numbers.")
    if np.isnan(x).all():
        raise EmptyDataError("没有可用的数值（全部为空）。", "There are no values to score (all missing).")
    med = np.nanmedian(x)
    dev = np.abs(x - med)
    mad = np.nanmedian(dev)
    if mad > 0:
        z = 0.6745 * (x - med) / mad
    else:
        mean_ad = np.nanmean(dev)
        z = (x - med) / (1.253314 * mean_ad) if mean_ad > 0 else np.where(np.isnan(x), np.nan, 0.0)
    return pd.Series(z, index=index, name=getattr(values, "name", None)) if index is not None else z


def detect_deviations(data, *, columns=None, method="robust_z", threshold=3.5, contamination="auto", log=False,
                      random_state=0, locale=None):
    """Flag unusual rows (orders, customers ...) of a table (偏差检测).

    Parameters
    ----------
    data : DataFrame
        One row per thing to check, e.g. ``shop.orders`` or an RFM summary.
    columns : list of str, optional
        Numeric columns to look at (default: every numeric, non-boolean column
        except ids ending in ``_id``).
    method : {"robust_z", "isolation_forest"}, default="robust_z"
        ``"robust_z"``: a row is unusual when any column's robust z-score exceeds
        ``threshold`` in absolute value. ``"isolation_forest"``: scikit-learn's
        IsolationForest on all columns together (finds unusual *combinations*,
        such as a large order with a huge discount).
    threshold : float, default=3.5
        Cut-off for ``|robust z|`` (``"robust_z"`` only).
    contamination : "auto" or float, default="auto"
        Expected share of outliers (``"isolation_forest"`` only).
    log : bool, default=False
        Score ``log1p`` of the values: amounts and counts are skewed, and on the log
        scale a big but ordinary spender is not an outlier.
    random_state : None, int, str or numpy.random.Generator, default=0
        Randomness of the isolation forest; a whole number gives scikit-learn's
        result for that ``random_state``.
    locale : {"zh", "en"}, optional
        Language of the ``reason`` text.

    Returns
    -------
    DataFrame
        Indexed like ``data``: the robust z-score of each column (``z_<column>``),
        ``score`` (higher = more unusual: the largest ``|z|``, or the isolation
        forest's anomaly score), ``is_outlier`` and ``reason`` (the most extreme
        column and its direction, e.g. "amount 偏高").

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import detect_deviations
    >>> orders = crmlab.load_dataset("classroom").orders
    >>> dev = detect_deviations(orders, columns=["amount", "items", "discount"], log=True, locale="en")
    >>> dev.columns.tolist()
    ['z_amount', 'z_items', 'z_discount', 'score', 'is_outlier', 'reason']
    >>> unusual = orders[dev["is_outlier"]]
    """
    check_choice("method", method, ("robust_z", "isolation_forest"))
    check_dataframe("data", data)
    check_nonempty("data", data)
    random_state = check_sklearn_random_state(random_state)
    if columns is None:
        columns = [c for c in data.columns
                   if pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])
                   and not str(c).endswith("_id")]
        if not columns:
            raise InvalidArgumentError("表中没有可用的数值列。请用 columns=[...] 指定。",
                                       "The table has no numeric columns to check. Name them with columns=[...].")
    elif isinstance(columns, str):
        columns = [columns]
    check_dataframe("data", data, columns)
    for c in columns:
        check_numeric_column(data, c, "data")
    threshold = check_float("threshold", threshold, low=0, low_open=True, example="threshold=3.5")
    X = data[columns].astype(float)
    if log:
        if (X < 0).any().any():
            neg = [c for c in columns if (X[c] < 0).any()]
            raise InvalidArgumentError(f"log=True 要求数值非负，但这些列有负数：{', '.join(neg)}。",
                                       f"log=True needs non-negative values, but these columns have negatives: "
                                       f"{', '.join(neg)}.")
        X = np.log1p(X)
    Z = pd.DataFrame({f"z_{c}": robust_zscore(X[c]) for c in columns}, index=data.index)
    absz = Z.abs().fillna(0.0).to_numpy()
    out = Z.copy()
    if method == "robust_z":
        out["score"] = absz.max(axis=1)
        out["is_outlier"] = out["score"] > threshold
    else:
        from sklearn.ensemble import IsolationForest

        if X.isna().any().any():
            raise InvalidArgumentError("IsolationForest 不接受空值。请先填补或删除含空值的行。",
                                       "IsolationForest does not accept missing values. Fill or drop those rows first.")
        forest = IsolationForest(contamination=contamination, random_state=random_state).fit(X.to_numpy())
        out["score"] = -forest.score_samples(X.to_numpy())
        out["is_outlier"] = forest.predict(X.to_numpy()) == -1
    loc = locale or get_locale()
    top = absz.argmax(axis=1)
    col = np.asarray(columns, dtype=object)[top]
    high = Z.to_numpy()[np.arange(len(Z)), top] > 0
    word = np.where(high, " 偏高" if loc == "zh" else " unusually high", " 偏低" if loc == "zh" else " unusually low")
    out["reason"] = np.where(out["is_outlier"].to_numpy(), col.astype(str) + word, "")
    return out


# --------------------------------------------------------------------------- concept description
_EFFECT = (
    (0.8, "大", "large"), (0.5, "中", "medium"), (0.2, "小", "small"), (0.0, "可忽略", "negligible"),
)


def _effect_label(es, loc):
    a = np.abs(np.nan_to_num(es))
    out = np.empty(a.shape, dtype=object)
    out[:] = _EFFECT[-1][1 if loc == "zh" else 2]
    for cut, zh, en in reversed(_EFFECT[:-1]):
        out[a >= cut] = zh if loc == "zh" else en
    return out


def describe_segment(data, segment, *, value=None, columns=None, max_categories=20, locale=None):
    """How a segment of customers differs from everyone else (概念描述 / 对比描述).

    Numeric columns are compared by their means, with Cohen's d (difference in
    pooled standard deviations) and Welch's t-test; categorical columns by the share
    of each category, with Cohen's h and a two-proportion z-test. By Cohen's rule of
    thumb an effect of 0.2 is small, 0.5 medium and 0.8 large.

    Parameters
    ----------
    data : DataFrame
        One row per customer (or order ...), e.g. customers joined with an RFM table.
    segment : str or boolean array-like
        A boolean mask of the segment's rows, or the name of a column of ``data``
        (then rows equal to ``value`` form the segment; a boolean column needs no
        ``value``).
    value : optional
        The value of ``segment``'s column that defines the segment.
    columns : list of str, optional
        Columns to describe (default: all except the segment column and ids).
    max_categories : int, default=20
        Categorical columns with more categories than this are skipped (names,
        phone numbers ...).
    locale : {"zh", "en"}, optional
        Language of ``effect`` and ``description``.

    Returns
    -------
    DataFrame
        One row per numeric column or category: ``feature``, ``category`` (empty for
        numeric columns), ``kind``, ``segment_value`` and ``rest_value`` (means, or
        shares of the category), ``difference``, ``effect_size`` (d or h),
        ``p_value``, ``effect`` (large / medium / small / negligible) and a
        ``description`` sentence; by ``|effect_size|``, largest first.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import customer_table, describe_segment
    >>> shop = crmlab.load_dataset("classroom")
    >>> table = customer_table(shop.customers, orders=shop.orders)
    >>> d = describe_segment(table[["region", "frequency", "monetary"]], table["frequency"] >= 3, locale="en")
    >>> d.loc[0, "feature"], d.loc[0, "effect"]
    ('frequency', 'large')
    """
    from scipy import stats

    check_dataframe("data", data)
    check_nonempty("data", data)
    seg_col = None
    if isinstance(segment, str):
        check_dataframe("data", data, [segment])
        seg_col = segment
        s = data[segment]
        if value is None:
            if not pd.api.types.is_bool_dtype(s):
                raise InvalidArgumentError(
                    f"请用 value=... 指明 {segment} 的哪个取值构成该客群（如 value={s.dropna().iloc[0]!r}）。",
                    f"Say which value of {segment} forms the segment with value=... (e.g. value={s.dropna().iloc[0]!r}).",
                )
            mask = s.fillna(False).to_numpy(bool)
        else:
            mask = (s == value).fillna(False).to_numpy(bool)
    else:
        mask = np.asarray(segment)
        if mask.shape != (len(data),) or not (mask.dtype == bool or set(np.unique(mask)) <= {0, 1}):
            raise InvalidArgumentError(
                "segment 必须是列名，或与 data 行数相同的布尔数组（True 表示属于该客群）。",
                "segment must be a column name or a boolean array with one value per row of data (True = in the segment).",
            )
        mask = mask.astype(bool)
    if mask.all() or not mask.any():
        raise InvalidArgumentError(
            f"客群有 {int(mask.sum())} 行、其余有 {int((~mask).sum())} 行：两边都需要至少一行才能比较。",
            f"The segment has {int(mask.sum())} rows and the rest {int((~mask).sum())}: both need rows to compare.",
        )
    if columns is None:
        columns = [c for c in data.columns if c != seg_col and not str(c).endswith("_id")]
    else:
        check_dataframe("data", data, columns)
    loc = locale or get_locale()
    n1, n0 = int(mask.sum()), int((~mask).sum())
    rows = []
    num_cols = [c for c in columns if pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])]
    cat_cols = [c for c in columns if c not in num_cols and not pd.api.types.is_datetime64_any_dtype(data[c])]
    if num_cols:
        A = data.loc[mask, num_cols].astype(float)
        B = data.loc[~mask, num_cols].astype(float)
        m1, m0 = A.mean(), B.mean()
        v1, v0 = A.var(ddof=1), B.var(ddof=1)
        k1, k0 = A.count(), B.count()
        pooled = np.sqrt(((k1 - 1) * v1 + (k0 - 1) * v0) / (k1 + k0 - 2))
        with np.errstate(divide="ignore", invalid="ignore"):
            d = ((m1 - m0) / pooled).where(pooled > 0, 0.0)
            p = stats.ttest_ind(A, B, equal_var=False, nan_policy="omit").pvalue
        rows.append(pd.DataFrame({"feature": num_cols, "category": "", "kind": "numeric",
                                  "segment_value": m1.to_numpy(), "rest_value": m0.to_numpy(),
                                  "difference": (m1 - m0).to_numpy(), "effect_size": d.to_numpy(),
                                  "p_value": np.asarray(p, float)}))
    for c in cat_cols:
        s = data[c].astype(object).where(data[c].notna(), "(NA)").astype(str)
        if s.nunique() > max_categories:
            continue
        tab = pd.crosstab(s, mask)
        tab = tab.reindex(columns=[True, False], fill_value=0)
        p1, p0 = tab[True].to_numpy() / n1, tab[False].to_numpy() / n0
        h = 2 * np.arcsin(np.sqrt(p1)) - 2 * np.arcsin(np.sqrt(p0))
        pp = (tab[True].to_numpy() + tab[False].to_numpy()) / (n1 + n0)
        se = np.sqrt(pp * (1 - pp) * (1 / n1 + 1 / n0))
        with np.errstate(divide="ignore", invalid="ignore"):
            zval = np.where(se > 0, (p1 - p0) / se, 0.0)
        rows.append(pd.DataFrame({"feature": c, "category": tab.index.astype(str), "kind": "categorical",
                                  "segment_value": p1, "rest_value": p0, "difference": p1 - p0,
                                  "effect_size": h, "p_value": 2 * stats.norm.sf(np.abs(zval))}))
    if not rows:
        raise InvalidArgumentError("没有可描述的列。请用 columns=[...] 指定数值或类别列。",
                                   "There are no columns to describe. Name numeric or categorical columns with columns=[...].")
    out = pd.concat(rows, ignore_index=True)
    out["effect"] = _effect_label(out["effect_size"].to_numpy(float), loc)
    out["description"] = _sentences(out, loc)
    order = np.argsort(-np.abs(out["effect_size"].fillna(0).to_numpy()), kind="stable")
    return out.iloc[order].reset_index(drop=True)


def _sentences(out, loc):
    num = out["kind"].to_numpy() == "numeric"
    up = out["difference"].to_numpy() > 0
    es = np.abs(out["effect_size"].to_numpy(float))
    seg, rest = out["segment_value"].to_numpy(float), out["rest_value"].to_numpy(float)
    feat, cat, eff = out["feature"].astype(str), out["category"].astype(str), out["effect"].astype(str)
    if loc == "zh":
        dir_num = np.where(up, "高于", "低于")
        s_num = (feat + " 的均值为 " + pd.Series(seg).map("{:.4g}".format) + "，" + dir_num + "其余客户的 "
                 + pd.Series(rest).map("{:.4g}".format) + "（效应" + eff + "，d = " + pd.Series(es).map("{:.2f}".format) + "）")
        s_cat = (feat + " = " + cat + " 的占比为 " + pd.Series(seg * 100).map("{:.1f}%".format) + "，其余客户为 "
                 + pd.Series(rest * 100).map("{:.1f}%".format) + "（效应" + eff + "，h = "
                 + pd.Series(es).map("{:.2f}".format) + "）")
    else:
        dir_num = np.where(up, "above", "below")
        s_num = ("mean " + feat + " is " + pd.Series(seg).map("{:.4g}".format) + ", " + dir_num + " the rest's "
                 + pd.Series(rest).map("{:.4g}".format) + " (" + eff + " effect, d = "
                 + pd.Series(es).map("{:.2f}".format) + ")")
        s_cat = (pd.Series(seg * 100).map("{:.1f}%".format) + " have " + feat + " = " + cat + ", vs "
                 + pd.Series(rest * 100).map("{:.1f}%".format) + " of the rest (" + eff + " effect, h = "
                 + pd.Series(es).map("{:.2f}".format) + ")")
    return np.where(num, s_num.to_numpy(), s_cat.to_numpy())
