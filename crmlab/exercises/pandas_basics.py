"""Lesson 00b exercises: the pandas on-ramp on the shop's own tables (表格入门).

``from crmlab.exercises.pandas_basics import *`` gives ``q1`` ... ``q8``, the blank ``____``
and :func:`explain_error`. Question ``qN`` belongs to section N of the lesson.

====  =======================  ===========================================================
q1.a  ValueQuestion            ``reviews_shape``: (rows, columns) of the reviews table
q1.b  ValueQuestion            ``sentiment_col``: the reviews column with good/neutral/bad
q2.a  TableQuestion            ``paid_orders``: the paid orders
q2.b  TableQuestion            ``big_paid``: paid orders of at least 300 yuan
q3    TableQuestion            ``top_paid``: the 10 largest paid orders, largest first
q4.a  TableQuestion            ``products`` with ``margin`` and ``margin_rate``
q4.b  TableQuestion            ``products`` with ``price_band`` ("high" from 200 yuan, else "low")
q5.a  ValueQuestion            ``n_nov_tickets``: service tickets opened in November 2024
q5.b  ValueQuestion            ``n_recent_tickets``: tickets of the data's last 30 days
q6.a  ValueQuestion            ``n_buyers``: customers with at least one paid order
q6.b  TableQuestion            ``channel_sales``: paid orders and sales per ordering channel
q7    TableQuestion            ``customer_sales``: every customer with n_orders and sales
q8    DesignQuestion           ``ax``: a bar chart of customers per acquisition channel
====  =======================  ===========================================================

Every question lists its common mistakes (``mistakes``): a wrong answer that shows one
is told which, in the words of :mod:`crmlab.mistakes`. Hints go from a nudge, to the
method, to a worked example on other data; the answer itself is in ``solution()`` only.
"""

from __future__ import annotations

import pandas as pd

from .._i18n import get_locale
from ..mistakes import Mistake
from . import _slips
from ._core import DesignQuestion, MultipartQuestion, Rule, TableQuestion, ValueQuestion, ____, bind
from ._errors import explain_error
from ._feedback import Incorrect

BIG_ORDER = 300          # yuan: a "big" order (q2.b)
TOP_N = 10               # q3
HIGH_PRICE = 200         # yuan: a product from this price on is "high" (q4.b)
YEAR, MONTH = 2024, 11   # q5.a: November 2024
WINDOW_DAYS = 30         # q5.b: the data's last 30 days


# -- reference computations (also what a grader would run) ----------------------------------------
def paid_only(shop) -> pd.DataFrame:
    """The paid orders: only they are sales."""
    return shop.orders[shop.orders["payment_status"] == "paid"]


def big_paid_orders(shop, threshold=BIG_ORDER) -> pd.DataFrame:
    o = shop.orders
    return o[(o["payment_status"] == "paid") & (o["amount"] >= threshold)]


def top_paid_orders(shop, n=TOP_N) -> pd.DataFrame:
    return paid_only(shop).sort_values("amount", ascending=False, kind="stable").head(n)


def products_with_margin(shop) -> pd.DataFrame:
    p = shop.products.copy()
    p["margin"] = p["price"] - p["cost"]
    p["margin_rate"] = p["margin"] / p["price"]
    return p


def price_bands(shop, threshold=HIGH_PRICE) -> pd.DataFrame:
    p = shop.products
    return pd.DataFrame({"product_id": p["product_id"],
                         "price_band": ["high" if x >= threshold else "low" for x in p["price"]]})


def data_end(shop) -> pd.Timestamp:
    """END: midnight at the start of the data's last day (``shop.meta["end"]``)."""
    return pd.Timestamp(shop.meta["end"])


def tickets_in_month(shop, year=YEAR, month=MONTH) -> int:
    t = shop.service_tickets["created_time"]
    return int(((t.dt.year == year) & (t.dt.month == month)).sum())


def tickets_between(shop, start, stop) -> int:
    """Tickets with start <= created_time < stop."""
    t = shop.service_tickets["created_time"]
    return int(((t >= start) & (t < stop)).sum())


def recent_tickets(shop, days=WINDOW_DAYS) -> int:
    """Tickets of the last ``days`` days of the data, the last day included."""
    stop = data_end(shop) + pd.Timedelta(days=1)
    return tickets_between(shop, stop - pd.Timedelta(days=days), stop)


def n_buyers(shop) -> int:
    return int(paid_only(shop)["customer_id"].nunique())


def channel_sales(shop) -> pd.DataFrame:
    out = (paid_only(shop).groupby("channel")
           .agg(n_orders=("order_id", "size"), sales=("amount", "sum"))
           .sort_values("sales", ascending=False, kind="stable").reset_index())
    return out


def customer_sales(shop, how="left") -> pd.DataFrame:
    per = paid_only(shop).groupby("customer_id").agg(n_orders=("order_id", "size"), sales=("amount", "sum"))
    out = shop.customers[["customer_id", "member_tier"]].merge(per, on="customer_id", how=how)
    return out.fillna({"n_orders": 0, "sales": 0})


def customers_per_channel(shop) -> pd.Series:
    return shop.customers["acquisition_channel"].value_counts()


# -- section 1: looking at a table ------------------------------------------------------------------
class ReviewsShape(ValueQuestion):
    var = "reviews_shape"
    prompt = ("评价表 `shop.reviews` 有几行、几列？写成 `(行数, 列数)`。",
              "How many rows and columns does the reviews table `shop.reviews` have? As `(rows, columns)`.")
    hints = [("表的“大小”有一个现成的属性，一次给出行数和列数。",
              "A table's size is one ready-made attribute that gives rows and columns at once."),
             ("`.shape` 是属性，不加括号；它给出一个元组 `(行数, 列数)`。`len(表)` 只给行数。",
              "`.shape` is an attribute, used without parentheses; it gives a tuple `(rows, columns)`. "
              "`len(table)` gives only the rows."),
             ("订单表上的例子：`shop.orders.shape` 给出订单表的 `(行数, 列数)`，`len(shop.orders)` 只给行数。",
              "An example on the orders: `shop.orders.shape` gives the orders table's `(rows, columns)`, "
              "`len(shop.orders)` only the rows.")]
    solution_text = ("每条评价一行；列就是数据字典里列出的那些。", "One row per review; the columns are those of the "
                     "data dictionary.")
    mistakes = (
        Mistake("shape_swapped", "把行数和列数的顺序写反了", "swapped rows and columns",
                "`shape` 的顺序是先行后列：`(行数, 列数)`。", "`shape` is rows first, then columns: `(rows, columns)`.",
                recompute=lambda ctx: tuple(reversed(ctx.shop.reviews.shape))),
        Mistake("rows_only", "只给了行数", "gave only the number of rows",
                "题目要行数和列数两个数：`.shape` 一次给出两个。", "Both numbers are asked: `.shape` gives the two at "
                "once.", recompute=lambda ctx: len(ctx.shop.reviews)),
    )

    def expected(self, shop):
        return tuple(int(x) for x in shop.reviews.shape)


class SentimentColumn(ValueQuestion):
    var = "sentiment_col"
    prompt = ("评价表里，哪一列记录的是好评、中评还是差评（good / neutral / bad）？写出列名（字符串）。",
              "Which column of the reviews table says whether a review is good, neutral or bad? Give its name (a "
              "string).")
    hints = [("每一列的含义写在数据字典里。", "The data dictionary says what each column means."),
             ("`shop.dictionary(\"reviews\")` 列出评价表每一列的含义；也可以用 `.unique()` 看一列有哪些值。",
              "`shop.dictionary(\"reviews\")` lists the meaning of each column of reviews; `.unique()` shows the "
              "values of a column."),
             ("例如订单表里，记录“是否付款”的列：`shop.dictionary(\"orders\")` 里写着 `payment_status` 是"
              "“支付状态（paid 已支付 / cancelled 未支付关闭）”，答案就是字符串 `\"payment_status\"`。",
              "For the orders table, the column that says whether an order was paid: `shop.dictionary(\"orders\")` "
              "says `payment_status` is \"payment status (paid / cancelled)\", so the answer would be the string "
              "`\"payment_status\"`.")]
    solution_text = ("`rating` 是 1–5 星的评分，`sentiment` 才是好评/中评/差评。",
                     "`rating` is the 1-5 star score; `sentiment` is good / neutral / bad.")
    mistakes = (
        Mistake("rating_not_sentiment", "选了 `rating`", "picked `rating`",
                "`rating` 是 1–5 星的打分；好评/中评/差评是另一列，数据字典里写着。",
                "`rating` is the 1-5 star score; good/neutral/bad is another column: see the data dictionary.",
                detect=lambda answer, ctx: isinstance(answer, str) and answer.strip().lower() == "rating"),
    )

    def expected(self, shop):
        return "sentiment"


class Q1(MultipartQuestion):
    prompt = ("看一张表：评价表。", "Looking at a table: the reviews.")
    parts = {"a": ReviewsShape, "b": SentimentColumn}


# -- section 2: selecting and filtering -----------------------------------------------------------
_ORDER_COLUMNS = ["order_id", "customer_id", "amount", "payment_status"]


class PaidOrders(TableQuestion):
    var = "paid_orders"
    key = "order_id"
    row_label = "order_id"
    prompt = ("从 `shop.orders` 里筛选出已支付的订单（`payment_status` 是 `\"paid\"`），保留所有列。",
              "From `shop.orders`, keep the paid orders (`payment_status` is `\"paid\"`), with all columns.")
    hints = [("筛选行 = 先写一个“条件”（每行一个 True/False），再把它放进表的方括号里。",
              "Filtering = write a condition (one True/False per row), then put it inside the table's square "
              "brackets."),
             ("比较用两个等号 `==`；值写成字符串 `\"paid\"`；`表[条件]` 留下条件为 True 的行。",
              "Compare with `==`; the value is the string `\"paid\"`; `table[condition]` keeps the rows where the "
              "condition is True."),
             ("同样的写法用在客户表上：`customers = shop.customers`，`customers[customers[\"acquisition_channel\"] "
              "== \"referral\"]` 留下老客推荐来的客户。",
              "The same pattern on the customers: `customers = shop.customers`, then "
              "`customers[customers[\"acquisition_channel\"] == \"referral\"]` keeps the referred customers.")]
    solution_text = ("条件 `orders[\"payment_status\"] == \"paid\"` 是一列 True/False；放进方括号就只留下 True 的行。",
                     "The condition `orders[\"payment_status\"] == \"paid\"` is a column of True/False; inside the "
                     "square brackets it keeps the True rows.")
    mistakes = (
        _slips.mask_not_rows(),
        _slips.no_rows_left(),
        Mistake("unpaid_kept", "忘了筛选已支付订单：交上来的是全部订单", "forgot the paid filter: these are all the "
                "orders", "把条件 `payment_status == \"paid\"` 放进方括号里筛选。",
                "Filter with the condition `payment_status == \"paid\"` inside the square brackets.",
                recompute=lambda ctx: ctx.shop.orders, compare={"key": "order_id"}),
        Mistake("filter_reversed", "留下的是没有支付的订单（条件反了）", "kept the orders that were not paid (the "
                "condition is reversed)", "`!=` 是“不等于”；要已支付的订单用 `==`。",
                "`!=` means \"not equal\"; for the paid orders use `==`.",
                recompute=lambda ctx: ctx.shop.orders[ctx.shop.orders["payment_status"] != "paid"],
                compare={"key": "order_id"}),
    )

    def expected(self, shop):
        return paid_only(shop)[_ORDER_COLUMNS]


class BigPaid(TableQuestion):
    var = "big_paid"
    key = "order_id"
    row_label = "order_id"
    prompt = (f"筛选出已支付、并且金额（`amount`）不少于 {BIG_ORDER} 元的订单（两个条件同时满足）。",
              f"Keep the orders that are paid and of at least {BIG_ORDER} yuan (`amount`): both conditions at once.")
    hints = [("两个条件都要满足：各写一个条件，再把它们组合起来。",
              "Both conditions must hold: write each one, then combine them."),
             ("组合条件用 `&`（并且），不能用 `and`；每个条件都要加括号：`表[(条件1) & (条件2)]`。“不少于”是 `>=`。"
              "写错时会看到 `ValueError: The truth value of a Series is ambiguous`（用了 and）或 "
              "`TypeError: Cannot perform 'rand_'…`（少了括号），运行 `explain_error()` 看解释。",
              "Combine with `&` (and), not `and`, and put each condition in parentheses: "
              "`table[(condition1) & (condition2)]`. \"At least\" is `>=`. The slips show as "
              "`ValueError: The truth value of a Series is ambiguous` (`and`) or `TypeError: Cannot perform "
              "'rand_'...` (missing parentheses): run `explain_error()` for an explanation."),
             ("客户表上的例子：一线城市、30 岁以下的客户是 "
              "`customers[(customers[\"city_tier\"] == 1) & (customers[\"age\"] < 30)]`。",
              "An example on the customers: first-tier-city customers under 30 are "
              "`customers[(customers[\"city_tier\"] == 1) & (customers[\"age\"] < 30)]`.")]
    solution_text = ("`&` 要求两个条件都为 True；括号保证先比较、再组合。",
                     "`&` needs both conditions True; the parentheses make the comparisons happen before `&`.")
    mistakes = (
        _slips.mask_not_rows(),
        _slips.no_rows_left(),
        Mistake("unpaid_kept", "忘了筛选已支付订单：金额够了但没有支付的订单也留下了",
                "forgot the paid filter: big orders that were never paid are kept too",
                "两个条件都要写上，用 `&` 连起来。", "Write both conditions and join them with `&`.",
                recompute=lambda ctx: ctx.shop.orders[ctx.shop.orders["amount"] >= BIG_ORDER],
                compare={"key": "order_id"}),
        Mistake("or_not_and", "用了“或者”（`|`）：只满足一个条件的订单也留下了",
                "used \"or\" (`|`): orders meeting only one condition are kept too",
                "“并且”是 `&`，“或者”是 `|`。", "\"And\" is `&`; \"or\" is `|`.",
                recompute=lambda ctx: ctx.shop.orders[(ctx.shop.orders["payment_status"] == "paid")
                                                      | (ctx.shop.orders["amount"] >= BIG_ORDER)],
                compare={"key": "order_id"}),
        Mistake("strict_inequality", f"用了 `>`：正好 {BIG_ORDER} 元的订单被漏掉了",
                f"used `>`, which leaves out the orders of exactly {BIG_ORDER} yuan",
                "“不少于”包括等于：用 `>=`。", "\"At least\" includes equality: use `>=`.",
                recompute=lambda ctx: ctx.shop.orders[(ctx.shop.orders["payment_status"] == "paid")
                                                      & (ctx.shop.orders["amount"] > BIG_ORDER)],
                compare={"key": "order_id"}),
    )

    def expected(self, shop):
        return big_paid_orders(shop)[_ORDER_COLUMNS]


class Q2(MultipartQuestion):
    prompt = ("选列与筛行：订单表。", "Selecting and filtering: the orders.")
    parts = {"a": PaidOrders, "b": BigPaid}


def _amounts_are(answer, amounts) -> bool:
    """The answer's amounts are these (in any order): ties may pick other orders."""
    return (isinstance(answer, pd.DataFrame) and "amount" in answer.columns and len(answer) == len(amounts)
            and (answer["amount"].sort_values().to_numpy() == amounts.sort_values().to_numpy()).all())


# -- section 3: sorting -----------------------------------------------------------------------------
class TopPaid(TableQuestion):
    var = "top_paid"
    key = "order_id"
    row_label = "order_id"
    sort_by = "amount"
    ascending = False
    prompt = (f"金额最大的 {TOP_N} 笔已支付订单，从大到小排列（保留所有列）。",
              f"The {TOP_N} largest paid orders, largest first (all columns).")
    hints = [("先筛选已支付订单，再排序，最后只留前几行。", "Filter the paid orders, sort them, then keep the first "
              "rows."),
             (f"`sort_values(列名, ascending=False)` 从大到小排序；`.head({TOP_N})` 留下前 {TOP_N} 行。",
              f"`sort_values(column, ascending=False)` sorts largest first; `.head({TOP_N})` keeps the first "
              f"{TOP_N} rows."),
             ("商品表上的例子：最贵的 5 个商品是 `shop.products.sort_values(\"price\", ascending=False).head(5)`。",
              "An example on the products: the 5 most expensive are "
              "`shop.products.sort_values(\"price\", ascending=False).head(5)`.")]
    solution_text = ("`sort_values` 默认从小到大；`ascending=False` 反过来。`nlargest({0}, \"amount\")` 也可以。"
                     .format(TOP_N),
                     "`sort_values` sorts ascending by default; `ascending=False` reverses it. "
                     "`nlargest({0}, \"amount\")` works too.".format(TOP_N))
    mistakes = (
        Mistake("smallest_taken", f"从小到大排序后取了前 {TOP_N} 行：这是金额最小的订单",
                f"sorted smallest first and took the first {TOP_N} rows: these are the smallest orders",
                "`sort_values` 默认升序；要最大的，加上 `ascending=False`。",
                "`sort_values` sorts ascending by default; for the largest add `ascending=False`.",
                detect=lambda answer, ctx: _amounts_are(answer, paid_only(ctx.shop)["amount"].nsmallest(TOP_N))),
        _slips.sorted_ascending("amount"),
        Mistake("not_top_n", f"没有只留前 {TOP_N} 行", f"did not keep only the first {TOP_N} rows",
                f"排序之后用 `.head({TOP_N})`。", f"After sorting, use `.head({TOP_N})`.",
                detect=lambda answer, ctx: isinstance(answer, pd.DataFrame) and len(answer) > TOP_N),
        Mistake("unpaid_kept", "忘了筛选已支付订单：最大的几笔里有没有支付的订单",
                "forgot the paid filter: some of the largest orders were never paid",
                "先筛选 `payment_status == \"paid\"`，再排序。", "Filter `payment_status == \"paid\"` first, then sort.",
                detect=lambda answer, ctx: _amounts_are(answer, ctx.shop.orders["amount"].nlargest(TOP_N))),
    )

    def expected(self, shop):
        return top_paid_orders(shop)[_ORDER_COLUMNS]

    def _check(self, answer):
        try:
            super()._check(answer)
        except Incorrect:
            if not self._same_up_to_ties(answer):
                raise

    def _same_up_to_ties(self, answer) -> bool:
        """Orders of equal amount at the cut may be picked either way."""
        exp = self.expected(self.shop())
        if not isinstance(answer, pd.DataFrame) or not {"order_id", "amount"} <= set(answer.columns):
            return False
        if len(answer) != len(exp) or not answer["amount"].is_monotonic_decreasing:
            return False
        paid = paid_only(self.shop()).set_index("order_id")["amount"]
        ids = answer["order_id"]
        return (ids.is_unique and ids.isin(paid.index).all()
                and (paid.loc[ids].to_numpy() == answer["amount"].to_numpy()).all()
                and (answer["amount"].to_numpy() == exp["amount"].to_numpy()).all())


# -- section 4: new columns -------------------------------------------------------------------------
class Margin(TableQuestion):
    var = "products"
    key = "product_id"
    row_label = "product_id"
    prompt = ("复制商品表 `products = shop.products.copy()`，加两列：毛利 `margin` = 标价 − 成本，"
              "毛利率 `margin_rate` = 毛利 ÷ 标价（比例，0.4 表示 40%）。",
              "Copy the products, `products = shop.products.copy()`, and add two columns: `margin` = price - cost, "
              "and `margin_rate` = margin / price (a share: 0.4 means 40%).")
    hints = [("新列 = 用已有的列算出来：一次算整列，不用循环。", "A new column is computed from existing ones, the "
              "whole column at once: no loop."),
             ("`表[\"新列\"] = 表[\"列1\"] - 表[\"列2\"]`；算好 `margin` 之后，`margin_rate` 可以直接用它。",
              "`table[\"new\"] = table[\"col1\"] - table[\"col2\"]`; once `margin` exists, `margin_rate` can use "
              "it."),
             ("订单表上的例子：`orders = shop.orders.copy()`，`orders[\"net\"] = orders[\"amount\"] - "
              "orders[\"refund_amount\"]`，`orders[\"discount_rate\"] = orders[\"discount\"] / "
              "orders[\"gross_amount\"]`。",
              "An example on the orders: `orders = shop.orders.copy()`, `orders[\"net\"] = orders[\"amount\"] - "
              "orders[\"refund_amount\"]`, `orders[\"discount_rate\"] = orders[\"discount\"] / "
              "orders[\"gross_amount\"]`.")]
    solution_text = ("先 `.copy()`，新列就只加在你的副本上，商店的原表不变。",
                     "With `.copy()` first, the new columns go on your copy and the shop's table stays as it was.")
    mistakes = (
        Mistake("margin_reversed", "把毛利算反了（成本 − 标价）", "computed the margin the wrong way round (cost - "
                "price)", "毛利 = 标价 − 成本，赚钱的商品毛利是正数。",
                "margin = price - cost: a product that earns money has a positive margin.",
                recompute=lambda ctx: products_with_margin(ctx.shop).assign(
                    margin=lambda p: -p["margin"])[["product_id", "margin"]], compare={"key": "product_id"}),
        Mistake("rate_in_percent", "把毛利率写成了百分数（乘了 100）", "wrote the margin rate as a percent (times "
                "100)", "这里要比例：0.4 表示 40%，不要乘 100。", "A share is asked: 0.4 means 40%; do not multiply by "
                "100.", recompute=lambda ctx: products_with_margin(ctx.shop).assign(
                    margin_rate=lambda p: p["margin_rate"] * 100)[["product_id", "margin_rate"]],
                compare={"key": "product_id"}),
        Mistake("markup_not_margin", "用成本做了分母（毛利 ÷ 成本，这是加价率）",
                "divided by the cost (margin / cost is the markup)",
                "毛利率的分母是标价：毛利 ÷ 标价。", "The margin rate divides by the price: margin / price.",
                recompute=lambda ctx: products_with_margin(ctx.shop).assign(
                    margin_rate=lambda p: p["margin"] / p["cost"])[["product_id", "margin_rate"]],
                compare={"key": "product_id"}),
    )

    def expected(self, shop):
        return products_with_margin(shop)[["product_id", "price", "cost", "margin", "margin_rate"]]


class PriceBand(TableQuestion):
    var = "products"
    key = "product_id"
    row_label = "product_id"
    prompt = (f"在 `products` 上再加一列 `price_band`：标价不低于 {HIGH_PRICE} 元为 `\"high\"`，否则为 `\"low\"`。",
              f"Add a column `price_band` to `products`: `\"high\"` for a price of at least {HIGH_PRICE} yuan, "
              "`\"low\"` otherwise.")
    hints = [("每一行在两个值里选一个：条件成立用这个，不成立用那个。",
              "Each row takes one of two values: this one where the condition holds, that one elsewhere."),
             ("`np.where(条件, 成立时的值, 不成立时的值)`（先 `import numpy as np`）。",
              "`np.where(condition, value_if_true, value_if_false)` (after `import numpy as np`)."),
             ("订单表上的例子：`orders[\"basket\"] = np.where(orders[\"items\"] >= 3, \"big\", \"small\")`。",
              "An example on the orders: `orders[\"basket\"] = np.where(orders[\"items\"] >= 3, \"big\", "
              "\"small\")`.")]
    solution_text = ("`np.where` 对每一行看条件：成立取第一个值，不成立取第二个值。",
                     "`np.where` looks at the condition row by row: the first value where it holds, the second "
                     "elsewhere.")
    mistakes = (
        Mistake("where_swapped", "把两个值放反了：贵的成了 \"low\"", "swapped the two values: expensive products "
                "got \"low\"", "`np.where` 先写条件成立时的值，再写不成立时的值。",
                "`np.where` takes the value for True first, then the value for False.",
                recompute=lambda ctx: price_bands(ctx.shop).assign(
                    price_band=lambda p: p["price_band"].map({"high": "low", "low": "high"})),
                compare={"key": "product_id"}),
        Mistake("strict_inequality", f"用了 `>`：正好 {HIGH_PRICE} 元的商品分错了",
                f"used `>`: products of exactly {HIGH_PRICE} yuan fall on the wrong side",
                "“不低于”包括等于：用 `>=`。", "\"At least\" includes equality: use `>=`.",
                recompute=lambda ctx: price_bands(ctx.shop, HIGH_PRICE + 0.001), compare={"key": "product_id"}),
    )

    def expected(self, shop):
        return price_bands(shop)


class Q4(MultipartQuestion):
    prompt = ("新列：商品的毛利和价格档。", "New columns: the products' margins and price bands.")
    parts = {"a": Margin, "b": PriceBand}


# -- section 5: dates -------------------------------------------------------------------------------
def _window(start_days_before_end, stop_days_after_end):
    def recompute(ctx):
        end = data_end(ctx.shop)
        return tickets_between(ctx.shop, end - pd.Timedelta(days=start_days_before_end),
                               end + pd.Timedelta(days=stop_days_after_end))
    return recompute


_OFF_BY_ONE_FIX = ("数据的最后一天是 `END = pd.Timestamp(shop.meta[\"end\"])`，它是那一天的 0 点。最后 30 天 = 从 "
                   "`END - pd.Timedelta(days=29)` 起，到 `END + pd.Timedelta(days=1)` 之前（最后一天全天都算）。",
                   "The data's last day is `END = pd.Timestamp(shop.meta[\"end\"])`, which is midnight at its start. "
                   "The last 30 days run from `END - pd.Timedelta(days=29)` up to, not including, "
                   "`END + pd.Timedelta(days=1)` (the whole last day counts).")


class NovemberTickets(ValueQuestion):
    var = "n_nov_tickets"
    prompt = (f"{YEAR} 年 {MONTH} 月（双十一所在的月份）一共新建了多少张客服工单（`service_tickets` 的 `created_time`）？",
              f"How many service tickets were opened (`created_time` of `service_tickets`) in {MONTH}/{YEAR}, the "
              "month of Singles' Day?")
    hints = [("日期列可以拆出年、月；两个条件都要满足。", "A date column splits into year and month; both must "
              "match."),
             ("`.dt.year`、`.dt.month` 取出年和月，用 `&` 组合两个条件，再 `.sum()` 数 True 的个数；"
              "或者 `.dt.to_period(\"M\") == \"2024-11\"`。",
              "`.dt.year` and `.dt.month` give the year and month; combine the conditions with `&` and count the "
              "Trues with `.sum()`; or `.dt.to_period(\"M\") == \"2024-11\"`."),
             ("订单表上的例子：2023 年 6 月（618）的订单数是 `t = shop.orders[\"order_time\"]`，"
              "`((t.dt.year == 2023) & (t.dt.month == 6)).sum()`。",
              "An example on the orders: orders of June 2023 (6.18) are `t = shop.orders[\"order_time\"]`, "
              "`((t.dt.year == 2023) & (t.dt.month == 6)).sum()`.")]
    solution_text = ("数据有两年：只比月份会把 2023 年 11 月也算进来。条件的 `.sum()` 就是 True 的个数。",
                     "The data spans two years: the month alone would count November 2023 too. `.sum()` of a "
                     "condition counts its Trues.")
    mistakes = (
        Mistake("month_without_year", "只看了月份：两年的 11 月加在了一起", "matched the month only: both years' "
                "Novembers are added up", "数据有两年，要同时看年份：`(t.dt.year == 2024) & (t.dt.month == 11)`。",
                "The data spans two years: match the year too, `(t.dt.year == 2024) & (t.dt.month == 11)`.",
                recompute=lambda ctx: int((ctx.shop.service_tickets["created_time"].dt.month == MONTH).sum())),
        Mistake("last_day_dropped", "的月份差了一天：11 月 30 日 0 点以后的工单没算进去",
                "are one day off: the tickets of 30 November after midnight are left out",
                "`t <= \"2024-11-30\"` 只比到 30 日的 0 点。按年、月比较（`.dt.year`、`.dt.month`）就不会漏，"
                "或者写 `t < \"2024-12-01\"`。",
                "`t <= \"2024-11-30\"` stops at midnight at the start of the 30th. Compare year and month "
                "(`.dt.year`, `.dt.month`) and no day is lost, or write `t < \"2024-12-01\"`.",
                recompute=lambda ctx: tickets_between(ctx.shop, pd.Timestamp(YEAR, MONTH, 1),
                                                      pd.Timestamp(YEAR, MONTH, 30))),
    )

    def expected(self, shop):
        return tickets_in_month(shop)


class RecentTickets(ValueQuestion):
    var = "n_recent_tickets"
    prompt = (f"数据最后 {WINDOW_DAYS} 天（含最后一天）新建了多少张客服工单？最后一天是 `shop.meta[\"end\"]`。",
              f"How many service tickets were opened in the data's last {WINDOW_DAYS} days (the last day "
              "included)? The last day is `shop.meta[\"end\"]`.")
    hints = [("先定下窗口的起点和终点，再数落在窗口里的工单。", "Fix where the window starts and stops, then count "
              "the tickets inside it."),
             ("`END = pd.Timestamp(shop.meta[\"end\"])` 是最后一天的 0 点。窗口的终点是 "
              "`END + pd.Timedelta(days=1)`（不含），起点是终点往前 30 天。数一数：两个比较用 `&` 组合后 `.sum()`。",
              "`END = pd.Timestamp(shop.meta[\"end\"])` is midnight at the start of the last day. The window stops "
              "at `END + pd.Timedelta(days=1)` (excluded) and starts 30 days before that. Count: combine the two "
              "comparisons with `&`, then `.sum()`."),
             ("订单表上的例子：最后 7 天的订单数是 `stop = END + pd.Timedelta(days=1)`，"
              "`t = shop.orders[\"order_time\"]`，`((t >= stop - pd.Timedelta(days=7)) & (t < stop)).sum()`。",
              "An example on the orders: orders of the last 7 days are `stop = END + pd.Timedelta(days=1)`, "
              "`t = shop.orders[\"order_time\"]`, `((t >= stop - pd.Timedelta(days=7)) & (t < stop)).sum()`.")]
    solution_text = ("`shop.meta[\"end\"]` 是一个日期，变成时间点就是那天 0 点；那天白天的工单都在它之后。"
                     "用“终点不含”的窗口，天数就不会数错。",
                     "`shop.meta[\"end\"]` is a date; as a moment in time it is midnight at its start, and that "
                     "day's tickets come after it. With a window whose stop is excluded, the days come out right.")
    mistakes = (
        Mistake("window_one_day_long", "的窗口差了一天：多算了一天（31 天）", "are one day off: the window has 31 "
                "days", *_OFF_BY_ONE_FIX, recompute=_window(WINDOW_DAYS, 1)),
        Mistake("last_day_dropped", "的窗口差了一天：最后一天 0 点以后的工单没算进去",
                "are one day off: the last day's tickets after midnight are left out",
                *_OFF_BY_ONE_FIX, recompute=_window(WINDOW_DAYS - 1, 0)),
        Mistake("window_shifted", "的窗口往前错了一天：多了第一天之前的一天，少了最后一天",
                "are one day off: the window starts a day early and misses the last day",
                *_OFF_BY_ONE_FIX, recompute=_window(WINDOW_DAYS, 0)),
    )

    def expected(self, shop):
        return recent_tickets(shop)


class Q5(MultipartQuestion):
    prompt = ("日期：客服工单的时间。", "Dates: when the service tickets came in.")
    parts = {"a": NovemberTickets, "b": RecentTickets}


# -- section 6: groupby and agg ---------------------------------------------------------------------
class Buyers(ValueQuestion):
    var = "n_buyers"
    prompt = ("有多少位客户至少有一笔已支付订单（买家人数）？", "How many customers have at least one paid order "
              "(the number of buyers)?")
    hints = [("一位买家可能有好几笔订单：要数的是不同的客户，不是订单。", "A buyer may have several orders: count "
              "distinct customers, not orders."),
             ("先筛选已支付订单；按 `customer_id` 分组后组的个数就是人数：`len(表.groupby(列))`，"
              "或者 `表[列].nunique()`。",
              "Filter the paid orders; after grouping by `customer_id` the number of groups is the number of "
              "buyers: `len(table.groupby(column))`, or `table[column].nunique()`."),
             ("工单表上的例子：联系过客服的客户有 `shop.service_tickets[\"customer_id\"].nunique()` 位，"
              "而 `len(shop.service_tickets)` 是工单的张数。",
              "An example on the tickets: `shop.service_tickets[\"customer_id\"].nunique()` customers contacted "
              "service, while `len(shop.service_tickets)` is the number of tickets.")]
    solution_text = ("`nunique()` 数不同的客户编号，也就是按客户分组后的组数；`len(paid)` 是订单笔数。",
                     "`nunique()` counts distinct customer ids, the number of groups by customer; `len(paid)` is the "
                     "number of orders.")
    mistakes = (
        _slips.groupby_object(),
        _slips.rows_not_groups(lambda shop: len(paid_only(shop)), "已支付订单的笔数", "the paid orders"),
        _slips.unpaid_kept(n_buyers),
        Mistake("all_customers", "数了全部客户，包括从没买过东西的人", "counted every customer, also those who never "
                "bought", "买家要从已支付订单里找：订单表里出现过的客户。",
                "Buyers come from the paid orders: the customers who appear there.",
                recompute=lambda ctx: len(ctx.shop.customers)),
    )

    def expected(self, shop):
        return n_buyers(shop)


class ChannelSales(TableQuestion):
    var = "channel_sales"
    key = "channel"
    row_label = "channel"
    sort_by = "sales"
    ascending = False
    prompt = ("按下单渠道（`channel`）汇总已支付订单：列 `channel`, `n_orders`（订单笔数）, `sales`（金额合计），"
              "按 `sales` 从大到小排列。",
              "Summarise the paid orders by ordering channel (`channel`): columns `channel`, `n_orders` (number of "
              "orders), `sales` (total amount), sorted by `sales`, largest first.")
    hints = [("分组 → 每组算两个数 → 排序。", "Group, compute two numbers per group, sort."),
             ("命名汇总：`.groupby(\"channel\").agg(新列名=(\"原列\", \"方法\"), ...)`；数行用 `\"size\"`，"
              "加金额用 `\"sum\"`；最后 `sort_values(..., ascending=False)`。",
              "Named aggregation: `.groupby(\"channel\").agg(new_name=(\"column\", \"how\"), ...)`; count rows "
              "with `\"size\"`, add amounts with `\"sum\"`; then `sort_values(..., ascending=False)`."),
             ("工单表上的例子：`shop.service_tickets.groupby(\"stage\").agg(n_tickets=(\"ticket_id\", \"size\"), "
              "minutes=(\"handle_minutes\", \"sum\"))`。",
              "An example on the tickets: `shop.service_tickets.groupby(\"stage\").agg(n_tickets=(\"ticket_id\", "
              "\"size\"), minutes=(\"handle_minutes\", \"sum\"))`.")]
    solution_text = ("`\"size\"` 数每组的订单笔数，`\"sum\"` 把每组的金额加起来；`reset_index()` 把渠道变回一列。",
                     "`\"size\"` counts each group's orders, `\"sum\"` adds up its amounts; `reset_index()` turns "
                     "the channel back into a column.")
    mistakes = (
        _slips.counted_not_summed("sales", lambda shop: channel_sales(shop).assign(
            sales=lambda t: t["n_orders"].astype(float))[["channel", "sales"]], key="channel"),
        _slips.unpaid_kept(channel_sales, key="channel"),
        Mistake("mean_not_sum", "在 `sales` 里算了平均金额（客单价），不是合计",
                "computed the mean amount (average order value) in `sales`, not the total",
                "合计用 `\"sum\"`，`\"mean\"` 是平均。", "A total is `\"sum\"`; `\"mean\"` is the average.",
                recompute=lambda ctx: paid_only(ctx.shop).groupby("channel")["amount"].mean().rename(
                    "sales").reset_index(), compare={"key": "channel"}),
        _slips.sorted_ascending("sales"),
    )

    def expected(self, shop):
        return channel_sales(shop)


class Q6(MultipartQuestion):
    prompt = ("分组汇总：买家和渠道。", "Group and aggregate: buyers and channels.")
    parts = {"a": Buyers, "b": ChannelSales}


# -- section 7: merge -------------------------------------------------------------------------------
class CustomerSales(TableQuestion):
    var = "customer_sales"
    key = "customer_id"
    row_label = "customer_id"
    prompt = ("每位客户一行（包括没买过东西的客户）：列 `customer_id`, `member_tier`, `n_orders`（已支付订单笔数）, "
              "`sales`（已支付金额合计）；没有订单的客户这两列是 0。",
              "One row per customer (also those who never bought): columns `customer_id`, `member_tier`, `n_orders` "
              "(paid orders), `sales` (total paid amount); 0 in both for customers without orders.")
    hints = [("两步：先把订单汇总成每位客户一行，再接到客户表上；客户表有几行，结果就该有几行。",
              "Two steps: summarise the orders to one row per customer, then attach that to the customers; the "
              "result has as many rows as the customers table."),
             ("`客户表.merge(汇总, on=\"customer_id\", how=\"left\")` 保留每位客户；没有订单的客户得到 NaN，"
              "用 `.fillna(0)` 补 0。连接前后用 `len(...)` 比一比行数。",
              "`customers.merge(summary, on=\"customer_id\", how=\"left\")` keeps every customer; those without "
              "orders get NaN: fill with `.fillna(0)`. Compare `len(...)` before and after."),
             ("评价表上的例子：每位客户的评价数 `per = shop.reviews.groupby(\"customer_id\").agg(n_reviews="
              "(\"review_id\", \"size\"))`，`shop.customers[[\"customer_id\"]].merge(per, on=\"customer_id\", "
              "how=\"left\").fillna(0)`。",
              "An example on the reviews: reviews per customer `per = shop.reviews.groupby(\"customer_id\")"
              ".agg(n_reviews=(\"review_id\", \"size\"))`, then `shop.customers[[\"customer_id\"]].merge(per, "
              "on=\"customer_id\", how=\"left\").fillna(0)`.")]
    solution_text = ("左连接保留了每位客户；没买过的客户 NaN 变成 0。行数和客户表一样多，说明没有重复。",
                     "The left join keeps every customer; NaN becomes 0 for those who never bought. As many rows as "
                     "customers: nothing was duplicated.")
    mistakes = (
        _slips.rows_multiplied(lambda shop: len(shop.customers), "位客户", "customer"),
        _slips.nan_not_filled(["n_orders", "sales"]),
        _slips.inner_join(lambda shop: customer_sales(shop, how="inner"), key="customer_id"),
        _slips.unpaid_kept(customer_sales, key="customer_id"),
    )

    def expected(self, shop):
        return customer_sales(shop)


# -- section 8: a first chart -----------------------------------------------------------------------
def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _bars(ax):
    """(orientation, values, category labels) of a bar chart, or None."""
    from matplotlib.patches import Rectangle

    rects = [p for p in ax.patches if isinstance(p, Rectangle)]
    if not rects:
        return None
    widths = {round(r.get_width(), 9) for r in rects}
    heights = {round(r.get_height(), 9) for r in rects}
    vertical = not (len(heights) == 1 and len(widths) > 1)  # barh: equal heights, varying widths
    values = [r.get_height() if vertical else r.get_width() for r in rects]
    ticks = ax.get_xticklabels() if vertical else ax.get_yticklabels()
    return ("v" if vertical else "h"), values, [t.get_text() for t in ticks if t.get_text()]


def _rule_axes(answer, shop):
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(answer, Axes):
        return True
    if isinstance(answer, Figure):
        return False, ("这是整张图（Figure），要的是画图区（Axes）：`ax = 数据.plot.bar()` 返回的就是它，或用 `fig.axes[0]`。",
                       "this is the whole Figure; the Axes is asked: `ax = data.plot.bar()` returns it, or use "
                       "`fig.axes[0]`.")
    return False, (f"它是 {type(answer).__name__}。画图函数会返回 Axes：`ax = 数据.plot.bar(...)`。",
                   f"it is a {type(answer).__name__}. Plotting returns the Axes: `ax = data.plot.bar(...)`.")


def _rule_values(answer, shop):
    bars = _bars(answer)
    want = sorted(float(v) for v in customers_per_channel(shop))
    if bars is None:
        return False, ("图里没有柱子：用 `.plot.bar()` 或 `.plot.barh()` 画柱状图。",
                       "the chart has no bars: draw a bar chart with `.plot.bar()` or `.plot.barh()`.")
    got = sorted(float(v) for v in bars[1])
    if len(got) != len(want):
        return False, (f"有 {len(got)} 根柱子，应该每个获客渠道一根（{len(want)} 根）。",
                       f"there are {len(got)} bars; there should be one per acquisition channel ({len(want)}).")
    if any(abs(a - b) > 1e-9 for a, b in zip(got, want)):
        return False, ("柱子的高度不是各渠道的客户数：数的是 `shop.customers` 里每个 `acquisition_channel` 有几行吗？",
                       "the bar heights are not the customers per channel: did you count the rows of "
                       "`shop.customers` per `acquisition_channel`?")
    return True


def _texts(ax):
    bars = _bars(ax)
    value_label = (ax.get_ylabel() if bars and bars[0] == "v" else ax.get_xlabel()) if bars else ax.get_ylabel()
    return ax.get_title(), value_label, (bars[2] if bars else [])


def _rule_title(answer, shop):
    title, value_label, _ = _texts(answer)
    if not title.strip():
        return False, ("加一个标题：`ax.set_title(...)`。", "add a title: `ax.set_title(...)`.")
    if not value_label.strip():
        return False, ("给数值轴加上名称（例如“客户数”）：`ax.set_ylabel(...)`（横向柱状图用 `set_xlabel`）。",
                       "name the value axis (e.g. \"customers\"): `ax.set_ylabel(...)` (`set_xlabel` for a "
                       "horizontal bar chart).")
    return True


def _rule_language(answer, shop):
    title, value_label, ticks = _texts(answer)
    if get_locale() == "zh":
        bad = [t for t in [title, value_label, *ticks] if t.strip() and not _is_cjk(t)]
        if bad:
            return False, (f"这些文字还不是中文：{bad[:4]}。渠道名称用 `label(\"acquisition_channel\", 代码)` 换成中文。",
                           f"these texts are not in Chinese yet: {bad[:4]}. Turn the channel codes into names with "
                           "`label(\"acquisition_channel\", code)`.")
        return True
    bad = [t for t in [title, value_label, *ticks] if _is_cjk(t) or "_" in t]
    if bad:
        return False, (f"这些文字不是英文名称（或还是代码）：{bad[:4]}。",
                       f"these texts are not English names (or still codes): {bad[:4]}. Turn the channel codes into "
                       "names with `label(\"acquisition_channel\", code)`.")
    return True


class ChannelChart(DesignQuestion):
    var = "ax"
    prompt = ("画一张柱状图：每个获客渠道（`acquisition_channel`）有多少位客户。标题、数值轴名称和渠道名称都用笔记本的语言。",
              "Draw a bar chart of the number of customers per acquisition channel (`acquisition_channel`), with "
              "the title, the value axis and the channel names in the notebook's language.")
    rules = [Rule(("`ax` 是一张图（matplotlib 的 Axes）", "`ax` is a chart (a matplotlib Axes)"), _rule_axes),
             Rule(("每个渠道一根柱子，高度是该渠道的客户数", "one bar per channel, as high as its number of customers"),
                  _rule_values),
             Rule(("有标题，数值轴有名称", "a title and a named value axis"), _rule_title),
             Rule(("图上的文字都用笔记本的语言，渠道显示名称而不是代码",
                   "every text in the notebook's language, channels by name rather than code"), _rule_language)]
    hints = [("先算出要画的数，再画图，最后写上文字。", "Compute the numbers, draw them, then write the texts."),
             ("`value_counts()` 数每个渠道的客户；`.rename(index=...)` 把代码换成名称；`ax = 数据.plot.bar()` "
              "画图并返回 Axes；`ax.set_title(...)`、`ax.set_ylabel(...)` 写文字。",
              "`value_counts()` counts customers per channel; `.rename(index=...)` turns codes into names; "
              "`ax = data.plot.bar()` draws and returns the Axes; `ax.set_title(...)`, `ax.set_ylabel(...)` write "
              "the texts."),
             ("订单渠道的例子：`counts = shop.orders[\"channel\"].value_counts().rename(index=lambda c: "
              "label(\"device\", c))`，`ax = counts.plot.bar()`，`ax.set_title(\"各渠道订单数\")`，"
              "`ax.set_ylabel(\"订单数\")`。",
              "An example with the ordering channels: `counts = shop.orders[\"channel\"].value_counts()"
              ".rename(index=lambda c: label(\"device\", c))`, `ax = counts.plot.bar()`, "
              "`ax.set_title(\"orders per channel\")`, `ax.set_ylabel(\"orders\")`.")]
    solution_text = ("`label()` 按笔记本的语言给出代码的名称；标题和坐标轴文字自己写成同一种语言。",
                     "`label()` gives a code's name in the notebook's language; write the title and axis texts in the "
                     "same language.")


__all__ = bind(globals(), [Q1, Q2, TopPaid, Q4, Q5, Q6, CustomerSales, ChannelChart]) + ["____", "explain_error"]
