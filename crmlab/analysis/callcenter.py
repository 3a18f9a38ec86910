"""Call center (chapter 7): arrivals, Erlang C staffing, service level, agent KPIs.

The Erlang C model treats a call-center hour as an M/M/N queue: calls arrive at
random (Poisson) at ``arrival_rate`` per hour, each needs an exponential handling
time with mean ``handle_time`` seconds, and ``agents`` answer them in turn. From
these three numbers it gives the probability that a caller has to wait, the average
speed of answer (ASA), the service level (share answered within a target time, the
"80/20" of call centers) and the agents' occupancy.

Units, everywhere in this module: arrival rates in **calls per hour**, handling and
answer times in **seconds**. A handling time of under ten seconds is taken for minutes
given by mistake and draws a :class:`~crmlab.errors.UnitsWarning`.

The probability of waiting is computed with the Erlang B recursion
``B(0) = 1, B(k) = A B(k-1) / (k + A B(k-1))`` and ``C = N B / (N - A (1 - B))``,
which never forms ``A**N`` or ``N!`` and so stays exact for hundreds of agents,
where the textbook formula overflows.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import EmptyDataError, InvalidArgumentError, UnitsWarning
from ..validation import check_choice, check_float
from ._validation import require_columns, require_nonempty, to_datetime_col

__all__ = [
    "arrival_rates", "erlang_b", "erlang_c", "average_speed_of_answer", "service_level", "occupancy",
    "agents_needed", "erlang_table", "service_level_by_hour", "agent_kpis", "simulate_schedule",
]

_WEEKDAYS = {"zh": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
             "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


# -- checks -------------------------------------------------------------------------
def _positive(name, value, *, allow_zero=False):
    try:
        arr = None if isinstance(value, bool | str | bytes) else np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        arr = None
    bad = arr is None or not np.all(np.isfinite(arr)) or (np.any(arr < 0) if allow_zero else np.any(arr <= 0))
    if bad:
        kind_zh, kind_en = ("非负数", "non-negative numbers") if allow_zero else ("正数", "positive numbers")
        raise InvalidArgumentError(
            f"参数 `{name}` 必须是{kind_zh}，但传入的是 {value!r}。",
            f"`{name}` must be {kind_en}, but {value!r} was passed.",
        )
    return arr


def _agents_arg(agents):
    arr = np.asarray(agents)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number) or np.any(arr < 1) \
            or np.any(np.asarray(arr, float) != np.round(np.asarray(arr, float))):
        raise InvalidArgumentError(
            f"参数 `agents` 必须是正整数（坐席人数），但传入的是 {agents!r}。",
            f"`agents` must be positive whole numbers (agents on duty), but {agents!r} was passed.",
        )
    return arr.astype(np.int64)


#: Handling times below this many seconds are taken for minutes given by mistake.
MIN_HANDLE_SECONDS = 10.0


def _traffic(arrival_rate, handle_time):
    """Offered load in Erlangs: calls per hour x hours per call."""
    lam = _positive("arrival_rate", arrival_rate, allow_zero=True)
    aht = _positive("handle_time", handle_time)
    _warn_units(aht)
    return lam * aht / 3600.0, aht


def _warn_units(aht):
    """Warn when ``handle_time`` looks like minutes: no real call is handled in a few seconds.

    Minutes where seconds belong make the load 60 times too small, and Erlang C then
    answers "1 agent" for a busy shop without complaint.
    """
    short = aht[aht < MIN_HANDLE_SECONDS]
    if short.size:
        x = float(short.flat[0])
        warnings.warn(UnitsWarning(
            f"handle_time={x:g} 秒：没有这么短的通话，它可能是以分钟为单位的。本模块的单位是：来电率 arrival_rate 为每小时"
            f"来电数，处理时长 handle_time 为秒。若 {x:g} 是分钟，请传入 handle_time={x * 60:g}；若来电率是每分钟的，"
            "请乘以 60。",
            f"handle_time={x:g} seconds is shorter than any real call, so it may be in minutes. This module's units "
            f"are calls per hour for arrival_rate and seconds for handle_time. If {x:g} is in minutes, pass "
            f"handle_time={x * 60:g}; if the arrival rate is per minute, multiply it by 60.",
        ), stacklevel=4)


# -- Erlang formulas ----------------------------------------------------------------
def erlang_b(traffic, agents):
    """Erlang B blocking probability, by the stable recursion.

    Parameters
    ----------
    traffic : float or array-like
        Offered load ``A`` in Erlangs (arrival rate x mean handling time).
    agents : int or array-like
        Number of servers ``N``; broadcast against ``traffic``.

    Returns
    -------
    float or numpy.ndarray
        Probability that all ``N`` agents are busy in a system without a queue.

    Examples
    --------
    >>> from crmlab.analysis import erlang_b
    >>> round(float(erlang_b(2.0, 3)), 4)
    0.2105
    """
    a = _positive("traffic", traffic, allow_zero=True)
    n = _agents_arg(agents)
    a, n = np.broadcast_arrays(a, n)
    b = np.ones(a.shape)
    for k in range(1, int(n.max(initial=0)) + 1):  # loop over agent counts, vectorised over cases
        nb = a * b / (k + a * b)
        b = np.where(k <= n, nb, b)
    return b if b.ndim else float(b)


def _erlang_c_load(a, n):
    b = np.asarray(erlang_b(a, n), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1 - b))
    return np.where(a < n, c, 1.0)


def erlang_c(arrival_rate, handle_time, agents):
    """Probability that a caller has to wait (Erlang C).

    Parameters
    ----------
    arrival_rate : float or array-like
        Calls per hour.
    handle_time : float or array-like
        Mean handling time per call (talk plus wrap-up), in seconds.
    agents : int or array-like
        Agents on duty.

    Returns
    -------
    float or numpy.ndarray
        Share of callers who find every agent busy and queue. It is 1 when the
        load reaches the number of agents (the queue grows without end).

    Examples
    --------
    The textbook case of Call Centre Helper's "Erlang C formula made simple":
    100 calls in 30 minutes (200 per hour), 180 s handling, 11 agents.

    >>> from crmlab.analysis import erlang_c
    >>> round(float(erlang_c(200, 180, 11)), 4)
    0.6821
    """
    a, _ = _traffic(arrival_rate, handle_time)
    n = _agents_arg(agents)
    out = _erlang_c_load(*np.broadcast_arrays(a, n))
    return out if out.ndim else float(out)


def average_speed_of_answer(arrival_rate, handle_time, agents):
    """Average speed of answer (ASA), seconds: the mean wait over all callers.

    ``ASA = C * handle_time / (N - A)``; infinite when ``A >= N``.

    Parameters
    ----------
    arrival_rate : float or array-like
        Calls per hour.
    handle_time : float or array-like
        Mean handling time, seconds.
    agents : int or array-like
        Agents on duty.

    Returns
    -------
    float or numpy.ndarray
        Seconds.

    Examples
    --------
    >>> from crmlab.analysis import average_speed_of_answer
    >>> round(float(average_speed_of_answer(200, 180, 14)), 1)
    7.8
    """
    a, aht = _traffic(arrival_rate, handle_time)
    n = _agents_arg(agents)
    a, n, aht = np.broadcast_arrays(a, n, aht)
    c = _erlang_c_load(a, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(a < n, c * aht / (n - a), np.inf)
    return out if out.ndim else float(out)


def service_level(arrival_rate, handle_time, agents, target_answer_time=20.0):
    """Share of calls answered within ``target_answer_time`` seconds (Erlang C).

    ``SL = 1 - C * exp(-(N - A) * target_answer_time / handle_time)``.

    Parameters
    ----------
    arrival_rate, handle_time, agents
        As in :func:`erlang_c`.
    target_answer_time : float, default=20
        The "20" of an 80/20 service-level goal, in seconds.

    Returns
    -------
    float or numpy.ndarray
        The expected service level, between 0 and 1 (0 when overloaded).

    Examples
    --------
    >>> from crmlab.analysis import service_level
    >>> round(float(service_level(200, 180, 14, 20)), 3)
    0.888
    """
    a, aht = _traffic(arrival_rate, handle_time)
    t = _positive("target_answer_time", target_answer_time, allow_zero=True)
    n = _agents_arg(agents)
    a, n, aht, t = np.broadcast_arrays(a, n, aht, t)
    c = _erlang_c_load(a, n)
    out = np.where(a < n, 1.0 - c * np.exp(-(n - a) * t / aht), 0.0)
    out = np.clip(out, 0.0, 1.0)
    return out if out.ndim else float(out)


def occupancy(arrival_rate, handle_time, agents):
    """Share of the agents' time spent on calls: ``A / N`` (capped at 1).

    Parameters
    ----------
    arrival_rate : float or array-like
        Calls per hour.
    handle_time : float or array-like
        Mean handling time, seconds.
    agents : int or array-like
        Agents on duty.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> from crmlab.analysis import occupancy
    >>> round(float(occupancy(200, 180, 14)), 3)
    0.714
    """
    a, _ = _traffic(arrival_rate, handle_time)
    n = _agents_arg(agents)
    out = np.minimum(a / n, 1.0)
    return out if np.ndim(out) else float(out)


def agents_needed(arrival_rate, handle_time, target_service_level=0.8, target_answer_time=20.0, *,
                  max_occupancy=None):
    """Fewest agents that reach a service-level goal, by Erlang C.

    Parameters
    ----------
    arrival_rate : float or array-like
        Calls per hour (one value per hour to staff, if an array).
    handle_time : float
        Mean handling time in seconds.
    target_service_level : float, default=0.8
        Share of calls to answer within ``target_answer_time`` (the "80").
    target_answer_time : float, default=20
        Seconds (the "20").
    max_occupancy : float, optional
        Also keep occupancy at or below this share (e.g. 0.85 to avoid burn-out).

    Returns
    -------
    int or numpy.ndarray of int
        Agents to put on duty. An hour without calls needs 0 agents.

    Examples
    --------
    Call Centre Helper's example: 200 calls per hour, 180 s, 80% in 20 s.

    >>> from crmlab.analysis import agents_needed
    >>> int(agents_needed(200, 180, 0.8, 20))
    14
    """
    target = check_float("target_service_level", target_service_level, low=0, high=1, low_open=True, high_open=True,
                         example="target_service_level=0.8")
    max_occupancy = check_float("max_occupancy", max_occupancy, low=0, high=1, low_open=True, high_open=True,
                                allow_none=True, example="max_occupancy=0.85")
    a, aht = _traffic(arrival_rate, handle_time)
    t = _positive("target_answer_time", target_answer_time, allow_zero=True)
    a, aht, t = np.broadcast_arrays(a, aht, t)
    n = np.floor(a).astype(np.int64) + 1  # the queue is stable only with more agents than Erlangs
    if max_occupancy is not None:
        n = np.maximum(n, np.ceil(a / max_occupancy).astype(np.int64))
    todo = a > 0
    while todo.any():  # a few steps: each raises N by one where the goal is still missed
        sl = 1.0 - _erlang_c_load(a, n) * np.exp(-(n - a) * t / aht)
        todo = (a > 0) & (sl < target - 1e-12)
        n = n + todo
    n = np.where(a > 0, n, 0)
    return n if n.ndim else int(n)


def erlang_table(arrival_rate, handle_time, agents=None, target_answer_time=20.0, *, locale=None):
    """Erlang C figures for a range of staffing levels, to choose from.

    Parameters
    ----------
    arrival_rate : float
        Calls per hour.
    handle_time : float
        Mean handling time, seconds.
    agents : iterable of int, optional
        Staffing levels to show; by default from the first stable level to the one
        that answers 99% within the target time.
    target_answer_time : float, default=20
        Seconds.

    Returns
    -------
    pandas.DataFrame
        One row per staffing level: ``agents``, ``traffic`` (Erlangs),
        ``prob_wait``, ``asa_seconds``, ``service_level``, ``occupancy``.

    Examples
    --------
    >>> from crmlab.analysis import erlang_table
    >>> erlang_table(200, 180, agents=[13, 14])["service_level"].round(3).tolist()
    [0.796, 0.888]
    """
    a, _ = _traffic(arrival_rate, handle_time)
    if np.ndim(a):
        raise InvalidArgumentError("erlang_table 只接受一个来电率（一个数字）。",
                                   "erlang_table takes a single arrival rate (one number).")
    with warnings.catch_warnings():  # _traffic above has warned once about the units, if need be
        warnings.simplefilter("ignore", UnitsWarning)
        if agents is None:
            lo = int(np.floor(a)) + 1
            hi = max(int(agents_needed(arrival_rate, handle_time, 0.99, target_answer_time)), lo)
            agents = np.arange(lo, hi + 1)
        n = _agents_arg(list(agents))
        return pd.DataFrame({
            "agents": n, "traffic": float(a),
            "prob_wait": erlang_c(arrival_rate, handle_time, n),
            "asa_seconds": average_speed_of_answer(arrival_rate, handle_time, n),
            "service_level": service_level(arrival_rate, handle_time, n, target_answer_time),
            "occupancy": occupancy(arrival_rate, handle_time, n),
        })


# -- the shop's calls -----------------------------------------------------------------
def _calls_frame(calls):
    require_columns(calls, ["arrival_time"], "calls")
    require_nonempty(calls, "calls")
    return to_datetime_col(calls, "arrival_time", "calls")


def arrival_rates(calls, *, by="hour", dates=None, locale=None):
    """Average calls per hour, by hour of day, weekday, or both.

    The rate of an hour of day is the number of calls in that hour divided by the
    number of days observed (every day between the first and last call, so quiet
    days count as zeros), which is the ``arrival_rate`` Erlang C needs.

    Parameters
    ----------
    calls : pandas.DataFrame
        The ``calls`` table (``arrival_time``).
    by : {"hour", "weekday", "weekday_hour"}, default="hour"
        ``"weekday"`` gives the mean hourly rate of each weekday.
    dates : array-like of dates, optional
        Only these days, e.g. the 11.11 peak days, to staff for a peak.
    locale : {"zh", "en"}, optional
        Language of the weekday labels.

    Returns
    -------
    pandas.DataFrame
        ``hour`` and/or ``weekday`` (0 = Monday) with ``weekday_label``, then
        ``calls``, ``n_days`` and ``rate_per_hour``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import arrival_rates
    >>> shop = crmlab.simulate(500, random_state=1)
    >>> arrival_rates(shop.calls).shape[0]
    24
    """
    check_choice("by", by, ("hour", "weekday", "weekday_hour"))
    t = _calls_frame(calls)
    day = t.dt.normalize()
    all_days = pd.date_range(day.min(), day.max(), freq="D")
    if dates is not None:
        keep = pd.DatetimeIndex(pd.to_datetime(list(np.atleast_1d(dates)))).normalize()
        all_days = all_days[all_days.isin(keep)]
        mask = day.isin(keep).to_numpy()
        t, day = t[mask], day[mask]
        if len(all_days) == 0:
            raise EmptyDataError("所选日期内没有任何来电。请检查 `dates` 是否在数据的时间范围内。",
                                 "No calls on the chosen dates. Check that `dates` fall inside the data's period.")
    hour, wd = t.dt.hour.to_numpy(), t.dt.day_of_week.to_numpy()
    days_per_wd = np.bincount(all_days.day_of_week, minlength=7)
    lab = _WEEKDAYS[locale or get_locale()]
    if by == "hour":
        calls_n = np.bincount(hour, minlength=24)
        out = pd.DataFrame({"hour": np.arange(24), "calls": calls_n, "n_days": len(all_days)})
        out["rate_per_hour"] = out["calls"] / len(all_days)
    elif by == "weekday":
        calls_n = np.bincount(wd, minlength=7)
        out = pd.DataFrame({"weekday": np.arange(7), "weekday_label": lab, "calls": calls_n, "n_days": days_per_wd})
        with np.errstate(invalid="ignore", divide="ignore"):
            out["rate_per_hour"] = out["calls"] / (24.0 * out["n_days"])
    else:
        calls_n = np.bincount(wd * 24 + hour, minlength=168)
        out = pd.DataFrame({"weekday": np.repeat(np.arange(7), 24), "weekday_label": np.repeat(lab, 24),
                            "hour": np.tile(np.arange(24), 7), "calls": calls_n,
                            "n_days": np.repeat(days_per_wd, 24)})
        with np.errstate(invalid="ignore", divide="ignore"):
            out["rate_per_hour"] = out["calls"] / out["n_days"]
    return out


def _answered_within(calls, target):
    """Answered (not abandoned) within ``target`` seconds: the numerator of a service level."""
    ok = calls["wait_seconds"].to_numpy(float) <= target
    if "abandoned" in calls:
        ok &= ~calls["abandoned"].to_numpy(bool)
    return ok


def service_level_by_hour(calls, *, staffing, target_answer_time=20.0, handle_time=None):
    """Measured service level by hour of day, next to what Erlang C predicts.

    For every day and hour the arrival rate is estimated as the day's calls times
    the share of calls that hour of day gets (a smooth estimate: the raw count of
    one hour is too noisy), the agents come from ``staffing``, and Erlang C gives
    the predicted service level. Hours are then pooled over days, weighting each
    day-hour by its calls, and set beside the measured share of calls answered
    within the target time (abandoned calls count as not answered).

    Parameters
    ----------
    calls : pandas.DataFrame
        The ``calls`` table: ``arrival_time``, ``wait_seconds``, ``abandoned``,
        ``handle_seconds``.
    staffing : pandas.DataFrame
        Agents on duty per ``date`` and ``hour``.
    target_answer_time : float, default=20
        Seconds.
    handle_time : float, optional
        Mean handling time in seconds; by default the mean of answered calls.

    Returns
    -------
    pandas.DataFrame
        One row per hour of day: ``calls``, ``mean_agents``, ``rate_per_hour``,
        ``measured_service_level``, ``predicted_service_level``, ``difference``
        (measured - predicted), ``abandon_rate``. Erlang C knows no abandonment:
        callers who hang up lower the measured level a little but shorten the
        queue for the others.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import service_level_by_hour
    >>> shop = crmlab.simulate(500, random_state=1)
    >>> service_level_by_hour(shop.calls, staffing=shop.staffing).shape[0]
    24
    """
    require_columns(calls, ["arrival_time", "wait_seconds", "abandoned", "handle_seconds"], "calls")
    require_columns(staffing, ["date", "hour", "agents"], "staffing")
    require_nonempty(calls, "calls")
    require_nonempty(staffing, "staffing")
    t = to_datetime_col(calls, "arrival_time", "calls")
    if handle_time is None:
        handle_time = float(calls["handle_seconds"].dropna().mean())
    day = t.dt.normalize().to_numpy()
    hour = t.dt.hour.to_numpy()
    share = np.bincount(hour, minlength=24) / len(calls)
    st = staffing.assign(date=to_datetime_col(staffing, "date", "staffing").dt.normalize())
    days = pd.DatetimeIndex(st["date"].unique()).sort_values()
    d_idx = days.get_indexer(day)
    if (d_idx < 0).any():
        raise EmptyDataError("有来电的日期在排班表中找不到。请传入覆盖同一时期的 staffing 表。",
                             "Some call dates are missing from the staffing table. Pass staffing for the same period.")
    daily = np.bincount(d_idx, minlength=len(days))
    agents = np.zeros((len(days), 24), dtype=np.int64)
    agents[days.get_indexer(st["date"]), st["hour"].to_numpy()] = st["agents"].to_numpy()
    agents = np.maximum(agents, 1)
    lam = daily[:, None] * share[None, :]  # calls per hour, by day and hour
    pred = service_level(lam, handle_time, agents, target_answer_time)
    cell = d_idx * 24 + hour
    w = np.bincount(cell, minlength=len(days) * 24).reshape(len(days), 24)
    ok = _answered_within(calls, target_answer_time)
    n_h = w.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = pd.DataFrame({
            "hour": np.arange(24), "calls": n_h,
            "mean_agents": (agents * w).sum(axis=0) / n_h,
            "rate_per_hour": share * len(calls) / len(days),
            "measured_service_level": np.bincount(hour, weights=ok, minlength=24) / n_h,
            "predicted_service_level": (pred * w).sum(axis=0) / n_h,
            "abandon_rate": np.bincount(hour, weights=calls["abandoned"].to_numpy(bool), minlength=24) / n_h,
        })
    out.insert(6, "difference", out["measured_service_level"] - out["predicted_service_level"])
    return out


def agent_kpis(calls, *, staffing=None, target_answer_time=20.0):
    """Per-agent KPIs: calls handled, average handling time, talk hours, occupancy.

    Parameters
    ----------
    calls : pandas.DataFrame
        The ``calls`` table (``agent_id``, ``handle_seconds``, ``wait_seconds``).
    staffing : pandas.DataFrame, optional
        Agents on duty per date and hour. With it, each agent's hours on duty and
        occupancy (talk time / time on duty) are given, assuming agents ``1..N``
        are the ones on duty when ``N`` are staffed (the shop's convention).
    target_answer_time : float, default=20
        Seconds, for each agent's share of calls answered within the target.

    Returns
    -------
    pandas.DataFrame
        One row per agent: ``calls_handled``, ``aht_seconds`` (average handling
        time), ``talk_hours``, ``share_of_calls``, ``mean_wait_seconds`` of the
        calls they answered, and with ``staffing`` also ``hours_on_duty``,
        ``calls_per_hour`` and ``occupancy``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import agent_kpis
    >>> shop = crmlab.simulate(500, random_state=1)
    >>> int(agent_kpis(shop.calls)["calls_handled"].sum()) == int((~shop.calls["abandoned"]).sum())
    True
    """
    require_columns(calls, ["agent_id", "handle_seconds", "wait_seconds"], "calls")
    require_nonempty(calls, "calls")
    ans = calls[calls["agent_id"].notna()]
    if len(ans) == 0:
        raise EmptyDataError("没有任何被接听的来电（agent_id 全为空）。",
                             "No call was answered (agent_id is empty everywhere).")
    g = pd.DataFrame({"agent_id": ans["agent_id"].astype("int64").to_numpy(),
                      "handle": ans["handle_seconds"].to_numpy(float),
                      "wait": ans["wait_seconds"].to_numpy(float)}).groupby("agent_id")
    out = pd.DataFrame({"calls_handled": g.size(), "aht_seconds": g["handle"].mean(),
                        "talk_hours": g["handle"].sum() / 3600.0, "mean_wait_seconds": g["wait"].mean()})
    out["share_of_calls"] = out["calls_handled"] / out["calls_handled"].sum()
    if staffing is not None:
        require_columns(staffing, ["agents"], "staffing")
        n = staffing["agents"].to_numpy(np.int64)
        # Agent k is on duty in every hour that staffs at least k agents.
        on_duty = np.bincount(n, minlength=int(max(n.max(initial=0), out.index.max()) + 2))[::-1].cumsum()[::-1]
        out["hours_on_duty"] = on_duty[out.index.to_numpy()].astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            out["calls_per_hour"] = out["calls_handled"] / out["hours_on_duty"]
            out["occupancy"] = out["talk_hours"] / out["hours_on_duty"]
    return out.reset_index()


def simulate_schedule(schedule, *, arrivals, handle_time, target_answer_time=20.0, target_service_level=0.8):
    """Evaluate a staffing plan hour by hour: does it meet the service level?

    Parameters
    ----------
    schedule : pandas.Series, pandas.DataFrame, dict or array-like
        Agents on duty per hour: a Series indexed by hour, a frame with ``hour``
        and ``agents`` columns, a ``{hour: agents}`` dict, or 24 numbers.
    arrivals : pandas.Series, pandas.DataFrame, dict or array-like
        Calls per hour, in the same forms (a frame from :func:`arrival_rates`
        works: ``hour`` and ``rate_per_hour``).
    handle_time : float
        Mean handling time, seconds.
    target_answer_time : float, default=20
        Seconds.
    target_service_level : float, default=0.8
        The goal each hour should reach.

    Returns
    -------
    pandas.DataFrame
        One row per hour: ``agents``, ``rate_per_hour``, ``traffic``,
        ``occupancy``, ``prob_wait``, ``asa_seconds``, ``service_level``,
        ``meets_target``, ``agents_needed`` and ``gap`` (agents short, negative
        when over-staffed). The plan meets the goal when ``meets_target`` is
        true in every hour.

    Examples
    --------
    >>> from crmlab.analysis import simulate_schedule
    >>> plan = simulate_schedule([14, 12], arrivals=[200, 200], handle_time=180)
    >>> plan["meets_target"].tolist()
    [True, False]
    """
    target = check_float("target_service_level", target_service_level, low=0, high=1, low_open=True, high_open=True,
                         example="target_service_level=0.8")
    plan = _hourly(schedule, "schedule", ("agents",))
    rate = _hourly(arrivals, "arrivals", ("rate_per_hour", "arrival_rate", "calls_per_hour"))
    missing = plan.index.difference(rate.index)
    if len(missing):
        raise InvalidArgumentError(
            f"排班中的小时 {list(missing)} 没有来电率。请为每个排班小时给出来电率。",
            f"The schedule has hours {list(missing)} without an arrival rate. Give a rate for every scheduled hour.",
        )
    lam = rate.reindex(plan.index).to_numpy(float)
    n = plan.to_numpy()
    if np.any(n < 0) or np.any(n != np.round(n)):
        raise InvalidArgumentError("排班中的坐席数必须是非负整数。", "Agents in the schedule must be non-negative whole numbers.")
    n = n.astype(np.int64)
    a, _ = _traffic(lam, handle_time)
    n1 = np.maximum(n, 1)
    with warnings.catch_warnings():  # _traffic above has warned once about the units, if need be
        warnings.simplefilter("ignore", UnitsWarning)
        sl = np.where(n > 0, service_level(lam, handle_time, n1, target_answer_time), np.where(lam > 0, 0.0, 1.0))
        need = agents_needed(lam, handle_time, target, target_answer_time)
        out = pd.DataFrame({
            "hour": plan.index.to_numpy(), "agents": n, "rate_per_hour": lam, "traffic": a,
            "occupancy": np.where(n > 0, np.minimum(a / n1, 1.0), np.nan),
            "prob_wait": np.where(n > 0, erlang_c(lam, handle_time, n1), 1.0),
            "asa_seconds": np.where(n > 0, average_speed_of_answer(lam, handle_time, n1), np.inf),
            "service_level": sl, "meets_target": sl >= target - 1e-12, "agents_needed": need,
        })
    out["gap"] = out["agents_needed"] - out["agents"]
    return out


def _hourly(obj, name, value_cols):
    """Turn the accepted forms of an hourly plan into a Series indexed by hour."""
    if isinstance(obj, pd.DataFrame):
        col = next((c for c in value_cols if c in obj.columns), None)
        if col is None:
            require_columns(obj, [value_cols[0]], name)
        s = obj.set_index("hour")[col] if "hour" in obj.columns else obj[col]
    elif isinstance(obj, pd.Series):
        s = obj
    elif isinstance(obj, dict):
        s = pd.Series(obj)
    else:
        arr = np.atleast_1d(np.asarray(obj))
        s = pd.Series(arr, index=np.arange(arr.size))
    if len(s) == 0:
        raise EmptyDataError(f"`{name}` 是空的。", f"`{name}` is empty.")
    if not pd.api.types.is_numeric_dtype(s) or s.isna().any():
        raise InvalidArgumentError(f"`{name}` 的取值必须是数字且不能为空。",
                                   f"The values of `{name}` must be numbers without gaps.")
    s.index.name = "hour"
    return s
