"""Topic exercises: keeping old customers (维护老客户): stages, touches and win-back.

``from crmlab.exercises.old_customer_maintenance import *`` gives ``q1`` ... ``q6`` and ``____``.

====  =======================  ===========================================================
q1    TableQuestion            ``stage_counts``: customers per lifecycle stage
q2    TableQuestion            ``touch_effect``: A/B campaigns' conversion, treatment vs
                               control, and the uplift, per campaign kind
q3    ValueQuestion            ``cost_per_win``: cost per converted customer of the SMS
                               win-back touches
q4    ChoiceQuestion           what the SMS results (no control group) can tell
q5    FunctionQuestion         ``winback_list(orders, as_of)``: who to call back
q6    ReflectionQuestion       a follow-up plan (IM / e-mail / phone / visit) and its test
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ..analysis import lifecycle_stage
from ..analysis._tables import paid_orders
from ..mistakes import Mistake
from . import _slips
from ._core import ChoiceQuestion, FunctionQuestion, ReflectionQuestion, TableQuestion, ValueQuestion, ____, bind

WINBACK_MIN_DAYS = 90
WINBACK_MAX_DAYS = 365


# -- reference computations ----------------------------------------------------------------
def stage_counts(shop, with_customers=True, normalize=False) -> pd.DataFrame:
    st = lifecycle_stage(shop.orders, customers=shop.customers if with_customers else None)
    out = (st["stage"].astype(str).value_counts(normalize=normalize).rename_axis("stage").rename("n_customers")
           .reset_index())
    return out


def touch_effect(shop, ab_only=True) -> pd.DataFrame:
    ca = shop.campaign_assignments.merge(shop.campaigns[["campaign_id", "kind", "is_ab_test"]], on="campaign_id")
    if ab_only:
        ca = ca[ca["is_ab_test"]]
    rates = ca.groupby(["kind", "group"])["converted"].mean().unstack("group")
    out = pd.DataFrame({"treatment": rates["treatment"], "control": rates["control"]})
    out["uplift"] = out["treatment"] - out["control"]
    return out.reset_index()


def cost_per_win(shop, offer="converted", per="converted") -> float:
    """Cost per converted customer of the SMS touches; the slips of q3 give the offer to ``"everyone"`` or to
    ``"nobody"``, or divide ``per="contact"``."""
    cp = shop.campaigns[shop.campaigns["kind"] == "sms"]
    ca = shop.campaign_assignments.merge(cp[["campaign_id", "cost_per_contact", "offer_value"]], on="campaign_id")
    ca = ca[ca["group"] == "treatment"]
    takes = {"converted": ca["converted"], "everyone": 1, "nobody": 0}[offer]
    cost = (ca["cost_per_contact"] + ca["offer_value"] * takes).sum()
    return float(cost / (ca["converted"].sum() if per == "converted" else len(ca)))


def winback_list(orders: pd.DataFrame, as_of, min_days: int = WINBACK_MIN_DAYS,
                 max_days: int = WINBACK_MAX_DAYS, *, paid_only=True, up_to=True, last="max") -> list:
    """Who to win back; ``paid_only``, ``up_to`` and ``last`` off are the slips of q5."""
    as_of = pd.Timestamp(as_of)
    o = paid_orders(orders) if paid_only else orders
    if up_to:
        o = o[o["order_time"] <= as_of]
    last = o.groupby("customer_id")["order_time"].agg(last)
    days = (as_of - last).dt.total_seconds() / 86400
    return sorted(int(c) for c in last.index[(days > min_days) & (days <= max_days)])


# -- questions -----------------------------------------------------------------------------
class StageCounts(TableQuestion):
    var = "stage_counts"
    key = "stage"
    row_label = "stage"
    prompt = ("用 `lifecycle_stage(shop.orders, customers=shop.customers)` 给每位客户确定生命周期阶段，"
              "数一数各阶段的人数。列：stage, n_customers。",
              "Place every customer in a lifecycle stage with `lifecycle_stage(shop.orders, customers=shop.customers)` "
              "and count each stage. Columns: stage, n_customers.")
    hints = [("`lifecycle_stage` 给每位客户一个阶段；数一数每个阶段有几位客户，做成两列的表。",
              "`lifecycle_stage` gives each customer a stage; count the customers in each stage, as a two-column "
              "table."),
             ("`value_counts()` 数每个值出现几次（阶段列先 `.astype(str)`）；`.rename_axis(...)` 给索引起名，"
              "`.rename(...)` 给计数起名，`.reset_index()` 变成两列。",
              "`value_counts()` counts each value (turn the stage column `.astype(str)` first); `.rename_axis(...)` "
              "names the index, `.rename(...)` the counts, `.reset_index()` makes two columns."),
             ("例：每个会员等级的人数，列 member_tier 和 n："
              "`shop.customers['member_tier'].value_counts().rename_axis('member_tier').rename('n').reset_index()`。",
              "For example, the customers per member tier, columns member_tier and n: "
              "`shop.customers['member_tier'].value_counts().rename_axis('member_tier').rename('n').reset_index()`.")]

    mistakes = (
        Mistake("customers_left_out", "调用 `lifecycle_stage` 时没有传入 `customers=`：从没下过单的客户没有被算进任何阶段",
                "called `lifecycle_stage` without `customers=`, so the customers who never ordered are in no stage",
                "只看订单表，只能看到下过单的人；客户表里注册了却还没购买的人也是客户（潜在的新客）。把客户表一起传进去，"
                "每位客户才都有一个阶段。",
                "The orders alone show only those who ordered; the customers who signed up and have not bought yet "
                "are customers too. Pass the customers table as well so that every customer gets a stage.",
                recompute=lambda ctx: stage_counts(ctx.shop, with_customers=False), compare={"key": "stage"}),
        Mistake("share_not_count", "的 n_customers 是比例，不是人数", "gave shares in n_customers, not head counts",
                "`value_counts(normalize=True)` 得到的是比例；题目要每个阶段有几位客户，去掉 `normalize=True`。",
                "`value_counts(normalize=True)` gives shares; the question asks how many customers each stage has: "
                "leave out `normalize=True`.",
                recompute=lambda ctx: stage_counts(ctx.shop, normalize=True), compare={"key": "stage"}),
    )

    def expected(self, shop):
        return stage_counts(shop)

    def _check(self, answer):
        if isinstance(answer, pd.DataFrame) and "stage" in answer:
            answer = answer.assign(stage=answer["stage"].astype(str))
        return super()._check(answer)


class TouchEffect(TableQuestion):
    var = "touch_effect"
    key = "kind"
    row_label = "kind"
    prompt = ("只看有对照组的活动（`is_ab_test`）：每种活动类型（kind）的实验组转化率、对照组转化率（`converted` 的平均值）"
              "和提升 uplift = treatment − control。列：kind, treatment, control, uplift。",
              "A/B campaigns only (`is_ab_test`): per campaign kind, the conversion rate (mean of `converted`) of the "
              "treatment and control groups and the uplift = treatment − control. Columns: kind, treatment, control, "
              "uplift.")
    hints = [("每种活动类型：把实验组和对照组的转化率并排放，再相减；只看有对照组的活动。",
              "For each kind of campaign, put the treatment and control conversion side by side and subtract; only "
              "campaigns with a control group."),
             ("`campaign_assignments` 和 `campaigns` 按 campaign_id 连接并筛选 `is_ab_test`；按 `['kind', 'group']` 两列分组"
              "求 `converted` 的平均，`.unstack('group')` 把组变成列，`.reset_index()`，最后两列相减。",
              "Join `campaign_assignments` with `campaigns` on campaign_id and keep `is_ab_test`; average `converted` "
              "grouped by `['kind', 'group']`, `.unstack('group')` turns the groups into columns, `.reset_index()`, "
              "then subtract the two columns."),
             ("例：每个会员等级、每种性别的平均年龄并排："
              "`shop.customers.groupby(['member_tier', 'gender'])['age'].mean().unstack('gender')`。",
              "For example, the mean age per member tier and gender side by side: "
              "`shop.customers.groupby(['member_tier', 'gender'])['age'].mean().unstack('gender')`.")]
    solution_text = ("只有和对照组比较，才知道触达“多带来”了多少订单：没有被触达的客户也会下单。",
                     "Only a control group tells what a touch *added*: untouched customers buy too.")

    mistakes = (
        Mistake("no_control_kept", "没有筛选 `is_ab_test`：没有对照组的活动（会员日、短信）也混进来了",
                "did not keep `is_ab_test` only, so the campaigns without a control group (member day, SMS) came in "
                "too", "提升 = 实验组 − 对照组，没有对照组的活动算不出提升，结果里只会留下空值。先筛选有对照组的活动。",
                "Uplift = treatment − control; a campaign without a control group has no uplift, only empty values. "
                "Keep the campaigns with a control group first.",
                recompute=lambda ctx: touch_effect(ctx.shop, ab_only=False), compare={"key": "kind"}),
        Mistake("uplift_reversed", "的 uplift 减反了：算的是对照组 − 实验组", "subtracted the wrong way round in uplift: "
                "control − treatment", "提升是触达“多带来”的转化：实验组（被触达）的转化率减去对照组（没被触达）的。"
                "触达有效时 uplift 为正。",
                "Uplift is the conversion the touch added: the treatment (touched) rate minus the control (not "
                "touched) rate. When the touch works, uplift is positive.",
                recompute=lambda ctx: touch_effect(ctx.shop).assign(uplift=lambda t: -t["uplift"])[["kind", "uplift"]],
                compare={"key": "kind"}),
        Mistake("relative_uplift", "的 uplift 是相对提升（再除以了对照组），不是两组转化率之差",
                "gave the relative uplift (divided by the control rate) instead of the difference of the two rates",
                "题目定义 uplift = treatment − control，是两个转化率之差（百分点）；相对提升是另一个指标，这里不要再除以对照组。",
                "The question defines uplift = treatment − control, the difference of the two rates (in points); "
                "the relative lift is another measure: do not divide by the control rate here.",
                recompute=lambda ctx: touch_effect(ctx.shop).assign(
                    uplift=lambda t: t["uplift"] / t["control"])[["kind", "uplift"]], compare={"key": "kind"}),
    )

    def expected(self, shop):
        return touch_effect(shop)


class CostPerWin(ValueQuestion):
    var = "cost_per_win"
    prompt = ("短信唤醒（kind == 'sms'）活动：成本 = 每位被触达客户的 `cost_per_contact` + 每位转化客户的 `offer_value`。"
              "每转化一位客户平均花了多少元？（所有短信活动合计）",
              "SMS win-back campaigns (kind == 'sms'): cost = `cost_per_contact` for every customer contacted + "
              "`offer_value` for every customer who converted. What did each converted customer cost on average "
              "(all SMS campaigns together)?")
    hints = [("总成本 = 触达每个人的费用 + 每位转化客户的优惠；再除以转化的人数。只看短信活动。",
              "Total cost = the cost of reaching everyone + the offer for each converted customer; divide by the "
              "number converted. SMS campaigns only."),
             ("连接活动表后只留 `kind == 'sms'` 的行（短信活动只有实验组）；每一行的成本 = `cost_per_contact` + "
              "`offer_value` × `converted`（没转化时 converted 为 0），加总后除以 `converted` 的合计。",
              "After joining the campaigns keep `kind == 'sms'` (SMS campaigns have treatment rows only); each row "
              "costs `cost_per_contact` + `offer_value` × `converted` (converted is 0 when not converted); add up "
              "and divide by the total of `converted`."),
             ("例：触达 100 人、每人 0.1 元，转化 5 人、每人优惠 10 元：(100 × 0.1 + 5 × 10) / 5 = 12 元。",
              "For example, 100 people reached at 0.1 CNY each, 5 converted with a 10 CNY offer each: "
              "(100 × 0.1 + 5 × 10) / 5 = 12 CNY.")]

    mistakes = (
        Mistake("offer_for_everyone", "给每位被触达的客户都算了优惠成本", "charged the offer for every customer contacted",
                "优惠只有转化了的客户才会用掉：每一行的成本是 `cost_per_contact` + `offer_value` × `converted`，"
                "没转化时后一项是 0。",
                "Only customers who convert use the offer: each row costs `cost_per_contact` + `offer_value` × "
                "`converted`, the second part 0 when they did not convert.",
                recompute=lambda ctx: cost_per_win(ctx.shop, offer="everyone")),
        Mistake("offer_left_out", "只算了触达的费用，漏掉了转化客户用掉的优惠", "counted only the contact costs and left "
                "out the offers the converted customers used", "总成本有两部分：触达每个人的费用，加上每位转化客户的优惠。",
                "The total cost has two parts: reaching everyone, plus the offer of each converted customer.",
                recompute=lambda ctx: cost_per_win(ctx.shop, offer="nobody")),
        Mistake("per_contact", "除的是被触达的人数，不是转化的人数", "divided by the customers contacted, not by those "
                "converted", "“每转化一位客户花多少钱”：分母是转化了的客户数（`converted` 的合计），不是发出的短信条数。",
                "'What each converted customer cost': the denominator is the customers converted (the total of "
                "`converted`), not the messages sent.",
                recompute=lambda ctx: cost_per_win(ctx.shop, per="contact")),
    )

    def expected(self, shop):
        return cost_per_win(shop)


class NoControl(ChoiceQuestion):
    var = "sms_verdict"
    prompt = ("短信唤醒活动没有对照组。关于它的效果，下面哪句话对？", "The SMS win-back campaigns had no control group. "
                                                                   "Which statement about their effect is right?")
    options = {"A": ("转化率就是短信带来的提升", "their conversion rate is the lift the SMS caused"),
               "B": ("不知道有多少订单是短信“多带来”的：没收到短信的客户也可能下单", "we cannot tell how many orders the SMS "
                     "added: customers without an SMS might have bought anyway"),
               "C": ("转化率低于 A/B 活动，说明短信没用", "their conversion is lower than the A/B campaigns', so SMS "
                     "does not work")}
    answer = "B"
    hints = [("效果 = 有触达时的结果 − 没有触达时的结果。后者从哪里来？", "Effect = outcome with the touch − outcome "
                                                                  "without. Where does the second come from?")]
    explanations = {"A": ("转化率里包括本来就会下单的客户。", "The conversion rate includes customers who would have bought "
                                                         "anyway."),
                    "C": ("不同活动的客户不同，不能直接比。", "The campaigns targeted different customers: not comparable.")}


class WinbackList(FunctionQuestion):
    var = "winback_list"
    prompt = (f"写函数 `winback_list(orders, as_of)`：只看截至 `as_of`（含）的订单，找出最后一次已支付订单距 `as_of` 超过 "
              f"{WINBACK_MIN_DAYS} 天、但不超过 {WINBACK_MAX_DAYS} 天的客户，返回他们的编号，按升序排成列表"
              "（这些是值得回访唤回的客户）。",
              f"Write `winback_list(orders, as_of)`: the sorted list of customer ids whose last paid order up to "
              f"`as_of` (inclusive) is more than {WINBACK_MIN_DAYS} and at most {WINBACK_MAX_DAYS} days before it "
              "(customers worth a win-back call).")
    hints = [("值得唤回的客户：最后一次购买已经有一阵子（超过 90 天），但还没久到难以回来（不超过 365 天）。"
              "只看截至 as_of 的已支付订单。",
              "Customers worth winning back bought last a while ago (over 90 days) but not so long ago that they "
              "are gone (at most 365 days). Only paid orders up to as_of."),
             ("筛选已支付、且 `order_time <= as_of` 的订单，求每位客户最后一次下单时间；距今天数 = 两个时间之差换算成天"
              "（`.dt.total_seconds() / 86400`）；两个条件用 `&` 连起来，最后按编号排序。",
              "Keep paid orders with `order_time <= as_of` and find each customer's last order time; the days since "
              "are the difference of the two times in days (`.dt.total_seconds() / 86400`); join the two conditions "
              "with `&` and sort the ids."),
             ("例：as_of 是 2024-12-31，最后一次下单在 2024-08-01：相差 152 天，在 90 到 365 天之间，要唤回；"
              "最后一次在 2024-11-15 的只差 46 天，还不用。",
              "For example, with as_of 2024-12-31 a last order on 2024-08-01 is 152 days back, between 90 and 365: "
              "win them back; one on 2024-11-15 is only 46 days back: not yet.")]

    mistakes = (
        _slips.function_slip(
            "unpaid_kept", "没有筛选已支付订单：未支付关闭（cancelled）的订单也算成了“最后一次购买”",
            "did not keep the paid orders only: a cancelled (never paid) order counts as the last purchase",
            "只有付了款的订单才说明客户真的买过。先筛选 payment_status == \"paid\"，再求每位客户最后一次下单的时间。",
            "Only a paid order shows the customer really bought. Keep payment_status == \"paid\" first, then find "
            "each customer's last order time.",
            lambda orders, as_of: winback_list(orders, as_of, paid_only=False), winback_list,
            lambda shop: WinbackList().cases(shop)),
        _slips.function_slip(
            "future_orders_kept", "没有去掉 `as_of` 之后的订单：站在 as_of 那天还看不到的订单也算进去了",
            "did not drop the orders after `as_of`: orders nobody could see on that day were counted",
            "as_of 是“站在哪一天看”：那天之后的订单还没发生。先筛选 `order_time <= as_of`，再找最后一次下单。",
            "as_of is the day you look from: orders after it have not happened yet. Keep `order_time <= as_of` "
            "first, then find the last order.",
            lambda orders, as_of: winback_list(orders, as_of, up_to=False), winback_list,
            lambda shop: WinbackList().cases(shop)),
        _slips.function_slip(
            "first_not_last", "用的是每位客户第一次下单的时间，不是最后一次",
            "used each customer's first order time, not the last",
            "客户多久没回来，要从最近一次购买算起：每位客户的 `order_time` 取 `max()`。",
            "How long a customer has stayed away counts from their latest purchase: take the `max()` of each "
            "customer's `order_time`.",
            lambda orders, as_of: winback_list(orders, as_of, last="min"), winback_list,
            lambda shop: WinbackList().cases(shop)),
    )

    def reference(self, orders, as_of):
        return winback_list(orders, as_of)

    def cases(self, shop):
        end = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1)
        tiny = pd.DataFrame({"customer_id": [1, 1, 2, 3, 4], "payment_status": ["paid", "paid", "paid", "cancelled",
                                                                                 "paid"],
                             "order_time": pd.to_datetime(["2024-01-01", "2024-05-01", "2023-06-01", "2024-05-01",
                                                           "2024-09-01"]), "amount": [1.0] * 5})
        return [(shop.orders, end), (shop.orders, end - pd.Timedelta(days=200)), (tiny, "2024-08-15")]


class FollowUp(ReflectionQuestion):
    var = "reflection"
    prompt = ("为不同阶段的老客户设计回访：谁用即时聊天工具、谁用电子邮件、谁打电话、谁登门拜访（或寄送礼物）？"
              "你会怎样证明回访真的有用（需要什么样的对照组、看哪个指标）？",
              "Design follow-ups for old customers by stage: who gets an IM message, an e-mail, a phone call, a visit "
              "(or a gift)? How would you prove the follow-ups work (which control group, which measure)?")
    solution_text = ("好的回答：按生命周期阶段和价值分层（成熟期高价值客户电话/拜访，成长期 IM，衰退期优惠券+短信，流失期低成本邮件）；"
                     "建立客户数据库记录每次回访；随机留出对照组，比较 90 天复购率，并算每次唤回的成本。",
                     "A good answer segments by stage and value (phone or visit for valuable mature customers, IM for "
                     "growing ones, a coupon and SMS for declining ones, cheap e-mail for lost ones); logs every "
                     "contact in the customer database; keeps a random control group and compares 90-day repurchase "
                     "and the cost per customer won back.")


__all__ = bind(globals(), [StageCounts, TouchEffect, CostPerWin, NoControl, WinbackList, FollowUp]) + ["____"]
