"""More chapter 1 exercises: relationship types, the contents of CRM, and what keeping
customers is worth (第一章补充练习).

``from crmlab.exercises.ch01b import *`` gives ``q9`` ... ``q12`` (they follow ``q1`` ...
``q8`` of :mod:`crmlab.exercises.ch01`, so a lesson can import both).

====  =======================  ===========================================================
q9    ChoiceQuestion           which relationship type a follow-up call is
q10   ChoiceQuestion           which content of CRM a membership programme belongs to
q11.a ValueQuestion            ``aov``: mean amount of a paid order
q11.b ValueQuestion            ``extra_sales``: selling to existing (50%) vs new (15%) customers
q12.a FunctionQuestion         ``lifetime_profit(margin, retention, years)``
q12.b ValueQuestion            ``retention``: share of 2023's buyers who bought again in 2024
q12.c ValueQuestion            ``profit_uplift``: what +5 points of retention are worth
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ._core import ChoiceQuestion, FunctionQuestion, MultipartQuestion, ValueQuestion, ____, bind

# Course figures (chapter 1): selling to an existing customer succeeds about 50% of the
# time, to a new one about 15%; 5 more points of retention raise profit by 25-85%.
P_EXISTING, P_NEW = 0.50, 0.15
N_CONTACTS = 200
RETENTION_STEP = 0.05
YEARS = 5


def paid_orders(shop) -> pd.DataFrame:
    return shop.orders[shop.orders["payment_status"] == "paid"]


def lifetime_profit(margin, retention, years=YEARS):
    """Expected profit of one customer over ``years`` years: margin × (1 + r + r² + ...)."""
    return float(margin * sum(retention ** t for t in range(years)))


def yearly_retention(shop) -> float:
    """Share of the first year's buyers who buy again in the second year."""
    paid = paid_orders(shop)
    year = paid["order_time"].dt.year
    first = int(year.min())
    y1 = set(paid.loc[year == first, "customer_id"])
    y2 = set(paid.loc[year == first + 1, "customer_id"])
    return len(y1 & y2) / len(y1)


class RelationshipType(ChoiceQuestion):
    var = "relationship"
    prompt = ("客户签收三天后，店铺客服主动打电话问商品是否满意、有什么改进建议。这属于哪种客户关系？",
              "Three days after delivery the shop calls the customer to ask whether the product meets "
              "expectations and for suggestions. Which type of customer relationship is this?")
    options = {"A": ("基本型：卖出商品后不再联系", "basic: sell, then no further contact"),
               "B": ("被动型：卖出后鼓励客户有问题时自己来联系", "passive (reactive): sell and invite the customer to "
                     "call with problems"),
               "C": ("负责型：售后不久主动联系，了解是否满意、征求建议", "accountable: contact the customer soon after "
                     "the sale to check satisfaction and ask for suggestions"),
               "D": ("能动型：经常主动联系，提供改进使用的建议或新产品信息", "proactive: contact the customer from time "
                     "to time with ideas for better use or new products"),
               "E": ("伙伴型：与客户持续合作，帮助客户成功", "partnership: work with the customer continuously to help "
                     "them succeed")}
    answer = "C"
    explanations = {"D": ("能动型是“经常”联系、主动带来新建议；这里只是售后一次回访。",
                          "Proactive means contacting the customer again and again with new ideas; here it is one "
                          "call after the sale."),
                    "B": ("被动型等客户自己来；这里是店铺主动打电话。",
                          "Passive waits for the customer to call; here the shop calls.")}
    hints = [("关键：谁主动？多久一次？目的是了解满意度。", "Who takes the initiative, how often, and the aim is to "
              "check satisfaction.")]
    solution_code = 'relationship = "C"'


class CrmContent(ChoiceQuestion):
    var = "content"
    prompt = ("店铺推出会员等级和积分兑换，让客户一次又一次回来购买。这主要属于 CRM 的哪项内容？",
              "The shop launches member tiers and points redemption so that customers come back again and again. "
              "Which content of CRM is this mainly?")
    options = {"A": ("客户信息管理", "customer information management"),
               "B": ("客户满意管理", "customer satisfaction management"),
               "C": ("客户忠诚管理", "customer loyalty management"),
               "D": ("客户服务管理", "customer service management")}
    answer = "C"
    hints = [("“一次又一次回来购买”是哪种行为？", "What is 'coming back again and again' called?")]
    solution_code = 'content = "C"'


class Aov(ValueQuestion):
    var = "aov"
    prompt = ("已支付订单的平均金额（客单价，`amount` 的平均值）是多少元？",
              "What is the mean amount of a paid order (average order value, mean `amount`)?")
    hints = [("`paid['amount'].mean()`", "`paid['amount'].mean()`")]
    solution_code = ("paid = shop.orders[shop.orders['payment_status'] == 'paid']\n"
                     "aov = paid['amount'].mean()")

    def expected(self, shop):
        return float(paid_orders(shop)["amount"].mean())


class ExtraSales(ValueQuestion):
    var = "extra_sales"
    prompt = (f"客服本周能联系 {N_CONTACTS} 个人。向老客户推销的成功率约 {P_EXISTING:.0%}，向新客户约 {P_NEW:.0%}。"
              f"每次成功带来一笔客单价 `aov` 的订单。联系老客户比联系新客户多带来多少销售额？",
              f"Service staff can contact {N_CONTACTS} people this week. Selling to an existing customer succeeds "
              f"about {P_EXISTING:.0%} of the time, to a new one about {P_NEW:.0%}; each success is one order of "
              f"`aov`. How much more do {N_CONTACTS} contacts with existing customers sell than with new ones?")
    hints = [(f"老客户：{N_CONTACTS} × {P_EXISTING} × aov；新客户：{N_CONTACTS} × {P_NEW} × aov。",
              f"Existing: {N_CONTACTS} × {P_EXISTING} × aov; new: {N_CONTACTS} × {P_NEW} × aov.")]
    solution_code = f"extra_sales = {N_CONTACTS} * ({P_EXISTING} - {P_NEW}) * aov"

    def expected(self, shop):
        return N_CONTACTS * (P_EXISTING - P_NEW) * float(paid_orders(shop)["amount"].mean())


class Q11(MultipartQuestion):
    prompt = ("卖给老客户还是新客户？", "Sell to existing or to new customers?")
    parts = {"a": Aov, "b": ExtraSales}


class LifetimeProfit(FunctionQuestion):
    var = "lifetime_profit"
    prompt = ("写函数 `lifetime_profit(margin, retention, years=5)`：一位客户每年带来毛利 `margin`，每年留下来的概率是 "
              "`retention`，他在 `years` 年里带来的期望毛利 = margin × (1 + r + r² + … + r^(years-1))。",
              "Write `lifetime_profit(margin, retention, years=5)`: a customer brings `margin` a year and stays "
              "each year with probability `retention`; the expected profit over `years` years is "
              "margin × (1 + r + r² + … + r^(years-1)).")
    hints = [("第 t 年（t = 0, 1, …）还在的概率是 r^t。", "The customer is still there in year t (t = 0, 1, ...) with "
              "probability r^t."),
             ("`return margin * sum(retention ** t for t in range(years))`",
              "`return margin * sum(retention ** t for t in range(years))`")]
    solution_code = """def lifetime_profit(margin, retention, years=5):
    return margin * sum(retention ** t for t in range(years))"""

    def reference(self, margin, retention, years=YEARS):
        return lifetime_profit(margin, retention, years)

    def cases(self, shop):
        return [(100.0, 0.5), (100.0, 0.5, 1), (80.0, 0.9, 10), (50.0, 0.0, 3), (120.0, 1.0, 4)]


class Retention(ValueQuestion):
    var = "retention"
    prompt = ("在数据第一年（2023 年）有已支付订单的客户中，第二年（2024 年）又有已支付订单的比例是多少？",
              "Of the customers with a paid order in the first year of the data (2023), what share have a paid "
              "order in the second year (2024)?")
    hints = [("`year = paid['order_time'].dt.year`；两年的买家集合取交集。",
              "`year = paid['order_time'].dt.year`; intersect the two years' sets of buyers."),
             ("`y1 = set(paid.loc[year == 2023, 'customer_id'])`，`retention = len(y1 & y2) / len(y1)`",
              "`y1 = set(paid.loc[year == 2023, 'customer_id'])`, `retention = len(y1 & y2) / len(y1)`")]
    solution_code = """year = paid['order_time'].dt.year
y1 = set(paid.loc[year == 2023, 'customer_id'])
y2 = set(paid.loc[year == 2024, 'customer_id'])
retention = len(y1 & y2) / len(y1)"""

    def expected(self, shop):
        return yearly_retention(shop)


class Uplift(ValueQuestion):
    var = "profit_uplift"
    prompt = (f"如果保留率提高 {RETENTION_STEP * 100:.0f} 个百分点（retention + {RETENTION_STEP}），"
              f"一位客户 {YEARS} 年的期望毛利会提高百分之几？写成比例（0.12 表示 12%）。",
              f"If retention rose by {RETENTION_STEP * 100:.0f} points (retention + {RETENTION_STEP}), by what share "
              f"would a customer's expected {YEARS}-year profit rise? As a fraction (0.12 = 12%).")
    hints = [("margin 会被约掉，随便取 1。", "The margin cancels out: use 1."),
             ("`lifetime_profit(1, retention + 0.05) / lifetime_profit(1, retention) - 1`",
              "`lifetime_profit(1, retention + 0.05) / lifetime_profit(1, retention) - 1`")]
    solution_code = "profit_uplift = lifetime_profit(1, retention + 0.05) / lifetime_profit(1, retention) - 1"
    solution_text = ("这个简单模型只算了“客户留得更久”。课程里“保留率提高 5%，利润提高 25%–85%”还包括老客户买得更多、"
                     "服务成本更低、会推荐新客户。",
                     "This simple model only counts customers staying longer. The course's '5 points more retention, "
                     "25-85% more profit' also includes loyal customers buying more, costing less to serve and "
                     "referring new customers.")

    def expected(self, shop):
        r = yearly_retention(shop)
        return lifetime_profit(1.0, r + RETENTION_STEP) / lifetime_profit(1.0, r) - 1


class Q12(MultipartQuestion):
    prompt = ("多留住 5% 的客户值多少钱？", "What are 5 more points of retention worth?")
    parts = {"a": LifetimeProfit, "b": Retention, "c": Uplift}


__all__ = bind(globals(), [RelationshipType, CrmContent, Q11, Q12], start=9) + ["____"]
