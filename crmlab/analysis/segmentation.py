"""Customer segmentation (course chapter 2): profiles by geographic, demographic,
behavioural and platform variables, k-means clusters of RFM with a data-driven
choice of k, readable cluster profiles, and agreement with the shop's hidden
segments (adjusted Rand index).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import InvalidArgumentError
from ..validation import (check_choice, check_dataframe, check_nonempty, check_numeric_column,
                          check_sklearn_random_state)
from .rfm import RFM_SEGMENTS, rfm_summary

__all__ = ["SEGMENT_VARIABLES", "customer_table", "segment_profile", "choose_k",
           "kmeans_segments", "segment_profiles", "compare_segments", "KMeansSegments",
           "SegmentComparison"]

#: Segmentation variables of the course, by kind (columns of :func:`customer_table`).
SEGMENT_VARIABLES = {
    "geographic": ["region", "city_tier"],
    "demographic": ["gender", "age_band"],
    "behavioural": ["frequency_band", "member_tier"],
    "platform": ["device", "acquisition_channel"],
}

_RFM = ("recency", "frequency", "monetary")


def customer_table(customers, *, rfm=None, orders=None, customer_id_col="customer_id"):
    """One row per customer: the customer's attributes joined with RFM.

    Parameters
    ----------
    customers : pandas.DataFrame
        The ``customers`` table.
    rfm : pandas.DataFrame, optional
        Output of ``rfm_summary(orders)``; computed from ``orders`` if omitted.
    orders : pandas.DataFrame, optional
        The ``orders`` table, when ``rfm`` is not given (paid orders count).
    customer_id_col : str, default="customer_id"
        Column of the customer id.

    Returns
    -------
    table : pandas.DataFrame
        Indexed by customer id: the customer columns, ``recency``,
        ``frequency``, ``monetary`` (customers who never bought: frequency 0,
        monetary 0, recency NaN) and ``frequency_band`` (``"0"``, ``"1"``,
        ``"2"``, ``"3-5"``, ``"6+"`` purchases). :func:`segment_profile` reads it.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import customer_table
    >>> shop = crmlab.load_dataset("classroom")
    >>> table = customer_table(shop.customers, orders=shop.orders)
    >>> len(table) == len(shop.customers), str(table["frequency_band"].cat.categories[0])
    (True, '0')
    """
    check_dataframe("customers", customers, [customer_id_col])
    if rfm is None:
        if orders is None:
            raise InvalidArgumentError(
                "请给出 `rfm`（rfm_summary 的结果）或 `orders`（订单表）。",
                "Give `rfm` (the result of rfm_summary) or `orders` (the orders table).")
        rfm = rfm_summary(orders, customer_id_col=customer_id_col)
    check_dataframe("rfm", rfm, list(_RFM))
    t = customers.set_index(customer_id_col).join(rfm[list(_RFM)], how="left")
    t["frequency"] = t["frequency"].fillna(0).astype(np.int64)
    t["monetary"] = t["monetary"].fillna(0.0)
    bands = np.array(["0", "1", "2", "3-5", "6+"])
    f = t["frequency"].to_numpy()
    t["frequency_band"] = pd.Categorical(
        bands[np.searchsorted([1, 2, 3, 6], f, side="right")], categories=bands, ordered=True)
    return t


def segment_profile(table, by="geographic"):
    """Profile customers by one or more segmentation variables.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`customer_table` (or any table with the variables,
        ``frequency`` and ``monetary``).
    by : str or list of str, default="geographic"
        A kind of variables (``"geographic"``, ``"demographic"``,
        ``"behavioural"``, ``"platform"``, see :data:`SEGMENT_VARIABLES`) or
        column names.

    Returns
    -------
    pandas.DataFrame
        One row per variable and level: ``variable``, ``level``,
        ``customers``, ``customer_share``, ``buyer_rate`` (share who bought),
        ``avg_frequency``, ``avg_monetary``, ``value_share`` (share of all
        spend) and ``value_index`` (``value_share / customer_share``: above 1,
        the level brings more than its head count; a target segment).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import customer_table, segment_profile
    >>> shop = crmlab.load_dataset("classroom")
    >>> p = segment_profile(customer_table(shop.customers, orders=shop.orders), "platform")
    >>> sorted(p["variable"].unique())
    ['acquisition_channel', 'device']
    """
    cols = SEGMENT_VARIABLES.get(by, by) if isinstance(by, str) else list(by)
    cols = [cols] if isinstance(cols, str) else list(cols)
    check_dataframe("table", table, cols + ["frequency", "monetary"])
    check_nonempty("table", table)
    total_n, total_m = len(table), table["monetary"].clip(lower=0).sum()
    parts = []
    for col in cols:  # a few variables: a short loop; each is one groupby
        g = table.groupby(col, observed=True, sort=True)
        p = pd.DataFrame({
            "customers": g.size(),
            "buyer_rate": g["frequency"].apply(lambda f: (f > 0).mean()),
            "avg_frequency": g["frequency"].mean(),
            "avg_monetary": g["monetary"].mean(),
            "value": g["monetary"].apply(lambda m: m.clip(lower=0).sum()),
        })
        p.index = p.index.astype(str)
        p = p.rename_axis("level").reset_index()
        p.insert(0, "variable", col)
        parts.append(p)
    out = pd.concat(parts, ignore_index=True)
    out["customer_share"] = out["customers"] / total_n
    out["value_share"] = out["value"] / total_m if total_m > 0 else np.nan
    out["value_index"] = out["value_share"] / out["customer_share"]
    return out[["variable", "level", "customers", "customer_share", "buyer_rate",
                "avg_frequency", "avg_monetary", "value_share", "value_index"]]


def _features(rfm, features, log):
    check_dataframe("rfm", rfm, list(features))
    X = pd.DataFrame({c: check_numeric_column(rfm, c, "rfm").astype(float) for c in features})
    X = X.dropna()
    check_nonempty("rfm", X)
    if log:
        # spend and counts are heavy-tailed: log1p keeps a few big spenders from
        # becoming clusters of their own
        for c in X.columns:
            if c in ("frequency", "monetary"):
                X[c] = np.log1p(X[c].clip(lower=0))
    return X


def _pipeline(k, random_state):
    from sklearn.cluster import KMeans
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), KMeans(n_clusters=k, n_init=4, random_state=random_state))


def choose_k(rfm, *, k_range=range(2, 9), features=_RFM, log=True, sample_size=3000,
             random_state=0):
    """Fit k-means for each k and score it, to choose the number of segments.

    Parameters
    ----------
    rfm : pandas.DataFrame
        Output of ``rfm_summary``; rows with missing values are dropped.
    k_range : iterable of int, default=range(2, 9)
        Numbers of clusters to try.
    features : tuple of str, default=("recency", "frequency", "monetary")
    log : bool, default=True
        Take ``log1p`` of frequency and monetary before scaling.
    sample_size : int, default=3000
        Customers used for the silhouette score (it is quadratic in n).
    random_state : None, int, str or numpy.random.Generator, default=0
        Randomness of k-means and of the silhouette sample; a whole number gives
        scikit-learn's result for that ``random_state``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``k``: ``inertia`` (within-cluster sum of squares: the elbow
        curve), ``silhouette`` (-1 to 1, higher = better separated clusters),
        ``elbow`` (True at the k where the inertia curve bends most: the
        largest second difference) and ``best`` (True at the highest
        silhouette).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import choose_k, rfm_summary
    >>> scores = choose_k(rfm_summary(crmlab.load_dataset("classroom").orders), k_range=range(2, 5))
    >>> scores.index.tolist(), int(scores["best"].sum())
    ([2, 3, 4], 1)
    """
    from sklearn.metrics import silhouette_score

    random_state = check_sklearn_random_state(random_state)
    ks = [int(k) for k in k_range]
    if len(ks) < 1 or min(ks) < 2:
        raise InvalidArgumentError(
            f"`k_range` 的每个值都必须不小于 2，但传入的是 {list(k_range)!r}。",
            f"Every value of `k_range` must be at least 2, but {list(k_range)!r} was passed.")
    X = _features(rfm, features, log)
    if len(X) <= max(ks):
        raise InvalidArgumentError(
            f"客户数（{len(X)}）必须多于最大的 k（{max(ks)}）。",
            f"There must be more customers ({len(X)}) than the largest k ({max(ks)}).")
    rows = []
    for k in ks:  # one model per k
        pipe = _pipeline(k, random_state).fit(X)
        labels = pipe[-1].labels_
        Z = pipe[0].transform(X)
        sil = silhouette_score(Z, labels, sample_size=min(sample_size, len(X)),
                               random_state=random_state)
        rows.append((k, pipe[-1].inertia_, sil))
    out = pd.DataFrame(rows, columns=["k", "inertia", "silhouette"]).set_index("k")
    inertia = out["inertia"]
    # discrete curvature I[k-1] - 2 I[k] + I[k+1]: where the curve bends most
    second = inertia.shift(1) - 2 * inertia + inertia.shift(-1)
    out["elbow"] = False
    if second.notna().any():
        out.loc[second.idxmax(), "elbow"] = True
    out["best"] = out.index == out["silhouette"].idxmax()
    return out


@dataclass
class KMeansSegments:
    """Result of :func:`kmeans_segments`.

    Attributes
    ----------
    labels : pandas.Series
        Segment number of each customer (0 = the segment with the highest mean
        spend, 1 the next ...), indexed like the input.
    k : int
        Number of segments.
    scores : pandas.DataFrame or None
        The :func:`choose_k` table, when k was chosen from the data.
    profiles : pandas.DataFrame
        :func:`segment_profiles` of the segments.
    model : sklearn.pipeline.Pipeline
        Scaler + k-means, fitted (on log1p features when ``log=True``).
    """

    labels: pd.Series
    k: int
    scores: pd.DataFrame | None
    profiles: pd.DataFrame
    model: object = field(repr=False)


def kmeans_segments(rfm, *, k="silhouette", k_range=range(2, 9), features=_RFM, log=True,
                    random_state=0, locale=None):
    """Segment customers with k-means on scaled RFM.

    Parameters
    ----------
    rfm : pandas.DataFrame
        Output of ``rfm_summary`` (form ``"rfm"``). Customers with a missing
        value (refunds only) are left out.
    k : int or {"silhouette", "elbow"}, default="silhouette"
        Number of segments, or how to choose it over ``k_range`` (see
        :func:`choose_k`).
    k_range : iterable of int, default=range(2, 9)
    features : tuple of str, default=("recency", "frequency", "monetary")
    log : bool, default=True
        ``log1p`` of frequency and monetary before standard scaling.
    random_state : None, int, str or numpy.random.Generator, default=0
        Randomness of k-means; a whole number gives scikit-learn's result for
        that ``random_state``.
    locale : {"zh", "en"}, optional
        Language of the profile names.

    Returns
    -------
    KMeansSegments
        ``labels``, ``k``, ``scores``, ``profiles``, ``model``. Segments are
        numbered by mean spend, highest first, so numbers are stable.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import rfm_summary, kmeans_segments
    >>> seg = kmeans_segments(rfm_summary(crmlab.load_dataset("classroom").orders), k=3)
    >>> seg.k, int(seg.labels.nunique())
    (3, 3)
    """
    random_state = check_sklearn_random_state(random_state)
    scores = None
    if isinstance(k, str):
        check_choice("k", k, ("silhouette", "elbow"))
        scores = choose_k(rfm, k_range=k_range, features=features, log=log,
                          random_state=random_state)
        k = int(scores.index[scores["best" if k == "silhouette" else "elbow"]][0])
    elif not isinstance(k, (int, np.integer)) or k < 2:
        raise InvalidArgumentError(
            f"`k` 必须是不小于 2 的整数或 'silhouette'/'elbow'，但传入的是 {k!r}。",
            f"`k` must be an integer of at least 2 or 'silhouette'/'elbow', but {k!r} was passed.")
    X = _features(rfm, features, log)
    if len(X) <= k:
        raise InvalidArgumentError(
            f"客户数（{len(X)}）必须多于 k（{k}）。",
            f"There must be more customers ({len(X)}) than k ({k}).")
    pipe = _pipeline(int(k), random_state).fit(X)
    raw = pipe[-1].labels_
    # number the clusters by mean spend (or the last feature), highest first
    key = rfm.loc[X.index, "monetary" if "monetary" in features else features[-1]].to_numpy()
    means = np.bincount(raw, weights=key, minlength=k) / np.bincount(raw, minlength=k)
    rank = np.empty(k, dtype=np.int64)
    rank[np.argsort(-means, kind="stable")] = np.arange(k)
    labels = pd.Series(rank[raw], index=X.index, name="segment")
    return KMeansSegments(labels=labels, k=int(k), scores=scores,
                          profiles=segment_profiles(rfm, labels, locale=locale), model=pipe)


def segment_profiles(rfm, labels, *, locale=None):
    """Readable profile of each segment: size, mean RFM and a name.

    Parameters
    ----------
    rfm : pandas.DataFrame
        Columns ``recency``, ``frequency``, ``monetary``.
    labels : pandas.Series
        Segment of each customer, indexed like ``rfm`` (missing customers are
        left out).
    locale : {"zh", "en"}, optional

    Returns
    -------
    pandas.DataFrame
        One row per segment: ``customers``, ``share``, mean ``recency``,
        ``frequency``, ``monetary``, ``value_share`` (share of all spend),
        ``pattern`` (R/F/M above or below the all-customer mean, e.g.
        ``"R高 F高 M高"``) and ``name`` (the matching RFM segment, e.g.
        ``"重要价值客户"``). The name tells what to do with the segment.

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import segment_profiles
    >>> rfm = pd.DataFrame({"recency": [5.0, 10, 200, 300], "frequency": [6, 4, 1, 1],
    ...                     "monetary": [900.0, 700, 50, 80]})
    >>> segment_profiles(rfm, pd.Series([0, 0, 1, 1]), locale="en")["name"].tolist()
    ['Important value', 'General to win back']
    """
    locale = locale or get_locale()
    check_choice("locale", locale, ("zh", "en"))
    check_dataframe("rfm", rfm, list(_RFM))
    d = rfm.loc[labels.index, list(_RFM)].assign(segment=labels.to_numpy())
    g = d.groupby("segment", sort=True)
    out = g[list(_RFM)].mean()
    out.insert(0, "customers", g.size())
    out.insert(1, "share", out["customers"] / len(d))
    out["value_share"] = g["monetary"].sum() / d["monetary"].sum()
    overall = d[list(_RFM)].mean()
    r_hi = (out["recency"] < overall["recency"]).to_numpy()  # recent = high R
    f_hi = (out["frequency"] > overall["frequency"]).to_numpy()
    m_hi = (out["monetary"] > overall["monetary"]).to_numpy()
    hi, lo = ("高", "低") if locale == "zh" else (" high", " low")
    word = lambda b: np.where(b, hi, lo)  # noqa: E731
    out["pattern"] = [f"R{a} F{b} M{c}" for a, b, c in zip(word(r_hi), word(f_hi), word(m_hi))]
    table = RFM_SEGMENTS.set_index(["r_high", "f_high", "m_high"])["name_zh" if locale == "zh" else "name_en"]
    out["name"] = [table[(bool(a), bool(b), bool(c))] for a, b, c in zip(r_hi, f_hi, m_hi)]
    return out


@dataclass
class SegmentComparison:
    """Agreement of found segments with true ones (see :func:`compare_segments`)."""

    ari: float
    ami: float
    n: int
    crosstab: pd.DataFrame = field(repr=False)


def compare_segments(found, truth, *, truth_col="segment_true", customer_id_col="customer_id"):
    """How well found segments recover the shop's hidden segments.

    Parameters
    ----------
    found : pandas.Series
        Segment of each customer, indexed by customer id (e.g.
        ``kmeans_segments(...).labels``).
    truth : pandas.DataFrame or pandas.Series
        ``shop.truth`` (with ``customer_id`` and ``segment_true``) or a Series
        of true segments indexed by customer id.

    Returns
    -------
    SegmentComparison
        ``ari`` (adjusted Rand index: 1 = the same partition, about 0 = no
        better than chance), ``ami`` (adjusted mutual information), ``n``
        (customers in both) and ``crosstab`` (found x true counts: which true
        segments each found segment gathers).

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import compare_segments
    >>> found = pd.Series([0, 0, 1, 1], index=[1, 2, 3, 4])
    >>> truth = pd.Series(["a", "a", "b", "b"], index=[1, 2, 3, 4])
    >>> compare_segments(found, truth).ari
    1.0
    """
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score

    if isinstance(truth, pd.DataFrame):
        check_dataframe("truth", truth, [customer_id_col, truth_col])
        truth = truth.set_index(customer_id_col)[truth_col]
    both = pd.concat([pd.Series(found, name="found"), truth.rename("true")], axis=1,
                     join="inner").dropna()
    check_nonempty("found & truth", both)
    return SegmentComparison(
        ari=float(adjusted_rand_score(both["true"], both["found"])),
        ami=float(adjusted_mutual_info_score(both["true"], both["found"])),
        n=len(both),
        crosstab=pd.crosstab(both["found"], both["true"]),
    )
