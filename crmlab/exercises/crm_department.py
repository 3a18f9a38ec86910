"""Chapter 10 exercises: the CRM department (第十章：CRM 部门): implementation models, the
teams, KPIs with targets and status, and CRM beside ERP and SCM.

``from crmlab.exercises.crm_department import *`` gives ``q1`` ... ``q12`` and the blank ``____``.

====  =======================  ===========================================================
q1    MultipartQuestion        a, b: which implementation model fits a shop
q2    MultipartQuestion        a-c: which team (marketing, experience, interaction) owns a task
q3    ValueQuestion            ``repurchase_q4``: repurchase-rate KPI of 2024 Q4
q4    ValueQuestion            ``csat_2024``: satisfaction KPI (share of 4-5 answers) of 2024
q5    FunctionQuestion         ``kpi_flag(value, target, direction)``: on/at risk/off track
q6    ValueQuestion            ``off_track_kpis``: sorted codes of the KPIs off track in 2024
q7    DesignQuestion           ``targets_2025``: ambitious but reachable targets for next year
q8    MultipartQuestion        a-c: CRM, ERP or SCM?
q9    ReflectionQuestion       the team's KPI plan: owners, targets, tracking
q10   ChoiceQuestion           what a complete implementation plan (实施计划) holds
q11   DesignQuestion           ``pilot_plan``: a pilot with KPI, baseline, target, owner, phases, review
q12   ReflectionQuestion       case discussion: Shanghai Volkswagen's CRM
====  =======================  ===========================================================
"""

from __future__ import annotations

import math

import pandas as pd

from ..analysis import kpi_status, kpi_table
from ..analysis._tables import paid_orders
from ..mistakes import Mistake
from . import _slips

from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    ValueQuestion, ____, bind, choice_question)

TOLERANCE = 0.1
MODELS = {"A": ("作坊型：店主或一两个人顺带做，没有专门岗位和流程", "workshop: the owner or one or two people do it "
                "on the side, no dedicated roles or process"),
          "B": ("兼职型：客服等岗位在本职工作之外兼做 CRM", "part-time: service staff do CRM on top of their own job"),
          "C": ("全职型：有专职的 CRM 人员", "full-time: dedicated CRM staff"),
          "D": ("组织型：独立的 CRM 部门，分小组、有 KPI 和预算", "organisational: a CRM department with teams, KPIs and a "
                "budget")}
TEAMS = {"A": ("营销小组", "marketing team"), "B": ("体验小组", "experience team"), "C": ("互动小组", "interaction team")}
SYSTEMS = {"A": ("CRM 客户关系管理", "CRM customer relationship management"),
           "B": ("ERP 企业资源计划", "ERP enterprise resource planning"),
           "C": ("SCM 供应链管理", "SCM supply chain management")}
#: KPIs whose next-year targets q7 asks for.
TARGET_KPIS = ("repurchase_rate", "satisfaction", "complaint_rate", "on_time_delivery")


# -- reference computations ---------------------------------------------------------------
def kpis(shop, period="Y"):
    return kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints, shipments=shop.shipments,
                     service_tickets=shop.service_tickets, period=period, locale="en")


def kpi_value(shop, period_label, kpi, period="Y"):
    t = kpis(shop, period)
    return float(t.loc[(t["period"] == period_label) & (t["kpi"] == kpi), "value"].iloc[0])


def kpi_flag(value, target, direction):
    return str(kpi_status(value, target, direction=direction, tolerance=TOLERANCE, locale="en")["status"].iloc[0])


def off_track_kpis(shop, period_label="2024"):
    t = kpis(shop, "Y")
    return sorted(t.loc[(t["period"] == period_label) & (t["status"] == "off_track"), "kpi"].tolist())


def _flag(value, target, direction, *, band=None, strict=False):
    """``kpi_flag`` by hand, with the knobs a slip turns: an absolute band, a strict comparison at the target."""
    band = TOLERANCE * abs(target) if band is None else band
    sign = 1 if direction == "higher" else -1
    gap = sign * (value - target)
    if gap > 0 or (gap == 0 and not strict):
        return "on_track"
    return "at_risk" if gap >= -band else "off_track"


def _flag_cases(shop) -> list:
    return [(0.85, 0.8, "higher"), (0.8, 0.8, "higher"), (0.75, 0.8, "higher"), (0.6, 0.8, "higher"),
            (0.012, 0.015, "lower"), (0.016, 0.015, "lower"), (0.03, 0.015, "lower"), (45.0, 30.0, "lower"),
            (31.0, 30.0, "lower"), (-5.0, 30.0, "higher")]


def _q4_repeat(shop, *, orders=None, period="2024Q4", freq="Q", basis="customers") -> float:
    """The quarter's repeat rate by hand, with the knobs a slip turns (orders kept, window, basis)."""
    o = paid_orders(shop.orders) if orders is None else orders
    o = o[o["order_time"].dt.to_period(freq) == pd.Period(period, freq)]
    n = o.groupby("customer_id").size()
    if basis == "orders":
        return float(o["customer_id"].map(n).ge(2).mean())
    return float((n >= 2).mean())


def _csat_2024(shop, how) -> float:
    sv = shop.surveys[shop.surveys["responded"].astype(bool)]
    score = sv.loc[sv["response_time"].dt.year == 2024, "q_overall"]
    return float({"top_box": (score == 5).mean(), "neutral": (score >= 3).mean(), "mean": score.mean()}[how])


def _kpis_with(shop, statuses, period_label="2024"):
    t = kpis(shop, "Y")
    return sorted(t.loc[(t["period"] == period_label) & t["status"].isin(statuses), "kpi"].tolist())


# -- questions ----------------------------------------------------------------------------
ModelA = choice_question("model_a", ("一家刚开两个月的小店，店主自己回复旺旺、自己发货，偶尔给老客户发个优惠券。", "A shop opened two "
                                     "months ago: the owner answers chats, ships parcels and now and then sends old "
                                     "customers a "
                                     "coupon."), MODELS, "A",
                         ("没有专人和流程，靠店主顺手去做：作坊型。", "No dedicated people or process, the owner does it on the "
                          "side: the workshop model."),
                         ("看有没有专门的岗位、流程和考核。", "Look for dedicated roles, a process and targets."),
                         explanations={
                             "B": ("兼职型是客服等已有岗位在本职工作之外兼做 CRM；这家店还没有任何岗位，所有事都是店主一个人做。",
                                   "Part-time means existing staff such as service agents do CRM on top of their job; "
                                   "this shop has no staff yet, the owner does everything."),
                             "C": ("全职型要有专职的 CRM 人员；这家店没有人专门做客户关系，店主只是偶尔顺手发个优惠券。",
                                   "Full-time needs dedicated CRM staff; nobody here works on customer relationships "
                                   "as a job, the owner just sends a coupon now and then."),
                             "D": ("组织型是独立的 CRM 部门，分小组、有 KPI 和预算；一家开了两个月、店主一人打理的小店还远没有这些。",
                                   "Organisational means a CRM department with teams, KPIs and a budget; a "
                                   "two-month-old shop run by its owner has none of these.")})
ModelB = choice_question("model_b", ("一家 60 人的店铺成立了客户部，下设营销、体验、互动三个小组，每个小组有自己的 KPI 和预算。",
                                     "A 60-person shop sets up a customer department with marketing, experience and "
                                     "interaction "
                                     "teams, each with its own KPIs and budget."), MODELS, "D",
                         ("独立部门 + 分组 + KPI：组织型。", "A department of its own, with teams and KPIs: organisational."),
                         explanations={
                             "A": ("作坊型是店主或一两个人顺带做，没有专门的岗位；这里有专门的客户部和三个小组。",
                                   "Workshop means the owner or one or two people do it on the side; here there is a "
                                   "customer department with three teams."),
                             "B": ("兼职型是其他岗位顺带做 CRM；这里有人专门做，而且分了小组、各有 KPI 和预算。",
                                   "Part-time means other jobs do CRM on the side; here people do it as their job, in "
                                   "teams with their own KPIs and budgets."),
                             "C": ("全职型有专职人员，但不一定成立部门；这里已经是独立的部门，下设小组、各有 KPI 和预算，更进一层。",
                                   "Full-time has dedicated staff but not necessarily a department; here there is a "
                                   "department of its own with teams, KPIs and budgets: one step further.")})


class Q1(MultipartQuestion):
    prompt = ("CRM 的实施模式：作坊型、兼职型、全职型、组织型。", "CRM implementation models: workshop, part-time, "
              "full-time, organisational.")
    parts = {"a": ModelA, "b": ModelB}


TeamA = choice_question("team_a", ("策划会员日活动，给“重要发展客户”发短信和优惠券。", "Plan the member day and send SMS coupons to "
                                   "the \"important to develop\" customers."), TEAMS, "A",
                        ("面向客户群体的促销与触达：营销小组。", "Promotion and outreach to a segment: the marketing team."),
                        ("营销：卖得更多；体验：买得更舒服；互动：和客户交流、建立关系。", "Marketing: sell more; experience: buying "
                         "feels better; interaction: talk with customers, build the relationship."),
                        explanations={
                            "B": ("体验小组负责客户购物和收货时的感受（包裹、签收关怀）；给一群客户发短信和优惠券是为了让他们多买。",
                                  "The experience team looks after how buying and receiving feel (parcels, care on "
                                  "delivery); SMS coupons to a segment are about selling more."),
                            "C": ("互动小组负责和客户持续交流、建立关系（社群、直播答疑）；会员日促销和发券的目的是卖得更多。",
                                  "The interaction team keeps up the conversation with customers (groups, live Q&A); a "
                                  "member day with coupons aims at selling more.")})
TeamB = choice_question("team_b", ("设计个性化包裹和手写感谢卡，并在客户签收后发送关怀消息。", "Design personalised parcels and "
                                   "thank-you cards, and send a care message when the parcel is signed for."), TEAMS, "B",
                        ("购物和收货的感受：体验小组。", "How buying and receiving feel: the experience team."),
                        explanations={
                            "A": ("营销小组做面向客户群体的促销和触达，目的是卖得更多；个性化包裹和签收关怀是让已经买了的客户"
                                  "收货时感觉更好。",
                                  "The marketing team runs promotions and outreach to segments, to sell more; a "
                                  "personalised parcel and a care message make receiving feel better for someone who "
                                  "has already bought."),
                            "C": ("互动小组做的是持续的双向交流（社群、直播、收集建议）；一张感谢卡和一条签收关怀消息说的是收货"
                                  "这一刻的感受。",
                                  "The interaction team runs an ongoing two-way conversation (groups, live streams, "
                                  "suggestions); a thank-you card and a care message are about the moment of "
                                  "delivery.")})
TeamC = choice_question("team_c", ("运营老客户微信群，每周做一次直播答疑，收集客户的建议。", "Run the old customers' WeChat group, a "
                                   "weekly live Q&A, and collect suggestions."), TEAMS, "C",
                        ("与客户持续交流：互动小组。", "Ongoing conversation with customers: the interaction team."),
                        explanations={
                            "A": ("营销小组的目标是促销和转化；每周答疑、收集建议的重点是和客户保持交流，不是卖某样东西。",
                                  "The marketing team aims at promotion and conversion; weekly Q&A and collecting "
                                  "suggestions are about keeping in touch, not selling something."),
                            "B": ("体验小组管的是购物和收货那一刻的感受；每周在群里答疑、收集建议是与客户长期的交流。",
                                  "The experience team looks after how buying and receiving feel; weekly Q&A in a "
                                  "group and collecting suggestions are a long-running conversation.")})


class Q2(MultipartQuestion):
    prompt = ("CRM 部门的三个小组：各项工作归谁？", "The three teams of the CRM department: who owns each task?")
    parts = {"a": TeamA, "b": TeamB, "c": TeamC}


class RepurchaseQ4(ValueQuestion):
    var = "repurchase_q4"
    prompt = ("KPI“客户回购率”的口径：某季度的购买客户中，在该季度内有 2 笔及以上已支付订单的客户所占的比例。"
              "求 2024 年第 4 季度的值。",
              "The repurchase-rate KPI: among the quarter's buyers, the share with two or more paid orders within the "
              "quarter. What is it for 2024 Q4?")
    hints = [("只看 2024 年第 4 季度（10 月 1 日到 12 月 31 日）的已支付订单；分母是这个季度买过的客户。",
              "Only the paid orders of 2024 Q4 (1 October to 31 December); the denominator is that quarter's "
              "buyers."),
             ("按季度筛选可以用 `.dt.to_period('Q') == pd.Period('2024Q4', 'Q')`；再按客户数订单笔数，看 ≥ 2 笔的比例"
              "（True/False 的平均值）。",
              "Filter a quarter with `.dt.to_period('Q') == pd.Period('2024Q4', 'Q')`; then count each customer's "
              "orders and take the share with 2 or more (the mean of True/False)."),
             ("工单上的例子：2024 年第 2 季度开过 2 张及以上工单的客户比例：`t = shop.service_tickets`，"
              "`t2 = t[t['created_time'].dt.to_period('Q') == pd.Period('2024Q2', 'Q')]`，"
              "`(t2.groupby('customer_id').size() >= 2).mean()`。",
              "An example on the tickets, the share of 2024 Q2's customers with 2 or more tickets: "
              "`t = shop.service_tickets`, `t2 = t[t['created_time'].dt.to_period('Q') == pd.Period('2024Q2', "
              "'Q')]`, `(t2.groupby('customer_id').size() >= 2).mean()`.")]
    solution_text = ("注意和第 9 章“两年里买过两次”的口径不同：季度 KPI 只看季度内的订单。",
                     "Not the same definition as chapter 9's \"twice in two years\": a quarterly KPI counts orders "
                     "within the quarter only.")

    mistakes = (
        _slips.unpaid_kept(lambda shop: kpi_value(shop, "2024Q4", "repurchase_rate", period="Q")),
        Mistake("whole_year", "统计的是 2024 全年的订单，不是第 4 季度", "counted the orders of all 2024, not of Q4",
                "季度 KPI 的分母和分子都只看这个季度（10 月 1 日到 12 月 31 日）：先按季度筛选订单，再按客户数笔数。",
                "A quarterly KPI looks at the quarter only (1 October to 31 December), numerator and denominator: "
                "filter the orders by quarter first, then count per customer.",
                recompute=lambda ctx: _q4_repeat(ctx.shop, period="2024", freq="Y")),
        Mistake("orders_basis", "按订单口径算了：数的是回头客的订单占多少，而题目要按客户",
                "used the orders basis (the share of orders placed by repeat customers), but the customer basis was "
                "asked",
                "这个 KPI 的口径是“客户”：每位客户只算一次，分母是这个季度的买家人数，分子是其中下了 2 笔及以上的人。",
                "This KPI counts customers: each one once, the denominator is the quarter's buyers, the numerator "
                "those of them with 2 or more orders.",
                recompute=lambda ctx: _q4_repeat(ctx.shop, basis="orders")),
    )

    def expected(self, shop):
        return kpi_value(shop, "2024Q4", "repurchase_rate", period="Q")


class Csat2024(ValueQuestion):
    var = "csat_2024"
    prompt = ("KPI“客户满意度”的口径：该年回收的问卷（`responded` 为真，按 `response_time` 计年份）中，总体满意度 `q_overall` 为 4 或 5 "
              "的比例。求 2024 年的值。",
              "The satisfaction KPI: among the year's survey responses (`responded` true, year of `response_time`), "
              "the share with overall satisfaction `q_overall` of 4 or 5. What is it for 2024?")
    hints = [("三件事：只要回收了的问卷；只要 2024 年回收的（看 `response_time`）；再看 `q_overall` 为 4 或 5 的比例。",
              "Three things: answered surveys only; answered in 2024 (by `response_time`); then the share with "
              "`q_overall` of 4 or 5."),
             ("两次筛选：`responded` 为真的行，再 `.dt.year == 2024` 的行；`q_overall >= 4` 给出 True/False，"
              "它的平均值就是比例。",
              "Two filters: the rows with `responded` true, then those with `.dt.year == 2024`; `q_overall >= 4` "
              "gives True/False, whose mean is the share."),
             ("例：2023 年回收的问卷里推荐意愿打 9 或 10 分的比例：`sv23 = sv[sv['response_time'].dt.year == 2023]`，"
              "`(sv23['nps'] >= 9).mean()`。",
              "For example, the share of 2023's answers giving 9 or 10 for recommending: "
              "`sv23 = sv[sv['response_time'].dt.year == 2023]`, `(sv23['nps'] >= 9).mean()`.")]

    mistakes = (
        Mistake("top_box_only", "只数了 5 分“非常满意”", "counted only 5 (very satisfied)",
                "口径写的是 4 或 5 分：“满意”和“非常满意”都算。", "The definition says 4 or 5: satisfied and very "
                "satisfied both count.",
                recompute=lambda ctx: _csat_2024(ctx.shop, "top_box")),
        Mistake("neutral_counted", "把 3 分“一般”也算成了满意", "counted 3 (neutral) as satisfied too",
                "五级刻度的中间一级是“一般”，不算满意；满意只有 4 分和 5 分。",
                "The middle of the five levels is neutral, not satisfied; only 4 and 5 are.",
                recompute=lambda ctx: _csat_2024(ctx.shop, "neutral")),
        Mistake("mean_score", "算的是 `q_overall` 的平均分，不是 4–5 分的比例",
                "computed the mean score of `q_overall`, not the share of 4s and 5s",
                "这个 KPI 是一个比例（0 到 1）：每份问卷先判断是否 ≥ 4，得到 True/False，再求它们的平均值。",
                "This KPI is a share (0 to 1): first ask of each answer whether it is 4 or more, which gives "
                "True/False, then average that.",
                recompute=lambda ctx: _csat_2024(ctx.shop, "mean")),
    )

    def expected(self, shop):
        return kpi_value(shop, "2024", "satisfaction", period="Y")


class KpiFlag(FunctionQuestion):
    var = "kpi_flag"
    prompt = ("写函数 `kpi_flag(value, target, direction)`：`direction` 为 'higher'（越高越好）或 'lower'（越低越好）。"
              "达到目标返回 'on_track'；差距不超过目标的 10% 返回 'at_risk'；否则 'off_track'。",
              "Write `kpi_flag(value, target, direction)` with `direction` 'higher' (higher is better) or 'lower'. "
              "Return 'on_track' when the target is met, 'at_risk' when it is missed by at most 10% of the target, "
              "else 'off_track'.")
    hints = [("先按 `direction` 分成两种情况；每种情况里先看达没达到目标，没达到再看差了多少：差距和目标的 10% 比。",
              "Split on `direction` first; in each case ask whether the target is met, and if not, how far it is "
              "missed: compare the gap with 10% of the target."),
             ("越高越好：value ≥ target 达标，否则 value ≥ target − 0.1 × target 为有风险；越低越好时不等号反过来，"
              "容许的差距加在目标上。",
              "Higher is better: on track if value ≥ target, else at risk if value ≥ target − 0.1 × target; lower "
              "is better flips the comparisons and adds the band to the target."),
             ("例：目标 0.8、越高越好：0.85 达标；0.75 ≥ 0.8 − 0.08 = 0.72，有风险；0.6 未达标。"
              "目标 30、越低越好：31 ≤ 33，有风险。",
              "For example, target 0.8, higher is better: 0.85 is on track; 0.75 ≥ 0.8 − 0.08 = 0.72, at risk; 0.6 "
              "off track. Target 30, lower is better: 31 ≤ 33, at risk.")]

    def reference(self, value, target, direction):
        return kpi_flag(value, target, direction)

    mistakes = (
        _slips.function_slip(
            "direction_ignored", "没有用上 `direction`：越低越好的 KPI 也按越高越好判断了",
            "ignored `direction`: lower-is-better KPIs were judged as if higher were better",
            "抱怨率、响应时间这类 KPI 越低越好，不等号要反过来：`value <= target` 才是达标。先用 `if direction == "
            "'higher':` 分成两种情况。",
            "KPIs such as the complaint rate or the response time are better when lower, so the comparison flips: "
            "on track means `value <= target`. Split the two cases with `if direction == 'higher':` first.",
            lambda value, target, direction: _flag(value, target, "higher"), kpi_flag,
            _flag_cases),
        _slips.function_slip(
            "absolute_band", "把“差距不超过目标的 10%”写成了差距不超过 0.1", "took \"missed by at most 10% of the "
            "target\" as missed by at most 0.1",
            "10% 是相对于目标的：目标 0.8 时允许差 0.08，目标 30 秒时允许差 3 秒。容许的差距 = 0.1 × 目标。",
            "10% is relative to the target: with a target of 0.8 the band is 0.08, with 30 seconds it is 3 seconds. "
            "The band = 0.1 × target.",
            lambda value, target, direction: _flag(value, target, direction, band=0.1), kpi_flag,
            _flag_cases),
        _slips.function_slip(
            "strict_at_target", "刚好等于目标时没有算达标（用了 `>` 或 `<`）", "did not count exactly meeting the target "
            "as on track (used `>` or `<`)",
            "“达到目标”包括正好等于目标：越高越好用 `>=`，越低越好用 `<=`。",
            "Meeting the target includes hitting it exactly: `>=` when higher is better, `<=` when lower is better.",
            lambda value, target, direction: _flag(value, target, direction, strict=True), kpi_flag,
            _flag_cases),
    )

    def cases(self, shop):
        return _flag_cases(shop)


class OffTrack(ValueQuestion):
    var = "off_track_kpis"
    prompt = ("用 `kpi_table`（商店的订单、问卷、投诉、物流和客服工单表，`period='Y'`）做年度 KPI 表。"
              "2024 年哪些 KPI 未达标（status 为 'off_track'）？给出 KPI 代码的列表，按字母排序。",
              "Build the yearly KPI table with `kpi_table` (the shop's orders, surveys, complaints, shipments and "
              "service tickets, `period='Y'`). Which KPIs are off track in 2024 (status 'off_track')? Give a list "
              "of the KPI codes, sorted alphabetically.")
    hints = [("年度 KPI 表里每个 KPI 每年一行，`status` 列写着它的状态；找出 2024 年状态为未达标的那些 KPI。",
              "The yearly KPI table has one row per KPI and year, with its status in `status`; find the KPIs off "
              "track in 2024."),
             ("两个条件用 `&` 连起来筛选行（每个条件加括号），`.loc[条件, 'kpi']` 取出 KPI 代码，`sorted(...)` 排成列表。",
              "Join the two conditions with `&` (each in brackets), take the KPI codes with `.loc[condition, "
              "'kpi']`, and `sorted(...)` makes the list."),
             ("例：2023 年达标的 KPI 有几个：`((yearly['period'] == '2023') & (yearly['status'] == 'on_track')).sum()`。",
              "For example, how many KPIs were on track in 2023: "
              "`((yearly['period'] == '2023') & (yearly['status'] == 'on_track')).sum()`.")]

    mistakes = (
        Mistake("at_risk_included", "把“有风险”（at_risk）的 KPI 也算成了未达标",
                "counted the at-risk KPIs as off track too",
                "KPI 有三种状态：达标、有风险、未达标。题目只要 status 为 'off_track' 的那些。",
                "A KPI has three states: on track, at risk, off track. The question wants only status 'off_track'.",
                recompute=lambda ctx: _kpis_with(ctx.shop, ("off_track", "at_risk"))),
        Mistake("not_sorted", "找对了 KPI，但列表没有按字母排序", "found the right KPIs but did not sort the list",
                "题目要按字母排序的列表：用 `sorted(...)` 把结果排好。", "The question asks for an alphabetical list: "
                "`sorted(...)` puts it in order.",
                detect=lambda answer, ctx: isinstance(answer, list | tuple | pd.Series | pd.Index)
                and list(answer) != off_track_kpis(ctx.shop) and sorted(map(str, answer)) == off_track_kpis(ctx.shop)),
    )

    def expected(self, shop):
        return off_track_kpis(shop)


def _target_rule(kpi):
    def check(targets, shop):
        if not isinstance(targets, dict) or kpi not in targets:
            return False, (f"缺少 {kpi} 的目标", f"no target for {kpi}")
        value = kpi_value(shop, "2024", kpi)
        t = float(targets[kpi])
        if kpi == "complaint_rate":
            ok = value / 2 <= t <= value
            return ok, (f"2024 年实际 {value:.4f}；目标应在 [{value / 2:.4f}, {value:.4f}] 之间（比去年低，但不超过减半）",
                        f"2024 actual {value:.4f}; the target should lie in [{value / 2:.4f}, {value:.4f}] (lower than "
                        f"last year, but not below half)")
        high = min(value + 0.15, 1.0)
        ok = value <= t <= high
        return ok, (f"2024 年实际 {value:.3f}；目标应在 [{value:.3f}, {high:.3f}] 之间（不低于去年，提高不超过 15 个百分点）",
                    f"2024 actual {value:.3f}; the target should lie in [{value:.3f}, {high:.3f}] (no lower than last "
                    f"year, at most 15 points higher)")
    return Rule((f"{kpi} 的目标有挑战但可达成", f"the target of {kpi} is ambitious but reachable"), check)


class Targets2025(DesignQuestion):
    var = "targets_2025"
    prompt = ("为 2025 年定目标：字典 `targets_2025`，键为 repurchase_rate、satisfaction、complaint_rate、on_time_delivery，"
              "值为目标（比例）。规则：越高越好的 KPI 不低于 2024 年实际、最多提高 15 个百分点；抱怨率低于 2024 年实际、但不低于它的一半。",
              "Set 2025 targets: a dict `targets_2025` with keys repurchase_rate, satisfaction, complaint_rate, "
              "on_time_delivery and target shares as values. Rules: a higher-is-better KPI at least its 2024 value and "
              "at most 15 points above it; the complaint rate below its 2024 value but not below half of it.")
    rules = [Rule(("是一个字典", "it is a dict"), lambda t, shop: isinstance(t, dict))] + \
        [_target_rule(k) for k in TARGET_KPIS]
    hints = [("先看 2024 年的实际值：年度 KPI 表 `yearly` 中 period 为 '2024' 的行。",
              "Start from the 2024 values: the rows of the yearly KPI table `yearly` with period '2024'."),
             ("例如 `now['satisfaction'] + 0.05`；抱怨率用 `now['complaint_rate'] * 0.8`。",
              "E.g. `now['satisfaction'] + 0.05`; for the complaint rate `now['complaint_rate'] * 0.8`.")]
    solution_text = ("好的目标从现状出发（基线），有挑战但可达成，并且口径与跟踪的 KPI 一致。",
                     "Good targets start from the baseline, stretch but stay reachable, and use the same definition as "
                     "the KPI that tracks them.")


SysA = choice_question("system_a", ("管理采购、库存、财务和生产计划等企业内部资源。", "Manage the company's internal resources: "
                                    "purchasing, inventory, finance, production planning."), SYSTEMS, "B",
                       ("企业内部资源：ERP。", "Internal resources: ERP."),
                       ("CRM 面向客户（前端），ERP 面向企业内部（后台），SCM 面向上下游伙伴（供应商、仓储、物流）。",
                        "CRM faces customers (front office), ERP the company's inside (back office), SCM the partners "
                        "up and "
                        "down the chain (suppliers, warehouses, carriers)."),
                       explanations={
                           "A": ("CRM 面向客户：客户资料、购买、服务和营销；采购、库存、财务和生产计划是企业内部的资源。",
                                 "CRM faces customers: their data, purchases, service and marketing; purchasing, "
                                 "inventory, finance and production planning are the company's internal resources."),
                           "C": ("SCM 协调企业外部的上下游伙伴（供应商、仓库、快递）；这里管的是企业内部的账和计划。",
                                 "SCM coordinates the partners outside the company, up and down the chain (suppliers, "
                                 "warehouses, carriers); this is about the company's own books and plans.")})
SysB = choice_question("system_b", ("协调供应商、仓库和快递公司，让商品从工厂按时到达客户手中。", "Coordinate suppliers, warehouses and "
                                    "carriers so goods go from the factory to the customer on time."), SYSTEMS, "C",
                       ("上下游的物流与供应：SCM。", "Supply and logistics along the chain: SCM."),
                       explanations={
                           "A": ("CRM 面向客户，管理客户的资料和关系；让商品从工厂按时到达是上下游伙伴之间的物流与供应。",
                                 "CRM faces customers and manages their data and relationships; getting goods from the "
                                 "factory on time is logistics and supply between partners."),
                           "B": ("ERP 管企业内部的资源（采购、库存、财务）；协调供应商、仓库和快递公司跨出了企业的边界。",
                                 "ERP manages the company's internal resources (purchasing, inventory, finance); "
                                 "coordinating suppliers, warehouses and carriers goes beyond the company's walls.")})
SysC = choice_question("system_c", ("记录每位客户的资料、购买和服务历史，用来做细分、营销和回访。", "Keep each customer's profile, "
                                    "purchase and service history for segmentation, marketing and follow-ups."), SYSTEMS, "A",
                       ("以客户为中心：CRM。", "Customer-centred: CRM."),
                       explanations={
                           "B": ("ERP 管企业内部资源（库存、财务、生产），不记录每位客户的服务历史，也不做客户细分和回访。",
                                 "ERP manages internal resources (inventory, finance, production); it keeps no service "
                                 "history per customer and does no segmentation or follow-ups."),
                           "C": ("SCM 管从供应商到客户手中的供应和物流；客户资料、细分、营销和回访不是它的事。",
                                 "SCM manages supply and logistics from the supplier to the customer's door; customer "
                                 "profiles, segmentation, marketing and follow-ups are not its job.")})


class Q8(MultipartQuestion):
    prompt = ("CRM 与 ERP、SCM：各管什么？", "CRM, ERP and SCM: what does each manage?")
    parts = {"a": SysA, "b": SysB, "c": SysC}


class KpiPlan(ReflectionQuestion):
    var = "kpi_plan"
    prompt = ("给 CRM 团队写一份 KPI 计划：选 3 个最需要改进的 KPI，各写明负责的小组、2025 年目标、跟踪频率（月/季），"
              "以及第一项改进行动。",
              "Write the CRM team's KPI plan: pick the three KPIs that most need work; for each give the owning team, "
              "the "
              "2025 target, how often it is tracked (monthly / quarterly) and the first action to improve it.")
    solution_text = ("好的回答会：根据 KPI 表选出未达标或有风险的指标；把指标分给营销/体验/互动小组；目标从 2024 年基线出发；"
                     "说明按月或按季度在看板上跟踪；行动和指标有因果联系（例如准时送达率 → 更换快递或预警延迟订单）。",
                     "A good answer picks off-track or at-risk KPIs from the table; gives each to the marketing, "
                     "experience or interaction team; sets targets from the 2024 baseline; tracks them monthly or "
                     "quarterly on the dashboard; and links each action to its KPI (on-time delivery → change carrier "
                     "or warn about late parcels).")


class PlanParts(ChoiceQuestion):
    var = "plan_choice"
    prompt = ("客户部成立后，陈静让林晓起草 CRM 的实施计划。下面哪一份最完整？",
              "With the customer department set up, Chen Jing asks Lin Xiao to draft the CRM implementation plan. "
              "Which draft is the most complete?")
    options = {"A": ("“下个月上线会员系统，全店一起用起来。”", "\"Launch the membership system next month, the whole shop "
                     "starts using it.\""),
               "B": ("目标（客户回购率从基线提高 3 个百分点）、步骤（一个品类试点 2 个月 → 推广到全店 → 每季度复盘优化）、时间表、"
                     "负责小组、预算，以及每月检查、按结果调整的节点",
                     "a goal (repurchase rate up 3 points from its baseline), steps (a 2-month pilot in one category → "
                     "the whole shop → a quarterly review), a timetable, owning teams, a budget, and monthly checks "
                     "with adjustments"),
               "C": ("把客户回购率、客户满意度、抱怨率都定成全平台最好的水平，年底一起考核",
                     "set the repurchase rate, satisfaction and complaint rate at the marketplace's best level and "
                     "review them all at year end"),
               "D": ("先买一套最贵的 CRM 软件，功能越多越好，再看能做什么",
                     "first buy the most expensive CRM software, the more features the better, then see what it can "
                     "do")}
    answer = "B"
    explanations = {"A": ("只有一个动作和时间，没有目标、负责人和检查节点，也没有先试点：出了问题没人知道，也没人负责。",
                          "One action and a date only: no goal, owner or checkpoint, and no pilot, so when it goes "
                          "wrong nobody notices and nobody answers for it."),
                    "C": ("目标要从本店的基线出发、有挑战但可达成；只在年底考核一次，中间没有检查和调整的机会。",
                          "Targets start from the shop's own baseline and stretch within reach; one review at year end "
                          "leaves no checkpoint to adjust on the way."),
                    "D": ("这是“以为买了软件就是做了 CRM”的误区：先有目标和业务，再按需要选系统，而不是反过来。",
                          "That is the misconception that buying software is doing CRM: goals and business first, "
                          "then the system they need, not the other way round.")}
    hints = [("一份实施计划要回答：做到什么（目标）、怎么做（步骤）、什么时候（时间表）、谁负责、花多少钱、怎样检查和调整。",
              "An implementation plan answers: what (goal), how (steps), when (timetable), who (owner), at what cost, "
              "and how it is checked and adjusted.")]
    solution_text = ("实施计划的要点：先试点、再推广、持续优化；每一步都有负责人和检查节点。",
                     "The heart of an implementation plan: pilot, roll out, keep improving; every step has an owner "
                     "and a checkpoint.")


PLAN_KEYS = ("kpi", "owner", "baseline", "target", "phases", "review")
PLAN_TEAMS = ("marketing", "experience", "interaction")
PLAN_PHASES = ["pilot", "rollout", "optimise"]
PLAN_REVIEWS = ("monthly", "quarterly")


def _pilot(answer) -> dict:
    if not isinstance(answer, dict):
        raise TypeError("pilot_plan must be a dict")
    return answer


def _has_keys(answer, shop):
    missing = [k for k in PLAN_KEYS if k not in _pilot(answer)]
    return not missing, (f"缺少键 {missing}", f"missing keys {missing}")


def _pilot_kpi(answer, shop):
    kpi = _pilot(answer).get("kpi")
    return kpi in TARGET_KPIS, (f"kpi 应为 {list(TARGET_KPIS)} 之一", f"kpi must be one of {list(TARGET_KPIS)}")


def _number(x) -> float:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        raise TypeError("baseline and target must be numbers")
    return float(x)


def _baseline(answer, shop):
    plan = _pilot(answer)
    want = kpi_value(shop, "2024", str(plan["kpi"]))
    got = _number(plan["baseline"])
    return math.isclose(got, want, rel_tol=1e-6, abs_tol=1e-9), (
        f"基线应是看板上 {plan['kpi']} 的 2024 年实际值（你的商店：{want:.4f}），而不是 {got!r}",
        f"the baseline is {plan['kpi']}'s 2024 value on the dashboard ({want:.4f} in your shop), not {got!r}")


def _pilot_target(answer, shop):
    plan = _pilot(answer)
    base, t = kpi_value(shop, "2024", str(plan["kpi"])), _number(plan["target"])
    if plan["kpi"] == "complaint_rate":
        ok = base / 2 <= t < base
        return ok, (f"抱怨率的目标应低于基线 {base:.4f}、但不低于它的一半", f"the complaint-rate target lies below "
                    f"the baseline {base:.4f} and not below half of it")
    ok = base < t <= min(base + 0.15, 1.0)
    return ok, (f"目标应高于基线 {base:.4f}，最多提高 15 个百分点", f"the target lies above the baseline {base:.4f}, at "
                "most 15 points higher")


class PilotPlan(DesignQuestion):
    var = "pilot_plan"
    prompt = ("为青禾生活馆写一个 CRM 试点的实施计划：字典 `pilot_plan`，键 kpi（"
              f"{'、'.join(TARGET_KPIS)} 之一）、owner（负责小组：marketing 营销 / experience 体验 / interaction 互动）、"
              "baseline（这个 KPI 在看板上的 2024 年实际值）、target（2025 年目标）、phases（阶段列表）、review（检查频率：monthly 或 "
              "quarterly）。规则：基线是你的商店的实际值；目标比基线好、但有挑战可达成（越高越好的最多提高 15 个百分点，抱怨率不低于"
              "基线的一半）；阶段依次是 pilot（试点）、rollout（推广）、optimise（持续优化）。",
              "Write an implementation plan for a CRM pilot at Qinghe: a dict `pilot_plan` with keys kpi (one of "
              f"{', '.join(TARGET_KPIS)}), owner (the team: marketing, experience or interaction), baseline (the KPI's "
              "2024 value on the dashboard), target (for 2025), phases (a list) and review (monthly or quarterly). "
              "Rules: the baseline is your shop's actual value; the target beats it within reach (a higher-is-better "
              "KPI at most 15 points up, the complaint rate not below half the baseline); the phases are pilot, "
              "rollout, optimise, in that order.")
    rules = [
        Rule(("是一个含全部键的字典", "a dict with every key"), _has_keys),
        Rule(("KPI 是看板上的目标 KPI", "the KPI is a target KPI of the dashboard"), _pilot_kpi),
        Rule(("负责小组是营销、体验或互动小组", "the owner is the marketing, experience or interaction team"),
             lambda a, shop: _pilot(a).get("owner") in PLAN_TEAMS),
        Rule(("基线是 2024 年的实际值", "the baseline is the 2024 value"), _baseline),
        Rule(("目标比基线好，有挑战但可达成", "the target beats the baseline within reach"), _pilot_target),
        Rule(("先试点、再推广、持续优化", "pilot, then roll out, then keep improving"),
             lambda a, shop: _pilot(a).get("phases") == PLAN_PHASES),
        Rule(("定期检查（每月或每季度）", "a regular review (monthly or quarterly)"),
             lambda a, shop: _pilot(a).get("review") in PLAN_REVIEWS),
    ]
    hints = [("先从年度 KPI 表 `yearly` 里选一个 2024 年表现不好的 KPI，读出它的实际值作为基线。",
              "Pick a KPI that did badly in 2024 from the yearly KPI table `yearly`, and read its value as the "
              "baseline."),
             ("`yearly.loc[(yearly['period'] == '2024') & (yearly['kpi'] == 代码), 'value'].iloc[0]` 读出一个值；"
              "目标在它的基础上提高几个百分点；阶段写成列表 `['pilot', 'rollout', 'optimise']`。",
              "`yearly.loc[(yearly['period'] == '2024') & (yearly['kpi'] == code), 'value'].iloc[0]` reads one "
              "value; the target adds a few points to it; the phases are the list `['pilot', 'rollout', "
              "'optimise']`."),
             ("例：以满意度为例，`{'kpi': 'satisfaction', 'owner': 'experience', 'baseline': 满意度的 2024 值, "
              "'target': 2024 值 + 0.05, ...}`；换成你选的 KPI 和小组。",
              "For example, for satisfaction: `{'kpi': 'satisfaction', 'owner': 'experience', 'baseline': its 2024 "
              "value, 'target': that value + 0.05, ...}`; use the KPI and the team you chose.")]
    solution_text = ("试点把风险关在一个小范围里：先在一个品类或一类客户上验证行动有效，再推广到全店，并按月或按季度对照看板调整。",
                     "A pilot keeps the risk small: prove the action on one category or one group of customers, then "
                     "roll it out, and adjust against the dashboard every month or quarter.")


class CaseVolkswagen(ReflectionQuestion):
    var = "case_notes"
    min_chars = 60
    prompt = ("案例讨论“上海大众的 CRM”：写下你对三个讨论问题的要点（实施模式；为什么先试点、试点目标；CRM 与 ERP、SCM 的关系）。",
              "Case discussion \"Shanghai Volkswagen's CRM\": write your points on the three questions (the "
              "implementation model; why pilot first, and a pilot target; CRM beside ERP and SCM).")
    solution_text = ("讨论要点（供教师参考）：1）上海大众自主开发、设专门部门推进，是组织型；青禾生活馆刚成立客户部，从全职型走向组织型；"
                     "2）先试点能用小成本验证做法、暴露问题、积累经验，再推广；试点目标要有指标、基线（看板上的 2024 年值）、目标值、"
                     "负责人和检查频率；3）CRM 面向客户，ERP 管企业内部资源，SCM 管上下游供应与物流，三者共享数据；"
                     "CRM 是战略与组织的变革，不只是上系统，KPI 不能用伤害客户的方式完成。",
                     "Points for the instructor: 1) Shanghai Volkswagen built it itself with a dedicated department: "
                     "organisational; Qinghe has just set up its customer department, moving from full-time to "
                     "organisational; 2) a pilot tests the practice cheaply, shows the problems and builds experience "
                     "before the roll-out; its target needs a KPI, a baseline (the 2024 value on the dashboard), a "
                     "target value, an owner and a review rhythm; 3) CRM faces customers, ERP the firm's own resources, "
                     "SCM supply and logistics, and they share data; CRM is a change of strategy and organisation, not "
                     "only a system, and KPIs must never be met by hurting customers.")


__all__ = bind(globals(), [Q1, Q2, RepurchaseQ4, Csat2024, KpiFlag, OffTrack, Targets2025, Q8, KpiPlan, PlanParts,
                           PilotPlan, CaseVolkswagen]) + ["____", "TARGET_KPIS"]
