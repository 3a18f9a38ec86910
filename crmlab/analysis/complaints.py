"""Complaint handling (chapter 8): the workflow 记录→判断→分析→回复→反馈→回访.

A complaint passes six stages: it is recorded (记录), judged (判断: is it valid, how
serious), analysed (分析: cause and remedy), replied to (回复), feedback is given on
the solution (反馈) and, for some, a follow-up visit is made (回访). The
``complaints`` table stores the time each stage was completed; from them this module
measures the time spent in each stage, the breaches of service-level targets, and
what handling speed does to resolution, satisfaction and to whether the customer
stays.

The time *in* a stage is the time from the previous stage's completion to this
stage's completion (``judge`` = judged - recorded, ..., ``followup`` = follow-up -
feedback); the *elapsed* time of a stage is measured from the record time, which is
what service-level agreements ("reply within 24 hours") usually mean.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import ColumnError, InvalidArgumentError
from ..schema import COMPLAINT_STAGES
from ..validation import check_choice, check_float, check_mapping
from ._tables import paid_orders
from ._validation import require_columns, require_nonempty

__all__ = ["DEFAULT_SLA_HOURS", "complaint_stage_times", "sla_breaches", "handling_speed_band", "complaint_retention"]

#: Default targets, hours elapsed since the complaint was recorded.
DEFAULT_SLA_HOURS: dict[str, float] = {"judge": 4.0, "analyse": 12.0, "reply": 24.0, "feedback": 48.0,
                                       "followup": 168.0}
#: The stages with a duration: every stage after "record" (crmlab.schema.COMPLAINT_STAGES).
_DURATION_STAGES = tuple(COMPLAINT_STAGES)[1:]
_NS_PER_HOUR = 3.6e12


def _stage_label(code, locale):
    _, zh, en = COMPLAINT_STAGES[code]
    return zh if (locale or get_locale()) == "zh" else en


def _stage_matrix(complaints):
    """Completion times of the six stages as float hours since the epoch (NaN if missing)."""
    cols = [column for column, _, _ in COMPLAINT_STAGES.values()]
    require_columns(complaints, cols, "complaints")
    require_nonempty(complaints, "complaints")
    out = np.empty((len(complaints), len(cols)))
    for j, col in enumerate(cols):
        s = complaints[col]
        if not pd.api.types.is_datetime64_any_dtype(s):
            try:
                s = pd.to_datetime(s)
            except (ValueError, TypeError):
                raise ColumnError(
                    f"表 `complaints` 的列 `{col}` 必须是日期时间。请先用 pd.to_datetime 转换。",
                    f"Column `{col}` of table `complaints` must hold dates. Convert it with pd.to_datetime.",
                ) from None
        v = s.to_numpy(dtype="datetime64[ns]").astype("int64").astype(float)
        v[s.isna().to_numpy()] = np.nan
        out[:, j] = v / _NS_PER_HOUR
    return out


def _unit_factor(unit):
    check_choice("unit", unit, ("minutes", "hours", "days"))
    return {"minutes": 60.0, "hours": 1.0, "days": 1 / 24.0}[unit]


def complaint_stage_times(complaints, *, unit="hours", long=False, locale=None):
    """Time each complaint spent in each workflow stage.

    Parameters
    ----------
    complaints : pandas.DataFrame
        The ``complaints`` table: ``complaint_id`` and the six stage times
        (``recorded_time`` ... ``followup_time``; a missing follow-up is allowed).
    unit : {"hours", "minutes", "days"}, default="hours"
    long : bool, default=False
        ``False``: one row per complaint, a column per stage. ``True``: one row
        per complaint and stage reached (tidy, for plots and group-bys).
    locale : {"zh", "en"}, optional
        Language of ``stage_label`` in the long form.

    Returns
    -------
    pandas.DataFrame
        Wide: ``complaint_id``, the time in each stage (``judge``, ``analyse``,
        ``reply``, ``feedback``, ``followup``), ``time_to_reply`` (record to
        reply, the figure customers feel) and ``total`` (record to the last stage
        reached). Long: ``complaint_id``, ``stage``, ``stage_label``, ``duration``
        and ``elapsed`` (since the record). Stages not reached are NaN (wide) or
        absent (long).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import complaint_stage_times
    >>> shop = crmlab.simulate(500, random_state=1)
    >>> t = complaint_stage_times(shop.complaints)
    >>> list(t.columns)[:4]
    ['complaint_id', 'judge', 'analyse', 'reply']
    """
    f = _unit_factor(unit)
    require_columns(complaints, ["complaint_id"], "complaints")
    m = _stage_matrix(complaints)
    dur = np.diff(m, axis=1) * f  # time in each stage after "record"
    elapsed = (m[:, 1:] - m[:, [0]]) * f
    ids = complaints["complaint_id"].to_numpy()
    if not long:
        out = pd.DataFrame(dur, columns=list(_DURATION_STAGES))
        out.insert(0, "complaint_id", ids)
        out["time_to_reply"] = elapsed[:, 2]
        last = np.where(np.isnan(elapsed[:, -1]), elapsed[:, -2], elapsed[:, -1])
        out["total"] = last
        return out
    k = len(_DURATION_STAGES)
    reached = ~np.isnan(dur.ravel())
    stage = np.tile(np.array(_DURATION_STAGES, dtype=object), len(ids))
    labels = np.array([_stage_label(s, locale) for s in _DURATION_STAGES], dtype=object)
    return pd.DataFrame({
        "complaint_id": np.repeat(ids, k)[reached], "stage": stage[reached],
        "stage_label": np.tile(labels, len(ids))[reached],
        "duration": dur.ravel()[reached], "elapsed": elapsed.ravel()[reached],
    }).reset_index(drop=True)


def sla_breaches(complaints, *, targets=None, basis="elapsed", by=None, locale=None):
    """Service-level breaches at each workflow stage.

    Parameters
    ----------
    complaints : pandas.DataFrame
        The ``complaints`` table.
    targets : dict, optional
        Hours allowed per stage, e.g. ``{"reply": 24}``; stages not named keep
        :data:`DEFAULT_SLA_HOURS` (judge 4 h, analyse 12 h, reply 24 h, feedback
        48 h, follow-up 7 days, all since the record).
    basis : {"elapsed", "stage"}, default="elapsed"
        ``"elapsed"``: targets count from the record time (a "reply within 24 h"
        promise). ``"stage"``: targets apply to the time in the stage alone.
    by : str, optional
        A column of ``complaints`` to break the figures down by, e.g.
        ``"agent_id"``, ``"category"`` or ``"severity"``.
    locale : {"zh", "en"}, optional

    Returns
    -------
    pandas.DataFrame
        One row per stage (and group): ``stage``, ``stage_label``,
        ``target_hours``, ``n`` (complaints that reached the stage), ``breaches``,
        ``breach_rate``, ``median_hours``, ``p90_hours``. A high breach rate at
        one stage shows where the workflow gets stuck.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import sla_breaches
    >>> shop = crmlab.simulate(500, random_state=1)
    >>> sla_breaches(shop.complaints, targets={"reply": 12})["stage"].tolist()
    ['judge', 'analyse', 'reply', 'feedback', 'followup']
    """
    check_choice("basis", basis, ("elapsed", "stage"))
    t = dict(DEFAULT_SLA_HOURS)
    if targets is not None:
        for k, v in check_mapping("targets", targets, example="targets={'reply': 24}").items():
            check_choice("targets key", k, _DURATION_STAGES)
            t[k] = check_float(f"targets[{k!r}]", v, low=0, low_open=True, example=f"targets={{{k!r}: 24}}")
    if by is None:
        # One pass over the stage matrix: no long table, no group-by.
        m = _stage_matrix(complaints)
        hours = (m[:, 1:] - m[:, [0]]) if basis == "elapsed" else np.diff(m, axis=1)
        tgt = np.array([t[s] for s in _DURATION_STAGES])
        reached = ~np.isnan(hours)
        n = reached.sum(axis=0)
        with np.errstate(invalid="ignore"):
            breaches = (hours > tgt).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            q = np.array([np.quantile(hours[reached[:, j], j], [0.5, 0.9]) if n[j] else [np.nan, np.nan]
                          for j in range(len(_DURATION_STAGES))])  # five stages
            rate = breaches / n
        return pd.DataFrame({
            "stage": list(_DURATION_STAGES), "stage_label": [_stage_label(s, locale) for s in _DURATION_STAGES],
            "target_hours": tgt, "n": n, "breaches": breaches, "breach_rate": rate,
            "median_hours": q[:, 0], "p90_hours": q[:, 1]})
    require_columns(complaints, [by], "complaints")
    long = complaint_stage_times(complaints, long=True, locale=locale)
    hours = long["elapsed"] if basis == "elapsed" else long["duration"]
    long = long.assign(hours=hours.to_numpy(), target_hours=long["stage"].map(t).to_numpy())
    long["breach"] = long["hours"] > long["target_hours"]
    keys = ["stage"]
    if by is not None:
        grp = complaints[by].to_numpy()
        pos = pd.Index(complaints["complaint_id"]).get_indexer(long["complaint_id"])
        long[by] = grp[pos]
        keys = [by, "stage"]
    g = long.groupby(keys, sort=False)
    out = g.agg(stage_label=("stage_label", "first"), target_hours=("target_hours", "first"),
                n=("breach", "size"), breaches=("breach", "sum"), median_hours=("hours", "median"))
    out["p90_hours"] = g["hours"].quantile(0.9)
    out["breach_rate"] = out["breaches"] / out["n"]
    out = out.reset_index()
    out["_o"] = out["stage"].map({s: i for i, s in enumerate(_DURATION_STAGES)})
    out = out.sort_values([*([by] if by else []), "_o"], kind="stable").drop(columns="_o")
    cols = [*keys, "stage_label", "target_hours", "n", "breaches", "breach_rate", "median_hours", "p90_hours"]
    return out[cols].reset_index(drop=True)


def handling_speed_band(hours, *, bins=(24, 48, 96), locale=None):
    """Label handling times with speed bands, e.g. ``≤24h``, ``24-48h``, ``>96h``.

    Parameters
    ----------
    hours : array-like
        Hours from record to reply.
    bins : sequence of float, default=(24, 48, 96)
        Upper edges of the bands; the first band is "fast" handling (the course's
        24 hours).

    Returns
    -------
    pandas.Categorical
        Ordered bands, fastest first.

    Examples
    --------
    >>> from crmlab.analysis import handling_speed_band
    >>> list(handling_speed_band([3, 30, 200], locale="en"))
    ['≤24h', '24-48h', '>96h']
    """
    edges = np.asarray(bins, dtype=float)
    if edges.ndim != 1 or edges.size == 0 or np.any(np.diff(edges) <= 0) or np.any(edges <= 0):
        raise InvalidArgumentError(f"`bins` 必须是递增的正数（小时），但传入的是 {bins!r}。",
                                   f"`bins` must be increasing positive numbers of hours, but {bins!r} was passed.")
    h = "小时" if (locale or get_locale()) == "zh" else "h"
    fmt = [f"{e:g}" for e in edges]
    labels = [f"≤{fmt[0]}{h}"] + [f"{a}-{b}{h}" for a, b in zip(fmt[:-1], fmt[1:], strict=True)] + [f">{fmt[-1]}{h}"]
    idx = np.searchsorted(edges, np.asarray(hours, dtype=float), side="left")
    return pd.Categorical.from_codes(idx, categories=labels, ordered=True)


def complaint_retention(complaints, *, orders, bins=(24, 48, 96), window_days=180, alpha=0.05, locale=None):
    """Resolution, satisfaction and retention of complainants by handling speed.

    A complainant is *retained* when they place a paid order within
    ``window_days`` after the feedback on their complaint. Many customers would
    not buy again in that window even without a complaint, so the raw re-order
    rate understates how many were kept: it is set beside the **baseline**, the
    share of paid orders *without* a complaint that are followed by another paid
    order within the same window. ``retention = reorder_rate / baseline`` is the
    share of the customers who would have come back that did come back: the
    figure the course quotes (fast handling keeps about 70%).

    Only complaints whose feedback lies at least ``window_days`` before the last
    order in ``orders`` count, so every complainant had the full window to return.

    Parameters
    ----------
    complaints : pandas.DataFrame
        The ``complaints`` table (``customer_id``, ``order_id``, stage times,
        ``resolved``, ``satisfaction``).
    orders : pandas.DataFrame
        The ``orders`` table (``order_id``, ``customer_id``, ``order_time``,
        ``payment_status``): re-orders count paid orders only
        (:func:`~crmlab.analysis._tables.paid_orders`); the data end at its last order.
    bins : sequence of float, default=(24, 48, 96)
        Upper edges (hours from record to reply) of the speed bands.
    window_days : int, default=180
    alpha : float, default=0.05
        For the ``1 - alpha`` Wilson interval of the re-order rate.

    Returns
    -------
    pandas.DataFrame
        One row per speed band: ``band``, ``n_complaints``, ``resolved_rate``,
        ``mean_satisfaction``, ``reorder_rate`` with ``reorder_ci_low`` /
        ``reorder_ci_high``, ``baseline_reorder_rate`` and ``retention``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import complaint_retention
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> r = complaint_retention(shop.complaints, orders=shop.orders)
    >>> "retention" in r.columns
    True
    """
    require_columns(complaints, ["complaint_id", "customer_id", "order_id", "resolved", "satisfaction"], "complaints")
    require_columns(orders, ["order_id", "customer_id", "order_time", "payment_status"], "orders")
    require_nonempty(orders, "orders")
    window_days = check_float("window_days", window_days, low=0, low_open=True, example="window_days=180")
    alpha = check_float("alpha", alpha, low=0, high=1, low_open=True, high_open=True, example="alpha=0.05")
    m = _stage_matrix(complaints)
    reply_h = m[:, 3] - m[:, 0]
    feedback = complaints["feedback_time"].to_numpy("datetime64[ns]")
    paid = paid_orders(orders)
    end = orders["order_time"].max().to_datetime64()
    w = np.timedelta64(int(window_days * 86400), "s")
    # Next paid order of the same customer after a given time: one sorted search per customer.
    po = paid.sort_values(["customer_id", "order_time"], kind="stable")
    pc = po["customer_id"].to_numpy(np.int64)
    pt = po["order_time"].to_numpy("datetime64[ns]")
    t0 = min(pt.min(), feedback.min()) if len(pt) else feedback.min()
    span = np.int64(1) << np.int64(33)  # seconds: room for 270 years, ids up to 10**9

    def _key(cust, when):  # one sortable integer per (customer, time)
        return np.asarray(cust, np.int64) * span + (when - t0).astype("timedelta64[s]").astype(np.int64)

    key = _key(pc, pt)

    def next_after(cust, when):
        i = np.searchsorted(key, _key(cust, when), side="right")
        ok = (i < len(key)) & (pc[np.minimum(i, len(pc) - 1)] == np.asarray(cust))
        return np.where(ok, pt[np.minimum(i, len(pt) - 1)], np.datetime64("NaT"))

    nxt = next_after(complaints["customer_id"].to_numpy(np.int64), feedback)
    reorder = ~np.isnat(nxt) & ((nxt - feedback) <= w)
    eligible = feedback <= end - w
    # Baseline: paid orders without a complaint, followed by another paid order in the window.
    base_mask = ~po["order_id"].isin(complaints["order_id"]).to_numpy() & (pt <= end - w)
    nb = next_after(pc[base_mask], pt[base_mask])
    base_rate = float(np.mean(~np.isnat(nb) & ((nb - pt[base_mask]) <= w))) if base_mask.any() else np.nan
    df = pd.DataFrame({
        "band": handling_speed_band(reply_h, bins=bins, locale=locale),
        "resolved": complaints["resolved"].to_numpy(bool),
        "satisfaction": pd.to_numeric(complaints["satisfaction"], errors="coerce").astype(float).to_numpy(),
        "reorder": reorder, "eligible": eligible,
    })
    g = df.groupby("band", observed=False)
    el = df[df["eligible"]].groupby("band", observed=False)["reorder"]
    out = pd.DataFrame({"n_complaints": g.size(), "resolved_rate": g["resolved"].mean(),
                        "mean_satisfaction": g["satisfaction"].mean(), "n_eligible": el.size(),
                        "reorder_rate": el.mean()})
    lo, hi = _wilson(el.sum().to_numpy(float), out["n_eligible"].to_numpy(float), alpha)
    out["reorder_ci_low"], out["reorder_ci_high"] = lo, hi
    out["baseline_reorder_rate"] = base_rate
    out["retention"] = out["reorder_rate"] / base_rate
    return out.reset_index()


def _wilson(k, n, alpha):
    from scipy.stats import norm

    z = norm.ppf(1 - alpha / 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half
