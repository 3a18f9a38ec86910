"""Trusted checks of lab L7 (11.11 staffing: forecast, Erlang C, an 8-hour shift roster).
Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.

The roster is judged with this module's own ``coverage`` (the release's helper, so a
notebook that redefines it changes nothing) and the course's ``simulate_schedule``.
"""

import math

import numpy as np
import pandas as pd

from crmlab.analysis import agents_needed, arrival_rates, simulate_schedule
from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.trusted import LabChecks

lab = LabChecks("L7_staffing", dataset="lab")

# The lab's constants, as the release states them (the student's copies are not trusted).
GROWTH = 20.0
TARGET_SL = 0.8
TARGET_SECONDS = 20.0
SHIFT_HOURS = 8


def coverage(shifts):
    """Agents on duty in each hour 0-23 for a dict {start hour: agents} of 8-hour shifts (as in the release)."""
    on_duty = np.zeros(24, dtype=int)
    for start, n in shifts.items():
        for k in range(SHIFT_HOURS):
            on_duty[(int(start) + k) % 24] += int(n)
    return on_duty


def _ref(ctx) -> dict:
    """The right rates, handling time, peak factor, forecast and minimum staffing of this student's shop."""
    def compute():
        g = ctx.shop
        rates = arrival_rates(g.calls)[["hour", "rate_per_hour"]]
        aht = float(g.calls["handle_seconds"].dropna().mean())
        paid = g.orders[g.orders["payment_status"] == "paid"]
        per_day = paid["order_time"].dt.normalize().value_counts().reindex(
            pd.date_range(g.meta["start"], g.meta["end"], freq="D"), fill_value=0)
        pf = float(per_day[(per_day.index.month == 11) & (per_day.index.day == 11)].mean() / per_day.mean())
        fc = rates.assign(rate_per_hour=rates["rate_per_hour"] * pf * GROWTH)
        need = [int(x) for x in agents_needed(fc["rate_per_hour"].to_numpy(), aht, TARGET_SL, TARGET_SECONDS)]
        return {"rates": rates, "aht": aht, "pf": pf, "fc": fc, "need": need}

    return ctx.cached("ref", compute)


def _simulated(ctx, shifts) -> pd.DataFrame:
    r = _ref(ctx)
    return simulate_schedule(coverage(shifts), arrivals=r["fc"], handle_time=r["aht"], target_answer_time=TARGET_SECONDS,
                             target_service_level=TARGET_SL)


@lab.check("test_rates", answers=["rates"])
def rates_check(ctx, rates):
    assert len(rates) == 24 and "rate_per_hour" in rates.columns, \
        "rates 应有 24 行和 rate_per_hour 列 / rates needs 24 rows and rate_per_hour"
    compare_tables(rates, _ref(ctx)["rates"], name="rates", key="hour")


@lab.check("test_aht", answers=["aht"])
def aht_check(ctx, aht):
    assert 30 < aht < 3600, "aht 的单位是秒 / aht is in seconds"
    compare_values(aht, _ref(ctx)["aht"], name="aht")


@lab.check("test_forecast", answers=["peak_factor", "forecast"])
def forecast_check(ctx, peak_factor, forecast):
    assert peak_factor > 1, "双十一应比平常忙 / 11.11 should be busier than an average day"
    assert len(forecast) == 24, "forecast 应有 24 行 / forecast needs 24 rows"
    compare_values(peak_factor, _ref(ctx)["pf"], name="peak_factor")
    compare_tables(forecast, _ref(ctx)["fc"], name="forecast", key="hour")


@lab.check("test_min_agents", answers=["min_agents"])
def min_agents_check(ctx, min_agents):
    assert len(min_agents) == 24, "min_agents 应有 24 个数 / min_agents needs 24 numbers"
    compare_values(list(min_agents), _ref(ctx)["need"], name="min_agents")


@lab.check("test_shifts_valid", answers=["shifts"])
def shifts_valid(ctx, shifts):
    assert isinstance(shifts, dict) and len(shifts) > 0, "shifts 应该是非空字典 / shifts should be a non-empty dict"
    assert all(float(k) == int(k) and 0 <= int(k) <= 23 for k in shifts), \
        "开始时间是 0-23 的整数 / start hours are whole numbers 0-23"
    assert all(float(v) == int(v) and int(v) >= 0 for v in shifts.values()), \
        "人数是非负整数 / agents are non-negative whole numbers"


@lab.check("test_shifts_service", answers=["shifts"])
def shifts_service(ctx, shifts):
    assert len(coverage(shifts)) == 24
    sim = _simulated(ctx, shifts)
    miss = sim.loc[~sim["meets_target"], "hour"].tolist()
    assert not miss, f"这些小时达不到 80/20 / these hours miss 80/20: {miss}"


@lab.check("test_shifts_cost", answers=["shifts"])
def shifts_cost(ctx, shifts):
    budget = 8 * math.ceil(1.25 * sum(_ref(ctx)["need"]) / 8)
    assert bool(_simulated(ctx, shifts)["meets_target"].all()), "先满足服务水平 / meet the service level first"
    assert SHIFT_HOURS * sum(int(v) for v in shifts.values()) <= budget, \
        f"超预算 / over the budget of {budget} agent-hours"
