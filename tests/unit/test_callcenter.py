"""Call center: Erlang C against the published formula, a textbook case and the shop's calls."""

import math

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import callcenter as cc
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


def erlang_c_direct(a, n):
    """The published Erlang C formula with factorials (fine for small N)."""
    top = a**n / math.factorial(n) * n / (n - a)
    return top / (sum(a**k / math.factorial(k) for k in range(n)) + top)


@pytest.mark.parametrize("a,n", [(0.5, 1), (2.0, 3), (4.3, 6), (10.0, 11), (10.0, 14), (19.5, 25)])
def test_erlang_c_matches_factorial_formula(a, n):
    # arrival rate a per hour with 3600 s handling gives a load of a Erlangs
    assert cc.erlang_c(a, 3600.0, n) == pytest.approx(erlang_c_direct(a, n), rel=1e-12)


def test_erlang_b_matches_factorial_formula():
    a, n = 7.5, 9
    direct = (a**n / math.factorial(n)) / sum(a**k / math.factorial(k) for k in range(n + 1))
    assert cc.erlang_b(a, n) == pytest.approx(direct, rel=1e-12)


def test_textbook_example_call_centre_helper():
    # Call Centre Helper, "Erlang C formula - made simple": 100 calls per 30 minutes,
    # AHT 180 s, goal 80% answered in 20 s -> traffic 10 Erlangs, 14 agents;
    # 13 agents give 79.6%, 14 agents 88.8%, ASA at 14 about 7.8 s, occupancy 71.4%.
    rate = 100 * 2
    assert cc.erlang_c(rate, 180, 11) == pytest.approx(0.6821, abs=5e-5)
    assert cc.service_level(rate, 180, 13, 20) == pytest.approx(0.7956, abs=5e-4)
    assert cc.service_level(rate, 180, 14, 20) == pytest.approx(0.8884, abs=5e-4)
    assert cc.average_speed_of_answer(rate, 180, 14) == pytest.approx(7.84, abs=0.01)
    assert cc.occupancy(rate, 180, 14) == pytest.approx(10 / 14)
    assert cc.agents_needed(rate, 180, 0.8, 20) == 14


def test_stable_for_large_centres_and_vectorised():
    # 900 Erlangs: the factorial formula overflows; the recursion does not.
    c = cc.erlang_c(900 * 3600 / 300, 300, 930)
    assert 0 < c < 1
    rates = np.array([0.0, 50.0, 200.0, 1000.0])
    need = cc.agents_needed(rates, 180, 0.8, 20)
    assert need[0] == 0
    for r, n in zip(rates[1:], need[1:], strict=True):
        assert cc.service_level(r, 180, n, 20) >= 0.8 > cc.service_level(r, 180, n - 1, 20)
    assert cc.erlang_c(400, 36, 3) == 1.0  # overloaded: everyone waits
    assert cc.service_level(400, 36, 3) == 0.0


def test_service_level_matches_simulated_queue():
    # A Monte Carlo M/M/N queue (FIFO) agrees with the analytic service level.
    rng = np.random.default_rng(0)
    lam, aht, n, k = 200 / 3600, 180.0, 12, 40000
    arr = np.cumsum(rng.exponential(1 / lam, k))
    serv = rng.exponential(aht, k)
    free = np.zeros(n)
    waits = np.empty(k)
    for i in range(k):
        j = np.argmin(free)
        start = max(arr[i], free[j])
        waits[i] = start - arr[i]
        free[j] = start + serv[i]
    assert np.mean(waits[2000:] <= 20) == pytest.approx(cc.service_level(200, 180, 12, 20), abs=0.03)


def test_erlang_table_and_max_occupancy():
    t = cc.erlang_table(200, 180)
    assert t["agents"].iloc[0] == 11 and t["service_level"].iloc[-1] >= 0.99
    assert t["service_level"].is_monotonic_increasing
    assert cc.agents_needed(200, 180, 0.5, 20, max_occupancy=0.7) == 15  # ceil(10 / 0.7)


def test_arrival_rates(shop_20k):
    r = cc.arrival_rates(shop_20k.calls)
    n_days = shop_20k.calls["arrival_time"].dt.normalize().nunique()
    assert r["calls"].sum() == len(shop_20k.calls)
    assert r["n_days"].iloc[0] >= n_days
    # plain pandas reference
    ref = shop_20k.calls.groupby(shop_20k.calls["arrival_time"].dt.hour).size().reindex(range(24), fill_value=0)
    assert (r["calls"].to_numpy() == ref.to_numpy()).all()
    assert r.loc[r["rate_per_hour"].idxmax(), "hour"] in (19, 20, 21, 22)  # evening peak
    wd = cc.arrival_rates(shop_20k.calls, by="weekday_hour", locale="en")
    assert len(wd) == 168 and wd["weekday_label"].iloc[0] == "Mon"
    peak = pd.date_range("2024-11-10", "2024-11-12")
    assert cc.arrival_rates(shop_20k.calls, dates=peak)["rate_per_hour"].sum() > 2 * r["rate_per_hour"].sum()


def test_erlang_predicts_the_shops_service_level(shop_20k):
    t = cc.service_level_by_hour(shop_20k.calls, staffing=shop_20k.staffing, target_answer_time=20)
    busy = t[t["calls"] >= 100]
    # The simulator queues calls as M/M/N with abandonment: Erlang C is close, hour by hour.
    assert (busy["difference"].abs() < 0.05).all()
    total_measured = np.average(t["measured_service_level"], weights=t["calls"])
    total_pred = np.average(t["predicted_service_level"], weights=t["calls"])
    assert total_measured == pytest.approx(total_pred, abs=0.02)


def test_agent_kpis(shop_20k):
    k = cc.agent_kpis(shop_20k.calls, staffing=shop_20k.staffing)
    ans = shop_20k.calls.dropna(subset=["agent_id"])
    ref = ans.groupby("agent_id")["handle_seconds"].agg(["size", "mean"])
    assert (k["agent_id"].to_numpy() == ref.index.to_numpy(int)).all()
    assert (k["calls_handled"].to_numpy() == ref["size"].to_numpy()).all()
    assert np.allclose(k["aht_seconds"], ref["mean"])
    assert ((k["occupancy"] > 0) & (k["occupancy"] < 1)).all()
    assert k["hours_on_duty"].iloc[0] == len(shop_20k.staffing)  # agent 1 is always on duty


def test_simulate_schedule_forms():
    rates = cc.arrival_rates(pd.DataFrame({"arrival_time": pd.date_range("2024-01-01", periods=480, freq="3min")}))
    # 20 calls per hour at 180 s is 1 Erlang: 2 agents answer 70% in 20 s, 3 agents 95%
    plan = cc.simulate_schedule(pd.Series(2, index=range(24)), arrivals=rates, handle_time=180)
    assert len(plan) == 24 and not plan["meets_target"].any()
    assert plan["service_level"].iloc[0] == pytest.approx(1 - np.exp(-20 / 180) / 3)
    plan = cc.simulate_schedule(pd.DataFrame({"hour": range(24), "agents": 3}), arrivals=rates, handle_time=180)
    assert plan["meets_target"].all()
    short = cc.simulate_schedule({0: 11, 1: 14}, arrivals={0: 200, 1: 200}, handle_time=180)
    assert short["gap"].tolist() == [3, 0]
    zero = cc.simulate_schedule([0], arrivals=[5], handle_time=180)
    assert not zero["meets_target"].iloc[0]


def test_bad_input():
    with pytest.raises(InvalidArgumentError, match="agents"):
        cc.erlang_c(10, 180, 0)
    with pytest.raises(InvalidArgumentError, match="handle_time"):
        cc.erlang_c(10, -1, 3)
    with pytest.raises(InvalidArgumentError, match="target_service_level"):
        cc.agents_needed(10, 180, 80)
    with pytest.raises(ColumnError, match="arrival_time"):
        cc.arrival_rates(pd.DataFrame({"x": [1]}))
    with pytest.raises(EmptyDataError):
        cc.arrival_rates(pd.DataFrame({"arrival_time": pd.to_datetime([])}))
    with pytest.raises(InvalidArgumentError, match="by"):
        cc.arrival_rates(pd.DataFrame({"arrival_time": pd.to_datetime(["2024-01-01"])}), by="minute")
    with pytest.raises(InvalidArgumentError, match="arrival rate"):
        cc.simulate_schedule({0: 3, 5: 3}, arrivals={0: 10}, handle_time=180)
