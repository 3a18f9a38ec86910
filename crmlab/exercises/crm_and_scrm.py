"""Exercises of lesson 01 (客户关系管理与社会化客户关系管理 / CRM and social CRM): a tour
of the shop's tables, a customer overview, relationship types, the contents of CRM, and
the cost of acquiring versus keeping customers.

``from crmlab.exercises.crm_and_scrm import *`` gives ``q1`` ... ``q12``, the blank ``____``
and ``explain_error()`` (what the last error message means).

====  =======================  ===========================================================
q1    ValueQuestion            ``n_customers``: number of customers
q2    ValueQuestion            ``paid_sales``: total amount of paid orders
q3.a  TableQuestion            ``orders_per_customer``: customer_id, n_orders (paid)
q3.b1 TableQuestion            ``order_summary``: customer_id, n_orders, total_spent (paid)
q3.b2 TableQuestion            ``with_orders``: every customer with acquisition_channel,
                               n_orders, total_spent (left join, 0 for non-buyers)
q3.b  TableQuestion            ``overview``: every customer with n_orders, total_spent,
                               n_tickets, sorted by total_spent (descending)
q4    FunctionQuestion         ``repeat_rate(orders)``: share of buyers with 2+ paid orders
q5    ChoiceQuestion           the channel whose customers bring the most sales per head
q6.a  ValueQuestion            ``cac``: mean acquisition cost per customer
q6.b  ValueQuestion            ``n_lapsed``: buyers with no paid order in the last 180 days
q6.c  ValueQuestion            ``saving``: what keeping them would save (5x rule)
q7    DesignQuestion           ``schema_sql``: a customers/orders/tickets SQLite schema
q8    ReflectionQuestion       which CRM relationship type fits the shop, and why
q9    ChoiceQuestion           which relationship type a follow-up call is
q10   ChoiceQuestion           which content of CRM a membership programme belongs to
q11.a ValueQuestion            ``aov``: mean amount of a paid order
q11.b ValueQuestion            ``extra_sales``: selling to existing (50%) vs new (15%) customers
q12.a FunctionQuestion         ``lifetime_profit(margin, retention, years)``
q12.b ValueQuestion            ``retention``: share of 2023's buyers who bought again in 2024
q12.c ValueQuestion            ``profit_uplift``: what +5 points of retention are worth
q13.a ChoiceQuestion           which gain of CRM a scenario shows: value gains
q13.b ChoiceQuestion           ... brand gains
q13.c ChoiceQuestion           ... relationship gains
q14   ChoiceQuestion           which is not a psychological trait of online consumers
q15   ChoiceQuestion           what CRM does for a firm (CRM 的作用)
q16   ReflectionQuestion       case discussion: a loss-making website bought for 1 million dollars
====  =======================  ===========================================================

The data tasks ramp up from lesson 00b (the pandas on-ramp): q2 filters (00b section 2),
q3.a counts per customer (section 6), q3.b1 aggregates (section 6), q3.b2 joins and fills
(section 7), q3.b adds the tickets and sorts (sections 6, 7, 3); their hints point there,
and their common mistakes are named.
"""

from __future__ import annotations

import pandas as pd

from ..analysis._tables import paid_orders
from ..mistakes import Mistake, matches
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion,
                    TableQuestion, ValueQuestion, ____, bind, rank_among, rank_words)
from ._errors import explain_error
from ._rules import has_foreign_key, has_primary_key, has_table

# Course figures (chapter 1): a new customer costs about 5 times as much as keeping one.
ACQUIRE_VS_KEEP = 5.0
LAPSE_DAYS = 180
# Where lesson 00b (the pandas on-ramp) teaches what a task needs.
SEE = {n: (f"00b 第 {n} 节", f"00b section {n}") for n in range(1, 9)}
CHANNELS = {"A": "referral", "B": "ads", "C": "sales_staff", "D": "service_staff", "E": "organic"}
# Selling to an existing customer succeeds about 50% of the time, to a new one about 15%;
# 5 more points of retention raise profit by 25-85%.
P_EXISTING, P_NEW = 0.50, 0.15
N_CONTACTS = 200
RETENTION_STEP = 0.05
YEARS = 5


# -- reference computations (shared by the questions; also what a grader would run) --
def orders_per_customer(shop) -> pd.DataFrame:
    return (paid_orders(shop.orders).groupby("customer_id").size().rename("n_orders").reset_index())


def order_summary(shop) -> pd.DataFrame:
    """Per buying customer: n_orders and total_spent of the paid orders."""
    return (paid_orders(shop.orders).groupby("customer_id")
            .agg(n_orders=("order_id", "size"), total_spent=("amount", "sum")).reset_index())


def with_orders(shop, how="left") -> pd.DataFrame:
    """Every customer (``how="left"``) with the order summary, 0 for those without orders."""
    out = shop.customers[["customer_id", "acquisition_channel"]].merge(order_summary(shop), on="customer_id",
                                                                        how=how)
    return out.fillna({"n_orders": 0, "total_spent": 0})


def customer_overview(shop, how="left") -> pd.DataFrame:
    tickets = shop.service_tickets.groupby("customer_id").size().rename("n_tickets")
    out = with_orders(shop, how).merge(tickets, on="customer_id", how=how)
    out[["n_orders", "total_spent", "n_tickets"]] = out[["n_orders", "total_spent", "n_tickets"]].fillna(0)
    return out.sort_values("total_spent", ascending=False, kind="stable").reset_index(drop=True)


def repeat_rate(orders: pd.DataFrame) -> float:
    counts = paid_orders(orders).groupby("customer_id").size()
    return float((counts >= 2).mean()) if len(counts) else 0.0


def _lapsed_before(shop, cutoff) -> int:
    last = paid_orders(shop.orders).groupby("customer_id")["order_time"].max()
    return int((last < cutoff).sum())


def n_lapsed(shop) -> int:
    end = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1)
    return _lapsed_before(shop, end - pd.Timedelta(days=LAPSE_DAYS))


def lifetime_profit(margin, retention, years=YEARS):
    """Expected profit of one customer over ``years`` years: margin × (1 + r + r² + ...)."""
    return float(margin * sum(retention ** t for t in range(years)))


def yearly_retention(shop) -> float:
    """Share of the first year's buyers who buy again in the second year."""
    paid = paid_orders(shop.orders)
    year = paid["order_time"].dt.year
    first = int(year.min())
    y1 = set(paid.loc[year == first, "customer_id"])
    y2 = set(paid.loc[year == first + 1, "customer_id"])
    return len(y1 & y2) / len(y1)


def _repeat_cases(shop) -> list:
    """The cases ``repeat_rate`` is checked on: the shop's orders, a slice, a tiny table, one with nothing paid."""
    tiny = pd.DataFrame({"order_id": [1, 2, 3, 4, 5], "customer_id": [1, 1, 2, 3, 3],
                         "payment_status": ["paid", "paid", "paid", "paid", "cancelled"],
                         "amount": [10.0, 20.0, 5.0, 7.0, 9.0]})
    none_paid = tiny.assign(payment_status="cancelled")
    return [(shop.orders,), (shop.orders.head(150),), (tiny,), (none_paid,)]


def _repeat_share(orders, at_least=2) -> float:
    counts = orders.groupby("customer_id").size()
    return float((counts >= at_least).mean()) if len(counts) else 0.0


def _lifetime_cases(shop) -> list:
    return [(100.0, 0.5), (100.0, 0.5, 1), (80.0, 0.9, 10), (50.0, 0.0, 3), (120.0, 1.0, 4)]


def _retention_between(shop, denominator) -> float:
    """Returning 2023 buyers divided by another base (a slip of the denominator)."""
    paid = paid_orders(shop.orders)
    year = paid["order_time"].dt.year
    first = int(year.min())
    y1, y2 = set(paid.loc[year == first, "customer_id"]), set(paid.loc[year == first + 1, "customer_id"])
    base = {"second_year": len(y2), "all_customers": len(shop.customers)}[denominator]
    return len(y1 & y2) / base


# -- questions ---------------------------------------------------------------------------
class CustomerCount(ValueQuestion):
    var = "n_customers"
    prompt = ("商店一共有多少位客户？", "How many customers does the shop have?")
    hints = [("每位客户在 `shop.customers` 里占一行。", "Each customer is one row of `shop.customers`."),
             ("用 `len(...)` 数行数。", "Count rows with `len(...)`.")]
    mistakes = (
        Mistake("buyers_only", "只数了有已支付订单的客户（买家）", "counted only the customers with a paid order (the "
                "buyers)",
                "客户表里的每个人都是商店的客户，包括还没买过的。数客户要数客户表，而不是订单里出现过的编号。",
                "Everyone in the customers table is a customer of the shop, also those who have not bought yet. "
                "Count the customers table, not the ids that appear in the orders.",
                recompute=lambda ctx: int(paid_orders(ctx.shop.orders)["customer_id"].nunique())),
        Mistake("orders_counted", "数的是订单笔数，不是客户人数", "counted orders, not customers",
                "订单表一笔订单一行，一位客户可能有好几行；客户表才是一位客户一行（见 00b 第 1 节）。",
                "The orders table has one row per order, and a customer may have several; the customers table has "
                "one row per customer (see 00b section 1).",
                recompute=lambda ctx: len(ctx.shop.orders)),
    )
    solution_text = ("客户表的粒度是“一位客户一行”。", "The customers table has one row per customer.")

    def expected(self, shop):
        return len(shop.customers)


class PaidSales(ValueQuestion):
    var = "paid_sales"
    prompt = ("已支付订单的销售额（`amount` 之和）是多少元？", "What is the total `amount` of the paid orders (CNY)?")
    hints = [("只有 `payment_status == 'paid'` 的订单才算销售，而且要的是金额，不是笔数。",
              "Only orders with `payment_status == 'paid'` are sales, and the amounts are asked, not the count."),
             ("两步：筛选行（见 00b 第 2 节），再对 `amount` 列 `.sum()`（见 00b 第 6 节“数行数 ≠ 加金额”）。",
              "Two steps: filter the rows (see 00b section 2), then `.sum()` the `amount` column (see 00b section 6, "
              "\"counting rows is not adding amounts\")."),
             ("同样的做法用在工单上：即时通讯（im）工单的处理总时长是 "
              "`tickets[tickets['channel'] == 'im']['handle_minutes'].sum()`。",
              "The same on the tickets: the total handling time of instant-messaging tickets is "
              "`tickets[tickets['channel'] == 'im']['handle_minutes'].sum()`.")]
    solution_text = ("未支付关闭（cancelled）的订单没有成交，不计入销售额。",
                     "Cancelled (never paid) orders are not sales.")
    mistakes = (
        _slips.unpaid_kept(lambda shop: float(paid_orders(shop.orders)["amount"].sum()), see=SEE[2]),
        _slips.counted_not_summed("paid_sales", lambda shop: len(paid_orders(shop.orders)), see=SEE[6]),
        Mistake("gross_not_amount", "加的是 `gross_amount`（原价合计），不是实付金额 `amount`",
                "added up `gross_amount` (the list-price total), not the amount paid, `amount`",
                "销售额是客户实际付的钱：`amount`。数据字典 `shop.dictionary(\"orders\")` 里写着每一列的含义（见 00b 第 1 节）。",
                "Sales are what customers paid: `amount`. The data dictionary `shop.dictionary(\"orders\")` says "
                "what each column means (see 00b section 1).",
                recompute=lambda ctx: float(paid_orders(ctx.shop.orders)["gross_amount"].sum())),
    )

    def expected(self, shop):
        return float(paid_orders(shop.orders)["amount"].sum())


class OrdersPerCustomer(TableQuestion):
    var = "orders_per_customer"
    key = "customer_id"
    row_label = "customer_id"
    prompt = ("每位有过已支付订单的客户各下了几单？列：customer_id, n_orders。",
              "How many paid orders has each buying customer placed? Columns: customer_id, n_orders.")
    hints = [("先筛选已支付订单，再按客户分组，数每组有几行。", "Filter the paid orders, group them by customer, count "
              "each group's rows."),
             ("`groupby('customer_id').size()` 数每组的行数（见 00b 第 6 节）；`.rename('n_orders')` 给这一列起名，"
              "`.reset_index()` 把 customer_id 变回一列。",
              "`groupby('customer_id').size()` counts each group's rows (see 00b section 6); `.rename('n_orders')` "
              "names the column, `.reset_index()` turns customer_id back into a column."),
             ("工单上的例子：每位客户的工单数是 "
              "`shop.service_tickets.groupby('customer_id').size().rename('n_tickets').reset_index()`。",
              "An example on the tickets: tickets per customer are "
              "`shop.service_tickets.groupby('customer_id').size().rename('n_tickets').reset_index()`.")]
    mistakes = (
        _slips.groupby_object(see=SEE[6]),
        _slips.unpaid_kept(orders_per_customer, see=SEE[2], key="customer_id"),
    )

    def expected(self, shop):
        return orders_per_customer(shop)


class OrderSummary(TableQuestion):
    var = "order_summary"
    key = "customer_id"
    row_label = "customer_id"
    prompt = ("第 1 步：每位买家一行，列 customer_id, n_orders（已支付订单笔数）, total_spent（已支付金额合计）。",
              "Step 1: one row per buyer, columns customer_id, n_orders (paid orders), total_spent (total paid "
              "amount).")
    hints = [("和 q3.a 一样分组，只是每组要算两个数。", "Group as in q3.a, but compute two numbers per group."),
             ("命名汇总：`.agg(n_orders=(列, 方法), total_spent=(列, 方法))`；数行用 `\"size\"`，加金额用 "
              "`\"sum\"`（见 00b 第 6 节）。",
              "Named aggregation: `.agg(n_orders=(column, how), total_spent=(column, how))`; count rows with "
              "`\"size\"`, add amounts with `\"sum\"` (see 00b section 6)."),
             ("工单上的例子：`shop.service_tickets.groupby('customer_id').agg(n_tickets=('ticket_id', 'size'), "
              "minutes=('handle_minutes', 'sum'))`。",
              "An example on the tickets: `shop.service_tickets.groupby('customer_id').agg(n_tickets=('ticket_id', "
              "'size'), minutes=('handle_minutes', 'sum'))`.")]
    mistakes = (
        _slips.groupby_object(see=SEE[6]),
        _slips.counted_not_summed("total_spent", lambda shop: order_summary(shop).assign(
            total_spent=lambda t: t["n_orders"].astype(float))[["customer_id", "total_spent"]], see=SEE[6],
            key="customer_id"),
        _slips.unpaid_kept(order_summary, see=SEE[2], key="customer_id"),
    )

    def expected(self, shop):
        return order_summary(shop)


class WithOrders(TableQuestion):
    var = "with_orders"
    key = "customer_id"
    row_label = "customer_id"
    prompt = ("第 2 步：把 `order_summary` 接到客户表 `shop.customers[['customer_id', 'acquisition_channel']]` 上："
              "每位客户一行，没下过单的客户 n_orders 和 total_spent 是 0。",
              "Step 2: attach `order_summary` to the customers, `shop.customers[['customer_id', "
              "'acquisition_channel']]`: one row per customer, 0 in n_orders and total_spent for those who never "
              "ordered.")
    hints = [("客户表有几行，结果就该有几行；没有订单的客户也要留下。",
              "The result has as many rows as the customers table: the customers without orders stay too."),
             ("`merge(..., on='customer_id', how='left')` 保留每位客户；没有订单的客户得到 NaN，用 `.fillna(0)` "
              "补 0（见 00b 第 7 节）。连接前后比一比行数。",
              "`merge(..., on='customer_id', how='left')` keeps every customer; those without orders get NaN: "
              "`.fillna(0)` (see 00b section 7). Compare the row counts before and after."),
             ("评价上的例子：`shop.customers[['customer_id']].merge(per_customer_reviews, on='customer_id', "
              "how='left').fillna(0)`，结果和客户表一样多行。",
              "An example with the reviews: `shop.customers[['customer_id']].merge(per_customer_reviews, "
              "on='customer_id', how='left').fillna(0)` has as many rows as the customers.")]
    mistakes = (
        _slips.rows_multiplied(lambda shop: len(shop.customers), "位客户", "customer", see=SEE[7]),
        _slips.nan_not_filled(["n_orders", "total_spent"], see=SEE[7]),
        _slips.inner_join(lambda shop: with_orders(shop, how="inner"), see=SEE[7], key="customer_id"),
        _slips.unpaid_kept(with_orders, see=SEE[2], key="customer_id"),
    )

    def expected(self, shop):
        return with_orders(shop)


class Overview(TableQuestion):
    var = "overview"
    key = "customer_id"
    row_label = "customer_id"
    sort_by = "total_spent"
    ascending = False
    prompt = ("客户总览表：每位客户一行（包括没有下单的），列 customer_id, acquisition_channel, n_orders, total_spent, "
              "n_tickets，按 total_spent 降序。",
              "Customer overview: one row per customer (also those without orders), columns customer_id, "
              "acquisition_channel, n_orders, total_spent, n_tickets, sorted by total_spent descending.")
    hints = [("从第 2 步的 `with_orders` 出发，用同样的办法接上每位客户的工单数，最后排序。",
              "Start from step 2's `with_orders`, attach each customer's number of tickets the same way, then "
              "sort."),
             ("工单数：`groupby('customer_id').size()`（00b 第 6 节）；左连接 `how='left'` 再 `.fillna(0)`"
              "（00b 第 7 节）；`sort_values('total_spent', ascending=False)` 从大到小（00b 第 3 节）。",
              "Tickets: `groupby('customer_id').size()` (00b section 6); left join `how='left'`, then `.fillna(0)` "
              "(00b section 7); `sort_values('total_spent', ascending=False)` for largest first (00b section 3)."),
             ("00b 第 7 节的例子：`per = shop.reviews.groupby('customer_id').agg(n_reviews=('review_id', 'size'))`，"
              "`shop.customers[['customer_id']].merge(per, on='customer_id', how='left').fillna(0)`，"
              "再 `.sort_values('n_reviews', ascending=False)`。",
              "00b section 7's example: `per = shop.reviews.groupby('customer_id').agg(n_reviews=('review_id', "
              "'size'))`, `shop.customers[['customer_id']].merge(per, on='customer_id', how='left').fillna(0)`, then "
              "`.sort_values('n_reviews', ascending=False)`.")]
    solution_text = ("左连接保留了所有客户，这正是 CRM 的“客户信息整合”：一张表看到一位客户的购买和服务。",
                     "The left join keeps every customer: integrating a customer's purchases and service contacts in "
                     "one table is what a CRM system does.")
    mistakes = (
        _slips.rows_multiplied(lambda shop: len(shop.customers), "位客户", "customer", see=SEE[7]),
        _slips.nan_not_filled(["n_orders", "total_spent", "n_tickets"], see=SEE[7]),
        _slips.inner_join(lambda shop: customer_overview(shop, how="inner"), see=SEE[7], key="customer_id"),
        _slips.sorted_ascending("total_spent", see=SEE[3]),
        _slips.unpaid_kept(customer_overview, see=SEE[2], key="customer_id"),
    )

    def expected(self, shop):
        return customer_overview(shop)


class Q3(MultipartQuestion):
    prompt = ("把客户、订单和工单连起来（四小步：q3.a, q3.b1, q3.b2, q3.b）。",
              "Link customers, orders and tickets (four small steps: q3.a, q3.b1, q3.b2, q3.b).")
    parts = {"a": OrdersPerCustomer, "b1": OrderSummary, "b2": WithOrders, "b": Overview}


class RepeatRate(FunctionQuestion):
    var = "repeat_rate"
    prompt = ("写函数 `repeat_rate(orders)` 计算重复购买率：有过已支付订单的客户中，已支付订单不少于 2 笔的客户所占的比例"
              "（0 到 1）。",
              "Write `repeat_rate(orders)`, the repeat purchase rate: among customers with a paid order, the share "
              "with 2 or more paid orders (0 to 1).")
    hints = [("分母是有过已支付订单的客户，分子是其中已支付订单不少于 2 笔的客户：先筛选，再按客户数订单。",
              "The denominator is the customers with a paid order, the numerator those of them with 2 or more: "
              "filter first, then count orders per customer."),
             ("`groupby('customer_id').size()` 数出每位客户的订单数（00b 第 6 节）；对这个 Series 写一个条件得到 "
              "True/False，它的平均值就是比例。没有已支付订单时返回 0.0。",
              "`groupby('customer_id').size()` counts each customer's orders (00b section 6); a condition on that "
              "Series gives True/False, whose mean is the share. Return 0.0 when there are no paid orders."),
             ("工单上的例子：有 3 张及以上工单的客户占比是 "
              "`(shop.service_tickets.groupby('customer_id').size() >= 3).mean()`。",
              "An example on the tickets: the share of customers with 3 or more tickets is "
              "`(shop.service_tickets.groupby('customer_id').size() >= 3).mean()`.")]

    def reference(self, orders):
        return repeat_rate(orders)

    mistakes = (
        _slips.function_slip(
            "unpaid_kept", "在函数里忘了筛选已支付订单：未支付关闭（cancelled）的订单也算进了每位客户的订单数",
            "forgot the paid filter inside the function: cancelled (never paid) orders count towards each customer's "
            "orders", "函数拿到的是全部订单；第一步先留下 payment_status == \"paid\" 的行，再按客户数订单（见 00b 第 2 节）。",
            "The function receives every order; first keep the rows with payment_status == \"paid\", then count "
            "per customer (see 00b section 2).",
            lambda orders: _repeat_share(orders), repeat_rate, _repeat_cases),
        _slips.function_slip(
            "more_than_two", "把“2 笔及以上”写成了“多于 2 笔”（`> 2`）", "wrote \"more than 2\" (`> 2`) for \"2 or more\"",
            "“≥ 2”包括恰好 2 笔的客户，他们正是回来买了第二次的人；想一想 `>` 和 `>=` 在 2 上的差别。",
            "\"2 or more\" includes the customers with exactly 2 orders, the very ones who came back once; think "
            "what `>` and `>=` do at 2.",
            lambda orders: _repeat_share(paid_orders(orders), at_least=3), repeat_rate,
            _repeat_cases),
    )

    def cases(self, shop):
        return _repeat_cases(shop)


class BestChannel(ChoiceQuestion):
    var = "best_channel"
    prompt = ("哪个获客渠道带来的客户，人均已支付销售额最高？", "Which acquisition channel's customers bring the most paid "
              "sales per customer acquired?")
    options = {"A": ("老客推荐 referral", "referral"), "B": ("广告 ads", "advertising (ads)"),
               "C": ("销售人员 sales_staff", "sales staff"), "D": ("客服人员 service_staff", "service staff"),
               "E": ("自然流量 organic", "organic")}
    hints = [("按渠道把销售额加总，再除以该渠道的客户数（不是订单数）。",
              "Sum sales by channel, then divide by the channel's number of customers (not orders)."),
             ("用 q3.b 的 `overview`（每位客户一行，没下单的客户也在）：按 `acquisition_channel` 分组，对 `total_spent` "
              "求平均（00b 第 6 节），再看哪个渠道最大。",
              "Use `overview` from q3.b (one row per customer, non-buyers too): group by `acquisition_channel`, "
              "average `total_spent` (00b section 6) and see which channel is largest."),
             ("同样的做法：哪个渠道的客户人均工单最多，看 `overview.groupby('acquisition_channel')['n_tickets'].mean()`。",
              "The same way: which channel's customers open the most tickets each is in "
              "`overview.groupby('acquisition_channel')['n_tickets'].mean()`.")]

    def expected(self, shop):
        best = customer_overview(shop).groupby("acquisition_channel")["total_spent"].mean().idxmax()
        return {v: k for k, v in CHANNELS.items()}[best]

    def explain(self, letter, shop=None):
        """The option's own sales per customer and its rank; a note when it only has the largest total."""
        shop = self.shop() if shop is None else shop
        by_channel = customer_overview(shop).groupby("acquisition_channel")["total_spent"]
        per_head, total = by_channel.mean(), by_channel.sum()
        channel, (zh_name, en_name) = CHANNELS[letter], self.options[letter]
        if channel not in per_head.index:
            return (f"你的商店里没有从“{zh_name}”来的客户。", f"No customer of your shop came by {en_name}.")
        rank, n, gap = rank_among(per_head, channel)
        where_zh, where_en = rank_words(rank, n, ("渠道", "channels"))
        zh = (f"“{zh_name}”的客户人均已支付销售额是 {per_head[channel]:,.2f} 元，{where_zh}，"
              f"比最高的渠道少 {gap:,.2f} 元。")
        en = (f"Customers from {en_name} bring {per_head[channel]:,.2f} CNY of paid sales each; the channel "
              f"{where_en}, {gap:,.2f} CNY below the best.")
        if total.idxmax() == channel:
            zh = f"“{zh_name}”的已支付销售额总和最高，但那是因为它带来的客户多；题目问的是人均（总额 ÷ 客户数）。" + zh
            en = (f"The {en_name} channel has the largest total of paid sales because it brings many customers; the "
                  f"question asks per customer (total ÷ customers). {en}")
        return zh, en


class Cac(ValueQuestion):
    var = "cac"
    prompt = ("平均每位客户的获客成本（客户表 `acquisition_cost` 列的平均值）是多少元？",
              "What is the mean acquisition cost per customer (the mean of the customers' `acquisition_cost`)?")
    hints = [("获客成本记在客户表里，每位客户一个数；题目要它们的平均值。",
              "The acquisition cost is in the customers table, one figure per customer; the question asks for their "
              "mean."),
             ("取出 `acquisition_cost` 这一列（`表['列名']`），再用 `.mean()` 求平均（00b 第 6 节）。",
              "Take the `acquisition_cost` column (`table['column']`) and average it with `.mean()` (00b section 6)."),
             ("同样的做法：客户的平均年龄是 `shop.customers['age'].mean()`。",
              "The same way: the customers' mean age is `shop.customers['age'].mean()`.")]

    mistakes = (
        _slips.median_not_mean(lambda shop: shop.customers["acquisition_cost"], see=SEE[6]),
        Mistake("summed_not_averaged", "把所有客户的获客成本加起来了，没有求平均",
                "added up every customer's acquisition cost instead of averaging it",
                "题目问的是平均每位客户花多少：总和还要除以客户数，`.mean()` 一步就做到（见 00b 第 6 节）。",
                "The question asks what one customer costs on average: the total still has to be divided by the "
                "number of customers, which `.mean()` does in one step (see 00b section 6).",
                recompute=lambda ctx: float(ctx.shop.customers["acquisition_cost"].sum())),
        Mistake("per_buyer", "用获客总成本除以了买家人数（只算下过单的客户）",
                "divided the total acquisition cost by the number of buyers only",
                "获客成本记在每一位获取到的客户身上，没下过单的客户也花了获客的钱；平均值要在全部客户上求。",
                "Acquisition cost is spent on every customer acquired, also those who never ordered; average over "
                "all customers.",
                recompute=lambda ctx: float(ctx.shop.customers["acquisition_cost"].sum()
                                            / paid_orders(ctx.shop.orders)["customer_id"].nunique())),
    )

    def expected(self, shop):
        return float(shop.customers["acquisition_cost"].mean())


class Lapsed(ValueQuestion):
    var = "n_lapsed"
    prompt = (f"有多少位买过东西的客户，在数据期末前 {LAPSE_DAYS} 天内没有任何已支付订单（流失迹象）？",
              f"How many buying customers have no paid order in the last {LAPSE_DAYS} days of the data?")
    hints = [("期末是 `shop.meta['end']` 这一天结束时；先求每位客户最后一次已支付订单的时间（时间窗口见 00b 第 5 节）。",
              "The period ends at the end of day `shop.meta['end']`; find each customer's last paid order time "
              "(time windows: see 00b section 5)."),
             ("`cutoff = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - pd.Timedelta(days=180)`；"
              "数 `last < cutoff` 的客户。",
              "`cutoff = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - pd.Timedelta(days=180)`; count "
              "customers with `last < cutoff`.")]
    mistakes = (
        Mistake("window_one_day_off", "的时间窗口差了一天（用 `END - 180 天` 作界线，忘了最后一天全天都算）",
                "are one day off (the cut-off at `END - 180 days` forgets that the whole last day counts)",
                "`END = pd.Timestamp(shop.meta['end'])` 是最后一天的 0 点；窗口的终点是 `END + 1 天`，"
                "界线是终点往前 180 天（见 00b 第 5 节）。",
                "`END = pd.Timestamp(shop.meta['end'])` is midnight at the start of the last day; the window stops "
                "at `END + 1 day`, and the cut-off is 180 days before that (see 00b section 5).",
                recompute=lambda ctx: _lapsed_before(ctx.shop, pd.Timestamp(ctx.shop.meta["end"])
                                                     - pd.Timedelta(days=LAPSE_DAYS))),
        _slips.unpaid_kept(n_lapsed, see=SEE[2]),
    )

    def expected(self, shop):
        return n_lapsed(shop)


class Saving(ValueQuestion):
    var = "saving"
    rtol = 1e-4
    prompt = ("假设留住一位老客户的成本只有获取一位新客户的 1/5。如果这些流失客户全都留住了（而不是再去获取同样多的新客户），"
              "能省下多少元？", "Suppose keeping a customer costs 1/5 of acquiring one. How much would the shop save by "
              "keeping the lapsed customers instead of acquiring as many new ones?")
    hints = [("比较两笔钱：再获取同样多的新客户要花多少，留住这些流失客户要花多少；省下的是两者之差。",
              "Compare two sums: acquiring as many new customers, and keeping the lapsed ones; the saving is the "
              "difference."),
             ("获取：n_lapsed × cac；保留：每人只要 cac 的 1/5。省下 = 获取的钱 − 保留的钱。",
              "Acquiring: n_lapsed × cac; keeping costs 1/5 of cac each. Saving = acquiring − keeping."),
             ("例：40 位流失客户、cac 30 元、保留成本是获取的 1/3：40 × 30 − 40 × 30 / 3 = 800 元。",
              "For example, 40 lapsed customers, cac 30 CNY, keeping at 1/3 of acquiring: 40 × 30 − 40 × 30 / 3 = "
              "800 CNY.")]
    solution_text = ("这就是“获取新客户的成本是保留老客户的 5 倍”的含义：防止流失比重新获客便宜得多。",
                     "This is the course's rule that acquiring costs five times keeping: preventing churn is far "
                     "cheaper than replacing customers.")

    mistakes = (
        Mistake("acquiring_only", "算的是重新获客要花的钱，没有减去保留他们的成本",
                "computed what acquiring as many new customers would cost, without taking off the cost of keeping",
                "省下的钱是两种做法的差：获客要花的钱 − 保留要花的钱。保留不是免费的，每人还要花获客成本的 1/5。",
                "The saving is the difference of two plans: acquiring minus keeping. Keeping is not free: it still "
                "costs 1/5 of the acquisition cost per customer.",
                recompute=lambda ctx: n_lapsed(ctx.shop) * float(ctx.shop.customers["acquisition_cost"].mean())),
        Mistake("keeping_only", "算的是保留这些客户要花的钱，不是省下的钱",
                "computed what keeping the customers costs, not what it saves",
                "保留的成本（获客成本的 1/5）只是其中一笔；省下的是获客要花的钱减去这一笔。",
                "The cost of keeping (1/5 of the acquisition cost) is only one of the sums; the saving is acquiring "
                "minus that.",
                recompute=lambda ctx: n_lapsed(ctx.shop) * float(ctx.shop.customers["acquisition_cost"].mean())
                / ACQUIRE_VS_KEEP),
        Mistake("cac_as_keeping", "把 cac 当成了保留一位客户的成本（获客 = 5 × cac）",
                "took cac for the cost of keeping a customer (acquiring = 5 × cac)",
                "cac 是获取一位新客户的成本；保留一位客户只要它的 1/5，而不是反过来。",
                "cac is the cost of acquiring a customer; keeping one costs a fifth of it, not the other way round.",
                recompute=lambda ctx: n_lapsed(ctx.shop) * float(ctx.shop.customers["acquisition_cost"].mean())
                * (ACQUIRE_VS_KEEP - 1)),
        Mistake("lapsed_count_off", "用的流失客户数和 q6.b 的正确答案不一样（时间窗口差一天，或算进了未支付订单）",
                "used a number of lapsed customers that differs from q6.b's right answer (a window one day off, or "
                "unpaid orders kept)",
                "这一步的算法没问题，问题出在上一步：先让 q6.b 通过检查，再用它的 n_lapsed 算省下的钱。",
                "This step's formula is fine, the count is not: get q6.b to pass first, then use its n_lapsed.",
                detect=lambda answer, ctx: any(
                    matches(answer, n * float(ctx.shop.customers["acquisition_cost"].mean())
                            * (1 - 1 / ACQUIRE_VS_KEEP))
                    for n in {_lapsed_before(ctx.shop, pd.Timestamp(ctx.shop.meta["end"])
                                             - pd.Timedelta(days=LAPSE_DAYS)),
                              n_lapsed(_slips.all_paid(ctx.shop))} - {n_lapsed(ctx.shop)})),
    )

    def expected(self, shop):
        return n_lapsed(shop) * float(shop.customers["acquisition_cost"].mean()) * (1 - 1 / ACQUIRE_VS_KEEP)


class Q6(MultipartQuestion):
    prompt = ("获客与保留：算一笔账。", "Acquiring versus keeping customers: a what-if.")
    parts = {"a": Cac, "b": Lapsed, "c": Saving}


class Schema(DesignQuestion):
    var = "schema_sql"
    prompt = ("用 SQL 设计 CRM 系统最小的客户数据库：表 customers(customer_id, name)、orders(order_id, customer_id, "
              "amount)、service_tickets(ticket_id, customer_id)，写出主键和外键。",
              "Design the smallest CRM customer database in SQL: customers(customer_id, name), orders(order_id, "
              "customer_id, amount), service_tickets(ticket_id, customer_id), with primary and foreign keys.")
    rules = [has_table("customers", ["customer_id", "name"]),
             has_table("orders", ["order_id", "customer_id", "amount"]),
             has_table("service_tickets", ["ticket_id", "customer_id"]),
             has_primary_key("customers", "customer_id"),
             has_primary_key("orders", "order_id"),
             has_primary_key("service_tickets", "ticket_id"),
             has_foreign_key("orders", "customer_id", "customers", "customer_id"),
             has_foreign_key("service_tickets", "customer_id", "customers", "customer_id")]
    hints = [("主键：`customer_id INTEGER PRIMARY KEY`；外键：`customer_id INTEGER REFERENCES customers(customer_id)`。",
              "Primary key: `customer_id INTEGER PRIMARY KEY`; foreign key: "
              "`customer_id INTEGER REFERENCES customers(customer_id)`.")]


class Relationship(ReflectionQuestion):
    var = "reflection"
    prompt = ("这家店和客户之间是哪种关系类型（基本型、被动型、负责型、能动型、伙伴型）？用你算出的数字说明，"
              "并提出一项改进。",
              "Which relationship type (basic, passive, accountable, proactive, partnership) does the shop have with "
              "its customers? Support it with your numbers and propose one improvement.")
    solution_text = ("好的回答会：引用复购率和流失客户数；注意工单多说明客户主动联系（被动型）；"
                     "提出主动回访或会员计划，走向能动型/伙伴型关系。",
                     "A good answer cites the repeat rate and the lapsed customers; notes that customers mostly "
                     "contact the shop themselves (passive); proposes follow-ups or a membership plan to move "
                     "towards a proactive/partnership relationship.")


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
                          "Passive waits for the customer to call; here the shop calls."),
                    "A": ("基本型卖出商品后就不再联系；这里店铺在签收之后还主动打了电话。",
                          "Basic means no contact after the sale; here the shop calls after the delivery."),
                    "E": ("伙伴型是与客户长期、持续地合作，帮助客户成功；售后一次回访还谈不上持续合作。",
                          "Partnership is a long, continuous collaboration that helps the customer succeed; one call "
                          "after the sale is not yet a partnership.")}
    hints = [("关键：谁主动？多久一次？目的是了解满意度。", "Who takes the initiative, how often, and the aim is to "
              "check satisfaction.")]


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
    explanations = {"A": ("客户信息管理是收集、整理和更新客户资料；会员等级和积分的目的不是记录信息，而是让客户一次次回来。",
                          "Customer information management collects, sorts and updates customer data; tiers and "
                          "points are not there to record data but to bring customers back again and again."),
                    "B": ("满意是客户对一次购买的感受，满意的客户不一定再来；会员等级和积分针对的是“反复购买”这种行为。",
                          "Satisfaction is how one purchase felt, and a satisfied customer need not come back; tiers "
                          "and points target buying again and again."),
                    "D": ("客户服务管理是在售前、售中、售后解答和处理客户的问题；会员等级和积分不是为某一次购买服务，"
                          "而是奖励客户一次次回来。",
                          "Customer service management answers and solves customers' problems before, during and "
                          "after a sale; tiers and points do not serve one purchase, they reward coming back.")}


class Aov(ValueQuestion):
    var = "aov"
    prompt = ("已支付订单的平均金额（客单价，`amount` 的平均值）是多少元？",
              "What is the mean amount of a paid order (average order value, mean `amount`)?")
    hints = [("客单价 = 已支付订单的平均金额：只看已支付订单。", "The average order value is the mean amount of a paid order: "
              "paid orders only."),
             ("先筛选 `payment_status == 'paid'` 的订单（00b 第 2 节），再对 `amount` 这一列 `.mean()`。",
              "Keep the orders with `payment_status == 'paid'` (00b section 2), then `.mean()` the `amount` column."),
             ("同样的做法：已支付订单平均每单几件商品是 `paid['items'].mean()`。",
              "The same way: the mean number of items in a paid order is `paid['items'].mean()`.")]

    mistakes = (
        _slips.unpaid_kept(lambda shop: float(paid_orders(shop.orders)["amount"].mean()), see=SEE[2]),
        _slips.median_not_mean(lambda shop: paid_orders(shop.orders)["amount"], see=SEE[6]),
        Mistake("per_customer", "用销售额除以了买家人数：那是人均消费，不是客单价",
                "divided the sales by the number of buyers: that is spend per customer, not the average order value",
                "客单价是每一笔订单的平均金额，分母是订单笔数；一位客户可能下了好几单。",
                "The average order value is per order, so the denominator is the number of orders; one customer may "
                "place several.",
                recompute=lambda ctx: float(paid_orders(ctx.shop.orders)["amount"].sum()
                                            / paid_orders(ctx.shop.orders)["customer_id"].nunique())),
    )

    def expected(self, shop):
        return float(paid_orders(shop.orders)["amount"].mean())


class ExtraSales(ValueQuestion):
    var = "extra_sales"
    prompt = (f"客服本周能联系 {N_CONTACTS} 个人。向老客户推销的成功率约 {P_EXISTING:.0%}，向新客户约 {P_NEW:.0%}。"
              f"每次成功带来一笔客单价 `aov` 的订单。联系老客户比联系新客户多带来多少销售额？",
              f"Service staff can contact {N_CONTACTS} people this week. Selling to an existing customer succeeds "
              f"about {P_EXISTING:.0%} of the time, to a new one about {P_NEW:.0%}; each success is one order of "
              f"`aov`. How much more do {N_CONTACTS} contacts with existing customers sell than with new ones?")
    hints = [("每联系一个人的期望销售额 = 成功的概率 × 客单价；比较联系老客户和联系新客户两种做法。",
              "Each contact is expected to sell chance of success × aov; compare contacting existing with new "
              "customers."),
             ("老客户：人数 × 老客户的成功率 × aov；新客户同理，用新客户的成功率；题目要两者之差。",
              "Existing: contacts × the existing customers' success rate × aov; new likewise with the new customers' "
              "rate; the question asks for the difference."),
             ("例：联系 100 人、成功率 40% 对 10%、客单价 50 元：100 × 0.4 × 50 − 100 × 0.1 × 50 = 1,500 元。",
              "For example, 100 contacts, success 40% against 10%, aov 50 CNY: 100 × 0.4 × 50 − 100 × 0.1 × 50 = "
              "1,500 CNY.")]

    mistakes = (
        Mistake("existing_only", "算的是联系老客户带来的销售额，没有减去联系新客户的",
                "computed what contacting existing customers sells, without taking off what new customers would buy",
                "题目问“多带来多少”：两种做法各算一个期望销售额，再相减。",
                "The question asks how much more: compute the expected sales of each plan, then subtract.",
                recompute=lambda ctx: N_CONTACTS * P_EXISTING * float(paid_orders(ctx.shop.orders)["amount"].mean())),
        Mistake("percent_not_share", "把成功率当成了 50 和 15 来乘（没有换成 0.50 和 0.15）",
                "multiplied by 50 and 15 instead of 0.50 and 0.15",
                "50% 是 0.50：概率要写成 0 到 1 之间的小数，期望销售额 = 人数 × 概率 × 客单价。",
                "50% is 0.50: a chance is a number between 0 and 1, and expected sales = contacts × chance × aov.",
                recompute=lambda ctx: N_CONTACTS * (P_EXISTING - P_NEW) * 100
                * float(paid_orders(ctx.shop.orders)["amount"].mean())),
        _slips.unpaid_kept(lambda shop: N_CONTACTS * (P_EXISTING - P_NEW)
                           * float(paid_orders(shop.orders)["amount"].mean()), see=SEE[2]),
    )

    def expected(self, shop):
        return N_CONTACTS * (P_EXISTING - P_NEW) * float(paid_orders(shop.orders)["amount"].mean())


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
    hints = [("第一年（t = 0）客户一定在；之后每年都要再“留下来”一次，所以第 t 年还在的概率是 r^t。",
              "In the first year (t = 0) the customer is surely there; every later year they must stay once more, "
              "so they are still there in year t with probability r^t."),
             ("期望毛利 = 每年的毛利 × 那一年还在的概率，把 years 年加起来：`range(years)` 给出 t = 0 … years − 1，"
              "`**` 是乘方，`sum(...)` 求和。",
              "Expected profit = each year's margin × the chance of still being there, added up over the years: "
              "`range(years)` gives t = 0 ... years − 1, `**` is a power, `sum(...)` adds up."),
             ("例：毛利 100、保留率 0.5、3 年：100 × (1 + 0.5 + 0.25) = 175。",
              "For example, margin 100, retention 0.5, 3 years: 100 × (1 + 0.5 + 0.25) = 175.")]

    def reference(self, margin, retention, years=YEARS):
        return lifetime_profit(margin, retention, years)

    mistakes = (
        _slips.function_slip(
            "starts_at_one", "从 r¹ 加起（t = 1 … years），漏了第一年（t = 0）", "summed from r¹ (t = 1 ... years) and "
            "left out the first year (t = 0)",
            "第一年客户一定在，这一年的毛利不打折：r⁰ = 1。`range(years)` 给出的正是 0 … years − 1。",
            "In the first year the customer is surely there, so its margin counts in full: r⁰ = 1. `range(years)` "
            "gives exactly 0 ... years − 1.",
            lambda margin, retention, years=YEARS: float(margin * sum(retention ** t for t in range(1, years + 1))),
            lifetime_profit, _lifetime_cases),
        _slips.function_slip(
            "one_year_too_many", "多加了一年（t = 0 … years，一共 years + 1 项）", "added one year too many (t = 0 "
            "... years, years + 1 terms)",
            "years 年就是 years 项：t 从 0 数到 years − 1。数一数 `range(...)` 给出几个数。",
            "years years are years terms: t runs from 0 to years − 1. Count how many numbers your `range(...)` "
            "gives.",
            lambda margin, retention, years=YEARS: float(margin * sum(retention ** t for t in range(years + 1))),
            lifetime_profit, _lifetime_cases),
    )

    def cases(self, shop):
        return _lifetime_cases(shop)


class Retention(ValueQuestion):
    var = "retention"
    prompt = ("客户保留率：数据第一年（2023 年）有已支付订单的客户中，第二年（2024 年）又有已支付订单的占多少？",
              "Customer retention: of the customers with a paid order in the first year of the data (2023), what "
              "share have a paid order in the second year (2024)?")
    hints = [("分母是 2023 年的买家，分子是其中 2024 年又买了的人。",
              "The denominator is 2023's buyers, the numerator those of them who bought again in 2024."),
             ("`.dt.year` 取年份；用 `set(...)` 分别得到两年的买家编号，`&` 取两个集合的交集，`len(...)` 数人数。",
              "`.dt.year` gives the year; `set(...)` the buyer ids of each year, `&` the intersection of two sets, "
              "`len(...)` the count."),
             ("评价上的例子（`r = shop.reviews`）：`y = r['review_time'].dt.year`，"
              "`a = set(r.loc[y == 2023, 'customer_id'])`，`b = set(r.loc[y == 2024, 'customer_id'])`，"
              "`len(a & b) / len(a)` 是 2023 年写过评价、2024 年又写的比例。",
              "An example on the reviews (`r = shop.reviews`): `y = r['review_time'].dt.year`, "
              "`a = set(r.loc[y == 2023, 'customer_id'])`, `b = set(r.loc[y == 2024, 'customer_id'])`, and "
              "`len(a & b) / len(a)` is the share of 2023's reviewers who reviewed again in 2024.")]

    mistakes = (
        _slips.unpaid_kept(yearly_retention, see=SEE[2]),
        Mistake("second_year_denominator", "用 2024 年的买家人数作了分母", "divided by the number of 2024's buyers",
                "客户保留率问的是“2023 年的客户里留下了多少”：分母是 2023 年的买家，分子是其中 2024 年又买了的人。",
                "Retention asks how many of 2023's customers stayed: the denominator is 2023's buyers, the numerator "
                "those of them who bought again in 2024.",
                recompute=lambda ctx: _retention_between(ctx.shop, "second_year")),
        Mistake("all_customers_denominator", "用全部客户人数作了分母", "divided by the number of all customers",
                "没在 2023 年买过的人谈不上“留下来”：分母只算 2023 年的买家。",
                "Someone who did not buy in 2023 cannot stay: the denominator counts 2023's buyers only.",
                recompute=lambda ctx: _retention_between(ctx.shop, "all_customers")),
    )

    def expected(self, shop):
        return yearly_retention(shop)


class Uplift(ValueQuestion):
    var = "profit_uplift"
    prompt = (f"如果客户保留率提高 {RETENTION_STEP * 100:.0f} 个百分点（retention + {RETENTION_STEP}），"
              f"一位客户 {YEARS} 年的期望毛利会提高百分之几？写成比例（0.12 表示 12%）。",
              f"If retention rose by {RETENTION_STEP * 100:.0f} points (retention + {RETENTION_STEP}), by what share "
              f"would a customer's expected {YEARS}-year profit rise? As a fraction (0.12 = 12%).")
    hints = [("比较两个期望毛利：保留率为 retention 时和为 retention + 0.05 时；提高的比例 = 新 ÷ 旧 − 1。",
              "Compare two expected profits, at retention and at retention + 0.05; the rise is new ÷ old − 1."),
             ("用 q12.a 的 `lifetime_profit` 算这两个数；margin 在比值里会约掉，取 1 就行。",
              "Compute both with `lifetime_profit` from q12.a; the margin cancels out in the ratio, so use 1."),
             ("例：保留率从 0.5 提到 0.6、3 年：`lifetime_profit(1, 0.6, 3) / lifetime_profit(1, 0.5, 3) - 1`，"
              "即 1.96 / 1.75 − 1 = 0.12。",
              "For example, retention from 0.5 to 0.6 over 3 years: `lifetime_profit(1, 0.6, 3) / "
              "lifetime_profit(1, 0.5, 3) - 1`, that is 1.96 / 1.75 − 1 = 0.12.")]
    solution_text = ("这个简单模型只算了“客户留得更久”。课程里“客户保留率提高 5 个百分点，利润提高 25%–85%”还包括老客户买得更多、"
                     "服务成本更低、会推荐新客户。",
                     "This simple model only counts customers staying longer. The course's '5 points more retention, "
                     "25-85% more profit' also includes loyal customers buying more, costing less to serve and "
                     "referring new customers.")

    mistakes = (
        _slips.percent_not_share(lambda shop: lifetime_profit(1.0, yearly_retention(shop) + RETENTION_STEP)
                                 / lifetime_profit(1.0, yearly_retention(shop)) - 1),
        Mistake("relative_not_points", "把“提高 5 个百分点”算成了乘以 1.05（retention × 1.05）",
                "took \"5 points more\" as multiplying by 1.05 (retention × 1.05)",
                "百分点是直接加在比例上的：保留率 0.30 提高 5 个百分点是 0.35，不是 0.30 × 1.05 = 0.315。",
                "Points are added to the share: a retention of 0.30 plus 5 points is 0.35, not 0.30 × 1.05 = 0.315.",
                recompute=lambda ctx: lifetime_profit(1.0, yearly_retention(ctx.shop) * (1 + RETENTION_STEP))
                / lifetime_profit(1.0, yearly_retention(ctx.shop)) - 1),
        Mistake("difference_not_ratio", "算的是两个期望毛利的差，不是提高的比例",
                "computed the difference of the two expected profits, not the rise as a share",
                "提高的比例 = 新 ÷ 旧 − 1；差值的大小取决于 margin，比例才和 margin 无关。",
                "The rise as a share is new ÷ old − 1; a difference depends on the margin, the share does not.",
                recompute=lambda ctx: lifetime_profit(1.0, yearly_retention(ctx.shop) + RETENTION_STEP)
                - lifetime_profit(1.0, yearly_retention(ctx.shop))),
    )

    def expected(self, shop):
        r = yearly_retention(shop)
        return lifetime_profit(1.0, r + RETENTION_STEP) / lifetime_profit(1.0, r) - 1


class Q12(MultipartQuestion):
    prompt = ("客户保留率提高 5 个百分点，值多少钱？", "What are 5 more points of retention worth?")
    parts = {"a": LifetimeProfit, "b": Retention, "c": Uplift}


# -- CRM 的作用, the three gains, online consumers' psychological traits, the case ----------------
GAINS = {"A": ("价值收益", "value gains"), "B": ("品牌收益", "brand gains"), "C": ("关系收益", "relationship gains")}
_WHY_GAIN = {
    "A": ("价值收益是直接算得出的钱：客户买得更多、更常回来，营销和服务成本更低；",
          "Value gains are money you can count directly: customers buy more and more often, marketing and "
          "service cost less; "),
    "B": ("品牌收益是客户对品牌的认同和口碑：好评多了（美誉度），直接点名找这家店的人多了（指名度）；",
          "Brand gains are customers' regard for the brand and their word of mouth: more praise (reputation), more "
          "people asking for the shop by name (nomination); "),
    "C": ("关系收益来自长期稳定的关系：客户信任店铺，出了小问题也不走，流失更少；",
          "Relationship gains come from a long, steady relationship: customers trust the shop, stay through a small "
          "problem, fewer are lost; "),
}


def _gain_question(var, scenario, right, wrong_tail):
    """A choice among the three gains of CRM; each wrong gain says what it is and what the scenario lacks."""
    class Gain(ChoiceQuestion):
        pass
    Gain.var = var
    Gain.prompt = (f"{scenario[0]}这主要是 CRM 带来的哪种收益？", f"{scenario[1]} Which gain of CRM is this mainly?")
    Gain.options = GAINS
    Gain.answer = right
    Gain.explanations = {k: (_WHY_GAIN[k][0] + wrong_tail[0], _WHY_GAIN[k][1] + wrong_tail[1])
                         for k in GAINS if k != right}
    Gain.hints = [("先问：这里变化的是钱和成本、别人对店铺的看法，还是客户和店铺之间的信任？",
                   "First ask: what changed here: money and costs, how others see the shop, or the trust between "
                   "customer and shop?")]
    return Gain


BenefitValue = _gain_question(
    "gain_a", ("林晓给老客户做了签收回访。半年后，回访过的老客户平均每单多买了一件商品，客服处理每单的成本也降了下来。",
               "Lin Xiao calls old customers after delivery. Six months later, those she called buy one more item per "
               "order on average, and service costs per order are down."),
    "A", ("这里变化的是每单多买的商品和降下来的成本，都是直接的钱。",
          "what changed here is items per order and a lower cost, both plain money."))
BenefitBrand = _gain_question(
    "gain_b", ("青禾生活馆的好评越来越多，平台上直接搜索“青禾生活馆”进店的人也多了。",
               "Qinghe Living's good reviews keep growing, and more people find it on the marketplace by searching "
               "its name."),
    "B", ("这里变化的是别人对店铺的评价和点名找店的人数，是品牌在客户心中的位置。",
          "what changed here is how people rate the shop and how many ask for it by name: the brand's place in "
          "customers' minds."))
BenefitRelationship = _gain_question(
    "gain_c", ("一位买了两年的老客户碰上一次发货延误，没有给差评，也没有转去别家，下个月照样回来买。",
               "A customer of two years meets a late delivery, leaves no bad review, does not switch shops and buys "
               "again next month."),
    "C", ("这里是一位客户在出问题时仍然信任店铺、没有流失，这是长期关系的回报。",
          "here one customer keeps trusting the shop through a problem and is not lost: the return of a long "
          "relationship."))


class Q13(MultipartQuestion):
    prompt = ("CRM 的三种收益：价值收益、品牌收益、关系收益", "CRM's three gains: value, brand and relationship gains")
    parts = {"a": BenefitValue, "b": BenefitBrand, "c": BenefitRelationship}


class ConsumerPsychology(ChoiceQuestion):
    var = "psychology"
    prompt = ("下面哪一项**不是**电子商务环境下消费者的消费心理特征？",
              "Which of these is **not** a psychological trait of consumers shopping online?")
    options = {"A": ("追求个性化：希望商品、推荐和服务都针对自己", "wanting things personal: products, recommendations "
                     "and service made for them"),
               "B": ("追求方便快捷：随时随地用手机下单，回复慢了就走", "wanting speed and convenience: ordering by "
                     "phone any time, leaving when answers are slow"),
               "C": ("乐于比较和分享：下单前比价、看评价，收货后晒单、写评价", "comparing and sharing: checking prices "
                     "and reviews before buying, posting photos and reviews after"),
               "D": ("只认一家店：很少比较其他店铺，也不看别人的评价", "sticking to one shop: rarely comparing shops "
                     "and ignoring other people's reviews"),
               "E": ("偏好变得更快：今天流行的东西，下个季度就可能没人要", "tastes changing faster: what is in fashion "
                     "today may be unwanted next season")}
    answer = "D"
    explanations = {
        "A": ("网上的客户看惯了“猜你喜欢”，希望被当作一个具体的人来对待，这正是网购客户的心理特征，CRM 才要做细分和个性化推荐。",
              "Online shoppers are used to 'picked for you' and expect to be treated as persons: a real trait of "
              "online shoppers, which is why CRM segments and personalises."),
        "B": ("手机下单、几秒钟等不到回复就关掉页面，是网购客户追求方便快捷的表现，所以客服响应速度这么重要。",
              "Ordering by phone and closing the page when no answer comes within seconds is the online shopper's "
              "wish for convenience: that is why response time matters so much."),
        "C": ("网上比价只要几秒，评价和晒单随处可见，客户乐于比较和分享，这是网购的典型心理，也是评价管理和口碑的来源。",
              "Comparing prices online takes seconds and reviews are everywhere: shoppers like to compare and share, "
              "a typical online trait and the root of review management and word of mouth."),
        "E": ("网上信息多、新品出得快，客户的偏好跟着变得快，这是网购客户的特征，所以客户资料要及时更新。",
              "With so much information and so many new products online, tastes change quickly: a trait of online "
              "shoppers, which is why customer records must be kept up to date."),
    }
    hints = [("网上一键就能打开另一家店，也能看到所有人的评价。这样的环境会让客户更专一，还是更爱比较？",
              "Online, another shop is one click away and everyone's reviews are visible. Does that make customers "
              "more faithful, or more eager to compare?")]


class CrmRole(ChoiceQuestion):
    var = "crm_role"
    prompt = ("周明问林晓：“CRM 对我们店到底有什么用？”哪一句最准确地说出了 CRM 的作用？",
              "Zhou Ming asks Lin Xiao: 'What does CRM actually do for our shop?' Which sentence best states what CRM "
              "does for a firm?")
    options = {"A": ("买一套 CRM 软件装上，销量就会自己涨上来", "install CRM software and sales will rise by themselves"),
               "B": ("提高客户满意度和忠诚度，降低管理和营销成本，让店铺和客户双赢，形成对手不易模仿的优势",
                     "raise satisfaction and loyalty, lower management and marketing costs, let shop and customers "
                     "both win, and build an edge rivals cannot easily copy"),
               "C": ("把广告预算全部转给老客户，从此不再开发新客户", "move the whole ad budget to old customers and "
                     "stop winning new ones"),
               "D": ("尽可能多地收集客户的个人信息，收得越多越好", "collect as much personal information about "
                     "customers as possible: the more the better")}
    answer = "B"
    explanations = {
        "A": ("这是把 CRM 只当成技术系统。没有以客户为中心的理念和相应的商务模式，软件只是一个昂贵的通讯录。",
              "This takes CRM for the technical system only. Without the customer-centred idea and the business "
              "model around it, the software is an expensive address book."),
        "C": ("CRM 的目标是获取、保留客户并提升客户价值：留住老客户更划算，但不等于放弃新客户，流失总会发生，需要新客户补上。",
              "CRM aims to win, keep and grow customers: keeping customers pays better, but that does not mean "
              "giving up new ones; some customers are always lost and must be replaced."),
        "D": ("CRM 需要客户信息，但收集要合法、正当、必要，只收用得上的；收得越多，泄露的风险和管理成本越大。",
              "CRM needs customer information, but collecting it must be lawful, fair and necessary, only what is "
              "used; more data means more risk of leaks and more cost."),
    }
    hints = [("回想 CRM 的三个层面：理念、商务模式、技术系统。一句只讲到其中一层的话，说不全 CRM 的作用。",
              "Recall CRM's three levels: idea, business model, technical system. A sentence about only one of them "
              "cannot state what CRM does.")]


class CaseWebsite(ReflectionQuestion):
    var = "case_notes"
    prompt = ("案例讨论：一个连年亏损的网站以 100 万美元成交，因为它有 100 万注册用户。写下你对讨论问题 1–3 的要点。",
              "Case discussion: a website that lost money year after year sold for 1 million dollars because it had "
              "1 million registered users. Write your points on discussion questions 1-3.")
    solution_text = ("讨论要点：（1）买方买到的是客户关系的可能性，不是一百万个客户；注册用户只有活跃、愿意再买时才是客户。"
                     "（2）要看活跃用户数、复购率、客户价值和获客成本，就像 L1 的客户总览表：买过、常回来、花得多的客户才是资产。"
                     "（3）用户资料不能随便转卖，转移个人信息要有合法依据并告知用户（《个人信息保护法》）。"
                     "结论：价值在关系而不在记录；CRM 同时是理念、商务模式和技术系统，只买名单或只买软件都不够。",
                     "Points: (1) the buyer bought a chance at relationships, not a million customers; a registered user "
                     "is a customer only when active and willing to buy again. (2) Look at active users, repeat rate, "
                     "customer value and acquisition cost, as in L1's customer overview: customers who bought, come "
                     "back and spend are the assets. (3) User data cannot simply be sold on; transferring personal "
                     "information needs a legal basis and telling the users (Personal Information Protection Law). "
                     "Conclusion: the value is in the relationship, not the records; CRM is an idea, a business model "
                     "and a technical system, and buying a list or software alone is not enough.")


__all__ = bind(globals(), [CustomerCount, PaidSales, Q3, RepeatRate, BestChannel, Q6, Schema, Relationship,
                           RelationshipType, CrmContent, Q11, Q12, Q13, ConsumerPsychology, CrmRole, CaseWebsite]) + ["____", "explain_error"]
