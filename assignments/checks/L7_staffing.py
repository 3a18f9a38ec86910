"""Trusted checks of lab L7 (11.11 staffing: forecast, Erlang C, an 8-hour shift roster).
Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.

The roster is judged with this module's own ``coverage`` (the release's helper, so a
notebook that redefines it changes nothing) and the course's ``simulate_schedule``.

Tasks 1, 2 and 4 (8 of the 10 autograded points) ask for the student's own pandas or
design: the hourly rates over the right number of days, the handling time, the peak
factor over every day of the period, and a roster.
"""

import math
import warnings

import numpy as np
import pandas as pd

from crmlab.analysis import agents_needed, simulate_schedule
from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake

lab = LabChecks("L7_staffing", dataset="lab")

# The lab's constants, as the release states them (the student's copies are not trusted).
GROWTH = 20.0
TARGET_SL = 0.8
TARGET_SECONDS = 20.0
SHIFT_HOURS = 8

CASCADES = (
    "不连锁扣分：任务 2 的 forecast 在学生自己的 rates 上核对（forecast = 学生的 rates × peak_factor × GROWTH）；任务 3 的 "
    "min_agents 在学生自己的 forecast 和 aht 上核对；任务 4 的班表在正确的预测上模拟，若学生的 forecast 和 aht 是目录里认得出的"
    "错误做法算出来的，也在学生自己的预测上模拟（预算也按那份预测算），两者之一达标即可。",
    "No cascades: task 2's forecast is checked on the student's own rates (forecast = the student's rates × "
    "peak_factor × GROWTH); task 3's min_agents on the student's own forecast and aht; task 4's roster is simulated "
    "on the right forecast and, when the student's forecast and aht come from a slip the catalogue recognises, on "
    "the student's own forecast as well (with the budget of that forecast): either passing is enough.",
)


def coverage(shifts):
    """Agents on duty in each hour 0-23 for a dict {start hour: agents} of 8-hour shifts (as in the release)."""
    on_duty = np.zeros(24, dtype=int)
    for start, n in shifts.items():
        for k in range(SHIFT_HOURS):
            on_duty[(int(start) + k) % 24] += int(n)
    return on_duty


# -- reference figures and their slips ----------------------------------------------------------------
def _rates_of(calls, *, days="all"):
    t = calls["arrival_time"]
    day = t.dt.normalize()
    n_days = {"all": len(pd.date_range(day.min(), day.max(), freq="D")),
              "off_by_one": (day.max() - day.min()).days, "active": day.nunique()}[days]
    counts = t.dt.hour.value_counts().reindex(range(24), fill_value=0).sort_index()
    return pd.DataFrame({"hour": np.arange(24), "rate_per_hour": counts.to_numpy() / n_days})


def _rates_per_hour_active(calls):
    """Each hour's mean over the days that had a call in that hour (quiet days left out)."""
    t = calls["arrival_time"]
    per = t.groupby([t.dt.normalize(), t.dt.hour]).size()
    m = per.groupby(level=1).mean().reindex(range(24), fill_value=0.0)
    return pd.DataFrame({"hour": np.arange(24), "rate_per_hour": m.to_numpy()})


def _aht_of(calls, how="answered"):
    h = calls["handle_seconds"]
    return float({"answered": h.dropna().mean(), "zero": h.fillna(0).mean(), "minutes": h.dropna().mean() / 60,
                  "median": h.dropna().median()}[how])


def _pf_of(shop, *, paid_only=True, every_day=True):
    o = shop.orders[shop.orders["payment_status"] == "paid"] if paid_only else shop.orders
    per_day = o["order_time"].dt.normalize().value_counts()
    if every_day:
        per_day = per_day.reindex(pd.date_range(shop.meta["start"], shop.meta["end"], freq="D"), fill_value=0)
    per_day = per_day.sort_index()
    is1111 = (per_day.index.month == 11) & (per_day.index.day == 11)
    return float(per_day[is1111].mean() / per_day.mean())


def _need(rates, aht):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [int(x) for x in agents_needed(np.asarray(rates, float), float(aht), TARGET_SL, TARGET_SECONDS)]


def _ref(ctx) -> dict:
    """The right rates, handling time, peak factor, forecast and minimum staffing of this student's shop."""
    def compute():
        g = ctx.shop
        rates = _rates_of(g.calls)
        aht = _aht_of(g.calls)
        pf = _pf_of(g)
        fc = rates.assign(rate_per_hour=rates["rate_per_hour"] * pf * GROWTH)
        return {"rates": rates, "aht": aht, "pf": pf, "fc": fc, "need": _need(fc["rate_per_hour"], aht)}

    return ctx.cached("ref", compute)


def _simulated(arrivals, aht, shifts) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return simulate_schedule(coverage(shifts), arrivals=arrivals, handle_time=aht,
                                 target_answer_time=TARGET_SECONDS, target_service_level=TARGET_SL)


def _hourly(table, name):
    """The 24 values of ``rate_per_hour`` of a student's hourly table, in hour order."""
    assert isinstance(table, pd.DataFrame), f"`{name}` 应是一张表（DataFrame） / `{name}` should be a table (DataFrame)"
    t = table.reset_index() if "hour" not in table.columns and table.index.name == "hour" else table
    assert "hour" in t.columns and "rate_per_hour" in t.columns and len(t) == 24, (
        f"`{name}` 应有 24 行，列 hour 和 rate_per_hour / `{name}` needs 24 rows with hour and rate_per_hour")
    t = t.assign(hour=pd.to_numeric(t["hour"]), rate_per_hour=pd.to_numeric(t["rate_per_hour"]))
    assert sorted(t["hour"]) == list(range(24)), f"`{name}` 的 hour 应是 0-23 / hour of `{name}` should be 0-23"
    v = t.sort_values("hour")["rate_per_hour"].to_numpy(float)
    assert np.isfinite(v).all() and (v >= 0).all(), f"`{name}` 的来电率应是非负数 / rates of `{name}` must be >= 0"
    return v


def _number(value, name):
    ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool | np.bool_)
    assert ok and math.isfinite(float(value)), f"`{name}` 应是一个数 / `{name}` should be a number"
    return float(value)


def _fail(ctx, parts, score):
    zh, en, code = [], [], None
    for ok, mistake, pzh, pen in parts:
        if ok:
            continue
        if mistake is not None:
            mzh, men = mistake.message(ctx)
            zh.append(mzh), en.append(men)
            code = code or mistake.code
        zh.append(pzh), en.append(pen)
    raise CheckFailed("\n".join(zh), "\n".join(en), mistake=code, score=score)


# -- task 1: the arrival pattern ------------------------------------------------------------------------
RATES_MISTAKES = [
    Mistake("active_days_only", "只用“有来电的日子”求平均，没有来电的日子没有算 0",
            "averaged over the days that had calls only, leaving out the quiet days instead of counting them as 0",
            "分母是从第一通到最后一通来电之间的所有日子：pd.date_range(第一天, 最后一天) 的长度，不是有来电的日子数。",
            "The denominator is every day from the first call to the last: the length of pd.date_range(first day, last "
            "day), not the number of days with calls.",
            recompute=lambda ctx: _rates_per_hour_active(ctx.shop.calls), compare={"key": "hour"}),
    Mistake("calls_days_only", "只数了有来电的日子，没有来电的日子没有算进天数",
            "counted only the days with calls, leaving the quiet days out of the number of days",
            "天数是日历上从第一天到最后一天的所有日子：len(pd.date_range(第一天, 最后一天))，不是 nunique()。",
            "The days are every calendar day from the first to the last: len(pd.date_range(first, last)), not nunique().",
            recompute=lambda ctx: _rates_of(ctx.shop.calls, days="active"), compare={"key": "hour"}),
    Mistake("days_off_by_one", "天数少算了一天（最后一天减第一天，没有加 1）",
            "counted one day too few (last day minus first day, without the +1)",
            "从 1 号到 3 号是 3 天，不是 3 - 1 = 2 天：两端都算。",
            "From the 1st to the 3rd is 3 days, not 3 - 1 = 2: both ends count.",
            recompute=lambda ctx: _rates_of(ctx.shop.calls, days="off_by_one"), compare={"key": "hour"}),
]


@lab.check("test_rates", answers=["rates"], mistakes=RATES_MISTAKES)
def rates_check(ctx, rates):
    _hourly(rates, "rates")
    t = rates.reset_index() if "hour" not in rates.columns else rates
    compare_tables(t[["hour", "rate_per_hour"]], _ref(ctx)["rates"], name="rates", key="hour")


AHT_MISTAKES = [
    Mistake("unanswered_as_zero", "把没有接通的来电（handle_seconds 为空）当成了 0 秒",
            "counted the unanswered calls (handle_seconds missing) as 0 seconds",
            "没有接通就没有处理时长：只对被接听的来电求平均，直接 mean() 会跳过空值，不要先 fillna(0)。",
            "An unanswered call has no handling time: average the answered calls only; mean() skips missing values, so "
            "do not fillna(0) first.",
            recompute=lambda ctx: _aht_of(ctx.shop.calls, "zero")),
    Mistake("aht_minutes", "用分钟而不是秒作单位", "gave the handling time in minutes, not seconds",
            "handle_seconds 本来就是秒：不要除以 60。Erlang C 的来电率按小时、处理时长按秒。",
            "handle_seconds is already in seconds: do not divide by 60. Erlang C takes calls per hour and seconds per call.",
            recompute=lambda ctx: _aht_of(ctx.shop.calls, "minutes")),
    Mistake("aht_median", "用了中位数，而不是平均数", "took the median, not the mean",
            "排班要的是平均处理时长（总工作量 = 来电数 × 平均时长）：用 mean()。",
            "Staffing needs the mean handling time (workload = calls × mean time): use mean().",
            recompute=lambda ctx: _aht_of(ctx.shop.calls, "median")),
]


@lab.check("test_aht", answers=["aht"], mistakes=AHT_MISTAKES)
def aht_check(ctx, aht):
    a = _number(aht, "aht")
    assert 30 < a < 3600, "aht 的单位是秒 / aht is in seconds"
    compare_values(a, _ref(ctx)["aht"], name="aht")


# -- task 2: the 11.11 forecast -------------------------------------------------------------------------
PF_MISTAKES = [
    Mistake("pf_unpaid_kept", "把没有付款的订单也算进了每天的订单数", "counted unpaid orders in the daily orders",
            "峰值系数只看已支付的订单：先筛选 payment_status == \"paid\"。",
            "The peak factor counts paid orders only: filter payment_status == \"paid\" first.",
            recompute=lambda ctx: _pf_of(ctx.shop, paid_only=False), answer="peak_factor"),
    Mistake("pf_active_days", "只在“有订单的日子”上求每天的平均，没有订单的日子没有算 0",
            "averaged over the days with orders only, leaving out the days without orders",
            "value_counts() 只列出有订单的日子：用 reindex(pd.date_range(start, end), fill_value=0) 把其余日子补成 0。",
            "value_counts() lists only the days with orders: reindex(pd.date_range(start, end), fill_value=0) adds the "
            "others as 0.",
            recompute=lambda ctx: _pf_of(ctx.shop, every_day=False), answer="peak_factor"),
]
FORECAST_MISTAKES = [
    Mistake("no_growth", "预测时漏乘了 GROWTH", "left GROWTH out of the forecast",
            "今年双十一 = 平常的来电率 × 峰值系数（双十一比平常忙多少）× GROWTH（今年比去年多多少）。",
            "This 11.11 = the everyday rate × the peak factor (how much busier 11.11 is) × GROWTH (this year against last).",
            recompute=lambda ctx: _ref(ctx)["rates"].assign(rate_per_hour=_ref(ctx)["rates"]["rate_per_hour"]
                                                            * _ref(ctx)["pf"]), answer="forecast",
            compare={"key": "hour"}),
]


@lab.check("test_forecast", answers=["peak_factor", "forecast", "rates"], optional=["rates"],
           mistakes=PF_MISTAKES + FORECAST_MISTAKES)
def forecast_check(ctx, peak_factor, forecast, rates):
    """Half for peak_factor, half for the forecast, checked on the student's own rates and peak factor."""
    pf = _number(peak_factor, "peak_factor")
    fc = _hourly(forecast, "forecast")
    ref = _ref(ctx)
    pf_ok = math.isclose(pf, ref["pf"], rel_tol=1e-6)
    bases = [ref["rates"]["rate_per_hour"].to_numpy(float)]
    try:
        bases.insert(0, _hourly(rates, "rates"))
    except Exception:  # noqa: BLE001 - unusable rates: the right ones decide
        pass
    fc_ok = any(np.allclose(fc, b * f * GROWTH, rtol=1e-6, atol=1e-9) for b in bases for f in {pf, ref["pf"]})
    if pf_ok and fc_ok:
        return None
    pf_m = None if pf_ok else next((m for m in PF_MISTAKES if math.isclose(pf, m.recompute(ctx), rel_tol=1e-6)), None)
    fc_m = None
    if not fc_ok and any(np.allclose(fc, b * f, rtol=1e-6) for b in bases for f in {pf, ref["pf"]}):
        fc_m = FORECAST_MISTAKES[0]
    _fail(ctx, [(pf_ok, pf_m, "peak_factor 不对。", "peak_factor is not right."),
                (fc_ok, fc_m, "forecast 不等于你的 rates × peak_factor × GROWTH。",
                 "forecast is not your rates × peak_factor × GROWTH.")], 0.5 * pf_ok + 0.5 * fc_ok)


# -- task 3: the fewest agents per hour -----------------------------------------------------------------
MIN_AGENT_MISTAKES = [
    Mistake("everyday_rates", "用了平常的来电率，而不是双十一的预测", "used the everyday rates, not the 11.11 forecast",
            "要排的是双十一：把 forecast 的 rate_per_hour 交给 Erlang C。", "The day to staff is 11.11: give Erlang C the "
            "rate_per_hour of forecast.",
            recompute=lambda ctx: _need(_ref(ctx)["rates"]["rate_per_hour"], _ref(ctx)["aht"]), answer="min_agents"),
]


def _agents_list(value):
    ok = isinstance(value, list | tuple | np.ndarray | pd.Series) and len(value) == 24
    assert ok, "min_agents 应有 24 个数 / min_agents needs 24 numbers"
    out = []
    for v in list(value):
        assert not isinstance(v, bool | str) and float(v) == int(v) and int(v) >= 0, (
            "min_agents 应是 24 个非负整数 / min_agents should be 24 non-negative whole numbers")
        out.append(int(v))
    return out


@lab.check("test_min_agents", answers=["min_agents", "forecast", "aht"], optional=["forecast", "aht"],
           mistakes=MIN_AGENT_MISTAKES)
def min_agents_check(ctx, min_agents, forecast, aht):
    """Right on the student's own forecast and aht, or on the right ones."""
    need = _agents_list(min_agents)
    ref = _ref(ctx)
    cands = [ref["need"]]
    try:
        cands.append(_need(_hourly(forecast, "forecast"), _number(aht, "aht")))
    except Exception:  # noqa: BLE001 - unusable forecast or aht: the right ones decide
        pass
    if any(need == c for c in cands):
        return None
    found = next((m for m in MIN_AGENT_MISTAKES if need == m.recompute(ctx)), None)
    _fail(ctx, [(False, found, "min_agents 不是你的 forecast 和 aht 按 80/20 算出的最少坐席数。",
                 "min_agents is not the fewest agents for 80/20 on your forecast and aht.")], 0.0)


# -- task 4: the roster ----------------------------------------------------------------------------------
def _plans(ctx, forecast, aht):
    """``[(arrivals table, aht, need)]`` to judge a roster on: the right forecast, and the student's own when
    both their forecast and aht come from a slip of the catalogue (an honest mistake, not a made-up forecast)."""
    ref = _ref(ctx)
    plans = [(ref["fc"], ref["aht"], ref["need"])]
    try:
        fc, a = _hourly(forecast, "forecast"), _number(aht, "aht")
    except Exception:  # noqa: BLE001 - unusable answers: the right forecast decides
        return plans
    rates = [ref["rates"]["rate_per_hour"].to_numpy(float)] + [m.recompute(ctx)["rate_per_hour"].to_numpy(float)
                                                             for m in RATES_MISTAKES]
    pfs = [ref["pf"]] + [m.recompute(ctx) for m in PF_MISTAKES]
    known_fc = any(np.allclose(fc, r * f * g, rtol=1e-6) for r in rates for f in pfs for g in (GROWTH, 1.0))
    known_aht = any(math.isclose(a, x, rel_tol=1e-6) for x in [ref["aht"]] + [m.recompute(ctx) for m in AHT_MISTAKES])
    if known_fc and known_aht and a > 30:
        plans.append((pd.DataFrame({"hour": np.arange(24), "rate_per_hour": fc}), a, _need(fc, a)))
    return plans


def _budget(need):
    return 8 * math.ceil(1.25 * sum(need) / 8)


def _shifts(shifts):
    assert isinstance(shifts, dict) and len(shifts) > 0, "shifts 应该是非空字典 / shifts should be a non-empty dict"
    for k, v in shifts.items():
        assert not isinstance(k, bool) and float(k) == int(k) and 0 <= int(k) <= 23, (
            "开始时间是 0-23 的整数 / start hours are whole numbers 0-23")
        assert not isinstance(v, bool | str) and float(v) == int(v) and int(v) >= 0, (
            "人数是非负整数 / agents are non-negative whole numbers")
    return {int(k): int(v) for k, v in shifts.items()}


@lab.check("test_shifts_valid", answers=["shifts"])
def shifts_valid(ctx, shifts):
    _shifts(shifts)


@lab.check("test_shifts_service", answers=["shifts", "forecast", "aht"], optional=["forecast", "aht"])
def shifts_service(ctx, shifts, forecast, aht):
    s = _shifts(shifts)
    misses = []
    for fc, a, _ in _plans(ctx, forecast, aht):
        sim = _simulated(fc, a, s)
        miss = sim.loc[~sim["meets_target"], "hour"].tolist()
        if not miss:
            return None
        misses.append(miss)
    raise CheckFailed(f"这些小时达不到 80/20：{misses[0]}", f"these hours miss 80/20: {misses[0]}")


@lab.check("test_shifts_cost", answers=["shifts", "forecast", "aht"], optional=["forecast", "aht"])
def shifts_cost(ctx, shifts, forecast, aht):
    s = _shifts(shifts)
    hours = SHIFT_HOURS * sum(s.values())
    met = [(fc, a, need) for fc, a, need in _plans(ctx, forecast, aht) if bool(_simulated(fc, a, s)["meets_target"].all())]
    assert met, "先满足服务水平 / meet the service level first"
    if not any(hours <= _budget(need) for _, _, need in met):
        budget = _budget(met[0][2])
        raise CheckFailed(f"超预算：{hours} 人时，预算 {budget}", f"over the budget of {budget} agent-hours: {hours}")


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    ref = _ref(ctx)
    cover = np.zeros((24, 24))
    for start in range(24):
        for h in range(start, start + SHIFT_HOURS):
            cover[h % 24, start] = 1
    best = milp(np.ones(24), constraints=LinearConstraint(cover, np.array(ref["need"]), np.inf),
                integrality=np.ones(24), bounds=Bounds(0, np.inf))
    shifts = {int(s): int(round(n)) for s, n in enumerate(best.x) if round(n) > 0}
    return {"rates": ref["rates"], "aht": ref["aht"], "peak_factor": ref["pf"], "forecast": ref["fc"],
            "min_agents": ref["need"], "shifts": shifts}
