"""Chapter 7 exercises: the call center: arrivals, waiting and abandonment, Erlang C
staffing for the 11.11 peak, KPIs (第七章：呼叫中心).

``from crmlab.exercises.call_center import *`` gives ``q1`` ... ``q8`` and the blank ``____``.
The lesson uses the ``lab`` shop; its everyday call volume is small, so the 11.11
forecast scales the everyday hourly profile by the shop's own 11.11 order peak and
the planners' growth factor :data:`GROWTH`.

====  =======================  ===========================================================
q1    TableQuestion            ``rates``: mean calls per hour, by hour of day
q2.a  ValueQuestion            ``aht``: average handling time of answered calls (s)
q2.b  ValueQuestion            ``abandon_rate``: share of calls abandoned
q2.c  ValueQuestion            ``sl_measured``: share answered within 20 s
q3    FunctionQuestion         ``erlang_c_prob(arrival_rate, handle_time, agents)``
q4.a  ValueQuestion            ``peak_factor``: paid orders on 11.11 / an average day
q4.b  TableQuestion            ``forecast``: hour, rate_per_hour on the next 11.11
q4.c  ValueQuestion            ``min_agents``: Erlang C agents per hour (list of 24)
q5    DesignQuestion           ``schedule``: 24 agent counts meeting 80/20, occupancy, cost
q6    ChoiceQuestion           which KPI warns of burn-out
q7    ChoiceQuestion           twice the calls and twice the agents
q8    ReflectionQuestion       roles, duties and KPIs of the 11.11 team
====  =======================  ===========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import agents_needed, arrival_rates, erlang_c, simulate_schedule
from ..analysis._tables import paid_orders
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    TableQuestion, ValueQuestion, ____, bind)

#: This year's 11.11 is expected to bring GROWTH times last year's 11.11 calls.
GROWTH = 20.0
TARGET_SL = 0.8
TARGET_SECONDS = 20.0
MAX_OCCUPANCY = 0.85
#: Agent-hours allowed above the cheapest plan that meets every rule.
SLACK_HOURS = 4


# -- reference computations ------------------------------------------------------------
def hourly_rates(shop) -> pd.DataFrame:
    return arrival_rates(shop.calls)[["hour", "rate_per_hour"]]


def aht(shop) -> float:
    return float(shop.calls["handle_seconds"].dropna().mean())


def peak_factor(shop) -> float:
    """Mean paid orders on the 11.11 days of the data over the mean paid orders per day."""
    paid = paid_orders(shop.orders)
    days = pd.date_range(shop.meta["start"], shop.meta["end"], freq="D")
    per_day = paid["order_time"].dt.normalize().value_counts().reindex(days, fill_value=0)
    is1111 = (per_day.index.month == 11) & (per_day.index.day == 11)
    return float(per_day[is1111].mean() / per_day.mean())


def forecast(shop) -> pd.DataFrame:
    r = hourly_rates(shop)
    return r.assign(rate_per_hour=r["rate_per_hour"] * peak_factor(shop) * GROWTH)


def min_agents(shop, max_occupancy=None) -> list:
    need = agents_needed(forecast(shop)["rate_per_hour"].to_numpy(), aht(shop), TARGET_SL, TARGET_SECONDS,
                         max_occupancy=max_occupancy)
    return [int(x) for x in need]


def cost_limit(shop) -> int:
    """Agent-hours of the cheapest rule-abiding plan plus the slack."""
    return int(sum(max(1, n) for n in min_agents(shop, MAX_OCCUPANCY))) + SLACK_HOURS


def erlang_c_prob(arrival_rate, handle_time, agents):
    return float(erlang_c(arrival_rate, handle_time, agents))


# -- questions ---------------------------------------------------------------------------
class Rates(TableQuestion):
    var = "rates"
    key = "hour"
    prompt = ("平均每小时来电量，按一天中的小时：列 hour（0-23）, rate_per_hour（所有日子平均，没有来电的日子也算 0）。",
              "Mean calls per hour by hour of day: columns hour (0-23), rate_per_hour (averaged over all days, quiet "
              "days count as zero).")
    hints = [("`arrival_rates(shop.calls)` 就是这张表。", "`arrival_rates(shop.calls)` is this table."),
             ("自己算：每个小时的来电数 ÷ 数据覆盖的天数（第一通到最后一通来电之间的所有日子）。",
              "By hand: calls in each hour of day ÷ number of days between the first and the last call.")]

    def expected(self, shop):
        return hourly_rates(shop)


class Aht(ValueQuestion):
    var = "aht"
    prompt = ("平均处理时长（AHT，秒）：被接听来电的 `handle_seconds` 平均值（放弃的来电没有处理时长）。",
              "Average handling time (AHT, seconds): the mean `handle_seconds` of answered calls (abandoned calls "
              "have none).")
    hints = [("`shop.calls['handle_seconds'].mean()` 会自动跳过空值。", "`shop.calls['handle_seconds'].mean()` skips "
              "missing values.")]

    def expected(self, shop):
        return aht(shop)


class Abandon(ValueQuestion):
    var = "abandon_rate"
    prompt = ("放弃率：挂断（`abandoned`）的来电占全部来电的比例。", "Abandonment rate: the share of calls whose caller "
              "hung up (`abandoned`).")
    hints = [("布尔列的平均值就是比例：`shop.calls['abandoned'].mean()`。", "The mean of a boolean column is a share: "
              "`shop.calls['abandoned'].mean()`.")]

    def expected(self, shop):
        return float(shop.calls["abandoned"].mean())


class SlMeasured(ValueQuestion):
    var = "sl_measured"
    prompt = ("实际服务水平：20 秒内被接听（没有放弃、`wait_seconds <= 20`）的来电占全部来电的比例。",
              "Measured service level: the share of all calls answered within 20 seconds (not abandoned and "
              "`wait_seconds <= 20`).")
    hints = [("两个条件用 `&` 连起来，再求平均值。", "Combine the two conditions with `&`, then take the mean."),
             ("`((~calls['abandoned']) & (calls['wait_seconds'] <= 20)).mean()`",
              "`((~calls['abandoned']) & (calls['wait_seconds'] <= 20)).mean()`")]

    def expected(self, shop):
        c = shop.calls
        return float(((~c["abandoned"]) & (c["wait_seconds"] <= TARGET_SECONDS)).mean())


class Q2(MultipartQuestion):
    prompt = ("等待与放弃。", "Waiting and abandonment.")
    parts = {"a": Aht, "b": Abandon, "c": SlMeasured}


class ErlangC(FunctionQuestion):
    var = "erlang_c_prob"
    prompt = ("写函数 `erlang_c_prob(arrival_rate, handle_time, agents)`：来电需要排队的概率（Erlang C）。"
              "arrival_rate 是每小时来电数，handle_time 是秒，agents 是坐席数；话务量 A ≥ agents 时返回 1.0。",
              "Write `erlang_c_prob(arrival_rate, handle_time, agents)`: the probability that a caller waits "
              "(Erlang C). arrival_rate in calls per hour, handle_time in seconds, agents on duty; return 1.0 when "
              "the traffic A ≥ agents.")
    hints = [("话务量 A = arrival_rate × handle_time / 3600（爱尔兰）。", "Traffic A = arrival_rate × handle_time / 3600 "
              "(Erlangs)."),
             ("C = (A^N/N! · N/(N-A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N-A))；用 `math.factorial`。",
              "C = (A^N/N! · N/(N-A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N-A)); use `math.factorial`.")]
    solution_text = ("Erlang C 把一小时看成一个排队系统：随机到达、随机时长、N 个坐席轮流接听。",
                     "Erlang C treats an hour as a queue: random arrivals, random handling times, N agents in turn.")

    def reference(self, arrival_rate, handle_time, agents):
        return erlang_c_prob(arrival_rate, handle_time, agents)

    def cases(self, shop):
        return [(200, 180, 11), (200, 180, 14), (30, 240, 3), (10, 300, 1), (60, 240, 4), (50, 300, 3)]


class PeakFactor(ValueQuestion):
    var = "peak_factor"
    prompt = ("双十一当天的已支付订单数，是平常一天的几倍？（数据中每年 11 月 11 日订单数的平均 ÷ 数据期内每天订单数的平均，"
              "没有订单的日子算 0）",
              "How many times an average day's paid orders does 11.11 bring? (mean paid orders on the 11 November "
              "days of the data ÷ mean paid orders per day over the whole period, days without orders count as 0)")
    hints = [("按天数已支付订单：`paid['order_time'].dt.normalize().value_counts()`，再用 `pd.date_range(start, end)` "
              "补上没有订单的日子。",
              "Paid orders per day: `paid['order_time'].dt.normalize().value_counts()`, then `reindex` on "
              "`pd.date_range(start, end)` with `fill_value=0`."),
             ("11.11 的日子：`(idx.month == 11) & (idx.day == 11)`。", "The 11.11 days: "
              "`(idx.month == 11) & (idx.day == 11)`.")]

    def expected(self, shop):
        return peak_factor(shop)


class Forecast(TableQuestion):
    var = "forecast"
    key = "hour"
    prompt = (f"今年双十一的来电预测：每小时来电率 = 平常的 rate_per_hour × peak_factor × GROWTH（{GROWTH:g}，"
              "店铺今年进了主会场）。列 hour, rate_per_hour。",
              f"This year's 11.11 forecast: calls per hour = the everyday rate_per_hour × peak_factor × GROWTH "
              f"({GROWTH:g}: the shop is in this year's main venue). Columns hour, rate_per_hour.")
    hints = [("`rates.assign(rate_per_hour=rates['rate_per_hour'] * peak_factor * GROWTH)`",
              "`rates.assign(rate_per_hour=rates['rate_per_hour'] * peak_factor * GROWTH)`")]

    def expected(self, shop):
        return forecast(shop)


class MinAgents(ValueQuestion):
    var = "min_agents"
    prompt = ("按 Erlang C，每个小时最少要多少坐席才能做到 80% 的来电 20 秒内接听？给出 24 个整数的列表。",
              "By Erlang C, how many agents does each hour need so that 80% of calls are answered within 20 s? Give "
              "a list of 24 whole numbers.")
    hints = [("`agents_needed(forecast['rate_per_hour'], aht, 0.8, 20)` 对每个小时给出人数。",
              "`agents_needed(forecast['rate_per_hour'], aht, 0.8, 20)` gives the agents for every hour."),
             ("用 `.tolist()` 或 `list(...)` 变成列表。", "Turn it into a list with `.tolist()`.")]

    def expected(self, shop):
        return min_agents(shop)


class Q4(MultipartQuestion):
    prompt = ("双十一的来电预测和最少人数。", "The 11.11 forecast and the fewest agents.")
    parts = {"a": PeakFactor, "b": Forecast, "c": MinAgents}


def _hours(answer):
    arr = np.asarray(answer, dtype=float).ravel()
    if arr.size != 24:
        raise ValueError(f"a schedule has 24 hours, this one has {arr.size}")
    return arr


def _sim(answer, shop):
    return simulate_schedule(_hours(answer).astype(int), forecast(shop), handle_time=aht(shop),
                             target_answer_time=TARGET_SECONDS, target_service_level=TARGET_SL)


def _valid(answer, shop):
    arr = _hours(answer)
    ok = bool(np.all(arr == np.round(arr)) and np.all(arr >= 1))
    return ok, ("每个小时至少 1 位坐席，且都是整数", "every hour needs a whole number of agents, at least 1")


def _meets(answer, shop):
    sim = _sim(answer, shop)
    bad = sim.loc[~sim["meets_target"], "hour"].tolist()
    return not bad, (f"这些小时达不到 80/20：{bad}", f"these hours miss 80/20: {bad}")


def _occupancy(answer, shop):
    sim = _sim(answer, shop)
    bad = sim.loc[sim["occupancy"] > MAX_OCCUPANCY + 1e-12, "hour"].tolist()
    return not bad, (f"这些小时占用率超过 {MAX_OCCUPANCY:.0%}：{bad}", f"occupancy above {MAX_OCCUPANCY:.0%} in hours "
                     f"{bad}")


def _budget(answer, shop):
    used, limit = float(_hours(answer).sum()), cost_limit(shop)
    return used <= limit, (f"用了 {used:g} 人时，预算 {limit} 人时", f"{used:g} agent-hours used, the budget is {limit}")


class Schedule(DesignQuestion):
    var = "schedule"
    prompt = ("为双十一排班：24 个整数（0 点到 23 点每小时的在岗坐席数）。规则：每小时至少 1 人；每小时都达到 80/20；"
              f"每小时占用率不超过 {MAX_OCCUPANCY:.0%}（防止过劳）；总人时不超过预算（最省方案 + {SLACK_HOURS} 人时）。",
              "Staff 11.11: 24 whole numbers (agents on duty from hour 0 to hour 23). Rules: at least 1 agent every "
              f"hour; 80/20 in every hour; occupancy at most {MAX_OCCUPANCY:.0%} in every hour (no burn-out); total "
              f"agent-hours within the budget (the cheapest plan + {SLACK_HOURS}).")
    rules = [
        Rule(("24 个小时，每小时至少 1 位坐席（整数）", "24 hours, at least 1 agent each (whole numbers)"), _valid),
        Rule(("每小时 80% 来电 20 秒内接听", "80% of calls answered within 20 s in every hour"), _meets),
        Rule((f"每小时占用率 ≤ {MAX_OCCUPANCY:.0%}", f"occupancy ≤ {MAX_OCCUPANCY:.0%} in every hour"), _occupancy),
        Rule(("总人时不超过预算", "agent-hours within the budget"), _budget),
    ]
    hints = [("从 `min_agents` 出发，用 `simulate_schedule(schedule, forecast, handle_time=aht)` 看每小时的 "
              "`service_level` 和 `occupancy`。",
              "Start from `min_agents` and check each hour's `service_level` and `occupancy` with "
              "`simulate_schedule(schedule, forecast, handle_time=aht)`."),
             (f"`agents_needed(..., max_occupancy={MAX_OCCUPANCY})` 同时考虑占用率；没有来电的小时也要 1 人。",
              f"`agents_needed(..., max_occupancy={MAX_OCCUPANCY})` also respects occupancy; quiet hours still "
              "need 1 agent.")]
    solution_text = ("先满足服务水平和占用率，再看成本：每多一人时就是一份工资。",
                     "Meet the service level and occupancy first, then watch the cost: every agent-hour is paid.")


class BurnOut(ChoiceQuestion):
    var = "kpi_choice"
    prompt = ("哪个指标最直接地提醒你：坐席太忙、快要过劳了？", "Which KPI warns you most directly that agents are too busy "
              "and heading for burn-out?")
    options = {"A": ("服务水平（20 秒内接听比例）", "service level (share answered within 20 s)"),
               "B": ("占用率（通话时间 ÷ 在岗时间）", "occupancy (talk time ÷ time on duty)"),
               "C": ("询单转化率", "inquiry-to-order conversion"),
               "D": ("平均处理时长", "average handling time")}
    answer = "B"
    explanations = {"A": ("服务水平描述的是客户的等待，不是坐席的负荷。", "Service level describes the callers' wait, "
                          "not the agents' load."),
                    "D": ("处理时长变长可能只是问题变难了，它不说明坐席在岗时有多少时间没有空闲。",
                          "A longer handling time may only mean harder questions; it does not say how much of their "
                          "time on duty agents are busy."),
                    "C": ("询单转化率衡量的是咨询变成订单的比例，是销售的效果，和坐席忙不忙无关。",
                          "Inquiry-to-order conversion measures how many inquiries become orders: a sales result, "
                          "not how busy agents are.")}
    hints = [("哪个指标衡量“坐席在岗时有多少时间在通话”？", "Which KPI measures how much of their time on duty agents "
              "spend on calls?")]


class Pooling(ChoiceQuestion):
    var = "pooling"
    prompt = ("来电量翻倍，坐席也翻倍（比如 50 通/小时、4 人 → 100 通/小时、8 人，AHT 240 秒）。服务水平会怎样？",
              "Calls double and so do agents (say 50 calls/hour with 4 agents → 100 calls/hour with 8, AHT 240 s). "
              "What happens to the service level?")
    options = {"A": ("不变：人均负荷一样。", "It stays the same: the load per agent is the same."),
               "B": ("变好：大团队更容易有人空闲（规模效应）。", "It improves: in a bigger team someone is free more "
                     "often (economies of scale)."),
               "C": ("变差：排队更长。", "It gets worse: longer queues.")}
    answer = "B"
    hints = [("用 `service_level(50, 240, 4)` 和 `service_level(100, 240, 8)` 试一试。",
              "Try `service_level(50, 240, 4)` and `service_level(100, 240, 8)`.")]
    explanations = {"A": ("人均负荷（占用率）确实一样，但服务水平看的是来电时有没有坐席正好空着，这个机会和团队大小有关。"
                          "用 `service_level` 把两种情况都算一算。",
                          "The load per agent (occupancy) is indeed the same, but the service level depends on an "
                          "agent being free when a call comes in, and that chance depends on the size of the team. "
                          "Compute both cases with `service_level`."),
                    "C": ("来电翻倍的同时坐席也翻倍，人均负荷没有变，没有什么让队列变长。比一比 "
                          "`service_level(50, 240, 4)` 和 `service_level(100, 240, 8)`。",
                          "Agents doubled with the calls, so the load per agent is unchanged and nothing makes the "
                          "queue longer. Compare `service_level(50, 240, 4)` with `service_level(100, 240, 8)`.")}
    solution_text = ("同样的占用率下，大团队的服务水平更高：这就是为什么把多个小客服组合成一个呼叫中心更划算。",
                     "At the same occupancy a bigger team serves better: why pooling small service desks into one "
                     "call center pays.")


class Roles(ReflectionQuestion):
    var = "roles"
    prompt = ("双十一客服团队：需要哪些角色（例如坐席、组长、质检、排班/现场管理），各自看哪一两个 KPI？用你的排班和数字说明。",
              "The 11.11 service team: which roles does it need (agents, team leads, quality checkers, workforce "
              "planner ...), and which one or two KPIs does each watch? Use your schedule and numbers.")
    solution_text = ("坐席：处理时长、一次解决率、满意度；组长：服务水平、放弃率、现场调配；质检：通话质量抽检；"
                     "排班：预测准确度、占用率与人时成本。好的回答会引用高峰小时的人数和预算。",
                     "Agents: handling time, first-contact resolution, satisfaction; team leads: service level, "
                     "abandonment, real-time moves; quality: call audits; planner: forecast accuracy, occupancy, "
                     "agent-hour cost. A good answer quotes the peak-hour staffing and the budget.")


__all__ = bind(globals(), [Rates, Q2, ErlangC, Q4, Schedule, BurnOut, Pooling, Roles]) + ["____", "GROWTH"]
