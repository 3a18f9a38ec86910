"""Chapter 7 exercises: the call center: arrivals, waiting and abandonment, Erlang C
staffing for the 11.11 peak, KPIs (第七章：呼叫中心).

``from crmlab.exercises.call_center import *`` gives ``q1`` ... ``q11`` and the blank ``____``.
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
q9    MultipartQuestion        a. ``after_sale_share``: share of calls in the after-sale queue (业务规划);
                               b. ``identified_share``: share of calls from a known customer (应用集成)
q10   MultipartQuestion        a-e: which step of building a call center a scene is (体系架构, 业务规划,
                               客户洞察, 产品支撑, 应用集成)
q11   ReflectionQuestion       case discussion: the hotline busy all day on 11.11
====  =======================  ===========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import agents_needed, arrival_rates, erlang_c, simulate_schedule
from ..analysis._tables import paid_orders
from ..mistakes import Mistake, matches
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    TableQuestion, ValueQuestion, ____, bind, choice_question)

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


def sl_measured(shop) -> float:
    c = shop.calls
    return float(((~c["abandoned"]) & (c["wait_seconds"] <= TARGET_SECONDS)).mean())


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


# -- the usual slips, recomputed -----------------------------------------------------------
def _rates_over(shop, n_days) -> pd.DataFrame:
    """Calls per hour of day divided by ``n_days(r)`` (``r``: the table of :func:`arrival_rates`)."""
    r = arrival_rates(shop.calls)
    return r.assign(rate_per_hour=r["calls"] / n_days(r))[["hour", "rate_per_hour"]]


def _rates_quiet_days_skipped(shop) -> list:
    """Two ways of leaving out the days without calls: over the days that had a call at all, and over the
    days that had a call in that very hour."""
    t = shop.calls["arrival_time"]
    per_day_hour = t.groupby([t.dt.normalize(), t.dt.hour]).size()
    by_hour = per_day_hour.groupby(level=1).mean().rename_axis("hour").rename("rate_per_hour").reset_index()
    return [_rates_over(shop, lambda r: t.dt.normalize().nunique()), by_hour]


def _peak_factor_with(shop, *, fill=True, on_1111="mean") -> float:
    paid = paid_orders(shop.orders)
    per_day = paid["order_time"].dt.normalize().value_counts()
    if fill:
        per_day = per_day.reindex(pd.date_range(shop.meta["start"], shop.meta["end"], freq="D"), fill_value=0)
    is1111 = (per_day.index.month == 11) & (per_day.index.day == 11)
    return float(getattr(per_day[is1111], on_1111)() / per_day.mean())


def _erlang_c_slipped(*, unit=3600, queue_factor=True, busy_twice=False, guard=True):
    """Erlang C as a student slips: the traffic in another unit, the all-busy term without its queueing
    factor or counted twice, no guard for an overloaded hour."""
    import math

    def f(arrival_rate, handle_time, agents):
        a, n = arrival_rate * handle_time / unit, int(agents)
        if guard and a >= n:
            return 1.0
        top = a**n / math.factorial(n) * (n / (n - a) if queue_factor else 1)
        return top / (sum(a**k / math.factorial(k) for k in range(n + 1 if busy_twice else n)) + top)

    return f


# Where the slips and the right formula part: everyday hours and a quiet night (A well below N, the
# traffic in the wrong unit still below N), and an overloaded hour (A > N).
_ERLANG_PROBES = [(200, 180, 11), (200, 180, 14), (30, 240, 3), (2, 60, 3), (1, 30, 2)]
_ERLANG_OVERLOAD = (50, 300, 3)


def _overload_not_guarded(answer, ctx) -> bool:
    """Right wherever there are enough agents, but not 1.0 for an overloaded hour."""
    if not callable(answer):
        return False
    if not all(matches(answer(*args), erlang_c_prob(*args)) for args in _ERLANG_PROBES):
        return False
    return not matches(answer(*_ERLANG_OVERLOAD), 1.0)


# -- questions ---------------------------------------------------------------------------
class Rates(TableQuestion):
    var = "rates"
    key = "hour"
    prompt = ("一天中的每个小时，平均有多少通来电？列 hour（0-23）、rate_per_hour（对数据期内的所有日子求平均，没有来电的日子按 0 算）。",
              "How many calls does each hour of the day bring on average? Columns hour (0-23), rate_per_hour "
              "(averaged over every day of the data, quiet days counting as zero).")
    hints = [("某个小时的平均来电数 = 这个小时一共来了多少通 ÷ 数据覆盖了多少天；没有来电的日子也要算进天数。",
              "The mean calls in an hour of day = all calls in that hour ÷ the number of days covered; days without "
              "calls count too."),
             ("课程的 `arrival_rates` 就是按小时做这件事：看它返回哪些列，只留下题目要的两列。自己算的话：`.dt.hour` "
              "取小时，按小时数行数，再除以天数。",
              "The course's `arrival_rates` does exactly this per hour: look at the columns it returns and keep the "
              "two asked for. By hand: `.dt.hour` for the hour, count the rows per hour, divide by the number of "
              "days."),
             ("同样的思路用在订单上：每个小时平均有几笔订单是 `shop.orders['order_time'].dt.hour.value_counts()"
              ".sort_index() / n_days`，n_days 是从第一天到最后一天（两头都算）的天数。",
              "The same idea on the orders: the mean orders in each hour of day are `shop.orders['order_time']"
              ".dt.hour.value_counts().sort_index() / n_days`, with n_days the days from the first to the last "
              "day, both included.")]
    mistakes = (
        Mistake("quiet_days_skipped", "只按有来电的日子求了平均：没有来电的日子没有算成 0",
                "averaged over the days that had calls only: the quiet days did not count as 0",
                "平均每小时来电数的分母是数据覆盖的全部天数（从第一天到最后一天）；某天这个小时没人打来，也是一天，只是来电为 0。"
                "先数出总天数，再拿每个小时的来电总数除以它。",
                "The mean calls in an hour divide by every day the data covers (first day to last); a day on which "
                "nobody called in that hour is still a day, with 0 calls. Count the days first, then divide each "
                "hour's total by them.",
                detect=lambda answer, ctx: any(matches(answer, cand, key="hour")
                                               for cand in _rates_quiet_days_skipped(ctx.shop))),
        Mistake("total_not_mean", "给出的是每个小时的来电总数，没有除以天数",
                "gave each hour's total number of calls, without dividing by the number of days",
                "题目要的是“平均每天这个小时来几通”：总数还要除以数据覆盖的天数。",
                "The question asks how many calls an hour brings on an average day: divide the total by the days "
                "the data covers.",
                recompute=lambda ctx: _rates_over(ctx.shop, lambda r: 1), compare={"key": "hour"}),
        Mistake("days_off_by_one", "的天数少算了一天：用最后一天减第一天得到的是间隔，不是天数",
                "counted one day too few: the last day minus the first is the gap between them, not the number of "
                "days",
                "从第一天到最后一天（两头都算）的天数 = 两者相减的天数 + 1；也可以数 `pd.date_range(第一天, 最后一天)` 有几个日期。",
                "The days from the first to the last, both included, are the difference plus 1; or count the dates "
                "of `pd.date_range(first, last)`.",
                recompute=lambda ctx: _rates_over(ctx.shop, lambda r: r["n_days"] - 1), compare={"key": "hour"}),
    )

    def expected(self, shop):
        return hourly_rates(shop)


class Aht(ValueQuestion):
    var = "aht"
    prompt = ("平均处理时长（AHT，秒）：被接听来电的 `handle_seconds` 平均值（放弃的来电没有处理时长）。",
              "Average handling time (AHT, seconds): the mean `handle_seconds` of answered calls (abandoned calls "
              "have none).")
    hints = [("AHT 只看被接听的来电：放弃的来电没有处理时长（是空值）。",
              "AHT counts answered calls only: abandoned calls have no handling time (an empty value)."),
             ("对 `handle_seconds` 这一列求平均；pandas 的 `.mean()` 会自动跳过空值，不用先删掉放弃的来电。",
              "Average the `handle_seconds` column; pandas' `.mean()` skips empty values, so there is no need to "
              "drop the abandoned calls first."),
             ("同样的做法用在工单上：平均首次响应时间是 `shop.service_tickets['first_response_seconds'].mean()`。",
              "The same on the tickets: the mean first response time is "
              "`shop.service_tickets['first_response_seconds'].mean()`.")]
    mistakes = (
        Mistake("abandoned_as_zero", "把放弃的来电也算了进去，当成处理了 0 秒",
                "counted the abandoned calls too, as if each took 0 seconds",
                "放弃的来电没有被处理，它们的 `handle_seconds` 是空值，不是 0；补成 0 会把平均值拉低。平均处理时长只看被接听的来电。",
                "Abandoned calls were never handled: their `handle_seconds` is empty, not 0, and filling in 0 pulls "
                "the mean down. AHT looks at answered calls only.",
                recompute=lambda ctx: float(ctx.shop.calls["handle_seconds"].fillna(0).mean())),
        Mistake("minutes_not_seconds", "把秒换算成了分钟", "converted the seconds into minutes",
                "题目要的单位是秒，`handle_seconds` 本来就是秒；后面 Erlang C 的 handle_time 也用秒。",
                "The question asks for seconds, which `handle_seconds` already is; Erlang C's handle_time later "
                "takes seconds too.",
                recompute=lambda ctx: aht(ctx.shop) / 60),
        Mistake("median_not_mean", "取了中位数", "took the median",
                "平均处理时长（AHT）是平均数：排班要的是总的通话工作量 ÷ 来电数，用 `.mean()`。中位数说的是“一半来电短于它”。",
                "The average handling time is a mean: staffing needs the total talk workload ÷ the calls, "
                "`.mean()`. The median says half the calls are shorter.",
                recompute=lambda ctx: float(ctx.shop.calls["handle_seconds"].dropna().median())),
    )

    def expected(self, shop):
        return aht(shop)


class Abandon(ValueQuestion):
    var = "abandon_rate"
    prompt = ("放弃率：接通之前客户就挂断（`abandoned`）的来电，占全部来电的比例。", "Abandonment rate: the share of "
              "calls whose caller hung up before being answered (`abandoned`).")
    hints = [("放弃率是一个比例：挂断的来电数 ÷ 全部来电数。", "The abandonment rate is a share: calls hung up ÷ all calls."),
             ("`abandoned` 是 True/False 列：True 算 1、False 算 0，所以它的平均值就是 True 的比例。",
              "`abandoned` is a True/False column: True counts as 1 and False as 0, so its mean is the share of "
              "True."),
             ("例：工单中促成了下单的比例是 `shop.service_tickets['converted'].mean()`。",
              "For example, the share of tickets that led to an order is `shop.service_tickets['converted'].mean()`.")]
    mistakes = (
        _slips.percent_not_share(lambda shop: shop.calls["abandoned"].mean()),
        _slips.count_not_share(lambda shop: int(shop.calls["abandoned"].sum())),
        Mistake("answered_denominator", "用被接听的来电做了分母", "divided by the answered calls",
                "放弃率的分母是全部来电（接听的加放弃的），挂断的来电自己也在分母里。",
                "The abandonment rate divides by all calls, answered and abandoned: the abandoned calls are in the "
                "denominator too.",
                recompute=lambda ctx: float(ctx.shop.calls["abandoned"].sum() / (~ctx.shop.calls["abandoned"]).sum())),
    )

    def expected(self, shop):
        return float(shop.calls["abandoned"].mean())


class SlMeasured(ValueQuestion):
    var = "sl_measured"
    prompt = ("实际服务水平：20 秒内被接听（没有放弃、`wait_seconds <= 20`）的来电占全部来电的比例。",
              "Measured service level: the share of all calls answered within 20 seconds (not abandoned and "
              "`wait_seconds <= 20`).")
    hints = [("一通来电要同时满足两个条件才算“20 秒内接听”：没有放弃，而且等待不超过 20 秒；分母是全部来电。",
              "A call counts as answered within 20 s only if both hold: not abandoned, and a wait of at most 20 s; "
              "the denominator is all calls."),
             ("把每个条件写成一个 True/False 的 Series，用 `&` 连起来（“没有”用 `~`），每个条件外面加括号，再求平均。",
              "Write each condition as a True/False Series, join them with `&` (use `~` for 'not'), put each "
              "condition in brackets, then take the mean."),
             ("例：等了 60 秒以上、最后放弃的来电比例是 `((calls['wait_seconds'] > 60) & calls['abandoned']).mean()`。",
              "For example, the share of calls that waited over 60 s and were abandoned is "
              "`((calls['wait_seconds'] > 60) & calls['abandoned']).mean()`.")]
    mistakes = (
        Mistake("abandoned_counted", "只看了等待时间：20 秒内挂断的来电也被算成了“20 秒内接听”",
                "looked at the wait only: calls abandoned within 20 s count as answered within 20 s",
                "放弃的来电等得再短也没有被接听。两个条件要同时成立：没有放弃，并且等待不超过 20 秒。",
                "An abandoned call was not answered, however short the wait. Both conditions must hold: not "
                "abandoned, and a wait of at most 20 s.",
                recompute=lambda ctx: float((ctx.shop.calls["wait_seconds"] <= TARGET_SECONDS).mean())),
        Mistake("answered_only", "只在被接听的来电里算了比例（分母少了放弃的来电）",
                "computed the share among answered calls only (the abandoned calls are missing from the "
                "denominator)",
                "服务水平的分母是全部来电：放弃的来电算作没有在 20 秒内接到，它们要留在分母里。",
                "The service level divides by all calls: an abandoned call counts as not answered within 20 s, so "
                "it stays in the denominator.",
                recompute=lambda ctx: float((ctx.shop.calls.loc[~ctx.shop.calls["abandoned"], "wait_seconds"]
                                             <= TARGET_SECONDS).mean())),
        _slips.percent_not_share(sl_measured),
    )

    def expected(self, shop):
        return sl_measured(shop)


class Q2(MultipartQuestion):
    prompt = ("等待与放弃。", "Waiting and abandonment.")
    parts = {"a": Aht, "b": Abandon, "c": SlMeasured}


class ErlangC(FunctionQuestion):
    var = "erlang_c_prob"
    prompt = ("写函数 `erlang_c_prob(arrival_rate, handle_time, agents)`：来电需要排队的概率（Erlang C）。"
              "arrival_rate 是每小时来电数，handle_time 是平均处理时长（秒），agents 是坐席数；话务量 A ≥ agents 时返回 1.0。",
              "Write `erlang_c_prob(arrival_rate, handle_time, agents)`: the probability that a caller waits "
              "(Erlang C). arrival_rate in calls per hour, handle_time the average handling time in seconds, agents on duty; return 1.0 when "
              "the traffic A ≥ agents.")
    hints = [("先算话务量 A（爱尔兰）：平均有几个坐席同时在通话，见本课第 4 节。A ≥ agents 时人手不够，直接返回 1.0。",
              "First the traffic A in Erlangs: how many agents are busy on average (section 4 of the lesson). When "
              "A ≥ agents there are too few agents: return 1.0."),
             ("Erlang C 是一个比值：分子是“所有坐席都在忙、来电只能排队”的那一项，分母是“0 个、1 个……直到全部坐席在忙”"
              "各项之和。每一项都是 A 的幂除以阶乘（`math.factorial`）；全忙的那一项还要乘一个排队的因子。"
              "第 3 个提示用具体数字算一遍。",
              "Erlang C is a ratio: on top the term for 'every agent busy, callers must queue', below the sum of the "
              "terms for 0, 1, ... up to all agents busy. Each term is a power of A over a factorial "
              "(`math.factorial`); the all-busy term is also multiplied by a queueing factor. Hint 3 works it "
              "through with numbers."),
             ("例：A = 2 爱尔兰、3 个坐席。0、1、2 人在忙的各项：2⁰/0! = 1，2¹/1! = 2，2²/2! = 2；3 人全忙的一项："
              "2³/3! × 3/(3 − 2) = 4。C = 4 ÷ (1 + 2 + 2 + 4) = 4/9 ≈ 0.444。把 2 换成 A、3 换成 agents，写成代码。",
              "Example: A = 2 Erlangs and 3 agents. The terms for 0, 1, 2 busy: 2⁰/0! = 1, 2¹/1! = 2, 2²/2! = 2; "
              "the all-busy term for 3: 2³/3! × 3/(3 − 2) = 4. C = 4 ÷ (1 + 2 + 2 + 4) = 4/9 ≈ 0.444. Replace 2 by A "
              "and 3 by agents, and write it as code.")]
    mistakes = (
        Mistake("traffic_unit", "算话务量 A 时单位没有对齐：来电是每小时的，处理时长是秒",
                "mixed the units in the traffic A: the calls are per hour, the handling time in seconds",
                "话务量 A 是“平均有几个坐席同时在通话”，没有单位（爱尔兰）：每小时来电数 × 每通的秒数，得到的是每小时的通话秒数，"
                "还要除以一小时的秒数。用教材的例子核对：200 通/小时、180 秒，A 应当是 10。",
                "The traffic A is how many agents are busy on average, a pure number (Erlangs): calls per hour × "
                "seconds per call gives talk seconds per hour, still to divide by the seconds in an hour. Check it on "
                "the textbook example: 200 calls an hour at 180 s make A = 10.",
                detect=lambda answer, ctx: any(_slips.acts_like(_erlang_c_slipped(unit=u), lambda shop: _ERLANG_PROBES)(
                    answer, ctx) for u in (60, 1))),
        Mistake("queue_factor_missing", "在“全部坐席都忙”的那一项里漏了排队因子 N/(N − A)",
                "left out the queueing factor N/(N − A) of the all-busy term",
                "Erlang C 的分子和分母里，全忙的那一项都要乘 N/(N − A)：来电在排队，不是被拒绝（少了它就成了另一个公式）。"
                "对照第 3 个提示的例子：A = 2、3 个坐席时这一项是 4，C ≈ 0.444。",
                "In Erlang C the all-busy term, on top and below, is multiplied by N/(N − A): callers queue, they "
                "are not turned away (without it you get another formula). Check with hint 3's example: for A = 2 "
                "and 3 agents that term is 4 and C ≈ 0.444.",
                detect=_slips.acts_like(_erlang_c_slipped(queue_factor=False), lambda shop: _ERLANG_PROBES)),
        Mistake("all_busy_twice", "在分母里把“全部坐席都忙”的那一项算了两次（求和一直加到了 N）",
                "counted the all-busy term twice in the denominator (the sum ran up to N)",
                "分母是“0 个、1 个……N − 1 个坐席在忙”各项之和，再加上全忙的那一项；求和只到 N − 1。"
                "`range(n)` 给出的正是 0 到 n − 1。",
                "The denominator adds the terms for 0, 1, ... N − 1 busy agents, then the all-busy term; the sum "
                "stops at N − 1. `range(n)` gives exactly 0 to n − 1.",
                detect=_slips.acts_like(_erlang_c_slipped(busy_twice=True), lambda shop: _ERLANG_PROBES)),
        Mistake("overload_not_guarded", "没有处理 A ≥ agents 的情况：人手不够时函数没有返回 1.0",
                "did not handle A ≥ agents: with too few agents the function does not return 1.0",
                "话务量不小于坐席数时，队伍只会越排越长，每位来电都要等：先判断这种情况并返回 1.0，再套公式"
                "（公式在这时会算出负数或除以 0）。",
                "When the traffic is at least the number of agents, the queue only grows and every caller waits: "
                "test for it first and return 1.0, then apply the formula (which gives a negative number or divides "
                "by 0 there).",
                detect=_overload_not_guarded),
    )
    solution_text = ("Erlang C 把一小时看成一个排队系统：随机到达、随机时长、N 个坐席轮流接听。",
                     "Erlang C treats an hour as a queue: random arrivals, random handling times, N agents in turn.")

    def reference(self, arrival_rate, handle_time, agents):
        return erlang_c_prob(arrival_rate, handle_time, agents)

    def cases(self, shop):
        return [(200, 180, 11), (200, 180, 14), (30, 240, 3), (10, 300, 1), (60, 240, 4), (50, 300, 3)]


class PeakFactor(ValueQuestion):
    var = "peak_factor"
    prompt = ("双十一当天的已支付订单数，是平常一天的几倍？（数据中各年 11 月 11 日已支付订单数的平均 ÷ "
              "数据期内每天已支付订单数的平均，没有订单的日子按 0 算）",
              "How many times an average day's paid orders does 11.11 bring? (mean paid orders on the 11 November "
              "days of the data ÷ mean paid orders per day over the whole period, days without orders count as 0)")
    mistakes = (
        _slips.unpaid_kept(peak_factor),
        Mistake("1111_summed", "把数据中几个 11 月 11 日的订单数加在了一起，没有取平均",
                "added up the orders of the several 11 November days in the data instead of averaging them",
                "数据跨了不止一年，就有不止一个 11 月 11 日。题目要的是“双十一这一天”平均有多少单，再和平常一天比：两边都是平均数。",
                "The data span more than a year, so there is more than one 11 November. The question compares an "
                "average 11.11 day with an average day: both sides are means.",
                recompute=lambda ctx: _peak_factor_with(ctx.shop, on_1111="sum")),
        Mistake("quiet_days_skipped", "只按有订单的日子算了平常一天的平均：没有订单的日子没有算成 0",
                "averaged only over the days with orders: the days without any did not count as 0",
                "`value_counts` 只列出有订单的日子。用 `pd.date_range(开始, 结束)` 把数据期内的每一天都列出来，没有订单的补 0，"
                "再求平均。",
                "`value_counts` lists only the days with orders. List every day of the period with "
                "`pd.date_range(start, end)`, fill 0 for the days without orders, then average.",
                recompute=lambda ctx: _peak_factor_with(ctx.shop, fill=False)),
    )
    hints = [("先逐日数出已支付订单有几笔（没有订单的日子也要列出来，记为 0），再拿 11 月 11 日那几天的平均数和所有日子的平均数相比。",
              "First count the paid orders day by day (listing the days without orders too, as 0), then compare the "
              "mean of the 11 November days with the mean of all days."),
             ("`.dt.normalize()` 把时间变成日期，`value_counts()` 逐日计数；`pd.date_range(开始, 结束)` 列出数据期内的每一天，"
              "`reindex(每一天, fill_value=0)` 补上没有订单的日子。11.11 的日子：`(idx.month == 11) & (idx.day == 11)`。",
              "`.dt.normalize()` turns times into dates and `value_counts()` counts per day; `pd.date_range(start, "
              "end)` lists every day of the period and `reindex(every_day, fill_value=0)` adds the days without "
              "orders. The 11.11 days: `(idx.month == 11) & (idx.day == 11)`."),
             ("例：6 月 18 日的评价数是平常一天的几倍：`per_day = shop.reviews['review_time'].dt.normalize()"
              ".value_counts().reindex(days, fill_value=0)`，`days` 是数据期内的每一天；再算 "
              "`per_day[(per_day.index.month == 6) & (per_day.index.day == 18)].mean() / per_day.mean()`。",
              "For example, how many times an ordinary day's reviews 18 June brings: `per_day = "
              "shop.reviews['review_time'].dt.normalize().value_counts().reindex(days, fill_value=0)` with `days` "
              "every day of the period; then `per_day[(per_day.index.month == 6) & (per_day.index.day == 18)].mean() "
              "/ per_day.mean()`.")]

    def expected(self, shop):
        return peak_factor(shop)


class Forecast(TableQuestion):
    var = "forecast"
    key = "hour"
    prompt = (f"今年双十一的来电预测：每小时来电率 = 平常的 rate_per_hour × peak_factor × GROWTH（{GROWTH:g}，"
              "店铺今年进了主会场）。列 hour, rate_per_hour。",
              f"This year's 11.11 forecast: calls per hour = the everyday rate_per_hour × peak_factor × GROWTH "
              f"({GROWTH:g}: the shop is in this year's main venue). Columns hour, rate_per_hour.")
    hints = [("预测就是把平常每小时的来电率放大：乘上双十一的倍数，再乘上今年的增长系数。",
              "The forecast scales the everyday hourly rate up: times the 11.11 factor, times this year's growth."),
             ("从 q1 的 `rates` 出发，只改 `rate_per_hour` 这一列，hour 不变；`DataFrame.assign(列名=新值)` "
              "返回一张改好的新表。",
              "Start from q1's `rates` and change only `rate_per_hour`, keeping hour; `DataFrame.assign(column=new "
              "values)` returns a new table with the change."),
             ("例：平常的来电率都打八折是 `rates.assign(rate_per_hour=rates['rate_per_hour'] * 0.8)`。",
              "For example, every everyday rate cut by 20% is `rates.assign(rate_per_hour=rates['rate_per_hour'] * "
              "0.8)`.")]
    mistakes = (
        Mistake("growth_forgotten", "只乘了 peak_factor，忘了乘今年的增长系数 GROWTH",
                "multiplied by peak_factor only and forgot this year's growth factor GROWTH",
                "peak_factor 说的是往年双十一比平常多几倍；今年进了主会场，来电还会再多 GROWTH 倍。两个倍数都要乘上。",
                "peak_factor says how many times an ordinary day past 11.11s brought; in this year's main venue calls "
                "grow GROWTH times more. Apply both factors.",
                recompute=lambda ctx: hourly_rates(ctx.shop).assign(
                    rate_per_hour=lambda r: r["rate_per_hour"] * peak_factor(ctx.shop)), compare={"key": "hour"}),
        Mistake("peak_forgotten", "只乘了 GROWTH，忘了乘双十一的倍数 peak_factor",
                "multiplied by GROWTH only and forgot the 11.11 factor peak_factor",
                "GROWTH 是“今年的双十一比去年的双十一”；从平常的来电率出发，先要乘 peak_factor 变成往年双十一的水平。",
                "GROWTH compares this year's 11.11 with last year's; starting from the everyday rate, first multiply "
                "by peak_factor to reach a past 11.11.",
                recompute=lambda ctx: hourly_rates(ctx.shop).assign(rate_per_hour=lambda r: r["rate_per_hour"] * GROWTH),
                compare={"key": "hour"}),
        _slips.unpaid_kept(forecast, key="hour"),
    )

    def expected(self, shop):
        return forecast(shop)


class MinAgents(ValueQuestion):
    var = "min_agents"
    prompt = ("按 Erlang C，每个小时最少要多少坐席才能做到 80% 的来电 20 秒内接听？给出 24 个整数的列表。",
              "By Erlang C, how many agents does each hour need so that 80% of calls are answered within 20 s? Give "
              "a list of 24 whole numbers.")
    hints = [("每个小时单独看：在这个小时预测的来电量下，最少几个坐席能让 80% 的来电在 20 秒内接通？",
              "Take each hour on its own: with that hour's forecast calls, how few agents answer 80% of calls within "
              "20 s?"),
             ("`agents_needed(来电率, 处理时长, 目标服务水平, 目标秒数)` 对一串来电率逐个给出人数：来电率用 q4.b 的预测，"
              "处理时长用 q2.a 的 AHT；最后用 `.tolist()` 变成列表。",
              "`agents_needed(rates, handle_time, target_service_level, target_seconds)` gives the agents for each "
              "rate in a list: the rates are q4.b's forecast, the handling time q2.a's AHT; finish with `.tolist()`."),
             ("例：每小时 200 通和 120 通、AHT 180 秒、要 90% 的来电 15 秒内接通："
              "`agents_needed([200, 120], 180, 0.9, 15).tolist()`。",
              "For example, 200 and 120 calls an hour, AHT 180 s, 90% answered within 15 s: "
              "`agents_needed([200, 120], 180, 0.9, 15).tolist()`.")]
    mistakes = (
        Mistake("everyday_rates", "用平常的来电率（q1 的 `rates`）排了人，不是双十一的预测",
                "staffed for the everyday rates (q1's `rates`), not the 11.11 forecast",
                "这一题是为双十一排人：每个小时的来电率用 q4.b 的预测 `forecast`。",
                "This staffs 11.11: each hour's call rate is q4.b's forecast, `forecast`.",
                recompute=lambda ctx: [int(x) for x in agents_needed(hourly_rates(ctx.shop)["rate_per_hour"].to_numpy(),
                                                                     aht(ctx.shop), TARGET_SL, TARGET_SECONDS)]),
        Mistake("average_staffing", "按“平均话务量”排人：每小时的人数只是话务量 A 向上取整",
                "staffed to the average: each hour's agents are just the traffic A rounded up",
                "话务量 A 个坐席只够“平均来说”接得过来，来电随机扎堆时，几乎每通都要排队。要达到 80/20 的服务水平，"
                "人数要按 Erlang C 算，通常比 A 多一两个人（看第 4 节的表）。",
                "A agents only keep up on average; calls come in random bursts, and nearly every caller would queue. "
                "For 80/20 the agents come from Erlang C, usually one or two more than A (see the table of section "
                "4).",
                recompute=lambda ctx: [int(np.ceil(r * aht(ctx.shop) / 3600 - 1e-9))
                                       for r in forecast(ctx.shop)["rate_per_hour"]]),
    )

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
    return simulate_schedule(_hours(answer).astype(int), arrivals=forecast(shop), handle_time=aht(shop),
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
    hints = [("从 `min_agents` 出发，用 `simulate_schedule(schedule, arrivals=forecast, handle_time=aht)` 看每小时的 "
              "`service_level` 和 `occupancy`。",
              "Start from `min_agents` and check each hour's `service_level` and `occupancy` with "
              "`simulate_schedule(schedule, arrivals=forecast, handle_time=aht)`."),
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
    solution_text = ("同样的占用率下，大团队的服务水平更高：这就是为什么把几个分散的小客服团队合并成一个呼叫中心更划算。",
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


def queue_share(shop, queue="after_sale") -> float:
    return float((shop.calls["queue"] == queue).mean())


def identified_share(shop) -> float:
    return float(shop.calls["customer_id"].notna().mean())


class AfterSaleShare(ValueQuestion):
    var = "after_sale_share"
    rtol = 1e-6
    prompt = ("业务规划：热线的来电中，进入售后队列（`queue == 'after_sale'`）的占多大比例（0 到 1）？",
              "Business planning: what share of the hotline's calls are in the after-sale queue "
              "(`queue == 'after_sale'`), from 0 to 1?")
    hints = [("每通来电一行，`queue` 说明它进了哪个队列；求售后队列的来电占全部来电的比例。",
              "One row per call, and `queue` says which queue it entered; find the after-sale calls' share of all "
              "calls."),
             ("把 `queue` 这一列和 'after_sale' 比较，得到一列 True/False；True/False 的平均值就是 True 的比例。",
              "Comparing the `queue` column with 'after_sale' gives a column of True/False, and the mean of True/False "
              "is the share of True."),
             ("例：放弃的来电占多少：`shop.calls['abandoned'].mean()`；售前队列的来电里放弃的占多少："
              "`shop.calls.loc[shop.calls['queue'] == 'pre_sale', 'abandoned'].mean()`。",
              "For example, the share of calls abandoned: `shop.calls['abandoned'].mean()`; among pre-sale calls: "
              "`shop.calls.loc[shop.calls['queue'] == 'pre_sale', 'abandoned'].mean()`.")]
    solution_text = ("业务规划要从来电结构出发：售后来电占多少，决定了售后坐席和知识库要投入多少，以及哪些业务可以放到在线客服或 FAQ。",
                     "Business planning starts from the mix of calls: the after-sale share decides how many "
                     "after-sale agents and how much knowledge base to fund, and which business can move to chat or "
                     "the FAQ.")

    mistakes = (
        _slips.percent_not_share(queue_share),
        _slips.count_not_share(lambda shop: int((shop.calls["queue"] == "after_sale").sum())),
        Mistake("other_queue", "算的是售前队列（pre_sale）的比例", "computed the share of the pre-sale queue "
                "(pre_sale)",
                "题目问的是售后队列：条件写成 `queue == 'after_sale'`。先用 `.unique()` 看看这一列有哪些队列。",
                "The question asks for the after-sale queue: `queue == 'after_sale'`. Look at the queues with "
                "`.unique()` first.",
                recompute=lambda ctx: queue_share(ctx.shop, "pre_sale")),
    )

    def expected(self, shop):
        return queue_share(shop, "after_sale")


class IdentifiedShare(ValueQuestion):
    var = "identified_share"
    rtol = 1e-6
    prompt = ("应用集成：坐席接起电话时，只有认出来电的是哪位客户，屏幕上才能弹出他的资料和订单。带着客户编号（`customer_id` "
              "不为空）的来电占多大比例？",
              "Application integration: the agent's screen can show the caller's profile and orders only when the "
              "caller is recognised. What share of calls carry a customer id (`customer_id` not empty)?")
    hints = [("客户编号为空的来电，系统不知道是谁打来的；求不为空的来电占全部来电的比例。",
              "A call without a customer id is from someone the system does not know; find the share of calls whose "
              "id is there."),
             ("`.notna()` 把每个值变成“有没有”（True/False），再求平均值。",
              "`.notna()` turns each value into whether it is there (True/False); then take the mean."),
             ("例：有接听坐席的来电占多少：`shop.calls['agent_id'].notna().mean()`。",
              "For example, the share of calls with an answering agent: `shop.calls['agent_id'].notna().mean()`.")]
    solution_text = ("认不出的来电，集成得再好也弹不出资料：应用集成要和客户识别一起做（来电号码匹配会员手机号、IVR 输入订单号）。",
                     "No integration can show the profile of a caller nobody recognises: integrate together with "
                     "customer identification (matching the number with the member's phone, an order number keyed "
                     "into the IVR).")

    mistakes = (
        Mistake("missing_share", "算的是没有客户编号的来电比例（条件反了）", "computed the share of calls without a "
                "customer id (the condition is reversed)",
                "`.isna()` 找的是空值，`.notna()` 找的是有值：题目问的是带着客户编号、能认出来的来电。",
                "`.isna()` finds empty values and `.notna()` filled ones: the question asks for the calls that carry "
                "an id, the ones the system recognises.",
                recompute=lambda ctx: float(ctx.shop.calls["customer_id"].isna().mean())),
        _slips.percent_not_share(identified_share),
        _slips.count_not_share(lambda shop: int(shop.calls["customer_id"].notna().sum())),
    )

    def expected(self, shop):
        return identified_share(shop)


class Q9(MultipartQuestion):
    prompt = ("呼叫中心的业务规划与应用集成：用来电数据说话。", "Business planning and application integration of the call "
              "center, from the call data.")
    parts = {"a": AfterSaleShare, "b": IdentifiedShare}


BUILD_STEPS = {"A": ("体系架构", "architecture"), "B": ("业务规划", "business planning"),
               "C": ("客户洞察", "customer insight"), "D": ("产品支撑", "technology support"),
               "E": ("应用集成", "application integration")}
# What each step is, to explain a wrong pick: (zh, en), naming no other step.
STEP_IS = {"A": ("体系架构是画出呼叫中心由哪些部分组成、怎样连在一起的整体结构",
                 "architecture is the overall picture of the parts of the call center and how they connect"),
           "B": ("业务规划是决定热线做哪些业务、服务时间和服务目标",
                 "business planning decides which business the hotline does, its hours and its targets"),
           "C": ("客户洞察是从来电和联络记录里了解客户是谁、为什么联系、需要什么",
                 "customer insight learns from calls and contacts who the customers are, why they call and what they "
                 "need"),
           "D": ("产品支撑是挑选和采购运行所需的软硬件产品",
                 "technology support chooses and buys the software and hardware the center runs on"),
           "E": ("应用集成是把呼叫中心和会员、订单、物流等系统连起来，让数据在坐席面前汇到一起",
                 "application integration links the center with the membership, order and delivery systems so the "
                 "data meets on the agent's screen")}
STEP_HINTS = [("组建呼叫中心的几步：业务规划（做什么）→ 客户洞察（为谁、为什么）→ 体系架构（整体结构）→ 产品支撑（用什么产品）"
               "→ 应用集成（和别的系统连起来）。这个场景在做哪一步？",
               "Building a call center: business planning (what it does) → customer insight (for whom, why) → "
               "architecture (the overall structure) → technology support (which products) → application "
               "integration (linking other systems). Which step is this scene?")]


def _step_question(var_, scene, right, why, here):
    """A scene of building the call center; a wrong pick is told what that step is and what the scene does."""
    explanations = {k: (f"{STEP_IS[k][0]}；{here[0]}", f"{STEP_IS[k][1][0].upper()}{STEP_IS[k][1][1:]}; {here[1]}")
                    for k in BUILD_STEPS if k != right}
    return choice_question(var_, scene, BUILD_STEPS, right, why, hints=STEP_HINTS, explanations=explanations)


StepA = _step_question(
    "step_a", ("陈静定下：热线只接售前咨询和售后处理，回访外呼交给在线客服；服务时间 9:00-24:00，目标是 80% 的来电 20 秒内接听。",
               "Chen Jing decides: the hotline takes pre-sale questions and after-sale problems only, follow-up calls "
               "go to the chat team; hours 9:00-24:00, target 80% of calls answered within 20 s."),
    "B", ("决定做哪些业务、什么时候服务、达到什么目标：业务规划。",
          "Deciding the business, the hours and the targets: business planning."),
    ("这里定的是热线做哪些业务、几点到几点、要达到什么服务水平。",
     "here the scene settles what the hotline handles, its hours and its service target."))
StepB = _step_question(
    "step_b", ("林晓翻看去年的来电和工单：售后来电多半问物流，新客户多在晚上来问尺码，老客户来电常常是为了退换货。",
               "Lin Xiao reads last year's calls and tickets: after-sale calls mostly ask about delivery, new "
               "customers ask about sizes in the evening, old customers call mostly about returns."),
    "C", ("从联络记录里读出谁在打、为什么打、什么时候打：客户洞察。",
          "Reading who calls, why and when from the contact records: customer insight."),
    ("这里做的是从记录里读懂客户：谁打来、为什么、什么时候。",
     "here the scene reads the records to understand the callers: who, why and when."))
StepC = _step_question(
    "step_c", ("画一张图：电话和旺旺两个接入渠道 → 排队与分配 → 坐席 → 工单与知识库、录音质检 → 与 CRM 系统的接口。",
               "A diagram: two entry channels, phone and chat → queueing and routing → agents → tickets and knowledge "
               "base, recording and quality checks → the link to the CRM system."),
    "A", ("把各部分和它们之间的连接画成整体：体系架构。", "The parts and their connections drawn as one whole: the "
          "architecture."),
    ("这里画的是整个中心由哪些部分组成、彼此怎样相连的全貌，还没有选具体产品，也没有动手连系统。",
     "here the scene draws the whole center, its parts and how they connect, before choosing any product or linking "
     "any system."))
StepD = _step_question(
    "step_d", ("比较三家供应商的云呼叫中心软件：排队分配、录音、工单和知识库功能，价格和并发坐席数上限，选定一家。",
               "Compare three vendors' cloud call-center software (routing, recording, tickets and knowledge base; "
               "price and the most concurrent agents) and pick one."),
    "D", ("挑选支撑运行的软硬件产品：产品支撑。", "Choosing the software and hardware the center runs on: technology "
          "support."),
    ("这里比较的是供应商的软件产品和价格，是在选用什么来支撑运行。",
     "here the scene compares vendors' software and prices: choosing what the center will run on."))
StepE = _step_question(
    "step_e", ("坐席接起电话，屏幕上自动弹出这位客户的会员等级、最近的订单和物流状态，不用再问“您的订单号是多少”。",
               "When the agent picks up, the screen shows the caller's member tier, latest orders and parcel status, "
               "so nobody has to ask for the order number."),
    "E", ("呼叫中心和会员、订单、物流系统连在一起：应用集成。", "The center linked with the membership, order and delivery "
          "systems: application integration."),
    ("这里的关键是几个系统的数据在接听那一刻汇到了坐席面前。",
     "here the point is that data from several systems meets on the agent's screen the moment the call is answered."))


class Q10(MultipartQuestion):
    prompt = ("呼叫中心的设计与建立：每个场景是哪一步？", "Designing and building the call center: which step is each "
              "scene?")
    parts = {"a": StepA, "b": StepB, "c": StepC, "d": StepD, "e": StepE}


class CaseHotline(ReflectionQuestion):
    var = "case_notes"
    min_chars = 60
    prompt = ("案例讨论“双十一热线全天占线”：写下你对三个讨论问题的要点（KPI 之间的关系；为什么“平均来电 ÷ 每人处理量”算出的人数不够；"
              "班表怎样既满足高峰又保证休息）。",
              "Case discussion \"the hotline busy all day on 11.11\": write your points on the three questions (how "
              "the KPIs relate; why average calls ÷ calls per agent understaffs; a roster that covers the peak and "
              "protects rest).")
    solution_text = ("讨论要点（供教师参考）：1）坐席越少，占用率越高、等待越长、放弃率越高、服务水平越低；平均处理时长变长等于"
                     "话务量变大；2）来电是随机到达的，按平均值排班时占用率接近 100%，排队会非线性地变长：要用 Erlang C 按服务水平"
                     "算人数，而且要按小时算，不能按全天平均；3）班表跟着来电曲线走，高峰多排、低谷少排，占用率设上限（如 85%），"
                     "安排轮休和错峰用餐；排班是服务水平、成本与员工负荷的权衡，尊重一线客服的劳动是服务质量的前提。",
                     "Points for the instructor: 1) fewer agents mean higher occupancy, longer waits, more abandonment "
                     "and a lower service level; a longer handling time is more traffic; 2) calls arrive at random, and "
                     "staffing to the average runs occupancy near 100% and queues grow non-linearly: staff hour by hour "
                     "with Erlang C for a service level, never by the daily mean; 3) follow the arrival curve, cap "
                     "occupancy (say 85%), stagger breaks and meals; rostering trades service, cost and workload, and "
                     "respect for frontline agents is the ground of service quality.")


__all__ = bind(globals(), [Rates, Q2, ErlangC, Q4, Schedule, BurnOut, Pooling, Roles, Q9, Q10, CaseHotline]) + ["____", "GROWTH"]
