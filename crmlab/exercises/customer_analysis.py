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
====  =======================  ===========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import (SEGMENT_VARIABLES, abc_classification, choose_k, customer_table, gini, pareto_share,
                        rfm_summary, segment_profile, value_tiers)
from ..analysis._tables import paid_orders
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


def customer_status(shop) -> pd.Series:
    """potential / current / lost for every customer (index customer_id)."""
    end = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1)
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
    prompt = ("店铺知道她的姓名、手机号和每一次购买，客服按她的喜好为她推荐商品。她在课程的术语里是：",
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
    hints = [("客户表里的 `customer_id` 不在已支付订单里的那些。",
              "The `customer_id`s of the customers table that are not among the paid orders."),
             ("`(~shop.customers['customer_id'].isin(paid['customer_id'])).sum()`",
              "`(~shop.customers['customer_id'].isin(paid['customer_id'])).sum()`")]

    def expected(self, shop):
        return int((customer_status(shop) == "potential").sum())


class Current(ValueQuestion):
    var = "n_current"
    prompt = (f"现实客户：在数据期末（`shop.meta['end']` 当天结束）前 {ACTIVE_DAYS} 天内有已支付订单的客户有多少位？",
              f"Current customers: how many customers have a paid order in the last {ACTIVE_DAYS} days before the "
              "end of the data (end of day `shop.meta['end']`)?")
    hints = [("每位客户最后一次已支付订单的时间：`paid.groupby('customer_id')['order_time'].max()`。",
              "Each customer's last paid order: `paid.groupby('customer_id')['order_time'].max()`."),
             ("`cutoff = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - pd.Timedelta(days=180)`；"
              "数 `last >= cutoff`。", "`cutoff = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - "
              "pd.Timedelta(days=180)`; count `last >= cutoff`.")]

    def expected(self, shop):
        return int((customer_status(shop) == "current").sum())


class Lost(ValueQuestion):
    var = "n_lost"
    prompt = (f"流失客户：买过东西、但最近 {ACTIVE_DAYS} 天没有已支付订单的客户有多少位？",
              f"Lost customers: how many customers bought before but have no paid order in the last "
              f"{ACTIVE_DAYS} days?")
    hints = [("买过东西的客户 = 潜在客户以外的客户；流失 = 买过但不是现实客户。",
              "Buyers are the non-potential customers; lost = bought, but not current."),
             ("`n_lost = int((last < cutoff).sum())`", "`n_lost = int((last < cutoff).sum())`")]
    solution_text = ("潜在 + 现有 + 流失 = 全部客户。目标客户不是数据里的一列：它是店铺的选择（见 q8）。",
                     "Potential + current + lost = all customers. Target customers are not a column of the data: "
                     "they are the shop's choice (see q8).")

    def expected(self, shop):
        return int((customer_status(shop) == "lost").sum())


class Q2(MultipartQuestion):
    prompt = ("潜在、现有和流失客户各有多少？", "How many potential, current and lost customers?")
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
    hints = [("`spend = paid.groupby('customer_id')['amount'].sum()`，然后 `tiers = value_tiers(spend)`。",
              "`spend = paid.groupby('customer_id')['amount'].sum()`, then `tiers = value_tiers(spend)`."),
             ("`tiers.groupby('tier_code').agg(customers=('value', 'size'), spend=('value', 'sum'))`，"
              "再除以总和得到 spend_share。",
              "`tiers.groupby('tier_code').agg(customers=('value', 'size'), spend=('value', 'sum'))`, then divide "
              "by the total for spend_share.")]
    solution_text = ("金字塔顶端 5% 的客户（VIP 和主要客户）往往带来三成以上的消费额：服务资源应向他们倾斜。",
                     "The top 5% (VIP and major customers) often bring over a third of spend: that is where service "
                     "effort pays back.")

    def expected(self, shop):
        return tier_table(shop)


class ShareA(ValueQuestion):
    var = "share_a"
    prompt = ("ABC 分类（`abc_classification(spend)`）中，A 类客户占买过东西的客户的比例是多少（0 到 1）？",
              "In the ABC classification (`abc_classification(spend)`), what share (0 to 1) of the buying customers "
              "is in class A?")
    hints = [("`(abc_classification(spend)['abc'] == 'A').mean()`",
              "`(abc_classification(spend)['abc'] == 'A').mean()`")]

    def expected(self, shop):
        return float((abc_class(spend(shop)) == "A").mean())


class Top20(ValueQuestion):
    var = "top20_share"
    prompt = ("消费额最高的 20% 客户贡献了全部消费额的多少（`pareto_share`）？",
              "What share of all spend do the top 20% of customers bring (`pareto_share`)?")
    hints = [("`pareto_share(spend, top=0.2)`", "`pareto_share(spend, top=0.2)`")]

    def expected(self, shop):
        return pareto_share(spend(shop), top=0.2)


class GiniSpend(ValueQuestion):
    var = "gini_spend"
    prompt = ("客户消费额的基尼系数是多少（`gini`）？", "What is the Gini coefficient of spend (`gini`)?")
    hints = [("`gini(spend)`：0 表示人人一样，接近 1 表示少数客户带来几乎全部消费。",
              "`gini(spend)`: 0 = everyone the same, near 1 = a few customers bring nearly everything.")]

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
    hints = [("先 `s = spend.sort_values(ascending=False)`，累计占比 `cum = s.cumsum() / s.sum()`。",
              "First `s = spend.sort_values(ascending=False)`, cumulative share `cum = s.cumsum() / s.sum()`."),
             ("“前面的客户”的累计占比：`before = cum - s / s.sum()`（或 `cum.shift(fill_value=0)`）。",
              "The share of the customers before: `before = cum - s / s.sum()` (or `cum.shift(fill_value=0)`)."),
             ("`np.where(before < 0.8, 'A', np.where(before < 0.95, 'B', 'C'))`，最后 `.reindex(spend.index)`。",
              "`np.where(before < 0.8, 'A', np.where(before < 0.95, 'B', 'C'))`, then `.reindex(spend.index)`.")]

    def reference(self, spend):
        return abc_class(spend)

    def cases(self, shop):
        s = spend(shop)
        s = s[~s.duplicated(keep=False)]  # distinct values, as the prompt promises
        tiny = pd.Series([70.0, 20.0, 6.0, 3.0, 1.0], index=[11, 12, 13, 14, 15])
        shuffled = pd.Series([5.0, 50.0, 1.0, 30.0, 14.0], index=list("abcde"))
        return [(tiny,), (shuffled,), (s,)]


class BestRegion(ChoiceQuestion):
    var = "best_region"
    prompt = ("在 `segment_profile(table, ['region'])` 里，哪个地区的价值指数（value_index = 消费额占比 ÷ 人数占比）最高？",
              "In `segment_profile(table, ['region'])`, which region has the highest value index (value_index = "
              "share of spend ÷ share of customers)?")
    options = {k: (f"{zh}", f"{en} ({zh})") for k, (zh, en) in REGIONS.items()}
    hints = [("`profile = segment_profile(table, ['region'])`，再看 `value_index` 列。",
              "`profile = segment_profile(table, ['region'])`, then look at the `value_index` column."),
             ("`profile.loc[profile['value_index'].idxmax(), 'level']`",
              "`profile.loc[profile['value_index'].idxmax(), 'level']`")]

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
    hints = [("`scores = choose_k(rfm, k_range=range(2, 7))`；`best` 列为 True 的那一行。",
              "`scores = choose_k(rfm, k_range=range(2, 7))`; the row where `best` is True."),
             ("`int(scores['silhouette'].idxmax())`", "`int(scores['silhouette'].idxmax())`")]
    solution_text = ("轮廓系数衡量每位客户离自己的群有多近、离别的群有多远；肘部法看组内平方和的拐点。两者不一致时，"
                     "选业务上讲得通、能分别制定策略的 k。",
                     "The silhouette measures how close each customer is to their own cluster versus the next; the "
                     "elbow looks for the bend in the within-cluster sum of squares. When they disagree, pick the k "
                     "the business can act on.")

    def expected(self, shop):
        scores = choose_k(rfm_summary(shop.orders), k_range=K_RANGE)
        return int(scores["silhouette"].idxmax())


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


__all__ = bind(globals(), [Who, Q2, Tiers, Q4, AbcByHand, BestRegion, BestK, Target, Positioning]) + ["____"]
