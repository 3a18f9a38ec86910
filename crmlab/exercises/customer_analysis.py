"""Chapter 2 exercises: customer analysis, value tiers, ABC/Pareto, segments and the
target segment (第二章：客户分析).

``from crmlab.exercises.customer_analysis import *`` gives ``q1`` ... ``q9`` and the blank ``____``.

====  =======================  ===========================================================
q1    ChoiceQuestion           消费者 / 顾客 / 客户: who is a *customer* (客户)
q2.a  ValueQuestion            ``n_potential``: registered, never paid for an order
q2.b  ValueQuestion            ``n_current``: bought in the last 180 days
q2.c  ValueQuestion            ``n_lost``: bought before, not in the last 180 days
q3    TableQuestion            ``tier_table``: the customer pyramid (tier_code, customers,
                               spend, spend_share)
q4.a  ValueQuestion            ``share_a``: share of buyers in ABC class A
q4.b  ValueQuestion            ``top20_share``: spend share of the top 20% of buyers
q4.c  ValueQuestion            ``gini_spend``: Gini coefficient of spend
q5    FunctionQuestion         ``abc_class(spend)``: ABC classes, written by hand
q6    ChoiceQuestion           the region whose customers bring most value per head
q7    ValueQuestion            ``best_k``: number of k-means segments by silhouette
q8    DesignQuestion           ``target``: a target segment that satisfies the rules
q9    ReflectionQuestion       which segment to target, and how to serve it
q10   ChoiceQuestion           非客户: who is not a customer the shop should chase
q11   ValueQuestion            ``n_inquired``: potential customers who asked before buying (客户识别)
q12   ChoiceQuestion           需求强度: which potential customer has the strongest need
q13   ReflectionQuestion       case discussion: the whole budget to the VIP customers?
====  =======================  ===========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import (SEGMENT_VARIABLES, abc_classification, choose_k, customer_table, gini, pareto_share,
                        rfm_summary, segment_profile, value_tiers)
from ..analysis._tables import paid_orders
from ..mistakes import Mistake, matches
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    TableQuestion, ValueQuestion, ____, bind, rank_among, rank_words)

ACTIVE_DAYS = 180
K_RANGE = range(2, 7)
REGIONS = {"A": ("华东", "East"), "B": ("华南", "South"), "C": ("华北", "North"), "D": ("华中", "Central"),
           "E": ("西南", "Southwest"), "F": ("西北", "Northwest"), "G": ("东北", "Northeast")}
# a target segment: big enough to matter, small enough to focus on, worth more than its head count
TARGET_MIN_SHARE, TARGET_MAX_SHARE, TARGET_MIN_INDEX = 0.10, 0.60, 1.05


# -- reference computations ----------------------------------------------------------------
def spend(shop) -> pd.Series:
    """Paid spend of every buying customer, indexed by customer_id."""
    return paid_orders(shop.orders).groupby("customer_id")["amount"].sum().rename("spend")


def customer_status(shop, *, one_day_off=False) -> pd.Series:
    """potential / current / lost for every customer (index customer_id); ``one_day_off=True`` puts the end of the
    window at the start of the last day instead of its end (q2's slip)."""
    end = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=0 if one_day_off else 1)
    last = paid_orders(shop.orders).groupby("customer_id")["order_time"].max()
    last = shop.customers.set_index("customer_id").index.to_series().map(last)
    status = np.where(last.isna(), "potential",
                      np.where(last >= end - pd.Timedelta(days=ACTIVE_DAYS), "current", "lost"))
    return pd.Series(status, index=last.index, name="status")


def tier_table(shop) -> pd.DataFrame:
    tiers = value_tiers(spend(shop), locale="en")
    out = tiers.groupby("tier_code", sort=False).agg(customers=("value", "size"), spend=("value", "sum"))
    out["spend_share"] = out["spend"] / out["spend"].sum()
    return out.reset_index()


def abc_class(spend: pd.Series) -> pd.Series:
    return abc_classification(spend)["abc"]


def abc_by_hand(spend: pd.Series, *, ascending=False, before=True) -> pd.Series:
    """q5 written by hand; ``ascending=True`` or ``before=False`` (a customer's own spend counted in) are its slips."""
    s = spend.sort_values(ascending=ascending)
    cum = s.cumsum().shift(fill_value=0) if before else s.cumsum()
    share = cum / s.sum()
    return pd.Series(np.where(share < 0.8, "A", np.where(share < 0.95, "B", "C")), index=s.index).reindex(spend.index)


def abc_cases(shop) -> list:
    """q5's test cases: five customers by hand, five shuffled, and the shop's buyers (distinct spends)."""
    s = spend(shop)
    s = s[~s.duplicated(keep=False)]  # distinct values, as the prompt promises
    tiny = pd.Series([70.0, 20.0, 6.0, 3.0, 1.0], index=[11, 12, 13, 14, 15])
    shuffled = pd.Series([5.0, 50.0, 1.0, 30.0, 14.0], index=list("abcde"))
    return [(tiny,), (shuffled,), (s,)]


def spend_all_customers(shop) -> pd.Series:
    """Spend of every registered customer, 0 for those who never paid (q4's slip: non-buyers counted in)."""
    return spend(shop).reindex(shop.customers["customer_id"], fill_value=0.0)


def bottom_shares(shop, top=0.2) -> list:
    """The share of spend of the *lowest* ``top`` of buyers, for the usual ways of counting them (q4.b's slip)."""
    s = spend(shop).sort_values()
    n = len(s)
    return [float(s.iloc[:k].sum() / s.sum()) for k in sorted({int(np.floor(top * n)), int(np.ceil(top * n))})]


def k_scores(shop) -> pd.DataFrame:
    """``choose_k`` on the shop's RFM table (cached per shop: it takes seconds)."""
    key = (id(shop), shop.meta.get("seed"))
    cache = k_scores.__dict__.setdefault("_cache", {})
    if key not in cache:
        cache.clear()
        cache[key] = choose_k(rfm_summary(shop.orders), k_range=K_RANGE)
    return cache[key]


def _window_one_day_off(status) -> Mistake:
    return Mistake("window_one_day_off", "的时间窗口差了一天（用期末 − 180 天作界线，忘了期末那一整天都算）",
                   "are one day off (the cut-off at the end date − 180 days forgets that the whole last day counts)",
                   "`pd.Timestamp(shop.meta['end'])` 是最后一天的 0 点；窗口到最后一天结束，也就是再加 1 天，"
                   "界线是从那里往前数 180 天。",
                   "`pd.Timestamp(shop.meta['end'])` is midnight at the start of the last day; the window runs to the "
                   "end of that day, one day later, and the cut-off is 180 days before that.",
                   recompute=lambda ctx: int((customer_status(ctx.shop, one_day_off=True) == status).sum()))


def _status_unpaid_kept(status) -> Mistake:
    return _slips.unpaid_kept(lambda shop: int((customer_status(shop) == status).sum()))


def _non_buyers_counted(reference) -> Mistake:
    """q4's slip: the customers who never bought (spend 0) counted in; ``reference(spend)`` computes the answer."""
    return Mistake("all_customers", "把从没买过东西的客户（消费额为 0）也算了进来",
                   "counted in the customers who never bought anything (spend 0)",
                   "这里只看买过东西的客户：`spend` 每位买家一行，就用它，不要换成客户表里的全部客户。",
                   "Only the buying customers count here: `spend` has one row per buyer; use it, not every customer "
                   "of the customers table.",
                   recompute=lambda ctx: reference(spend_all_customers(ctx.shop)))


def region_profile(shop) -> pd.DataFrame:
    return segment_profile(customer_table(shop.customers, orders=shop.orders), ["region"])


def target_stats(target, shop) -> dict:
    """Share of customers and value index of a target {"variable": col, "levels": [...]}."""
    table = customer_table(shop.customers, orders=shop.orders)
    col, levels = target["variable"], [str(x) for x in target["levels"]]
    inside = table[col].astype(str).isin(levels)
    share = float(inside.mean())
    m = table["monetary"].clip(lower=0)
    value_share = float(m[inside].sum() / m.sum())
    buyer = float((table.loc[inside, "frequency"] > 0).mean()) if inside.any() else 0.0
    return {"customer_share": share, "value_share": value_share,
            "value_index": value_share / share if share else 0.0, "buyer_rate": buyer,
            "all_buyer_rate": float((table["frequency"] > 0).mean()), "known": set(table[col].astype(str))}


# -- questions -------------------------------------------------------------------------------
class Who(ChoiceQuestion):
    var = "who"
    prompt = ("店铺知道她的姓名、手机号和每一次购买，客服按她的喜好为她推荐商品。她属于下面哪一种？",
              "The shop knows her name, phone and every purchase, and service staff recommend products to her "
              "tastes. In the course's terms she is a:")
    options = {"A": ("消费者：购买和使用商品的任何人", "consumer: anyone who buys and uses products"),
               "B": ("顾客：来店里买过东西的人，店铺不一定知道他是谁", "shopper (顾客): someone who bought here, not "
                     "necessarily known to the shop"),
               "C": ("客户：店铺掌握其信息、与之建立了关系并提供个性化服务的人",
                     "customer (客户): someone the shop knows, has a relationship with and serves individually"),
               "D": ("潜在客户：还没有购买的人", "potential customer: someone who has not bought yet")}
    answer = "C"
    explanations = {"B": ("顾客可以是匿名的；这里店铺掌握了她的资料并提供个性化服务。",
                          "A shopper can be anonymous; here the shop knows her and serves her individually."),
                    "A": ("消费者泛指购买和使用商品的任何人，和店铺不一定有关系；这里店铺认识她、记录了她的每次购买，"
                          "还按她的喜好推荐。",
                          "A consumer is anyone who buys and uses products, with or without a tie to the shop; here "
                          "the shop knows her, records every purchase and recommends to her tastes."),
                    "D": ("潜在客户还没有购买过；她已经买过多次，店铺记录了每一次购买。",
                          "A potential customer has not bought yet; she has bought several times, and the shop "
                          "recorded every purchase.")}
    hints = [("关键在“店铺掌握信息 + 个性化服务”。", "The key is 'the shop knows her + individual service'.")]


class Potential(ValueQuestion):
    var = "n_potential"
    prompt = ("潜在客户：注册了但从未有过已支付订单的客户有多少位？",
              "Potential customers: how many registered customers have never paid for an order?")
    hints = [("潜在客户在客户表里，却从来没有在已支付订单里出现过。",
              "Potential customers are in the customers table but never appear among the paid orders."),
             ("`Series.isin(另一列)` 判断每个编号是否出现在另一列里，`~` 取反；`.sum()` 数 True 的个数。",
              "`Series.isin(other_column)` tells for each id whether it appears in the other column, `~` flips it; "
              "`.sum()` counts the True values."),
             ("例：从没写过评价的客户有多少位："
              "`(~shop.customers['customer_id'].isin(shop.reviews['customer_id'])).sum()`。",
              "For example, how many customers never wrote a review: "
              "`(~shop.customers['customer_id'].isin(shop.reviews['customer_id'])).sum()`.")]

    mistakes = (
        _status_unpaid_kept("potential"),
        Mistake("buyers_counted", "数的是买过东西的客户，不是没买过的", "counted the customers who did buy, not those "
                "who never did",
                "`isin` 找出出现在已支付订单里的客户，也就是买家；潜在客户是另一半，要用 `~` 把条件反过来。",
                "`isin` finds the customers among the paid orders, that is the buyers; the potential customers are "
                "the others, so flip the condition with `~`.",
                recompute=lambda ctx: int((customer_status(ctx.shop) != "potential").sum())),
    )

    def expected(self, shop):
        return int((customer_status(shop) == "potential").sum())


class Current(ValueQuestion):
    var = "n_current"
    prompt = (f"现实客户：在数据期末（`shop.meta['end']` 当天结束）前 {ACTIVE_DAYS} 天内有已支付订单的客户有多少位？",
              f"Current customers: how many customers have a paid order in the last {ACTIVE_DAYS} days before the "
              "end of the data (end of day `shop.meta['end']`)?")
    hints = [("看每位买家最后一次已支付订单的时间，是否落在期末前 180 天之内（期末那一整天都算）。",
              "Look at each buyer's last paid order: does it fall within the 180 days before the end of the data "
              "(the whole last day counts)?"),
             ("`groupby('customer_id')['order_time'].max()` 给出每位客户最后一次的时间；界线 = 期末 + 1 天 − 180 天"
              "（用 `pd.Timedelta(days=...)`），数不早于界线的人数。",
              "`groupby('customer_id')['order_time'].max()` gives each customer's last time; the cut-off is the end "
              "+ 1 day − 180 days (with `pd.Timedelta(days=...)`); count those not before it."),
             ("评价上的例子，最近 30 天写过评价的客户：`last = shop.reviews.groupby('customer_id')['review_time'].max()`，"
              "`edge = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - pd.Timedelta(days=30)`，"
              "`(last >= edge).sum()`。",
              "An example on the reviews, customers who reviewed in the last 30 days: "
              "`last = shop.reviews.groupby('customer_id')['review_time'].max()`, "
              "`edge = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - pd.Timedelta(days=30)`, "
              "`(last >= edge).sum()`.")]

    mistakes = (
        _window_one_day_off("current"),
        _status_unpaid_kept("current"),
        Mistake("orders_not_customers", "数的是窗口里的订单笔数，不是客户人数",
                "counted the orders in the window, not the customers",
                "一位客户在 180 天里可能下了好几单：先按客户取最后一次已支付订单的时间，每位客户一行，再数人数。",
                "A customer may order several times in 180 days: take each customer's last paid order time first, "
                "one row per customer, then count them.",
                recompute=lambda ctx: int((paid_orders(ctx.shop.orders)["order_time"] >= pd.Timestamp(
                    ctx.shop.meta["end"]) + pd.Timedelta(days=1 - ACTIVE_DAYS)).sum())),
    )

    def expected(self, shop):
        return int((customer_status(shop) == "current").sum())


class Lost(ValueQuestion):
    var = "n_lost"
    prompt = (f"流失客户：买过东西、但最近 {ACTIVE_DAYS} 天没有已支付订单的客户有多少位？",
              f"Lost customers: how many customers bought before but have no paid order in the last "
              f"{ACTIVE_DAYS} days?")
    hints = [("买过东西的客户就是潜在客户以外的客户；流失客户是买过、但已经不是现实客户的人。",
              "Buyers are the non-potential customers; lost = bought, but not current."),
             ("和 q2.b 用同一个“最后一次已支付订单时间”和同一条界线，只是条件反过来：最后一次在界线之前。",
              "Use q2.b's last paid order times and the same cut-off, with the condition turned round: the last "
              "order is before the cut-off."),
             ("评价上的例子：写过评价、但最近 30 天没再写的客户是 `(last < edge).sum()`（`last` 和 `edge` 见 q2.b 的"
              "第 3 个提示）。",
              "An example on the reviews: customers who reviewed before but not in the last 30 days are "
              "`(last < edge).sum()` (`last` and `edge` as in q2.b's third hint).")]
    solution_text = ("潜在客户 + 现实客户 + 流失客户 = 全部客户。目标客户不是数据里的一列：它是店铺的选择（见 q8）。",
                     "Potential + current + lost = all customers. Target customers are not a column of the data: "
                     "they are the shop's choice (see q8).")

    mistakes = (
        Mistake("potential_included", "把从没买过的潜在客户也算成了流失客户",
                "counted the potential customers, who never bought, as lost",
                "流失客户先要“买过”：只在有已支付订单的客户里找最后一次购买在界线之前的人，没买过的是潜在客户。",
                "A lost customer must have bought: look only among the customers with a paid order for those whose "
                "last one is before the cut-off; those who never bought are potential customers.",
                recompute=lambda ctx: int((customer_status(ctx.shop) != "current").sum())),
        _window_one_day_off("lost"),
        _status_unpaid_kept("lost"),
    )

    def expected(self, shop):
        return int((customer_status(shop) == "lost").sum())


class Q2(MultipartQuestion):
    prompt = ("潜在客户、现实客户和流失客户各有多少位？", "How many potential, current and lost customers?")
    parts = {"a": Potential, "b": Current, "c": Lost}


class Tiers(TableQuestion):
    var = "tier_table"
    key = "tier_code"
    row_label = "tier_code"
    prompt = ("客户金字塔：对买过东西的客户（已支付消费额 > 0）用 `value_tiers(spend)` 分层，得到每层一行的表："
              "tier_code, customers（人数）, spend（消费额合计）, spend_share（占全部消费额的比例）。",
              "The customer pyramid: tier the buying customers with `value_tiers(spend)` and build a table with one "
              "row per tier: tier_code, customers (head count), spend (total spend), spend_share (share of all "
              "spend).")
    hints = [("先算每位买家的已支付消费额并分层；再按层数人数、加消费额；最后算每层占全部消费额的比例。",
              "First each buyer's paid spend and their tier; then the customers and the spend per tier; last each "
              "tier's share of all spend."),
             ("`value_tiers(spend)` 每位客户一行，`tier_code` 是层、`value` 是消费额；命名汇总 `.agg(新列=(列, 方法))` "
              "一次算出人数（`'size'`）和合计（`'sum'`）；占比 = 一列 ÷ 这一列的总和。",
              "`value_tiers(spend)` has one row per customer, the tier in `tier_code` and the spend in `value`; "
              "named aggregation `.agg(new=(column, how))` gives the count (`'size'`) and the total (`'sum'`) at "
              "once; a share is a column ÷ its total."),
             ("例：按下单渠道汇总已支付订单：`t = paid.groupby('channel').agg(orders=('order_id', 'size'), "
              "sales=('amount', 'sum')).reset_index()`，`t['sales_share'] = t['sales'] / t['sales'].sum()`。",
              "For example, paid orders by ordering channel: `t = paid.groupby('channel').agg(orders=('order_id', "
              "'size'), sales=('amount', 'sum')).reset_index()`, `t['sales_share'] = t['sales'] / "
              "t['sales'].sum()`.")]
    solution_text = ("金字塔顶端 5% 的客户（VIP 和主要客户）往往带来三成以上的消费额：服务资源应向他们倾斜。",
                     "The top 5% (VIP and major customers) often bring over a third of spend: that is where service "
                     "effort pays back.")

    mistakes = (
        _slips.counted_not_summed("spend", lambda shop: tier_table(shop).assign(spend=lambda t: t["customers"])[
            ["tier_code", "spend"]], key="tier_code"),
        Mistake("share_of_customers", "的 `spend_share` 用的是人数占比，不是消费额占比",
                "computed `spend_share` from the head counts, not from the spend",
                "消费额占比 = 这一层的消费额 ÷ 全部消费额；人数占比说的是另一回事（金字塔底层人最多，消费占比却小）。",
                "The share of spend = the tier's spend ÷ all spend; the share of customers is another thing (the "
                "bottom of the pyramid has the most customers and a small share of spend).",
                recompute=lambda ctx: tier_table(ctx.shop).assign(
                    spend_share=lambda t: t["customers"] / t["customers"].sum())[["tier_code", "spend_share"]],
                compare={"key": "tier_code"}),
        _slips.percent_not_share(lambda shop: tier_table(shop)[["tier_code", "spend_share"]], key="tier_code"),
    )

    def expected(self, shop):
        return tier_table(shop)


class ShareA(ValueQuestion):
    var = "share_a"
    prompt = ("ABC 分类（`abc_classification(spend)`）中，A 类客户占全部买家的比例是多少（0 到 1 之间）？",
              "In the ABC classification (`abc_classification(spend)`), what share (0 to 1) of the buying customers "
              "is in class A?")
    hints = [("ABC 分类给每位买家一个类别；A 类的比例 = A 类人数 ÷ 买家人数。",
              "ABC classification gives each buyer a class; the share of A = A customers ÷ buyers."),
             ("`abc_classification(spend)` 的 `abc` 列是类别；和 'A' 比较得到 True/False，它的平均值就是比例。",
              "The `abc` column of `abc_classification(spend)` holds the class; comparing it with 'A' gives "
              "True/False, whose mean is the share."),
             ("例：C 类买家的消费额合计：`t = abc_classification(spend)`，`spend[t['abc'] == 'C'].sum()`。",
              "For example, the total spend of class C: `t = abc_classification(spend)`, "
              "`spend[t['abc'] == 'C'].sum()`.")]

    mistakes = (
        Mistake("spend_share_of_a", "算的是 A 类客户的消费额占比，而不是人数占比",
                "computed class A's share of spend, not its share of customers",
                "A 类按定义带来大约 80% 的消费额；题目问的是 A 类客户占买家人数的比例：数人，不加金额。",
                "Class A brings about 80% of spend by definition; the question asks what share of the buyers are in "
                "class A: count people, do not add amounts.",
                recompute=lambda ctx: float(spend(ctx.shop)[abc_class(spend(ctx.shop)) == "A"].sum()
                                            / spend(ctx.shop).sum())),
        Mistake("all_customers", "用全部注册客户做分母，把没买过东西的客户也算了进来",
                "divided by every registered customer, counting in those who never bought",
                "题目问的是 A 类占**买家**的比例：分母是 `spend` 里的买家人数，不是客户表的行数。",
                "The question asks for the share of the **buyers**: the denominator is the buyers in `spend`, not "
                "the rows of the customers table.",
                recompute=lambda ctx: float((abc_class(spend(ctx.shop)) == "A").sum() / len(ctx.shop.customers))),
        _slips.percent_not_share(lambda shop: float((abc_class(spend(shop)) == "A").mean())),
    )

    def expected(self, shop):
        return float((abc_class(spend(shop)) == "A").mean())


class Top20(ValueQuestion):
    var = "top20_share"
    prompt = ("消费额最高的 20% 买家贡献了全部消费额的多大比例（`pareto_share`，0 到 1 之间）？",
              "What share of all spend (0 to 1) do the top 20% of buyers bring (`pareto_share`)?")
    hints = [("帕累托分析：把买家按消费额从高到低排，看前 20% 的人带来了多少消费额。",
              "Pareto analysis: rank the buyers by spend, highest first, and see how much the top 20% bring."),
             ("课程的 `pareto_share(消费额, top=比例)` 给出这个占比；自己算：排序后前 `ceil(0.2 × 人数)` 位的合计 ÷ 总额。",
              "The course's `pareto_share(spend, top=share)` gives this share; by hand: the total of the first "
              "`ceil(0.2 × buyers)` after sorting ÷ the overall total."),
             ("例：前 10% 的买家贡献的占比是 `pareto_share(spend, top=0.1)`。",
              "For example, the share of the top 10% of buyers is `pareto_share(spend, top=0.1)`.")]

    mistakes = (
        Mistake("bottom_20", "算的是消费额最低的 20% 买家的占比（从小到大排了序）",
                "computed the share of the lowest-spending 20% (sorted smallest first)",
                "帕累托分析看头部：按消费额从高到低排（`ascending=False`），再取前 20%。",
                "Pareto analysis looks at the top: rank by spend highest first (`ascending=False`), then take the "
                "first 20%.",
                detect=lambda answer, ctx: any(matches(answer, x) for x in bottom_shares(ctx.shop))),
        _non_buyers_counted(lambda s: pareto_share(s, top=0.2)),
        _slips.percent_not_share(lambda shop: pareto_share(spend(shop), top=0.2)),
    )

    def expected(self, shop):
        return pareto_share(spend(shop), top=0.2)


class GiniSpend(ValueQuestion):
    var = "gini_spend"
    prompt = ("买家消费额的基尼系数是多少（用 `gini`）？", "What is the Gini coefficient of the buyers' spend (`gini`)?")
    hints = [("基尼系数衡量消费额有多不均：0 表示人人一样，接近 1 表示少数客户带来几乎全部消费。",
              "The Gini coefficient measures how unequal spend is: 0 = everyone the same, near 1 = a few customers "
              "bring nearly everything."),
             ("课程的 `gini` 接收一组数（一个 Series），这里是 q3 里每位买家的已支付消费额。",
              "The course's `gini` takes a set of numbers (a Series), here each buyer's paid spend from q3."),
             ("例：客户年龄的基尼系数是 `gini(shop.customers['age'])`，年龄差别不大，所以它很小。",
              "For example, the Gini coefficient of the customers' ages is `gini(shop.customers['age'])`: small, "
              "since ages differ little.")]

    mistakes = (
        _non_buyers_counted(gini),
        _slips.percent_not_share(lambda shop: gini(spend(shop))),
    )

    def expected(self, shop):
        return gini(spend(shop))


class Q4(MultipartQuestion):
    prompt = ("少数客户贡献了多少价值？", "How much value do the few best customers bring?")
    parts = {"a": ShareA, "b": Top20, "c": GiniSpend}


class AbcByHand(FunctionQuestion):
    var = "abc_class"
    prompt = ("自己写 ABC 分类：`abc_class(spend)` 接收每位客户的消费额（Series，值互不相同），返回同样索引的 Series，"
              "值为 'A'、'B' 或 'C'。从消费最高的客户往下排，**排在他前面的客户**累计占比 < 80% 的是 A，< 95% 的是 B，其余是 C"
              "（跨过 80% 那位客户仍算 A）。",
              "Write the ABC classification yourself: `abc_class(spend)` takes each customer's spend (a Series of "
              "distinct values) and returns a Series with the same index and values 'A', 'B' or 'C'. Going down "
              "from the best customer, a customer is A when the customers **before** them bring < 80% of spend, B "
              "when < 95%, else C (the customer who crosses 80% is still A).")
    hints = [("先把客户按消费额从高到低排；每位客户看“排在他前面的客户”的消费额累计占比，再按 80%、95% 两条线分类。",
              "Rank the customers by spend, highest first; for each one take the cumulative share of the customers "
              "before them, and classify by the 80% and 95% lines."),
             ("`sort_values(ascending=False)` 排序，`cumsum()` 累计，除以 `sum()` 得到占比；“前面的”= 累计占比往后挪一格"
              "（`shift(fill_value=0)`）；两条线用两层 `np.where(...)`；最后 `.reindex(spend.index)` 回到原来的顺序。",
              "`sort_values(ascending=False)` to rank, `cumsum()` to accumulate, divide by `sum()` for shares; 'the "
              "customers before' is the cumulative share moved down one place (`shift(fill_value=0)`); two nested "
              "`np.where(...)` for the two lines; finally `.reindex(spend.index)` restores the order."),
             ("例：4 位客户消费 50、30、15、5（合计 100）：排在前面的累计占比是 0、0.5、0.8、0.95，所以类别是 A、A、B、C"
              "（0.8 不小于 0.8，是 B；0.95 不小于 0.95，是 C）。",
              "For example, 4 customers spending 50, 30, 15, 5 (total 100): the shares before them are 0, 0.5, 0.8, "
              "0.95, so the classes are A, A, B, C (0.8 is not below 0.8: B; 0.95 is not below 0.95: C).")]

    mistakes = (
        Mistake("sorted_ascending", "把客户按消费额从小到大排了序", "ranked the customers smallest spend first",
                "ABC 分类从消费最高的客户往下累计：`sort_values` 默认升序，要加 `ascending=False`。",
                "The ABC classes accumulate from the best customer down: `sort_values` sorts ascending by default, "
                "add `ascending=False`.",
                detect=_slips.acts_like(lambda s: abc_by_hand(s, ascending=True), abc_cases)),
        Mistake("own_spend_counted", "用了包括客户自己在内的累计占比，跨过 80% 的那位客户被分成了 B 类",
                "used the cumulative share including the customer's own spend, so the customer who crosses 80% "
                "became B",
                "题目看的是“排在他前面的客户”的累计占比：累计和要往后挪一格，第一位客户前面是 0。",
                "The rule looks at the customers **before** each one: move the running total down one place, so "
                "the first customer has 0 before them.",
                detect=_slips.acts_like(lambda s: abc_by_hand(s, before=False), abc_cases)),
    )

    def reference(self, spend):
        return abc_class(spend)

    def cases(self, shop):
        return abc_cases(shop)


class BestRegion(ChoiceQuestion):
    var = "best_region"
    prompt = ("在 `segment_profile(table, ['region'])` 里，哪个地区的价值指数（value_index = 消费额占比 ÷ 人数占比）最高？",
              "In `segment_profile(table, ['region'])`, which region has the highest value index (value_index = "
              "share of spend ÷ share of customers)?")
    options = {k: (f"{zh}", f"{en} ({zh})") for k, (zh, en) in REGIONS.items()}
    hints = [("价值指数 = 这个地区的消费额占比 ÷ 人数占比：大于 1 表示这里的客户人均带来的价值高于平均。",
              "The value index = a region's share of spend ÷ its share of customers: above 1 means its customers "
              "bring more than average each."),
             ("`segment_profile(table, ['region'])` 每个地区一行，`level` 是地区名、`value_index` 是价值指数；"
              "`.idxmax()` 给出最大值所在的行，`.loc[行, 'level']` 取出地区名。",
              "`segment_profile(table, ['region'])` has one row per region, the name in `level` and the index in "
              "`value_index`; `.idxmax()` gives the row of the largest, `.loc[row, 'level']` its name."),
             ("例：价值指数最低的城市等级：`p = segment_profile(table, ['city_tier'])`，"
              "`p.loc[p['value_index'].idxmin(), 'level']`。",
              "For example, the city tier with the lowest value index: `p = segment_profile(table, ['city_tier'])`, "
              "`p.loc[p['value_index'].idxmin(), 'level']`.")]

    def expected(self, shop):
        p = region_profile(shop)
        best = str(p.loc[p["value_index"].idxmax(), "level"])
        return next(k for k, names in REGIONS.items() if best in names)

    def explain(self, letter, shop=None):
        """The region's own value index and rank; a note when it has the largest share of spend."""
        p = region_profile(self.shop() if shop is None else shop)
        p = p.set_index(p["level"].astype(str))
        zh_name, en_name = REGIONS[letter]
        level = next((n for n in (zh_name, en_name) if n in p.index), None)
        if level is None:
            return (f"你的商店里没有{zh_name}的客户。", f"Your shop has no customers in the {en_name} region.")
        row = p.loc[level]
        rank, n, gap = rank_among(p["value_index"], level)
        where_zh, where_en = rank_words(rank, n, ("地区", "regions"))
        zh = (f"{zh_name}的价值指数是 {row['value_index']:.3f}（消费额占比 {row['value_share']:.1%} ÷ 人数占比 "
              f"{row['customer_share']:.1%}），{where_zh}，比最高的低 {gap:.3f}。")
        en = (f"The {en_name} region's value index is {row['value_index']:.3f} ({row['value_share']:.1%} of spend ÷ "
              f"{row['customer_share']:.1%} of customers); it {where_en}, {gap:.3f} below the highest.")
        if p["value_share"].idxmax() == level:
            zh = f"{zh_name}的消费额占比最高，但那是因为它的客户多：价值指数是消费额占比 ÷ 人数占比。" + zh
            en = (f"The {en_name} region has the largest share of spend because it has many customers: the value "
                  f"index is its share of spend ÷ its share of customers. {en}")
        return zh, en


class BestK(ValueQuestion):
    var = "best_k"
    prompt = (f"用 `choose_k(rfm, k_range={K_RANGE!r})`：轮廓系数（silhouette）最高的 k 是多少？",
              f"With `choose_k(rfm, k_range={K_RANGE!r})`: which k has the highest silhouette?")
    hints = [("轮廓系数衡量每位客户离自己的群有多近、离别的群有多远，越高越好；看哪个 k 的轮廓系数最高。",
              "The silhouette measures how close each customer is to their own cluster against the next one, higher "
              "is better; find the k with the highest silhouette."),
             ("`choose_k(rfm, k_range=range(2, 7))` 每个 k 一行（k 是行索引），有 `silhouette` 列；`.idxmax()` 给出最大值"
              "所在的行索引，也就是那个 k。",
              "`choose_k(rfm, k_range=range(2, 7))` has one row per k (k is the index) and a `silhouette` column; "
              "`.idxmax()` gives the index of the largest value, that is the k."),
             ("例：肘部法选的 k 是 `elbow` 为 True 的那一行：`int(scores.index[scores['elbow']][0])`。",
              "For example, the elbow method's k is the row where `elbow` is True: "
              "`int(scores.index[scores['elbow']][0])`.")]
    solution_text = ("轮廓系数衡量每位客户离自己的群有多近、离别的群有多远；肘部法看组内平方和的拐点。两者不一致时，"
                     "选业务上讲得通、能分别制定策略的 k。",
                     "The silhouette measures how close each customer is to their own cluster versus the next; the "
                     "elbow looks for the bend in the within-cluster sum of squares. When they disagree, pick the k "
                     "the business can act on.")

    mistakes = (
        Mistake("lowest_inertia", "选了组内平方和（inertia）最小的 k", "picked the k with the smallest within-cluster "
                "sum of squares (inertia)",
                "k 越大，组内平方和总是越小，所以它最小的永远是范围里最大的 k；比较不同的 k 要看轮廓系数（越高越好）。",
                "The within-cluster sum of squares always shrinks as k grows, so its smallest is always the largest "
                "k tried; to compare k, use the silhouette (higher is better).",
                recompute=lambda ctx: int(k_scores(ctx.shop)["inertia"].idxmin())),
        Mistake("position_not_k", "给出的是最大值的位置（从 0 数起），不是 k 本身",
                "gave the position of the largest value (counted from 0), not k itself",
                "`argmax()` 给出第几个位置，`idxmax()` 给出那一行的索引；这张表的索引就是 k，第一行是 k = 2。",
                "`argmax()` gives the position, `idxmax()` the row's index label; this table's index is k, and its "
                "first row is k = 2.",
                recompute=lambda ctx: int(k_scores(ctx.shop)["silhouette"].to_numpy().argmax())),
    )

    def expected(self, shop):
        return int(k_scores(shop)["silhouette"].idxmax())


def _target_rule_shape(answer, shop):
    if not isinstance(answer, dict) or not {"variable", "levels"} <= set(answer):
        return False, ("写成字典：{'variable': 列名, 'levels': [取值, ...]}", "write a dict: {'variable': column, "
                       "'levels': [value, ...]}")

    allowed = [c for cols in SEGMENT_VARIABLES.values() for c in cols]
    if answer["variable"] not in allowed:
        return False, (f"variable 应是细分变量之一：{allowed}", f"variable must be one of the segmentation variables: "
                       f"{allowed}")
    return True


def _target_levels_exist(answer, shop):
    st = target_stats(answer, shop)
    unknown = [x for x in map(str, answer["levels"]) if x not in st["known"]]
    return not unknown, (f"没有这些取值：{unknown}；现有：{sorted(st['known'])}",
                         f"unknown levels {unknown}; the levels are {sorted(st['known'])}")


class Target(DesignQuestion):
    var = "target"
    prompt = ("客户定位：用一个细分变量选出目标客户群，写成 `target = {'variable': 'region', 'levels': ['华东', ...]}`。"
              f"规则：人数占 {TARGET_MIN_SHARE:.0%}–{TARGET_MAX_SHARE:.0%}；价值指数（消费额占比 ÷ 人数占比）"
              f"≥ {TARGET_MIN_INDEX}。",
              "Customer targeting: pick a target segment with one segmentation variable, as `target = {'variable': "
              f"'region', 'levels': ['华东', ...]}}`. Rules: {TARGET_MIN_SHARE:.0%}–{TARGET_MAX_SHARE:.0%} of "
              f"customers; value index (spend share ÷ head share) ≥ {TARGET_MIN_INDEX}.")
    rules = [
        Rule(("格式正确，变量是细分变量", "right format, a segmentation variable"), _target_rule_shape),
        Rule(("取值都存在", "the levels exist"), _target_levels_exist),
        Rule((f"人数占 {TARGET_MIN_SHARE:.0%}–{TARGET_MAX_SHARE:.0%}",
              f"{TARGET_MIN_SHARE:.0%}–{TARGET_MAX_SHARE:.0%} of customers"),
             lambda a, shop: (TARGET_MIN_SHARE <= target_stats(a, shop)["customer_share"] <= TARGET_MAX_SHARE,
                              (f"实际 {target_stats(a, shop)['customer_share']:.1%}",
                               f"actual {target_stats(a, shop)['customer_share']:.1%}"))),
        Rule((f"价值指数 ≥ {TARGET_MIN_INDEX}", f"value index ≥ {TARGET_MIN_INDEX}"),
             lambda a, shop: (target_stats(a, shop)["value_index"] >= TARGET_MIN_INDEX,
                              (f"实际 {target_stats(a, shop)['value_index']:.2f}",
                               f"actual {target_stats(a, shop)['value_index']:.2f}"))),
    ]
    hints = [("先看 `segment_profile(table, 'geographic')` 或 'platform' 里 value_index 大于 1 的取值。",
              "Look for levels with value_index above 1 in `segment_profile(table, 'geographic')` or 'platform'."),
             ("把 value_index 最高的几个取值合起来，直到人数够 10% 以上。",
              "Combine the levels with the highest value_index until they hold 10% of customers or more.")]


class Positioning(ReflectionQuestion):
    var = "reflection"
    prompt = ("你会把哪一群客户作为目标客户？用你算出的数字（价值层级、ABC、细分画像）说明理由，并分别说一说对 VIP 客户和小客户"
              "该怎样服务。",
              "Which customers would you target? Justify it with your numbers (tiers, ABC, segment profiles) and say "
              "how you would serve VIP customers and small customers differently.")
    solution_text = ("好的回答：引用头部客户的消费占比或基尼系数；说明目标客户群的规模和价值指数；VIP 与主要客户给专属客服、"
                     "优先发货、回访；普通客户用会员和活动提升；小客户用低成本的自动化服务，而不是放弃。",
                     "A good answer quotes the top customers' share of spend or the Gini; gives the target segment's "
                     "size and value index; serves VIP and major customers with dedicated staff, priority shipping "
                     "and follow-ups, lifts ordinary customers with membership and campaigns, and serves small "
                     "customers with low-cost automated service rather than dropping them.")


# -- 非客户, 客户识别, 需求强度, the case -------------------------------------------------------------
def potential_ids(shop) -> pd.Index:
    """The potential customers: registered, never a paid order."""
    status = customer_status(shop)
    return status.index[status == "potential"]


def inquired(shop, *, stages=("pre_sale",), among=None) -> pd.Series:
    """Customers (of ``among``, default the potential ones) with a chat in one of ``stages``."""
    among = potential_ids(shop) if among is None else among
    chats = shop.chats[shop.chats["stage"].isin(stages) & shop.chats["customer_id"].isin(among)]
    return chats["customer_id"]


class NonCustomer(ChoiceQuestion):
    var = "non_customer"
    prompt = ("青禾生活馆只在中国大陆发货。下面哪一位是店铺的**非客户**？",
              "Qinghe Living ships only within mainland China. Which of these is a **non-customer** of the shop?")
    options = {"A": ("注册了会员、领了新人券，还没有下过单的人", "someone who registered and took the new-member "
                     "coupon but has not ordered yet"),
               "B": ("去年买过三次，之后一年多没有再来的人", "someone who bought three times last year and has not "
                     "come back for more than a year"),
               "C": ("店铺决定下一季重点争取的一线城市年轻妈妈", "young mothers in first-tier cities, whom the shop "
                     "chose to win next season"),
               "D": ("住在店铺不发货的海外、也不会托人代买的人", "someone living abroad where the shop does not ship, "
                     "who will not ask anyone to buy for them")}
    answer = "D"
    explanations = {
        "A": ("注册了、领了券，说明有需要也可能购买，只是还没有买：这是潜在客户，正是店铺要争取的人。",
              "Registering and taking a coupon show a need and a chance to buy, just no purchase yet: a potential "
              "customer, exactly whom the shop wants to win."),
        "B": ("买过、后来不再买，这是流失客户；他们有过需要、也买得到，值得挽回，不是“不可能购买”的人。",
              "Bought before, no longer buying: a lost customer. They had the need and can buy, so they are worth "
              "winning back, not people who cannot buy."),
        "C": ("店铺选定要重点争取的人是目标客户，是店铺的决定；她们有需要，也买得到。",
              "People the shop chose to win first are target customers, a decision of the shop; they have the need "
              "and can buy."),
    }
    hints = [("非客户是“没有需要，或者根本不可能买”的人。哪一位即使店铺再努力也买不到？",
              "A non-customer has no need or no way at all to buy. Who could not buy however hard the shop tried?")]


class Inquired(ValueQuestion):
    var = "n_inquired"
    prompt = ("客户识别：潜在客户（从未有过已支付订单的客户）里，有多少位在千牛上做过**售前**咨询"
              "（`shop.chats` 中 `stage == \"pre_sale\"` 的会话）？数人，不数会话。",
              "Customer identification: how many potential customers (never a paid order) asked a **pre-sale** "
              "question on the chat desk (sessions of `shop.chats` with `stage == \"pre_sale\"`)? Count people, "
              "not sessions.")
    hints = [("两个条件：是潜在客户（q2.a 数过的那些人），并且在售前咨询过。一个人咨询几次都只算一位。",
              "Two conditions: a potential customer (the people you counted in q2.a) and a pre-sale chat. Someone "
              "who asked several times counts once."),
             ("先得到潜在客户的编号，再在 `shop.chats` 里筛出售前会话、且编号在潜在客户之中的行；"
              "`.nunique()` 数不重复的客户编号。",
              "First get the potential customers' ids, then keep the pre-sale sessions of `shop.chats` whose id is "
              "among them; `.nunique()` counts distinct customer ids."),
             ("例：写过差评的客户有多少位（不是差评有多少条）："
              "`shop.reviews.loc[shop.reviews['sentiment'] == 'bad', 'customer_id'].nunique()`。",
              "For example, how many customers wrote a bad review (not how many bad reviews): "
              "`shop.reviews.loc[shop.reviews['sentiment'] == 'bad', 'customer_id'].nunique()`.")]
    mistakes = (
        Mistake("sessions_not_people", "数的是会话条数，不是人数：同一个人咨询几次就被算了几次",
                "counted sessions, not people: someone who asked several times was counted several times",
                "问题数的是人：对客户编号去重后再数。", "The question counts people: count distinct customer ids.",
                recompute=lambda ctx: int(len(inquired(ctx.shop)))),
        Mistake("any_stage", "把售中、售后的会话也算了进来", "counted in-sale and after-sale sessions too",
                "售前咨询说明客户在购买之前有需要；只保留 `stage == \"pre_sale\"` 的会话。",
                "A pre-sale question shows a need before buying; keep only the sessions with `stage == \"pre_sale\"`.",
                recompute=lambda ctx: int(inquired(ctx.shop, stages=("pre_sale", "in_sale", "after_sale")).nunique())),
        Mistake("all_customers", "数的是所有做过售前咨询的客户，没有只看潜在客户",
                "counted every customer with a pre-sale chat, not only the potential customers",
                "先筛出从未有过已支付订单的客户，再在他们之中数。",
                "First keep the customers who never paid for an order, then count among them.",
                recompute=lambda ctx: int(inquired(ctx.shop, among=ctx.shop.customers["customer_id"]).nunique())),
    )
    solution_text = ("这些人有需要、主动来问过，却还没有买：需求强度比只注册的人高，是客服最值得跟进的潜在客户。",
                     "These people have a need and asked, yet have not bought: a stronger need than those who only "
                     "registered, and the potential customers most worth following up.")

    def expected(self, shop):
        return int(inquired(shop).nunique())


class DemandIntensity(ChoiceQuestion):
    var = "strongest"
    prompt = ("四位潜在客户都还没有买过。按需求强度，客服今天最应该先跟进谁？",
              "Four potential customers have never bought. By intensity of demand, whom should service follow up "
              "first today?")
    options = {"A": ("半年前收藏了店铺，之后再没来过", "saved the shop to favourites six months ago and never came "
                     "back"),
               "B": ("昨天下单后没有付款，今天又在千牛问了两次“什么时候能发货”", "ordered yesterday without paying "
                     "and asked twice today on the chat desk when it would ship"),
               "C": ("看过一场直播，没有咨询过", "watched one live stream, never asked anything"),
               "D": ("注册时领了新人券，券已经过期没用", "took the new-member coupon at sign-up and let it expire")}
    answer = "B"
    explanations = {
        "A": ("收藏说明有过兴趣，但半年没有动静，需要已经不迫切了。",
              "Saving the shop shows some interest, but six months of silence say the need is no longer pressing."),
        "C": ("看一场直播只是接触过，没有咨询、没有下单，看不出需要有多迫切。",
              "Watching a stream is only a contact: no question, no order, nothing shows how pressing the need is."),
        "D": ("领券是店铺送的，券过期没用，反而说明暂时没有购买的打算。",
              "The coupon was the shop's gift; letting it expire suggests no plan to buy for now."),
    }
    hints = [("需求强度看需要有多迫切：离下单越近、越主动追问的人，需要越迫切。",
              "Intensity of demand is how pressing the need is: the closer to an order and the more eager the "
              "questions, the stronger the need.")]


class CaseVip(ReflectionQuestion):
    var = "case_notes"
    prompt = ("案例讨论：老板想把下一季的推广预算“全部投给 VIP 客户，小客户不管了”。写下你对讨论问题 1–3 的要点。",
              "Case discussion: the owner wants to put next season's whole promotion budget on the VIP customers and "
              "'forget the small ones'. Write your points on discussion questions 1-3.")
    solution_text = ("讨论要点：（1）用 q4 算出的头部 20% 客户的消费占比和 q3 的小客户人数说话，不用印象。"
                     "（2）只服务 VIP 的风险：小客户和潜在客户里有明天的优质客户，没人跟进就会变成流失客户；VIP 也会流失，"
                     "客户群需要补充。（3）用消费行为属性（消费额、频次、最近购买）找价值，用地理、人口统计和平台属性找能触达的人群，"
                     "按 q8 的规则定位。结论：资源有侧重，但分层服务不等于放弃小客户（自助、FAQ、群发关怀等低成本方式）；"
                     "可以区别对待服务水平，不能用数据对老客户“杀熟”。",
                     "Points: (1) speak with your numbers: q4's spend share of the top 20% and q3's count of small "
                     "customers, not impressions. (2) The risk of serving only VIPs: tomorrow's good customers are among "
                     "today's small and potential ones, and without follow-up they become lost customers; VIPs leave "
                     "too, so the base needs new blood. (3) Use behaviour (spend, frequency, recency) to find value and "
                     "geographic, demographic and platform variables to find people you can reach, with q8's rules. "
                     "Conclusion: focus resources, but tiered service does not mean dropping small customers (self-"
                     "service, FAQ, bulk care messages cost little); service levels may differ, but data must never be "
                     "used to charge loyal customers more.")


__all__ = bind(globals(), [Who, Q2, Tiers, Q4, AbcByHand, BestRegion, BestK, Target, Positioning, NonCustomer, Inquired,
                           DemandIntensity, CaseVip]) + ["____"]
