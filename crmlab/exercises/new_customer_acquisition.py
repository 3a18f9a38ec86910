"""Topic exercises: acquiring new customers (开发新客户), channel mix and cost per customer.

``from crmlab.exercises.new_customer_acquisition import *`` gives ``q1`` ... ``q6`` and ``____``.

====  =======================  ===========================================================
q1.a  TableQuestion            ``channel_mix``: customers, share and mean cost per channel
q1.b  ValueQuestion            ``referral_share``: share of customers who came by referral
q2    TableQuestion            ``channel_value``: buyers, cost, revenue, cost per buyer,
                               revenue per CNY of cost, per channel
q3    ChoiceQuestion           the paid channel with the most revenue per CNY of cost
q4    FunctionQuestion         ``top_referrers(customers, n)``: who brings the most friends
q5    DesignQuestion           ``plan``: split an acquisition budget across channels
q6    ReflectionQuestion       the channel strategy for next year
====  =======================  ===========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis._tables import paid_orders
from ..mistakes import Mistake
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    TableQuestion, ValueQuestion, ____, bind, rank_among, rank_words)
from ._rules import within

BUDGET = 20_000.0
MAX_CHANNEL_SHARE = 0.6  # no channel gets more than 60% of the budget
PAID_CHANNELS = ("referral", "ads", "sales_staff", "service_staff")  # organic traffic cannot be bought
LETTERS = {"A": "referral", "B": "ads", "C": "sales_staff", "D": "service_staff"}


# -- reference computations ----------------------------------------------------------------
def channel_mix(shop) -> pd.DataFrame:
    c = shop.customers
    g = c.groupby("acquisition_channel")
    out = pd.DataFrame({"n_customers": g.size(), "cac": g["acquisition_cost"].mean()})
    out["share"] = out["n_customers"] / len(c)
    return out.reset_index()[["acquisition_channel", "n_customers", "share", "cac"]]


def channel_value(shop) -> pd.DataFrame:
    c = shop.customers
    paid = paid_orders(shop.orders)
    spent = paid.groupby("customer_id")["amount"].sum()
    x = c[["customer_id", "acquisition_channel", "acquisition_cost"]].assign(
        revenue=c["customer_id"].map(spent).fillna(0.0).to_numpy(),
        buyer=c["customer_id"].isin(spent.index).to_numpy())
    g = x.groupby("acquisition_channel")
    out = pd.DataFrame({"n_customers": g.size(), "n_buyers": g["buyer"].sum(), "cost": g["acquisition_cost"].sum(),
                        "revenue": g["revenue"].sum()})
    out["cost_per_buyer"] = out["cost"] / out["n_buyers"]
    out["revenue_per_cost"] = out["revenue"] / out["cost"]
    return out.reset_index()


def cac_by(shop, how: str) -> pd.DataFrame:
    """The acquisition cost per channel aggregated with ``how`` (``"sum"``, ``"median"``): slips of q1.a."""
    return (shop.customers.groupby("acquisition_channel")["acquisition_cost"].agg(how).rename("cac")
            .reset_index())


def cost_over_order_rows(shop) -> pd.DataFrame:
    """q2's cost added up after joining every paid order to its customer: one cost per order, not per customer."""
    x = shop.customers.merge(paid_orders(shop.orders)[["customer_id", "amount"]], on="customer_id", how="left")
    return x.groupby("acquisition_channel")["acquisition_cost"].sum().rename("cost").reset_index()


def referrers_sorted(customers: pd.DataFrame, n: int, most_first=True, small_id_first=True) -> list:
    """q4 with other sort directions (the right one with the defaults)."""
    counts = customers["referrer_id"].dropna().astype("int64").value_counts()
    order = sorted(counts.items(), key=lambda kv: ((-1 if most_first else 1) * kv[1],
                                                   (1 if small_id_first else -1) * kv[0]))
    return [int(k) for k, _ in order[:n]]


def top_referrers(customers: pd.DataFrame, n: int) -> list:
    counts = customers["referrer_id"].dropna().astype("int64").value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [int(k) for k, _ in order[:n]]


def best_possible_buyers(shop) -> float:
    """New buyers the budget buys at best when no channel gets more than the cap."""
    cpb = channel_value(shop).set_index("acquisition_channel")["cost_per_buyer"].reindex(list(PAID_CHANNELS))
    best = np.sort(cpb.dropna().to_numpy())
    return float(MAX_CHANNEL_SHARE * BUDGET / best[0] + (1 - MAX_CHANNEL_SHARE) * BUDGET / best[1])


def expected_buyers(plan, shop) -> float:
    cpb = channel_value(shop).set_index("acquisition_channel")["cost_per_buyer"]
    return float(sum(float(v) / cpb[k] for k, v in plan.items()))


# -- questions -----------------------------------------------------------------------------
class ChannelMix(TableQuestion):
    var = "channel_mix"
    key = "acquisition_channel"
    row_label = "acquisition_channel"
    prompt = ("每个获客渠道：客户数 n_customers、占全部客户的比例 share、平均获客成本 cac。列：acquisition_channel, n_customers, "
              "share, cac。", "Per acquisition channel: customers n_customers, their share of all customers, mean "
              "acquisition cost cac. Columns: acquisition_channel, n_customers, share, cac.")
    hints = [("每个渠道一行：这个渠道来了几位客户、占全部客户的多少、平均每位花了多少获客成本。",
              "One row per channel: how many customers came through it, what share of all customers that is, and "
              "what each cost to acquire on average."),
             ("按 `acquisition_channel` 分组：`size()` 数人数，`acquisition_cost` 的 `mean()` 是平均成本；比例 = 该渠道人数 ÷ "
              "全部客户数（`len(shop.customers)`）。",
              "Group by `acquisition_channel`: `size()` counts, the `mean()` of `acquisition_cost` is the mean cost; "
              "the share = the channel's customers ÷ all customers (`len(shop.customers)`)."),
             ("例：每个会员等级的人数、比例和平均年龄：`g = shop.customers.groupby('member_tier')`，"
              "`t = pd.DataFrame({'n': g.size(), 'age': g['age'].mean()})`，"
              "`t['share'] = t['n'] / len(shop.customers)`。",
              "For example, the head count, share and mean age of each member tier: "
              "`g = shop.customers.groupby('member_tier')`, "
              "`t = pd.DataFrame({'n': g.size(), 'age': g['age'].mean()})`, "
              "`t['share'] = t['n'] / len(shop.customers)`.")]

    mistakes = (
        _slips.percent_not_share(lambda shop: channel_mix(shop)[["acquisition_channel", "share"]],
                                 key="acquisition_channel"),
        Mistake("summed_not_mean", "的 cac 是获客成本的合计，不是平均", "took the total acquisition cost as cac, not the "
                "mean", "cac 是“每获得一位客户平均花多少钱”：对 `acquisition_cost` 求平均，而不是求和。",
                "cac is what one customer costs on average: the mean of `acquisition_cost`, not its sum.",
                recompute=lambda ctx: cac_by(ctx.shop, "sum"), compare={"key": "acquisition_channel"}),
        Mistake("median_not_mean", "的 cac 用了中位数，不是平均数", "took the median as cac, not the mean",
                "中位数说明“典型的”一位客户花多少；平均获客成本要用平均数：总成本 ÷ 客户数，才能和预算对上。",
                "The median says what a typical customer costs; the mean acquisition cost is total cost ÷ customers, "
                "which is what adds up to the budget.",
                recompute=lambda ctx: cac_by(ctx.shop, "median"), compare={"key": "acquisition_channel"}),
    )

    def expected(self, shop):
        return channel_mix(shop)


class ReferralShare(ValueQuestion):
    var = "referral_share"
    prompt = ("老客户推荐（referral）带来的客户占全部客户的比例是多少（0 到 1）？课程材料说约 60%。",
              "What share of all customers came by referral (0 to 1)? The course material says about 60%.")
    hints = [("比例 = 推荐来的客户数 ÷ 全部客户数；获客渠道在客户表的 `acquisition_channel` 列。",
              "The share = customers who came by referral ÷ all customers; the channel is the customers' "
              "`acquisition_channel` column."),
             ("`列 == '值'` 给出 True/False，它的平均值就是 True 的比例。",
              "`column == 'value'` gives True/False, whose mean is the share of True."),
             ("例：女性客户的比例是 `(shop.customers['gender'] == 'F').mean()`。",
              "For example, the share of female customers is `(shop.customers['gender'] == 'F').mean()`.")]

    mistakes = (
        _slips.percent_not_share(lambda shop: float((shop.customers["acquisition_channel"] == "referral").mean())),
        Mistake("count_not_share", "交上来的是推荐来的客户人数，不是比例", "gave the number of referred customers, not "
                "the share", "比例 = 推荐来的人数 ÷ 全部客户数，是 0 到 1 之间的数。True/False 列的平均值就是比例。",
                "The share = referred customers ÷ all customers, a number from 0 to 1. The mean of a True/False "
                "column is that share.",
                recompute=lambda ctx: int((ctx.shop.customers["acquisition_channel"] == "referral").sum())),
    )

    def expected(self, shop):
        return float((shop.customers["acquisition_channel"] == "referral").mean())


class Q1(MultipartQuestion):
    prompt = ("渠道结构。", "The channel mix.")
    parts = {"a": ChannelMix, "b": ReferralShare}


class ChannelValue(TableQuestion):
    var = "channel_value"
    key = "acquisition_channel"
    row_label = "acquisition_channel"
    prompt = ("每个渠道：客户数 n_customers、有过已支付订单的买家数 n_buyers、获客成本合计 cost、这些客户的已支付销售额 revenue、"
              "每获得一位买家的成本 cost_per_buyer = cost / n_buyers、每 1 元获客成本带来的销售额 revenue_per_cost = revenue / cost。",
              "Per channel: n_customers; n_buyers (customers with a paid order); cost (sum of acquisition_cost); revenue "
              "(their paid sales); cost_per_buyer = cost / n_buyers; revenue_per_cost = revenue / cost.")
    hints = [("先算每位客户的已支付销售额（没买过的为 0），接到客户表上，再按渠道汇总；获客成本每位客户只算一次。",
              "First each customer's paid sales (0 for non-buyers), attached to the customers, then sum up per "
              "channel; each customer's acquisition cost counts once."),
             ("`paid.groupby('customer_id')['amount'].sum()` 是每位客户的销售额，`.map(...)` 把它按 customer_id 放到客户表上，"
              "`.fillna(0)` 补上没买过的；买家：`customer_id` 出现在已支付订单里（`.isin(...)`），分组后对 True/False "
              "`.sum()` 就是买家数。最后两列相除得到两个比值。",
              "`paid.groupby('customer_id')['amount'].sum()` is each customer's sales; `.map(...)` puts it on the "
              "customers by customer_id, `.fillna(0)` fills the non-buyers; a buyer's `customer_id` appears among the "
              "paid orders (`.isin(...)`), and after grouping `.sum()` of the True/False counts the buyers. Divide "
              "columns for the two ratios."),
             ("例：每个会员等级的工单数和人均工单数：`n = shop.service_tickets.groupby('customer_id').size()`，"
              "`x = shop.customers.assign(t=shop.customers['customer_id'].map(n).fillna(0))`，"
              "`g = x.groupby('member_tier')`，"
              "`pd.DataFrame({'tickets': g['t'].sum(), 'per_customer': g['t'].mean()})`。",
              "For example, tickets and tickets per customer of each member tier: "
              "`n = shop.service_tickets.groupby('customer_id').size()`, "
              "`x = shop.customers.assign(t=shop.customers['customer_id'].map(n).fillna(0))`, "
              "`g = x.groupby('member_tier')`, "
              "`pd.DataFrame({'tickets': g['t'].sum(), 'per_customer': g['t'].mean()})`.")]

    mistakes = (
        _slips.unpaid_kept(channel_value, key="acquisition_channel"),
        Mistake("cost_per_order_row", "把客户表和订单表连起来之后再加获客成本：下了几单，获客成本就被算了几次",
                "added up the acquisition cost after joining the orders to the customers, so each customer's cost "
                "counts once per order", "获客成本是每位客户一笔，和他下了几单无关。先把订单按客户汇总成每人一行"
                "（或直接在客户表上求和），再和客户表连接；连接前后比一比行数。",
                "The acquisition cost is paid once per customer, however many orders they place. Summarise the orders "
                "to one row per customer first (or sum on the customers table), then join; compare the row counts "
                "before and after.",
                recompute=lambda ctx: cost_over_order_rows(ctx.shop), compare={"key": "acquisition_channel"}),
        Mistake("wrong_denominator", "的 cost_per_buyer 除的是全部客户数，不是买家数",
                "divided cost_per_buyer by all customers, not by the buyers",
                "有些客户来了却从没付过款。cost_per_buyer 问的是“每得到一位真正下单的买家要花多少”：分母是 n_buyers。",
                "Some customers came but never paid. cost_per_buyer asks what one customer who actually bought "
                "costs: the denominator is n_buyers.",
                recompute=lambda ctx: channel_value(ctx.shop).assign(
                    cost_per_buyer=lambda t: t["cost"] / t["n_customers"])[["acquisition_channel", "cost_per_buyer"]],
                compare={"key": "acquisition_channel"}),
    )

    def expected(self, shop):
        return channel_value(shop)


class BestPaidChannel(ChoiceQuestion):
    var = "best_channel"
    prompt = ("在能花钱买到的渠道里（不含自然流量 organic），哪个渠道每 1 元获客成本带来的销售额最高？",
              "Among the channels money can buy (not organic), which brings the most revenue per CNY of acquisition "
              "cost?")
    options = {"A": ("老客户推荐 referral", "referral"), "B": ("广告 ads", "ads"), "C": ("销售人员 sales_staff",
                                                                                  "sales staff"),
               "D": ("客服人员 service_staff", "service staff")}
    hints = [("用 q2 的 `revenue_per_cost`，去掉 organic 后取最大。", "Use `revenue_per_cost` from q2, drop organic, take "
                                                                   "the largest.")]

    def expected(self, shop):
        v = channel_value(shop).set_index("acquisition_channel")["revenue_per_cost"].reindex(list(PAID_CHANNELS))
        return {ch: k for k, ch in LETTERS.items()}[v.idxmax()]

    def explain(self, letter, shop=None):
        """The channel's own revenue per CNY of cost and its rank; a note when it only has the most revenue."""
        value = channel_value(self.shop() if shop is None else shop).set_index("acquisition_channel")
        value = value.reindex([c for c in PAID_CHANNELS if c in value.index])
        channel, (zh_name, en_name) = LETTERS[letter], self.options[letter]
        if channel not in value.index:
            return (f"你的商店里没有从“{zh_name}”来的客户。", f"No customer of your shop came by {en_name}.")
        row = value.loc[channel]
        rank, n, gap = rank_among(value["revenue_per_cost"], channel)
        where_zh, where_en = rank_words(rank, n, ("付费渠道", "paid channels"))
        zh = (f"“{zh_name}”花了 {row['cost']:,.0f} 元获客成本，带来 {row['revenue']:,.0f} 元销售额，每 1 元成本带来 "
              f"{row['revenue_per_cost']:.2f} 元，{where_zh}，比最高的少 {gap:.2f} 元。")
        en = (f"The {en_name} channel cost {row['cost']:,.0f} CNY and brought {row['revenue']:,.0f} CNY of sales: "
              f"{row['revenue_per_cost']:.2f} CNY per CNY of cost; it {where_en}, {gap:.2f} below the best.")
        if value["revenue"].idxmax() == channel:
            zh = "它带来的销售额总数最多，但题目问的是每 1 元成本带来多少（revenue ÷ cost）。" + zh
            en = f"It brings the most revenue in total, but the question asks per CNY of cost (revenue ÷ cost). {en}"
        return zh, en


class TopReferrers(FunctionQuestion):
    var = "top_referrers"
    prompt = ("写函数 `top_referrers(customers, n)`：推荐新客户最多的 n 位老客户，返回他们的 customer_id 列表"
              "（按 `referrer_id` 出现的次数从多到少排；次数相同时编号小的在前）。",
              "Write `top_referrers(customers, n)`: the list of the n customer ids who referred the most new customers "
              "(count of `referrer_id`, most first; ties: smaller id first).")
    hints = [("每位新客户的 `referrer_id` 记着推荐他来的老客户：数一数每个编号出现了几次，按次数从多到少排，"
              "次数一样时编号小的在前。",
              "Each new customer's `referrer_id` names the customer who referred them: count how often each id "
              "appears, most first, the smaller id first on ties."),
             ("`.dropna()` 去掉没人推荐的，`value_counts()` 数次数；变成两列的表后 `sort_values([两列], "
              "ascending=[False, True])` 按两个键排序；取前 n 个编号，转成 `int` 放进列表。",
              "`.dropna()` drops the customers nobody referred, `value_counts()` counts; as a two-column table, "
              "`sort_values([both columns], ascending=[False, True])` sorts on two keys; take the first n ids as "
              "`int`s in a list."),
             ("例：referrer_id 是 7、3、7、3、5、空：7 和 3 各 2 次，5 一次；按次数降序、编号升序是 3、7、5，"
              "前 2 位是 `[3, 7]`。",
              "For example, referrer_id 7, 3, 7, 3, 5, empty: 7 and 3 twice, 5 once; by count descending and id "
              "ascending that is 3, 7, 5, and the first 2 are `[3, 7]`.")]
    solution_text = ("这些老客户是店铺的“推荐大使”：给他们专属奖励，比买广告便宜得多。",
                     "These customers are the shop's ambassadors: rewarding them costs far less than ads.")

    mistakes = (
        _slips.function_slip(
            "ties_larger_id_first", "在推荐次数相同时把编号大的排在前面", "put the larger id first on ties",
            "`sort_values([...], ascending=False)` 把两个键都按降序排了。次数要从多到少、编号要从小到大："
            "给每个键分别指定方向，`ascending=[False, True]`。",
            "`sort_values([...], ascending=False)` sorts both keys descending. The count goes most first and the id "
            "smallest first: give each key its own direction, `ascending=[False, True]`.",
            lambda customers, n: referrers_sorted(customers, n, small_id_first=False), top_referrers,
            lambda shop: TopReferrers().cases(shop)),
        _slips.function_slip(
            "fewest_first", "把推荐次数按从少到多排了，选出来的是推荐最少的人",
            "sorted the referrals fewest first, so you picked those who referred the least",
            "要找推荐最多的人，次数必须从多到少（降序）排，再取前 n 个。",
            "To find those who referred the most, sort the counts most first (descending), then take the first n.",
            lambda customers, n: referrers_sorted(customers, n, most_first=False), top_referrers,
            lambda shop: TopReferrers().cases(shop)),
    )

    def reference(self, customers, n):
        return top_referrers(customers, n)

    def cases(self, shop):
        tiny = pd.DataFrame({"customer_id": range(1, 9),
                             "referrer_id": pd.array([None, 1, 1, 2, 2, 3, None, 5], dtype="Int64")})
        return [(shop.customers, 5), (shop.customers, 1), (tiny, 2), (tiny, 10)]


def _plan(answer):
    if not isinstance(answer, dict):
        raise TypeError(f"the plan must be a dict {{channel: budget}}, not {type(answer).__name__}")
    return {str(k): float(v) for k, v in answer.items()}


def _channels_ok(answer, shop):
    bad = sorted(set(_plan(answer)) - set(PAID_CHANNELS))
    return not bad, (f"不能买的渠道：{bad}；可用 {list(PAID_CHANNELS)}", f"channels you cannot buy: {bad}; use "
                     f"{list(PAID_CHANNELS)}")


def _nonneg(answer, shop):
    return all(v >= 0 for v in _plan(answer).values()), ("预算不能为负", "budgets cannot be negative")


def design_rules():
    return [Rule(("只用能花钱的渠道", "only channels money can buy"), _channels_ok),
            Rule(("预算都不为负", "no negative budget"), _nonneg),
            within((f"总预算等于 {BUDGET:,.0f} 元", f"the budgets add up to {BUDGET:,.0f} CNY"),
                   lambda a, s: sum(_plan(a).values()), low=BUDGET - 1, high=BUDGET + 1),
            within((f"任一渠道不超过预算的 {MAX_CHANNEL_SHARE:.0%}", f"no channel gets more than "
                    f"{MAX_CHANNEL_SHARE:.0%} of the budget"),
                   lambda a, s: max(_plan(a).values()) / max(sum(_plan(a).values()), 1e-9), high=MAX_CHANNEL_SHARE),
            within(("预计新买家数至少是满足上限的最优方案的 90%", "expected new buyers at least 90% of the best plan "
                    "under the cap"),
                   lambda a, s: expected_buyers(_plan(a), s) / best_possible_buyers(s), low=0.9)]


class Plan(DesignQuestion):
    var = "plan"
    prompt = (f"把 {BUDGET:,.0f} 元获客预算分给能花钱的渠道（字典 `{{渠道: 金额}}`）：总额正好是预算；任一渠道不超过 "
              f"{MAX_CHANNEL_SHARE:.0%}（分散风险）；按各渠道的 cost_per_buyer 估算的新买家数，至少要达到"
              "“满足这一上限的最优方案”的 90%。",
              f"Split a {BUDGET:,.0f} CNY acquisition budget across the channels money can buy (a dict "
              f"`{{channel: amount}}`): it adds up to the budget; no channel gets more than {MAX_CHANNEL_SHARE:.0%} "
              "(spread the risk); at each channel's cost_per_buyer, the expected new buyers reach at least 90% of the "
              "best plan under that cap.")
    rules = design_rules()
    hints = [("预计新买家 = Σ 预算 / cost_per_buyer。最便宜的渠道给满 60%。",
              "Expected new buyers = Σ budget / cost_per_buyer. Give the cheapest channel the full 60%."),
             ("剩下的 40% 给第二便宜的渠道。", "The remaining 40% goes to the second cheapest.")]


class Strategy(ReflectionQuestion):
    var = "reflection"
    prompt = ("明年的获客策略：用你的数字说明各渠道的成本和价值，推荐怎样分配预算；推荐渠道的成本里还漏掉了什么（例如推荐奖励、"
              "老客户的满意度）？客服人员开发新客户时，有哪些技巧？",
              "Next year's acquisition strategy: with your numbers, compare the channels' cost and value and propose a "
              "split; what does the referral channel's cost leave out (referral rewards, the referrers' satisfaction)? "
              "Which techniques help service staff win first orders?")
    solution_text = ("好的回答：引用 cost_per_buyer 和 revenue_per_cost；指出推荐依赖老客户满意（第 4 章），奖励推荐人；"
                     "不能只看首单，要看客户价值（复购）；客服技巧：克服成交心理障碍、及时主动促成交易、不轻易亮出“王牌”、"
                     "正确对待没成交的客户。",
                     "A good answer quotes cost_per_buyer and revenue_per_cost; notes that referrals rest on satisfied "
                     "customers (chapter 4) and rewards referrers; looks beyond the first order to customer value; "
                     "service techniques: overcome the fear of closing, close promptly, keep the best offer in reserve, "
                     "treat customers who did not buy well.")


__all__ = bind(globals(), [Q1, ChannelValue, BestPaidChannel, TopReferrers, Plan, Strategy]) + ["____"]
