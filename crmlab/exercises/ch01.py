"""Chapter 1 exercises: a tour of the shop's tables, a customer overview, and the
cost of acquiring versus keeping customers (第一章：客户关系管理概述).

``from crmlab.exercises.ch01 import *`` gives ``q1`` ... ``q8`` and the blank ``____``.

====  =======================  ===========================================================
q1    ValueQuestion            ``n_customers``: number of customers
q2    ValueQuestion            ``paid_sales``: total amount of paid orders
q3.a  TableQuestion            ``orders_per_customer``: customer_id, n_orders (paid)
q3.b  TableQuestion            ``overview``: every customer with n_orders, total_spent,
                               n_tickets, sorted by total_spent (descending)
q4    FunctionQuestion         ``repeat_rate(orders)``: share of buyers with 2+ paid orders
q5    ChoiceQuestion           the channel whose customers bring the most sales per head
q6.a  ValueQuestion            ``cac``: mean acquisition cost per customer
q6.b  ValueQuestion            ``n_lapsed``: buyers with no paid order in the last 180 days
q6.c  ValueQuestion            ``saving``: what keeping them would save (5x rule)
q7    DesignQuestion           ``schema_sql``: a customers/orders/tickets SQLite schema
q8    ReflectionQuestion       which CRM relationship type fits the shop, and why
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion,
                    TableQuestion, ValueQuestion, ____, bind)
from .design import has_foreign_key, has_primary_key, has_table

# Course figures (chapter 1): a new customer costs about 5 times as much as keeping one.
ACQUIRE_VS_KEEP = 5.0
LAPSE_DAYS = 180
CHANNELS = {"A": "referral", "B": "ads", "C": "sales_staff", "D": "service_staff", "E": "organic"}


# -- reference computations (shared by the questions; also what a grader would run) --
def paid_orders(shop) -> pd.DataFrame:
    """Only paid orders count as sales."""
    return shop.orders[shop.orders["payment_status"] == "paid"]


def orders_per_customer(shop) -> pd.DataFrame:
    return (paid_orders(shop).groupby("customer_id").size().rename("n_orders").reset_index())


def customer_overview(shop) -> pd.DataFrame:
    paid = paid_orders(shop)
    per = paid.groupby("customer_id").agg(n_orders=("order_id", "size"), total_spent=("amount", "sum"))
    tickets = shop.service_tickets.groupby("customer_id").size().rename("n_tickets")
    out = (shop.customers[["customer_id", "acquisition_channel"]]
           .merge(per, on="customer_id", how="left")
           .merge(tickets, on="customer_id", how="left"))
    out[["n_orders", "total_spent", "n_tickets"]] = out[["n_orders", "total_spent", "n_tickets"]].fillna(0)
    return out.sort_values("total_spent", ascending=False, kind="stable").reset_index(drop=True)


def repeat_rate(orders: pd.DataFrame) -> float:
    counts = orders.loc[orders["payment_status"] == "paid"].groupby("customer_id").size()
    return float((counts >= 2).mean()) if len(counts) else 0.0


def n_lapsed(shop) -> int:
    end = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1)
    last = paid_orders(shop).groupby("customer_id")["order_time"].max()
    return int((last < end - pd.Timedelta(days=LAPSE_DAYS)).sum())


# -- questions ---------------------------------------------------------------------------
class CustomerCount(ValueQuestion):
    var = "n_customers"
    prompt = ("商店一共有多少位客户？", "How many customers does the shop have?")
    hints = [("每位客户在 `shop.customers` 里占一行。", "Each customer is one row of `shop.customers`."),
             ("用 `len(...)` 数行数。", "Count rows with `len(...)`.")]
    solution_code = "n_customers = len(shop.customers)"
    solution_text = ("客户表的粒度是“一位客户一行”。", "The customers table has one row per customer.")

    def expected(self, shop):
        return len(shop.customers)


class PaidSales(ValueQuestion):
    var = "paid_sales"
    prompt = ("已支付订单的销售额（`amount` 之和）是多少元？", "What is the total `amount` of the paid orders (CNY)?")
    hints = [("只有 `payment_status == 'paid'` 的订单才算销售。", "Only orders with `payment_status == 'paid'` are sales."),
             ("先筛选，再对 `amount` 求和：`orders[orders['payment_status'] == 'paid']['amount'].sum()`",
              "Filter first, then sum `amount`: `orders[orders['payment_status'] == 'paid']['amount'].sum()`")]
    solution_code = ("orders = shop.orders\n"
                     "paid_sales = orders.loc[orders['payment_status'] == 'paid', 'amount'].sum()")
    solution_text = ("未支付关闭（cancelled）的订单没有成交，不计入销售额。",
                     "Cancelled (never paid) orders are not sales.")

    def expected(self, shop):
        return float(paid_orders(shop)["amount"].sum())


class OrdersPerCustomer(TableQuestion):
    var = "orders_per_customer"
    key = "customer_id"
    row_label = "customer_id"
    prompt = ("每位有过已支付订单的客户各下了几单？列：customer_id, n_orders。",
              "How many paid orders has each buying customer placed? Columns: customer_id, n_orders.")
    hints = [("先筛选已支付订单，再按 `customer_id` 分组计数。", "Filter paid orders, then group by `customer_id` and count."),
             ("`.groupby('customer_id').size().rename('n_orders').reset_index()`",
              "`.groupby('customer_id').size().rename('n_orders').reset_index()`")]
    solution_code = ("paid = shop.orders[shop.orders['payment_status'] == 'paid']\n"
                     "orders_per_customer = paid.groupby('customer_id').size().rename('n_orders').reset_index()")

    def expected(self, shop):
        return orders_per_customer(shop)


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
    hints = [("从 `shop.customers` 出发，用左连接（`how='left'`）接上订单和工单的汇总。",
              "Start from `shop.customers` and left-join (`how='left'`) the order and ticket summaries."),
             ("没有订单或工单的客户会得到 NaN：用 `.fillna(0)` 补 0。",
              "Customers without orders or tickets get NaN: fill with `.fillna(0)`."),
             ("订单汇总：`paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), total_spent=('amount', 'sum'))`",
              "Order summary: `paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), "
              "total_spent=('amount', 'sum'))`")]
    solution_code = """paid = shop.orders[shop.orders['payment_status'] == 'paid']
per = paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), total_spent=('amount', 'sum'))
tickets = shop.service_tickets.groupby('customer_id').size().rename('n_tickets')
overview = (shop.customers[['customer_id', 'acquisition_channel']]
            .merge(per, on='customer_id', how='left')
            .merge(tickets, on='customer_id', how='left')
            .fillna({'n_orders': 0, 'total_spent': 0, 'n_tickets': 0})
            .sort_values('total_spent', ascending=False))"""
    solution_text = ("左连接保留了所有客户，这正是 CRM 的“客户信息整合”：一张表看到一位客户的购买和服务。",
                     "The left join keeps every customer: integrating a customer's purchases and service contacts in "
                     "one table is what a CRM system does.")

    def expected(self, shop):
        return customer_overview(shop)


class Q3(MultipartQuestion):
    prompt = ("把客户、订单和工单连起来。", "Link customers, orders and tickets.")
    parts = {"a": OrdersPerCustomer, "b": Overview}


class RepeatRate(FunctionQuestion):
    var = "repeat_rate"
    prompt = ("写函数 `repeat_rate(orders)`：有过已支付订单的客户中，已支付订单 ≥ 2 的比例（0 到 1）。",
              "Write `repeat_rate(orders)`: among customers with a paid order, the share with 2 or more paid orders "
              "(0 to 1).")
    hints = [("先筛选已支付订单，再数每位客户的订单数。", "Filter paid orders, then count orders per customer."),
             ("`counts = paid.groupby('customer_id').size()`；比例是 `(counts >= 2).mean()`。",
              "`counts = paid.groupby('customer_id').size()`; the share is `(counts >= 2).mean()`."),
             ("没有已支付订单时返回 0.0。", "Return 0.0 when there are no paid orders.")]
    solution_code = """def repeat_rate(orders):
    paid = orders[orders['payment_status'] == 'paid']
    counts = paid.groupby('customer_id').size()
    return float((counts >= 2).mean()) if len(counts) else 0.0"""

    def reference(self, orders):
        return repeat_rate(orders)

    def cases(self, shop):
        tiny = pd.DataFrame({"order_id": [1, 2, 3, 4, 5], "customer_id": [1, 1, 2, 3, 3],
                             "payment_status": ["paid", "paid", "paid", "paid", "cancelled"],
                             "amount": [10.0, 20.0, 5.0, 7.0, 9.0]})
        none_paid = tiny.assign(payment_status="cancelled")
        return [(shop.orders,), (shop.orders.head(150),), (tiny,), (none_paid,)]


class BestChannel(ChoiceQuestion):
    var = "best_channel"
    prompt = ("哪个获客渠道带来的客户，人均已支付销售额最高？", "Which acquisition channel's customers bring the most paid "
              "sales per customer acquired?")
    options = {"A": ("老客推荐 referral", "referral"), "B": ("广告 ads", "advertising (ads)"),
               "C": ("销售人员 sales_staff", "sales staff"), "D": ("客服人员 service_staff", "service staff"),
               "E": ("自然流量 organic", "organic")}
    hints = [("按渠道把销售额加总，再除以该渠道的客户数（不是订单数）。",
              "Sum sales by channel, then divide by the channel's number of customers (not orders)."),
             ("用问题 q3.b 的 `overview`：`overview.groupby('acquisition_channel')['total_spent'].mean()`",
              "Use `overview` from q3.b: `overview.groupby('acquisition_channel')['total_spent'].mean()`")]
    solution_code = "customer_overview.groupby('acquisition_channel')['total_spent'].mean().idxmax()"

    def expected(self, shop):
        best = customer_overview(shop).groupby("acquisition_channel")["total_spent"].mean().idxmax()
        return {v: k for k, v in CHANNELS.items()}[best]


class Cac(ValueQuestion):
    var = "cac"
    prompt = ("平均每位客户的获客成本（`acquisition_cost` 的平均值）是多少元？",
              "What is the mean acquisition cost per customer (`acquisition_cost`)?")
    hints = [("`shop.customers['acquisition_cost'].mean()`", "`shop.customers['acquisition_cost'].mean()`")]
    solution_code = "cac = shop.customers['acquisition_cost'].mean()"

    def expected(self, shop):
        return float(shop.customers["acquisition_cost"].mean())


class Lapsed(ValueQuestion):
    var = "n_lapsed"
    prompt = (f"有多少位买过东西的客户，在数据期末前 {LAPSE_DAYS} 天内没有任何已支付订单（流失迹象）？",
              f"How many buying customers have no paid order in the last {LAPSE_DAYS} days of the data?")
    hints = [("期末是 `shop.meta['end']` 这一天结束时；先求每位客户最后一次已支付订单的时间。",
              "The period ends at the end of day `shop.meta['end']`; find each customer's last paid order time."),
             ("`cutoff = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - pd.Timedelta(days=180)`；"
              "数 `last < cutoff` 的客户。",
              "`cutoff = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - pd.Timedelta(days=180)`; count "
              "customers with `last < cutoff`.")]
    solution_code = """paid = shop.orders[shop.orders['payment_status'] == 'paid']
last = paid.groupby('customer_id')['order_time'].max()
cutoff = pd.Timestamp(shop.meta['end']) + pd.Timedelta(days=1) - pd.Timedelta(days=180)
n_lapsed = int((last < cutoff).sum())"""

    def expected(self, shop):
        return n_lapsed(shop)


class Saving(ValueQuestion):
    var = "saving"
    rtol = 1e-4
    prompt = ("假设留住一位老客户的成本只有获取一位新客户的 1/5。如果这些流失客户全都留住了（而不是再去获取同样多的新客户），"
              "能省下多少元？", "Suppose keeping a customer costs 1/5 of acquiring one. How much would the shop save by "
              "keeping the lapsed customers instead of acquiring as many new ones?")
    hints = [("获取成本：n_lapsed × cac；保留成本：n_lapsed × cac / 5。",
              "Acquiring: n_lapsed × cac; keeping: n_lapsed × cac / 5."),
             ("`saving = n_lapsed * cac * (1 - 1 / 5)`", "`saving = n_lapsed * cac * (1 - 1 / 5)`")]
    solution_code = "saving = n_lapsed * cac * (1 - 1 / 5)"
    solution_text = ("这就是“获取新客户的成本是保留老客户的 5 倍”的含义：防止流失比重新获客便宜得多。",
                     "This is the course's rule that acquiring costs five times keeping: preventing churn is far "
                     "cheaper than replacing customers.")

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
    solution_code = '''schema_sql = """
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY,
                     customer_id INTEGER NOT NULL REFERENCES customers(customer_id),
                     amount REAL);
CREATE TABLE service_tickets (ticket_id INTEGER PRIMARY KEY,
                              customer_id INTEGER REFERENCES customers(customer_id));
"""'''


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


__all__ = bind(globals(), [CustomerCount, PaidSales, Q3, RepeatRate, BestChannel, Q6, Schema, Relationship]) + ["____"]
