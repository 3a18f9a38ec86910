"""Trusted checks of the exam practice, paper B (auto-graded). Instructors only: never released.

Each question is one test cell worth one point. A multiple-choice answer arrives as
plain text and is compared with the key below (which students never see); a
computed answer is compared with the value computed from ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.

The computed questions carry their common mistakes (``mistakes=``): a wrong number that
matches one is named in the feedback. No cascades (``CASCADES``): every question is
worked out on its own from the shop's tables; none builds on another's answer.
"""

import numpy as np
import pandas as pd

from crmlab.exercises import compare_values
from crmlab.grading.trusted import LabChecks
from crmlab.mistakes import Mistake

lab = LabChecks("X_exam_practice", dataset="classroom")

CASCADES = (
    "不连锁扣分：每道计算题都直接由商店的数据表算出，互不依赖；一道题错了只扣这一题的 1 分。",
    "No cascades: every computed question is worked out from the shop's tables on its own, none builds on another; a "
    "wrong answer costs that question's point only.",
)

# The key: question -> (right letter, chapter to revise).
CHOICES = {1: ("A", 1), 2: ("A", 1), 3: ("D", 2), 5: ("C", 3), 6: ("A", 3), 7: ("A", 4), 8: ("A", 4),
           9: ("A", 5), 10: ("D", 5), 11: ("A", 6), 13: ("A", 7), 15: ("A", 8), 16: ("C", 8), 18: ("A", 9),
           19: ("C", 9), 20: ("B", 10)}


def _choice(q: int, letter: str, chapter: int):
    name = f"b{q}"

    def check(ctx, **answers):
        value = answers[name]
        assert isinstance(value, str) and value.strip().upper() in list("ABCD"), \
            "写一个选项字母，例如 \"A\" / write one option letter, e.g. \"A\""
        assert value.strip().upper() == letter, \
            f"第 {q} 题答错了：复习第 {chapter} 章 / question {q} is wrong: revise chapter {chapter}"

    check.__name__ = f"question_{q}"
    return check


for _q, (_letter, _chapter) in CHOICES.items():
    lab.check(f"test_b{_q}", answers=[f"b{_q}"])(_choice(_q, _letter, _chapter))


def _number(value, want: float, name: str) -> None:
    assert np.isscalar(value) and not isinstance(value, str | bool) and np.isfinite(float(value)), (
        "答案应是一个数 / the answer should be a number")
    compare_values(float(value), want, name=name, rtol=1e-6)


def _paid(shop):
    return shop.orders[shop.orders["payment_status"] == "paid"]


_PERCENT = ("写成了百分数", "gave a percent",
            "题目要 0 到 1 之间的比例：不要乘 100。", "The question asks for a share between 0 and 1: do not multiply by 100.")


def _percent(fn):
    return Mistake("percent", *_PERCENT, recompute=lambda ctx: 100 * fn(ctx))


# -- question 4: tier-1 cities' share of paid sales ----------------------------------------------------
def _tier1_share(shop, *, paid=True, weight="amount"):
    o = (_paid(shop) if paid else shop.orders).merge(shop.customers[["customer_id", "city_tier"]], on="customer_id")
    tier1 = o["city_tier"] == 1
    if weight == "orders":
        return float(tier1.mean())
    return float(o.loc[tier1, "amount"].sum() / o["amount"].sum())


def _b4(ctx):
    return _tier1_share(ctx.shop)


B4_MISTAKES = [
    Mistake("unpaid_kept", "把未付款（已取消）的订单也算进了销售额", "counted the unpaid (cancelled) orders as sales",
            "销售额只算 payment_status == \"paid\" 的订单：先筛选，再连接客户表。",
            "Sales are the orders with payment_status == \"paid\": filter first, then join the customers.",
            recompute=lambda ctx: _tier1_share(ctx.shop, paid=False)),
    Mistake("order_share", "算的是订单数的占比，不是销售额的占比", "took the share of orders, not of sales",
            "销售额占比 = 一线城市订单的 amount 之和 ÷ 全部已支付订单的 amount 之和。",
            "The share of sales = the amount of tier-1 orders over the amount of all paid orders.",
            recompute=lambda ctx: _tier1_share(ctx.shop, weight="orders")),
    _percent(_b4),
]


@lab.check("test_b4", answers=["b4"], mistakes=B4_MISTAKES)
def question_4(ctx, b4):
    _number(b4, _b4(ctx), "b4")


# -- question 12: the campaign list's conversion ----------------------------------------------------
def _b12(ctx):
    return float(ctx.shop.campaign_assignments["converted"].astype(bool).mean())


B12_MISTAKES = [
    Mistake("count_not_share", "给出的是转化的人数，不是比例", "gave the number of conversions, not the share",
            "比例 = 转化的人数 ÷ 名单人数：布尔列的 .mean() 就是这个比例。",
            "The share = conversions over the people on the list: the .mean() of a boolean column is that share.",
            recompute=lambda ctx: float(ctx.shop.campaign_assignments["converted"].astype(bool).sum())),
    Mistake("mean_of_campaign_rates", "先算每个活动的转化率再求了平均，而不是整个名单的比例",
            "averaged the campaigns' own rates instead of taking the share of the whole list",
            "题目问的是整个名单：所有行一起算比例。各活动人数不同，率的平均不等于总体的率。",
            "The question is about the whole list: take the share over all rows. Campaigns differ in size, so the "
            "mean of their rates is not the overall rate.",
            recompute=lambda ctx: float(ctx.shop.campaign_assignments.assign(
                c=ctx.shop.campaign_assignments["converted"].astype(bool)).groupby("campaign_id")["c"].mean().mean())),
    _percent(_b12),
]


@lab.check("test_b12", answers=["b12"], mistakes=B12_MISTAKES)
def question_12(ctx, b12):
    _number(b12, _b12(ctx), "b12")


# -- question 14: the service level -----------------------------------------------------------------
B14_MISTAKES = [
    Mistake("inverted", "把分子分母倒过来了（来电数 ÷ 及时接通数）", "divided the other way round (calls over calls answered in time)",
            "服务水平 = 在目标时间内接通的来电 ÷ 全部来电：它不会大于 1。",
            "The service level = calls answered within the target time over all calls: it cannot exceed 1.",
            recompute=lambda ctx: 2000 / 1800),
    Mistake("complement", "算成了没有及时接通的比例", "gave the share not answered in time",
            "服务水平数的是 20 秒内接通的那部分。", "The service level counts the calls answered within 20 seconds.",
            recompute=lambda ctx: 200 / 2000),
    _percent(lambda ctx: 0.9),
]


@lab.check("test_b14", answers=["b14"], mistakes=B14_MISTAKES)
def question_14(ctx, b14):
    _number(b14, 0.9, "b14")


# -- question 17: December's growth against November ------------------------------------------------
def _monthly(shop, *, paid=True):
    o = _paid(shop) if paid else shop.orders
    return o.groupby(o["order_time"].dt.to_period("M"))["amount"].sum()


def _growth(shop, *, paid=True):
    m = _monthly(shop, paid=paid)
    return float(m[pd.Period("2024-12", "M")] / m[pd.Period("2024-11", "M")] - 1)


def _b17(ctx):
    return _growth(ctx.shop)


def _months(ctx):
    m = _monthly(ctx.shop)
    return float(m[pd.Period("2024-12", "M")]), float(m[pd.Period("2024-11", "M")])


B17_MISTAKES = [
    Mistake("ratio_not_growth", "给出的是 12 月 ÷ 11 月的比值，没有减 1", "gave December over November without the \"- 1\"",
            "增长率 = 本期 ÷ 上期 − 1：比值 1.1 表示增长了 0.1（10%）。",
            "Growth = this period over the last − 1: a ratio of 1.1 is a growth of 0.1 (10%).",
            recompute=lambda ctx: _months(ctx)[0] / _months(ctx)[1]),
    Mistake("reversed", "用 11 月比 12 月，方向反了", "compared November with December: the wrong way round",
            "环比增长是本期（12 月）相对上期（11 月）：12 月 ÷ 11 月 − 1。",
            "Period-over-period growth is this period (December) against the last (November): December / November − 1.",
            recompute=lambda ctx: _months(ctx)[1] / _months(ctx)[0] - 1),
    Mistake("unpaid_kept", "把未付款（已取消）的订单也算进了销售额", "counted the unpaid (cancelled) orders as sales",
            "销售额只算 payment_status == \"paid\" 的订单。", "Sales are the orders with payment_status == \"paid\" only.",
            recompute=lambda ctx: _growth(ctx.shop, paid=False)),
    Mistake("difference_in_yuan", "给出的是两个月销售额之差（元），不是增长率", "gave the difference in yuan, not the growth rate",
            "增长率是相对变化：差额再除以 11 月的销售额。", "Growth is a relative change: divide the difference by November's sales.",
            recompute=lambda ctx: _months(ctx)[0] - _months(ctx)[1]),
    _percent(_b17),
]


@lab.check("test_b17", answers=["b17"], mistakes=B17_MISTAKES)
def question_17(ctx, b17):
    _number(b17, _b17(ctx), "b17")


# -- question 21: on-time delivery ---------------------------------------------------------------------
def _on_time(shop, *, delivered_only=True, strict=False):
    sh = shop.shipments.dropna(subset=["delivered_time"]) if delivered_only else shop.shipments
    return float((sh["delay_days"] < 0).mean() if strict else (sh["delay_days"] <= 0).mean())


def _b21(ctx):
    return _on_time(ctx.shop)


B21_MISTAKES = [
    Mistake("orders_denominator", "用已支付订单数做了分母，还没发货的订单也算成了没准时",
            "divided by the paid orders, counting orders not yet shipped as late",
            "准时送达率的分母是已签收的包裹（shipments 中 delivered_time 不为空的行），不是订单。",
            "The denominator of on-time delivery is the parcels signed for (rows of shipments with delivered_time), "
            "not the orders.",
            recompute=lambda ctx: float((ctx.shop.shipments.dropna(subset=["delivered_time"])["delay_days"] <= 0).sum()
                                        / len(_paid(ctx.shop)))),
    Mistake("strict", "把正好准时（delay_days == 0）的包裹算成了晚到", "counted parcels exactly on time (delay_days == 0) as late",
            "准时是 delay_days <= 0。", "On time is delay_days <= 0.",
            recompute=lambda ctx: _on_time(ctx.shop, strict=True)),
    _percent(_b21),
]


@lab.check("test_b21", answers=["b21"], mistakes=B21_MISTAKES)
def question_21(ctx, b21):
    _number(b21, _b21(ctx), "b21")


def reference_answers(ctx) -> dict:
    """The model answers on the student's shop (tests of the checks and the catalogue)."""
    return {**{f"b{q}": letter for q, (letter, _) in CHOICES.items()},
            "b4": _b4(ctx), "b12": _b12(ctx), "b14": 0.9, "b17": _b17(ctx), "b21": _b21(ctx)}
