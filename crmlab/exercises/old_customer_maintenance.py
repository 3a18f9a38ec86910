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
from ._core import ChoiceQuestion, FunctionQuestion, ReflectionQuestion, TableQuestion, ValueQuestion, ____, bind

WINBACK_MIN_DAYS = 90
WINBACK_MAX_DAYS = 365


# -- reference computations ----------------------------------------------------------------
def stage_counts(shop) -> pd.DataFrame:
    st = lifecycle_stage(shop.orders, customers=shop.customers)
    out = st["stage"].astype(str).value_counts().rename_axis("stage").rename("n_customers").reset_index()
    return out


def touch_effect(shop) -> pd.DataFrame:
    ca = shop.campaign_assignments.merge(shop.campaigns[["campaign_id", "kind", "is_ab_test"]], on="campaign_id")
    ca = ca[ca["is_ab_test"]]
    rates = ca.groupby(["kind", "group"])["converted"].mean().unstack("group")
    out = pd.DataFrame({"treatment": rates["treatment"], "control": rates["control"]})
    out["uplift"] = out["treatment"] - out["control"]
    return out.reset_index()


def cost_per_win(shop) -> float:
    cp = shop.campaigns[shop.campaigns["kind"] == "sms"]
    ca = shop.campaign_assignments.merge(cp[["campaign_id", "cost_per_contact", "offer_value"]], on="campaign_id")
    ca = ca[ca["group"] == "treatment"]
    cost = (ca["cost_per_contact"] + ca["offer_value"] * ca["converted"]).sum()
    return float(cost / ca["converted"].sum())


def winback_list(orders: pd.DataFrame, as_of, min_days: int = WINBACK_MIN_DAYS,
                 max_days: int = WINBACK_MAX_DAYS) -> list:
    as_of = pd.Timestamp(as_of)
    o = paid_orders(orders)
    o = o[o["order_time"] <= as_of]
    last = o.groupby("customer_id")["order_time"].max()
    days = (as_of - last).dt.total_seconds() / 86400
    return sorted(int(c) for c in last.index[(days > min_days) & (days <= max_days)])


# -- questions -----------------------------------------------------------------------------
class StageCounts(TableQuestion):
    var = "stage_counts"
    key = "stage"
    row_label = "stage"
    prompt = ("用 `lifecycle_stage(shop.orders, customers=shop.customers)` 给每位客户定生命周期阶段，"
              "数一数各阶段的人数。列：stage, n_customers。",
              "Place every customer in a lifecycle stage with `lifecycle_stage(shop.orders, customers=shop.customers)` "
              "and count each stage. Columns: stage, n_customers.")
    hints = [("`st['stage'].astype(str).value_counts()`", "`st['stage'].astype(str).value_counts()`"),
             ("`.rename_axis('stage').rename('n_customers').reset_index()`",
              "`.rename_axis('stage').rename('n_customers').reset_index()`")]

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
    prompt = ("只看有对照组的活动（`is_ab_test`）：每种活动类型 kind，实验组和对照组的转化率（`converted` 的平均值）以及提升 "
              "uplift = treatment − control。列：kind, treatment, control, uplift。",
              "A/B campaigns only (`is_ab_test`): per campaign kind, the conversion rate (mean of `converted`) of the "
              "treatment and control groups and the uplift = treatment − control. Columns: kind, treatment, control, "
              "uplift.")
    hints = [("把 `campaign_assignments` 和 `campaigns` 按 campaign_id 连接，筛选 `is_ab_test`。",
              "Join `campaign_assignments` with `campaigns` on campaign_id; keep `is_ab_test`."),
             ("`ca.groupby(['kind', 'group'])['converted'].mean().unstack('group')`",
              "`ca.groupby(['kind', 'group'])['converted'].mean().unstack('group')`")]
    solution_text = ("只有和对照组比较，才知道触达“多带来”了多少订单：没有被触达的客户也会下单。",
                     "Only a control group tells what a touch *added*: untouched customers buy too.")

    def expected(self, shop):
        return touch_effect(shop)


class CostPerWin(ValueQuestion):
    var = "cost_per_win"
    prompt = ("短信唤醒（kind == 'sms'）活动：成本 = 每位被触达客户的 `cost_per_contact` + 每位转化客户的 `offer_value`。"
              "每转化一位客户平均花了多少元？（所有短信活动合计）",
              "SMS win-back campaigns (kind == 'sms'): cost = `cost_per_contact` for every customer contacted + "
              "`offer_value` for every customer who converted. What did each converted customer cost on average "
              "(all SMS campaigns together)?")
    hints = [("连接后只保留 kind 为 sms 的行；短信活动都是 treatment 组。", "After the join keep kind == 'sms'; SMS "
                                                                        "campaigns have treatment rows only."),
             ("`(ca['cost_per_contact'] + ca['offer_value'] * ca['converted']).sum() / ca['converted'].sum()`",
              "`(ca['cost_per_contact'] + ca['offer_value'] * ca['converted']).sum() / ca['converted'].sum()`")]

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
    prompt = (f"写函数 `winback_list(orders, as_of)`：截至 `as_of`（含），最后一次已支付订单距今超过 {WINBACK_MIN_DAYS} 天、"
              f"但不超过 {WINBACK_MAX_DAYS} 天的客户编号，按编号升序的列表（值得回访唤回的客户）。",
              f"Write `winback_list(orders, as_of)`: the sorted list of customer ids whose last paid order up to "
              f"`as_of` (inclusive) is more than {WINBACK_MIN_DAYS} and at most {WINBACK_MAX_DAYS} days before it "
              "(customers worth a win-back call).")
    hints = [("先筛选已支付、且 `order_time <= as_of` 的订单，再求每位客户最后一次下单时间。",
              "Keep paid orders with `order_time <= as_of`, then each customer's last order time."),
             ("天数：`(as_of - last).dt.total_seconds() / 86400`；`as_of = pd.Timestamp(as_of)`。",
              "Days: `(as_of - last).dt.total_seconds() / 86400`; `as_of = pd.Timestamp(as_of)`.")]

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
